"""Read a ``.docx`` back into a document model, for comparing documents as text.

Used when a document carries no answers (a schedule pack, a document from elsewhere, one
edited beyond recognition): its paragraphs, styles, numbers, bookmarks, cross-reference
fields and tables become a :class:`~alliancedocs.docmodel.Document`, so the same
clause-by-clause comparison and redline work on it. Tracked changes in it are read as
accepted. Cross-references are its ``REF`` fields; defined-term uses are recognised from the
terms the document itself defines in quotation marks (“Reserved Matters”, “SLaM”), so
both compare as single tokens, as in a comparison of models.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path

from lxml import etree

from ..diagnostics import input_problem
from ..docmodel import (
    Block,
    Cell,
    Contents,
    ContentsEntry,
    CrossRef,
    Document,
    DocumentProperties,
    Inline,
    Paragraph,
    ParaKind,
    Run,
    Table,
    TermUse,
)
from ..errors import InputError, LibraryError
from ..render.body import SHADE_FILL
from ..render.contents import ENTRY_STYLES, GALLERY, HEADING_STYLE
from ..render.numbers import Numbering
from ..render.ooxml import REL_NUMBERING, REL_STYLES, parse, w
from ..render.package import main_document, related
from ..render.provenance import Provenance, open_document
from ..render.revisions import resolve
from ..render.styles import CAPTION_STYLE, TABLE_SPACER_STYLE, paragraph_style
from .versions import AGREEMENT, TEXT_ONLY, Version, document_path

_REF = re.compile(r"^\s*REF\s+(\S+)")
_QUOTED = re.compile(r"“([^“”\n]{1,80})”")
MAX_TERM_WORDS = 6
"""A quoted phrase of more words than this is a quotation, not a defined term."""
_CHARACTERS = {"t": "", "tab": "\t", "br": "\n", "cr": "\n", "softHyphen": "\u00ad",
               "noBreakHyphen": "-"}
"""The run content that is text, and the character each element stands for (a build
writes the minus sign of an amount as a non-breaking hyphen). A page or column break
(``w:br`` of another type) is layout: see :func:`_page_breaks`."""
MAX_PARAGRAPHS = 20000
"""The most paragraphs a document read back may have."""


def _style_kinds() -> dict[tuple[str, int | None], tuple[ParaKind, int]]:
    """Return (style id, ilvl override) → (kind, level), inverting the renderer's choice."""
    found: dict[tuple[str, int | None], tuple[ParaKind, int]] = {}
    for kind in ParaKind:
        for level in range(7):
            style = paragraph_style(kind, level, "(1)" if kind is ParaKind.recital else "")
            ilvl = -1 if style.suppress else style.ilvl
            found.setdefault((style.style, ilvl), (kind, level))
    for kind in (ParaKind.recital,):
        style = paragraph_style(kind, 1, "(A)")
        found.setdefault((style.style, style.ilvl), (kind, 1))
    return found


_KINDS = _style_kinds()


def read_back(path: Path, data: bytes, record: Provenance | None) -> Version:
    """Return a text-only version of the ``.docx`` ``data`` read from ``path``."""
    try:
        document = read_document(data, str(path))
    except (LibraryError, etree.XMLSyntaxError, KeyError, ValueError) as error:
        raise InputError([input_problem(path, 0, 0, (), f"cannot read this .docx: {error}",
                                  "give a .docx saved by Word or LibreOffice")]) from None
    name = document_path(record.document) if record is not None and record.document else \
        AGREEMENT
    why = ("it is a schedule pack, which carries no answers" if record is not None
           else "it carries no alliancedocs answers")
    return Version(path, TEXT_ONLY, None, {name: document}, {},
                   record.library_sha256 if record else None,
                   record.library_files if record else (),
                   record.templates if record else (),
                   notes=(f"{path} is compared as text: {why}",))


