"""Pairwise coverage for the library lint: every pair of answers that select variants.

Contradictions live between pairs of choices (a non-binding memorandum with no risk share, a
non-member commissioner with a unilateral variation right), so varying one answer at a time
is not enough. :func:`pairwise_answers` finds, for each base answers file, the single
changes that alter which variants are chosen, then builds a small set of answers in which
every feasible pair of those changes occurs together at least once. Pairs are packed
greedily, several into each answers set, so the set stays small; a pair whose answers are
invalid together is counted as infeasible, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from .core import select_documents
from .library.clause_files import Library
from .lint import _choices, _repair, _replace
from .model import Answers
from .validation import check_answers

Choice = tuple[tuple[str | int, ...], Any]
"""One changed answer: its path in the answers model and its new value."""


@dataclass(frozen=True)
class PairwiseCoverage:
    """The answers sets built, and how many pairs of variant-selecting changes they cover."""

    answers: tuple[Answers, ...]
    choices: int
    pairs: int
    covered: int
    infeasible: int

    @property
    def complete(self) -> bool:
        """Return whether every pair is either covered or infeasible."""
        return self.covered + self.infeasible == self.pairs


def _signature(answers: Answers, library: Library) -> frozenset[tuple[str, str, str]]:
    return frozenset((c.document.partition(":")[0], c.clause_id, c.variant_id)
                     for s in select_documents(answers, library).values() for c in s.chosen)


def _apply(base: Answers, choices: Sequence[Choice]) -> Answers | None:
    answers = base
    for path, value in choices:
        answers = _replace(answers, path, value)
    answers = _repair(answers)
    return None if check_answers(answers) else answers


def _overlap(a: Choice, b: Choice) -> bool:
    """Return whether two changes touch the same answer (one path contains the other, or a
    ``*`` path covers an indexed one)."""
    pa, pb = a[0], b[0]
    shorter, longer = sorted((pa, pb), key=len)
    if longer[:len(shorter)] == shorter:
        return True
    if "*" in pa or "*" in pb:
        def key(path: tuple[str | int, ...]) -> tuple[str | int, ...]:
            return tuple("*" if isinstance(part, int) else part for part in path)
        return key(pa) == key(pb)
    return False


def selecting_choices(base: Answers, library: Library) -> list[Choice]:
    """Return the single changes to ``base`` that give valid answers and change at least one
    chosen variant, in the lint's usual order."""
    reference = _signature(base, library)
    found: list[Choice] = []
    for path, value in _choices(base):
        answers = _apply(base, [(path, value)])
        if answers is not None and _signature(answers, library) != reference:
            found.append((path, value))
    return found


def pairwise_answers(bases: Sequence[Answers], library: Library,
                     max_sets_per_base: int | None = None) -> PairwiseCoverage:
    """Return answers covering every feasible pair of variant-selecting changes of each base.

    ``max_sets_per_base`` bounds the sets built for each base (the suite uses it to stay
    fast; ``scripts/lint_pairwise.py`` runs without it). The result says how many pairs the
    sets cover and how many are infeasible.
    """
    built: list[Answers] = []
    total_choices = total_pairs = covered_count = infeasible_count = 0
    for base in bases:
        choices = selecting_choices(base, library)
        total_choices += len(choices)
        pairs = [(i, j) for i, j in combinations(range(len(choices)), 2)
                 if not _overlap(choices[i], choices[j])]
        total_pairs += len(pairs)
        uncovered = set(pairs)
        infeasible: set[tuple[int, int]] = set()
        sets_here = 0
        for pair in pairs:
            if pair not in uncovered:
                continue
            if max_sets_per_base is not None and sets_here >= max_sets_per_base:
                break
            chosen = list(pair)
            answers = _apply(base, [choices[k] for k in chosen])
            if answers is None:
                uncovered.discard(pair)
                infeasible.add(pair)
                continue
            for k in range(len(choices)):
                if k in chosen or any(_overlap(choices[k], choices[c]) for c in chosen):
                    continue
                gain = [tuple(sorted((k, c))) for c in chosen]
                if not any(g in uncovered for g in gain):
                    continue
                trial = _apply(base, [choices[c] for c in (*chosen, k)])
                if trial is not None:
                    chosen.append(k)
                    answers = trial
            for a, b in combinations(sorted(chosen), 2):
                uncovered.discard((a, b))
            built.append(answers)
            sets_here += 1
        covered_count += len(pairs) - len(uncovered) - len(infeasible)
        infeasible_count += len(infeasible)
    return PairwiseCoverage(tuple(built), total_choices, total_pairs, covered_count,
                            infeasible_count)
