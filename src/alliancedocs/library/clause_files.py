"""Clause files on disk: their typed shape, and loading the library from ``clauses/``."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import LibraryError
from ..flags import FlagId
from ..resources import clause_library
from .selection import Position

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML was built with it: the library is trusted project data."""

LIBRARY_DIR = clause_library()
"""The clause library shipped with the project."""


class ClauseKind(StrEnum):
    """Where a clause sits in its document and how it is numbered."""

    front = "front"
    clause = "clause"
    schedule = "schedule"
    back = "back"


class FrontNumbering(StrEnum):
    """How the list items of a front-matter clause are numbered."""

    letters = "letters"
    numbers = "numbers"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Variant(_Strict):
    """One way of drafting a clause, with the condition that selects it."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    position: Position
    summary: str
    when: str | None = None
    flag: FlagId | None = None
    text: str

    @model_validator(mode="after")
    def _flag_matches_position(self) -> Variant:
        if self.position is Position.standard and self.flag is not None:
            raise ValueError(f"standard variant {self.id!r} must not raise a flag")
        if self.position is Position.watered_down and self.flag is None:
            raise ValueError(f"watered-down variant {self.id!r} must name the flag it raises")
        return self


class Clause(_Strict):
    """A clause or schedule: an id, a title, and its variants in order of preference."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str
    kind: ClauseKind
    order: int
    when: str | None = None
    numbering: FrontNumbering = FrontNumbering.letters
    variants: list[Variant] = Field(min_length=1)

    @model_validator(mode="after")
    def _default_variant_last(self) -> Clause:
        for variant in self.variants[:-1]:
            if variant.when is None:
                raise ValueError(
                    f"variant {variant.id!r} has no `when` but is not the last variant"
                )
        ids = [v.id for v in self.variants]
        if len(set(ids)) != len(ids):
            raise ValueError("variant ids must be unique within a clause")
        return self


class TermDefinition(_Strict):
    """A defined term and its definition text (which may use markup and Jinja)."""

    term: str = Field(min_length=1)
    text: str = Field(min_length=1)


@dataclass(frozen=True)
class Library:
    """The loaded clause library: clauses per document, the definitions, and file hashes."""

    root: Path
    agreement: tuple[Clause, ...]
    pack: tuple[Clause, ...]
    terms: dict[str, TermDefinition]
    file_hashes: tuple[tuple[str, str], ...]
    term_files: dict[str, str] = field(default_factory=dict)
    """The name of the terms file (such as ``pack.yaml``) that defines each term."""

    @property
    def digest(self) -> str:
        """Return one sha256 over every library file's name and hash."""
        h = hashlib.sha256()
        for name, digest in self.file_hashes:
            h.update(f"{name}\0{digest}\n".encode())
        return h.hexdigest()


MAX_FILE_BYTES = 512 * 1024
"""The largest clause or terms file read (the largest in the library holds tens of KiB)."""


def load_library(root: Path = LIBRARY_DIR) -> Library:
    """Load and check every clause and term file under ``root``.

    Raises :class:`LibraryError` naming the file and the problem when a file is not valid.
    """
    if not root.is_dir():
        raise LibraryError(f"clause library not found at {root}")
    hashes: list[tuple[str, str]] = []

    def read(path: Path) -> object:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise LibraryError(f"{path}: larger than {MAX_FILE_BYTES // 1024} KiB; a clause "
                               "or terms file holds one clause or one set of terms")
        hashes.append((path.relative_to(root).as_posix(), hashlib.sha256(raw).hexdigest()))
        try:
            return yaml.load(raw.decode("utf-8"), Loader=_SAFE_LOADER)
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            raise LibraryError(f"{path}: not valid YAML: {error}") from None

    def clauses_in(folder: str) -> tuple[Clause, ...]:
        found: list[Clause] = []
        for path in sorted((root / folder).glob("*.yaml")):
            try:
                found.append(Clause.model_validate(compose_variants(read(path), path)))
            except ValidationError as error:
                raise LibraryError(f"{path}: {_first_error(error)}") from None
        ids = [c.id for c in found]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise LibraryError(f"{root / folder}: clause ids used twice: {', '.join(duplicates)}")
        return tuple(sorted(found, key=lambda c: (c.order, c.id)))

    agreement = clauses_in("agreement")
    pack = clauses_in("pack")
    terms: dict[str, TermDefinition] = {}
    term_files: dict[str, str] = {}
    for path in sorted((root / "terms").glob("*.yaml")):
        entries = read(path)
        if not isinstance(entries, list):
            raise LibraryError(f"{path}: expected a list of terms")
        for entry in entries:
            try:
                definition = TermDefinition.model_validate(entry)
            except ValidationError as error:
                raise LibraryError(f"{path}: {_first_error(error)}") from None
            if definition.term in terms:
                raise LibraryError(f"{path}: the term {definition.term!r} is defined twice")
            terms[definition.term] = definition
            term_files[definition.term] = path.name
    return Library(root, agreement, pack, terms, tuple(sorted(hashes)), term_files)


