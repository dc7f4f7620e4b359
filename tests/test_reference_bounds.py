"""Hostile ``--reference-doc`` files are refused at once, by name, or cost no more than a cap.

Reproducers of issue 8: a small .docx holding a huge part (a zip bomb) was inflated in full,
and a styles part with very many styles took minutes, paid once per output document.
"""

from __future__ import annotations

import io
import shutil
import struct
import zipfile
from pathlib import Path

import docx
import pytest

from alliancedocs.errors import LibraryError
from alliancedocs.library.clause_files import load_library
from alliancedocs.render import reference
from fuzzing import ROOT, run_cli

EXAMPLE = str(ROOT / "examples" / "lambeth-rehabilitation.yaml")
STYLES = "word/styles.xml"


def house_parts() -> dict[str, bytes]:
    buffer = io.BytesIO()
    document = docx.Document()
    document.styles["Normal"].font.name = "Courier New"
    document.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        return {info.filename: package.read(info) for info in package.infolist()}


def write_house(path: Path, parts: dict[str, bytes], big: tuple[str, int] | None = None) -> Path:
    """Write a .docx of ``parts``; ``big`` adds a part of that many zero bytes, streamed."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            if big is None or name != big[0]:
                package.writestr(name, data)
        if big is not None:
            info = zipfile.ZipInfo(big[0])
            info.compress_type = zipfile.ZIP_DEFLATED
            with package.open(info, "w", force_zip64=True) as part:
                chunk = b"\0" * 2**20
                for _ in range(big[1] // 2**20):
                    part.write(chunk)
    return path


def build(tmp_path: Path, house: Path) -> tuple[int, str]:
    return run_cli("build", EXAMPLE, "-o", str(tmp_path / "out"), "--reference-doc", str(house))


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """(member name, archive size) for every zip member opened while the test runs."""
    names: list[tuple[str, int]] = []
    real_open = zipfile.ZipFile.open

    def spy(self: zipfile.ZipFile, name: str | zipfile.ZipInfo, *args: object,
            **kwargs: object) -> object:
        size = len(self.fp.getvalue()) if isinstance(self.fp, io.BytesIO) else -1
        names.append((name.filename if isinstance(name, zipfile.ZipInfo) else name, size))
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    return names


def refused(code: int, output: str, house: Path, words: str) -> None:
    assert code == 1, output
    assert f"{house}: --reference-doc: " in output and words in output, output
    assert "hint: save an ordinary document in the firm's house style" in output
    assert "Traceback" not in output


def test_a_huge_part_that_is_not_used_is_never_inflated(tmp_path: Path,
                                                        opened: list[tuple[str, int]]) -> None:
    house = write_house(tmp_path / "house.docx", house_parts(), ("word/media/huge.bin", 2**26))
    opened.clear()
    code, output = build(tmp_path, house)
    assert code == 0, output
    assert ("word/media/huge.bin", house.stat().st_size) not in opened
    assert (STYLES, house.stat().st_size) in opened  # the spy sees the house document
    styles = zipfile.ZipFile(tmp_path / "out" / "alliance-agreement.docx").read(STYLES)
    assert b"Courier New" in styles


def test_a_styles_part_declared_over_the_cap_is_refused_without_inflating_it(
        tmp_path: Path, opened: list[tuple[str, int]]) -> None:
    house = write_house(tmp_path / "house.docx", house_parts(),
                        (STYLES, reference.MAX_PART_BYTES + 2**20))
    opened.clear()
    code, output = build(tmp_path, house)
    refused(code, output, house, f"the part {STYLES} inflates to more than 16 MiB")
    assert (STYLES, house.stat().st_size) not in opened
    assert not (tmp_path / "out").exists()


def test_a_styles_part_whose_header_lies_about_its_size_is_refused(tmp_path: Path) -> None:
    house = write_house(tmp_path / "house.docx", house_parts(),
                        (STYLES, reference.MAX_PART_BYTES + 2**20))
    data = bytearray(house.read_bytes())
    # Say the styles part holds 1,000 bytes, in its local and its central header (zip64
    # extra fields carry the real sizes; replace those too).
    name = STYLES.encode()
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                data[start + size_at:start + size_at + 4] = struct.pack("<I", 1000)
                data[start + size_at - 4:start + size_at] = struct.pack("<I", 900)
            start += 4
    lying = tmp_path / "lying.docx"
    lying.write_bytes(bytes(data))
    code, output = build(tmp_path, lying)
    assert code == 1, output
    assert f"{lying}: --reference-doc: " in output and "Traceback" not in output
    assert not (tmp_path / "out").exists()


def test_too_many_styles_are_refused_by_count(tmp_path: Path) -> None:
    parts = house_parts()
    existing = parts[STYLES].count(b"<w:style ")
    many = "".join(f'<w:style w:type="paragraph" w:styleId="S{i}"><w:name w:val="S{i}"/>'
                   "</w:style>" for i in range(reference.MAX_STYLES + 1 - existing))
    parts[STYLES] = parts[STYLES].replace(b"</w:styles>", many.encode() + b"</w:styles>")
    house = write_house(tmp_path / "house.docx", parts)
    code, output = build(tmp_path, house)
    refused(code, output, house, "defines 5,001 styles, more than the 5,000 allowed")


def test_a_reference_document_over_the_file_cap_is_refused_unread(tmp_path: Path) -> None:
    house = tmp_path / "house.docx"
    with house.open("wb") as stream:
        stream.truncate(reference.MAX_FILE_BYTES + 1)
    code, output = build(tmp_path, house)
    refused(code, output, house, "the reference document is larger than 64 MiB")


def test_a_zip_listing_too_many_files_is_refused(tmp_path: Path) -> None:
    parts = house_parts()
    parts.update({f"word/media/{i}.bin": b"" for i in range(reference.MAX_ENTRIES)})
    house = write_house(tmp_path / "house.docx", parts)
    code, output = build(tmp_path, house)
    refused(code, output, house, "more than the 10,000 allowed")


def test_the_house_styles_are_parsed_once_per_build(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = reference._house

    def counted(data: bytes) -> reference.House:
        calls.append(len(data))
        return real(data)

    monkeypatch.setattr(reference, "_house", counted)
    monkeypatch.setattr(reference, "_PARSED", {})
    house = write_house(tmp_path / "house.docx", house_parts())
    code, output = build(tmp_path, house)
    assert code == 0, output
    documents = sorted((tmp_path / "out").rglob("*.docx"))
    assert len(documents) >= 3
    assert len(calls) == 1
    for document in documents:
        assert b"Courier New" in zipfile.ZipFile(document).read(STYLES)


def test_an_oversized_clause_file_is_refused_by_name_without_reading_it_all(
        tmp_path: Path) -> None:
    library = tmp_path / "clauses"
    shutil.copytree(ROOT / "clauses", library)
    huge = library / "agreement" / "999-huge.yaml"
    with huge.open("wb") as stream:
        stream.truncate(64 * 2**20)
    with pytest.raises(LibraryError, match=r"999-huge.yaml: larger than 512 KiB"):
        load_library(library)
