"""The contents list as Word stores a table of contents: a TOC field with its result filled in.

Word keeps a table of contents as a ``TOC`` field inside a structured document tag of the
"Table of Contents" gallery. The field's result (between its ``separate`` and ``end``
marks) holds one paragraph per entry, styled ``TOC1``, ``TOC2``..., each entry a
hyperlink to a bookmark on its heading. Word and LibreOffice show that stored result as
it is until the user updates the field, so the renderer writes the entries itself: the
contents reads right when the document is first opened.

The field has the ``\\n`` switch (no page numbers). Page numbers depend on the word
processor's layout, which the generator cannot know; an entry with a guessed page number
would be wrong until a field update, while an entry without one is right from the start,
and stays right, in the same form, when Word rebuilds the field. ``\\t`` lists the two
heading styles (clauses at level 1, schedules at level 2), so an update picks up exactly
the headings the generator listed and not the title page or the front matter.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from ..docmodel import Contents, ContentsEntry
from .ooxml import XML_NS, clean_text, el, sub

HEADING_STYLE = "TOCHeading"
ENTRY_STYLES = {1: "TOC1", 2: "TOC2"}
GALLERY = "Table of Contents"


def toc_instruction(style_names: dict[int, str]) -> str:
    """Return the ``TOC`` field code: hyperlinked entries, no page numbers, from the styles
    named in ``style_names`` (their display names, by contents level)."""
    pairs = ",".join(f"{name},{level}" for level, name in sorted(style_names.items()))
    return f' TOC \\h \\z \\n \\t "{pairs}" '


def contents_block(contents: Contents, *, instruction: str,
                   bookmark: Callable[[str], str]) -> etree._Element:
    """Return the ``w:sdt`` holding ``contents``: its title, then the TOC field whose result
    is the entries. ``bookmark`` gives the bookmark name of a heading's anchor."""
    sdt = el("sdt")
    part = sub(sub(sdt, "sdtPr"), "docPartObj")
    sub(part, "docPartGallery", {"val": GALLERY})
    sub(part, "docPartUnique")
    content = sub(sdt, "sdtContent")

    title = sub(content, "p")
    ppr = sub(title, "pPr")
    sub(ppr, "pStyle", {"val": HEADING_STYLE})
    sub(ppr, "pageBreakBefore")
    _text(title, contents.title)

    for index, entry in enumerate(contents.entries):
        p = _entry_paragraph(content, entry)
        if index == 0:
            _field_start(p, instruction)
        link = sub(p, "hyperlink", {"anchor": bookmark(entry.anchor), "history": "1"})
        _text(link, entry.number)
        sub(_run(link), "tab")
        _text(link, entry.title)

    closing = sub(content, "p")
    sub(sub(closing, "pPr"), "pStyle", {"val": ENTRY_STYLES[1]})
    sub(_run(closing), "fldChar", {"fldCharType": "end"})
    return sdt


def _entry_paragraph(content: etree._Element, entry: ContentsEntry) -> etree._Element:
    p = sub(content, "p")
    style = ENTRY_STYLES.get(entry.level, ENTRY_STYLES[max(ENTRY_STYLES)])
    sub(sub(p, "pPr"), "pStyle", {"val": style})
    return p


def _field_start(p: etree._Element, instruction: str) -> None:
    sub(_run(p), "fldChar", {"fldCharType": "begin"})
    instr = sub(_run(p), "instrText")
    instr.text = instruction
    instr.set(f"{{{XML_NS}}}space", "preserve")
    sub(_run(p), "fldChar", {"fldCharType": "separate"})


def _run(parent: etree._Element) -> etree._Element:
    r = sub(parent, "r")
    sub(sub(r, "rPr"), "noProof")
    return r


def _text(parent: etree._Element, text: str) -> None:
    text = clean_text(text)
    if not text:
        return
    t = sub(_run(parent), "t")
    t.text = text
    t.set(f"{{{XML_NS}}}space", "preserve")
