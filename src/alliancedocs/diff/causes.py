"""Which changed answer changed which clause.

With one answer changed, every clause that changed is its doing. With several, each is
applied alone to OLD's answers, the result composed and compared with OLD clause by
clause: the clauses that then change are the ones that answer touches. A clause that
changes only when two answers change together is tied to neither. Nothing is tied when a
version was read back from a file, the two were composed with different clause libraries,
or too many answers changed to try each alone.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import yaml

from ..docmodel import Block, Cell, CrossRef, Document, Inline, Paragraph, Table
from .answers import AnswerChange, ChangeKind
from .model import Choice, DocumentDiff, Op, sections
from .versions import Version, document_path

MOST_CHANGES = 12
"""The most changed answers that are each tried alone."""

Clause = tuple[str, str]
"""A clause of a document: (document name, clause id)."""

Touched = dict[Clause, bool]
"""The clauses one answer changes, each with whether it moved the clause to another
variant."""


def touched_clauses(old: Version, new: Version, changes: Sequence[AnswerChange],
                    documents: Sequence[DocumentDiff]) -> list[Touched | None] | None:
    """Return, for each of ``changes`` in order, the clauses it changes on its own (added,
    removed, reworded or moved to another variant), or ``None`` for one that cannot change
    without others; ``None`` for all when they cannot be told apart (see the module's
    notes)."""
    changed = {(doc.name, section.clause_id): section.variant_changed
               for doc in documents for section in doc.sections if section.op is not Op.equal}
    if not changes or not _comparable(old, new):
        return None
    if len(changes) == 1:
        return [changed]
    if len(changes) > MOST_CHANGES:
        return None
    found = [_alone(old, [change], changed, documents) for change in changes]
    # Answers that cannot change alone (a party removed with its seats) are tried together.
    together = [c for c, touched in zip(changes, found, strict=True) if touched is None]
    if together:
        joint = _alone(old, together, changed, documents)
        found = [joint if touched is None else touched for touched in found]
    return found


def _comparable(old: Version, new: Version) -> bool:
    return (not old.read_back and not new.read_back and old.composed_with is not None
            and old.evaluation is not None and new.evaluation is not None
            and old.library_sha256 == new.library_sha256)


def _alone(old: Version, changes: Sequence[AnswerChange], changed: Touched,
           documents: Sequence[DocumentDiff]) -> Touched | None:
    """Return the clauses among ``changed`` that ``changes`` change, made to OLD without
    the others, or ``None`` when they cannot be made without the others."""
    from ..core import compose, evaluate_text

    data = _applied(old.data, changes)
    if data is None:
        return None
    library = old.composed_with
    assert library is not None
    evaluation = evaluate_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                               str(old.source), library)
    if not evaluation.ok:  # these answers cannot change alone (they need another with them)
        return None
    composed = compose(evaluation, library).documents
    choices = {document_path(d): tuple(_choices(s)) for d, s in evaluation.selections.items()}
    found: Touched = {}
    for doc in documents:
        if doc.old is None or doc.name not in composed:
            continue
        before = _clauses(doc.old, old.choices.get(doc.name))
        after = _clauses(composed[doc.name], choices.get(doc.name))
        for clause in {*before, *after}:
            if (doc.name, clause) in changed and before.get(clause) != after.get(clause):
                variants = (before.get(clause) or (None,))[0], (after.get(clause) or (None,))[0]
                found[(doc.name, clause)] = None not in variants and variants[0] != variants[1]
    return found


def _clauses(document: Document, choices: Sequence[Choice] | None
             ) -> dict[str, tuple[str | None, tuple[Block, ...]]]:
    """Return each clause's variant and blocks, numbers left out (renumbering is not a
    change), by clause id: cheap to compare, unlike the word-by-word comparison."""
    return {section.clause_id: (section.variant_id,
                                tuple(_unnumbered(b) for b in section.blocks))
            for section in sections(document, choices)}


def _unnumbered(block: Block) -> Block:
    if isinstance(block, Paragraph):
        return replace(block, number="", inlines=_inlines(block.inlines))
    if isinstance(block, Table):
        return replace(block, header=_cells(block.header),
                       rows=tuple(_cells(row) for row in block.rows))
    return replace(block, entries=tuple(replace(e, number="") for e in block.entries))


def _cells(cells: tuple[Cell, ...]) -> tuple[Cell, ...]:
    return tuple(replace(c, paragraphs=tuple(_inlines(p) for p in c.paragraphs))
                 for c in cells)


def _inlines(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    return tuple(replace(i, number="") if isinstance(i, CrossRef) else i for i in inlines)


def _choices(selection: Any) -> list[Choice]:
    return [Choice(c.clause_id, c.variant_id, c.position.value) for c in selection.chosen]


def _applied(data: Mapping[str, Any], changes: Sequence[AnswerChange]) -> dict[str, Any] | None:
    """Return OLD's answers with ``changes`` made, or ``None`` when they cannot be made
    (a new order, or a path that OLD lacks). Removals go first, from the end of each list,
    and additions last, so that each change's OLD position still holds."""
    result = copy.deepcopy(dict(data))
    order = {ChangeKind.removed: 0, ChangeKind.changed: 1, ChangeKind.added: 2}
    removals = sorted((c for c in changes if c.kind is ChangeKind.removed),
                      key=lambda c: [str(p) if isinstance(p, str) else p for p in c.old_path],
                      reverse=True)
    rest = sorted((c for c in changes if c.kind is not ChangeKind.removed),
                  key=lambda c: order.get(c.kind, 3))
    for change in (*removals, *rest):
        if not _apply(result, change):
            return None
    return result


def _apply(data: dict[str, Any], change: AnswerChange) -> bool:
    """Make ``change`` to ``data`` in place; return False when it cannot be made."""
    if change.kind is ChangeKind.reordered or not change.old_path:
        return False
    parent: Any = data
    for part in change.old_path[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return False
    last = change.old_path[-1]
    if isinstance(parent, list) and isinstance(last, int):
        if change.kind is ChangeKind.added:
            parent.insert(min(last, len(parent)), change.new)
        elif last >= len(parent):
            return False
        elif change.kind is ChangeKind.removed:
            del parent[last]
        else:
            parent[last] = change.new
    elif isinstance(parent, dict) and isinstance(last, str):
        if change.kind is ChangeKind.removed:
            parent.pop(last, None)
        else:
            parent[last] = change.new
    else:
        return False
    return True
