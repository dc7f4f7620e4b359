"""``alliancedocs diff``: the summary in deal terms, its formats, inputs and exit codes."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from alliancedocs.cli import main
from alliancedocs.diff import compare, redlines
from alliancedocs.diff.answers import ChangeKind, diff_answers
from alliancedocs.render.provenance import read_provenance
from diff_pairs import example, kras_swapped, with_enum, without_party
from office import read_parts

LAMBETH = example("lambeth-rehabilitation")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def majority(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return with_enum("lambeth-rehabilitation", "decision_rule", "majority",
                     tmp_path_factory.mktemp("majority"))


def test_lambeth_majority_summary_connects_answer_flag_variant_and_text(majority: Path) -> None:
    code, out = run("diff", str(LAMBETH), str(majority))
    assert code == 0, out
    flags, answers = out.index("Flags (1)"), out.index("Answers (1)")
    variants, text = out.index("Clause variants (1)"), out.index("Text (")
    assert flags < answers < variants < text, "flags first, then answers, variants, text"
    flag_part = out[flags:answers]
    assert "+ high flag `majority-decisions` appeared (not acknowledged)" in flag_part
    assert ("because governance.decision_rule (How key decisions are taken): "
            "unanimous → majority") in flag_part
    # Clause numbers follow the clause library; the tests find them rather than fix them.
    assert re.search(r"decision-making/majority, Clause \d+ \(Decision making\)", flag_part)
    assert "true-alliance position: The Alliance Leadership Team decides every key matter " \
        "unanimously" in flag_part
    assert re.search(r"alliance-agreement\.docx: Clause (\d+) \(Decision making\) "
                     r"\[decision-making\]: unanimous \(standard\) → majority "
                     r"\(watered-down\)", out[variants:text])
    # The eight paragraphs of other clauses whose text changed while keeping their variant.
    changed = {line.split(":")[0].strip() for line in out[text:].splitlines()
               if line.startswith("      ") and not line.strip().startswith("because ")}
    assert len(changed) == 7 and "3.1.2" in changed
    assert ": …ALT must decide [-unanimously -]what value is to…" in out
    assert "{+, despite clause " in out  # a cross-reference inserted, as one token
    clause = re.search(r"Clause (\d+) \(Decision making\)", out).group(1)
    assert re.search(rf"renumbered {clause}\.4–{clause}\.\d+ → {clause}\.5–{clause}\.\d+ "
                     r"\(not a change of text", out)
    assert "Money" not in out and "Documents" not in out


def test_exit_code_3_only_for_a_new_unacknowledged_flag(majority: Path) -> None:
    assert run("diff", str(LAMBETH), str(majority), "--fail-on", "high")[0] == 3
    assert run("diff", str(LAMBETH), str(majority), "--fail-on", "critical")[0] == 0
    # The flag was there before: going back removes it, and nothing new fails.
    assert run("diff", str(majority), str(LAMBETH), "--fail-on", "info")[0] == 0
    # Already in OLD: not new, so no failure even though NEW has it.
    assert run("diff", str(majority), str(majority), "--fail-on", "high")[0] == 0


def test_acknowledging_a_flag_is_reported_and_does_not_fail(majority: Path,
                                                            tmp_path: Path) -> None:
    data = yaml.safe_load(majority.read_text(encoding="utf-8"))
    data["acknowledged_departures"] = [{"id": "majority-decisions", "justification":
                                        "Agreed by every board for the first year only."}]
    acknowledged = tmp_path / "acknowledged.yaml"
    acknowledged.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, out = run("diff", str(majority), str(acknowledged), "--fail-on", "info")
    assert code == 0
    assert "high flag `majority-decisions` is now acknowledged: Key decisions" in out
    # The answer that acknowledged it is the cause, not the one that raised it long ago.
    flag_part = out[:out.index("Answers (")]
    assert "because acknowledged_departures[majority-decisions] (" in flag_part
    assert "governance.decision_rule" not in flag_part
    assert "acknowledged: Agreed by every board for the first year only." in out
    code, out = run("diff", str(acknowledged), str(majority), "--fail-on", "high")
    assert code == 3 and "is no longer acknowledged: Key decisions" in out
    assert "because acknowledged_departures[majority-decisions] (" in out


def test_json_entries_have_the_diagnostic_shape(majority: Path) -> None:
    code, out = run("diff", str(LAMBETH), str(majority), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["version"] == 1
    first = data["changes"][0]
    assert first["code"] == "majority-decisions" and first["kind"] == "flag"
    assert first["change"] == "raised" and first["severity"] == "high"
    assert first["path"] == ["governance", "decision_rule"]
    assert first["clause"] == "decision-making/majority" and first["document"] == "agreement"
    assert first["acknowledged"] is False and first["title"]
    for entry in data["changes"]:
        assert {"code", "kind", "severity", "path", "message", "hint", "file", "line",
                "column", "clause", "document", "topic", "details"} <= set(entry)
    assert data["counts"]["flags"] == 1 and data["counts"]["variants"] == 1


def test_markdown_is_for_an_email(majority: Path) -> None:
    code, out = run("diff", str(LAMBETH), str(majority), "--format", "md")
    assert code == 0
    assert out.startswith("# Changes from ")
    assert "## Flags\n\n- **high flag `majority-decisions` appeared" in out
    assert "## Clause variants" in out and "## Text" in out


def test_list_items_are_matched_by_id(tmp_path: Path) -> None:
    removed = without_party("lambeth-rehabilitation", "thames-reach", tmp_path)
    old = yaml.safe_load(LAMBETH.read_text(encoding="utf-8"))
    new = yaml.safe_load(removed.read_text(encoding="utf-8"))
    changes = diff_answers(old, new)
    party = [c for c in changes if c.where == "parties[thames-reach]"]
    assert [c.kind for c in party] == [ChangeKind.removed]
    # No other party is reported changed although every later index moved.
    assert not [c for c in changes if c.where.startswith("parties[")
                and c.where != "parties[thames-reach]"]
    swapped = yaml.safe_load(kras_swapped("lambeth-rehabilitation", tmp_path).read_text())
    changes = diff_answers(old, swapped)
    assert [(c.kind, c.where) for c in changes] == [(ChangeKind.reordered, "kras")]
    assert changes[0].old[:2] == ["recovery", "self-determination"]


def test_kra_reorder_reports_the_money_it_moves(tmp_path: Path) -> None:
    swapped = kras_swapped("lambeth-rehabilitation", tmp_path)
    summary = compare(LAMBETH, swapped)
    topics = [e.topic.value for e in summary.entries]
    assert "answers" in topics
    money = [e.message for e in summary.entries if e.topic.value == "money"]
    assert money and all("→" in m for m in money)


def test_party_removed_removes_its_pack(tmp_path: Path) -> None:
    removed = without_party("lambeth-rehabilitation", "thames-reach", tmp_path)
    code, out = run("diff", str(LAMBETH), str(removed))
    assert code == 0
    assert "- schedules/thames-reach.docx removed" in out
    assert "parties[thames-reach] (" in out and "removed: `thames-reach` (Thames Reach)" in out


def test_build_folders_and_documents_are_inputs(majority: Path, tmp_path: Path) -> None:
    old_dir, new_dir = tmp_path / "old", tmp_path / "new"
    assert run("build", str(LAMBETH), "-o", str(old_dir))[0] == 0
    assert run("build", str(majority), "-o", str(new_dir))[0] == 0
    assert (old_dir / "answers.yaml").read_bytes() == LAMBETH.read_bytes()
    from_dirs = run("diff", str(old_dir), str(new_dir))[1]
    assert "majority-decisions` appeared" in from_dirs
    # The agreement alone carries its answers: the same deal-level summary.
    agreement = "alliance-agreement.docx"
    from_docs = run("diff", str(old_dir / agreement), str(new_dir / agreement))[1]
    assert "majority-decisions` appeared" in from_docs
    assert re.search(r"Clause \d+ \(Decision making\) \[decision-making\]", from_docs)
    # A pack carries provenance but no answers: compared as text, and the summary says so.
    pack = (old_dir / "schedules" / "slam.docx").read_bytes()
    record = read_provenance(pack, "slam.docx")
    assert record is not None and record.document == "pack:slam"
    assert record.answers_text is None
    agreement_record = read_provenance((old_dir / agreement).read_bytes(), agreement)
    assert agreement_record is not None
    assert agreement_record.answers_text == LAMBETH.read_text(encoding="utf-8")
    code, out = run("diff", str(old_dir / "schedules" / "slam.docx"),
                    str(new_dir / "schedules" / "certitude.docx"))
    assert code == 0
    assert "compared as text only" in out and "schedule pack, which carries no answers" in out
    assert "Text (" in out
    # Read back as text, a clause's variant is unknown: the summary does not claim it kept it.
    assert ": text changed\n" in out and "same variant" not in out


def test_a_document_without_provenance_is_compared_as_text(majority: Path,
                                                           tmp_path: Path) -> None:
    import io
    import zipfile

    out_dir = tmp_path / "b"
    run("build", str(majority), "-o", str(out_dir))
    source = (out_dir / "alliance-agreement.docx").read_bytes()
    stripped = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(stripped, "w") as zout:
        for info in zin.infolist():
            if not info.filename.startswith("customXml/"):
                zout.writestr(info, zin.read(info))
    foreign = tmp_path / "from-elsewhere.docx"
    foreign.write_bytes(stripped.getvalue())
    code, out = run("diff", str(LAMBETH), str(foreign), "--redline", str(tmp_path / "red"))
    assert code == 0, out
    assert "carries no alliancedocs answers" in out
    assert "compared as text only" in out
    # Figures are known on one side only: none is reported as appearing or vanishing.
    assert "Money" not in out and "→ (none)" not in out
    assert "flags, answers, variants and the worked example's figures are not compared" in out
    assert "(Decision making)" in out  # the clause whose text changed
    assert (tmp_path / "red" / "alliance-agreement.docx").is_file()


def test_redline_folder_is_not_overwritten_without_force(majority: Path,
                                                         tmp_path: Path) -> None:
    red = tmp_path / "red"
    code, out = run("diff", str(LAMBETH), str(majority), "--redline", str(red))
    assert code == 0 and "wrote the redlines" in out
    assert sorted(p.name for p in red.iterdir()) == ["alliance-agreement.docx", "diff.json",
                                                     "diff.md", "schedules"]
    summary = (red / "diff.md").read_text(encoding="utf-8")
    assert "majority-decisions" in summary
    before = (red / "alliance-agreement.docx").read_bytes()
    code, out = run("diff", str(LAMBETH), str(majority), "--redline", str(red))
    assert code == 1 and "--force" in out
    code, _ = run("diff", str(LAMBETH), str(majority), "--redline", str(red), "--force")
    assert code == 0 and (red / "alliance-agreement.docx").read_bytes() == before


def test_an_author_that_cannot_be_written_is_refused(majority: Path, tmp_path: Path) -> None:
    for author in ("Jo\x01Bloggs", "Jo\x00", "\ufffe"):
        code, out = run("diff", str(LAMBETH), str(majority), "--author", author,
                        "--redline", str(tmp_path / "red"))
        assert code == 2 and "--author" in out and "internal error" not in out, out
        assert not (tmp_path / "red").exists()
    code, out = run("diff", str(LAMBETH), str(majority), "--author", "O'Brien & <Co>",
                    "--redline", str(tmp_path / "red"))
    assert code == 0, out
    xml = read_parts((tmp_path / "red" / "alliance-agreement.docx").read_bytes())[
        "word/document.xml"].decode()
    assert 'w:author="O\'Brien &amp; &lt;Co&gt;"' in xml


def test_bad_inputs_give_clear_errors(tmp_path: Path) -> None:
    code, out = run("diff", str(tmp_path / "missing.yaml"), str(LAMBETH))
    assert code == 1 and "missing.yaml" in out and "Traceback" not in out
    folder = tmp_path / "not-a-build"
    folder.mkdir()
    code, out = run("diff", str(folder), str(LAMBETH))
    assert code == 1 and "no manifest.json" in out
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    code, out = run("diff", str(bad), str(LAMBETH))
    assert code == 1 and "bad.docx" in out and "Traceback" not in out
    broken = tmp_path / "broken.yaml"
    shutil.copy(LAMBETH, broken)
    broken.write_text(broken.read_text().replace("decision_rule: unanimous",
                                                 "decision_rule: unanimus"))
    code, out = run("diff", str(LAMBETH), str(broken))
    assert code == 1 and "broken.yaml:" in out and "decision_rule" in out


def _edit_agreement(source: Path, target: Path, old: str, new: str, *,
                    tracked: bool = False) -> None:
    """Write a copy of a generated .docx with one run's text changed, as Word would save
    a lawyer's edit (as a tracked change when ``tracked``)."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                text = data.decode()
                run = f'<w:r><w:t xml:space="preserve">{old}</w:t></w:r>'
                assert run in text
                if tracked:
                    replacement = (
                        f'<w:del w:id="9001" w:author="Lawyer" w:date="2025-05-01T10:00:00Z">'
                        f'<w:r><w:delText xml:space="preserve">{old}</w:delText></w:r></w:del>'
                        f'<w:ins w:id="9002" w:author="Lawyer" w:date="2025-05-01T10:00:00Z">'
                        f'<w:r><w:t xml:space="preserve">{new}</w:t></w:r></w:ins>')
                else:
                    replacement = f'<w:r><w:t xml:space="preserve">{new}</w:t></w:r>'
                data = text.replace(run, replacement, 1).encode()
            zout.writestr(info, data)
    target.write_bytes(out.getvalue())


