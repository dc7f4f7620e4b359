"""A schedule pack's citations of the alliance agreement, which follow its renumbering.

A pack cites the agreement's clauses in words ("(its clause 26.4)", "clauses 14 and 15 of
the Alliance Agreement"): they are not cross-reference fields, since the target is in
another document. When the agreement is renumbered, those numbers change with it. Such a
change is renumbering, not a change of the pack's text, and the summary reports it so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from ..docmodel import Paragraph, Run
from .model import Pair, merge_runs

_NUMBER = r"\d+(?:\.\d+)*"
_CITATION = re.compile(
    rf"\b(?:clauses?|Clauses?|Schedules?|paragraphs?)\s+"
    rf"(?:{_NUMBER})(?:(?:,\s*|\s+and\s+|\s+or\s+|\s+to\s+)(?:{_NUMBER}))*")
"""A citation in words: "clause 26.4", "clauses 3, 14 and 15", "Schedule 4"."""
_EACH = re.compile(_NUMBER)


def renumbered_citations(text: str, moves: Mapping[str, str]) -> str:
    """Return ``text`` with the numbers it cites moved as ``moves`` (OLD → NEW) says."""
    def cited(match: re.Match[str]) -> str:
        return _EACH.sub(lambda n: moves.get(n.group(), n.group()), match.group())
    return _CITATION.sub(cited, text)


def follows_renumbering(pair: Pair, moves: Mapping[str, str]) -> bool:
    """Return True if a changed paragraph differs from OLD only in numbers it cites that
    the agreement's renumbering (``moves``, OLD number → NEW number) moved."""
    old, new = pair.old, pair.new
    if not moves or not isinstance(old, Paragraph) or not isinstance(new, Paragraph):
        return False
    if (old.kind, old.level, old.number) != (new.kind, new.level, new.number):
        return False
    moved = tuple(replace(i, text=renumbered_citations(i.text, moves))
                  if isinstance(i, Run) else i for i in old.inlines)
    return moved != old.inlines and merge_runs(moved) == merge_runs(new.inlines)

