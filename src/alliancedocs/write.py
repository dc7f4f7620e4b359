"""Write output files: all or nothing, never overwriting without ``--force``.

A build's files are written as one set (:func:`write_tree`): into a new hidden folder beside
the output folder, which then takes the output folder's place in one rename. A reader, a
concurrent build or a kill sees the old set or the new set, never a mix. Single files
(:func:`write_outputs`) are written to a temporary file and linked or renamed into place.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import re
import secrets
import shutil
import signal
import stat
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath
from types import FrameType

from .errors import OutputError, OutputExistsError

STAGE_TAG = "alliancedocs-stage"
"""Part of the name of every folder a build stages in: ``.<out>.alliancedocs-stage-<pid>-<hex>``.
Only folders so named, whose build has ended, are ever removed as leftovers."""


def write_tree(out_dir: Path, files: Mapping[str, bytes], *, force: bool) -> None:
    """Write ``files`` (relative path: content) into ``out_dir`` as one set.

    Without ``force`` a target that exists, or appears while the set is written, is never
    replaced: :class:`OutputExistsError`. With ``force`` the targets are replaced together.
    Other files in ``out_dir`` are kept. A target that is a folder, a device or a pipe, and a
    folder needed for the set that is a file or a symbolic link, raise :class:`OutputError`:
    nothing is written through a link. SIGINT and SIGTERM while writing remove what was
    staged. Folders left by an earlier build that was killed are removed first.

    Where ``out_dir`` is the current folder, a mount point, in a folder we may not write
    to, or on a file system that cannot swap folders, the set is written file by file
    instead (see :func:`_write_in_place`).
    """
    out_dir = Path(os.path.abspath(out_dir))
    if out_dir.is_symlink() and out_dir.is_dir():
        out_dir = out_dir.resolve()  # the folder the user named, wherever it is
    names = [_relative(name) for name in files]
    created: list[Path] = []
    stage: Path | None = None
    try:
        with _signals_raise():
            _make_folders(out_dir.parent, created)
            remove_leftovers(out_dir)
            if _holds_current_folder(out_dir):
                _write_in_place(out_dir, names, list(files.values()), force=force)
                return
            stage = out_dir.parent / (f".{out_dir.name}.{STAGE_TAG}-{os.getpid()}-"
                                      f"{secrets.token_hex(8)}")
            try:
                os.mkdir(stage, 0o700)
            except PermissionError:
                stage = None
                if not out_dir.is_dir():
                    raise
                # the folder is ours to write in, but not the folder that holds it
                _write_in_place(out_dir, names, list(files.values()), force=force)
                return
            for name, content in zip(names, files.values(), strict=True):
                try:
                    _write_new(stage, name, content)
                except OSError as error:
                    raise OSError(error.errno, error.strerror, str(out_dir / name)) from None
            try:
                _swap_in(stage, out_dir, names, force=force)
            except _CannotSwap:
                _remove_tree(stage)  # a mount point, or a file system without renameat2
                _write_in_place(out_dir, names, list(files.values()), force=force)
                return
            # The new set is in place: what is left is tidying, which must not report failure.
            with contextlib.suppress(OSError):
                _keep_late_arrivals(stage, out_dir)
            shutil.rmtree(stage, ignore_errors=True)
    except OSError as error:
        _cleanup(stage, created)
        raise OutputError(_explain(error, out_dir)) from None
    except BaseException as error:
        _cleanup(stage, created)
        if isinstance(error, Interrupted):
            _redeliver(error.signum)
        raise


def check_tree(out_dir: Path, names: list[str], *, force: bool) -> None:
    """Raise as :func:`write_tree` would for these targets, before any slow work makes them.

    Writes nothing; :func:`write_tree` checks again when it writes.
    """
    out_dir = Path(os.path.abspath(out_dir))
    if out_dir.is_symlink() and out_dir.is_dir():
        out_dir = out_dir.resolve()
    _check_targets(out_dir, [_relative(name) for name in names], force=force)


def remove_leftovers(out_dir: Path) -> list[Path]:
    """Remove what builds into ``out_dir`` that have ended left staged; return the paths.

    That is a staging folder beside ``out_dir``, or a staged file inside it or one of its
    folders (see :func:`_write_in_place`), named with :data:`STAGE_TAG` and the id of a
    process that no longer runs. Nothing else is touched.
    """
    beside = re.compile(rf"^\.{re.escape(out_dir.name)}\.{STAGE_TAG}-(\d+)-[0-9a-f]{{16}}$")
    inside = re.compile(rf"^\..+\.{STAGE_TAG}-(\d+)-[0-9a-f]{{16}}$")
    removed: list[Path] = []
    folders = [(out_dir.parent, beside, True), (out_dir, inside, False)]
    with contextlib.suppress(FileNotFoundError, NotADirectoryError, PermissionError):
        if out_dir.is_dir() and not out_dir.is_symlink():
            folders += [(Path(e.path), inside, False) for e in os.scandir(out_dir)
                        if e.is_dir(follow_symlinks=False)]
    for folder, pattern, is_dir in folders:
        with contextlib.suppress(FileNotFoundError, NotADirectoryError, PermissionError):
            for entry in os.scandir(folder):
                found = pattern.match(entry.name)
                if (found and entry.is_dir(follow_symlinks=False) == is_dir
                        and not entry.is_symlink() and not _alive(int(found[1]))):
                    path = Path(entry.path)
                    if is_dir:
                        _remove_tree(path)
                    else:
                        path.unlink(missing_ok=True)
                    removed.append(path)
    return removed


def _holds_current_folder(out_dir: Path) -> bool:
    """Return whether the current folder is ``out_dir`` or inside it (``-o .``)."""
    try:
        here = Path.cwd()
    except FileNotFoundError:
        return False
    return here == out_dir or out_dir in here.parents


def _write_in_place(out_dir: Path, names: list[PurePosixPath], contents: list[bytes], *,
                    force: bool) -> None:
    """Write the set file by file into ``out_dir``, the current folder, under its lock.

    Swapping the current folder would leave the shell that ran the build in a deleted
    folder, so here each file is staged beside its target and then linked (without
    ``force``: never replacing) or renamed into place. Concurrent builds still take turns
    and nothing is written through a link, but a kill between two renames can leave part
    of the new set beside part of the old one.
    """
    with _locked(out_dir):
        _check_targets(out_dir, names, force=force)
        staged: list[tuple[Path, Path]] = []
        tag = f"{STAGE_TAG}-{os.getpid()}-{secrets.token_hex(8)}"
        try:
            for name, content in zip(names, contents, strict=True):
                temporary = name.parent / f".{name.name}.{tag}"
                try:
                    _write_new(out_dir, temporary, content)
                except OSError as error:
                    raise OSError(error.errno, error.strerror, str(out_dir / name)) from None
                staged.append((out_dir / temporary, out_dir / name))
            for done, (temporary, target) in enumerate(staged):
                try:
                    if force:
                        os.replace(temporary, target)
                    else:
                        os.link(temporary, target, follow_symlinks=False)
                except FileExistsError:
                    raise OutputExistsError(
                        f"output files already exist:\n    {target}\n"
                        f"    {_so_far(done, len(staged))}\n"
                        "    hint: rerun with --force to overwrite them, or write "
                        "somewhere else") from None
                except OSError as error:
                    if not done:
                        raise
                    raise OutputError(
                        f"cannot write {target}: {error.strerror or error}; "
                        f"{_so_far(done, len(staged))}\n    hint: "
                        f"{_HINTS.get(error.errno or 0, 'check the output folder')}") from None
        finally:
            with _signals_ignored():
                for temporary, _ in staged:
                    temporary.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _relative(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts or ".." in path.parts or "." in path.parts:
        raise ValueError(f"not a relative output path: {name!r}")
    return path


def _write_new(root: Path, name: PurePosixPath, content: bytes) -> None:
    """Create ``root/name`` (and its folders), which must not exist, holding ``content``."""
    folder = root
    for part in name.parts[:-1]:
        folder = folder / part
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder)
    mode = 0o666 & ~_umask()
    handle = os.open(folder / name.name,
                     os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, mode)
    with os.fdopen(handle, "wb") as stream:
        stream.write(content)
        stream.flush()
        os.fsync(stream.fileno())


def _swap_in(stage: Path, out_dir: Path, names: list[PurePosixPath], *, force: bool) -> None:
    """Put the staged set in place of ``out_dir``'s targets, in one rename."""
    os.chmod(stage, 0o777 & ~_umask())
    while True:
        if _rename(stage, out_dir, _NOREPLACE):
            _fsync_dir(out_dir.parent)
            return
        with _locked(out_dir) as same:
            if not same:
                continue  # another build swapped the folder meanwhile: look again
            _check_targets(out_dir, names, force=force)
            _carry_over(out_dir, stage, {str(n) for n in names})
            shutil.copymode(out_dir, stage)
            if not _rename(stage, out_dir, _EXCHANGE):
                raise OSError(errno.EEXIST, "the output folder changed while writing",
                              str(out_dir))
            _fsync_dir(out_dir.parent)
            return


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[bool]:
    """Hold an exclusive lock on the folder at ``out_dir``; yield whether it is still there."""
    try:
        handle = os.open(out_dir, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as error:
        if error.errno in (errno.ENOTDIR, errno.ELOOP):
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR),
                                     str(out_dir)) from None
        raise
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            now = os.stat(out_dir, follow_symlinks=False)
        except FileNotFoundError:
            yield False
            return
        held = os.fstat(handle)
        yield (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)
    finally:
        os.close(handle)


