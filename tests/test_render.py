"""The Word renderer: a hand-made document model in, a valid, deterministic .docx out."""

from __future__ import annotations

import io
import shutil
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import pytest
from lxml import etree

from alliancedocs.docmodel import (
    Cell,
    CrossRef,
    Document,
    DocumentProperties,
    Paragraph,
    ParaKind,
    Run,
    Table,
    TermUse,
)
from alliancedocs.errors import InputError, LibraryError
from alliancedocs.render import DEFAULT_TEMPLATE, bookmark_name, render_docx
from alliancedocs.render.styles import all_style_ids
from office import (
    NS,
    audit_docx,
    docx_to_pdf,
    numbered_paragraphs,
    paragraph_text,
    parse_all_parts_strictly,
    pdf_text,
    read_parts,
    requires_libreoffice,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
K = ParaKind

TRICKY = 'Deadlock <is> resolved by "escalation" & talk 🤝'
HEADER = "Stockport & District <Mental Health> Alliance 🤝"


def _p(kind: ParaKind, text: str, level: int = 0, number: str = "", **kw: object) -> Paragraph:
    return Paragraph(kind, (Run(text),), level=level, number=number, **kw)  # type: ignore[arg-type]


def sample_document(header: str = HEADER) -> Document:
    """A small agreement exercising every paragraph kind, a field, a table and two schedules."""
    kpi = Table(
        header=(Cell(((Run("Indicator"),),)), Cell(((Run("Target & stretch"),),))),
        rows=(
            (Cell(((Run("Waits < 18 weeks"),),)), Cell(((Run("95%"),),), shade=True)),
            (Cell(((Run("Readmissions"),), (Run("within 30 days"),))), Cell(((Run("8%"),),))),
        ),
        widths=(3, 1),
        caption="Key performance indicators",
    )
    blocks = (
        _p(K.title, "Alliance Agreement"),
        _p(K.subtitle, "for community mental health services"),
        _p(K.front_heading, "Background", page_break_before=True, keep_with_next=True),
        _p(K.recital, "The parties wish to deliver the services together.", 1, "(A)"),
        _p(K.recital, "They agree as set out below.", 1, "(B)"),
        _p(K.clause_heading, "Definitions", 1, "1", anchor="defs", keep_with_next=True),
        _p(K.clause_text, "In this Agreement:", 2, "1.1"),
        Paragraph(K.definition, (Run("“Alliance”", bold=True),
                                 Run(" means the parties acting together.", italic=True))),
        _p(K.clause_heading, "Decisions", 1, "2", anchor="decisions", keep_with_next=True),
        Paragraph(K.clause_text, (
            Run("The "), TermUse("Alliance", "Alliance"),
            Run(" decides unanimously, subject to clause "), CrossRef("decisions.deadlock", "2.2"),
            Run(" and Schedule "), CrossRef("sched-kra", "1"), Run("."),
        ), level=2, number="2.1"),
        _p(K.clause_text, TRICKY, 2, "2.2", anchor="decisions.deadlock"),
        _p(K.clause_text, "first, the Alliance Manager", 3, "2.2.1"),
        _p(K.clause_text, "meets the parties", 4, "(a)"),
        _p(K.clause_text, "within ten days", 4, "(b)"),
        _p(K.clause_text, "then the Alliance Leadership Team", 3, "2.2.2"),
        _p(K.clause_text, "This clause survives termination.", 0),
        _p(K.front_heading, "Signatures", page_break_before=True),
        _p(K.signature, "Signed for the Trust\t................................"),
        _p(K.schedule_heading, "Key Result Areas", 1, "1", anchor="sched-kra",
           page_break_before=True, keep_with_next=True),
        _p(K.schedule_text, "The key result areas are these.", 1, "1"),
        _p(K.schedule_subheading, "Outcomes", keep_with_next=True),
        _p(K.schedule_text, "People recover sooner.", 2, "1.1"),
        _p(K.schedule_text, "measured monthly", 3, "(a)"),
        _p(K.schedule_text, "Each KRA has indicators.", 1, "2"),
        kpi,
        _p(K.schedule_heading, "Risk Share", 1, "2", page_break_before=True),
        _p(K.schedule_text, "Gains and losses are shared.", 1, "1"),
        _p(K.schedule_text, "Shares follow the table.", 2, "1.1"),
        _p(K.body, "Unnumbered schedule prose."),
    )
    properties = DocumentProperties(
        title="Alliance Agreement",
        subject="Community mental health & wellbeing",
        author="Jo O'Neill <legal>",
        keywords="alliance; NHS; draft",
        created=date(2025, 4, 1),
        custom=(("alliancedocs.version", "0.1.0"), ("alliancedocs.answers_sha256", "ab12")),
    )
    return Document(properties=properties, header_text=header, draft_label="DRAFT",
                    blocks=blocks, terms=("Alliance",))


@pytest.fixture(scope="module")
def rendered() -> bytes:
    return render_docx(sample_document(), template=DEFAULT_TEMPLATE)


@pytest.fixture(scope="module")
def docx_path(rendered: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("render") / "agreement.docx"
    path.write_bytes(rendered)
    return path


def _document_xml(data: bytes) -> etree._Element:
    return parse_all_parts_strictly(data)["word/document.xml"]


def _body_paragraphs(data: bytes) -> list[etree._Element]:
    return _document_xml(data).findall("w:body/w:p", NS)


# Package validity ---------------------------------------------------------------------------

def test_every_part_parses_strictly_and_no_stale_styles_part(rendered: bytes) -> None:
    parts = parse_all_parts_strictly(rendered)
    assert {"word/document.xml", "word/styles.xml", "word/numbering.xml", "word/header1.xml",
            "word/footer1.xml", "docProps/core.xml", "docProps/custom.xml"} <= set(parts)
    assert "word/stylesWithEffects.xml" not in parts


def test_openxml_audit_finds_no_errors(docx_path: Path) -> None:
    assert audit_docx(docx_path) == []


def test_python_docx_reads_back_the_text(rendered: bytes) -> None:
    document = docx.Document(io.BytesIO(rendered))
    texts = [p.text for p in document.paragraphs]
    assert "Alliance Agreement" in texts
    assert TRICKY in texts
    assert "The Alliance decides unanimously, subject to clause 2.2 and Schedule 1." in texts
    assert "“Alliance” means the parties acting together." in texts
    header = [c.text for c in document.sections[0].header.tables[0].rows[0].cells]
    assert header == [HEADER, "DRAFT"]
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Indicator", "Target & stretch"]
    assert table.rows[2].cells[0].text == "Readmissions\nwithin 30 days"


def test_paragraphs_take_the_named_style_of_their_kind(rendered: bytes) -> None:
    document = docx.Document(io.BytesIO(rendered))
    by_text = {p.text: p.style.style_id for p in document.paragraphs}
    assert by_text["Alliance Agreement"] == "Title"
    assert by_text["Background"] == "FrontHeading"
    assert by_text["first, the Alliance Manager"] == "ClauseText3"
    assert by_text["meets the parties"] == "ClauseText4"
    assert by_text["This clause survives termination."] == "ClauseContinuation"
    assert by_text["Outcomes"] == "ScheduleSubheading"
    assert by_text["“Alliance” means the parties acting together."] == "Definition"


def test_template_defines_every_style_the_renderer_writes() -> None:
    styles = etree.parse(str(DEFAULT_TEMPLATE / "word" / "styles.xml")).getroot()
    ids = {s.get(f"{W}styleId") for s in styles.iter(f"{W}style")}
    assert all_style_ids() <= ids


def test_numbered_styles_and_list_levels_link_both_ways() -> None:
    styles = etree.parse(str(DEFAULT_TEMPLATE / "word" / "styles.xml")).getroot()
    numbering = etree.parse(str(DEFAULT_TEMPLATE / "word" / "numbering.xml")).getroot()
    abstract_of = {n.get(f"{W}numId"): n.find("w:abstractNumId", NS).get(f"{W}val")
                   for n in numbering.iterfind("w:num", NS)}
    levels = {(a.get(f"{W}abstractNumId"), lvl.get(f"{W}ilvl")): lvl
              for a in numbering.iterfind("w:abstractNum", NS) for lvl in a.iterfind("w:lvl", NS)}
    linked = 0
    for style in styles.iterfind("w:style", NS):
        numpr = style.find("w:pPr/w:numPr", NS)
        if numpr is None:
            continue
        style_id = style.get(f"{W}styleId")
        abstract = abstract_of[numpr.find("w:numId", NS).get(f"{W}val")]
        lvl = levels[(abstract, numpr.find("w:ilvl", NS).get(f"{W}val"))]
        pstyle = lvl.find("w:pStyle", NS)
        if pstyle is not None and pstyle.get(f"{W}val") == style_id:
            linked += 1
    # Every list level with a w:pStyle points at a style numbered with that very level.
    back_links = [lvl.find("w:pStyle", NS).get(f"{W}val") for lvl in levels.values()
                  if lvl.find("w:pStyle", NS) is not None]
    assert linked == len(back_links) >= 11


# Numbering and cross-references -------------------------------------------------------------

def test_displayed_numbers_match_the_model(rendered: bytes) -> None:
    model = [p for p in sample_document().paragraphs() if p.level > 0]
    expected = [
        (f"Schedule {p.number}" if p.kind is K.schedule_heading else p.number, p.text)
        for p in model
    ]
    shown = [(n.number, n.text.lstrip("\n")) for n in numbered_paragraphs(rendered)]
    assert shown == expected


def test_each_schedule_restarts_its_paragraph_numbering(rendered: bytes) -> None:
    numbers = numbered_paragraphs(rendered)
    first = next(n for n in numbers if n.text == "The key result areas are these.")
    second = next(n for n in numbers if n.text == "Gains and losses are shared.")
    assert first.number == second.number == "1"
    assert first.num_id != second.num_id
    numbering = parse_all_parts_strictly(rendered)["word/numbering.xml"]
    restart = numbering.find(f"w:num[@w:numId='{second.num_id}']", NS)
    assert restart.find("w:lvlOverride[@w:ilvl='0']/w:startOverride", NS).get(f"{W}val") == "1"


def test_level_zero_switches_off_a_numbered_style() -> None:
    document = sample_document()
    blocks = (_p(K.clause_heading, "Interpretation"), *document.blocks)
    data = render_docx(Document(document.properties, "A", "", blocks), template=DEFAULT_TEMPLATE)
    first = _body_paragraphs(data)[0]
    assert first.find("w:pPr/w:numPr/w:numId", NS).get(f"{W}val") == "0"
    assert "Interpretation" not in [n.text for n in numbered_paragraphs(data)]
    assert numbered_paragraphs(data)[2].number == "1"  # clause 1 still starts at 1


def test_cross_reference_is_a_ref_field_with_the_cached_number(rendered: bytes) -> None:
    paragraphs = _body_paragraphs(rendered)
    name = bookmark_name("decisions.deadlock")
    referring = next(p for p in paragraphs if "decides unanimously" in paragraph_text(p))
    instructions = [i.text for i in referring.iter(f"{W}instrText")]
    assert f" REF {name} \\r \\h " in instructions
    runs = list(referring.iter(f"{W}r"))
    begin = next(i for i, r in enumerate(runs) if r.find("w:instrText", NS) is not None
                 and name in r.find("w:instrText", NS).text)
    separate, result, end = runs[begin + 1], runs[begin + 2], runs[begin + 3]
    assert separate.find("w:fldChar", NS).get(f"{W}fldCharType") == "separate"
    assert result.find("w:t", NS).text == "2.2"
    assert end.find("w:fldChar", NS).get(f"{W}fldCharType") == "end"

    # "Schedule " moves into the field, because the schedule's list number includes it.
    schedule_ref = f" REF {bookmark_name('sched-kra')} \\r \\h "
    assert schedule_ref in instructions
    assert [t.text for t in referring.iter(f"{W}t")][-3:] == [" and ", "Schedule 1", "."]

    target = next(p for p in paragraphs if paragraph_text(p) == TRICKY)
    start = target.find("w:bookmarkStart", NS)
    assert start.get(f"{W}name") == name
    assert target.find("w:bookmarkEnd", NS).get(f"{W}id") == start.get(f"{W}id")


def test_bookmarks_are_word_legal_sequential_and_unique(rendered: bytes) -> None:
    starts = list(_document_xml(rendered).iter(f"{W}bookmarkStart"))
    ids = [int(s.get(f"{W}id")) for s in starts]
    names = [s.get(f"{W}name") for s in starts]
    assert ids == list(range(len(starts))) and len(starts) == 4
    assert len(set(names)) == len(names)
    for name in names:
        assert len(name) <= 40 and name.startswith("_Ref")
        assert name.replace("_", "").isalnum()
    long_anchor = "schedule-risk-share.paragraph-about-the-performance-pool"
    assert len(bookmark_name(long_anchor)) <= 40
    assert bookmark_name(long_anchor) != bookmark_name(long_anchor + "x")


def test_reference_to_another_document_is_plain_text() -> None:
    document = sample_document()
    para = Paragraph(K.body, (Run("See clause "), CrossRef("not-here", "7.3"), Run(".")))
    data = render_docx(Document(document.properties, "A", "", (para,)),
                       template=DEFAULT_TEMPLATE)
    first = _body_paragraphs(data)[0]
    assert paragraph_text(first) == "See clause 7.3."
    assert first.find(".//w:instrText", NS) is None


def test_duplicate_anchor_is_refused() -> None:
    document = sample_document()
    blocks = (_p(K.body, "a", anchor="x"), _p(K.body, "b", anchor="x"))
    with pytest.raises(LibraryError, match="'x'"):
        render_docx(Document(document.properties, "A", "", blocks), template=DEFAULT_TEMPLATE)


# Layout ------------------------------------------------------------------------------------

def test_page_break_and_keep_with_next_are_set(rendered: bytes) -> None:
    paragraphs = {paragraph_text(p): p for p in _body_paragraphs(rendered)}
    background = paragraphs["Background"].find("w:pPr", NS)
    assert background.find("w:pageBreakBefore", NS) is not None
    assert background.find("w:keepNext", NS) is not None
    plain = paragraphs["In this Agreement:"].find("w:pPr", NS)
    assert plain.find("w:pageBreakBefore", NS) is None and plain.find("w:keepNext", NS) is None


def test_table_repeats_its_header_row_and_spans_the_text_width(rendered: bytes) -> None:
    table = _document_xml(rendered).find("w:body/w:tbl", NS)
    assert table.find("w:tblPr/w:tblStyle", NS).get(f"{W}val") == "AllianceTable"
    widths = [int(g.get(f"{W}w")) for g in table.iterfind("w:tblGrid/w:gridCol", NS)]
    assert sum(widths) == 11906 - 2 * 1440
    assert widths[0] == sum(widths) * 3 // 4
    rows = table.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
    assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)
    header_cells = rows[0].findall("w:tc", NS)
    assert all(c.find("w:tcPr/w:shd", NS).get(f"{W}fill") == "D9E2F3" for c in header_cells)
    assert all(r.find("w:rPr/w:b", NS) is not None for r in rows[0].iter(f"{W}r"))
    assert rows[1].findall("w:tc", NS)[1].find("w:tcPr/w:shd", NS) is not None
    assert rows[1].findall("w:tc", NS)[0].find("w:tcPr/w:shd", NS) is None
    caption = table.getprevious()
    assert caption.find("w:pPr/w:pStyle", NS).get(f"{W}val") == "Caption"


def test_header_escapes_user_text_and_footer_counts_pages(rendered: bytes) -> None:
    parts = read_parts(rendered)
    assert "Stockport &amp; District &lt;Mental Health&gt; Alliance 🤝".encode() in (
        parts["word/header1.xml"])
    footer = parse_all_parts_strictly(rendered)["word/footer1.xml"]
    assert [i.text.strip() for i in footer.iter(f"{W}instrText")] == ["PAGE", "NUMPAGES"]
    assert "Alliance Agreement" in [paragraph_text(p) for p in footer.iter(f"{W}p")]
    assert all(b"<!--" not in data for data in parts.values())


def test_a_template_placeholder_without_a_value_is_a_template_error(tmp_path: Path) -> None:
    broken = tmp_path / "template"
    shutil.copytree(DEFAULT_TEMPLATE, broken)
    header = broken / "word" / "header1.xml"
    header.write_text(header.read_text().replace("{{ draft_label }}", "{{ firm_name }}"))
    with pytest.raises(LibraryError, match="firm_name"):
        render_docx(sample_document(), template=broken)


# Properties and determinism -----------------------------------------------------------------

def test_core_and_custom_properties_come_from_the_model(rendered: bytes) -> None:
    core = docx.Document(io.BytesIO(rendered)).core_properties
    assert core.title == "Alliance Agreement"
    assert core.subject == "Community mental health & wellbeing"
    assert core.author == "Jo O'Neill <legal>"
    assert core.keywords == "alliance; NHS; draft"
    assert core.created == core.modified == datetime(2025, 4, 1, tzinfo=UTC)
    assert core.last_modified_by == "alliancedocs"
    custom = parse_all_parts_strictly(rendered)["docProps/custom.xml"]
    found = {p.get("name"): p[0].text for p in custom}
    assert found == {"alliancedocs.version": "0.1.0", "alliancedocs.answers_sha256": "ab12"}
    assert [p.get("pid") for p in custom] == ["2", "3"]


def test_same_model_gives_identical_bytes_with_fixed_zip_metadata(rendered: bytes) -> None:
    again = render_docx(sample_document(), template=DEFAULT_TEMPLATE)
    assert again == rendered
    with zipfile.ZipFile(io.BytesIO(rendered)) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}
    assert b"w:rsid" not in b"".join(read_parts(rendered).values())
    changed = render_docx(sample_document(header="Another Alliance"), template=DEFAULT_TEMPLATE)
    assert changed != rendered


