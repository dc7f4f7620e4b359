"""Provenance embedded in every generated ``.docx``: a custom XML part that Word keeps.

The part (``customXml/item1.xml``, with its ``itemProps1.xml``) records which document this
is, the tool version, the hashes of the answers, clause library and templates, and, for the
alliance agreement only, the answers file itself. So a reviewer holding only the Word files
can rebuild their models and see the change in the terms of the deal. A schedule pack goes
to one provider and its commissioner, while the answers hold every provider's contract
values and terms: a pack carries the provenance but never the answers.

Word keeps custom XML parts through editing and saving, and so does LibreOffice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..diagnostics import input_problem
from ..errors import InputError
from .ooxml import parse, serialize
from .package import (
    BoundedZip,
    Parts,
    ensure_relationship,
    main_document,
    read_zip,
    set_content_type,
    zip_parts,
)

NS = "urn:alliancedocs:provenance:1"
"""The namespace of the provenance part; the reader ignores custom XML in any other."""

ITEM_PART = "customXml/item1.xml"
PROPS_PART = "customXml/itemProps1.xml"
DATASTORE_ITEM_ID = "{6A4E3B1C-2D5F-4F7A-9B8C-1E2D3C4B5A69}"
"""The fixed data-store id of the part, so builds stay byte-identical."""

_DS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
_REL_CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
_REL_PROPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
_CT_PROPS = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_CT_XML = "application/xml"
MAX_ANSWERS_CHARS = 256 * 1024
"""The largest answers text a document may carry (the answers-file limit)."""
MAX_PART_BYTES = 16 * 2**20
MAX_TOTAL_BYTES = 64 * 2**20
MAX_ENTRIES = 10_000


def open_document(data: bytes) -> BoundedZip:
    """Return the parts of a ``.docx`` from a user, each inflated only when read and within
    caps (16 MiB a part, 64 MiB in all, 10,000 files), so a zip bomb costs no more."""
    return BoundedZip(data, max_part=MAX_PART_BYTES, max_total=MAX_TOTAL_BYTES,
                      max_entries=MAX_ENTRIES)


@dataclass(frozen=True)
class Provenance:
    """What a generated document was built from.

    ``document`` is ``agreement`` or ``pack:<provider-id>``; ``answers_text`` is the
    answers file itself (the agreement only), ``None`` for a pack.
    """

    document: str
    version: str
    answers_name: str
    answers_sha256: str
    library_sha256: str
    library_files: tuple[tuple[str, str], ...]
    templates: tuple[tuple[str, str], ...]
    answers_text: str | None = None


def provenance_xml(record: Provenance) -> bytes:
    """Return the custom XML part for ``record``."""
    root = etree.Element(f"{{{NS}}}provenance", nsmap={None: NS})
    root.set("document", record.document)
    root.set("version", record.version)
    answers = etree.SubElement(root, f"{{{NS}}}answers")
    answers.set("name", record.answers_name)
    answers.set("sha256", record.answers_sha256)
    if record.answers_text is not None:
        answers.text = record.answers_text
    library = etree.SubElement(root, f"{{{NS}}}library")
    library.set("sha256", record.library_sha256)
    for name, digest in record.library_files:
        etree.SubElement(library, f"{{{NS}}}file", name=name, sha256=digest)
    templates = etree.SubElement(root, f"{{{NS}}}templates")
    for name, digest in record.templates:
        etree.SubElement(templates, f"{{{NS}}}file", name=name, sha256=digest)
    return serialize(root)


def embed(parts: Parts, record: Provenance) -> None:
    """Add the provenance part (and its properties part) to a package's parts."""
    main = main_document(parts)
    parts[ITEM_PART] = provenance_xml(record)
    props = etree.Element(f"{{{_DS_NS}}}datastoreItem", nsmap={"ds": _DS_NS})
    props.set(f"{{{_DS_NS}}}itemID", DATASTORE_ITEM_ID)
    refs = etree.SubElement(props, f"{{{_DS_NS}}}schemaRefs")
    etree.SubElement(refs, f"{{{_DS_NS}}}schemaRef").set(f"{{{_DS_NS}}}uri", NS)
    parts[PROPS_PART] = serialize(props)
    ensure_relationship(parts, main, _REL_CUSTOM_XML, ITEM_PART)
    ensure_relationship(parts, ITEM_PART, _REL_PROPS, PROPS_PART)
    set_content_type(parts, PROPS_PART, _CT_PROPS)
    set_content_type(parts, ITEM_PART, _CT_XML)


def embed_in_docx(docx: bytes, record: Provenance) -> bytes:
    """Return ``docx`` with the provenance part added."""
    parts = read_zip(docx)
    embed(parts, record)
    return zip_parts(parts)


def read_provenance(docx: bytes, origin: str) -> Provenance | None:
    """Return the provenance a ``.docx`` carries, or ``None`` when it has none.

    Any custom XML part in the provenance namespace counts (an editor may renumber the
    parts). Raises :class:`InputError` when the part is there but malformed.
    """
    parts = open_document(docx)
    for name in sorted(parts):
        if not (name.startswith("customXml/") and name.endswith(".xml")):
            continue
        if f'"{NS}"'.encode() not in parts[name][:4096]:
            continue
        try:
            root = parse(parts[name])
        except etree.XMLSyntaxError as error:
            raise _bad(origin, f"{name} is not well-formed XML ({error})") from None
        if root.tag != f"{{{NS}}}provenance":
            continue
        return _from_xml(root, origin, name)
    return None


def _bad(origin: str, message: str) -> InputError:
    return InputError([input_problem(Path(origin), 0, 0, (), f"provenance: {message}",
                               "the document's alliancedocs part was damaged; compare the "
                               "answers files or build folders instead")])


def _from_xml(root: etree._Element, origin: str, name: str) -> Provenance:
    answers = root.find(f"{{{NS}}}answers")
    library = root.find(f"{{{NS}}}library")
    templates = root.find(f"{{{NS}}}templates")
    if answers is None or library is None or templates is None:
        raise _bad(origin, f"{name} lacks its answers, library or templates")
    text = answers.text
    if text is not None and len(text) > MAX_ANSWERS_CHARS:
        raise _bad(origin, f"the answers in {name} are longer than {MAX_ANSWERS_CHARS:,} "
                   "characters")

    def files(node: etree._Element) -> tuple[tuple[str, str], ...]:
        return tuple((f.get("name", ""), f.get("sha256", ""))
                     for f in node.findall(f"{{{NS}}}file"))

    return Provenance(
        document=root.get("document", ""),
        version=root.get("version", ""),
        answers_name=answers.get("name", ""),
        answers_sha256=answers.get("sha256", ""),
        library_sha256=library.get("sha256", ""),
        library_files=files(library),
        templates=files(templates),
        answers_text=text,
    )
