"""The performance framework: Key Result Areas, their KPIs and performance levels."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from .base import Identifier, Section, ShortText, Text


class Level(StrEnum):
    """The seven performance levels, best first."""

    gamebreaking = "gamebreaking"
    stretch = "stretch"
    above_mcos = "above_mcos"
    mcos = "mcos"
    below_mcos = "below_mcos"
    poor = "poor"
    failure = "failure"

    @property
    def label(self) -> str:
        """Return the level's name as printed in the agreement."""
        return _LEVEL_LABELS[self]


_LEVEL_LABELS = {
    Level.gamebreaking: "Gamebreaking",
    Level.stretch: "Stretch",
    Level.above_mcos: "Above MCOS",
    Level.mcos: "MCOS",
    Level.below_mcos: "Below MCOS",
    Level.poor: "Poor",
    Level.failure: "Failure",
}

LEVELS: tuple[Level, ...] = tuple(Level)
"""The levels in order, best first."""


class Direction(StrEnum):
    """Whether a higher or a lower measured value is better."""

    higher_is_better = "higher-is-better"
    lower_is_better = "lower-is-better"


class Frequency(StrEnum):
    """How often a KPI is reported."""

    monthly = "monthly"
    quarterly = "quarterly"
    six_monthly = "six-monthly"
    annually = "annually"


class Thresholds(Section):
    """The measured value that marks each performance level. They must run strictly from
    best to worst in the KPI's direction."""

    gamebreaking: Decimal
    """The value for Gamebreaking: possible, but nobody yet knows how to reach it."""
    stretch: Decimal
    """The value for Stretch: reachable with systemic, repeated success."""
    above_mcos: Decimal
    """The value for Above MCOS: better than expected, nothing exceptional."""
    mcos: Decimal
    """The value for MCOS, the Minimum Conditions of Satisfaction."""
    below_mcos: Decimal
    """The value for Below MCOS: below expectations."""
    poor: Decimal
    """The value for Poor: unacceptable, with significant impact."""
    failure: Decimal
    """The value for Failure: significant, even catastrophic, impact."""

    def value(self, level: Level) -> Decimal:
        """Return the threshold for ``level``."""
        return getattr(self, level.value)


class LevelScores(Section):
    """The score each performance level earns. The defaults are the usual ones; they must
    fall strictly from Gamebreaking to Failure."""

    gamebreaking: Decimal = Decimal(100)
    """Score for Gamebreaking."""
    stretch: Decimal = Decimal(60)
    """Score for Stretch."""
    above_mcos: Decimal = Decimal(30)
    """Score for Above MCOS."""
    mcos: Decimal = Decimal(0)
    """Score for MCOS."""
    below_mcos: Decimal = Decimal(-30)
    """Score for Below MCOS."""
    poor: Decimal = Decimal(-60)
    """Score for Poor."""
    failure: Decimal = Decimal(-100)
    """Score for Failure."""

    def score(self, level: Level) -> Decimal:
        """Return the score for ``level``."""
        return getattr(self, level.value)


class Kpi(Section):
    """A Key Performance Indicator within a Key Result Area."""

    id: Identifier
    """A short identifier for the KPI."""
    measure: ShortText
    """What is measured, in a few words."""
    unit: ShortText
    """The unit of the measured value, such as `%` or `people`."""
    direction: Direction
    """Whether a higher or a lower value is better."""
    thresholds: Thresholds
    """The value that marks each of the seven performance levels."""
    data_source: ShortText
    """Where the measured value comes from."""
    reporting_frequency: Frequency = Frequency.quarterly
    """How often the KPI is reported in the KPI return."""
    baseline: Decimal | None = None
    """The value at the start of the alliance, if known."""


class Kra(Section):
    """A Key Result Area: one outcome the alliance is judged on, with its KPIs."""

    id: Identifier
    """A short identifier for the KRA."""
    name: ShortText
    """The KRA's name, such as `Recovery and staying well`."""
    description: Text | None = None
    """What this KRA is about, in a sentence or two."""
    weight: int = Field(ge=1, le=100)
    """Its weight in the overall score. All KRA weights add up to 100."""
    covers_cost: bool = False
    """Whether this KRA measures the total cost of the services against the target outturn
    cost. One KRA should."""
    kpis: list[Kpi] = Field(min_length=1)
    """The KPIs that measure this KRA. The KRA's score is the average of its KPIs' scores."""
