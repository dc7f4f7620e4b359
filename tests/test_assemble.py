"""The assembly engine on a small library written by each test: numbering, terms, references."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from alliancedocs.answers_file import read_answers
from alliancedocs.assemble.agreement import assemble_agreement
from alliancedocs.docmodel import CrossRef, Paragraph, ParaKind, Table, TermUse
from alliancedocs.errors import LibraryError
from alliancedocs.library.clause_files import load_library
from alliancedocs.model import Answers

FIXTURE = Path(__file__).parent / "fixtures" / "minimal.yaml"


@pytest.fixture(scope="module")
def answers() -> Answers:
    return read_answers(FIXTURE)


def write_library(root: Path, clauses: list[dict], terms: list[dict]) -> Path:
    for folder in ("agreement", "pack", "terms"):
        (root / folder).mkdir(parents=True)
    for clause in clauses:
        path = root / "agreement" / f"{clause['order']:03d}-{clause['id']}.yaml"
        path.write_text(yaml.safe_dump(clause, sort_keys=False))
    (root / "terms" / "t.yaml").write_text(yaml.safe_dump(terms, sort_keys=False))
    return root


def clause(id: str, order: int, text: str, kind: str = "clause", **extra: object) -> dict:
    return {"id": id, "title": id.replace("-", " ").capitalize(), "kind": kind, "order": order,
            **extra,
            "variants": [{"id": "only", "position": "standard", "summary": "s", "text": text}]}


BASIC = [
    clause("definitions", 10, "@definitions\n\n- {#plural} Words in the singular include the "
           "plural."),
    clause("omitted", 15, "- Never shown.", when="governance.tier == 'framework'"),
    clause("meetings", 20, "- The [[ALT]] meets {{ governance.alt.meeting_cadence | label }}.\n"
           "  - {#quorum} A quorum is every member.\n    - first\n    - second\n"
           "- See clause [[ref:meetings.quorum]] and clause [[ref:definitions.plural]].\n\n"
           "Unnumbered text for {{ alliance.name }}."),
    clause("schedule-one", 50, "- First.\n  - {#sub} Nested.\n- Second, see Schedule "
           "[[ref:schedule-one]] paragraph [[ref:schedule-one.sub]].", kind="schedule"),
]
TERMS = [
    {"term": "ALT", "text": "the [[Alliance Leadership Team]]"},
    {"term": "Alliance Leadership Team", "text": "the body set up under clause [[ref:meetings]]"},
    {"term": "Unused", "text": "never printed"},
]


def test_numbers_skip_omitted_clauses_and_refs_carry_final_numbers(tmp_path, answers):
    library = load_library(write_library(tmp_path, BASIC, TERMS))
    doc = assemble_agreement(answers, library).document
    numbered = [(p.number, p.text) for p in doc.paragraphs() if p.number]
    assert numbered[0] == ("1", "Definitions")
    assert ("2", "Meetings") in numbered  # the omitted clause 15 takes no number
    assert [n for n, _ in numbered] == ["1", "1.1", "2", "2.1", "2.1.1", "(a)", "(b)", "2.2",
                                        "1", "1", "1.1", "2"]
    see = next(p for p in doc.paragraphs() if p.text.startswith("See clause"))
    refs = [i for i in see.inlines if isinstance(i, CrossRef)]
    assert [(r.anchor, r.number) for r in refs] == [("meetings.quorum", "2.1.1"),
                                                    ("definitions.plural", "1.1")]
    sched = next(p for p in doc.paragraphs() if p.text.startswith("Second"))
    assert sched.text.endswith("see Schedule 1 paragraph 1.1.")
    assert sched.kind is ParaKind.schedule_text and sched.level == 1


def test_definitions_only_for_used_terms_including_uses_inside_definitions(tmp_path, answers):
    library = load_library(write_library(tmp_path, BASIC, TERMS))
    doc = assemble_agreement(answers, library).document
    definitions = [p for p in doc.paragraphs() if p.kind is ParaKind.definition]
    assert [p.text for p in definitions] == [  # alphabetical, ignoring case
        "“Alliance Leadership Team” means the body set up under clause 2",
        "“ALT” means the Alliance Leadership Team",
    ]
    assert doc.terms == ("Alliance Leadership Team", "ALT")


def test_user_text_is_printed_exactly_even_when_it_looks_like_markup(tmp_path, answers):
    tricky = "[[Smith & <Co>]] {{ x }} @table:parties **bold** - dash 🙂"
    weird = answers.model_copy(update={
        "alliance": answers.alliance.model_copy(update={"name": tricky})})
    library = load_library(write_library(tmp_path, BASIC, TERMS))
    doc = assemble_agreement(weird, library).document
    assert any(p.text == f"Unnumbered text for {tricky}." for p in doc.paragraphs())


def test_reference_to_an_omitted_clause_fails_the_build(tmp_path, answers):
    broken = [*BASIC, clause("refers", 30, "- As clause [[ref:omitted]] says.")]
    library = load_library(write_library(tmp_path, broken, TERMS))
    with pytest.raises(LibraryError, match="refers to 'omitted', which is not in this draft"):
        assemble_agreement(answers, library)


def test_undefined_term_fails_the_build_naming_the_clause(tmp_path, answers):
    broken = [*BASIC, clause("uses", 30, "- The [[Alliance Board]] meets.")]
    library = load_library(write_library(tmp_path, broken, TERMS))
    with pytest.raises(LibraryError, match=r"undefined terms: .Alliance Board. .*.uses."):
        assemble_agreement(answers, library)


def test_leftover_markup_and_strict_undefined_fail(tmp_path, answers):
    for text, message in (("- An [[unclosed term.", "unprocessed markup"),
                          ("- {{ alliance.no_such_field }}", "no_such_field")):
        root = tmp_path / str(abs(hash(text)))
        library = load_library(write_library(root, [*BASIC, clause("bad", 30, text)], TERMS))
        with pytest.raises(LibraryError, match=message):
            assemble_agreement(answers, library)


def test_first_matching_variant_is_chosen_and_recorded(tmp_path, answers):
    decision = {"id": "decisions", "title": "Decisions", "kind": "clause", "order": 30,
                "variants": [
                    {"id": "majority", "position": "watered-down", "flag": "majority-decisions",
                     "summary": "s", "when": "governance.decision_rule == 'majority'",
                     "text": "- By majority."},
                    {"id": "unanimous", "position": "standard", "summary": "s",
                     "text": "- Unanimously."}]}
    library = load_library(write_library(tmp_path, [*BASIC, decision], TERMS))
    majority = answers.model_copy(update={"governance": answers.governance.model_copy(
        update={"decision_rule": "majority"})})
    chosen = {c.clause_id: c for c in assemble_agreement(majority, library).chosen}
    assert chosen["decisions"].variant_id == "majority"
    assert chosen["decisions"].location == "clause:decisions/majority"
    chosen = {c.clause_id: c for c in assemble_agreement(answers, library).chosen}
    assert chosen["decisions"].variant_id == "unanimous" and chosen["decisions"].flag is None


def test_tables_are_built_from_the_answers(tmp_path, answers):
    with_table = [*BASIC, clause("parties-schedule", 60, "@table:parties", kind="schedule")]
    library = load_library(write_library(tmp_path, with_table, TERMS))
    doc = assemble_agreement(answers, library).document
    [parties] = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(parties.rows) == len(answers.parties)
    assert answers.parties[0].legal_name in parties.rows[0][0].text


def test_term_uses_keep_their_shown_form(tmp_path, answers):
    text = [clause("definitions", 10, "@definitions"), clause("meetings", 15, "- Monthly."),
            clause("x", 20, "- The [[ALT|ALT's]] members.")]
    library = load_library(write_library(tmp_path, text, TERMS))
    doc = assemble_agreement(answers, library).document
    para = next(p for p in doc.paragraphs() if isinstance(p, Paragraph) and "members" in p.text)
    assert TermUse("ALT", "ALT's") in para.inlines
    assert para.text == "The ALT's members."
