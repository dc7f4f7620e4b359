"""The commercial framework: risk and reward regime, target outturn cost and shares."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from .base import Identifier, Money, Percent, Section
from .performance import LevelScores


class Regime(StrEnum):
    """The risk and reward regime."""

    none = "none"
    deferred = "deferred"
    gain_only = "gain-only"
    gain_pain = "gain-pain"
    performance_pool = "performance-pool"


class ActiveRegime(StrEnum):
    """The regime that applies once a deferred risk share starts."""

    gain_only = "gain-only"
    gain_pain = "gain-pain"
    performance_pool = "performance-pool"


class Basis(StrEnum):
    """What gain and pain are measured against."""

    whole_alliance = "whole-alliance"
    individual = "individual"


class CapBasis(StrEnum):
    """How the participants' share of an overrun is capped."""

    margin = "margin"
    amount = "amount"
    none = "none"


class DistributionBasis(StrEnum):
    """How the participants' share is divided among them."""

    pro_rata_margin = "pro-rata-margin"
    fixed_shares = "fixed-shares"


class UnderrunSplit(Section):
    """How an underrun (actual cost below target) is divided. The three parts add up to 100."""

    owner_percent: Percent = Decimal(50)
    """The owner's percentage of the underrun."""
    participants_percent: Percent = Decimal(50)
    """The non-owner participants' percentage of the underrun."""
    pool_percent: Percent = Decimal(0)
    """The percentage paid into the performance pool, if any."""


class OverrunSplit(Section):
    """How an overrun (actual cost above target) is divided. The two parts add up to 100."""

    owner_percent: Percent = Decimal(50)
    """The owner's percentage of the overrun."""
    participants_percent: Percent = Decimal(50)
    """The non-owner participants' percentage of the overrun, before the cap."""


class PainCap(Section):
    """The most the participants together can lose through an overrun."""

    basis: CapBasis = CapBasis.margin
    """`margin` caps their pain at their total margin (the standard); `amount` at a fixed sum;
    `none` leaves it uncapped."""
    amount: Money | None = None
    """The cap in pounds, when `basis` is `amount`."""


class PerformancePool(Section):
    """A fund paid out, or clawed back, according to the weighted KRA score."""

    amount: Money
    """The size of the pool in pounds for each year."""
    clawback: bool = False
    """Whether a negative weighted score claws back from the participants, not only reduces
    the payment."""
    within_budget: bool = False
    """Whether the pool is paid from within the annual budget for the services (`true`) or in
    addition to it (`false`). Either way it is not part of the target outturn cost."""


class FixedShare(Section):
    """A participant's fixed share of the participants' gain or pain."""

    party: Identifier
    """The participant (its `id`)."""
    percent: Percent
    """Its share, as a percentage of the participants' total."""


class Distribution(Section):
    """How the participants' share of gain and pain is divided among them."""

    basis: DistributionBasis = DistributionBasis.pro_rata_margin
    """`pro-rata-margin` (the default) or `fixed-shares`."""
    shares: list[FixedShare] = []
    """For `fixed-shares`: each participant's share. They add up to 100."""


class RiskShare(Section):
    """The risk and reward regime shared by the owner and the participants."""

    regime: Regime
    """`gain-pain` is the standard; `gain-only` and `performance-pool` are allowed;
    `deferred` postpones the risk share; `none` has none."""
    starts_on: date | None = None
    """For a deferred risk share: the date it starts."""
    regime_when_started: ActiveRegime = ActiveRegime.gain_pain
    """For a deferred risk share: the regime that applies from the start date."""
    basis: Basis = Basis.whole_alliance
    """`whole-alliance` (the standard) or `individual`, which ties gain and pain to each
    party's own performance and waters the alliance down."""
    target_outturn_cost: Money | None = None
    """The Target Outturn Cost for each year, agreed unanimously in advance."""
    underrun: UnderrunSplit = UnderrunSplit()
    """How an underrun is shared."""
    overrun: OverrunSplit = OverrunSplit()
    """How an overrun is shared."""
    pain_cap: PainCap = PainCap()
    """The cap on the participants' pain."""
    performance_pool: PerformancePool | None = None
    """The performance pool, if there is one."""
    distribution: Distribution = Distribution()
    """How the participants' share is divided among them."""
    level_scores: LevelScores = LevelScores()
    """The score earned by each performance level."""
