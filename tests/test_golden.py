"""Golden plain-text snapshots of every example's documents.

A wording change in the clause library, or in how answers reach the text, changes a
snapshot, so it is always seen and reviewed in a diff. To accept a deliberate change, run
``scripts/update_golden.sh`` (it sets ``ALLIANCEDOCS_UPDATE_GOLDEN=1``) and commit the
updated ``tests/golden/*.txt`` with the change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from alliancedocs.library.clause_files import load_library
from alliancedocs.plaintext import build_texts

ROOT = Path(__file__).parents[1]
GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
UPDATE = os.environ.get("ALLIANCEDOCS_UPDATE_GOLDEN") == "1"


def _snapshot_name(example: Path, document: str) -> str:
    return f"{example.stem}--{document.removesuffix('.docx').replace('/', '--')}.txt"


@pytest.fixture(scope="module")
def library():
    return load_library()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_documents_match_their_golden_snapshots(example: Path, library) -> None:
    texts = build_texts(example, library)
    expected_names = set()
    for document, text in texts.items():
        path = GOLDEN / _snapshot_name(example, document)
        expected_names.add(path.name)
        if UPDATE:
            GOLDEN.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            continue
        assert path.exists(), f"no snapshot {path.name}: run scripts/update_golden.sh"
        assert text == path.read_text(encoding="utf-8"), (
            f"{example.name}: {document} differs from {path.name}; review the change and run "
            "scripts/update_golden.sh to accept it")
    stale = {p.name for p in GOLDEN.glob(f"{example.stem}--*.txt")} - expected_names
    if UPDATE:
        for name in stale:
            (GOLDEN / name).unlink()
    else:
        assert not stale, f"snapshots for documents no longer built: {sorted(stale)}"


def test_every_snapshot_belongs_to_an_example() -> None:
    stems = {p.stem for p in EXAMPLES}
    orphans = [p.name for p in GOLDEN.glob("*.txt") if p.name.split("--")[0] not in stems]
    assert orphans == []