def read_document(data: bytes, origin: str) -> Document:
    """Return the document model of a ``.docx`` (its tracked changes accepted)."""
    del origin  # errors are named by the caller
    parts = open_document(data)
    main = main_document(parts)
    root = parse(parts[main])
    resolve(root, accept=True)
    styles_name, numbering_name = related(parts, main, REL_STYLES), related(parts, main,
                                                                             REL_NUMBERING)
    numbering = Numbering(parse(parts[styles_name]) if styles_name else None,
                          parse(parts[numbering_name]) if numbering_name else None)
    body = root.find(w("body"))
    if body is None:
        raise ValueError("the document has no body")
    blocks: list[Block] = []
    caption: str | None = None
    count = 0
    broken = False  # a page break ended the paragraph before
    for child in _children(body):
        count += 1
        if count > MAX_PARAGRAPHS:
            raise ValueError(f"more than {MAX_PARAGRAPHS} paragraphs")
        if child.tag == w("tbl"):
            blocks.append(_table(child, caption))
            caption, broken = None, False
        elif child.tag == w("sdt"):
            contents = _contents(child)
            if contents is not None:
                blocks.append(contents)
        elif child.tag == w("p"):
            if caption is not None:
                blocks.append(Paragraph(ParaKind.body, (Run(caption),)))
                caption = None
            style = _style(child)
            if style == CAPTION_STYLE:
                caption = "".join(_text(i) for i in _inlines(child))
                continue
            leading, trailing = _page_breaks(child)
            para = _paragraph(child, numbering)
            if (para is None or not para.inlines) and leading:
                broken = True  # a paragraph that holds nothing but a page break
                continue
            if para is not None:
                if leading or broken:
                    para = replace(para, page_break_before=True)
                blocks.append(para)
            broken = trailing
    blocks = _linked_contents(blocks)
    title = _core_title(parts)
    properties = DocumentProperties(title=title, subject="", author="", keywords="",
                                    created=_date(parts))
    return Document(properties, "", "", _with_terms(tuple(blocks),
                                                    _defined_terms(tuple(blocks))))


def _linked_contents(blocks: list[Block]) -> list[Block]:
    """Return ``blocks`` with each contents entry linked to its heading's bookmark.

    A contents list that Word has rebuilt links to bookmarks of its own (``_Toc…``): such an
    entry is linked to the heading with its number instead. A contents list with an entry
    that matches no heading is left out, as one the word processor has rewritten.
    """
    headings = {b.anchor: b for b in blocks if isinstance(b, Paragraph) and b.anchor}
    levels = {ParaKind.clause_heading: 1, ParaKind.schedule_heading: 2}
    by_number = {(levels[b.kind], b.number): anchor for anchor, b in headings.items()
                 if b.number and b.kind in levels}
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Contents):
            entries = []
            for entry in block.entries:
                anchor = entry.anchor if entry.anchor in headings else by_number.get(
                    (entry.level, entry.number.removeprefix("Schedule ").strip()))
                if anchor is None:
                    break
                entries.append(replace(entry, anchor=anchor))
            else:
                out.append(replace(block, entries=tuple(entries)))
            continue
        out.append(block)
    return out


def _page_breaks(p: etree._Element) -> tuple[bool, bool]:
    """Return whether a paragraph has a page break before all its text, and whether it
    has one after all its text.

    Both are read as a page break before a paragraph (``w:pageBreakBefore``), which is how
    a build writes it: LibreOffice saves that as a ``w:br`` of type "page" at the start of
    the paragraph, or at the end of the one before it.
    """
    leading = trailing = seen = False
    for node in p.iter(w("t"), w("br"), w("tab")):
        if node.tag == w("br") and node.get(w("type")) == "page":
            leading, trailing = leading or not seen, seen
        elif node.tag != w("br") and (node.text or node.tag == w("tab")):
            seen, trailing = True, False
    return leading, trailing


def _children(parent: etree._Element, tag: str | None = None) -> Iterator[etree._Element]:
    """Yield the children of a body, table, row or cell (those with ``tag`` when given),
    looking through the content controls (``w:sdt``) and custom XML elements that Word
    may wrap around paragraphs, rows and cells. The table of contents, a content control
    of its own, is yielded whole (to a caller that asks for every child)."""
    for child in parent:
        if child.tag in (w("sdt"), w("customXml")):
            gallery = child.find(f"{w('sdtPr')}/{w('docPartObj')}/{w('docPartGallery')}")
            if gallery is not None and gallery.get(w("val")) == GALLERY:
                if tag is None:
                    yield child
                continue
            content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
            if content is not None:
                yield from _children(content, tag)
        elif tag is None or child.tag == tag:
            yield child


