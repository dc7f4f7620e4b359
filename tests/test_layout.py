"""Page layout of the generated documents, read from the .docx and from LibreOffice's PDF.

The contents page (a TOC field whose result is already filled in), the title page without
running header and footer, KPI group rows kept with the next row, space after tables,
signature rows tall enough to sign in, and money columns that never break an amount.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

import office
from alliancedocs.assemble.contents import contents_of
from alliancedocs.cli import main
from alliancedocs.docmodel import (
    Cell,
    Contents,
    ContentsEntry,
    Document,
    DocumentProperties,
    Paragraph,
    ParaKind,
    Run,
    Table,
)
from alliancedocs.errors import LibraryError
from alliancedocs.render import DEFAULT_TEMPLATE, bookmark_name, render_docx
from alliancedocs.render.widths import fit_columns, scale_widths, text_width, widest_word

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
NAMES = [p.stem for p in EXAMPLES]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS = office.NS


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("layout")
    folders = {}
    for example in EXAMPLES:
        result = CliRunner().invoke(main, ["build", str(example), "-o", str(out / example.stem)])
        assert result.exit_code == 0, result.output
        folders[example.stem] = out / example.stem
    return folders


def documents(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.docx"))


def body(path: Path) -> etree._Element:
    return office.parse_all_parts_strictly(path)["word/document.xml"].find(f"{W}body")


def style_of(p: etree._Element) -> str | None:
    style = p.find("w:pPr/w:pStyle", NS)
    return None if style is None else style.get(f"{W}val")


# The contents page --------------------------------------------------------------------

def toc(path: Path) -> etree._Element:
    """Return the document's one "Table of Contents" structured document tag."""
    found = [sdt for sdt in body(path).iterfind("w:sdt", NS)
             if sdt.find("w:sdtPr/w:docPartObj/w:docPartGallery", NS) is not None
             and sdt.find("w:sdtPr/w:docPartObj/w:docPartGallery", NS).get(f"{W}val")
             == "Table of Contents"]
    assert len(found) == 1, path
    return found[0]


def headings(path: Path) -> list[tuple[str, str, str, str]]:
    """Return (style, number shown, title, bookmark) for each numbered clause and schedule
    heading, in order."""
    numbered = office.numbered_paragraphs(path)
    wanted = [n for n in numbered if n.style in ("ClauseHeading", "ScheduleHeading")]
    marks: list[str] = []
    for p in body(path).iterfind("w:p", NS):
        if style_of(p) in ("ClauseHeading", "ScheduleHeading") and p.find(
                "w:pPr/w:numPr/w:numId[@w:val='0']", NS) is None:
            mark = p.find("w:bookmarkStart", NS)
            marks.append(mark.get(f"{W}name") if mark is not None else "")
    assert len(marks) == len(wanted)
    return [(n.style, n.number, n.text.strip(), mark)
            for n, mark in zip(wanted, marks, strict=True)]


def entries(sdt: etree._Element) -> list[tuple[str, str, str]]:
    """Return (style, text, hyperlink anchor) for each entry paragraph of the TOC."""
    found = []
    for p in sdt.iterfind("w:sdtContent/w:p", NS):
        link = p.find("w:hyperlink", NS)
        if link is None:
            continue
        found.append((style_of(p), office.paragraph_text(link), link.get(f"{W}anchor")))
    return found


