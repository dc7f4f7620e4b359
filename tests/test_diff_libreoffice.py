"""LibreOffice, a real word processor, accepts and rejects every tracked change of a
redline and gets the texts of the NEW and OLD builds (list numbers included).

Runs ``scripts/lo_revisions.py`` under the system Python's UNO bridge (``python3-uno``).
Fails, never skips, when ``CI=true`` or ``ALLIANCEDOCS_REQUIRE_LIBREOFFICE=1``.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from alliancedocs.build import build_documents
from alliancedocs.diff import compare, redlines
from diff_pairs import example, with_enum, without_party

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "lo_revisions.py"
UNO_PYTHON = "/usr/bin/python3"


def _required() -> bool:
    return (os.environ.get("CI") == "true"
            or os.environ.get("ALLIANCEDOCS_REQUIRE_LIBREOFFICE") == "1")


def _uno_available() -> bool:
    if shutil.which("soffice") is None or not Path(UNO_PYTHON).is_file():
        return False
    probe = subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True, check=False)
    return probe.returncode == 0


needs_uno = pytest.mark.skipif(
    not _uno_available() and not _required(),
    reason="LibreOffice or python3-uno is missing; CI=true makes this a failure")


def _pairs(folder: Path) -> list[tuple[str, Path, Path]]:
    return [
        ("decision-rule", example("lambeth-rehabilitation"),
         with_enum("lambeth-rehabilitation", "decision_rule", "majority", folder)),
        ("party-added", without_party("lambeth-rehabilitation", "thames-reach", folder),
         example("lambeth-rehabilitation")),
        ("regime", example("lambeth-rehabilitation"),
         with_enum("lambeth-rehabilitation", "regime", "gain-only", folder)),
        ("dispute-approach", example("lambeth-rehabilitation"),
         with_enum("lambeth-rehabilitation", "dispute_approach", "litigation-retained",
                   folder)),
    ]


@needs_uno
def test_libreoffice_accept_all_and_reject_all_give_the_builds(tmp_path: Path) -> None:
    assert _uno_available(), "LibreOffice (soffice) and python3-uno are needed"
    jobs: list[str] = []
    checks: list[tuple[str, Path, Path]] = []
    for name, old, new in _pairs(tmp_path):
        folder = tmp_path / name
        folder.mkdir()
        red = redlines(compare(old, new))["alliance-agreement.docx"]
        (folder / "redline.docx").write_bytes(red)
        for side, answers in (("old", old), ("new", new)):
            built = build_documents(answers).files["alliance-agreement.docx"]
            (folder / f"{side}.docx").write_bytes(built)
            jobs += ["none", str(folder / f"{side}.docx"), str(folder / f"{side}.txt")]
        jobs += ["accept", str(folder / "redline.docx"), str(folder / "accepted.txt"),
                 "reject", str(folder / "redline.docx"), str(folder / "rejected.txt")]
        checks += [(f"{name}: accept all", folder / "accepted.txt", folder / "new.txt"),
                   (f"{name}: reject all", folder / "rejected.txt", folder / "old.txt")]
    completed = subprocess.run([UNO_PYTHON, str(SCRIPT), *jobs], capture_output=True,
                               text=True, timeout=300, check=False)
    assert completed.returncode == 0, completed.stderr
    for label, got, want in checks:
        # Empty lines are left out: where a paragraph is inserted (or deleted) whole between
        # two tables inserted (or deleted) whole, LibreOffice cannot join its paragraph
        # mark to a table and keeps it, empty (see README, "Reviewing changes").
        got_text = [line for line in got.read_text(encoding="utf-8").splitlines()
                    if line.strip()]
        want_text = [line for line in want.read_text(encoding="utf-8").splitlines()
                     if line.strip()]
        assert len(want_text) > 500, f"{label}: LibreOffice exported too little text"
        difference = "\n".join(list(difflib.unified_diff(want_text, got_text, lineterm="",
                                                         n=0))[:20])
        assert got_text == want_text, f"{label}:\n{difference}"
