"""``--reference-doc``: take a house document's styles, fonts and theme, keep our numbering.

The house styles replace the template's by style id; template styles the house lacks are
kept, so every numbered style (and each ``w:lvl``'s ``w:pStyle`` link) still resolves.
Where a house style replaces a numbered template style, the template's ``w:numPr`` is
carried over into it, so the house can restyle clause text without breaking numbering.

A reference document is untrusted input: it is read within the caps below, only the parts
used are inflated, and its styles are parsed once per build, however many documents use them.
"""

from __future__ import annotations

import copy
import hashlib
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
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
    BoundedZip,
    Parts,
    TooLargeError,
    ensure_relationship,
    main_document,
    related,
    set_content_type,
)

T = TypeVar("T")

MAX_FILE_BYTES = 64 * 2**20
"""The largest reference document accepted, as stored (images and all)."""
MAX_PART_BYTES = 16 * 2**20
"""The most any one part used (styles, fonts, theme, relationships) may inflate to."""
MAX_TOTAL_BYTES = 32 * 2**20
"""The most all the parts used may inflate to together."""
MAX_ENTRIES = 10_000
"""The most files the reference document's zip may list."""
MAX_STYLES = 5_000
"""The most styles its styles part may define (Word's own documents hold a few hundred)."""

_HINT = "give a .docx saved by Word or LibreOffice whose styles you want the drafts to use"
_SIZE_HINT = ("save an ordinary document in the firm's house style (its styles, no large "
              "content) and give that instead")


@dataclass(frozen=True)
class House:
    """What a reference document contributes: its styles, font table and theme, parsed.

    Treat the elements as read-only: merging copies them.
    """

    styles: etree._Element
    fonts: etree._Element | None
    theme: etree._Element | None


def apply_reference_doc(parts: Parts, reference: Path) -> None:
    """Merge the styles, fonts and theme of the ``reference`` document into ``parts``.

    Raises :class:`InputError` naming the file when it cannot be read, has no styles, or
    exceeds a cap (:data:`MAX_FILE_BYTES`, :data:`MAX_PART_BYTES`, :data:`MAX_TOTAL_BYTES`,
    :data:`MAX_ENTRIES`, :data:`MAX_STYLES`).
    """
    house = read_house(reference)
    main = main_document(parts)
    ours_name = related(parts, main, REL_STYLES)
    if ours_name is None:
        raise LibraryError("template has no styles part")
    numbering_name = related(parts, main, REL_NUMBERING)
    num_ids = set()
    if numbering_name is not None:
        num_ids = {n.get(w("numId")) for n in parse(parts[numbering_name]).iter(w("num"))}
    parts[ours_name] = serialize(merge_styles(parse(parts[ours_name]), house.styles, num_ids))

    fonts_name = related(parts, main, REL_FONT_TABLE)
    if fonts_name is not None and house.fonts is not None:
        parts[fonts_name] = serialize(merge_fonts(parse(parts[fonts_name]), house.fonts))

    if house.theme is not None:
        theme_name = related(parts, main, REL_THEME) or posixpath.join(
            posixpath.dirname(main), "theme", "theme1.xml")
        parts[theme_name] = serialize(house.theme)
        ensure_relationship(parts, main, REL_THEME, theme_name)
        set_content_type(parts, theme_name, CT_THEME)


def read_house(reference: Path) -> House:
    """Return the styles, fonts and theme of ``reference``, parsed once for its content.

    Raises :class:`InputError` naming the file when it is unreadable, broken or too large.
    """
    try:
        with reference.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise _problem(reference, f"cannot read the reference document: {error.strerror}") from None
    if len(data) > MAX_FILE_BYTES:
        raise _problem(reference, f"the reference document is larger than "
                       f"{MAX_FILE_BYTES // 2**20} MiB", _SIZE_HINT)
    digest = hashlib.sha256(data).hexdigest()
    if digest not in _PARSED:
        house = _located(reference, lambda: _house(data))
        _PARSED.clear()  # one house per build: keep only the latest
        _PARSED[digest] = house
    return _PARSED[digest]


_PARSED: dict[str, House] = {}
"""The last reference document parsed, by the sha256 of its bytes."""


def _house(data: bytes) -> House:
    """Parse a reference document's styles, fonts and theme within the caps."""
    package = BoundedZip(data, max_part=MAX_PART_BYTES, max_total=MAX_TOTAL_BYTES,
                         max_entries=MAX_ENTRIES)
    main = main_document(package)
    styles_name = related(package, main, REL_STYLES)
    if styles_name is None:
        raise LibraryError("the reference document has no styles part")
    styles = parse(package[styles_name])
    count = sum(1 for _ in styles.iterchildren(w("style")))
    if count > MAX_STYLES:
        raise TooLargeError(f"the reference document defines {count:,} styles, more than the "
                         f"{MAX_STYLES:,} allowed")
    fonts_name = related(package, main, REL_FONT_TABLE)
    theme_name = related(package, main, REL_THEME)
    return House(styles, parse(package[fonts_name]) if fonts_name else None,
                 parse(package[theme_name]) if theme_name else None)


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


def _located(reference: Path, action: Callable[[], T]) -> T:
    """Run ``action``, turning a broken reference document into a located input error."""
    try:
        return action()
    except TooLargeError as error:
        raise _problem(reference, str(error), _SIZE_HINT) from None
    except LibraryError as error:
        raise _problem(reference, str(error)) from None
    except etree.XMLSyntaxError as error:
        raise _problem(reference, f"a part of the reference document is not XML: {error}") from None
    except KeyError as error:
        raise _problem(reference, f"the reference document lacks the part {error}") from None


def _problem(reference: Path, message: str, hint: str = _HINT) -> InputError:
    return InputError([input_problem(reference, 0, 0, (), f"--reference-doc: {message}", hint,
                                     code="reference-doc")])
