"""Rules that find watered-down departures in the answers.

One rule per catalogue id, in catalogue order. Each rule reads the answers and returns its
findings; a rule that finds nothing returns an empty list. Details name the actual answer
and say, in a clause, why it matters.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from .. import labels
from ..flags import FlagId
from ..model import Answers
from ..model.governance import DecisionRule, DisputeApproach, Tier, VariationRule
from ..model.parties import Role
from ..model.principles import StandardPrinciple
from ..model.risk import Basis, CapBasis, Regime
from .result import Finding

MAX_KRAS = 6
"""The most Key Result Areas a true alliance should have."""

MAX_RESERVED_POWERS = 4
"""The most reserved powers that still count as a narrow, statutory list."""

Rule = Callable[[Answers], list[Finding]]


def _is(flag_id: FlagId, detail: str, *locations: str) -> list[Finding]:
    return [Finding(flag_id, detail, tuple(locations))]


def commissioner_not_party(answers: Answers) -> list[Finding]:
    """Raise when a commissioner is outside the alliance or off the leadership team."""
    commissioners = [
        (index, party) for index, party in enumerate(answers.parties)
        if party.role is Role.commissioner
    ]
    if not commissioners:
        return _is(
            FlagId.commissioner_not_party,
            "No party in `parties` has role `commissioner`: the providers would form the "
            "alliance alone, with no commissioner sharing the risk.",
            "parties",
        )
    findings = []
    on_alt = {member.party for member in answers.governance.alt.members}
    for index, party in commissioners:
        if not party.alliance_member:
            findings += _is(
                FlagId.commissioner_not_party,
                f"parties[{index}].alliance_member is `false` for {party.short_name}: the "
                "commissioner would monitor the providers from outside instead of sharing "
                "the alliance's risk and decisions.",
                f"parties[{index}].alliance_member",
            )
        elif party.id not in on_alt:
            findings += _is(
                FlagId.commissioner_not_party,
                f"{party.short_name} (`{party.id}`) has no member on the Alliance Leadership "
                "Team in `governance.alt.members`, so the commissioner takes no part in the "
                "alliance's decisions.",
                "governance.alt.members",
            )
    return findings


def no_risk_share(answers: Answers) -> list[Finding]:
    """Raise when the regime is ``none``."""
    if answers.risk_share.regime is not Regime.none:
        return []
    return _is(
        FlagId.no_risk_share,
        "risk_share.regime is `none`: no party gains or loses by how the alliance as a whole "
        "performs, so nothing ties the parties' interests together.",
        "risk_share.regime",
    )


def individual_risk_share(answers: Answers) -> list[Finding]:
    """Raise when gain and pain follow each party's own performance."""
    risk = answers.risk_share
    if risk.regime is Regime.none or risk.basis is not Basis.individual:
        return []
    return _is(
        FlagId.individual_risk_share,
        "risk_share.basis is `individual`: each party gains or loses by its own "
        "performance, so the parties are rewarded for looking after themselves rather than "
        "the whole service.",
        "risk_share.basis",
    )


def partnership_overlay(answers: Answers) -> list[Finding]:
    """Raise for a non-binding agreement or a bilateral contract with its own regime."""
    findings = []
    if not answers.contracts.agreement_binding:
        findings += _is(
            FlagId.partnership_overlay,
            "contracts.agreement_binding is `false`: the alliance document would be a "
            "non-binding memorandum, and the bilateral contracts would govern performance "
            "and payment.",
            "contracts.agreement_binding",
        )
    for index, contract in enumerate(answers.contracts.service_contracts):
        if contract.keeps_own_performance_regime:
            findings += _is(
                FlagId.partnership_overlay,
                f"contracts.service_contracts[{index}].keeps_own_performance_regime is "
                f"`true` for `{contract.provider}`: that contract keeps its own performance "
                "and payment regime instead of deferring to the alliance.",
                f"contracts.service_contracts[{index}].keeps_own_performance_regime",
            )
    return findings