@pytest.mark.parametrize("name", NAMES)
def test_every_document_has_a_filled_in_toc_listing_its_headings_in_order(built, name):
    for path in documents(built[name]):
        sdt = toc(path)
        listed = entries(sdt)
        expected = headings(path)
        assert len(expected) >= 5, path
        level_style = {"ClauseHeading": "TOC1", "ScheduleHeading": "TOC2"}
        assert listed == [(level_style[style], f"{number}\t{title}", mark)
                          for style, number, title, mark in expected], path
        assert all(mark for *_rest, mark in expected)
        # One TOC field, begun before the first entry and ended after the last.
        chars = [c.get(f"{W}fldCharType") for c in sdt.iter(f"{W}fldChar")]
        assert chars == ["begin", "separate", "end"]
        instruction = "".join(t.text for t in sdt.iter(f"{W}instrText"))
        assert re.fullmatch(r' TOC \\h \\z \\n \\t "Clause Heading,1,Schedule Heading,2" ',
                            instruction), instruction
        title = sdt.find("w:sdtContent/w:p", NS)
        assert style_of(title) == "TOCHeading" and office.paragraph_text(title) == "Contents"
        assert title.find("w:pPr/w:pageBreakBefore", NS) is not None


def test_agreement_contents_lists_schedules_at_level_two(built):
    listed = entries(toc(built["lambeth-rehabilitation"] / "alliance-agreement.docx"))
    styles = [style for style, _text, _anchor in listed]
    schedules = [text for style, text, _anchor in listed if style == "TOC2"]
    assert schedules and all(t.startswith("Schedule ") for t in schedules)
    assert styles == sorted(styles)  # every clause, then every schedule
    assert listed[0][1] == "1\tDefinitions and interpretation"


def test_toc_field_names_the_heading_styles_the_template_defines():
    styles = etree.parse(str(DEFAULT_TEMPLATE / "word" / "styles.xml")).getroot()
    names = {s.get(f"{W}styleId"): s.find("w:name", NS).get(f"{W}val")
             for s in styles.iterfind("w:style", NS)}
    assert names["ClauseHeading"] == "Clause Heading"
    assert names["ScheduleHeading"] == "Schedule Heading"
    for style_id in ("TOCHeading", "TOC1", "TOC2", "TableSpacer"):
        assert style_id in names


def test_contents_of_lists_only_numbered_headings():
    blocks = (
        Paragraph(ParaKind.title, (Run("Alliance Agreement"),)),
        Paragraph(ParaKind.front_heading, (Run("Background"),)),
        Paragraph(ParaKind.clause_heading, (Run("Definitions"),), level=1, number="1",
                  anchor="definitions"),
        Paragraph(ParaKind.clause_text, (Run("In this Agreement"),), level=2, number="1.1",
                  anchor="definitions.x"),
        Paragraph(ParaKind.clause_heading, (Run("Unnumbered"),), level=0),
        Paragraph(ParaKind.schedule_heading, (Run("Parties"),), level=1, number="1",
                  anchor="schedule-parties"),
    )
    contents = contents_of(blocks)
    assert contents.entries == (
        ContentsEntry("definitions", "1", "Definitions", 1),
        ContentsEntry("schedule-parties", "Schedule 1", "Parties", 2),
    )
    assert contents.text == "Contents\n1\tDefinitions\nSchedule 1\tParties"


def _minimal(blocks: tuple) -> Document:
    properties = DocumentProperties("T", "S", "A", "K", date(2025, 4, 1))
    return Document(properties, "Header", "DRAFT", blocks)


def test_contents_entry_without_a_heading_is_refused():
    contents = Contents("Contents", (ContentsEntry("nowhere", "1", "Lost", 1),))
    with pytest.raises(LibraryError, match="nowhere"):
        render_docx(_minimal((contents,)), template=DEFAULT_TEMPLATE)


def test_contents_hyperlinks_reach_the_heading_bookmarks():
    heading = Paragraph(ParaKind.clause_heading, (Run("Scope & <terms>"),), level=1,
                        number="1", anchor="scope")
    document = _minimal((contents_of((heading,)), heading))
    data = render_docx(document, template=DEFAULT_TEMPLATE)
    root = office.parse_all_parts_strictly(data)["word/document.xml"]
    link = root.find(".//w:sdt//w:hyperlink", NS)
    assert link.get(f"{W}anchor") == bookmark_name("scope")
    assert office.paragraph_text(link) == "1\tScope & <terms>"
    marks = [m.get(f"{W}name") for m in root.iter(f"{W}bookmarkStart")]
    assert marks == [bookmark_name("scope")]


