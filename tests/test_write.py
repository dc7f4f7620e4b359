"""Writing outputs: refuse to overwrite without --force, never leave partial files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from alliancedocs.errors import OutputError, OutputExistsError
from alliancedocs.write import write_outputs


def _listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_writes_every_file_and_creates_folders(tmp_path: Path) -> None:
    files = {tmp_path / "out" / "a.docx": b"A", tmp_path / "out" / "schedules" / "b.docx": b"B"}
    write_outputs(files, force=False)
    assert (tmp_path / "out" / "a.docx").read_bytes() == b"A"
    assert (tmp_path / "out" / "schedules" / "b.docx").read_bytes() == b"B"
    assert _listing(tmp_path / "out") == ["a.docx", "schedules", "schedules/b.docx"]


def test_existing_target_without_force_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "old.md").write_bytes(b"keep me")
    files = {tmp_path / "new.docx": b"new", tmp_path / "old.md": b"replace"}
    with pytest.raises(OutputExistsError) as caught:
        write_outputs(files, force=False)
    message = str(caught.value)
    assert str(tmp_path / "old.md") in message and "--force" in message
    assert str(tmp_path / "new.docx") not in message
    assert _listing(tmp_path) == ["old.md"]
    assert (tmp_path / "old.md").read_bytes() == b"keep me"


def test_force_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_bytes(b"old")
    write_outputs({target: b"new"}, force=True)
    assert target.read_bytes() == b"new"
    assert _listing(tmp_path) == ["report.json"]


def test_a_failed_write_leaves_no_temporary_file_and_keeps_the_old_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "agreement.docx"
    target.write_bytes(b"old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError, match="disk full"):
        write_outputs({target: b"new"}, force=True)
    assert _listing(tmp_path) == ["agreement.docx"]
    assert target.read_bytes() == b"old"


def test_written_files_are_readable_by_others(tmp_path: Path) -> None:
    target = tmp_path / "agreement.docx"
    old_mask = os.umask(0o022)
    try:
        write_outputs({target: b"x"}, force=False)
    finally:
        os.umask(old_mask)
    assert target.stat().st_mode & 0o777 == 0o644
