"""The commercial framework: risk and reward regime, target outturn cost and shares."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from .base import Identifier, Money, Percent, Section, ShortText
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
    participant_amounts = "participant-amounts"
    none = "none"


class Mechanism(StrEnum):
    """How the providers are paid for the services."""

    open_book = "open-book"
    contract_price = "contract-price"


class VarianceMeasure(StrEnum):
    """Under the contract-price mechanism: what the alliance's total cost is measured against."""

    toc = "toc"
    control_total = "control-total"


class TocAdjustmentEvent(StrEnum):
    """An event for which the ALT may change the TOC of a year already started."""

    scope_change = "scope-change"
    change_in_law = "change-in-law"
    national_price = "national-price"
    force_majeure = "force-majeure"
    demand = "demand"
    reserved_matter = "reserved-matter"


DEFAULT_TOC_EVENTS = (TocAdjustmentEvent.scope_change, TocAdjustmentEvent.change_in_law,
                      TocAdjustmentEvent.national_price, TocAdjustmentEvent.force_majeure)
"""The usual TOC adjustment events: scope, law, national prices and pay, force majeure."""


class TocAdjustment(Section):
    """When the TOC of a year already started may be changed, and how."""

    events: list[TocAdjustmentEvent] = list(DEFAULT_TOC_EVENTS)
    """The events that allow a change: `scope-change` (a variation of the services),
    `change-in-law`, `national-price` (a nationally set price, tariff or pay award),
    `force-majeure`, `demand` (demand outside the band in `demand_band_percent`) and
    `reserved-matter` (a commissioner's decision on a reserved matter). An empty list means
    the TOC is never changed once a year has started."""
    demand_band_percent: Percent = Decimal(10)
    """With `demand`: how far, as a percentage, demand for the services may move from the
    level assumed in the TOC before the TOC is adjusted."""
    notice_business_days: int = Field(default=20, ge=1, le=120)
    """Within how many business days after becoming aware of an event a party must notify
    the ALT, with its estimate of the effect on cost."""


class Payer(StrEnum):
    """Who makes a payment, and receives any sum paid back."""

    contract_commissioner = "contract-commissioner"
    pooled_fund = "pooled-fund"
    owner = "owner"


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
    """`margin` caps their pain at their total margin, and each participant's at its own (the
    standard); `amount` caps their total at a fixed sum; `participant-amounts` caps each
    participant at the sum in pounds given with its fixed share (for bodies, such as NHS
    trusts, that have no margin to put at risk); `none` leaves it uncapped."""
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
    cap: Money | None = None
    """With `pain_cap.basis: participant-amounts`: the most this participant bears in a year,
    in pounds, through its share of an overrun and any clawback from the performance pool
    together."""


class Payers(Section):
    """Who pays each limb of payment, and receives what a provider pays back.

    `contract-commissioner` is the commissioner that holds the provider's service contract
    (for a provider with none, the commissioners that fund the services); `pooled-fund` is the
    section 75 pooled fund in `contracts.pooled_fund`; `owner` is the risk-share owner. No
    sum owed to one payer is ever deducted from a payment made by another.
    """

    services: Payer = Payer.contract_commissioner
    """Who pays the providers for the services (their contract price, or their costs and
    margin)."""
    gain_pain: Payer = Payer.contract_commissioner
    """Who pays the participants their share of an underrun, and receives their share of an
    overrun."""
    performance_pool: Payer = Payer.owner
    """Who provides the performance pool, pays it out and receives any clawback."""


class Payment(Section):
    """How the providers are paid, what is measured for gain and pain, and who pays."""

    mechanism: Mechanism = Mechanism.open_book
    """`open-book` (the standard): each provider's direct costs are reimbursed open book and
    its margin paid as a fixed sum, and gain and pain are measured on those costs against
    the target outturn cost. `contract-price`: each provider keeps the price or tariff of its
    own service contract (its `expected_annual_value`), and only the variance of the total
    paid for the services against the target outturn cost, or a system control total, is
    shared; no provider needs a margin."""
    measured_against: VarianceMeasure = VarianceMeasure.toc
    """With `contract-price`: `toc` (the target outturn cost agreed by the ALT) or
    `control-total` (a control total set for the services by the wider system)."""
    control_total: Money | None = None
    """With `measured_against: control-total`: the control total for a full year in pounds."""
    control_total_source: ShortText | None = None
    """With `measured_against: control-total`: who sets the control total, such as `NHS
    Greater Manchester's system financial plan`."""
    payers: Payers = Payers()
    """Who pays the services, the gain and pain, and the performance pool."""


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
    payment: Payment = Payment()
    """How the providers are paid and who pays each limb."""
    toc_adjustment: TocAdjustment = TocAdjustment()
    """The events for which the TOC of a year already started may be changed."""