def test_a_zipped_template_renders_the_same_as_the_folder(rendered: bytes,
                                                          tmp_path: Path) -> None:
    packed = tmp_path / "base.docx"
    with zipfile.ZipFile(packed, "w") as archive:
        for path in sorted(DEFAULT_TEMPLATE.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(DEFAULT_TEMPLATE).as_posix())
    assert render_docx(sample_document(), template=packed) == rendered


# Reference document -------------------------------------------------------------------------

def _house_document(path: Path) -> Path:
    """A firm's house document: python-docx's default template with its own body font."""
    house = docx.Document()
    house.styles["Normal"].font.name = "DejaVu Serif"
    house.styles["Normal"].font.size = docx.shared.Pt(10)
    body = house.styles.add_style("Body", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = house.styles["Normal"]
    body.font.name = "DejaVu Serif"
    clause = house.styles.add_style("ClauseText2", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    clause.font.name = "DejaVu Serif"
    clause.font.italic = True
    house.add_paragraph("House style sample", style="Body")
    house.save(path)
    return path


def test_reference_doc_swaps_styles_but_keeps_numbering(rendered: bytes, tmp_path: Path) -> None:
    house = _house_document(tmp_path / "house.docx")
    restyled = render_docx(sample_document(), template=DEFAULT_TEMPLATE, reference_doc=house)
    styles = docx.Document(io.BytesIO(restyled)).styles
    assert styles["Normal"].font.name == "DejaVu Serif"
    assert styles["Normal"].font.size == docx.shared.Pt(10)
    assert styles["Body"].font.name == "DejaVu Serif"
    assert styles["ClauseText2"].font.italic  # the house's own version of a numbered style
    original = docx.Document(io.BytesIO(rendered)).styles
    assert original["Normal"].font.name == "Arial"
    # Numbering is untouched: the same numbers, and the restyled clause text keeps its list.
    assert [(n.number, n.text) for n in numbered_paragraphs(restyled)] == [
        (n.number, n.text) for n in numbered_paragraphs(rendered)]
    out = tmp_path / "restyled.docx"
    out.write_bytes(restyled)
    assert audit_docx(out) == []
    parse_all_parts_strictly(restyled)


def test_unreadable_reference_doc_is_a_located_input_error(tmp_path: Path) -> None:
    bogus = tmp_path / "house.docx"
    bogus.write_text("not a zip")
    with pytest.raises(InputError) as caught:
        render_docx(sample_document(), template=DEFAULT_TEMPLATE, reference_doc=bogus)
    problem = caught.value.problems[0]
    assert problem.file == bogus and problem.message.startswith("--reference-doc") and problem.hint
    with pytest.raises(InputError, match="cannot read"):
        render_docx(sample_document(), template=DEFAULT_TEMPLATE,
                    reference_doc=tmp_path / "missing.docx")


# LibreOffice ------------------------------------------------------------------------------------

@requires_libreoffice
def test_libreoffice_renders_numbers_schedules_and_page_footer(docx_path: Path,
                                                              tmp_path: Path) -> None:
    pdf = docx_to_pdf(docx_path, tmp_path)
    text = pdf_text(pdf)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    for expected in ("1 Definitions", "1.1 In this Agreement:",
                     "2.2.1 first, the Alliance Manager", "(a) meets the parties",
                     "(A) The parties wish to deliver the services together.",
                     "Schedule 1", "Schedule 2", "1 Gains and losses are shared."):
        assert expected in lines, expected
    title_page, second_page = text.split("\f")[:2]
    assert "Page" not in title_page and "ALLIANCE AGREEMENT" in title_page
    assert "Page 2 of" in second_page
    assert "subject to clause 2.2 and Schedule 1." in " ".join(lines)
    assert HEADER.replace(" 🤝", "") in text


def test_schedule_reference_not_written_as_schedule_n_stays_plain_text() -> None:
    document = sample_document()
    blocks = (
        _p(K.schedule_heading, "Key Result Areas", 1, "1", anchor="sched-kra"),
        Paragraph(K.body, (Run("as the first schedule ("), CrossRef("sched-kra", "1"),
                           Run(") says"))),
    )
    data = render_docx(Document(document.properties, "A", "", blocks), template=DEFAULT_TEMPLATE)
    second = _body_paragraphs(data)[1]
    assert paragraph_text(second) == "as the first schedule (1) says"
    assert second.find(".//w:instrText", NS) is None
