"""Choosing one variant per clause: the "select" stage of the pipeline.

:func:`select` evaluates each clause's and variant's ``when`` condition against a document's
context and returns a :class:`Selection`. The integrity report reads its chosen variants,
and the assembler drafts exactly the variants it holds, so the flags and the documents can
never disagree about which variants were chosen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import LibraryError
from .clause_files import Clause, Variant
from .selection import ChosenVariant
from .templating import evaluate


@dataclass(frozen=True)
class Selection:
    """The variant chosen for each clause of one document, in the document's order.

    Clauses whose own ``when`` is false are left out. ``document_id`` is ``agreement`` or
    ``pack:<provider-id>``.
    """

    document_id: str
    picks: tuple[tuple[Clause, Variant], ...]

    @property
    def chosen(self) -> tuple[ChosenVariant, ...]:
        """Return the choices as the integrity report and the manifest record them."""
        return tuple(
            ChosenVariant(self.document_id, clause.id, variant.id, variant.position, variant.flag)
            for clause, variant in self.picks
        )


def select(clauses: Sequence[Clause], context: Mapping[str, Any], document_id: str) -> Selection:
    """Return the variant chosen for each clause in ``clauses`` that applies to ``context``.

    The first variant whose ``when`` holds is chosen (a variant without ``when`` always
    holds). Raises :class:`LibraryError` when a clause applies but none of its variants does.
    """
    picks: list[tuple[Clause, Variant]] = []
    for clause in clauses:
        where = f"{document_id}: clause {clause.id!r}"
        if clause.when is not None and not evaluate(clause.when, context, where):
            continue
        variant = next(
            (v for v in clause.variants
             if v.when is None or evaluate(v.when, context, f"{where} variant {v.id!r}")),
            None,
        )
        if variant is None:
            raise LibraryError(f"{where}: no variant's condition matches these answers")
        picks.append((clause, variant))
    return Selection(document_id, tuple(picks))
