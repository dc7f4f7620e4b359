"""Document properties: core (docProps/core.xml), custom (docProps/custom.xml), app defaults."""

from __future__ import annotations

from lxml import etree

from ..docmodel import DocumentProperties
from ..errors import LibraryError
from .ooxml import clean_text

CP_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"
DCMITYPE_NS = "http://purl.org/dc/dcmitype/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
EXT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"

CORE_PART = "docProps/core.xml"
APP_PART = "docProps/app.xml"
CUSTOM_PART = "docProps/custom.xml"
CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
APP_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
CORE_CT = "application/vnd.openxmlformats-package.core-properties+xml"
APP_CT = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"

LAST_MODIFIED_BY = "alliancedocs"
# The format id Office uses for user-defined custom properties.
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def core_xml(props: DocumentProperties) -> etree._Element:
    """Return the core properties; both dates are ``props.created`` at midnight UTC."""
    nsmap = {"cp": CP_NS, "dc": DC_NS, "dcterms": DCTERMS_NS, "dcmitype": DCMITYPE_NS,
             "xsi": XSI_NS}
    root = etree.Element(f"{{{CP_NS}}}coreProperties", nsmap=nsmap)
    stamp = f"{props.created.isoformat()}T00:00:00Z"
    for ns, tag, value in (
        (DC_NS, "title", props.title),
        (DC_NS, "subject", props.subject),
        (DC_NS, "creator", props.author),
        (CP_NS, "keywords", props.keywords),
        (CP_NS, "lastModifiedBy", LAST_MODIFIED_BY),
        (CP_NS, "revision", "1"),
        (DCTERMS_NS, "created", stamp),
        (DCTERMS_NS, "modified", stamp),
    ):
        node = etree.SubElement(root, f"{{{ns}}}{tag}")
        node.text = clean_text(value)
        if ns == DCTERMS_NS:
            node.set(f"{{{XSI_NS}}}type", "dcterms:W3CDTF")
    return root


def custom_xml(props: DocumentProperties) -> etree._Element:
    """Return the custom properties, one text property per ``props.custom`` pair, in order."""
    names = [name for name, _value in props.custom]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise LibraryError(f"custom document properties repeat the names {duplicates}")
    root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
    for pid, (name, value) in enumerate(props.custom, start=2):
        prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property")
        prop.set("fmtid", _CUSTOM_FMTID)
        prop.set("pid", str(pid))
        prop.set("name", clean_text(name))
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = clean_text(value)
    return root


def app_xml() -> etree._Element:
    """Return minimal extended properties, used when the template brings none."""
    root = etree.Element(f"{{{EXT_NS}}}Properties", nsmap={None: EXT_NS, "vt": VT_NS})
    for tag, value in (("Application", "alliancedocs"), ("DocSecurity", "0"),
                       ("ScaleCrop", "false"), ("LinksUpToDate", "false"),
                       ("SharedDoc", "false"), ("HyperlinksChanged", "false")):
        etree.SubElement(root, f"{{{EXT_NS}}}{tag}").text = value
    return root
