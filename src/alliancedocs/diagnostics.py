"""The one shape of everything alliancedocs reports: a :class:`Diagnostic`.

Validation problems, pydantic errors, integrity flags, notes, consistency findings and lint
findings all become diagnostics. Each carries a stable ``code``, a ``severity``, a
structured ``path`` into the answers (a tuple of keys and list indexes), a ``message`` and
a ``hint``; where one exists, the source position and the clause variant involved. The CLI
prints :meth:`Diagnostic.format`; ``--format json`` prints :meth:`Diagnostic.to_dict`; the
questionnaire places each one next to the question at its ``path``; the diff ties each flag
to the answers that raised it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

PathPart = str | int
FieldPath = tuple[PathPart, ...]
"""A field path in the answers, such as ``("kras", 2, "kpis", 0, "thresholds", "stretch")``."""

ERROR = "error"
"""The severity of a problem that stops the answers from being drafted."""

SEVERITIES = ("error", "critical", "high", "medium", "low", "info")
"""Every severity a diagnostic may have, most serious first."""


class Kind(StrEnum):
    """What a diagnostic reports."""

    problem = "problem"
    """Answers that are invalid or inconsistent: nothing can be drafted from them."""
    flag = "flag"
    """A departure from a true alliance (the watered-down catalogue)."""
    note = "note"
    """Something a reviewer should see that is neither a problem nor a departure."""
    consistency = "consistency"
    """The agreement and a provider's own contract would tell different stories."""
    lint = "lint"
    """A defect in the clause library found by ``alliancedocs clauses --lint``."""


@dataclass(frozen=True)
class Diagnostic:
    """One finding, in the shape every front end reads.

    ``line`` and ``column`` are 1-based; 0 means unknown. ``clause`` names a clause variant
    as ``clause-id/variant-id`` and ``document`` the document it is in (``agreement`` or
    ``pack:<provider-id>``). For flags, ``title`` is the catalogue title, ``hint`` the
    true-alliance position, and ``acknowledged``/``justification`` say whether the answers
    accept the departure knowingly; for every other kind ``acknowledged`` is ``None``.
    """

    code: str
    kind: Kind
    severity: str
    path: FieldPath
    message: str
    hint: str = ""
    file: Path | None = None
    line: int = 0
    column: int = 0
    clause: str | None = None
    document: str | None = None
    title: str = ""
    acknowledged: bool | None = None
    justification: str | None = None

    @property
    def is_error(self) -> bool:
        """Return whether this diagnostic stops a draft (an error-severity problem)."""
        return self.severity == ERROR

    @property
    def dotted_path(self) -> str:
        """Return the path written the way users see it, such as ``kras[2].kpis[0].weight``."""
        return format_path(self.path)

    def format(self) -> str:
        """Return ``file:line:col: path: message`` plus an indented hint.

        A diagnostic without a line (such as one in a ``.docx``) is placed at ``file`` alone,
        and one without a file starts at its path.
        """
        if self.file is None:
            where = ""
        elif self.line:
            where = f"{self.file}:{self.line}:{self.column}: "
        else:
            where = f"{self.file}: "
        shown = self.dotted_path
        head = f"{where}{shown}: {self.message}" if shown else f"{where}{self.message}"
        return f"{head}\n    hint: {self.hint}" if self.hint else head

    def to_dict(self) -> dict[str, Any]:
        """Return the diagnostic as the JSON object documented in the README."""
        data: dict[str, Any] = {
            "code": self.code,
            "kind": self.kind.value,
            "severity": self.severity,
            "path": list(self.path),
            "message": self.message,
            "hint": self.hint,
            "file": str(self.file) if self.file is not None else None,
            "line": self.line or None,
            "column": self.column or None,
            "clause": self.clause,
            "document": self.document,
        }
        if self.kind is Kind.flag:
            data.update(title=self.title, acknowledged=self.acknowledged,
                        justification=self.justification)
        return data


def input_problem(file: Path | None, line: int, column: int, path: FieldPath, message: str,
            hint: str = "", *, code: str = "invalid") -> Diagnostic:
    """Return an error-severity problem in the user's input at ``file:line:column``."""
    return Diagnostic(code, Kind.problem, ERROR, path, message, hint, file, line, column)


def in_file_order(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Return ``diagnostics`` sorted by line, then column (stable for equal positions)."""
    return sorted(diagnostics, key=lambda d: (d.line, d.column))


def format_path(path: FieldPath) -> str:
    """Return ``path`` written the way users see it, such as ``kras[2].kpis[0].weight``.

    Invisible characters in keys are shown as four-digit ``\\u`` escapes (see :func:`visible`).
    """
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{visible(part)}" if text else visible(part)
    return text


_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_path(dotted: str) -> FieldPath:
    """Return the structured form of a dotted path.

    ``kras[2].weight`` gives ``("kras", 2, "weight")``.
    """
    return tuple(int(index) if index else name for name, index in _PART.findall(dotted))


def invisible_characters(text: str) -> list[str]:
    """Return the characters of ``text`` a reader cannot see: controls, format characters
    such as U+200B, and spaces other than the ordinary space."""
    return [c for c in text
            if not c.isprintable() or (unicodedata.category(c) in ("Cf", "Zs") and c != " ")]


def visible(text: str) -> str:
    """Return ``text`` with each invisible character written as a four-digit ``\\u`` escape."""
    hidden = set(invisible_characters(text))
    return "".join(f"\\u{ord(c):04x}" if c in hidden else c for c in text) if hidden else text