def bilateral_performance_regime(answers: Answers) -> list[Finding]:
    """Raise for a bilateral contract that keeps its own performance regime, or carries
    provider-only KPIs or incentives.

    A contract that keeps its own regime also raises ``partnership-overlay`` (the contract,
    not the alliance, governs that provider): it is both departures at once.
    """
    findings = []
    for index, contract in enumerate(answers.contracts.service_contracts):
        path = f"contracts.service_contracts[{index}]"
        if contract.keeps_own_performance_regime:
            findings += _is(
                FlagId.bilateral_performance_regime,
                f"{path}.keeps_own_performance_regime is `true` for `{contract.provider}`: "
                "its contract keeps its own KPIs, incentives and penalties, so the provider is "
                "judged on its own performance as well as the alliance's.",
                f"{path}.keeps_own_performance_regime",
            )
        if contract.own_kpis:
            measures = labels.join_names([f"`{kpi.measure}`" for kpi in contract.own_kpis])
            findings += _is(
                FlagId.bilateral_performance_regime,
                f"{path}.own_kpis gives `{contract.provider}` its own KPIs ({measures}), "
                "which pull its attention away from the alliance's shared outcomes.",
                f"{path}.own_kpis",
            )
        if contract.own_incentives:
            names = labels.join_names([f"`{item.name}`" for item in contract.own_incentives])
            findings += _is(
                FlagId.bilateral_performance_regime,
                f"{path}.own_incentives gives `{contract.provider}` its own incentives or "
                f"penalties ({names}), paid outside the alliance's risk and reward regime.",
                f"{path}.own_incentives",
            )
    return findings


def majority_decisions(answers: Answers) -> list[Finding]:
    """Raise when key matters are decided by majority or casting vote."""
    rule = answers.governance.decision_rule
    if rule is DecisionRule.majority:
        why = "the ALT decides key matters by majority vote, so a small party can be outvoted"
    elif rule is DecisionRule.casting_vote:
        why = ("the chair's casting vote settles key matters the ALT is split on, so one "
               "party can decide for the others")
    else:
        return []
    return _is(
        FlagId.majority_decisions,
        f"governance.decision_rule is `{rule.value}`: {why}.",
        "governance.decision_rule",
    )


def broad_reserved_powers(answers: Answers) -> list[Finding]:
    """Raise for a reserved power without a statutory basis, or too many of them."""
    powers = answers.governance.reserved_powers
    findings = []
    for index, power in enumerate(powers):
        if not power.statutory_basis:
            findings += _is(
                FlagId.broad_reserved_powers,
                f"governance.reserved_powers[{index}] (`{power.matter}`) has no statutory "
                "basis: the commissioner keeps a matter it could delegate to the ALT.",
                f"governance.reserved_powers[{index}].statutory_basis",
            )
    if len(powers) > MAX_RESERVED_POWERS:
        findings += _is(
            FlagId.broad_reserved_powers,
            f"governance.reserved_powers lists {len(powers)} matters, more than the "
            f"{MAX_RESERVED_POWERS} a narrow statutory list normally needs.",
            "governance.reserved_powers",
        )
    return findings


def alt_without_authority(answers: Answers) -> list[Finding]:
    """Raise for each ALT member who cannot bind their organisation."""
    findings = []
    for index, member in enumerate(answers.governance.alt.members):
        if not member.delegated_authority:
            findings += _is(
                FlagId.alt_without_authority,
                f"governance.alt.members[{index}].delegated_authority is `false` for "
                f"{member.name} (`{member.party}`): that party could reopen a decision after "
                "the ALT has made it.",
                f"governance.alt.members[{index}].delegated_authority",
            )
    return findings


def right_to_sue_retained(answers: Answers) -> list[Finding]:
    """Raise when the parties keep their claims against each other."""
    if answers.governance.dispute_approach is not DisputeApproach.litigation_retained:
        return []
    return _is(
        FlagId.right_to_sue_retained,
        "governance.dispute_approach is `litigation-retained`: the parties may sue each other "
        "over performance, so failures become disputes instead of shared lessons.",
        "governance.dispute_approach",
    )


def no_best_for_service_test(answers: Answers) -> list[Finding]:
    """Raise when best-for-service is not among the principles."""
    if StandardPrinciple.best_for_service in answers.principles.standard:
        return []
    return _is(
        FlagId.no_best_for_service_test,
        "principles.standard does not include `best-for-service`: decisions have no written "
        "test of what is best for the people served and the service as a whole.",
        "principles.standard",
    )


def closed_book(answers: Answers) -> list[Finding]:
    """Raise when costs and accounts are not open book."""
    if answers.governance.open_book:
        return []
    return _is(
        FlagId.closed_book,
        "governance.open_book is `false`: the parties keep their costs and prices from each "
        "other, so the target outturn cost and the risk share cannot be checked openly.",
        "governance.open_book",
    )


