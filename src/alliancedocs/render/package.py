"""The zip package: load a template (unpacked folder or .docx) and write a deterministic zip."""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path

from lxml import etree

from ..errors import LibraryError
from .ooxml import CT_NS, PR_NS, REL_OFFICE_DOCUMENT, parse, serialize

Parts = dict[str, bytes]

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_FIRST = ("[Content_Types].xml", "_rels/.rels")


def load_template(template: Path) -> Parts:
    """Return the template's parts by zip name, from an unpacked folder or a ``.docx``.

    Hidden files are ignored. Raises :class:`LibraryError` when the template is missing
    or is not a package.
    """
    if template.is_dir():
        parts = {
            path.relative_to(template).as_posix(): path.read_bytes()
            for path in sorted(template.rglob("*"))
            if path.is_file() and not _hidden(path.relative_to(template))
        }
    elif template.is_file():
        parts = read_zip(template.read_bytes(), template)
    else:
        raise LibraryError(f"{template}: template not found")
    for required in _FIRST:
        if required not in parts:
            raise LibraryError(f"{template}: template has no {required}")
    return parts


def _hidden(relative: Path) -> bool:
    """Return True for editor or system files (``.DS_Store``, ``.git``), but not ``.rels``."""
    return any(p.startswith(".") and p != ".rels" for p in relative.parts)


def read_zip(data: bytes, origin: Path | str = "<bytes>") -> Parts:
    """Return every file of a zip archive by name; raise :class:`LibraryError` if it is not one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist()
                    if not info.is_dir()}
    except zipfile.BadZipFile as error:
        prefix = f"{origin}: " if origin else ""
        raise LibraryError(f"{prefix}not a .docx (zip) file: {error}") from None


class TooLargeError(LibraryError):
    """A package, or a part of it, is over a size cap."""


class BoundedZip(Mapping[str, bytes]):
    """The files of a zip archive by name, each inflated only when it is read, within caps.

    A part is refused with :class:`TooLargeError` when its header declares more than
    ``max_part`` bytes, and again if inflating it gives more (headers can lie); reading stops
    one byte past the cap, so a zip bomb costs no more than the cap. The parts read may add
    up to ``max_total`` bytes at most, and the archive may list ``max_entries`` files.
    """

    def __init__(self, data: bytes, *, max_part: int, max_total: int,
                 max_entries: int) -> None:
        try:
            self._archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zlib.error, ValueError, EOFError) as error:
            raise LibraryError(f"not a .docx (zip) file: {error}") from None
        infos = [info for info in self._archive.infolist() if not info.is_dir()]
        if len(infos) > max_entries:
            raise TooLargeError(f"the package lists {len(infos):,} files, more than the "
                               f"{max_entries:,} allowed")
        self._infos = {info.filename: info for info in infos}
        self._read: dict[str, bytes] = {}
        self._max_part, self._max_total, self._total = max_part, max_total, 0

    def __getitem__(self, name: str) -> bytes:
        if name in self._read:
            return self._read[name]
        info = self._infos[name]
        if info.file_size > self._max_part:
            raise TooLargeError(self._too_big(name, info.file_size))
        try:
            with self._archive.open(info) as stream:
                data = stream.read(self._max_part + 1)
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError,
                EOFError, ValueError) as error:
            raise LibraryError(f"the part {name} cannot be read: {error}") from None
        if len(data) > self._max_part:
            raise TooLargeError(self._too_big(name, len(data)))
        self._total += len(data)
        if self._total > self._max_total:
            raise TooLargeError(f"the parts read inflate to more than {_mib(self._max_total)}")
        self._read[name] = data
        return data

    def __contains__(self, name: object) -> bool:
        return name in self._infos

    def __iter__(self) -> Iterator[str]:
        return iter(self._infos)

    def __len__(self) -> int:
        return len(self._infos)

    def _too_big(self, name: str, size: int) -> str:
        return (f"the part {name} inflates to more than {_mib(self._max_part)} "
                f"({size:,} bytes or more)")


def _mib(size: int) -> str:
    return f"{size / 2**20:g} MiB"


def zip_parts(parts: Parts) -> bytes:
    """Return ``parts`` as a zip whose bytes depend only on the parts.

    Entries come in a fixed order (content types, package relationships, then by name),
    with a fixed timestamp (1980-01-01), fixed permissions and deflate compression.
    """
    names = [n for n in _FIRST if n in parts] + sorted(n for n in parts if n not in _FIRST)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, parts[name], compresslevel=9)
    return buffer.getvalue()


def rels_name(part: str) -> str:
    """Return the name of the relationships part belonging to ``part``."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def relationships(parts: Mapping[str, bytes], part: str) -> list[tuple[str, str, str]]:
    """Return ``(id, type, target part name)`` for each internal relationship of ``part``.

    ``part`` is "" for the package relationships.
    """
    name = "_rels/.rels" if part == "" else rels_name(part)
    if name not in parts:
        return []
    base = posixpath.dirname(part)
    found = []
    for rel in parse(parts[name]):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(base, target))
        found.append((rel.get("Id", ""), rel.get("Type", ""), resolved))
    return found


