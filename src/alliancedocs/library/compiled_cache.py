"""Compiled clause templates kept between runs, so that a new process need not compile them.

Compiling the library's Jinja text is most of a cold build's work, and the text changes only
when the library does. Each compiled template is stored under the sha256 of its source, so
an edited clause is simply a new entry. The entries live in one file in the user's cache
folder (``$XDG_CACHE_HOME/alliancedocs``, else ``~/.cache/alliancedocs``), named for
everything else that shapes the compiled code: the cache format, the Python bytecode
version, the Jinja version and the environment's settings.

The cache is an optimisation only, and safe to lose:
- a file that is missing, foreign, too large, truncated or corrupt is ignored (and replaced
  on the next save);
- a save writes a temporary file and renames it into place, so a reader never sees half a
  file, and two builds at once cannot mix entries;
- it is bounded: at most :data:`MAX_ENTRIES` templates and :data:`MAX_BYTES` per file, and
  :data:`MAX_FILES` files, the oldest removed first;
- any error reading or writing it is ignored: the build compiles instead.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
import time
from pathlib import Path
from types import CodeType

MAGIC = b"alliancedocs-jinja-cache-1\n"
MAX_ENTRIES = 4096
"""The most compiled templates one cache file holds (the library has a few hundred)."""
MAX_BYTES = 32 * 1024 * 1024
"""The largest cache file read or written."""
MAX_FILES = 4
"""The most cache files kept (one per Python, Jinja and alliancedocs setting in use)."""
_DIGEST = hashlib.sha256().digest_size


def cache_folder() -> Path | None:
    """Return the folder for alliancedocs' cache files, or None if there is no usable home."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "alliancedocs"


def entry_key(kind: str, source: str) -> str:
    """Return the key of the compiled ``kind`` (``text`` or ``expression``) of ``source``."""
    return hashlib.sha256(f"{kind}\0{source}".encode()).hexdigest()


class CompiledCache:
    """Compiled templates by :func:`entry_key`, read from and saved to one cache file."""

    def __init__(self, path: Path | None) -> None:
        """Open the cache at ``path`` (None: keep entries in memory only)."""
        self.path = path
        self._codes: dict[str, CodeType] = _read(path) if path is not None else {}
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
        if self.path is None or not self._added:
            return
        codes = self._codes
        if len(codes) > MAX_ENTRIES:
            codes = {key: codes[key] for key in sorted(self._used)[:MAX_ENTRIES]}
        with contextlib.suppress(OSError, ValueError):
            _write(self.path, codes)
            self._added = False


def _read(path: Path) -> dict[str, CodeType]:
    """Return the entries of the cache file at ``path``; {} if it is unusable."""
    try:
        with open(path, "rb") as stream:
            info = os.fstat(stream.fileno())
            if info.st_size > MAX_BYTES or (hasattr(os, "getuid")
                                            and info.st_uid != os.getuid()):
                return {}
            data = stream.read(MAX_BYTES + 1)
    except OSError:
        return {}
    head = len(MAGIC) + _DIGEST
    if not data.startswith(MAGIC) or len(data) < head:
        return {}
    payload = data[head:]
    if hashlib.sha256(payload).digest() != data[len(MAGIC):head]:
        return {}
    try:
        codes = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(codes, dict) or not all(
            isinstance(k, str) and isinstance(v, CodeType) for k, v in codes.items()):
        return {}
    return codes


def _write(path: Path, codes: dict[str, CodeType]) -> None:
    """Write ``codes`` to ``path`` atomically, then remove the oldest surplus cache files."""
    payload = marshal.dumps(codes)
    if len(payload) + len(MAGIC) + _DIGEST > MAX_BYTES:
        return
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    _prune(path.parent, keep=path)


def _prune(folder: Path, keep: Path) -> None:
    """Remove the oldest cache files in ``folder`` beyond :data:`MAX_FILES` (never ``keep``)."""
    with contextlib.suppress(OSError):
        files = sorted(folder.glob("jinja-*.cache"), key=lambda p: p.stat().st_mtime,
                       reverse=True)
        stale = [p for p in files if p != keep][MAX_FILES - 1:]
        # Temporary files of a save that was killed before its rename.
        stale += [p for p in folder.glob(".tmp-*") if time.time() - p.stat().st_mtime > 3600]
        for path in stale:
            path.unlink(missing_ok=True)


def cache_file(settings: str) -> Path | None:
    """Return the cache file for compiled code shaped by ``settings`` (Jinja and our options)."""
    folder = cache_folder()
    if folder is None:
        return None
    tag = hashlib.sha256(f"{MAGIC!r}|{sys.implementation.cache_tag}|{settings}".encode())
    return folder / f"jinja-{tag.hexdigest()[:20]}.cache"