def _check_targets(out_dir: Path, names: list[PurePosixPath], *, force: bool) -> None:
    """Raise if a target cannot or may not be replaced, or a needed folder is not a folder."""
    unusable: list[str] = []
    existing: list[str] = []
    folders = sorted({folder for name in names for folder in list(name.parents)[:-1]})
    for folder in folders:
        mode = _lmode(out_dir / folder)
        if mode is not None and not stat.S_ISDIR(mode):
            unusable.append(f"    {out_dir / folder} ("
                            f"{'a symbolic link' if stat.S_ISLNK(mode) else 'a file'}, "
                            "where a folder is needed)")
    for name in names:
        mode = _lmode(out_dir / name)
        if mode is None:
            continue
        if not stat.S_ISREG(mode):
            unusable.append(f"    {out_dir / name} ({_kind(mode)})")
        existing.append(f"    {out_dir / name}")
    if unusable:
        raise OutputError(
            "these outputs are not ordinary files or folders, so they cannot be replaced:\n"
            + "\n".join(sorted(unusable)) + "\n"
            "    nothing was written\n"
            "    hint: remove them or move them aside, or write somewhere else")
    if existing and not force:
        raise OutputExistsError(
            "output files already exist:\n" + "\n".join(sorted(existing)) + "\n"
            "    nothing was written\n"
            "    hint: rerun with --force to overwrite them, or write somewhere else")


