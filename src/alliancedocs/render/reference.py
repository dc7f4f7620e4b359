"""``--reference-doc``: take a house document's styles, fonts and theme, keep our numbering.

The house styles replace the template's by style id; template styles the house lacks are
kept, so every numbered style (and each ``w:lvl``'s ``w:pStyle`` link) still resolves.
Where a house style replaces a numbered template style, the template's ``w:numPr`` is
carried over into it, so the house can restyle clause text without breaking numbering.
"""

from __future__ import annotations

import copy
import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from lxml import etree

from ..diagnostics import input_problem
from ..errors import InputError, LibraryError
from .ooxml import (
    CT_THEME,
    PPR_ORDER,
    REL_FONT_TABLE,
    REL_NUMBERING,
    REL_STYLES,
    REL_THEME,
    STYLE_ORDER,
    insert_ordered,
    parse,
    serialize,
    w,
)
from .package import (
    Parts,
    ensure_relationship,
    main_document,
    read_zip,
    related,
    set_content_type,
)

T = TypeVar("T")

_HINT = "give a .docx saved by Word or LibreOffice whose styles you want the drafts to use"


def apply_reference_doc(parts: Parts, reference: Path) -> None:
    """Merge the styles, fonts and theme of the ``reference`` document into ``parts``.

    Raises :class:`InputError` naming the file when it cannot be read or has no styles.
    """
    house = _read_house(reference)
    main = main_document(parts)
    house_main = _located(reference, lambda: main_document(house))
    house_styles = related(house, house_main, REL_STYLES)
    if house_styles is None:
        raise _problem(reference, "the reference document has no styles part")
    ours_name = related(parts, main, REL_STYLES)
    if ours_name is None:
        raise LibraryError("template has no styles part")
    numbering_name = related(parts, main, REL_NUMBERING)
    num_ids = set()
    if numbering_name is not None:
        num_ids = {n.get(w("numId")) for n in parse(parts[numbering_name]).iter(w("num"))}
    theirs = _located(reference, lambda: parse(house[house_styles]))
    parts[ours_name] = serialize(merge_styles(parse(parts[ours_name]), theirs, num_ids))

    fonts_name = related(parts, main, REL_FONT_TABLE)
    house_fonts = related(house, house_main, REL_FONT_TABLE)
    if fonts_name is not None and house_fonts is not None:
        merged = merge_fonts(parse(parts[fonts_name]), _located(reference,
                                                              lambda: parse(house[house_fonts])))
        parts[fonts_name] = serialize(merged)

    house_theme = related(house, house_main, REL_THEME)
    if house_theme is not None:
        theme_name = related(parts, main, REL_THEME) or posixpath.join(
            posixpath.dirname(main), "theme", "theme1.xml")
        parts[theme_name] = serialize(_located(reference, lambda: parse(house[house_theme])))
        ensure_relationship(parts, main, REL_THEME, theme_name)
        set_content_type(parts, theme_name, CT_THEME)


def merge_styles(ours: etree._Element, theirs: etree._Element,
                 num_ids: set[str | None]) -> etree._Element:
    """Return the house styles part with the template's missing styles and numbering added.

    ``num_ids`` are the ``w:numId`` values the document's numbering part defines; house
    ``w:numPr`` that point elsewhere are dropped, since the house numbering is not copied.
    """
    merged = copy.deepcopy(theirs)
    house_by_id = {s.get(w("styleId")): s for s in merged.findall(w("style"))}
    house_defaults = {s.get(w("type")) for s in merged.findall(w("style"))
                      if s.get(w("default")) in ("1", "true", "on")}
    if merged.find(w("docDefaults")) is None and ours.find(w("docDefaults")) is not None:
        merged.insert(0, copy.deepcopy(ours.find(w("docDefaults"))))
    for style in ours.findall(w("style")):
        style_id = style.get(w("styleId"))
        numpr = style.find(f"{w('pPr')}/{w('numPr')}")
        house = house_by_id.get(style_id)
        if house is None:
            added = copy.deepcopy(style)
            if added.get(w("type")) in house_defaults:
                added.attrib.pop(w("default"), None)
            merged.append(added)
        elif numpr is not None:
            ppr = house.find(w("pPr"))
            if ppr is None:
                ppr = etree.Element(w("pPr"))
                insert_ordered(house, ppr, STYLE_ORDER)
            insert_ordered(ppr, copy.deepcopy(numpr), PPR_ORDER)
    for numpr in list(merged.iter(w("numPr"))):
        num_id = numpr.find(w("numId"))
        if num_id is None or num_id.get(w("val")) not in num_ids:
            numpr.getparent().remove(numpr)
    _drop_dangling_links(merged)
    return merged


def merge_fonts(ours: etree._Element, theirs: etree._Element) -> etree._Element:
    """Return our font table plus the house fonts it lacks (without embedded font data)."""
    merged = copy.deepcopy(ours)
    names = {f.get(w("name")) for f in merged.findall(w("font"))}
    for font in theirs.findall(w("font")):
        if font.get(w("name")) in names:
            continue
        added = copy.deepcopy(font)
        for child in list(added):
            if isinstance(child.tag, str) and etree.QName(child).localname.startswith("embed"):
                added.remove(child)
        merged.append(added)
    return merged


def _drop_dangling_links(styles: etree._Element) -> None:
    ids = {s.get(w("styleId")) for s in styles.findall(w("style"))}
    for style in styles.findall(w("style")):
        for tag in ("basedOn", "next", "link"):
            link = style.find(w(tag))
            if link is not None and link.get(w("val")) not in ids:
                style.remove(link)


def _read_house(reference: Path) -> Parts:
    try:
        data = reference.read_bytes()
    except OSError as error:
        raise _problem(reference, f"cannot read the reference document: {error.strerror}") from None
    return _located(reference, lambda: read_zip(data, ""))


def _located(reference: Path, action: Callable[[], T]) -> T:
    """Run ``action``, turning a broken reference document into a located input error."""
    try:
        return action()
    except LibraryError as error:
        raise _problem(reference, str(error)) from None
    except etree.XMLSyntaxError as error:
        raise _problem(reference, f"a part of the reference document is not XML: {error}") from None
    except KeyError as error:
        raise _problem(reference, f"the reference document lacks the part {error}") from None


def _problem(reference: Path, message: str) -> InputError:
    return InputError([input_problem(reference, 0, 0, (), f"--reference-doc: {message}", _HINT,
                                     code="reference-doc")])