def nothing_at_risk(answers: Answers) -> list[Finding]:
    """Raise when no participant's margin is exposed to pain."""
    risk = answers.risk_share
    regime = risk.regime
    started = risk.regime_when_started.value if regime is Regime.deferred else regime.value
    prefix = (
        f"risk_share.regime is `deferred` and risk_share.regime_when_started is `{started}`"
        if regime is Regime.deferred
        else f"risk_share.regime is `{started}`"
    )
    regime_path = (
        "risk_share.regime_when_started" if regime is Regime.deferred else "risk_share.regime"
    )
    if regime is Regime.none:
        return []  # reported as no-risk-share
    if started == Regime.gain_only.value:
        return _is(
            FlagId.nothing_at_risk,
            f"{prefix}: the participants share any underrun but bear none of an overrun, so "
            "no margin is at risk.",
            regime_path,
        )
    if started == Regime.performance_pool.value:
        pool = risk.performance_pool
        if pool is None:
            return _is(
                FlagId.nothing_at_risk,
                f"{prefix} but risk_share.performance_pool is not given, so nothing is paid "
                "or put at risk.",
                regime_path, "risk_share.performance_pool",
            )
        if not pool.clawback:
            return _is(
                FlagId.nothing_at_risk,
                f"{prefix} and risk_share.performance_pool.clawback is `false`: a poor score "
                "only reduces the payment, so no margin is at risk.",
                regime_path, "risk_share.performance_pool.clawback",
            )
        return []
    findings = []
    if risk.overrun.participants_percent == 0:
        findings += _is(
            FlagId.nothing_at_risk,
            f"{prefix} but risk_share.overrun.participants_percent is 0: the owner bears the "
            "whole of any overrun, so no margin is at risk.",
            "risk_share.overrun.participants_percent",
        )
    elif risk.pain_cap.basis is CapBasis.amount and not risk.pain_cap.amount:
        findings += _is(
            FlagId.nothing_at_risk,
            f"{prefix} but risk_share.pain_cap.amount is {labels.money(Decimal(0))}: the "
            "participants' share of an overrun is capped at nothing.",
            "risk_share.pain_cap.amount",
        )
    elif not answers.participants:
        findings += _is(
            FlagId.nothing_at_risk,
            f"{prefix} but no party has risk_share_role `participant`, so no provider's "
            "margin is at risk.",
            "parties",
        )
    elif risk.pain_cap.basis is CapBasis.participant_amounts and not any(
        share.cap for share in risk.distribution.shares
    ):
        findings += _is(
            FlagId.nothing_at_risk,
            f"{prefix} and each participant's pain is capped at the sum given with its fixed "
            f"share, but every cap is {labels.money(Decimal(0))}, so nothing is at risk.",
            "risk_share.pain_cap.basis", "risk_share.distribution.shares",
        )
    elif risk.pain_cap.basis is CapBasis.margin and not any(
        party.margin for party in answers.participants
    ):
        findings += _is(
            FlagId.nothing_at_risk,
            f"{prefix} and the pain cap is the participants' margin, but no participant "
            "states a margin above zero, so the cap leaves nothing at risk.",
            "risk_share.pain_cap.basis", "parties",
        )
    return findings


def no_alliance_manager(answers: Answers) -> list[Finding]:
    """Raise for a service or framework alliance without a manager or management team."""
    governance = answers.governance
    if governance.tier is Tier.strategic:
        return []
    missing = []
    if governance.alliance_manager is None:
        missing.append("governance.alliance_manager")
    if not governance.amt:
        missing.append("governance.amt")
    if not missing:
        return []
    what = labels.join_names([f"{path} is not given" for path in missing])
    return _is(
        FlagId.no_alliance_manager,
        f"governance.tier is `{governance.tier.value}` but {what}: nobody runs the alliance "
        "day to day or holds actual costs to the target.",
        *missing,
    )


def unilateral_variation(answers: Answers) -> list[Finding]:
    """Raise when the commissioner may vary scope or cost alone."""
    if answers.governance.variation_rule is not VariationRule.commissioner_unilateral:
        return []
    return _is(
        FlagId.unilateral_variation,
        "governance.variation_rule is `commissioner-unilateral`: the commissioner could "
        "change the scope or the target outturn cost without the other parties' agreement.",
        "governance.variation_rule",
    )


