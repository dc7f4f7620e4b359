"""``render_docx``: the document model in, deterministic ``.docx`` bytes out."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from lxml import etree

from ..docmodel import Document
from ..errors import LibraryError
from ..resources import template_folder
from . import properties as props
from .body import BodyBuilder, collect_anchors
from .contents import toc_instruction
from .numbering import Restarts, style_num_id
from .ooxml import REL_NUMBERING, REL_STYLES, parse, serialize, w
from .package import (
    Parts,
    ensure_relationship,
    main_document,
    related,
    set_content_type,
    tidy_content_types,
    zip_parts,
)
from .styles import CONTENTS_SOURCES, TABLE_TEXT_STYLE
from .template import PreparedTemplate, prepare_template

DEFAULT_TEMPLATE = template_folder()
"""The house template shipped with the package."""


def render_docx(document: Document, *, template: Path | PreparedTemplate,
                reference_doc: Path | None = None) -> bytes:
    """Return the ``.docx`` bytes for ``document``.

    ``template`` is an unpacked template folder (such as ``templates/base``) or a
    ``.docx``, or a :class:`PreparedTemplate` from :func:`prepare_template` (a build
    prepares its template once for all its documents). ``reference_doc`` is a house
    document whose styles, fonts and theme replace the template's (numbering is kept); a
    prepared template already holds its own. The same inputs always give the same bytes.
    Raises :class:`LibraryError` for a broken template and :class:`InputError` for an
    unusable reference document.
    """
    if isinstance(template, PreparedTemplate):
        if reference_doc is not None:
            raise ValueError("give the reference document to prepare_template")
        prepared = template
    else:
        prepared = prepare_template(template, reference_doc)
    parts = prepared.filled({
        "header_text": document.header_text,
        "draft_label": document.draft_label,
        "title": document.properties.title,
    })
    write_body(parts, lambda settings: BodyBuilder(
        anchors=collect_anchors(document.blocks), **settings).build(document.blocks))
    return package(parts, document)


def package(parts: Parts, document: Document) -> bytes:
    """Return ``parts`` as ``.docx`` bytes, with ``document``'s properties written and the
    content types and template comments tidied."""
    _write_properties(parts, document)
    tidy_content_types(parts)
    _strip_comments(parts)
    return zip_parts(parts)


def _strip_comments(parts: Parts) -> None:
    """Drop XML comments (template notes for reviewers) from every part that has them."""
    for name, data in parts.items():
        if name.endswith((".xml", ".rels")) and b"<!--" in data:
            parts[name] = serialize(parse(data))


def write_body(parts: Parts,
               elements: Callable[[dict[str, Any]], Iterable[etree._Element]]) -> None:
    """Put ``elements(settings)`` into the template's body, before its section properties.

    ``settings`` are the keyword arguments a :class:`BodyBuilder` takes from the template
    (:func:`builder_settings`, plus ``restart`` for list numbering); the main part and the
    numbering part are written back into ``parts``.
    """
    main = main_document(parts)
    styles_name = related(parts, main, REL_STYLES)
    numbering_name = related(parts, main, REL_NUMBERING)
    if styles_name is None or numbering_name is None:
        raise LibraryError("template lacks a styles or numbering part")
    numbering = parse(parts[numbering_name])
    styles = parse(parts[styles_name])
    root = parse(parts[main])
    body = root.find(w("body"))
    if body is None:
        raise LibraryError("template document has no body")
    section = body.find(w("sectPr"))
    settings = {**builder_settings(styles, section), "restart": Restarts(numbering).restart}
    for element in elements(settings):
        if section is not None:
            section.addprevious(element)
        else:
            body.append(element)
    parts[main] = serialize(root)
    parts[numbering_name] = serialize(numbering)


def builder_settings(styles: etree._Element,
                     section: etree._Element | None) -> dict[str, Any]:
    """Return what a :class:`BodyBuilder` takes from the template: the text width, the
    numbering behind each style, the table font size and the contents field code."""
    return {
        "text_width": _text_width(section),
        "style_num": functools.cache(lambda style_id: style_num_id(styles, style_id)),
        "table_font_pt": _font_size(styles, TABLE_TEXT_STYLE),
        "toc_instruction": toc_instruction(
            {level: _style_name(styles, style_id)
             for level, style_id in CONTENTS_SOURCES.items()}),
    }


def _style_chain(styles: etree._Element, style_id: str) -> list[etree._Element]:
    """Return the style ``style_id`` and the styles it is based on, nearest first."""
    by_id = {s.get(w("styleId")): s for s in styles.iter(w("style"))}
    chain: list[etree._Element] = []
    current = by_id.get(style_id)
    while current is not None and current not in chain:
        chain.append(current)
        based = current.find(w("basedOn"))
        current = by_id.get(based.get(w("val"))) if based is not None else None
    return chain


def _style_name(styles: etree._Element, style_id: str) -> str:
    """Return the display name of a style (the TOC field's ``\\t`` switch names styles so)."""
    for style in _style_chain(styles, style_id)[:1]:
        name = style.find(w("name"))
        if name is not None and name.get(w("val")):
            return name.get(w("val"))
    return style_id


def _font_size(styles: etree._Element, style_id: str) -> float:
    """Return the font size of a paragraph style in points (its own, inherited or default)."""
    sources = [s.find(w("rPr")) for s in _style_chain(styles, style_id)]
    sources.append(styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}"))
    for rpr in sources:
        size = rpr.find(w("sz")) if rpr is not None else None
        if size is not None and size.get(w("val"), "").isdigit():
            return int(size.get(w("val"))) / 2
    return 10.0


def _text_width(section: etree._Element | None) -> int:
    """Return the width between the margins of the template's section, in twips."""
    if section is None:
        return 9026
    size, margins = section.find(w("pgSz")), section.find(w("pgMar"))
    if size is None or margins is None:
        return 9026
    return int(size.get(w("w"))) - int(margins.get(w("left"))) - int(margins.get(w("right")))


def _write_properties(parts: Parts, document: Document) -> None:
    parts[props.CORE_PART] = serialize(props.core_xml(document.properties))
    parts[props.CUSTOM_PART] = serialize(props.custom_xml(document.properties))
    if props.APP_PART not in parts:
        parts[props.APP_PART] = serialize(props.app_xml())
    for part, rel, content_type in (
        (props.CORE_PART, props.CORE_REL, props.CORE_CT),
        (props.APP_PART, props.APP_REL, props.APP_CT),
        (props.CUSTOM_PART, props.CUSTOM_REL, props.CUSTOM_CT),
    ):
        ensure_relationship(parts, "", rel, part)
        set_content_type(parts, part, content_type)