@pytest.mark.parametrize("tracked", [False, True])
def test_lawyers_edit_of_a_true_alliance_clause_is_pointed_out(tmp_path: Path,
                                                               tracked: bool) -> None:
    built = tmp_path / "built"
    run("build", str(LAMBETH), "-o", str(built))
    generated = built / "alliance-agreement.docx"
    edited = tmp_path / "edited.docx"
    _edit_agreement(generated, edited, " unanimously. A ", " by a majority of the members "
                    "present. A ", tracked=tracked)
    code, out = run("diff", str(generated), str(edited))
    assert code == 0, out
    assert "edited.docx was edited after it was generated" in out
    assert re.search(r"Clause \d+ \(Decision making\) edited: the clause holds a "
                     r"true-alliance position: it is the standard variant `unanimous`", out)
    assert re.search(r"\d+\.3: …every Key Matter \[-unanimously-\]\{\+by a majority of the "
                     r"members present\+\}", out)
    assert "The edit reads like variant `majority` (watered-down, raising " \
        "`majority-decisions`)" in out
    assert "change the answers to choose it" in out
    # Only that clause: every other clause matches its generated text.
    assert out.count(" edited: ") == 1
    # The edit of a true-alliance clause is high: it fails --fail-on high, not critical.
    assert run("diff", str(generated), str(edited), "--fail-on", "high")[0] == 3
    assert run("diff", str(generated), str(edited), "--fail-on", "critical")[0] == 0
    # The same document against itself: no edits.
    code, out = run("diff", str(generated), str(generated))
    assert code == 0 and "Edits to the generated text" not in out and "Text (" not in out


