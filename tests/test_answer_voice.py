"""Answer text in the draft's voice: defined terms written in lower case and party kinds
that contradict a legal name are reported where they are typed, and the text still reaches
the documents exactly as typed."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from alliancedocs.answer_voice import LEGAL_FORM, TERM_CASE, voice_findings
from alliancedocs.answers_file import read_answers
from alliancedocs.core import evaluate_text
from alliancedocs.diagnostics import Kind
from alliancedocs.library.clause_files import load_library
from fuzzing import docx_texts, dump, example_data, put, run_cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

TEAM = ("Staff drawn from all three providers, meeting as the alliance leadership team "
        "directs, who keep the target outturn cost in view.")
"""An answer with three lower-case defined terms (the issue's own examples)."""


@pytest.fixture(scope="module")
def terms() -> tuple[str, ...]:
    return tuple(load_library().terms)


def _with(changes: dict[tuple, object], example: str = "lambeth-rehabilitation") -> str:
    data = copy.deepcopy(example_data(example))
    for path, value in changes.items():
        put(data, path, value)
    return dump(data)


def _found(terms: tuple[str, ...], text: str) -> list[tuple[str, str]]:
    answers = read_answers(EXAMPLES / "lambeth-rehabilitation.yaml")
    changed = answers.model_copy(update={"governance": answers.governance.model_copy(
        update={"integrated_team": text})})
    return [(f.phrase, f.hint) for f in voice_findings(changed, terms)
            if f.path == ("governance", "integrated_team")]


def test_the_examples_have_no_lower_case_defined_terms(terms: tuple[str, ...]) -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        assert voice_findings(read_answers(path), terms) == [], path.name


@pytest.mark.parametrize(("text", "phrase", "wanted"), [
    ("Run by the alliance leadership team.", "alliance leadership team",
     "Alliance Leadership Team"),
    ("Kept within the target outturn cost.", "target outturn cost", "Target Outturn Cost"),
    ("Drawn from all three providers.", "providers", "Providers"),
    ("Agreed by each party in writing.", "party", "Party"),
    ("No party is expected to act against its interest.", "party", "Party"),
    ("Recorded in the service contracts.", "service contracts", "Service Contracts"),
    ("Reviewed every financial year.", "financial year", "Financial Year"),
    ("Agreed with the icb and the council.", "the icb", "the ICB"),
])
def test_a_lower_case_defined_term_is_found(terms: tuple[str, ...], text: str, phrase: str,
                                            wanted: str) -> None:
    found = _found(terms, text)
    assert [p for p, _ in found] == [phrase]
    assert f"“{wanted}”" in found[0][1]


@pytest.mark.parametrize("text", [
    "Run by the Alliance Leadership Team within the Target Outturn Cost.",
    "Working with other providers in the borough and a provider collaborative.",
    "Psychiatrists, nurses and peer supporters drawn from all three Providers.",
    "The team meets weekly; a party of volunteers helps at weekends.",
    "An alternative to admission, with a leadership team of its own.",
])
def test_ordinary_words_and_capitalised_terms_are_not_found(terms: tuple[str, ...],
                                                           text: str) -> None:
    assert _found(terms, text) == []


def test_the_note_points_at_the_phrase_inside_a_folded_answer() -> None:
    text = _with({("governance", "integrated_team"): TEAM})
    evaluation = evaluate_text(text, "answers.yaml")
    assert evaluation.ok
    notes = [d for d in evaluation.diagnostics if d.code == TERM_CASE]
    assert {d.kind for d in notes} == {Kind.note}
    assert {d.severity for d in notes} == {"low"}
    assert {d.path for d in notes} == {("governance", "integrated_team")}
    lines = text.splitlines()
    for note, phrase in zip(notes, ["providers", "alliance leadership team",
                                    "target outturn cost"], strict=True):
        source = "\n".join(lines[note.line - 1:note.line + 1])
        at = source[note.column - 1:]
        assert " ".join(at.split())[:len(phrase)] == phrase, (note.line, note.column)
        assert note.file == Path("answers.yaml")


def test_validate_check_and_json_report_it_and_the_text_is_printed_as_typed(
        tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(_with({("governance", "integrated_team"): TEAM}), encoding="utf-8")
    code, output = run_cli("validate", str(answers))
    assert code == 0, output
    assert (f"note: {answers}:" in output and "governance.integrated_team: “providers” is "
            "written in lower case" in output and "write “Alliance Leadership Team”" in output)
    code, output = run_cli("validate", "--format", "json", str(answers))
    codes = [d for d in json.loads(output)["diagnostics"] if d["code"] == TERM_CASE]
    assert len(codes) == 3 and all(d["line"] and d["column"] for d in codes)
    code, output = run_cli("check", str(answers))
    assert code == 0 and output.count("NOTE      “") == 3
    code, output = run_cli("check", "--format", "json", str(answers))
    assert sum(n["kind"] == TERM_CASE for n in json.loads(output)["notes"]) == 3
    out = tmp_path / "out"
    code, output = run_cli("build", str(answers), "-o", str(out))
    assert code == 0, output
    agreement = docx_texts(out)["alliance-agreement.docx"]
    assert any(f"“{TEAM.rstrip('.')}”" in p for p in agreement)


def test_a_cic_described_by_another_kind_is_reported(tmp_path: Path) -> None:
    text = _with({("parties", 3, "kind"): "user-led-organisation"}, "stockport-enablement")
    evaluation = evaluate_text(text, "answers.yaml")
    notes = [d for d in evaluation.diagnostics if d.code == LEGAL_FORM]
    assert [d.path for d in notes] == [("parties", 3, "kind")]
    assert "community interest company" in notes[0].message
    assert "kind: community-interest-company" in notes[0].hint
    line = next(i for i, t in enumerate(text.splitlines(), 1)
                if t.strip() == "kind: user-led-organisation")
    assert (notes[0].line, notes[0].file) == (line, Path("answers.yaml"))


def test_the_stockport_cic_is_described_by_its_legal_form(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = run_cli("build", str(EXAMPLES / "stockport-enablement.yaml"), "-o", str(out))
    assert code == 0, output
    agreement = docx_texts(out)["alliance-agreement.docx"]
    party = next(p for p in agreement if p.startswith("Peer Pathways Stockport CIC, "))
    assert party.startswith("Peer Pathways Stockport CIC, a community interest company "
                            "(company number [●]), whose registered office is at ")
    assert not any("user-led organisation" in p for p in agreement if "Peer Pathways" in p)
    # A company executes the accession deed as the Companies Act provides.
    assert any(p.startswith("Executed as a deed by Peer Pathways Stockport CIC, a company, "
                            "under section 44 of the Companies Act 2006") for p in agreement)
    assert "Execution by the New Party" in agreement
    # How the outcomes were co-produced is printed once, quoted as typed, and cited after.
    passage = "A borough-wide outcomes group of people who use mental health services"
    assert sum(passage in p for p in agreement) == 1
    assert any("co-produced with people who use the Services, as clause " in p
               and p.endswith(" records.") for p in agreement)
