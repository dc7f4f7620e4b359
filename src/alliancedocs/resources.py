"""Where the data shipped with alliancedocs lives: the clause library, the Word template, the
JSON Schema of the answers file, the examples and the starter.

The repository keeps them in its top-level ``clauses/``, ``templates/``, ``schemas/`` and
``examples/`` folders; the build maps those into the package as ``alliancedocs.data.*``
(see ``pyproject.toml``), so a wheel, an sdist and an editable install all find them here
through :mod:`importlib.resources`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .errors import LibraryError

SCHEMA_NAME = "answers.schema.json"
"""The file name of the JSON Schema, in the package and beside files written by ``init``."""


def _folder(package: str) -> Path:
    """Return the folder of data package ``package`` on disk.

    The readers walk folders with :mod:`pathlib`, so the package must be installed as
    files (any normal pip install), not imported from a zip archive.
    """
    found = resources.files(package)
    if not isinstance(found, Path) or not found.is_dir():
        raise LibraryError(f"{package}: the packaged data is not a folder on disk ({found})\n"
                           "    hint: install alliancedocs with pip, not as a zip archive")
    return found


def clause_library() -> Path:
    """Return the folder of the clause library (``clauses/`` in the repository)."""
    return _folder("alliancedocs.data.clauses")


def template_folder() -> Path:
    """Return the house Word template, kept as unpacked XML (``templates/base``)."""
    return _folder("alliancedocs.data.templates") / "base"


def examples_folder() -> Path:
    """Return the folder of the example answers files (``examples/``)."""
    return _folder("alliancedocs.data.examples")


def schema_bytes() -> bytes:
    """Return the JSON Schema of the answers file as shipped (``schemas/answers.schema.json``)."""
    return (_folder("alliancedocs.data.schemas") / SCHEMA_NAME).read_bytes()


def starter_text() -> str:
    """Return the text of the starter answers file that ``init`` writes by default."""
    return resources.files("alliancedocs").joinpath("starter.yaml").read_text(encoding="utf-8")