_LEVELS = {style: level for level, style in ENTRY_STYLES.items()}
# LibreOffice saves the contents styles under its own names.
_LEVELS.update({f"Contents{level}": level for level in ENTRY_STYLES})
_CONTENTS_HEADINGS = frozenset({HEADING_STYLE, "ContentsHeading"})


def _contents(sdt: etree._Element) -> Contents | None:
    """Return the contents list a table of contents holds: its title and, for each entry
    that links to a heading, the number and title it shows (``None`` if it has no title).

    Entries are read as the document stores them, so a contents list that Word or
    LibreOffice has updated reads as it now stands.
    """
    content = sdt.find(w("sdtContent"))
    if content is None:
        return None
    title: str | None = None
    entries: list[ContentsEntry] = []
    for p in content.iter(w("p")):
        style = _style(p)
        if style in _CONTENTS_HEADINGS and title is None:
            title = "".join(_text(i) for i in _inlines(p)).strip()
            continue
        link = p.find(f".//{w('hyperlink')}")
        anchor = link.get(w("anchor")) if link is not None else None
        if anchor and style in _LEVELS:
            # The first entry also holds the field's start, so its text is read directly.
            text = "".join(n.text or "" if n.tag == w("t") else "\t"
                           for n in link.iter(w("t"), w("tab")))
            # A rebuilt entry may end in a tab and its page number.
            number, _, heading = text.partition("\t")
            heading = heading.split("\t")[0]
            entries.append(ContentsEntry(anchor=anchor, number=number.strip(),
                                         title=heading.strip(), level=_LEVELS[style]))
    return Contents(title, tuple(entries)) if title else None


def _style(p: etree._Element) -> str:
    node = p.find(f"{w('pPr')}/{w('pStyle')}")
    return node.get(w("val"), "") if node is not None else ""


def _paragraph(p: etree._Element, numbering: Numbering) -> Paragraph | None:
    ppr = p.find(w("pPr"))
    number = numbering.number(p)
    inlines = _inlines(p)
    style = _style(p)
    if not inlines and (ppr is None or style == TABLE_SPACER_STYLE):
        return None  # the spacer a build puts after a table
    ilvl_node = ppr.find(f"{w('numPr')}/{w('ilvl')}") if ppr is not None else None
    num_node = ppr.find(f"{w('numPr')}/{w('numId')}") if ppr is not None else None
    ilvl: int | None = int(ilvl_node.get(w("val"), "0")) if ilvl_node is not None else None
    if num_node is not None and num_node.get(w("val")) == "0":
        ilvl = -1
    kind, level = _KINDS.get((style, ilvl), _KINDS.get((style, None), (ParaKind.body, 0)))
    if kind is ParaKind.schedule_heading and number.startswith("Schedule "):
        number = number.removeprefix("Schedule ")
        if inlines and isinstance(inlines[0], Run) and inlines[0].text.startswith("\n"):
            inlines = (Run(inlines[0].text[1:], inlines[0].bold, inlines[0].italic),
                       *inlines[1:])
    names = [b.get(w("name"), "") for b in p.iter(w("bookmarkStart"))]
    # A build's own bookmarks first: Word adds "_Ref" and digits to a paragraph that a
    # cross-reference inserted in Word points to.
    anchor = next((n for n in names if n.startswith("_Ref_")),
                  next((n for n in names if n.startswith("_Ref")), None))
    return Paragraph(kind, inlines, level=level if number or kind is not ParaKind.body else 0,
                     number=number, anchor=anchor,
                     page_break_before=_on(ppr, "pageBreakBefore"),
                     keep_with_next=_on(ppr, "keepNext"))


