"""Write the build's output files: all or nothing, never overwriting without ``--force``."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from .errors import OutputError, OutputExistsError


def write_outputs(files: dict[Path, bytes], *, force: bool) -> None:
    """Write each ``path: content`` pair, creating parent folders as needed.

    Every target is checked before anything is written: unless ``force`` is set, targets
    that exist raise :class:`OutputExistsError`; a target that is a folder, a device or a
    pipe raises :class:`OutputError` even with ``force``. Then every file is written to a
    temporary file in its own folder, and only once all of them are on disk is each
    renamed over its target with :func:`os.replace`, so no target is ever left
    half-written. If writing fails, the temporary files and any folders created for them
    are removed and :class:`OutputError` says why.
    """
    _check_targets(files, force=force)
    created: list[Path] = []
    staged: list[tuple[Path, Path]] = []
    replaced = 0
    try:
        for path, content in files.items():
            _make_folders(path.parent, created)
            staged.append((_stage(path, content), path))
        for temporary, path in staged:
            os.replace(temporary, path)
            replaced += 1
    except OSError as error:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        for folder in reversed(created):
            _remove_if_empty(folder)
        raise OutputError(_explain(error, replaced)) from None


def _check_targets(files: dict[Path, bytes], *, force: bool) -> None:
    """Raise if a target cannot or may not be replaced; write nothing."""
    unusable = [path for path in files
                if path.exists() and not path.is_file()]
    if unusable:
        listing = "\n".join(f"    {path} ({_kind(path)})" for path in sorted(unusable))
        raise OutputError(
            f"these outputs are not ordinary files, so they cannot be replaced:\n{listing}\n"
            "    hint: remove them or move them aside, or write somewhere else")
    if not force:
        existing = sorted(str(path) for path in files if path.exists() or path.is_symlink())
        if existing:
            listing = "\n".join(f"    {path}" for path in existing)
            raise OutputExistsError(
                f"output files already exist:\n{listing}\n"
                "    hint: rerun with --force to overwrite them, or write somewhere else"
            )


def _kind(path: Path) -> str:
    return "a folder" if path.is_dir() else "a device, pipe or socket"


def _make_folders(folder: Path, created: list[Path]) -> None:
    """Create ``folder`` and its missing parents, recording each one created."""
    missing: list[Path] = []
    current = folder
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    if not current.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(current))
    for path in reversed(missing):
        path.mkdir()
        created.append(path)


def _stage(path: Path, content: bytes) -> Path:
    """Write ``content`` to a new temporary file beside ``path``; return its path.

    An :class:`OSError` names ``path``, never the temporary file the user did not ask for.
    """
    temporary: Path | None = None
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                        dir=path.parent)
        temporary = Path(name)
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644 & ~_umask())
    except BaseException as error:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OSError(error.errno, error.strerror, str(path)) from error
        raise
    return temporary


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):
        folder.rmdir()


_HINTS = {
    errno.ENOTDIR: "a file stands where a folder is needed; write somewhere else",
    errno.EEXIST: "a file stands where a folder is needed; write somewhere else",
    errno.EISDIR: "a folder stands where a file is needed; remove it or write somewhere else",
    errno.EACCES: "check that you may write to this folder",
    errno.EPERM: "check that you may write to this folder",
    errno.EROFS: "the disk is read-only; write somewhere else",
    errno.ENOSPC: "the disk is full; free some space or write somewhere else",
}


def _explain(error: OSError, replaced: int) -> str:
    """Return an output error as a message with a hint, saying what was written."""
    where = error.filename or "the output"
    reason = error.strerror or str(error)
    hint = _HINTS.get(error.errno or 0, "check the output folder, then run the command again")
    done = (f"{replaced} file{'s' if replaced != 1 else ''} had already been replaced"
            if replaced else "nothing was written")
    if error.errno == errno.ENOTDIR:
        return f"cannot write into {where}: it is a file, not a folder; {done}\n    hint: {hint}"
    return f"cannot write {where}: {reason}; {done}\n    hint: {hint}"


def _umask() -> int:
    """Return the process umask (read by setting and restoring it)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