def test_a_build_from_another_library_is_compared_as_built(tmp_path: Path) -> None:
    """A folder built from an edited clause library: the manifests show which file
    changed, and the text change no answer explains is put down to the library."""
    from alliancedocs.build import build_documents
    from alliancedocs.library.clause_files import LIBRARY_DIR
    from diff_pairs import edited_library

    library = edited_library(LIBRARY_DIR, tmp_path)
    old_dir = tmp_path / "old"
    for name, data in build_documents(LAMBETH, library_dir=library).files.items():
        (old_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (old_dir / name).write_bytes(data)
    code, out = run("diff", str(old_dir), str(LAMBETH))
    assert code == 0, out
    assert "built from a different clause library: agreement/280-confidentiality.yaml" in out
    assert "was built from another clause library" in out
    assert "(no answer changed: the clause library did)" in out
    assert "[-and are named to the ALT -]" in out or "and are named to the ALT" in out
    assert "Answers: no change" in out and "Flags: no change" in out


def test_text_only_comparison_keeps_terms_and_references_whole() -> None:
    """A document read back as text has its defined-term uses (recognised from the terms it
    defines in quotation marks) and its REF fields as single tokens, and the spacer after a
    table is not a paragraph."""
    from alliancedocs.build import build_documents
    from alliancedocs.diff.model import tokens
    from alliancedocs.diff.readback import read_document
    from alliancedocs.docmodel import Paragraph, TermUse

    data = build_documents(LAMBETH).files["alliance-agreement.docx"]
    paragraphs = [b for b in read_document(data, "agreement").blocks
                  if isinstance(b, Paragraph)]
    assert paragraphs and all(p.inlines for p in paragraphs)
    uses = {i.text for p in paragraphs for i in p.inlines if isinstance(i, TermUse)}
    assert {"ALT", "Reserved Matter", "Reserved Matters", "Party", "Parties", "SLaM"} <= uses
    exercise = next(p for p in paragraphs if any(
        getattr(i, "text", "").startswith("When it exercises its powers") for i in p.inlines))
    keys = [t.key for t in tokens(exercise.inlines)]
    assert ("term", "Reserved Matters", "Reserved Matter") in keys
    assert ("term", "Commissioners", "Commissioner") in keys or (
        "term", "Commissioner", "Commissioner") in keys
    assert ("t", "Reserved", "False", "False") not in keys


def test_one_document_against_a_whole_version_compares_that_document(tmp_path: Path) -> None:
    """The agreement alone against an answers file: the packs the answers also build are
    not reported added (nor redlined as wholly inserted), and the summary says why."""
    new = with_enum("lambeth-rehabilitation", "decision_rule", "majority", tmp_path)
    built = tmp_path / "old"
    assert run("build", str(LAMBETH), "-o", str(built))[0] == 0
    red = tmp_path / "red"
    code, out = run("diff", str(built / "alliance-agreement.docx"), str(new),
                    "--redline", str(red))
    assert code == 0, out
    assert "majority-decisions` appeared" in out
    assert "schedules/" not in out.split("Notes")[0], "no pack is added or compared"
    assert "only alliance-agreement.docx is compared" in out
    assert sorted(p.name for p in red.iterdir()) == ["alliance-agreement.docx", "diff.json",
                                                     "diff.md"]
    # A pack read as text against an answers file: that pack only, both ways round.
    pack = built / "schedules" / "slam.docx"
    for args in ((str(pack), str(new)), (str(new), str(pack))):
        code, out = run("diff", *args)
        assert code == 0, out
        assert "added" not in out and "removed" not in out
        assert "alliance-agreement.docx" not in out


def test_changed_sums_of_money_are_shown_in_pounds_and_pence(tmp_path: Path) -> None:
    data = yaml.safe_load(LAMBETH.read_text(encoding="utf-8"))
    data["parties"][2]["margin"] = 402500
    data["contracts"]["service_contracts"][0]["expected_annual_value"] = 5362500.5
    data["governance"]["deadlock_step_days"] = 15  # a number that is not money
    new = tmp_path / "money.yaml"
    new.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, out = run("diff", str(LAMBETH), str(new))
    assert code == 0, out
    answers = out[out.index("Answers ("):out.index("Text (")]
    lines = {line.split(" (")[0].strip("~ "): line for line in answers.splitlines()[1:]}
    assert lines["parties[slam].margin"].endswith(": £321,000.00 → £402,500.00")
    assert lines["contracts.service_contracts[slam].expected_annual_value"].endswith(
        ": £5,350,000.00 → £5,362,500.50")
    assert lines["governance.deadlock_step_days"].endswith(": 20 → 15")


def _schema_paths() -> list[tuple[str, ...]]:
    """Return the path of every field in the answers schema ("[]" for a list item)."""
    from alliancedocs.diff.answers import _resolve
    from alliancedocs.schema import answers_schema

    schema = answers_schema()
    found: list[tuple[str, ...]] = []

    def walk(node: dict, path: tuple[str, ...]) -> None:
        node = _resolve(schema, node) or {}
        children = [(k, v) for k, v in node.get("properties", {}).items()]
        if "items" in node:
            children.append(("[]", node["items"]))
        for key, child in children:
            found.append((*path, key))
            walk(child, (*path, key))

    walk(schema, ())
    return found


def test_every_answer_label_is_plain_english() -> None:
    """Labels name the answer: no enum value lists, no "For a participant" fragments, no
    code quotes, no bare field names."""
    from alliancedocs.diff.answers import field_label

    paths = _schema_paths()
    assert len(paths) > 150
    for path in paths:
        label = field_label(path)
        assert "`" not in label, (path, label)
        assert not re.match(r"(For|With) ", label), (path, label)
        assert len(label.split()) >= 2 and label[0].isupper(), (path, label)
    assert field_label(("parties", "[]", "margin")).startswith("Its annual corporate "
                                                               "overhead and profit")
    assert field_label(("governance", "dispute_approach")) == (
        "How claims between the Parties over performance are dealt with")
    assert field_label(("risk_share", "starts_on")) == (
        "The date it starts (for a deferred risk share)")
    assert field_label(("alliance", "name")) == "The alliance's full name"


def test_an_answer_no_document_uses_is_said_to_change_nothing(tmp_path: Path) -> None:
    data = yaml.safe_load(LAMBETH.read_text(encoding="utf-8"))
    data["governance"]["tier"] = "strategic"  # no Alliance Manager in the agreement
    old = tmp_path / "strategic.yaml"
    old.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    data["governance"]["alliance_manager"]["name"] = "Jo Bloggs"
    new = tmp_path / "renamed-manager.yaml"
    new.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, out = run("diff", str(old), str(new))
    assert code == 0, out
    answer = out[out.index("Answers (1)"):].splitlines()
    assert "governance.alliance_manager.name" in answer[1] and "→ Jo Bloggs" in answer[1]
    assert answer[2].strip().startswith("no effect: a `strategic` alliance has an Alliance "
                                        "Leadership Team only")
    assert "Text: no change" in out
    xml = read_parts(redlines(compare(old, new))["alliance-agreement.docx"])[
        "word/document.xml"].decode()
    assert "<w:ins " not in xml and "<w:del " not in xml, "nothing to track"
    data_json = json.loads(run("diff", str(old), str(new), "--format", "json")[1])
    (entry,) = [c for c in data_json["changes"] if c["topic"] == "answers"]
    assert entry["details"] and entry["details"][0].startswith("no effect: ")


def test_list_items_without_ids_are_reported_one_by_one(tmp_path: Path) -> None:
    """A principle left out or a reserved power added is named, not shown as two whole
    lists; a new order of the same items is reported once."""
    data = yaml.safe_load(LAMBETH.read_text(encoding="utf-8"))
    data["principles"]["standard"].remove("empathy")
    data["governance"]["reserved_powers"].append({
        "matter": "Deprivation of liberty authorisations",
        "statutory_basis": "Mental Capacity Act 2005, Schedule A1"})
    route = data["governance"]["deadlock_route"]
    route[0], route[1] = route[1], route[0]
    new = tmp_path / "lists.yaml"
    new.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, out = run("diff", str(LAMBETH), str(new))
    assert code == 0, out
    answers = out[out.index("Answers ("):out.index("Text (")].splitlines()
    assert answers[0] == "Answers (3)"
    joined = "\n".join(answers)
    assert re.search(r"- principles\.standard\[empathy\] \([^)]*\) removed: empathy$", joined,
                     re.M), joined
    assert re.search(r"\+ governance\.reserved_powers\[3\] \([^)]*\) added: “Deprivation of "
                     r"liberty authorisations”$", joined, re.M), joined
    assert re.search(r"~ governance\.deadlock_route \([^)]*\) reordered: chief-executives, "
                     r"independent-facilitator, expert-determination → independent-"
                     r"facilitator, chief-executives, expert-determination$", joined, re.M)
    assert "best-for-service" not in joined, "the kept items are not listed"


def test_a_changed_table_names_its_rows_and_cells(tmp_path: Path) -> None:
    """A KPI threshold and a KRA weight changed: the summary says which row and column of
    which table changed and how, not just "table changed"."""
    data = yaml.safe_load(LAMBETH.read_text(encoding="utf-8"))
    data["kras"][0]["kpis"][0]["thresholds"]["mcos"] = 55
    data["kras"][0]["weight"], data["kras"][2]["weight"] = 30, 10
    new = tmp_path / "thresholds.yaml"
    new.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, out = run("diff", str(LAMBETH), str(new))
    assert code == 0, out
    assert "table changed" not in out
    text = out[out.index("Text ("):]
    schedule = text[text.index("(Performance framework): text changed", text.index(
        "Schedule ")):]
    assert re.search(r"table “KRA and KPI \| Gamebreaking \| …”: row “People whose mental "
                     r"wellbeing score imp…”: MCOS: \[-50-\]\{\+55\+\}", schedule), schedule
    assert re.search(r"row “Recovery and staying well”: Weight: \[-25-\]\{\+30\+\}", schedule)
    pack = text[text.index("schedules/slam.docx"):]
    assert re.search(r"row “Recovery and staying well”: Lowest acceptable result \(MCO…: "
                     r"at least \[-50-\]\{\+55\+\}% of people supported", pack), pack


def test_each_clause_is_tied_to_the_answers_that_changed_it(tmp_path: Path) -> None:
    """Three answers changed at once: each flag names the clauses its answer changed, and
    each changed clause and variant names the answers behind it."""
    data = yaml.safe_load(LAMBETH.read_text(encoding="utf-8"))
    governance = data["governance"]
    governance["decision_rule"] = "majority"
    governance["dispute_approach"] = "litigation-retained"
    governance["open_book"] = False
    new = tmp_path / "three.yaml"
    new.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, out = run("diff", str(LAMBETH), str(new))
    assert code == 0, out
    flags, answers = out.index("Flags ("), out.index("Answers (")
    variants, text = out.index("Clause variants ("), out.index("Text (")
    # Clause numbers follow the library: find each clause's number from its title.
    number = {title: n for n, title in re.findall(r"Clause (\d+) \(([^)]+)\)", out)}
    majority = out[out.index("`majority-decisions`", flags):out.index("`right-to-sue", flags)]
    by_rule = sorted(int(number[t]) for t in ("Alliance Principles", "Performance framework",
                                              "Commercial framework", "Variations",
                                              "New parties"))
    assert (f"the same answer also changed clauses {', '.join(map(str, by_rule[:-1]))} and "
            f"{by_rule[-1]} of alliance-agreement.docx") in majority, majority
    variant_lines = out[variants:text]
    assert re.search(r"\[liability\]: limited-recourse \(standard\) → capped-liability "
                     r"\(watered-down\)\n      because governance\.dispute_approach changed",
                     variant_lines), variant_lines
    # The commercial framework's variant moved for open book alone (the decision rule
    # changed only its words).
    assert re.search(r"\[commercial-framework\]: open-book \(standard\) → closed-book "
                     r"\(watered-down\)\n      because governance\.open_book changed\n",
                     variant_lines), variant_lines
    principles = out[out.index("(Alliance Principles): text changed", text):]
    assert principles.splitlines()[1].strip() == (
        "because governance.decision_rule, governance.dispute_approach and "
        "governance.open_book changed")
    assert answers < variants


def test_a_new_id_for_the_same_item_is_reported_as_such(tmp_path: Path) -> None:
    """A KRA given a new id and nothing else is one changed id, not a KRA removed and an
    identical one added; a KRA renamed under the same id is one changed name."""
    data = yaml.safe_load(LAMBETH.read_text(encoding="utf-8"))
    data["kras"][1]["id"] = "choice-and-control"
    data["kras"][2]["name"] = "Taking part"
    new = tmp_path / "new-id.yaml"
    new.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, out = run("diff", str(LAMBETH), str(new))
    assert code == 0, out
    answers = out[out.index("Answers ("):out.index("Text (")].splitlines()
    assert answers[0] == "Answers (2)", answers
    assert re.fullmatch(r"  ~ kras\[self-determination\]\.id \([^)]*\): self-determination → "
                        r"choice-and-control", answers[1]), answers
    assert re.fullmatch(r"  ~ kras\[participation\]\.name \([^)]*\): Participation → Taking "
                        r"part", answers[2]), answers
    text = out[out.index("Text ("):]
    assert "Self-determination" not in text, "the id appears in no document"


def test_a_record_without_an_id_is_shown_by_its_answers(tmp_path: Path) -> None:
    """A performance pool or a pooled fund added whole is shown by its fields, money in
    pounds, not by whichever text comes first."""
    data = yaml.safe_load(LAMBETH.read_text(encoding="utf-8"))
    del data["risk_share"]["performance_pool"]
    old = tmp_path / "no-pool.yaml"
    old.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, out = run("diff", str(old), str(LAMBETH))
    assert code == 0, out
    (line,) = [x for x in out.splitlines() if "risk_share.performance_pool (" in x]
    assert line.endswith("(none) → amount £200,000.00, clawback no, within budget no"), line


def test_a_flag_on_a_list_names_the_item_behind_it(tmp_path: Path) -> None:
    data = yaml.safe_load(LAMBETH.read_text(encoding="utf-8"))
    for principle in ("empathy", "best-for-service", "honesty"):
        data["principles"]["standard"].remove(principle)
    new = tmp_path / "principles.yaml"
    new.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, out = run("diff", str(LAMBETH), str(new))
    assert code == 0, out
    flag = out[out.index("`no-best-for-service-test` appeared"):out.index("Answers (")]
    because = [line.strip() for line in flag.splitlines() if "because" in line]
    assert len(because) == 1 and "principles.standard[best-for-service]" in because[0], flag


def test_a_changed_contents_list_names_its_entries(tmp_path: Path) -> None:
    """A clause retitled and a clause added: the title page's entry says which headings
    the contents list gained, lost or retitled."""
    new = with_enum("lambeth-rehabilitation", "tier", "strategic", tmp_path)
    code, out = run("diff", str(LAMBETH), str(new))
    assert code == 0, out
    title_page = out[out.index("Title page: text changed"):]
    title_page = title_page[:title_page.index("\n  ~ ")]
    assert "contents list changed" not in title_page
    assert re.search(r"contents list: “Alliance management” removed", title_page), title_page


def test_pack_citations_of_a_renumbered_agreement_are_renumbering(tmp_path: Path) -> None:
    """A pack cites the agreement's clauses in words ("(its clause 14.9)"). At the strategic
    tier the agreement loses a clause and is renumbered: the packs' citations follow, and
    that is reported as renumbering, not as a change of the pack's text; a paragraph that
    also changed in words is still a text change."""
    strategic = with_enum("lambeth-rehabilitation", "tier", "strategic", tmp_path)
    summary = compare(LAMBETH, strategic)
    packs = {"schedules/slam.docx", "schedules/certitude.docx", "schedules/thames-reach.docx"}
    cited = {e.document: e.message for e in summary.entries if e.code == "citations-renumbered"}
    assert set(cited) == packs
    assert all("follow the agreement's renumbering" in m and "not a change of text" in m
               for m in cited.values())
    text = [e for e in summary.entries if e.code == "text-changed" and e.document in packs]
    details = [line for e in text for line in e.details]
    # Words changed as well ("Alliance Manager" became "ALT"): a text change, shown whole.
    assert any("[-Alliance Manager-]{+ALT+}" in line for line in details)
    # No paragraph is a text change whose only change is a cited number.
    only_numbers = re.compile(r"^[\d.]+: .*\[-[\d.]+-\]\{\+[\d.]+\+\}")
    assert not [line for line in details if only_numbers.match(line)
                and "[-" not in re.sub(r"\[-[\d.]+-\]\{\+[\d.]+\+\}", "", line)]
    # Two versions with no renumbering have no such entry.
    litigation = with_enum("lambeth-rehabilitation", "dispute_approach", "litigation-retained",
                         tmp_path)
    assert not [e for e in compare(LAMBETH, litigation).entries
                if e.code == "citations-renumbered"]


def test_a_redline_of_two_packs_keeps_the_contents_list(majority: Path, tmp_path: Path) -> None:
    """Two packs carry no answers, so they are read back from the files; the contents list
    is read back too, so their redline's Accept All and Reject All are the two packs, their
    contents lists included."""
    from alliancedocs.render.revisions import accept_all, paragraph_texts, reject_all

    old_dir, new_dir, red = tmp_path / "old", tmp_path / "new", tmp_path / "red"
    assert run("build", str(LAMBETH), "-o", str(old_dir))[0] == 0
    assert run("build", str(majority), "-o", str(new_dir))[0] == 0
    pack = Path("schedules") / "slam.docx"
    assert run("diff", str(old_dir / pack), str(new_dir / pack), "--redline", str(red))[0] == 0
    redline = (red / pack).read_bytes()
    for view, built in ((accept_all, new_dir / pack), (reject_all, old_dir / pack)):
        got = [text for _style, text in paragraph_texts(view(redline))]
        want = [text for _style, text in paragraph_texts(built.read_bytes())]
        styles = [style for style, _text in paragraph_texts(view(redline))]
        assert "TOCHeading" in styles and styles.count("TOC1") >= 10
        # Hyphens in unbroken table columns are read back as plain hyphens.
        assert [t.replace("-", "") for t in got] == [t.replace("-", "") for t in want]


def test_a_contents_list_word_rebuilt_is_linked_to_the_headings_by_number() -> None:
    """Word rebuilds a contents list with bookmarks of its own (``_Toc…``) and page numbers:
    each entry is linked back to the heading with its number, clause and schedule apart."""
    from alliancedocs.build import build_documents
    from alliancedocs.diff.readback import read_document
    from alliancedocs.docmodel import Contents

    data = build_documents(LAMBETH).files["alliance-agreement.docx"]
    parts = read_parts(data)
    xml = parts["word/document.xml"].decode()
    links = re.findall(r'w:hyperlink w:anchor="([^"]+)"', xml)
    for number, anchor in enumerate(dict.fromkeys(links)):
        xml = xml.replace(f'w:anchor="{anchor}"', f'w:anchor="_Toc{100000 + number}"')
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            body = xml.encode() if item.filename == "word/document.xml" else zin.read(item)
            zout.writestr(item, body)
    original = next(b for b in read_document(data, "a").blocks if isinstance(b, Contents))
    rebuilt = next(b for b in read_document(out.getvalue(), "b").blocks
                   if isinstance(b, Contents))
    assert rebuilt == original
    assert any(e.level == 2 for e in original.entries) and len(original.entries) > 20