# The title page -------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_title_page_has_an_empty_header_and_footer_of_its_own(built, name):
    for path in documents(built[name]):
        parts = office.parse_all_parts_strictly(path)
        section = parts["word/document.xml"].find("w:body/w:sectPr", NS)
        assert section.find("w:titlePg", NS) is not None
        rels = {r.get("Id"): r.get("Target")
                for r in parts["word/_rels/document.xml.rels"]}
        refs = {(ref.tag.split("}")[1], ref.get(f"{W}type")): rels[ref.get(f"{R}id")]
                for ref in section if ref.tag in (f"{W}headerReference", f"{W}footerReference")}
        assert set(refs) == {("headerReference", "default"), ("headerReference", "first"),
                             ("footerReference", "default"), ("footerReference", "first")}

        texts = {key: "".join(t.text or "" for t in parts[f"word/{target}"].iter(
            f"{W}t", f"{W}instrText")) for key, target in refs.items()}
        assert texts[("headerReference", "first")] == ""
        assert texts[("footerReference", "first")] == ""
        assert "DRAFT" in texts[("headerReference", "default")]
        assert "PAGE" in texts[("footerReference", "default")]


# Tables ---------------------------------------------------------------------------------

def tables_by_first_header(path: Path) -> dict[str, etree._Element]:
    found = {}
    for tbl in body(path).iterfind("w:tbl", NS):
        first = tbl.find("w:tr/w:tc", NS)
        found["".join(t.text or "" for t in first.iter(f"{W}t"))] = tbl
    return found


def cell_texts(tr: etree._Element) -> list[str]:
    return ["\n".join(office.paragraph_text(p) for p in tc.iterfind("w:p", NS))
            for tc in tr.iterfind("w:tc", NS)]


@pytest.mark.parametrize("name", NAMES)
def test_kpi_group_rows_keep_with_the_next_row_and_no_row_splits(built, name):
    path = built[name] / "alliance-agreement.docx"
    kpis = tables_by_first_header(path)["KRA and KPI"]
    rows = kpis.findall("w:tr", NS)
    groups = 0
    for index, tr in enumerate(rows):
        assert tr.find("w:trPr/w:cantSplit", NS) is not None
        is_group = re.fullmatch(r".+ \(weight \d+\)", cell_texts(tr)[0]) is not None
        paragraphs = tr.findall("w:tc/w:p", NS)
        kept = [p.find("w:pPr/w:keepNext", NS) is not None for p in paragraphs]
        if is_group or index == 0:  # the header row keeps with the first row, too
            groups += is_group
            assert all(kept) and index + 1 < len(rows)
        else:
            assert not any(kept)
    assert groups >= 2


@pytest.mark.parametrize("name", NAMES)
def test_text_before_a_table_keeps_with_it_and_a_spacer_follows_it(built, name):
    for path in documents(built[name]):
        children = list(body(path))
        tables = [i for i, child in enumerate(children) if child.tag == f"{W}tbl"]
        assert tables
        for index in tables:
            before = children[index - 1]
            if before.tag == f"{W}p" and style_of(before) != "TableSpacer":
                assert (before.find("w:pPr/w:keepNext", NS) is not None
                        or style_of(before) == "Caption"), office.paragraph_text(before)
            following = children[index + 1]
            assert following.tag == f"{W}p" and style_of(following) == "TableSpacer"
            assert office.paragraph_text(following) == ""


