"""KPI levels, interpolated scores and the weighted alliance score."""

from __future__ import annotations

from decimal import Decimal

import pytest

from alliancedocs.model.performance import Kpi, Kra, Level, LevelScores
from alliancedocs.scoring import kpi_level, kpi_score, kra_score, weighted_score

D = Decimal
DEFAULT = LevelScores()

HIGHER = {
    "gamebreaking": "95", "stretch": "90", "above_mcos": "85", "mcos": "80",
    "below_mcos": "75", "poor": "70", "failure": "60",
}
LOWER = {  # waiting time in days: fewer is better
    "gamebreaking": "2", "stretch": "5", "above_mcos": "10", "mcos": "14",
    "below_mcos": "21", "poor": "28", "failure": "42",
}


def make_kpi(thresholds: dict[str, str], direction: str, kpi_id: str = "k") -> Kpi:
    return Kpi(
        id=kpi_id, measure="m", unit="u", direction=direction,
        thresholds=thresholds, data_source="return",
    )


@pytest.fixture
def higher() -> Kpi:
    return make_kpi(HIGHER, "higher-is-better")


@pytest.fixture
def lower() -> Kpi:
    return make_kpi(LOWER, "lower-is-better")


@pytest.mark.parametrize(
    ("value", "level"),
    [("99", Level.gamebreaking), ("95", Level.gamebreaking), ("94.9", Level.stretch),
     ("85", Level.above_mcos), ("82", Level.mcos), ("80", Level.mcos),
     ("79.99", Level.below_mcos), ("75", Level.below_mcos), ("72", Level.below_mcos),
     ("70", Level.poor), ("61", Level.poor), ("60", Level.failure), ("10", Level.failure)],
)
def test_level_higher_is_better(higher: Kpi, value: str, level: Level) -> None:
    assert kpi_level(higher, D(value)) is level


@pytest.mark.parametrize(
    ("value", "level"),
    [("0", Level.gamebreaking), ("2", Level.gamebreaking), ("3", Level.stretch),
     ("14", Level.mcos), ("15", Level.below_mcos), ("28", Level.poor),
     ("41", Level.poor), ("42", Level.failure),
     ("100", Level.failure)],
)
def test_level_lower_is_better(lower: Kpi, value: str, level: Level) -> None:
    assert kpi_level(lower, D(value)) is level


@pytest.mark.parametrize(
    ("value", "score"),
    [("95", "100"), ("200", "100"), ("90", "60"), ("87.5", "45"), ("80", "0"),
     ("82", "12"), ("77.5", "-15"), ("65", "-80"), ("60", "-100"), ("0", "-100")],
)
def test_score_interpolates_higher_is_better(higher: Kpi, value: str, score: str) -> None:
    assert kpi_score(higher, D(value), DEFAULT) == D(score)


@pytest.mark.parametrize(
    ("value", "score"),
    [("1", "100"), ("2", "100"), ("3.5", "80"), ("12", "15"), ("14", "0"),
     ("24.5", "-45"), ("42", "-100"), ("50", "-100")],
)
def test_score_interpolates_lower_is_better(lower: Kpi, value: str, score: str) -> None:
    assert kpi_score(lower, D(value), DEFAULT) == D(score)


def test_score_uses_custom_level_scores(higher: Kpi) -> None:
    scores = LevelScores(gamebreaking=D(50), stretch=D(40), above_mcos=D(20), mcos=D(10),
                         below_mcos=D(-10), poor=D(-20), failure=D(-50))
    assert kpi_score(higher, D("87.5"), scores) == D(30)
    assert kpi_score(higher, D(100), scores) == D(50)


def test_score_between_thresholds_is_exact_to_28_digits(higher: Kpi) -> None:
    # one third of the way from MCOS (80, score 0) to Above MCOS (85, score 30)
    value = D(80) + D(5) / D(3)
    assert abs(kpi_score(higher, value, DEFAULT) - D(10)) < D("1e-24")


def test_score_is_monotonic_in_the_better_direction(higher: Kpi, lower: Kpi) -> None:
    values = [D(n) / 4 for n in range(0, 440)]
    high = [kpi_score(higher, v, DEFAULT) for v in values]
    low = [kpi_score(lower, v, DEFAULT) for v in values]
    assert high == sorted(high)
    assert low == sorted(low, reverse=True)


def test_thresholds_out_of_order_are_rejected() -> None:
    wrong = make_kpi(HIGHER, "lower-is-better")
    with pytest.raises(ValueError, match="strictly"):
        kpi_score(wrong, D(80), DEFAULT)
    with pytest.raises(ValueError, match="strictly"):
        kpi_level(make_kpi({**HIGHER, "poor": "75"}, "higher-is-better"), D(80))


def test_kra_score_is_the_average_of_its_kpis(higher: Kpi, lower: Kpi) -> None:
    kra = Kra(id="access", name="Access", weight=30,
              kpis=[higher, lower.model_copy(update={"id": "wait"})])
    assert kra_score(kra, {"k": D(90), "wait": D(14)}, DEFAULT) == D(30)
    with pytest.raises(KeyError):
        kra_score(kra, {"k": D(90)}, DEFAULT)


def test_weighted_score_reproduces_the_domain_example() -> None:
    rows = [(30, D(60)), (40, D(30)), (20, D(-30)), (10, D(0))]
    assert weighted_score(rows) == D(24)


def test_weighted_score_accepts_fractional_scores() -> None:
    assert weighted_score([(50, D("12.5")), (50, D("-2.5"))]) == D(5)
    assert weighted_score([]) == D(0)