def main_document(parts: Mapping[str, bytes]) -> str:
    """Return the part name of the main document (normally ``word/document.xml``)."""
    for _rid, rel_type, target in relationships(parts, ""):
        if rel_type == REL_OFFICE_DOCUMENT:
            return target
    raise LibraryError("package has no main document relationship")


def related(parts: Mapping[str, bytes], part: str, rel_type: str) -> str | None:
    """Return the first part related to ``part`` by ``rel_type``, if any."""
    for _rid, found_type, target in relationships(parts, part):
        if found_type == rel_type and target in parts:
            return target
    return None



def ensure_relationship(parts: Parts, source: str, rel_type: str, target: str) -> None:
    """Add a relationship from ``source`` ("" for the package) to ``target`` if it lacks one.

    The new id is ``rIdN`` with N one more than the largest numeric id already used.
    """
    for _rid, found_type, found_target in relationships(parts, source):
        if found_type == rel_type and found_target == target:
            return
    name = "_rels/.rels" if source == "" else rels_name(source)
    if name in parts:
        root = parse(parts[name])
    else:
        root = etree.Element(f"{{{PR_NS}}}Relationships", nsmap={None: PR_NS})
    numbers = [int(r.get("Id", "")[3:]) for r in root
               if r.get("Id", "").startswith("rId") and r.get("Id", "")[3:].isdigit()]
    rel = etree.SubElement(root, f"{{{PR_NS}}}Relationship")
    rel.set("Id", f"rId{max(numbers, default=0) + 1}")
    rel.set("Type", rel_type)
    rel.set("Target", posixpath.relpath(target, posixpath.dirname(source) or "."))
    parts[name] = serialize(root)


def set_content_type(parts: Parts, part: str, content_type: str) -> None:
    """Declare ``content_type`` for ``part`` with an Override in ``[Content_Types].xml``."""
    root = parse(parts["[Content_Types].xml"])
    for override in root.findall(f"{{{CT_NS}}}Override"):
        if override.get("PartName") == f"/{part}":
            root.remove(override)
    node = etree.SubElement(root, f"{{{CT_NS}}}Override")
    node.set("PartName", f"/{part}")
    node.set("ContentType", content_type)
    parts["[Content_Types].xml"] = serialize(root)


def tidy_content_types(parts: Parts) -> None:
    """Drop Overrides for absent parts and sort the declarations, so output is canonical."""
    root = parse(parts["[Content_Types].xml"])
    defaults = sorted(root.findall(f"{{{CT_NS}}}Default"), key=lambda n: n.get("Extension", ""))
    overrides = sorted(
        (n for n in root.findall(f"{{{CT_NS}}}Override")
         if n.get("PartName", "").lstrip("/") in parts),
        key=lambda n: n.get("PartName", ""),
    )
    for child in list(root):
        root.remove(child)
    for child in (*defaults, *overrides):
        root.append(child)
    parts["[Content_Types].xml"] = serialize(root)