@pytest.mark.parametrize("name", NAMES)
def test_signature_rows_are_tall_enough_to_sign_in(built, name):
    path = built[name] / "alliance-agreement.docx"
    signatures = next(t for t in body(path).iterfind("w:tbl", NS)
                      if "Signature" in cell_texts(t.find("w:tr", NS)))
    rows = signatures.findall("w:tr", NS)
    assert len(rows) >= 3
    for tr in rows[1:]:
        height = tr.find("w:trPr/w:trHeight", NS)
        assert height is not None and height.get(f"{W}hRule") == "atLeast"
        assert int(height.get(f"{W}val")) >= 1134  # 20 mm
    column = cell_texts(rows[0]).index("Signature")
    grid = [int(g.get(f"{W}w")) for g in signatures.iterfind("w:tblGrid/w:gridCol", NS)]
    assert grid[column] >= 2268  # 40 mm wide


# Money columns -------------------------------------------------------------------------

def test_text_width_follows_arial_advance_widths():
    # Digits and the pound sign are 556/1000 em, comma and full stop 278/1000 em.
    assert text_width("£262,400,000.00", 9) == round((12 * 556 + 3 * 278) * 9 * 20 / 1000)
    assert text_width("1", 10, bold=True) > text_width("1", 10)
    assert widest_word([("£1,000.00 (capped)", False)], 9) == widest_word(
        [("£1,000.00", False)], 9)
    assert widest_word([("Game\u00adbreaking", True)], 9) == widest_word([("breaking", True)], 9)


def test_fit_columns_widens_what_needs_it_from_the_others_keeping_the_total():
    widths = scale_widths((20, 18, 25, 17, 20), 9026)
    fitted = fit_columns(widths, {3: 2400})
    assert sum(fitted) == sum(widths)
    assert fitted[3] >= 2400 - 5
    assert all(f < w for i, (f, w) in enumerate(zip(fitted, widths, strict=True)) if i != 3)
    assert fit_columns(widths, {3: 100}) == widths
    # Others give up at most half their width; the rest of the need goes unmet.
    squeezed = fit_columns(widths, {3: 9000})
    assert sum(squeezed) == 9026
    assert all(s >= w // 2 for i, (s, w) in enumerate(zip(squeezed, widths, strict=True))
               if i != 3)


AMOUNTS = ("£262,400,000.00", "-£1,262,400,000.00", "£10,475,000.00")


def register_like(unbroken: bool) -> Table:
    def cell(text: str) -> Cell:
        return Cell(((Run(text),),))

    rows = tuple((cell("Provider"), cell("Commissioner"), cell("NHS Standard Contract"),
                  cell(amount), cell("schedules/provider.docx")) for amount in AMOUNTS)
    return Table(tuple(cell(h) for h in ("Provider", "Commissioner", "Contract form",
                                         "Expected annual value", "Schedule pack")),
                 rows, (20, 18, 25, 17, 20), unbroken_columns=(3,) if unbroken else ())


def test_unbroken_column_is_wider_and_its_minus_sign_cannot_break():
    data = render_docx(amounts_document(), template=DEFAULT_TEMPLATE)
    root = office.parse_all_parts_strictly(data)["word/document.xml"]
    fixed, plain = root.findall("w:body/w:tbl", NS)
    grid = [[int(g.get(f"{W}w")) for g in t.iterfind("w:tblGrid/w:gridCol", NS)]
            for t in (fixed, plain)]
    assert sum(grid[0]) == sum(grid[1])
    assert grid[0][3] > grid[1][3]
    # 18 characters of Arial at 9 pt, plus the cell margins.
    assert grid[0][3] >= text_width(AMOUNTS[1], 9) + 216
    minus = fixed.findall("w:tr", NS)[2].findall("w:tc", NS)[3]
    assert minus.find(".//w:noBreakHyphen", NS) is not None
    assert office.paragraph_text(minus.find("w:p", NS)) == AMOUNTS[1]


