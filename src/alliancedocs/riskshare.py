"""Risk-share arithmetic: cost gain and pain, the pain cap, the performance pool.

All amounts are :class:`~decimal.Decimal` pounds, rounded to whole pence. Whenever a sum is
divided into parts (owner and participants; one participant and another) the parts are found
by the largest-remainder method, so they always add up exactly to the whole, and ties are
broken in favour of the earlier part. Amounts in results are positive; the ``kind`` of a
cost outcome says whether they are gain (an underrun) or pain (an overrun). A pool payment is
the one signed amount: negative means a clawback from the participants.

The effective regime decides what is shared:

* ``gain-pain``: the answers' underrun and overrun splits, with the pain cap;
* ``gain-only``: the underrun split; the owner bears the whole of any overrun;
* ``performance-pool`` and ``none``: the owner keeps or bears every cost variance;
* ``deferred``: the regime that applies once the risk share starts.

The payment mechanism changes what the target is, not the arithmetic: under ``open-book``
and ``contract-price`` measured against the TOC the target is the target outturn cost; under
``contract-price`` measured against a control total it is that control total. Each
participant's own cap is its margin (pain cap ``margin``) or the sum given with its fixed
share (``participant-amounts``); its share of an overrun and any pool clawback in the same
year together never exceed it (:func:`combined_year`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from .model import Answers
from .model.performance import LEVELS, Direction, Kpi, Kra, Level, LevelScores
from .model.risk import CapBasis, DistributionBasis, Regime, VarianceMeasure
from .scoring import kpi_score, weighted_score

PENNY = Decimal("0.01")
HUNDRED = Decimal(100)


def to_pence(amount: Decimal) -> Decimal:
    """Return ``amount`` rounded to whole pence, halves away from zero."""
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def largest_remainder(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Divide ``total`` into parts in proportion to ``weights``, in whole pence.

    Each part first gets the whole pence of its exact share; the pence left over go one each
    to the parts with the largest fractional remainders, earlier parts first on a tie. The
    parts therefore always add up exactly to ``total``. A negative ``total`` is divided as
    its absolute value and every part negated.

    Raise ``ValueError`` if ``total`` is not a whole number of pence, if a weight is
    negative, or if every weight is zero while ``total`` is not.
    """
    if total != total.quantize(PENNY):
        raise ValueError(f"cannot divide {total}: it is not a whole number of pence")
    if any(weight < 0 for weight in weights):
        raise ValueError("weights must not be negative")
    sign = -1 if total < 0 else 1
    pence = int(abs(total) * 100)
    weight_sum = sum((Fraction(weight) for weight in weights), Fraction(0))
    if weight_sum == 0:
        if pence == 0:
            return [Decimal(0).scaleb(-2) for _ in weights]
        raise ValueError("cannot divide an amount when every weight is zero")
    quotas = [Fraction(pence) * Fraction(weight) / weight_sum for weight in weights]
    floors = [quota.numerator // quota.denominator for quota in quotas]
    left_over = pence - sum(floors)
    by_remainder = sorted(
        range(len(quotas)), key=lambda index: (-(quotas[index] - floors[index]), index)
    )
    for index in by_remainder[:left_over]:
        floors[index] += 1
    return [Decimal(sign * part).scaleb(-2) for part in floors]


# --- the terms of the risk share --------------------------------------------------------


@dataclass(frozen=True)
class Participant:
    """A non-owner participant and the weight of its share.

    ``weight`` is its margin (pro rata to margin) or its fixed percentage (fixed shares).
    """

    party_id: str
    name: str
    margin: Decimal
    weight: Decimal
    cap: Decimal | None = None
    """The most this participant bears in a year through an overrun and any pool clawback
    together (its own margin, or the sum given with its fixed share), or ``None`` when only
    the participants' total is capped."""


@dataclass(frozen=True)
class RiskShareTerms:
    """Everything the cost and pool arithmetic needs, independent of the answers file.

    Percentages are from 0 to 100. ``pain_cap`` is the most the participants together can
    bear on an overrun, or ``None`` when uncapped.
    """

    target_outturn_cost: Decimal
    owner_name: str
    participants: tuple[Participant, ...]
    underrun_owner_percent: Decimal = Decimal(50)
    underrun_participants_percent: Decimal = Decimal(50)
    underrun_pool_percent: Decimal = Decimal(0)
    overrun_owner_percent: Decimal = Decimal(50)
    overrun_participants_percent: Decimal = Decimal(50)
    pain_cap: Decimal | None = None
    pool_amount: Decimal | None = None
    pool_clawback: bool = False

    @property
    def total_margin(self) -> Decimal:
        """Return the participants' margins added together."""
        return sum((p.margin for p in self.participants), Decimal(0))


def effective_regime(answers: Answers) -> Regime:
    """Return the regime whose arithmetic applies: for ``deferred``, the regime once started."""
    regime = answers.risk_share.regime
    if regime is Regime.deferred:
        return Regime(answers.risk_share.regime_when_started.value)
    return regime


def terms_from_answers(answers: Answers) -> RiskShareTerms:
    """Return the risk-share terms the answers describe (see the module notes on regimes).

    The target is the control total when the answers measure gain and pain against one;
    otherwise the target outturn cost, falling back to the alliance's annual budget when the
    answers give none. A participant without a margin counts as a margin of zero.
    """
    risk = answers.risk_share
    regime = effective_regime(answers)
    fixed = {share.party: share.percent for share in risk.distribution.shares}
    own_caps = {share.party: share.cap or Decimal(0) for share in risk.distribution.shares}
    participants = tuple(
        Participant(
            party_id=party.id,
            name=party.short_name,
            margin=party.margin or Decimal(0),
            weight=(
                fixed.get(party.id, Decimal(0))
                if risk.distribution.basis is DistributionBasis.fixed_shares
                else party.margin or Decimal(0)
            ),
            cap=_own_cap(risk.pain_cap.basis, party.margin, own_caps.get(party.id)),
        )
        for party in answers.participants
    )
    total_margin = sum((p.margin for p in participants), Decimal(0))
    cap: Decimal | None
    if risk.pain_cap.basis is CapBasis.margin:
        cap = total_margin
    elif risk.pain_cap.basis is CapBasis.participant_amounts:
        cap = sum((p.cap or Decimal(0) for p in participants), Decimal(0))
    elif risk.pain_cap.basis is CapBasis.amount:
        cap = risk.pain_cap.amount if risk.pain_cap.amount is not None else Decimal(0)
    else:
        cap = None
    under = (risk.underrun.owner_percent, risk.underrun.participants_percent,
             risk.underrun.pool_percent)
    over = (risk.overrun.owner_percent, risk.overrun.participants_percent)
    if regime is Regime.gain_only:
        over = (HUNDRED, Decimal(0))
    elif regime in (Regime.performance_pool, Regime.none):
        under = (HUNDRED, Decimal(0), Decimal(0))
        over = (HUNDRED, Decimal(0))
    pool = risk.performance_pool
    owner = answers.owner
    if risk.payment.measured_against is VarianceMeasure.control_total:
        target = risk.payment.control_total
    else:
        target = risk.target_outturn_cost
    return RiskShareTerms(
        target_outturn_cost=target if target is not None else answers.alliance.annual_budget,
        owner_name=owner.short_name if owner is not None else "the owner",
        participants=participants,
        underrun_owner_percent=under[0],
        underrun_participants_percent=under[1],
        underrun_pool_percent=under[2],
        overrun_owner_percent=over[0],
        overrun_participants_percent=over[1],
        pain_cap=cap,
        pool_amount=pool.amount if pool is not None and regime is not Regime.none else None,
        pool_clawback=pool.clawback if pool is not None else False,
    )


def _own_cap(basis: CapBasis, margin: Decimal | None,
             share_cap: Decimal | None) -> Decimal | None:
    """Return a participant's own cap under the pain cap ``basis``, or ``None``."""
    if basis is CapBasis.margin:
        return margin or Decimal(0)
    if basis is CapBasis.participant_amounts:
        return share_cap or Decimal(0)
    return None


# --- cost gain and pain -----------------------------------------------------------------


class CostKind(StrEnum):
    """Whether the actual cost came in under, over or on the target outturn cost."""

    underrun = "underrun"
    overrun = "overrun"
    on_target = "on-target"


@dataclass(frozen=True)
class ParticipantAmount:
    """One participant's part of a shared amount."""

    party_id: str
    name: str
    amount: Decimal


@dataclass(frozen=True)
class CostOutcome:
    """How a cost variance is shared between the owner, the participants and the pool.

    ``variance`` is the size of the underrun or overrun. ``participants_share`` is the
    participants' share before any cap; ``participants_total`` what they actually gain or
    bear; ``capped`` whether the pain cap cut their share down. ``owner_total`` is what the
    owner keeps (underrun) or bears (overrun), and ``pool_total`` what goes into the
    performance pool (underrun only).
    """

    target_outturn_cost: Decimal
    actual_cost: Decimal
    kind: CostKind
    variance: Decimal
    participants_share: Decimal
    pain_cap: Decimal | None
    capped: bool
    participants_total: Decimal
    owner_total: Decimal
    pool_total: Decimal
    participant_amounts: tuple[ParticipantAmount, ...]
    redistributed: tuple[str, ...] = ()
    """The participants (their ids) whose share of an overrun was held at their own cap, the
    excess going to the others up to their own caps (and any remainder to the owner)."""


def _distribute(terms: RiskShareTerms, amount: Decimal) -> tuple[ParticipantAmount, ...]:
    """Divide ``amount`` among the participants by their weights."""
    if not terms.participants:
        if amount != 0:
            raise ValueError("there are no participants to share the amount")
        return ()
    parts = largest_remainder(amount, [p.weight for p in terms.participants])
    return tuple(
        ParticipantAmount(p.party_id, p.name, part)
        for p, part in zip(terms.participants, parts, strict=True)
    )


def _distribute_capped(terms: RiskShareTerms,
                       amount: Decimal) -> tuple[tuple[ParticipantAmount, ...], tuple[str, ...]]:
    """Divide an overrun share among the participants by weight, never giving one more than
    its own cap: a participant whose part would exceed its cap bears its cap, and the excess
    is divided among the others by weight, again up to each one's cap, until nothing exceeds
    a cap. Return the parts and the ids of the participants held at their cap; the parts may
    add up to less than ``amount`` when every participant with a weight is at its cap."""
    parts = {p.party_id: part for p, part in zip(
        terms.participants, [a.amount for a in _distribute(terms, amount)], strict=True)}
    held: list[str] = []
    while True:
        over = [p for p in terms.participants
                if p.cap is not None and parts[p.party_id] > to_pence(p.cap)]
        if not over:
            break
        for p in over:
            held.append(p.party_id)
            parts[p.party_id] = to_pence(p.cap if p.cap is not None else Decimal(0))
        free = [p for p in terms.participants if p.party_id not in held and p.weight > 0]
        excess = amount - sum(parts.values(), Decimal(0))
        if not free or excess <= 0:
            break
        extra = largest_remainder(excess, [p.weight for p in free])
        for p, more in zip(free, extra, strict=True):
            parts[p.party_id] += more
    amounts = tuple(ParticipantAmount(p.party_id, p.name, parts[p.party_id])
                    for p in terms.participants)
    order = [p.party_id for p in terms.participants]
    return amounts, tuple(sorted(set(held), key=order.index))


def cost_outcome(terms: RiskShareTerms | Answers, actual_cost: Decimal) -> CostOutcome:
    """Return how the variance between ``actual_cost`` and the target is shared.

    ``terms`` may be explicit :class:`RiskShareTerms` or the answers themselves. An underrun
    is divided between owner, participants and pool by the underrun split. On an overrun the
    participants bear their percentage, but never more than the pain cap; the owner bears
    the rest.
    """
    if isinstance(terms, Answers):
        terms = terms_from_answers(terms)
    actual = to_pence(actual_cost)
    target = to_pence(terms.target_outturn_cost)
    if actual < target:
        kind, variance = CostKind.underrun, target - actual
        owner, share, pool = largest_remainder(
            variance,
            [terms.underrun_owner_percent, terms.underrun_participants_percent,
             terms.underrun_pool_percent],
        )
        total, capped = share, False
    elif actual > target:
        kind, variance = CostKind.overrun, actual - target
        _, share = largest_remainder(
            variance, [terms.overrun_owner_percent, terms.overrun_participants_percent]
        )
        capped = terms.pain_cap is not None and share > terms.pain_cap
        total = to_pence(terms.pain_cap) if capped and terms.pain_cap is not None else share
        amounts, held = (_distribute_capped(terms, total) if terms.participants
                         else (_distribute(terms, total), ()))
        total = sum((a.amount for a in amounts), Decimal("0.00")) if amounts else total
        owner, pool = variance - total, Decimal("0.00")
    else:
        kind, variance = CostKind.on_target, Decimal("0.00")
        owner = share = total = pool = Decimal("0.00")
        capped = False
    if kind is not CostKind.overrun:
        amounts, held = _distribute(terms, total), ()
    return CostOutcome(
        target_outturn_cost=target,
        actual_cost=actual,
        kind=kind,
        variance=variance,
        participants_share=share,
        pain_cap=terms.pain_cap if kind is CostKind.overrun else None,
        capped=capped,
        participants_total=total,
        owner_total=owner,
        pool_total=pool,
        participant_amounts=amounts,
        redistributed=held,
    )


# --- the performance pool ---------------------------------------------------------------


def pool_payment(pool_amount: Decimal, weighted: Decimal, clawback: bool = False) -> Decimal:
    """Return what the performance pool pays for a weighted score, in pence.

    The payment is ``weighted / 100 × pool_amount``, never more than the pool itself. A
    negative score claws the same proportion back from the participants (a negative
    payment, never more than the pool) when ``clawback`` is true; otherwise it pays nothing.
    """
    fraction = min(max(weighted, Decimal(-100)), HUNDRED) / HUNDRED
    if fraction < 0 and not clawback:
        return Decimal("0.00")
    return to_pence(pool_amount * fraction)


def distribute_pool(terms: RiskShareTerms, payment: Decimal) -> tuple[ParticipantAmount, ...]:
    """Divide a pool payment (or clawback, if negative) among the participants by weight."""
    return _distribute(terms, to_pence(payment))


@dataclass(frozen=True)
class CombinedAmount:
    """One participant in a year with both an overrun and a pool clawback.

    ``clawback_due`` is its share of the clawback before its cap; ``clawback_paid`` what it
    pays, which is never more than its cap leaves after its share of the overrun.
    """

    party_id: str
    name: str
    cap: Decimal | None
    overrun_share: Decimal
    clawback_due: Decimal
    clawback_paid: Decimal

    @property
    def total(self) -> Decimal:
        """Return what the participant bears in the year: overrun share plus clawback paid."""
        return self.overrun_share + self.clawback_paid


@dataclass(frozen=True)
class CombinedYear:
    """A year in which the participants bear a share of an overrun and a pool clawback.

    ``clawback`` is the whole clawback the weighted score produces (a positive amount);
    ``clawback_paid`` what the participants pay of it within their caps. The owner does not
    recover the rest.
    """

    cost: CostOutcome
    weighted_score: Decimal
    clawback: Decimal
    amounts: tuple[CombinedAmount, ...]

    @property
    def clawback_paid(self) -> Decimal:
        """Return the clawback the participants pay within their own caps."""
        return sum((a.clawback_paid for a in self.amounts), Decimal("0.00"))

    @property
    def clawback_unrecovered(self) -> Decimal:
        """Return the part of the clawback that the caps leave unpaid: the owner does not
        recover it."""
        return self.clawback - self.clawback_paid


def combined_year(terms: RiskShareTerms, actual_cost: Decimal,
                  weighted: Decimal) -> CombinedYear:
    """Return how an overrun at ``actual_cost`` and a pool clawback at the negative score
    ``weighted`` fall on the participants in the same year.

    Each participant first bears its share of the overrun (held at its own cap, as
    :func:`cost_outcome` does), then pays its share of the clawback (divided by weight), but
    never more than its own cap leaves: a participant's overrun share and clawback together
    never exceed its cap. Raise ``ValueError`` if the terms have no pool with clawback or
    ``weighted`` is not negative.
    """
    if terms.pool_amount is None or not terms.pool_clawback:
        raise ValueError("the risk share has no performance pool with clawback")
    if weighted >= 0:
        raise ValueError("a clawback needs a weighted score below zero")
    cost = cost_outcome(terms, actual_cost)
    clawback = -pool_payment(terms.pool_amount, weighted, clawback=True)
    due = distribute_pool(terms, clawback)
    amounts = []
    for participant, share, owed in zip(terms.participants, cost.participant_amounts, due,
                                        strict=True):
        room = (None if participant.cap is None
                else max(to_pence(participant.cap) - share.amount, Decimal("0.00")))
        paid = owed.amount if room is None else min(owed.amount, room)
        amounts.append(CombinedAmount(participant.party_id, participant.name, participant.cap,
                                      share.amount, owed.amount, paid))
    return CombinedYear(cost, weighted, clawback, tuple(amounts))


# --- the worked example -----------------------------------------------------------------

SCENARIO_PERCENTS: tuple[tuple[CostKind, Decimal], ...] = (
    (CostKind.underrun, Decimal(6)),
    (CostKind.overrun, Decimal(8)),
    (CostKind.overrun, Decimal(16)),
)
"""The worked example's cost scenarios: a 6% underrun, an 8% overrun and a 16% overrun."""

ILLUSTRATIVE_LEVELS: tuple[Level, ...] = (
    Level.stretch,
    Level.above_mcos,
    Level.below_mcos,
    Level.mcos,
)
"""The levels assigned to the KRAs, in order and cycling, for the pool illustration."""

COMBINED_LEVELS: tuple[Level, ...] = (Level.poor, Level.below_mcos)
"""The levels assigned to the KRAs, in order and cycling, for the year with an overrun and a
pool clawback: a weighted score below zero."""


@dataclass(frozen=True)
class CostScenario:
    """One cost scenario of the worked example: its percentage of the target and outcome."""

    percent_of_target: Decimal
    outcome: CostOutcome


@dataclass(frozen=True)
class PoolRow:
    """One KRA in the pool illustration: ``weighted`` is ``weight × score / 100``."""

    kra_id: str
    kra_name: str
    weight: int
    level: Level
    score: Decimal
    weighted: Decimal
    measured: Decimal | None = None
    """For a cost KRA scored on the example's own Actual Cost: that cost as a percentage of
    the target (``score`` is then its KPIs' score there, and ``level`` the level reached);
    ``None`` when the level is assumed."""


@dataclass(frozen=True)
class PoolIllustration:
    """How the performance pool pays out for illustrative KRA levels."""

    pool_amount: Decimal
    clawback: bool
    rows: tuple[PoolRow, ...]
    weighted_score: Decimal
    payment: Decimal
    participant_amounts: tuple[ParticipantAmount, ...]
    from_underrun: Decimal = Decimal("0.00")
    """The share of the worked example's underrun paid into the pool, which the pool
    illustrated includes (the clause adds it to the pool's fixed amount)."""

    @property
    def total(self) -> Decimal:
        """Return the pool illustrated: its fixed amount plus any share of the underrun."""
        return self.pool_amount + self.from_underrun


@dataclass(frozen=True)
class WorkedExample:
    """The risk-and-reward worked example printed in the agreement.

    ``pool`` is ``None`` when the answers have no performance pool. ``combined`` is the
    year with the 8% overrun and a pool clawback, shown when the pool claws back, pain is
    shared and each participant has its own cap; otherwise ``None``.
    """

    terms: RiskShareTerms
    scenarios: tuple[CostScenario, ...]
    pool: PoolIllustration | None
    combined: CombinedYear | None = None
    combined_rows: tuple[PoolRow, ...] = ()
    """The KRA levels of the combined year (a cost KRA scored on its Actual Cost where it
    can be)."""

    @property
    def pool_cost_measured(self) -> Decimal | None:
        """Return the Actual Cost (as a percentage of the target) on which the pool example
        scores the cost KRA, or ``None`` when every level in it is assumed."""
        return _measured(self.pool.rows if self.pool is not None else ())

    @property
    def combined_cost_measured(self) -> Decimal | None:
        """Return the Actual Cost (as a percentage of the target) on which the combined year
        scores the cost KRA, or ``None`` when every level in it is assumed."""
        return _measured(self.combined_rows)


def _measured(rows: Sequence[PoolRow]) -> Decimal | None:
    return next((row.measured for row in rows if row.measured is not None), None)


_PERCENTAGE = re.compile(r"%|\bper ?cent|\bpercentage\b|\bshare\b", re.IGNORECASE)
_OF_TARGET = re.compile(r"\bTOC\b|\btarget\b|\bcontrol total\b", re.IGNORECASE)


def measures_cost_against_target(kpi: Kpi) -> bool:
    """Return whether ``kpi`` measures the Actual Cost as a percentage of the target.

    A KPI is read so when lower is better, its MCOS threshold is exactly 100 (on target) and
    its measure or unit speaks of a percentage (or share) of the TOC, the target or the
    control total. Only then can the worked example score it on its own Actual Cost.
    """
    words = f"{kpi.measure} {kpi.unit}"
    return (kpi.direction is Direction.lower_is_better and kpi.thresholds.mcos == HUNDRED
            and bool(_PERCENTAGE.search(words)) and bool(_OF_TARGET.search(words)))


def level_for_score(score: Decimal, scores: LevelScores) -> Level:
    """Return the Performance Level a score reaches, as :func:`~alliancedocs.scoring.kpi_level`
    reads a measured value: at or above the MCOS score, the best level whose score it meets;
    below it, the worst level whose score it has fallen to, and at least Below MCOS."""
    mcos = LEVELS.index(Level.mcos)
    if score >= scores.score(Level.mcos):
        return next(level for level in LEVELS if score >= scores.score(level))
    reached = Level.below_mcos
    for level in LEVELS[mcos + 1:]:
        if score <= scores.score(level):
            reached = level
    return reached


def cost_kra_scores(kras: Sequence[Kra], scores: LevelScores,
                    percent_of_target: Decimal) -> dict[str, tuple[Level, Decimal]]:
    """Return, for each cost KRA whose every KPI measures the Actual Cost as a percentage of
    the target (:func:`measures_cost_against_target`), the level and score it reaches at
    ``percent_of_target``: the average of its KPIs' scores, as Schedule 3 scores them."""
    found: dict[str, tuple[Level, Decimal]] = {}
    for kra in kras:
        if kra.covers_cost and kra.kpis and all(measures_cost_against_target(k)
                                                for k in kra.kpis):
            values = [kpi_score(kpi, percent_of_target, scores) for kpi in kra.kpis]
            score = sum(values, Decimal(0)) / len(values)
            found[kra.id] = (level_for_score(score, scores), score)
    return found


def pool_illustration(
    terms: RiskShareTerms,
    kras: Sequence[tuple[str, str, int]],
    scores: LevelScores,
    levels: Sequence[Level] = ILLUSTRATIVE_LEVELS,
    from_underrun: Decimal = Decimal("0.00"),
    scored: Mapping[str, tuple[Level, Decimal]] | None = None,
    measured: Decimal | None = None,
) -> PoolIllustration:
    """Return the pool illustration for ``kras`` (``(id, name, weight)`` triples).

    A KRA in ``scored`` (its id mapped to a level and score, as :func:`cost_kra_scores`
    gives them for the Actual Cost ``measured``) takes that level and score; every other KRA
    in turn is given the next level from ``levels``, cycling. ``from_underrun`` is a share of
    an underrun paid into the pool on top of its fixed amount. Raise ``ValueError`` if
    ``terms`` has no performance pool.
    """
    if terms.pool_amount is None:
        raise ValueError("the risk share has no performance pool")
    scored = scored or {}
    rows = []
    assumed = 0
    for kra_id, name, weight in kras:
        if kra_id in scored:
            level, score = scored[kra_id]
            rows.append(PoolRow(kra_id, name, weight, level, score,
                                weighted_score([(weight, score)]), measured))
            continue
        level = levels[assumed % len(levels)]
        assumed += 1
        score = scores.score(level)
        rows.append(PoolRow(kra_id, name, weight, level, score,
                            weighted_score([(weight, score)])))
    total = weighted_score((row.weight, row.score) for row in rows)
    payment = pool_payment(terms.pool_amount + from_underrun, total, terms.pool_clawback)
    return PoolIllustration(
        pool_amount=terms.pool_amount,
        clawback=terms.pool_clawback,
        rows=tuple(rows),
        weighted_score=total,
        payment=payment,
        participant_amounts=distribute_pool(terms, payment),
        from_underrun=to_pence(from_underrun),
    )


def worked_example(answers: Answers) -> WorkedExample:
    """Return the worked example for ``answers``: three cost scenarios and the pool.

    The scenarios are an underrun of 6% of the target outturn cost and overruns of 8% and
    16%. The pool illustration gives the KRAs, in order, the levels Stretch, Above MCOS,
    Below MCOS and MCOS, cycling, scored with the answers' level scores; the pool it
    illustrates includes the share of the underrun scenario paid into it, as the clause
    describes, and then falls in the year of that underrun, so a cost KRA that measures the
    Actual Cost against the target is scored on it (94%) instead of being given a level.
    Where the pool claws back and each participant has its own cap, the combined year puts
    the 8% overrun together with a clawback: a cost KRA that can be is scored on that
    overrun (108%), and the other KRAs are given the levels Poor and Below MCOS, cycling.
    """
    terms = terms_from_answers(answers)
    level_scores = answers.risk_share.level_scores
    scenarios = []
    for kind, percent in SCENARIO_PERCENTS:
        change = to_pence(terms.target_outturn_cost * percent / HUNDRED)
        actual = terms.target_outturn_cost + (change if kind is CostKind.overrun else -change)
        scenarios.append(CostScenario(percent, cost_outcome(terms, actual)))
    pool = combined = None
    combined_rows: tuple[PoolRow, ...] = ()
    kras = [(kra.id, kra.name, kra.weight) for kra in answers.kras]
    if terms.pool_amount is not None:
        from_underrun = scenarios[0].outcome.pool_total
        same_year = HUNDRED - SCENARIO_PERCENTS[0][1] if from_underrun else None
        pool = pool_illustration(
            terms, kras, level_scores, from_underrun=from_underrun,
            scored=(cost_kra_scores(answers.kras, level_scores, same_year)
                    if same_year is not None else None),
            measured=same_year)
        own_caps = bool(terms.participants) and all(
            p.cap is not None for p in terms.participants)
        if (terms.pool_clawback and own_caps and terms.overrun_participants_percent > 0):
            overrun = HUNDRED + SCENARIO_PERCENTS[1][1]
            negative = pool_illustration(
                terms, kras, level_scores, levels=COMBINED_LEVELS,
                scored=cost_kra_scores(answers.kras, level_scores, overrun), measured=overrun)
            if negative.weighted_score < 0:
                combined_rows = negative.rows
                combined = combined_year(terms, scenarios[1].outcome.actual_cost,
                                         negative.weighted_score)
    return WorkedExample(terms=terms, scenarios=tuple(scenarios), pool=pool,
                         combined=combined, combined_rows=combined_rows)


__all__ = [
    "COMBINED_LEVELS",
    "ILLUSTRATIVE_LEVELS",
    "SCENARIO_PERCENTS",
    "CombinedAmount",
    "CombinedYear",
    "CostKind",
    "CostOutcome",
    "CostScenario",
    "Participant",
    "ParticipantAmount",
    "PoolIllustration",
    "PoolRow",
    "RiskShareTerms",
    "WorkedExample",
    "combined_year",
    "cost_kra_scores",
    "cost_outcome",
    "distribute_pool",
    "effective_regime",
    "largest_remainder",
    "level_for_score",
    "measures_cost_against_target",
    "pool_illustration",
    "pool_payment",
    "terms_from_answers",
    "worked_example",
]
