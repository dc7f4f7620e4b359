"""Build every example end to end; read the output as Word, LibreOffice and reviewers do."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from lxml import etree

import office
from alliancedocs.cli import main
from alliancedocs.docmodel import ParaKind

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
NAMES = [p.stem for p in EXAMPLES]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("built")
    folders = {}
    for example in EXAMPLES:
        code, output = run("build", str(example), "-o", str(out / example.stem))
        assert code == 0, output
        folders[example.stem] = out / example.stem
    return folders


def report(folder: Path) -> dict:
    return json.loads((folder / "integrity-report.json").read_text(encoding="utf-8"))


def docx_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.docx"))


def body_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("name", NAMES)
def test_every_part_of_every_document_parses_strictly_and_passes_the_audit(built, name):
    files = docx_files(built[name])
    assert built[name].joinpath("alliance-agreement.docx") in files
    for path in files:
        parts = office.parse_all_parts_strictly(path)
        assert "word/document.xml" in parts
        assert office.audit_docx(path) == [], path


@pytest.mark.parametrize("name", NAMES)
def test_displayed_numbers_are_consecutive_clauses_and_refs_show_them(built, name):
    path = built[name] / "alliance-agreement.docx"
    numbered = office.numbered_paragraphs(path)
    headings = [n.number for n in numbered if n.style == "ClauseHeading"]
    assert headings == [str(i) for i in range(1, len(headings) + 1)]
    assert len(headings) >= 25
    schedules = [n.text for n in numbered if n.style == "ScheduleHeading"]
    assert len(schedules) >= 4
    # Every REF field's cached result is the number displayed at its bookmark.
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    number_at: dict[str, str] = {}
    pending = list(numbered)  # numbered paragraphs are a subsequence of the body's paragraphs
    for p in root.iterfind(f"{W}body/{W}p"):
        if pending and office.paragraph_text(p) == pending[0].text:
            shown_here = pending.pop(0).number
            for mark in p.iter(f"{W}bookmarkStart"):
                number_at[mark.get(f"{W}name")] = shown_here
    assert not pending
    refs = re.findall(r"REF (\S+) \\r \\h", etree.tostring(root, encoding="unicode"))
    assert len(refs) > 20
    cached = _ref_results(root)
    assert len(cached) == len(refs)
    for bookmark, shown in cached:
        assert number_at.get(bookmark) == shown, (bookmark, shown)


def _ref_results(root: etree._Element) -> list[tuple[str, str]]:
    """Return (bookmark, cached result) for each REF field, reading the runs in order."""
    results: list[tuple[str, str]] = []
    state, bookmark, shown = "", "", ""
    for node in root.iter(f"{W}fldChar", f"{W}instrText", f"{W}t"):
        if node.tag == f"{W}fldChar":
            kind = node.get(f"{W}fldCharType")
            if kind == "begin":
                state, bookmark, shown = "instr", "", ""
            elif kind == "separate" and state == "instr":
                state = "result"
            elif kind == "end" and state == "result":
                if bookmark:
                    results.append((bookmark, shown))
                state = ""
        elif node.tag == f"{W}instrText" and state == "instr":
            found = re.match(r"\s*REF (\S+)", node.text or "")
            bookmark = found.group(1) if found else bookmark
        elif node.tag == f"{W}t" and state == "result":
            shown += node.text or ""
    return results


@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_renders_every_document(built, name, tmp_path):
    for path in docx_files(built[name]):
        pdf = office.docx_to_pdf(path, tmp_path)
        text = office.pdf_text(pdf)
        assert office.pdf_pages(pdf) >= 2
        assert "DRAFT" in text and "Page 2 of" in text
        assert "{{" not in text and "[[" not in text and "@table" not in text


def test_lambeth_agreement_names_parties_kras_and_unanimity(built):
    text = body_text(built["lambeth-rehabilitation"] / "alliance-agreement.docx")
    for name in ("The Mayor and Burgesses of the London Borough of Lambeth",
                 "South London and Maudsley NHS Foundation Trust", "Certitude", "Thames Reach",
                 "NHS South East London Integrated Care Board"):
        assert name in text
    for kra in ("Recovery and staying well", "Self-determination", "Participation",
                "Social value", "Cost", "Safety"):
        assert kra in text
    assert "unanimous" in text.lower()
    assert "majority" not in text.lower()
    assert "£10,500,000.00" in text
    manifest = json.loads((built["lambeth-rehabilitation"] / "manifest.json").read_text())
    chosen = manifest["variants"]["agreement"]
    assert all(v["position"] == "standard" for v in chosen.values()), chosen


def test_watered_down_agreement_picks_the_watered_down_variants(built):
    folder = built["watered-down-partnership"]
    manifest = json.loads((folder / "manifest.json").read_text())
    chosen = manifest["variants"]["agreement"]
    assert chosen["decision-making"]["flag"] == "majority-decisions"
    assert chosen["no-blame"]["flag"] == "right-to-sue-retained"
    assert chosen["risk-reward"]["flag"] == "no-risk-share"
    assert "majority" in body_text(folder / "alliance-agreement.docx").lower()


def test_integrity_reports_match_each_example(built):
    lambeth = report(built["lambeth-rehabilitation"])
    assert not [f for f in lambeth["flags"]
                if f["severity"] in ("critical", "high") and not f["acknowledged"]]
    watered = report(built["watered-down-partnership"])
    serious = [f for f in watered["flags"]
               if f["severity"] in ("critical", "high") and not f["acknowledged"]]
    assert len(serious) >= 4
    for flag in watered["flags"]:
        assert set(flag) >= {"id", "severity", "title", "detail", "true_alliance_position",
                             "locations", "acknowledged", "justification"}
    ids = {f["id"] for f in watered["flags"]}
    assert {"commissioner-not-party", "no-risk-share", "majority-decisions",
            "bilateral-performance-regime", "right-to-sue-retained"} <= ids
    stockport = {f["id"]: f for f in report(built["stockport-enablement"])["flags"]}
    assert stockport["risk-share-deferred"]["acknowledged"] is True
    assert stockport["risk-share-deferred"]["justification"]
    markdown = (built["watered-down-partnership"] / "integrity-report.md").read_text()
    assert "majority-decisions" in markdown


def test_agreement_is_a_clean_draft_without_flag_commentary(built):
    text = body_text(built["watered-down-partnership"] / "alliance-agreement.docx").lower()
    for phrase in ("watered", "true alliance", "flag", "departure from"):
        assert phrase not in text


def test_rebuild_is_byte_identical(built, tmp_path):
    for name in NAMES:
        again = tmp_path / name
        code, output = run("build", str(ROOT / "examples" / f"{name}.yaml"), "-o", str(again))
        assert code == 0, output
        first = sorted(p.relative_to(built[name]) for p in built[name].rglob("*") if p.is_file())
        second = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
        assert first == second
        for rel in first:
            assert (built[name] / rel).read_bytes() == (again / rel).read_bytes(), rel


def test_overwrite_is_refused_without_force_and_nothing_changes(tmp_path):
    example = str(ROOT / "examples" / "lambeth-rehabilitation.yaml")
    out = tmp_path / "out"
    assert run("build", example, "-o", str(out))[0] == 0
    (out / "manifest.json").write_text("edited by hand")
    code, output = run("build", example, "-o", str(out))
    assert code == 1
    assert "--force" in output and "Traceback" not in output
    assert (out / "manifest.json").read_text() == "edited by hand"
    assert run("build", example, "-o", str(out), "--force")[0] == 0
    assert (out / "manifest.json").read_text().startswith("{")


def test_invalid_answers_write_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text((ROOT / "examples" / "lambeth-rehabilitation.yaml").read_text()
                   .replace("decision_rule: unanimous", "decision_rule: unanimously"))
    out = tmp_path / "out"
    code, output = run("build", str(bad), "-o", str(out))
    assert code == 1
    assert "bad.yaml:" in output and "governance.decision_rule" in output
    assert not out.exists()


def test_user_text_with_markup_characters_and_emoji_renders_exactly(tmp_path):
    source = (ROOT / "examples" / "lambeth-rehabilitation.yaml").read_text()
    name = "Smith & Jones <Care> \"Recovery\" [[Alliance]] 🙂"
    assert "name: Lambeth Integrated Personalised Support Alliance" in source
    answers = tmp_path / "tricky.yaml"
    answers.write_text(source.replace(
        "name: Lambeth Integrated Personalised Support Alliance",
        "name: '" + name.replace("'", "''") + "'"), encoding="utf-8")
    out = tmp_path / "out"
    code, output = run("build", str(answers), "-o", str(out))
    assert code == 0, output
    agreement = out / "alliance-agreement.docx"
    office.parse_all_parts_strictly(agreement)
    assert name in body_text(agreement)
    header = zipfile.ZipFile(agreement).read("word/header1.xml").decode()
    assert "Smith &amp; Jones &lt;Care&gt;" in header
    props = docx.Document(str(agreement)).core_properties
    assert props.title == f"Alliance Agreement: {name}"  # binding form: an agreement
    pdf_text = office.pdf_text(office.docx_to_pdf(agreement, tmp_path))
    assert "Smith & Jones <Care>" in pdf_text


def test_properties_carry_the_manifest_hashes_and_dates_from_the_answers(built):
    folder = built["lambeth-rehabilitation"]
    manifest = json.loads((folder / "manifest.json").read_text())
    document = docx.Document(str(folder / "alliance-agreement.docx"))
    assert document.core_properties.created.date().isoformat() == "2025-03-14"
    custom = zipfile.ZipFile(folder / "alliance-agreement.docx").read("docProps/custom.xml")
    assert manifest["answers"]["sha256"].encode() in custom
    assert manifest["library"]["sha256"].encode() in custom
    for rel, digest in manifest["outputs"].items():
        import hashlib
        assert hashlib.sha256((folder / rel).read_bytes()).hexdigest() == digest


def test_reference_doc_applies_house_styles(tmp_path):
    house = docx.Document()
    house.styles["Normal"].font.name = "Courier New"
    house_path = tmp_path / "house.docx"
    house.save(str(house_path))
    out = tmp_path / "out"
    example = str(ROOT / "examples" / "symphony-long-term-conditions.yaml")
    code, output = run("build", example, "-o", str(out), "--reference-doc", str(house_path))
    assert code == 0, output
    styles = zipfile.ZipFile(out / "alliance-agreement.docx").read("word/styles.xml").decode()
    assert "Courier New" in styles
    assert office.numbered_paragraphs(out / "alliance-agreement.docx")[0].number == "(1)"


def test_definitions_are_sorted_and_every_used_term_is_defined(built):
    from alliancedocs.answers_file import read_answers
    from alliancedocs.assemble.agreement import assemble_agreement
    from alliancedocs.library.clause_files import load_library

    for example in EXAMPLES:
        document = assemble_agreement(read_answers(example), load_library()).document
        defined = [p.inlines[0].text.strip("“”") for p in document.paragraphs()
                   if p.kind is ParaKind.definition]
        assert defined == sorted(defined, key=str.casefold)
        assert set(defined) == set(document.terms)


def test_missing_soffice_would_fail_in_ci():
    if office.libreoffice_required():
        assert shutil.which("soffice"), "CI must install LibreOffice"


@pytest.mark.parametrize("name", NAMES)
def test_register_in_the_agreement_lists_exactly_the_packs_built(built, name):
    from alliancedocs.answers_file import read_answers
    from alliancedocs.assemble.register import register

    entries = register(read_answers(ROOT / "examples" / f"{name}.yaml"))
    packs = {p.relative_to(built[name]).as_posix() for p in (built[name] / "schedules").glob("*")}
    assert packs == {e.pack_path for e in entries if e.pack_path}
    agreement = docx.Document(str(built[name] / "alliance-agreement.docx"))
    register_rows = next(t for t in agreement.tables if t.rows[0].cells[-1].text == "Schedule pack")
    # The register is operative text: it says whether a pack aligns each contract, and never
    # prints a file path; each "Yes" row is a provider whose pack was built.
    for entry, row in zip(entries, register_rows.rows[1:-1], strict=True):
        assert row.cells[0].text == entry.provider.short_name
        assert row.cells[-1].text == ("Yes" if entry.pack_path else "None: no separate contract")
        assert "schedules/" not in row.cells[-1].text
