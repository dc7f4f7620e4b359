"""The house template, prepared once per build and shared by every document of the build.

Preparing reads the template, lets docxtpl fill its placeholders (the running header and
footer) with markers (kept in the user's cache, see :mod:`alliancedocs.cache`, so docxtpl
runs again only when the template or its version changes), and merges a
``--reference-doc``'s styles, once. Each document then
only swaps its own values in for the markers: the result is byte for byte what filling the
template afresh for that document gives (a test compares the two).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from lxml import etree

from ..cache import cache_path, read_cache, write_cache
from .ooxml import clean_text
from .package import Parts, load_template
from .placeholders import PLACEHOLDERS, fill_placeholders, plain_placeholders
from .reference import apply_reference_doc

_MARKERS = {name: f"\ue0f0{name}\ue0f1" for name in PLACEHOLDERS}
"""A private-use marker per placeholder: text no template or answer contains."""
_LISTING_CHARS = frozenset("\t\n\a\f\r")
"""Characters docxtpl turns into tabs, breaks or new paragraphs, so values with them take
the full docxtpl path."""


@dataclass(frozen=True)
class PreparedTemplate:
    """A template ready to take one document after another.

    ``source`` is the template as read. ``marked`` is the template with every placeholder
    filled by its marker and the house styles merged; it is None when the placeholders do
    more than print a value, and then each document fills the template afresh.
    """

    source: Parts
    marked: Parts | None
    reference_doc: Path | None

    def filled(self, values: dict[str, str]) -> Parts:
        """Return a fresh copy of the template parts with the placeholders set to ``values``."""
        safe = {name: clean_text(values[name]) for name in PLACEHOLDERS}
        if self.marked is None or any(_LISTING_CHARS & set(v) for v in safe.values()):
            parts = fill_placeholders(dict(self.source), safe)
            if self.reference_doc is not None:
                apply_reference_doc(parts, self.reference_doc)
            return parts
        parts = dict(self.marked)
        for name, data in parts.items():
            if b"\xee\x83\xb0" in data:  # the UTF-8 of the markers' first character
                for placeholder, value in safe.items():
                    data = _swap(data, _MARKERS[placeholder].encode(), value)
                parts[name] = data
        return parts


def prepare_template(template: Path, reference_doc: Path | None = None) -> PreparedTemplate:
    """Read ``template`` (a folder or ``.docx``) and prepare it for :func:`render_docx`.

    Raises :class:`LibraryError` for a broken template and :class:`InputError` for an
    unusable reference document.
    """
    source = load_template(template)
    if not plain_placeholders(source):
        return PreparedTemplate(source, None, reference_doc)
    marked = _marked(source)
    if reference_doc is not None:
        apply_reference_doc(marked, reference_doc)
    return PreparedTemplate(source, marked, reference_doc)


def _marked(source: Parts) -> Parts:
    """Return ``source`` filled with the markers by docxtpl, kept in the user's cache.

    The result depends only on the template and the docxtpl and python-docx versions, so
    docxtpl (and python-docx) need not even be imported again until one of them changes.
    """
    digest = hashlib.sha256(repr(sorted(_MARKERS.items())).encode())
    for name in sorted(source):
        digest.update(b"%d:%s\0%d:" % (len(name), name.encode(), len(source[name])))
        digest.update(source[name])
    key = "|".join((digest.hexdigest(), version("docxtpl"), version("python-docx")))
    path = cache_path("template", key)
    cached = read_cache(path)
    if isinstance(cached, dict) and all(
            isinstance(k, str) and isinstance(v, bytes) for k, v in cached.items()):
        return cached
    marked = fill_placeholders(dict(source), _MARKERS)
    write_cache(path, marked)
    return marked


def _swap(data: bytes, marker: bytes, value: str) -> bytes:
    """Return the XML ``data`` with ``marker`` replaced by ``value``, as lxml would write it.

    lxml writes an element whose whole text is empty as ``<w:t/>``, so an empty value that
    was an element's whole text closes the element.
    """
    if not value:
        data = re.sub(rb"(<[^<>]*[^/<>])>" + re.escape(marker) + rb"</[^<>]+>", rb"\1/>", data)
    return data.replace(marker, _xml_text(value))


def _xml_text(value: str) -> bytes:
    """Return ``value`` as lxml writes it in UTF-8 element text (``&``, ``<``, ``>`` escaped)."""
    node = etree.Element("t")
    node.text = value
    return etree.tostring(node, encoding="UTF-8")[len(b"<t>"):-len(b"</t>")]
