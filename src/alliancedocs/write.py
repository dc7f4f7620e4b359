"""Write the build's output files: all or nothing, never overwriting without ``--force``."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputExistsError


def write_outputs(files: dict[Path, bytes], *, force: bool) -> None:
    """Write each ``path: content`` pair, creating parent folders as needed.

    Unless ``force`` is set, checks every target first and raises
    :class:`OutputExistsError` listing those that exist, before anything is written.
    Each file is written to a temporary file in its own folder and renamed over the
    target with :func:`os.replace`, so no target is ever left half-written; the
    temporary file is removed if writing fails.
    """
    if not force:
        existing = sorted(str(path) for path in files if path.exists() or path.is_symlink())
        if existing:
            listing = "\n".join(f"    {path}" for path in existing)
            raise OutputExistsError(
                f"output files already exist:\n{listing}\n"
                "    hint: rerun with --force to overwrite them, or write somewhere else"
            )
    for path, content in files.items():
        _write_atomic(path, content)


def _write_atomic(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """Return the process umask (read by setting and restoring it)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
