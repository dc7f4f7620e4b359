"""Compiled clause templates kept between runs, so that a new process need not compile them.

Compiling the library's Jinja text is most of a cold build's work, and the text changes only
when the library does. Each compiled template is stored under the sha256 of its source, so
an edited clause is simply a new entry. The entries live in one cache file (see
:mod:`alliancedocs.cache` for where, and why a damaged or missing file is harmless), named
for everything else that shapes the compiled code: the Python bytecode version, the Jinja
version and the environment's settings. A file holds at most :data:`MAX_ENTRIES` entries.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import CodeType

from ..cache import cache_path, read_cache, write_cache

MAX_ENTRIES = 4096
"""The most compiled templates one cache file holds (the library has a few hundred)."""


def entry_key(kind: str, source: str) -> str:
    """Return the key of the compiled ``kind`` (``text`` or ``expression``) of ``source``."""
    return hashlib.sha256(f"{kind}\0{source}".encode()).hexdigest()


def cache_file(settings: str) -> Path | None:
    """Return the cache file for compiled code shaped by ``settings`` (Jinja and our options)."""
    return cache_path("jinja", settings)


class CompiledCache:
    """Compiled templates by :func:`entry_key`, read from and saved to one cache file."""

    def __init__(self, path: Path | None) -> None:
        """Open the cache at ``path`` (None: keep entries in memory only)."""
        self.path = path
        self._codes: dict[str, CodeType] = _valid(read_cache(path))
        self._used: set[str] = set()
        self._added = False
        self.compiled = 0
        """How many templates this process compiled (stored with :meth:`put`)."""

    def get(self, key: str) -> CodeType | None:
        """Return the compiled code stored under ``key``, or None."""
        code = self._codes.get(key)
        if code is not None:
            self._used.add(key)
        return code

    def put(self, key: str, code: CodeType) -> None:
        """Store ``code`` under ``key``; it reaches the file at the next :meth:`save`."""
        self._codes[key] = code
        self._used.add(key)
        self._added = True
        self.compiled += 1

    def save(self) -> None:
        """Write the entries to the cache file if any were added; ignore any error.

        When the file would exceed :data:`MAX_ENTRIES`, only the entries used by this
        process are kept.
        """
        if not self._added:
            return
        codes = self._codes
        if len(codes) > MAX_ENTRIES:
            codes = {key: codes[key] for key in sorted(self._used)[:MAX_ENTRIES]}
        write_cache(self.path, codes)
        self._added = False


def _valid(value: object) -> dict[str, CodeType]:
    """Return ``value`` if it is a mapping of keys to code objects, else {}."""
    if isinstance(value, dict) and all(
            isinstance(k, str) and isinstance(v, CodeType) for k, v in value.items()):
        return value
    return {}
