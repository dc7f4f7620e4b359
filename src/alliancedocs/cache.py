"""Cache files kept between runs in the user's cache folder, so a new process can skip work.

The folder is ``$XDG_CACHE_HOME/alliancedocs``, else ``~/.cache/alliancedocs``. A cache is
an optimisation only, and safe to lose:
- a file that is missing, not the user's own, too large, truncated or corrupt (its sha256
  does not match) is ignored, and replaced on the next write;
- a write goes to a temporary file that is then renamed into place, so a reader never sees
  half a file, and two processes writing at once cannot mix their contents;
- it is bounded: at most :data:`MAX_BYTES` a file and :data:`MAX_FILES` files of each kind,
  the oldest removed first;
- any error reading or writing is ignored: the caller does the work instead.
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

MAGIC = b"alliancedocs-cache-1\n"
MAX_BYTES = 32 * 1024 * 1024
"""The largest cache file read or written."""
MAX_FILES = 4
"""The most files kept of each kind (one per version of the inputs in use)."""
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


def cache_path(kind: str, key: str) -> Path | None:
    """Return the cache file of ``kind`` for the inputs described by ``key``."""
    folder = cache_folder()
    if folder is None:
        return None
    tag = hashlib.sha256(f"{MAGIC!r}|{sys.implementation.cache_tag}|{key}".encode())
    return folder / f"{kind}-{tag.hexdigest()[:20]}.cache"


def read_cache(path: Path | None) -> object | None:
    """Return the value stored at ``path`` by :func:`write_cache`; None if it is unusable."""
    if path is None:
        return None
    try:
        with open(path, "rb") as stream:
            info = os.fstat(stream.fileno())
            if info.st_size > MAX_BYTES or (hasattr(os, "getuid")
                                            and info.st_uid != os.getuid()):
                return None
            data = stream.read(MAX_BYTES + 1)
    except OSError:
        return None
    head = len(MAGIC) + _DIGEST
    if not data.startswith(MAGIC) or len(data) < head:
        return None
    payload = data[head:]
    if hashlib.sha256(payload).digest() != data[len(MAGIC):head]:
        return None
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None


def write_cache(path: Path | None, value: object) -> None:
    """Store ``value`` (anything :mod:`marshal` writes) at ``path``; ignore any error."""
    if path is None:
        return
    with contextlib.suppress(OSError, ValueError):
        payload = marshal.dumps(value)
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
        _prune(path)


def _prune(keep: Path) -> None:
    """Remove the oldest files of ``keep``'s kind beyond :data:`MAX_FILES` (never ``keep``)."""
    folder = keep.parent
    kind = keep.name.rsplit("-", 1)[0]
    with contextlib.suppress(OSError):
        files = sorted(folder.glob(f"{kind}-*.cache"), key=lambda p: p.stat().st_mtime,
                       reverse=True)
        stale = [p for p in files if p != keep][MAX_FILES - 1:]
        # Temporary files of a write that was killed before its rename.
        stale += [p for p in folder.glob(".tmp-*") if time.time() - p.stat().st_mtime > 3600]
        for path in stale:
            path.unlink(missing_ok=True)
