"""KPI scoring: performance levels, interpolated scores and the weighted alliance score.

Every function works in :class:`~decimal.Decimal`. Scores between two thresholds are
interpolated linearly, so a division can be involved; it is carried out at 28 significant
digits in a local context, whatever the caller's context says, so results are the same on
every machine. Rounding to pence is left to the money code in :mod:`alliancedocs.riskshare`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, localcontext

from .model.performance import LEVELS, Direction, Kpi, Kra, Level, LevelScores

_PRECISION = 28


def _oriented(kpi: Kpi, value: Decimal) -> Decimal:
    """Return ``value`` turned so that a larger number is always better for ``kpi``."""
    return value if kpi.direction is Direction.higher_is_better else -value


def _oriented_thresholds(kpi: Kpi) -> list[Decimal]:
    """Return the KPI's thresholds best first, oriented so they must fall strictly.

    Raise ``ValueError`` if they are not strictly ordered in the KPI's direction.
    """
    values = [_oriented(kpi, kpi.thresholds.value(level)) for level in LEVELS]
    for better, worse, level in zip(values, values[1:], LEVELS[1:], strict=False):
        if not better > worse:
            raise ValueError(
                f"KPI `{kpi.id}`: the {level.label} threshold is not strictly worse than the "
                f"level above it for a {kpi.direction.value} KPI"
            )
    return values


def kpi_level(kpi: Kpi, value: Decimal) -> Level:
    """Return the performance level ``value`` reaches for ``kpi``.

    At or better than MCOS, the level is the best one whose threshold ``value`` meets or
    beats. Worse than MCOS, it is the worst level whose threshold ``value`` has fallen to,
    and at least Below MCOS: so a value between the Poor and Failure thresholds is Poor.
    Raise ``ValueError`` if the KPI's thresholds are not strictly ordered in its direction.
    """
    thresholds = _oriented_thresholds(kpi)
    measured = _oriented(kpi, value)
    mcos = LEVELS.index(Level.mcos)
    if measured >= thresholds[mcos]:
        return next(
            level for level, threshold in zip(LEVELS, thresholds, strict=True)
            if measured >= threshold
        )
    reached = Level.below_mcos
    for level, threshold in zip(LEVELS[mcos + 1:], thresholds[mcos + 1:], strict=True):
        if measured <= threshold:
            reached = level
    return reached


def kpi_score(kpi: Kpi, value: Decimal, scores: LevelScores) -> Decimal:
    """Return the score earned by measuring ``value`` for ``kpi``.

    A value on a threshold earns that level's score. A value between two thresholds earns a
    score interpolated linearly between their scores. A value at or beyond the Gamebreaking
    threshold earns the Gamebreaking score; at or beyond Failure, the Failure score. Raise
    ``ValueError`` if the KPI's thresholds are not strictly ordered in its direction.
    """
    thresholds = _oriented_thresholds(kpi)
    measured = _oriented(kpi, value)
    if measured >= thresholds[0]:
        return scores.score(LEVELS[0])
    if measured <= thresholds[-1]:
        return scores.score(LEVELS[-1])
    for index in range(len(LEVELS) - 1):
        upper, lower = thresholds[index], thresholds[index + 1]
        if lower <= measured <= upper:
            upper_score = scores.score(LEVELS[index])
            lower_score = scores.score(LEVELS[index + 1])
            with localcontext() as context:
                context.prec = _PRECISION
                fraction = (measured - lower) / (upper - lower)
                return lower_score + fraction * (upper_score - lower_score)
    raise AssertionError("unreachable: the thresholds cover every value")  # pragma: no cover


def kra_score(kra: Kra, values: Mapping[str, Decimal], scores: LevelScores) -> Decimal:
    """Return a KRA's score: the average of its KPIs' scores.

    ``values`` maps each KPI id to its measured value. Raise ``KeyError`` naming the first
    KPI without a value.
    """
    kpi_scores = [kpi_score(kpi, values[kpi.id], scores) for kpi in kra.kpis]
    with localcontext() as context:
        context.prec = _PRECISION
        return sum(kpi_scores, Decimal(0)) / len(kpi_scores)


def weighted_score(weights_and_scores: Iterable[tuple[int | Decimal, Decimal]]) -> Decimal:
    """Return the weighted alliance score, Σ(weight × score) / 100.

    ``weights_and_scores`` holds one ``(weight, score)`` pair per KRA; the weights are
    percentages that normally add up to 100.
    """
    with localcontext() as context:
        context.prec = _PRECISION
        total = sum((Decimal(weight) * score for weight, score in weights_and_scores), Decimal(0))
        return total / 100
