"""Cross-field checks on a typed :class:`~alliancedocs.model.Answers`.

Pydantic checks each field on its own; these checks look across fields: that references to
parties resolve, that shares add up, that thresholds run the right way, and so on. Each
problem carries the field path it concerns, so the caller can place it in the source file.

Answers that water the alliance down (majority voting, litigation retained, no risk share)
are valid here: the integrity stage flags them. These checks reject only answers that are
inconsistent or incomplete, from which no coherent agreement can be drafted.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from .diagnostics import FieldPath
from .errors import closest
from .model import Answers
from .model.contracts import Overlay
from .model.draft import judge
from .model.governance import Tier
from .model.parties import Party, RiskShareRole, Role
from .model.performance import LEVELS, Direction
from .model.risk import (
    ActiveRegime,
    CapBasis,
    DistributionBasis,
    Mechanism,
    Payer,
    Regime,
    TocAdjustmentEvent,
    VarianceMeasure,
)

_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class FieldProblem:
    """A problem found by a cross-field check, located by its field path.

    ``at_key`` says the problem concerns the key itself (for example an entry that should
    not be there) rather than its value.
    """

    path: FieldPath
    message: str
    hint: str = ""
    at_key: bool = False
    code: str = "rule"


def check_answers(answers: Answers) -> list[FieldProblem]:
    """Return every cross-field problem in ``answers``, in a stable order.

    ``answers`` may be a draft (see :mod:`alliancedocs.model.draft`): a check that needs a
    section the draft lacks is skipped. Each problem's ``code`` names its check, such as
    ``rule-kras``.
    """
    problems: list[FieldProblem] = []
    for check in _CHECKS:
        found = judge(lambda a, check=check: list(check(a)), answers)
        code = "rule-" + check.__name__.strip("_")
        problems.extend(replace(p, code=code) for p in found or ())
    return problems


# --- parties ---------------------------------------------------------------------------------


def _parties(answers: Answers) -> Iterator[FieldProblem]:
    parties = answers.parties
    if len(parties) < 2:
        yield FieldProblem(("parties",),
                           f"an alliance needs at least two parties, not {len(parties)}",
                           "list every commissioner and every provider")
    if not answers.commissioners:
        yield FieldProblem(("parties",), "no party is a commissioner",
                           "give at least one party `role: commissioner`")
    for attribute, label in (("id", "id"), ("short_name", "short name"),
                             ("legal_name", "legal name")):
        seen: dict[str, int] = {}
        for index, party in enumerate(parties):
            value = getattr(party, attribute)
            folded = value.casefold()
            if folded in seen:
                yield FieldProblem(("parties", index, attribute),
                                   f"the {label} `{value}` is already used by "
                                   f"parties[{seen[folded]}]",
                                   f"each party needs its own {label}")
            else:
                seen[folded] = index


def _references(answers: Answers) -> Iterator[FieldProblem]:
    ids = [party.id for party in answers.parties]
    governance = answers.governance
    refs: list[tuple[FieldPath, str]] = []
    refs += [(("governance", "alt", "members", i, "party"), m.party)
             for i, m in enumerate(governance.alt.members)]
    refs.append((("governance", "alt", "chair"), governance.alt.chair))
    if governance.alliance_manager is not None:
        refs.append((("governance", "alliance_manager", "employed_by"),
                     governance.alliance_manager.employed_by))
    refs += [(("governance", "amt", i, "party"), m.party) for i, m in enumerate(governance.amt)]
    for i, package in enumerate(governance.packages_of_works):
        refs += [(("governance", "packages_of_works", i, "members", j), member)
                 for j, member in enumerate(package.members)]
    for i, contract in enumerate(answers.contracts.service_contracts):
        refs.append((("contracts", "service_contracts", i, "provider"), contract.provider))
        if contract.commissioner is not None:
            refs.append((("contracts", "service_contracts", i, "commissioner"),
                         contract.commissioner))
    if answers.contracts.pooled_fund is not None:
        refs.append((("contracts", "pooled_fund", "host"), answers.contracts.pooled_fund.host))
    refs += [(("risk_share", "distribution", "shares", i, "party"), share.party)
             for i, share in enumerate(answers.risk_share.distribution.shares)]
    for path, ref in refs:
        if ref not in ids:
            yield FieldProblem(path, f"`{ref}` is not the id of any party",
                               _suggest(ref, ids, "party ids"))


# --- governance ------------------------------------------------------------------------------


def _alt(answers: Answers) -> Iterator[FieldProblem]:
    alt = answers.governance.alt
    members_path: FieldPath = ("governance", "alt", "members")
    seats = Counter(member.party for member in alt.members)
    for party in answers.parties:
        if party.alliance_member and seats[party.id] == 0:
            yield FieldProblem(members_path,
                               f"the alliance member `{party.id}` has no seat on the Alliance "
                               "Leadership Team",
                               f"add a member with `party: {party.id}`: every alliance member "
                               "has exactly one seat")
    counted: Counter[str] = Counter()
    for index, member in enumerate(alt.members):
        party = _party_or_none(answers, member.party)
        if party is None:
            continue
        counted[member.party] += 1
        path = (*members_path, index, "party")
        if not party.alliance_member:
            yield FieldProblem(path, f"`{party.id}` is not an alliance member, so it has no seat "
                               "on the Alliance Leadership Team",
                               "remove this member, or set `alliance_member: true` on the party")
        elif counted[member.party] > 1:
            yield FieldProblem(path, f"`{party.id}` already has a seat on the Alliance "
                               "Leadership Team",
                               "each party has exactly one seat, whatever its size")
    chair = _party_or_none(answers, alt.chair)
    if chair is not None and seats[chair.id] == 0:
        seated = ", ".join(f"`{p}`" for p in dict.fromkeys(m.party for m in alt.members))
        yield FieldProblem(("governance", "alt", "chair"),
                           f"the chair `{chair.id}` has no member on the Alliance Leadership Team",
                           f"choose a party that has a seat: {seated}")


def _packages(answers: Answers) -> Iterator[FieldProblem]:
    governance = answers.governance
    path: FieldPath = ("governance", "packages_of_works")
    if governance.tier is Tier.framework and not governance.packages_of_works:
        yield FieldProblem(path, "a framework-tier alliance needs at least one package of works",
                           "list the packages of works, or choose the `service` tier")
    elif governance.tier is not Tier.framework and governance.packages_of_works:
        yield FieldProblem(path, f"packages of works are only for the `framework` tier, and this "
                           f"alliance is `{governance.tier.value}`",
                           "remove the packages, or set `governance.tier: framework`",
                           at_key=True)
    seen: set[str] = set()
    for index, package in enumerate(governance.packages_of_works):
        if package.id in seen:
            yield FieldProblem((*path, index, "id"), f"the package id `{package.id}` is used twice",
                               "give each package of works its own id")
        seen.add(package.id)


# --- performance -----------------------------------------------------------------------------


def _kras(answers: Answers) -> Iterator[FieldProblem]:
    weights = ", ".join(f"{kra.id} {kra.weight}" for kra in answers.kras)
    yield from _must_total_100(("kras",), "KRA weights", sum(kra.weight for kra in answers.kras),
                               f"adjust the weights ({weights}) so that they total 100")
    kra_ids: dict[str, int] = {}
    kpi_ids: dict[str, str] = {}
    for i, kra in enumerate(answers.kras):
        if kra.id in kra_ids:
            yield FieldProblem(("kras", i, "id"), f"the KRA id `{kra.id}` is already used by "
                               f"kras[{kra_ids[kra.id]}]", "give each KRA its own id")
        kra_ids.setdefault(kra.id, i)
        for j, kpi in enumerate(kra.kpis):
            if kpi.id in kpi_ids:
                yield FieldProblem(("kras", i, "kpis", j, "id"),
                                   f"the KPI id `{kpi.id}` is already used by {kpi_ids[kpi.id]}",
                                   "give each KPI its own id: the KPI return refers to them by id")
            kpi_ids.setdefault(kpi.id, f"kras[{i}].kpis[{j}]")
            yield from _thresholds(i, j, kpi.direction, kpi.thresholds.value)


def _thresholds(i: int, j: int, direction: Direction,
                value: Callable[..., Decimal]) -> Iterator[FieldProblem]:
    higher = direction is Direction.higher_is_better
    values = [value(level) for level in LEVELS]
    pairs = list(itertools.pairwise(values))
    for index, (a, b) in enumerate(pairs):
        if (a > b) if higher else (a < b):
            continue
        better, worse = LEVELS[index], LEVELS[index + 1]
        relation, opposite = ("higher", "lower") if higher else ("lower", "higher")
        hint = ("thresholds run strictly from gamebreaking (best) to failure (worst), with no "
                "two the same")
        if all((x < y) if higher else (x > y) for x, y in pairs):
            hint = (f"these thresholds run the other way: if {opposite} values are better, set "
                    f"`direction: {opposite}-is-better`")
        yield FieldProblem(
            ("kras", i, "kpis", j, "thresholds", worse.value),
            f"`{worse.value}` ({b}) must be {opposite} than `{better.value}` ({a}), because "
            f"{relation} is better for this KPI", hint)
        return


def _level_scores(answers: Answers) -> Iterator[FieldProblem]:
    scores = answers.risk_share.level_scores
    for better, worse in itertools.pairwise(LEVELS):
        if scores.score(better) <= scores.score(worse):
            yield FieldProblem(
                ("risk_share", "level_scores", worse.value),
                f"the score for `{worse.value}` ({scores.score(worse)}) must be lower than the "
                f"score for `{better.value}` ({scores.score(better)})",
                "scores fall strictly from gamebreaking to failure; the usual ones are "
                "100, 60, 30, 0, -30, -60, -100")
            return


# --- risk share ------------------------------------------------------------------------------


def _owner(answers: Answers) -> Iterator[FieldProblem]:
    owners = [(i, p) for i, p in enumerate(answers.parties)
              if p.risk_share_role is RiskShareRole.owner]
    regime = answers.risk_share.regime
    if regime is not Regime.none and not owners:
        yield FieldProblem(("parties",), f"the `{regime.value}` risk share has no owner",
                           "set `risk_share_role: owner` on the commissioner that bears the "
                           "owner's share of gain and pain")
    for count, (index, party) in enumerate(owners):
        path = ("parties", index, "risk_share_role")
        if count > 0:
            yield FieldProblem(path, f"`{party.id}` is a second owner; the risk share has "
                               f"exactly one owner (`{owners[0][1].id}`)",
                               "make the other parties `participant` or `none`")
        if party.role is not Role.commissioner:
            yield FieldProblem(path, f"`{party.id}` is a provider, so it cannot be the "
                               "risk-share owner",
                               "the owner is the commissioner that bears the owner's share")


def _participants(answers: Answers) -> Iterator[FieldProblem]:
    risk = answers.risk_share
    need_margin = risk.regime is not Regime.none and (
        risk.distribution.basis is DistributionBasis.pro_rata_margin
        or risk.pain_cap.basis is CapBasis.margin)
    contract_price = risk.payment.mechanism is Mechanism.contract_price
    for index, party in enumerate(answers.parties):
        if party.risk_share_role is not RiskShareRole.participant:
            continue
        if party.role is not Role.provider:
            yield FieldProblem(("parties", index, "risk_share_role"),
                               f"`{party.id}` is a commissioner, so it cannot be a participant",
                               "participants are providers that put their margin at risk; "
                               "a commissioner that shares risk is the `owner`")
        if need_margin and party.margin is None:
            reason = ("shares are pro rata to margin"
                      if risk.distribution.basis is DistributionBasis.pro_rata_margin
                      else "the participants' pain is capped at their margin")
            hint = ("give its annual corporate overhead and profit in pounds, such as "
                    "`margin: 300000.00`")
            if contract_price:
                reason += (" (under `contract-price` a margin is the part of its contract "
                           "price that covers overhead and surplus)")
                hint = ("for bodies without a margin use `distribution.basis: fixed-shares` "
                        "with `pain_cap.basis: participant-amounts` and a `cap` in pounds on "
                        "each share, or " + hint)
            yield FieldProblem(("parties", index, "margin"),
                               f"the participant `{party.id}` has no margin, but {reason}",
                               hint)


def _distribution(answers: Answers) -> Iterator[FieldProblem]:
    distribution = answers.risk_share.distribution
    path: FieldPath = ("risk_share", "distribution", "shares")
    if (answers.risk_share.pain_cap.basis is CapBasis.participant_amounts
            and distribution.basis is not DistributionBasis.fixed_shares):
        yield FieldProblem(("risk_share", "distribution", "basis"),
                           "the pain cap is `participant-amounts`, which needs a cap given with "
                           "each participant's fixed share",
                           "set `basis: fixed-shares` and give each share a `percent` and a "
                           "`cap`")
    if distribution.basis is not DistributionBasis.fixed_shares:
        if distribution.shares:
            yield FieldProblem(path, "fixed shares are given, but the distribution is "
                               f"`{distribution.basis.value}`",
                               "remove the shares, or set `basis: fixed-shares`", at_key=True)
        return
    per_participant = answers.risk_share.pain_cap.basis is CapBasis.participant_amounts
    for index, share in enumerate(distribution.shares):
        if per_participant and share.cap is None:
            yield FieldProblem((*path, index), f"the share of `{share.party}` has no cap, but "
                               "the pain cap is `participant-amounts`",
                               "give `cap`: the most this participant bears in a year, in "
                               "pounds")
        elif not per_participant and share.cap is not None:
            yield FieldProblem((*path, index, "cap"), "a cap is given, but the pain cap basis "
                               f"is `{answers.risk_share.pain_cap.basis.value}`",
                               "remove the cap, or set `pain_cap.basis: participant-amounts`",
                               at_key=True)
    participants = [p.id for p in answers.participants]
    seen: set[str] = set()
    for index, share in enumerate(distribution.shares):
        party = _party_or_none(answers, share.party)
        if party is None:
            continue
        if share.party in seen:
            yield FieldProblem((*path, index, "party"), f"`{share.party}` has two shares",
                               "give each participant exactly one share")
        elif party.risk_share_role is not RiskShareRole.participant:
            yield FieldProblem((*path, index, "party"),
                               f"`{share.party}` is not a risk-share participant",
                               "shares are only for parties with `risk_share_role: participant`")
        seen.add(share.party)
    missing = [p for p in participants if p not in seen]
    if missing:
        yield FieldProblem(path, "no share is given for "
                           + ", ".join(f"`{p}`" for p in missing),
                           "give every participant a share")
    yield from _must_total_100(path, "fixed shares",
                               sum((share.percent for share in distribution.shares), Decimal(0)),
                               "adjust the percentages so that they total 100")


def _splits(answers: Answers) -> Iterator[FieldProblem]:
    risk = answers.risk_share
    under = risk.underrun
    yield from _must_total_100(
        ("risk_share", "underrun"), "underrun percentages",
        under.owner_percent + under.participants_percent + under.pool_percent,
        "owner_percent + participants_percent + pool_percent must total 100; 50 and 50 is common")
    over = risk.overrun
    yield from _must_total_100(
        ("risk_share", "overrun"), "overrun percentages",
        over.owner_percent + over.participants_percent,
        "owner_percent + participants_percent must total 100; 50 and 50 is common")
    cap = risk.pain_cap
    if cap.basis is CapBasis.amount and cap.amount is None:
        yield FieldProblem(("risk_share", "pain_cap", "amount"),
                           "the pain cap is a fixed amount, but no amount is given",
                           "give `amount` in pounds, or set `basis: margin`")
    elif cap.basis is not CapBasis.amount and cap.amount is not None:
        yield FieldProblem(("risk_share", "pain_cap", "amount"),
                           f"an amount is given, but the pain cap basis is `{cap.basis.value}`",
                           "remove the amount, or set `basis: amount`", at_key=True)


def _regime(answers: Answers) -> Iterator[FieldProblem]:
    risk = answers.risk_share
    control = risk.payment.measured_against is VarianceMeasure.control_total
    if risk.regime is not Regime.none and risk.target_outturn_cost is None and not control:
        yield FieldProblem(("risk_share", "target_outturn_cost"),
                           f"the `{risk.regime.value}` risk share needs a target outturn cost",
                           "give the Target Outturn Cost for each year in pounds")
    pooled = risk.regime is Regime.performance_pool or (
        risk.regime is Regime.deferred
        and risk.regime_when_started is ActiveRegime.performance_pool)
    if pooled and risk.performance_pool is None:
        yield FieldProblem(("risk_share", "performance_pool"),
                           "a performance-pool risk share needs a performance pool",
                           "give `performance_pool.amount`, the pool in pounds for each year")
    commencement = answers.alliance.commencement_date
    if risk.regime is Regime.deferred:
        if risk.starts_on is None:
            yield FieldProblem(("risk_share", "starts_on"),
                               "a deferred risk share needs the date it starts",
                               "give `starts_on` as YYYY-MM-DD, after the commencement date "
                               f"({commencement.isoformat()})")
        elif risk.starts_on <= commencement:
            yield FieldProblem(("risk_share", "starts_on"),
                               f"the deferred risk share starts on {risk.starts_on.isoformat()}, "
                               f"which is not after the commencement date "
                               f"({commencement.isoformat()})",
                               "a risk share in force from the start is not deferred: use "
                               "`gain-pain` instead, or give a later date")
    elif risk.starts_on is not None:
        yield FieldProblem(("risk_share", "starts_on"),
                           f"a start date is given, but the regime is `{risk.regime.value}`",
                           "`starts_on` is only for a `deferred` risk share; remove it",
                           at_key=True)


def _payment(answers: Answers) -> Iterator[FieldProblem]:
    risk = answers.risk_share
    payment = risk.payment
    path: FieldPath = ("risk_share", "payment")
    control = payment.measured_against is VarianceMeasure.control_total
    if control and payment.mechanism is Mechanism.open_book:
        yield FieldProblem((*path, "measured_against"),
                           "open-book payment measures gain and pain against the target "
                           "outturn cost, not a control total",
                           "set `mechanism: contract-price`, or `measured_against: toc`")
    if control:
        if payment.control_total is None:
            yield FieldProblem((*path, "control_total"),
                               "gain and pain are measured against a control total, but none "
                               "is given", "give `control_total` for a full year in pounds")
        if payment.control_total_source is None:
            yield FieldProblem((*path, "control_total_source"),
                               "gain and pain are measured against a control total, but not "
                               "who sets it",
                               "give `control_total_source`, such as `the ICB's system "
                               "financial plan`")
        if risk.target_outturn_cost is not None:
            yield FieldProblem(("risk_share", "target_outturn_cost"),
                               "a target outturn cost is given, but gain and pain are measured "
                               "against the control total", "remove `target_outturn_cost`, or "
                               "set `payment.measured_against: toc`", at_key=True)
    else:
        for name in ("control_total", "control_total_source"):
            if getattr(payment, name) is not None:
                yield FieldProblem((*path, name), f"`{name}` is given, but gain and pain are "
                                   "measured against the target outturn cost",
                                   "remove it, or set `measured_against: control-total` (with "
                                   "`mechanism: contract-price`)", at_key=True)
    payers = payment.payers
    regime = (Regime(risk.regime_when_started.value) if risk.regime is Regime.deferred
              else risk.regime)
    limbs = ["services"]
    if regime in (Regime.gain_pain, Regime.gain_only):
        limbs.append("gain_pain")
    if regime is not Regime.none and risk.performance_pool is not None:
        limbs.append("performance_pool")
    for limb in limbs:
        payer = getattr(payers, limb)
        here = (*path, "payers", limb)
        if payer is Payer.pooled_fund and answers.contracts.pooled_fund is None:
            yield FieldProblem(here, "the payer is the pooled fund, but no pooled fund is "
                               "recorded", "describe the section 75 pooled fund in "
                               "`contracts.pooled_fund`, or choose `contract-commissioner` or "
                               "`owner`")
        if payer is Payer.owner and answers.owner is None:
            yield FieldProblem(here, "the payer is the owner, but no party is the risk-share "
                               "owner", "set `risk_share_role: owner` on a commissioner, or "
                               "choose `contract-commissioner`")
    owner = answers.owner
    if payers.services is Payer.owner and owner is not None:
        for index, contract in enumerate(answers.contracts.service_contracts):
            if contract.commissioner not in (None, owner.id):
                yield FieldProblem(
                    ("contracts", "service_contracts", index, "commissioner"),
                    f"`{contract.commissioner}` holds this contract, so it pays for the "
                    f"services under it, but `payment.payers.services` is `owner` "
                    f"(`{owner.id}`)",
                    "choose `contract-commissioner` (or `pooled-fund` where a section 75 "
                    "pooled fund pays), or make the owner the contract's commissioner")


def _toc_adjustment(answers: Answers) -> Iterator[FieldProblem]:
    adjustment = answers.risk_share.toc_adjustment
    path: FieldPath = ("risk_share", "toc_adjustment", "events")
    seen: set[TocAdjustmentEvent] = set()
    for index, event in enumerate(adjustment.events):
        if event in seen:
            yield FieldProblem((*path, index), f"`{event.value}` is listed twice",
                               "list each adjustment event once")
        seen.add(event)
        if event is TocAdjustmentEvent.reserved_matter and not answers.governance.reserved_powers:
            yield FieldProblem((*path, index), "`reserved-matter` is listed, but the "
                               "commissioners reserve no matters",
                               "list the reserved matters in `governance.reserved_powers`, or "
                               "remove this event")


# --- contracts -------------------------------------------------------------------------------


def _contracts(answers: Answers) -> Iterator[FieldProblem]:
    path: FieldPath = ("contracts", "service_contracts")
    seen: dict[str, int] = {}
    for index, contract in enumerate(answers.contracts.service_contracts):
        here = (*path, index)
        provider = _party_or_none(answers, contract.provider)
        if provider is not None:
            if provider.role is not Role.provider:
                yield FieldProblem((*here, "provider"),
                                   f"`{provider.id}` is a commissioner, not a provider",
                                   "each service contract names the provider that delivers it")
            elif contract.provider in seen:
                yield FieldProblem((*here, "provider"),
                                   f"`{contract.provider}` already has a service contract at "
                                   f"contracts.service_contracts[{seen[contract.provider]}]",
                                   "give each provider exactly one entry")
            seen.setdefault(contract.provider, index)
        if contract.commissioner is None:
            if contract.overlay is not Overlay.none:
                yield FieldProblem((*here, "commissioner"),
                                   f"the `{contract.overlay.value}` contract needs the "
                                   "commissioner that holds it",
                                   "give the commissioner's party id, or use `overlay: none` "
                                   "if there is no separate contract")
        else:
            commissioner = _party_or_none(answers, contract.commissioner)
            if commissioner is not None and commissioner.role is not Role.commissioner:
                yield FieldProblem((*here, "commissioner"),
                                   f"`{commissioner.id}` is a provider, not a commissioner",
                                   "name the commissioner that holds this contract")
    fund = answers.contracts.pooled_fund
    if fund is not None:
        host = _party_or_none(answers, fund.host)
        if host is not None and host.role is not Role.commissioner:
            yield FieldProblem(("contracts", "pooled_fund", "host"),
                               f"`{host.id}` is a provider, not a commissioner",
                               "a section 75 pooled fund is hosted by one of the commissioners")
    for party in answers.providers:
        if party.id not in seen:
            price = (" and its contract price, which `contract-price` payment keeps, is that "
                     "entry's `expected_annual_value`"
                     if answers.risk_share.payment.mechanism is Mechanism.contract_price
                     else "")
            yield FieldProblem(path, f"the provider `{party.id}` has no service contract "
                               f"entry{price}",
                               f"add an entry with `provider: {party.id}`; use `overlay: none` "
                               "if it has no separate contract")


# --- dates and acknowledgements --------------------------------------------------------------


def _dates(answers: Answers) -> Iterator[FieldProblem]:
    alliance = answers.alliance
    if alliance.commencement_date < alliance.agreement_date:
        yield FieldProblem(("alliance", "commencement_date"),
                           f"the commencement date ({alliance.commencement_date.isoformat()}) is "
                           f"before the agreement date ({alliance.agreement_date.isoformat()})",
                           "the alliance cannot start delivering before the agreement is made")


def _departures(answers: Answers) -> Iterator[FieldProblem]:
    seen: set[str] = set()
    for index, departure in enumerate(answers.acknowledged_departures):
        if departure.id in seen:
            yield FieldProblem(("acknowledged_departures", index, "id"),
                               f"`{departure.id.value}` is acknowledged twice",
                               "acknowledge each departure once, with one justification")
        seen.add(departure.id)


# --- helpers ---------------------------------------------------------------------------------


def _party_or_none(answers: Answers, party_id: str) -> Party | None:
    try:
        return answers.party(party_id)
    except KeyError:
        return None


def _suggest(value: str, choices: Iterable[str], label: str) -> str:
    choices = list(choices)
    close = closest(value, choices)
    listed = ", ".join(f"`{c}`" for c in choices)
    if close:
        return f"did you mean `{close}`? The {label} are: {listed}"
    return f"the {label} are: {listed}"


def _must_total_100(path: FieldPath, what: str, total: Decimal | int,
                    hint: str) -> Iterator[FieldProblem]:
    """Yield a problem at ``path`` unless ``total`` is exactly 100."""
    if total != _HUNDRED:
        yield FieldProblem(path, f"the {what} add up to {total}, not 100", hint)


_CHECKS: tuple[Callable[[Answers], Iterable[FieldProblem]], ...] = (
    _parties,
    _references,
    _alt,
    _packages,
    _kras,
    _level_scores,
    _owner,
    _participants,
    _distribution,
    _splits,
    _regime,
    _payment,
    _toc_adjustment,
    _contracts,
    _dates,
    _departures,
)