def _inlines(p: etree._Element) -> tuple[Inline, ...]:
    """Return a paragraph's content: runs of text, and ``REF`` fields as references (both
    the complex fields a build, Word and LibreOffice write and ``w:fldSimple``)."""
    out: list[Inline] = []
    field: list[str] | None = None
    result: list[str] = []
    in_result = False
    simple: etree._Element | None = None  # the REF w:fldSimple whose runs were read
    for r in p.iter(w("r")):
        parent = r.getparent()
        if parent is simple:
            continue
        if parent is not None and parent.tag == w("fldSimple") and field is None:
            match = _REF.match(parent.get(w("instr"), ""))
            if match:
                simple = parent
                out.append(CrossRef(match.group(1), "".join(t.text or "" for t in
                                                            parent.iter(w("t")))))
                continue
        rpr = r.find(w("rPr"))
        bold, italic = _on(rpr, "b"), _on(rpr, "i")
        for node in r:
            tag = etree.QName(node).localname
            if tag == "fldChar":
                kind = node.get(w("fldCharType"))
                if kind == "begin":
                    field, result, in_result = [], [], False
                elif kind == "separate":
                    in_result = True
                elif kind == "end" and field is not None:
                    match = _REF.match("".join(field))
                    shown = "".join(result)
                    if match:
                        out.append(CrossRef(match.group(1), shown))
                    elif shown:
                        out.append(Run(shown, bold, italic))
                    field, in_result = None, False
            elif tag == "instrText" and field is not None:
                field.append(node.text or "")
            elif tag in _CHARACTERS and not (tag == "br" and node.get(w("type"), "textWrapping")
                                             != "textWrapping"):
                text = node.text or "" if tag == "t" else _CHARACTERS[tag]
                if field is not None and in_result:
                    result.append(text)
                elif field is None:
                    _append(out, Run(text, bold, italic))
    return tuple(out)


def _on(properties: etree._Element | None, tag: str) -> bool:
    """Return True when a property such as ``w:b`` or ``w:keepNext`` is on: present, and
    not ``w:val`` "0", "false" or "off" (as Word writes to switch off a style's bold)."""
    node = properties.find(w(tag)) if properties is not None else None
    return node is not None and node.get(w("val"), "true").lower() not in ("0", "false", "off")


def shared_terms(old: Document, new: Document) -> tuple[Document, Document]:
    """Return both documents with their term uses found from the terms either defines.

    A lawyer who renames a defined term, or defines a new one, changes which phrases are
    term uses in one document only; found apart, every unchanged use of the term elsewhere
    would compare as changed (a term use against the same words as text).
    """
    plain_old, plain_new = _plain(old.blocks), _plain(new.blocks)
    terms = _defined_terms(plain_old)
    for form, term in _defined_terms(plain_new).items():
        terms.setdefault(form, term)
    return (replace(old, blocks=_with_terms(plain_old, terms)),
            replace(new, blocks=_with_terms(plain_new, terms)))