def _lmode(path: Path) -> int | None:
    try:
        return os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "a device, pipe or socket"


def _carry_over(source: Path, stage: Path, targets: set[str], prefix: str = "") -> None:
    """Hard-link every entry of ``source`` that is not a target into ``stage``, so that the
    swap keeps the other files of the output folder (links, not copies: nothing followed)."""
    for entry in os.scandir(source):
        relative = f"{prefix}{entry.name}"
        if relative in targets:
            continue
        into = stage / entry.name
        if entry.is_dir(follow_symlinks=False):
            if not into.exists():
                os.mkdir(into)
                shutil.copymode(entry.path, into)
            _carry_over(Path(entry.path), into, targets, f"{relative}/")
        else:
            os.link(entry.path, into, follow_symlinks=False)


def _keep_late_arrivals(old: Path, out_dir: Path) -> None:
    """Link back into ``out_dir`` any file that another program put in the old folder after
    it was carried over (the swap moved it aside with the old set)."""
    if not old.exists():
        return
    for folder, _, entries in os.walk(old):
        for entry in entries:
            source = Path(folder) / entry
            target = out_dir / source.relative_to(old)
            if not os.path.lexists(target) and target.parent.is_dir():
                with contextlib.suppress(OSError):
                    os.link(source, target, follow_symlinks=False)


def _remove_tree(path: Path) -> None:
    """Remove ``path`` and everything in it, never following a symbolic link."""
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(path)


def _cleanup(stage: Path | None, created: list[Path]) -> None:
    with _signals_ignored():
        if stage is not None:
            _remove_tree(stage)
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()


_NOREPLACE, _EXCHANGE = 1, 2
_AT_FDCWD = -100
_LIBC = ctypes.CDLL(None, use_errno=True)


class _CannotSwap(Exception):
    """The output folder cannot be swapped in one rename here."""


def _rename(source: Path, target: Path, flags: int) -> bool:
    """Rename with ``renameat2``: move (no replace) or exchange; False if ``target`` exists.

    Raises :class:`_CannotSwap` where ``renameat2`` or the flag is not supported, or the
    two folders are on different file systems.
    """
    renameat2 = getattr(_LIBC, "renameat2", None)
    if renameat2 is None:
        raise _CannotSwap
    result = renameat2(_AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target), flags)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EXDEV, errno.EINVAL, errno.ENOSYS, errno.EBUSY):
        raise _CannotSwap
    if code in (errno.EEXIST, errno.ENOTEMPTY) and flags == _NOREPLACE:
        return False
    if code == errno.ENOENT and flags == _EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(target))


