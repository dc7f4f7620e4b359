"""Errors reported to users: located problems in their input, never tracebacks."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from .diagnostics import Diagnostic

SHOWN_CHARS = 60
"""The most characters of a user's value quoted in a message."""


def shorten(text: str) -> str:
    """Return ``text`` cut to :data:`SHOWN_CHARS` characters, ending in ``...`` if cut."""
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS - 3] + "..."


def closest(value: str, choices: Iterable[str]) -> str | None:
    """Return the choice most like ``value`` (a likely misspelling of it), or None."""
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


class AlliancedocsError(Exception):
    """Base class of every error shown to the user without a traceback (exit code 1)."""


class InputError(AlliancedocsError):
    """One or more located problems in an input file, each a :class:`Diagnostic`."""

    def __init__(self, problems: list[Diagnostic]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


class OutputExistsError(AlliancedocsError):
    """An output file exists and ``--force`` was not given."""


class OutputError(AlliancedocsError):
    """An output cannot be written: its folder is a file, it is a folder, or the disk refused."""


class LibraryError(AlliancedocsError):
    """The clause library or a template is broken (a missing reference, a bad condition)."""
