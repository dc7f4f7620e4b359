"""The integrity engine: finds every way the answers water a true alliance down.

Call :func:`evaluate` for an :class:`IntegrityReport`, then :func:`to_json`,
:func:`to_markdown` or :func:`to_text` to present it.
"""

from .engine import evaluate
from .report import to_json, to_markdown, to_text
from .result import Finding, Flag, IntegrityReport, Note, NoteKind

__all__ = [
    "Finding",
    "Flag",
    "IntegrityReport",
    "Note",
    "NoteKind",
    "evaluate",
    "to_json",
    "to_markdown",
    "to_text",
]