def _fsync_dir(folder: Path) -> None:
    """Flush ``folder``'s entries to disk, where the file system allows it."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _redeliver(signum: int) -> None:
    """Act on a signal that interrupted writing, as the handler before ours would have."""
    handler = signal.getsignal(signum)
    if callable(handler):
        handler(signum, None)  # Python's SIGINT handler raises KeyboardInterrupt
    elif handler == signal.SIG_DFL:
        os.kill(os.getpid(), signum)


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived while writing; what was staged has been removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into :class:`Interrupted`, so staged files are cleaned up."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise Interrupted(signum)

    previous = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGINT, signal.SIGTERM)
                if signal.getsignal(sig) != signal.SIG_IGN}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def _signals_ignored() -> Iterator[None]:
    """Hold off SIGINT and SIGTERM while cleaning up; deliver them afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def write_outputs(files: dict[Path, bytes], *, force: bool) -> None:
    """Write single files, each ``path: content``; their folders must exist or are created.

    Every target is checked first: a folder, a device or a pipe raises :class:`OutputError`.
    Each file is written to a temporary file beside it, then linked into place (which fails
    if the target has appeared meanwhile: :class:`OutputExistsError`) or, with ``force``,
    renamed over it.
    """
    for path in files:
        mode = _lmode(path)
        if mode is not None and not stat.S_ISREG(mode):
            raise OutputError(
                f"these outputs are not ordinary files, so they cannot be replaced:\n"
                f"    {path} ({_kind(mode)})\n"
                "    hint: remove them or move them aside, or write somewhere else")
        if mode is not None and not force:
            raise OutputExistsError(
                f"output files already exist:\n    {path}\n"
                "    hint: rerun with --force to overwrite them, or write somewhere else")
    created: list[Path] = []
    for path, content in files.items():
        temporary = path.parent / f".{path.name}.{STAGE_TAG}-{secrets.token_hex(8)}"
        try:
            with _signals_raise():
                _make_folders(path.parent, created)
                _write_new(path.parent, PurePosixPath(temporary.name), content)
                if force:
                    os.replace(temporary, path)
                else:
                    try:
                        os.link(temporary, path, follow_symlinks=False)
                    except FileExistsError:
                        raise OutputExistsError(
                            f"output files already exist:\n    {path}\n"
                            "    hint: rerun with --force to overwrite them, or write "
                            "somewhere else") from None
                    finally:
                        temporary.unlink(missing_ok=True)
        except OSError as error:
            with contextlib.suppress(OSError):
                temporary.unlink()
            _cleanup(None, created)
            raise OutputError(_explain(error, path)) from None
        except BaseException as error:
            with contextlib.suppress(OSError):
                temporary.unlink()
            _cleanup(None, created)
            if isinstance(error, Interrupted):
                _redeliver(error.signum)
            raise


def _so_far(done: int, total: int) -> str:
    """Say how much of a set written in place was written before it failed."""
    if not done:
        return "nothing was written"
    return f"{done} of the {total} files had already been written"


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


_HINTS = {
    errno.ENOTDIR: "a file stands where a folder is needed; write somewhere else",
    errno.EEXIST: "a file stands where a folder is needed; write somewhere else",
    errno.EISDIR: "a folder stands where a file is needed; remove it or write somewhere else",
    errno.EACCES: "check that you may write to this folder",
    errno.EPERM: "check that you may write to this folder",
    errno.EROFS: "the disk is read-only; write somewhere else",
    errno.ENOSPC: "the disk is full; free some space or write somewhere else",
}


def _explain(error: OSError, target: Path) -> str:
    """Return an output error as a message with a hint; nothing was written."""
    where = str(error.filename or target)
    if STAGE_TAG in where:
        where = str(target)  # never name a staging file the user did not ask for
    reason = error.strerror or str(error)
    hint = _HINTS.get(error.errno or 0, "check the output folder, then run the command again")
    if error.errno == errno.ENOTDIR:
        return (f"cannot write into {where}: it is a file, not a folder; nothing was written\n"
                f"    hint: {hint}")
    return f"cannot write {where}: {reason}; nothing was written\n    hint: {hint}"


def _umask() -> int:
    """Return the process umask (read by setting and restoring it)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
