"""WordprocessingML vocabulary: namespaces, qualified names and element builders."""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
XML_NS = "http://www.w3.org/XML/1998/namespace"

REL_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
REL_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
REL_THEME = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
REL_FONT_TABLE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
REL_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"

CT_THEME = "application/vnd.openxmlformats-officedocument.theme+xml"

NSMAP = {"w": W_NS, "r": R_NS}

# Characters XML 1.0 cannot carry at all; they are dropped from user text.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# Child order of w:pPr (ECMA-376 CT_PPrBase), used when inserting into existing elements.
PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
    "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku",
    "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi",
    "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
    "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap",
    "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
)

# Child order of w:style (CT_Style).
STYLE_ORDER = (
    "name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority",
    "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose",
    "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr",
)


def w(tag: str) -> str:
    """Return the Clark-notation name of a ``w:`` element or attribute."""
    return f"{{{W_NS}}}{tag}"


def clean_text(text: str) -> str:
    """Return ``text`` without the control characters XML 1.0 forbids."""
    return _XML_ILLEGAL.sub("", text)


def el(tag: str, attrs: dict[str, str] | None = None, *children: etree._Element) -> etree._Element:
    """Build a ``w:`` element with ``w:``-qualified attributes and the given children."""
    node = etree.Element(w(tag), nsmap=NSMAP)
    for key, value in (attrs or {}).items():
        node.set(w(key), value)
    for child in children:
        node.append(child)
    return node


def sub(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None) -> etree._Element:
    """Append a new ``w:`` child to ``parent`` and return it."""
    node = etree.SubElement(parent, w(tag))
    for key, value in (attrs or {}).items():
        node.set(w(key), value)
    return node


def insert_ordered(parent: etree._Element, child: etree._Element, order: Sequence[str]) -> None:
    """Insert ``child`` into ``parent`` at the place the schema sequence ``order`` requires.

    An existing child with the same name is replaced.
    """
    name = etree.QName(child).localname
    rank = order.index(name)
    for existing in parent:
        if not isinstance(existing.tag, str):
            continue
        local = etree.QName(existing).localname
        if local == name:
            existing.addprevious(child)
            parent.remove(existing)
            return
        if local in order and order.index(local) > rank:
            existing.addprevious(child)
            return
    parent.append(child)


def parse(data: bytes) -> etree._Element:
    """Parse an XML part strictly, dropping comments and ignorable whitespace."""
    parser = etree.XMLParser(remove_blank_text=True, remove_comments=True, resolve_entities=False)
    return etree.fromstring(data, parser)


def serialize(root: etree._Element) -> bytes:
    """Serialize a part the way Word writes it: UTF-8, standalone declaration."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