def outcomes_not_coproduced(answers: Answers) -> list[Finding]:
    """Raise when the outcome set was not co-produced."""
    if answers.alliance.outcomes.co_produced:
        return []
    return _is(
        FlagId.outcomes_not_coproduced,
        "alliance.outcomes.co_produced is `false`: the outcomes were set without the people "
        "who use the services.",
        "alliance.outcomes.co_produced",
    )


def no_cost_kra(answers: Answers) -> list[Finding]:
    """Raise when no KRA covers the total cost of the services."""
    if any(kra.covers_cost for kra in answers.kras):
        return []
    count = len(answers.kras)
    which = (f"None of the {count} KRAs in `kras` has" if count > 1
             else "The only KRA in `kras` does not have")
    return _is(
        FlagId.no_cost_kra,
        f"{which} covers_cost `true`: cost can drift outside the shared performance regime.",
        "kras",
    )


def too_many_kras(answers: Answers) -> list[Finding]:
    """Raise for more than six KRAs."""
    if len(answers.kras) <= MAX_KRAS:
        return []
    return _is(
        FlagId.too_many_kras,
        f"`kras` lists {len(answers.kras)} Key Result Areas, more than {MAX_KRAS}: the "
        "parties' attention is spread too thin.",
        "kras",
    )


def no_conflicts_clause(answers: Answers) -> list[Finding]:
    """Raise when conflicts of interest are not handled."""
    if answers.governance.conflicts_of_interest:
        return []
    return _is(
        FlagId.no_conflicts_clause,
        "governance.conflicts_of_interest is `false`: nothing requires conflicts, including "
        "the commissioner's dual role as buyer and member, to be declared and managed.",
        "governance.conflicts_of_interest",
    )


def exit_at_will(answers: Answers) -> list[Finding]:
    """Raise when a party may leave simply by giving notice."""
    leaving = answers.governance.leaving
    if not leaving.exit_at_will:
        return []
    return _is(
        FlagId.exit_at_will,
        "governance.leaving.exit_at_will is `true`: any party may leave on "
        f"{leaving.notice_months} months' notice without a defined ground, so no party can "
        "rely on the others staying the course.",
        "governance.leaving.exit_at_will",
    )


def closed_membership(answers: Answers) -> list[Finding]:
    """Raise when no new party may join."""
    if answers.governance.open_to_new_members:
        return []
    return _is(
        FlagId.closed_membership,
        "governance.open_to_new_members is `false`: no new provider can join, even when the "
        "service needs one.",
        "governance.open_to_new_members",
    )


def risk_share_deferred(answers: Answers) -> list[Finding]:
    """Raise when the risk share is postponed."""
    risk = answers.risk_share
    if risk.regime is not Regime.deferred:
        return []
    when = (
        f"until {risk.starts_on.isoformat()} (risk_share.starts_on)"
        if risk.starts_on is not None
        else "with no start date in risk_share.starts_on"
    )
    return _is(
        FlagId.risk_share_deferred,
        f"risk_share.regime is `deferred`: no gain or pain applies {when}; then "
        f"`{risk.regime_when_started.value}` applies.",
        "risk_share.regime", "risk_share.starts_on",
    )


RULES: dict[FlagId, Rule] = {
    FlagId.commissioner_not_party: commissioner_not_party,
    FlagId.no_risk_share: no_risk_share,
    FlagId.individual_risk_share: individual_risk_share,
    FlagId.partnership_overlay: partnership_overlay,
    FlagId.bilateral_performance_regime: bilateral_performance_regime,
    FlagId.majority_decisions: majority_decisions,
    FlagId.broad_reserved_powers: broad_reserved_powers,
    FlagId.alt_without_authority: alt_without_authority,
    FlagId.right_to_sue_retained: right_to_sue_retained,
    FlagId.no_best_for_service_test: no_best_for_service_test,
    FlagId.closed_book: closed_book,
    FlagId.nothing_at_risk: nothing_at_risk,
    FlagId.no_alliance_manager: no_alliance_manager,
    FlagId.unilateral_variation: unilateral_variation,
    FlagId.outcomes_not_coproduced: outcomes_not_coproduced,
    FlagId.no_cost_kra: no_cost_kra,
    FlagId.too_many_kras: too_many_kras,
    FlagId.no_conflicts_clause: no_conflicts_clause,
    FlagId.exit_at_will: exit_at_will,
    FlagId.closed_membership: closed_membership,
    FlagId.risk_share_deferred: risk_share_deferred,
}
"""One rule per catalogue id."""

