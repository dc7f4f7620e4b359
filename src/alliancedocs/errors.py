"""Errors reported to users: located problems in their input, never tracebacks."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One problem in a user's input, located as precisely as the input allows.

    ``line`` and ``column`` are 1-based; 0 means unknown. ``path`` is the field path in
    the answers (``kras[2].kpis[0].thresholds.stretch``), or "" for the file as a whole.
    """

    file: Path
    line: int
    column: int
    path: str
    message: str
    hint: str = ""

    def format(self) -> str:
        """Return the problem as ``file:line:col: path: message`` plus an indented hint.

        A problem without a line (such as one in a ``.docx``) is placed at ``file`` alone.
        """
        where = f"{self.file}:{self.line}:{self.column}" if self.line else str(self.file)
        head = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return f"{head}\n    hint: {self.hint}" if self.hint else head


def in_file_order(problems: list[Problem]) -> list[Problem]:
    """Return ``problems`` sorted by line, then column (stable for equal positions)."""
    return sorted(problems, key=lambda p: (p.line, p.column))


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
    """One or more located problems in an input file."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


class OutputExistsError(AlliancedocsError):
    """An output file exists and ``--force`` was not given."""


class OutputError(AlliancedocsError):
    """An output cannot be written: its folder is a file, it is a folder, or the disk refused."""


class LibraryError(AlliancedocsError):
    """The clause library or a template is broken (a missing reference, a bad condition)."""
