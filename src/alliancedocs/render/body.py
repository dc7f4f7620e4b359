"""Turn the model's blocks into ``w:body`` content: paragraphs, runs, fields, bookmarks, tables."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable, Iterable

from lxml import etree

from ..docmodel import (
    Block,
    Cell,
    Contents,
    CrossRef,
    Inline,
    Paragraph,
    ParaKind,
    Run,
    Table,
    TermUse,
)
from ..errors import LibraryError
from .contents import contents_block
from .ooxml import XML_NS, clean_text, el, sub
from .styles import (
    CAPTION_STYLE,
    SECTION_HEADINGS,
    SECTION_NUMBERED,
    TABLE_SPACER_STYLE,
    TABLE_STYLE,
    TABLE_TEXT_STYLE,
    paragraph_style,
)
from .widths import fit_columns, scale_widths, widest_word

HEADER_FILL = "D9E2F3"
# The literal text of the schedule heading list's w:lvlText ("Schedule %1") before the number.
SCHEDULE_PREFIX = "Schedule "
SHADE_FILL = "F2F2F2"

_UNSAFE = re.compile(r"[^A-Za-z0-9_]")


def bookmark_name(anchor: str) -> str:
    """Return the Word bookmark name for a model anchor.

    The name is stable, at most 40 characters, made of letters, digits and underscores,
    and starts with ``_Ref`` (Word's own prefix for cross-reference targets, which keeps
    them out of the user's bookmark list). A hash of the anchor keeps names distinct.
    """
    digest = hashlib.sha256(anchor.encode("utf-8")).hexdigest()[:10]
    slug = _UNSAFE.sub("_", anchor)[:24]
    return f"_Ref_{slug}_{digest}"


def collect_anchors(blocks: Iterable[Block]) -> dict[str, Paragraph]:
    """Return the paragraph each anchor marks; raise on a duplicate anchor."""
    seen: dict[str, Paragraph] = {}
    for block in blocks:
        if isinstance(block, Paragraph) and block.anchor:
            if block.anchor in seen:
                raise LibraryError(
                    f"two paragraphs share the cross-reference anchor {block.anchor!r}"
                )
            seen[block.anchor] = block
    return seen


def introducing(block: Paragraph, following: Block | None) -> Paragraph:
    """Return ``block`` as a build writes it before ``following``: the text that introduces
    a table keeps with it, so it stays on the page of the table's first row."""
    if isinstance(following, Table) and not block.keep_with_next:
        return dataclasses.replace(block, keep_with_next=True)
    return block


def table_spacer() -> etree._Element:
    """Return the small empty paragraph a build puts after every table."""
    spacer = el("p")
    sub(sub(spacer, "pPr"), "pStyle", {"val": TABLE_SPACER_STYLE})
    return spacer


class BodyBuilder:
    """Builds body elements for one document.

    ``text_width`` is the width between the margins in twentieths of a point, and
    ``table_font_pt`` the size of table text in points (to fit unbroken columns).
    ``toc_instruction`` is the field code of the contents list.
    ``style_num`` returns the ``w:numId`` a numbered style is linked to; ``restart``
    returns a new ``w:numId`` for the same list that starts again at 1. Recitals and
    schedule paragraphs get a restarted list in each section (after each heading), so
    each schedule numbers its paragraphs from 1.
    """

    def __init__(self, *, text_width: int, anchors: dict[str, Paragraph],
                 style_num: Callable[[str], int], restart: Callable[[int], int],
                 table_font_pt: float, toc_instruction: str) -> None:
        self._text_width = text_width
        self._table_font_pt = table_font_pt
        self._toc_instruction = toc_instruction
        self._anchors = anchors
        self._style_num = style_num
        self._restart = restart
        self._bookmark_id = 0
        self._section_nums: dict[int, int] = {}

    def build(self, blocks: tuple[Block, ...]) -> list[etree._Element]:
        """Return the body elements for ``blocks``, in order.

        A paragraph just before a table keeps with it. A small spacer paragraph follows
        every table, so that the text after a table does not touch it, Word never merges
        adjacent tables and the body never ends with a table.
        """
        out: list[etree._Element] = []
        for index, block in enumerate(blocks):
            if isinstance(block, Paragraph):
                following = blocks[index + 1] if index + 1 < len(blocks) else None
                out.append(self.paragraph(introducing(block, following)))
            elif isinstance(block, Contents):
                out.append(self.contents(block))
            else:
                if block.caption:
                    out.append(self._caption(block.caption))
                out.append(self.table(block))
                out.append(table_spacer())
        if not out:
            out.append(el("p"))
        return out

    def contents(self, contents: Contents) -> etree._Element:
        """Return the contents list: a TOC field whose entries link to the headings."""
        for entry in contents.entries:
            if entry.anchor not in self._anchors:
                raise LibraryError(f"the contents lists {entry.anchor!r}, which no heading "
                                   "marks")
        return contents_block(contents, instruction=self._toc_instruction,
                              bookmark=bookmark_name)

    # Paragraphs -------------------------------------------------------------------------

    def paragraph(self, para: Paragraph) -> etree._Element:
        """Return the ``w:p`` for a model paragraph, with its style, numbering and bookmark."""
        style = paragraph_style(para.kind, para.level, para.number)
        if para.kind in SECTION_HEADINGS:
            self._section_nums.clear()
        p = el("p")
        ppr = sub(p, "pPr")
        sub(ppr, "pStyle", {"val": style.style})
        if para.keep_with_next:
            sub(ppr, "keepNext")
        if para.page_break_before:
            sub(ppr, "pageBreakBefore")
        num_id: int | None = None
        if para.kind in SECTION_NUMBERED and style.numbered:
            base = self._style_num(style.style)
            if base not in self._section_nums:
                self._section_nums[base] = self._restart(base)
            num_id = self._section_nums[base]
        if style.suppress:
            numpr = sub(ppr, "numPr")
            sub(numpr, "numId", {"val": "0"})
        elif style.ilvl is not None or num_id is not None:
            numpr = sub(ppr, "numPr")
            if style.ilvl is not None:
                sub(numpr, "ilvl", {"val": str(style.ilvl)})
            if num_id is not None:
                if style.ilvl is None:
                    sub(numpr, "ilvl", {"val": str(para.level - 1)})
                sub(numpr, "numId", {"val": str(num_id)})
        if para.kind is ParaKind.schedule_heading and style.numbered and para.inlines:
            # The number ("Schedule 1") has no suffix; the title goes on the next line.
            sub(sub(p, "r"), "br")
        bookmark = para.anchor if para.anchor and para.anchor in self._anchors else None
        if bookmark:
            bid = str(self._bookmark_id)
            self._bookmark_id += 1
            sub(p, "bookmarkStart", {"id": bid, "name": bookmark_name(bookmark)})
        self._inlines(p, para.inlines)
        if bookmark:
            sub(p, "bookmarkEnd", {"id": bid})
        return p

    def _caption(self, text: str) -> etree._Element:
        p = el("p")
        sub(sub(p, "pPr"), "pStyle", {"val": CAPTION_STYLE})
        self._inlines(p, (Run(text),))
        return p

    # Inline content ---------------------------------------------------------------------

    def _inlines(self, p: etree._Element, inlines: tuple[Inline, ...], *,
                 bold: bool = False, unbroken: bool = False) -> None:
        for index, inline in enumerate(inlines):
            following = inlines[index + 1] if index + 1 < len(inlines) else None
            if isinstance(inline, Run):
                text = inline.text
                if self._absorbs_prefix(inline, following):
                    text = text[: -len(SCHEDULE_PREFIX)]
                _text_run(p, text, bold=bold or inline.bold, italic=inline.italic,
                          unbroken=unbroken)
            elif isinstance(inline, TermUse):
                _text_run(p, inline.text, bold=bold, unbroken=unbroken)
            elif isinstance(inline, CrossRef):
                self._cross_ref(p, inline, inlines[index - 1] if index else None, bold=bold)

    def _absorbs_prefix(self, run: Run, following: Inline | None) -> bool:
        """Return True when ``run`` ends with "Schedule " before a reference to a schedule.

        A schedule's list number already reads "Schedule 1", and Word and LibreOffice show
        the whole list number when they update a ``REF`` field; so the word moves into the
        field, and the visible text is unchanged.
        """
        return (isinstance(following, CrossRef) and run.text.endswith(SCHEDULE_PREFIX)
                and self._is_schedule(following.anchor))

    def _is_schedule(self, anchor: str) -> bool:
        target = self._anchors.get(anchor)
        return target is not None and target.kind is ParaKind.schedule_heading and target.level > 0

    def _cross_ref(self, p: etree._Element, ref: CrossRef, previous: Inline | None, *,
                   bold: bool) -> None:
        if ref.anchor not in self._anchors:
            # The target is in another document: the number is all we can show.
            _text_run(p, ref.number, bold=bold)
        elif self._is_schedule(ref.anchor):
            if isinstance(previous, Run) and self._absorbs_prefix(previous, ref):
                _ref_field(p, bookmark_name(ref.anchor), SCHEDULE_PREFIX + ref.number,
                           bold=bold)
            else:
                # Not written "Schedule N": a field would show "Schedule" a second time.
                _text_run(p, ref.number, bold=bold)
        else:
            _ref_field(p, bookmark_name(ref.anchor), ref.number, bold=bold)

    # Tables -----------------------------------------------------------------------------

    def table(self, table: Table) -> etree._Element:
        """Return the ``w:tbl`` for a model table: fixed layout, repeated header row.

        Rows never break across pages; the header row, and each group heading row, keeps
        with the row after it (so neither is left alone at the foot of a page);
        unbroken columns are widened to fit their widest word; ``row_height`` sets the
        least height of body rows.
        """
        columns = len(table.widths)
        for row in (table.header, *table.rows):
            if len(row) != columns:
                raise LibraryError(
                    f"table row has {len(row)} cells but the table has {columns} columns"
                )
        widths = self._column_widths(table)
        tbl = el("tbl")
        tblpr = sub(tbl, "tblPr")
        sub(tblpr, "tblStyle", {"val": TABLE_STYLE})
        sub(tblpr, "tblW", {"w": str(sum(widths)), "type": "dxa"})
        sub(tblpr, "tblLayout", {"type": "fixed"})
        sub(tblpr, "tblLook", {"val": "04A0", "firstRow": "1", "lastRow": "0",
                                "firstColumn": "0", "lastColumn": "0",
                                "noHBand": "1", "noVBand": "1"})
        grid = sub(tbl, "tblGrid")
        for width in widths:
            sub(grid, "gridCol", {"w": str(width)})
        unbroken = frozenset(table.unbroken_columns)
        self._row(tbl, table.header, widths, unbroken, header=True, keep_next=True)
        groups = frozenset(table.group_rows)
        for index, row in enumerate(table.rows):
            self._row(tbl, row, widths, unbroken, header=False, keep_next=index in groups,
                      height=table.row_height)
        return tbl

    def _column_widths(self, table: Table) -> list[int]:
        widths = scale_widths(table.widths, self._text_width)
        needs: dict[int, int] = {}
        for column in table.unbroken_columns:
            if not 0 <= column < len(widths):
                raise LibraryError(f"unbroken column {column} is not in the table")
            lines = [(_cell_text(para), header or row[column].bold or _has_bold(para))
                     for header, row in ((True, table.header),
                                         *((False, r) for r in table.rows))
                     for para in row[column].paragraphs]
            needs[column] = widest_word(lines, self._table_font_pt)
        return fit_columns(widths, needs)

    def _row(self, tbl: etree._Element, cells: tuple[Cell, ...], widths: list[int],
             unbroken: frozenset[int], *, header: bool, keep_next: bool = False,
             height: int = 0) -> None:
        tr = sub(tbl, "tr")
        trpr = sub(tr, "trPr")
        sub(trpr, "cantSplit")
        if height:
            sub(trpr, "trHeight", {"val": str(height * 20), "hRule": "atLeast"})
        if header:
            sub(trpr, "tblHeader")
        for column, (cell, width) in enumerate(zip(cells, widths, strict=True)):
            tc = sub(tr, "tc")
            tcpr = sub(tc, "tcPr")
            sub(tcpr, "tcW", {"w": str(width), "type": "dxa"})
            if header or cell.shade:
                sub(tcpr, "shd", {"val": "clear", "color": "auto",
                                  "fill": HEADER_FILL if header else SHADE_FILL})
            for inlines in cell.paragraphs or ((),):
                p = sub(tc, "p")
                ppr = sub(p, "pPr")
                sub(ppr, "pStyle", {"val": TABLE_TEXT_STYLE})
                if keep_next:
                    sub(ppr, "keepNext")
                self._inlines(p, inlines, bold=header or cell.bold,
                              unbroken=column in unbroken)


def _cell_text(inlines: tuple[Inline, ...]) -> str:
    return "".join(i.number if isinstance(i, CrossRef) else i.text for i in inlines)


def _has_bold(inlines: tuple[Inline, ...]) -> bool:
    return any(isinstance(i, Run) and i.bold for i in inlines)


def _run_props(r: etree._Element, *, bold: bool, italic: bool) -> None:
    if bold or italic:
        rpr = sub(r, "rPr")
        if bold:
            sub(rpr, "b")
        if italic:
            sub(rpr, "i")


def _text_run(p: etree._Element, text: str, *, bold: bool = False, italic: bool = False,
              unbroken: bool = False) -> None:
    """Append a run for ``text``; tabs and line breaks become ``w:tab`` and ``w:br``.

    When ``unbroken``, each hyphen (such as a minus sign) becomes a non-breaking hyphen,
    so that no line breaks inside an amount.
    """
    text = clean_text(text)
    if not text:
        return
    r = sub(p, "r")
    _run_props(r, bold=bold, italic=italic)
    pattern = r"(\t|\r\n|\n|-)" if unbroken else r"(\t|\r\n|\n)"
    for piece in re.split(pattern, text):
        if piece == "\t":
            sub(r, "tab")
        elif piece in ("\n", "\r\n"):
            sub(r, "br")
        elif piece == "-":
            sub(r, "noBreakHyphen")
        elif piece:
            t = sub(r, "t")
            t.text = piece
            t.set(f"{{{XML_NS}}}space", "preserve")


def _ref_field(p: etree._Element, bookmark: str, number: str, *, bold: bool) -> None:
    """Append a ``REF`` field to ``bookmark`` whose cached result is ``number``."""

    def field_run() -> etree._Element:
        r = sub(p, "r")
        _run_props(r, bold=bold, italic=False)
        return r

    sub(field_run(), "fldChar", {"fldCharType": "begin"})
    instr = sub(field_run(), "instrText")
    instr.text = f" REF {bookmark} \\r \\h "
    instr.set(f"{{{XML_NS}}}space", "preserve")
    sub(field_run(), "fldChar", {"fldCharType": "separate"})
    result = sub(field_run(), "t")
    result.text = clean_text(number)
    sub(field_run(), "fldChar", {"fldCharType": "end"})