def _plain(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Return ``blocks`` with each term use as the plain text it is."""
    def text(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for inline in inlines:
            if isinstance(inline, TermUse):
                _append(out, Run(inline.text))
            elif isinstance(inline, Run):
                _append(out, inline)
            else:
                out.append(inline)
        return tuple(out)

    def cells(row: tuple[Cell, ...]) -> tuple[Cell, ...]:
        return tuple(replace(c, paragraphs=tuple(text(p) for p in c.paragraphs)) for c in row)

    return tuple(replace(b, inlines=text(b.inlines)) if isinstance(b, Paragraph)
                 else replace(b, header=cells(b.header), rows=tuple(cells(r) for r in b.rows))
                 if isinstance(b, Table) else b for b in blocks)


def _defined_terms(blocks: tuple[Block, ...]) -> dict[str, str]:
    """Return the terms a document defines, each form (singular and plural) mapped to the
    term: a phrase in quotation marks that starts with a capital and has at most
    :data:`MAX_TERM_WORDS` words."""
    terms: dict[str, str] = {}
    for block in blocks:
        if isinstance(block, Paragraph):
            for match in _QUOTED.finditer("".join(_text(i) for i in block.inlines)):
                term = match.group(1).strip()
                if term[:1].isupper() and len(term.split()) <= MAX_TERM_WORDS:
                    for form in (term, *_number_forms(term)):
                        terms.setdefault(form, term)
    return terms


def _with_terms(blocks: tuple[Block, ...], terms: dict[str, str]) -> tuple[Block, ...]:
    """Return ``blocks`` with each use of one of ``terms`` (a form mapped to its term) as a
    term use. Only plain runs are searched (a bold or italic run is a heading or a
    definition itself)."""
    if not terms:
        return blocks
    pattern = re.compile(r"(?<![\w’'])(" + "|".join(
        re.escape(form) for form in sorted(terms, key=lambda f: (-len(f), f))) + r")(?![\w’'])")

    def split(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for inline in inlines:
            if not isinstance(inline, Run) or inline.bold or inline.italic:
                out.append(inline)
                continue
            at = 0
            for match in pattern.finditer(inline.text):
                if match.start() > at:
                    out.append(Run(inline.text[at:match.start()]))
                out.append(TermUse(terms[match.group(1)], match.group(1)))
                at = match.end()
            if at < len(inline.text):
                out.append(Run(inline.text[at:]))
        return tuple(out)

    def cells(row: tuple[Cell, ...]) -> tuple[Cell, ...]:
        return tuple(replace(c, paragraphs=tuple(split(p) for p in c.paragraphs)) for c in row)

    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(replace(block, inlines=split(block.inlines)))
        elif isinstance(block, Table):
            out.append(replace(block, header=cells(block.header),
                               rows=tuple(cells(row) for row in block.rows)))
        else:
            out.append(block)
    return tuple(out)


def _number_forms(term: str) -> tuple[str, ...]:
    """Return the other grammatical number of a term ("Party" and "Parties")."""
    if term.endswith("ies"):
        return (term[:-3] + "y",)
    if term.endswith("s"):
        return (term[:-1],)
    if term.endswith("y") and term[-2:-1] not in "aeiou":
        return (term[:-1] + "ies",)
    return (term + "s",)


def _append(out: list[Inline], run: Run) -> None:
    last = out[-1] if out else None
    if isinstance(last, Run) and last.bold == run.bold and last.italic == run.italic:
        out[-1] = replace(last, text=last.text + run.text)
    elif run.text:
        out.append(run)


def _text(inline: Inline) -> str:
    return inline.number if isinstance(inline, CrossRef) else inline.text


def _table(tbl: etree._Element, caption: str | None) -> Table:
    widths = tuple(max(1, int(g.get(w("w"), "1"))) for g in tbl.iter(w("gridCol")))
    header: tuple[Cell, ...] = ()
    rows: list[tuple[Cell, ...]] = []
    for tr in _children(tbl, w("tr")):
        cells = tuple(_cell(tc) for tc in _children(tr, w("tc")))
        if not header and tr.find(f"{w('trPr')}/{w('tblHeader')}") is not None:
            header = tuple(replace(c, bold=False, shade=False) for c in cells)
        else:
            rows.append(cells)
    return Table(header, tuple(rows), widths or (1,), caption)


def _cell(tc: etree._Element) -> Cell:
    paragraphs = []
    runs_bold = []
    for p in _children(tc, w("p")):
        inlines = _inlines(p)
        paragraphs.append(inlines)
        runs_bold.extend(i.bold for i in inlines if isinstance(i, Run))
    shd = tc.find(f"{w('tcPr')}/{w('shd')}")
    shade = shd is not None and shd.get(w("fill")) == SHADE_FILL
    if paragraphs == [()]:
        paragraphs = []
    bold = bool(runs_bold) and all(runs_bold)
    if bold:
        paragraphs = [tuple(replace(i, bold=False) if isinstance(i, Run) else i for i in para)
                      for para in paragraphs]
    return Cell(tuple(paragraphs), bold=bold, shade=shade)


def _core_title(parts: Mapping[str, bytes]) -> str:
    data = parts.get("docProps/core.xml")
    if data is None:
        return ""
    node = parse(data).find("{http://purl.org/dc/elements/1.1/}title")
    return node.text or "" if node is not None else ""


def _date(parts: Mapping[str, bytes]) -> date:
    data = parts.get("docProps/core.xml")
    if data is not None:
        node = parse(data).find("{http://purl.org/dc/terms/}created")
        if node is not None and node.text and re.match(r"\d{4}-\d\d-\d\d", node.text):
            return date.fromisoformat(node.text[:10])
    return date(2000, 1, 1)


__all__ = ["read_back", "read_document", "shared_terms"]