@pytest.mark.parametrize("name", NAMES)
def test_every_money_column_is_wide_enough_for_its_longest_amount(built, name):
    for path in documents(built[name]):
        for tbl in body(path).iterfind("w:tbl", NS):
            grid = [int(g.get(f"{W}w")) for g in tbl.iterfind("w:tblGrid/w:gridCol", NS)]
            for tr in tbl.iterfind("w:tr", NS):
                for column, text in enumerate(cell_texts(tr)):
                    for amount in re.findall(r"-?£[\d,]+(?:\.\d+)?", text):
                        assert grid[column] >= text_width(amount, 9) + 216, (path, amount)


# LibreOffice ---------------------------------------------------------------------------

def _pages(pdf: Path) -> list[str]:
    return office.pdf_text(pdf).split("\f")


def _flat(text: str) -> str:
    return " ".join(text.replace("\u2011", "-").split())


CONTROL = "Control table without the hint"


def amounts_document() -> Document:
    return _minimal((register_like(True), Paragraph(ParaKind.body, (Run(CONTROL),)),
                     register_like(False)))


@office.requires_libreoffice
def test_libreoffice_never_breaks_an_amount_in_an_unbroken_column(tmp_path):
    path = tmp_path / "amounts.docx"
    path.write_bytes(render_docx(amounts_document(), template=DEFAULT_TEMPLATE))
    text = office.pdf_text(office.docx_to_pdf(path, tmp_path)).replace("\u2011", "-")
    hinted, control = text.split(CONTROL)
    for amount in AMOUNTS:
        assert any(amount in line for line in hinted.splitlines()), amount
    # Without the hint, the column is too narrow and the longest amounts break.
    assert not all(amount in control for amount in AMOUNTS)


@office.requires_libreoffice
@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_shows_the_contents_on_page_two_and_no_running_head_on_page_one(
        built, name, tmp_path):
    path = built[name] / "alliance-agreement.docx"
    pages = _pages(office.docx_to_pdf(path, tmp_path))
    assert "DRAFT" not in pages[0] and "Page" not in pages[0] and pages[0].strip()
    second = _flat(pages[1])
    assert "CONTENTS" in second and "DRAFT" in second and "Page 2 of" in second
    position = 0
    for _style, number, title, _mark in headings(path):
        found = second.find(_flat(f"{number} {title}"), position)
        assert found >= 0, (number, title)
        position = found
    # The body starts on page 3.
    assert "CONTENTS" not in _flat(pages[2])


def test_libreoffice_tests_fail_rather_than_skip_under_ci():
    """With ``CI=true`` and no soffice on the PATH, the marker does not skip."""
    probe = ("import sys; sys.path.insert(0, 'tests'); import office; "
             "print(office.requires_libreoffice.args[0])")

    def skips(**env: str) -> str:
        completed = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, check=True,
                                   capture_output=True, text=True,
                                   env={"PATH": "/nonexistent", **env})
        return completed.stdout.strip()

    assert skips() == "True"
    assert skips(CI="true") == "False"
    assert skips(ALLIANCEDOCS_REQUIRE_LIBREOFFICE="1") == "False"


def test_the_agreement_model_carries_its_contents_after_the_title_page():
    from alliancedocs.answers_file import read_answers
    from alliancedocs.assemble.agreement import assemble_agreement
    from alliancedocs.library.clause_files import load_library

    document = assemble_agreement(read_answers(ROOT / "examples" / "lambeth-rehabilitation.yaml"),
                                  load_library()).document
    contents = document.contents()
    assert contents is not None and contents.title == "Contents"
    index = document.blocks.index(contents)
    assert all(isinstance(b, Paragraph) and b.kind in (ParaKind.title, ParaKind.subtitle,
                                                       ParaKind.cover)
               for b in document.blocks[:index])
    headings_in_model = [(p.anchor, p.text) for p in document.paragraphs()
                         if p.kind in (ParaKind.clause_heading, ParaKind.schedule_heading)
                         and p.number]
    assert [(e.anchor, e.title) for e in contents.entries] == headings_in_model
    assert [e.level for e in contents.entries] == sorted(e.level for e in contents.entries)
