"""The build manifest: what went into a build, so a reviewer can reproduce or audit it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .library.clause_files import Library
from .library.selection import ChosenVariant


def sha256(data: bytes) -> str:
    """Return the hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def tree_hashes(root: Path) -> tuple[tuple[str, str], ...]:
    """Return (relative path, sha256) for every file under ``root``, sorted by path."""
    return tuple(sorted(
        (path.relative_to(root).as_posix(), sha256(path.read_bytes()))
        for path in root.rglob("*") if path.is_file()
    ))


@dataclass(frozen=True)
class Inputs:
    """The hashed inputs of a build."""

    answers_name: str
    answers_sha256: str
    library: Library
    template_files: tuple[tuple[str, str], ...]
    reference_doc_sha256: str | None


def manifest_json(inputs: Inputs, chosen: Sequence[ChosenVariant],
                  outputs: Mapping[str, bytes]) -> str:
    """Return the manifest as deterministic JSON (sorted keys, no timestamps)."""
    variants: dict[str, dict[str, dict[str, str | None]]] = {}
    for choice in chosen:
        variants.setdefault(choice.document, {})[choice.clause_id] = {
            "variant": choice.variant_id,
            "position": choice.position.value,
            "flag": choice.flag.value if choice.flag else None,
        }
    manifest = {
        "tool": {"name": "alliancedocs", "version": __version__},
        "answers": {"file": inputs.answers_name, "sha256": inputs.answers_sha256},
        "library": {"sha256": inputs.library.digest, "files": dict(inputs.library.file_hashes)},
        "templates": dict(inputs.template_files),
        "reference_doc_sha256": inputs.reference_doc_sha256,
        "variants": variants,
        "outputs": {name: sha256(data) for name, data in sorted(outputs.items())},
    }
    return json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