_BLOCK = re.compile(
    r"\{%-?\s*block\s+([a-z][a-z0-9_]*)\s*-?%\}(.*?)\{%-?\s*endblock\s*-?%\}", re.DOTALL
)
"""A named block of a clause's shared ``base`` text: ``{% block name %}default{% endblock %}``."""

_EMPTY_BLOCK = re.compile(r"\{%-?\s*block\s+([a-z][a-z0-9_]*)\s*-?%\}\{%-?\s*endblock\s*-?%\}")
"""An empty named block, the place where a ``shared`` paragraph goes. It may sit inside a
block of the base, so it is matched on its own, not as part of :data:`_BLOCK`."""


def compose_variants(data: object, path: Path) -> object:
    """Return the raw clause data with each variant's text composed from the shared base.

    A clause may give its common wording once, as ``base``, with named blocks
    (``{% block rule %}...{% endblock %}``) that a variant overrides through ``blocks:``
    (a mapping of block name to text); a block a variant does not override keeps the base's
    own text. A variant of such a clause has no ``text`` of its own. Raises
    :class:`LibraryError` for a block name the base does not have.
    """
    if not isinstance(data, dict):
        return data
    if "shared" in data:
        _fill_shared(data, path)
    if "base" not in data:
        return data
    base = data.pop("base")
    if not isinstance(base, str):
        raise LibraryError(f"{path}: base: expected text")
    names = [m.group(1) for m in _BLOCK.finditer(base)]
    if len(set(names)) != len(names):
        raise LibraryError(f"{path}: base: a block name is used twice")
    for variant in data.get("variants") or []:
        if not isinstance(variant, dict):
            continue
        if "text" in variant:
            raise LibraryError(f"{path}: variant {variant.get('id')!r}: a clause with a base "
                               "takes `blocks`, not `text`")
        blocks = variant.pop("blocks", None) or {}
        if not isinstance(blocks, dict):
            raise LibraryError(f"{path}: variant {variant.get('id')!r}: blocks: expected a "
                               "mapping of block name to text")
        unknown = sorted(set(blocks) - set(names))
        if unknown:
            raise LibraryError(f"{path}: variant {variant.get('id')!r}: the base has no block "
                               f"{', '.join(map(repr, unknown))} (it has "
                               f"{', '.join(map(repr, names))})")

        def fill(match: re.Match[str], blocks: dict = blocks) -> str:
            own = blocks.get(match.group(1))
            return match.group(2) if own is None else str(own)

        variant["text"] = _BLOCK.sub(fill, base)
    return data


def _fill_shared(data: dict, path: Path) -> None:
    """Replace each empty block named in the clause's ``shared`` paragraphs, in every
    variant's text or blocks, with that shared text; a shared name never used fails."""
    shared = data.pop("shared")
    if not isinstance(shared, dict) or not all(isinstance(v, str) for v in shared.values()):
        raise LibraryError(f"{path}: shared: expected a mapping of name to text")
    used: set[str] = set()

    def fill(text: str) -> str:
        def one(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in shared:
                used.add(name)
                return shared[name].rstrip("\n")
            return match.group(0)
        return _EMPTY_BLOCK.sub(one, text)

    if isinstance(data.get("base"), str):
        data["base"] = fill(data["base"])
    for variant in data.get("variants") or []:
        if not isinstance(variant, dict):
            continue
        if isinstance(variant.get("text"), str):
            variant["text"] = fill(variant["text"])
        blocks = variant.get("blocks")
        if isinstance(blocks, dict):
            variant["blocks"] = {k: fill(v) if isinstance(v, str) else v
                                 for k, v in blocks.items()}
    unused = sorted(set(shared) - used)
    if unused:
        raise LibraryError(f"{path}: shared text never used: {', '.join(unused)}")


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else first["msg"]
