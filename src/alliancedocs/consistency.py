"""Consistency across the document set: the alliance agreement and every bilateral pack.

The answers describe one alliance and, beneath it, each provider's own service contract.
:func:`check_document_set` looks for places where the two would tell different stories:
expected contract values that do not add up to the alliance budget, contracts held by a
commissioner outside the alliance, and contract forms that do not suit the commissioner.

:func:`pack_kpi_mismatches` checks a built pack: its quality requirements must list the
alliance KPIs exactly (plus, only where the answers say so, the provider's own KPIs).

Findings are not watered-down flags: a flag says the deal is weaker than a true alliance;
a finding says two documents (or two answers) disagree, which is a drafting defect.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .docmodel import Document, Table
from .flags import Severity
from .labels import money as format_money
from .labels import percent
from .model import Answers
from .model.contracts import Overlay, ServiceContract
from .model.parties import BodyKind, Party, Role
from .model.risk import CapBasis, DistributionBasis, Regime
from .riskshare import cost_outcome, effective_regime, terms_from_answers, to_pence

NHS_COMMISSIONER_KINDS = frozenset({BodyKind.icb, BodyKind.ccg, BodyKind.nhs_england})
"""Commissioners bound to use the NHS Standard Contract for the healthcare they buy."""

KPI_TABLE_HEADER = "KPI"
"""The header text of the KPI column in the ``pack-kpis`` table."""


@dataclass(frozen=True)
class Finding:
    """One inconsistency in the document set.

    ``path`` is the answers field the finding is about, such as
    ``contracts.service_contracts[1].commissioner``; ``hint`` says how to put it right.
    """

    severity: Severity
    path: str
    message: str
    hint: str
    code: str = "consistency"
    """A stable name for the kind of inconsistency, such as ``budget-not-reconciled``."""


def check_document_set(answers: Answers) -> list[Finding]:
    """Return every inconsistency between the alliance agreement and the bilateral packs.

    The findings come in a stable order: budget reconciliation first, then each service
    contract in answers order.
    """
    findings = _reconciliation(answers)
    parties = {p.id: p for p in answers.parties}
    for index, contract in enumerate(answers.contracts.service_contracts):
        findings.extend(_contract_findings(answers, parties, index, contract))
    findings.extend(_budget_room(answers))
    findings.extend(_own_margin_caps(answers))
    return findings


def _budget_room(answers: Answers) -> list[Finding]:
    """Show, with figures, where the contract values leave no room in the annual budget (or
    the TOC) for what the agreement also pays from it: the shared costs of the Alliance (the
    Alliance Manager post), which count in the Actual Cost and the TOC, and a performance pool
    paid from the budget. Without that room every year starts over target."""
    contracts = answers.contracts.service_contracts
    if not contracts:
        return []
    total = sum((c.expected_annual_value for c in contracts), Decimal(0))
    budget = answers.alliance.annual_budget
    risk = answers.risk_share
    pool = risk.performance_pool
    pool_in_budget = (pool is not None and pool.within_budget
                      and risk.regime is not Regime.none)
    taken = total + (pool.amount if pool is not None and pool_in_budget else Decimal(0))
    shared = (answers.governance.alliance_manager is not None
              and answers.governance.tier.value != "strategic")
    what = (f"the expected annual contract values ({format_money(total)})"
            + (f" and the performance pool paid from the budget ({format_money(pool.amount)})"
               if pool is not None and pool_in_budget else ""))
    findings: list[Finding] = []
    if shared and taken >= budget:
        findings.append(Finding(
            Severity.medium, "alliance.annual_budget",
            f"{what} come to {format_money(taken)}, "
            f"{'the whole' if taken == budget else 'more than the whole'} annual budget of "
            f"{format_money(budget)}, leaving nothing for the shared costs of the Alliance "
            "(the Alliance Manager post), which the agreement meets from that budget and "
            "counts in the Actual Cost",
            "lower the contract values (or raise the budget) by the shared costs, and set "
            "`contracts.reconciliation_tolerance` to cover the difference",
            code="no-room-for-shared-costs"))
    elif pool is not None and pool_in_budget and taken > budget:
        findings.append(Finding(
            Severity.medium, "risk_share.performance_pool.within_budget",
            f"{what} come to {format_money(taken)}, more than the annual budget of "
            f"{format_money(budget)} from which the pool is paid",
            "pay the pool in addition to the budget (`within_budget: false`), or lower the "
            "contract values by the pool", code="pool-outside-budget-room"))
    target = terms_from_answers(answers).target_outturn_cost
    stated = (risk.target_outturn_cost is not None or risk.payment.control_total is not None)
    if shared and stated and risk.regime is not Regime.none and total >= target:
        findings.append(Finding(
            Severity.medium, ("risk_share.target_outturn_cost"
                              if risk.target_outturn_cost is not None
                              else "risk_share.payment.control_total"),
            f"the TOC of {format_money(target)} includes the shared costs of the Alliance, but "
            f"the expected annual contract values already add up to {format_money(total)}, so "
            "the Actual Cost would exceed the TOC by the shared costs even if every contract "
            "cost exactly its expected value",
            "raise the TOC by the shared costs, or lower the contract values",
            code="toc-leaves-nothing-for-shared-costs"))
    return findings


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _own_margin_caps(answers: Answers) -> list[Finding]:
    """Show, with figures, where the promise that no participant bears more than its own cap
    (its margin, or the sum given with its fixed share) changes the arithmetic: fixed shares
    that would put a participant past its own cap at the overall cap, and a pool clawback
    that would come on top of a capped overrun."""
    risk = answers.risk_share
    regime = effective_regime(answers)
    margin = risk.pain_cap.basis is CapBasis.margin
    if (risk.pain_cap.basis not in (CapBasis.margin, CapBasis.participant_amounts)
            or regime not in (Regime.gain_pain, Regime.performance_pool)):
        return []
    terms = terms_from_answers(answers)
    cap_word = "margin" if margin else "cap"
    findings: list[Finding] = []
    if regime is Regime.gain_pain and risk.distribution.basis is DistributionBasis.fixed_shares:
        worst = cost_outcome(terms, terms.target_outturn_cost * 10)
        shares = {s.party: s.percent for s in risk.distribution.shares}
        for participant in terms.participants:
            if participant.party_id not in worst.redistributed:
                continue
            share = shares.get(participant.party_id, Decimal(0))
            own = participant.cap or Decimal(0)
            unadjusted = to_pence(worst.participants_total * share / 100)
            borne = format_money(worst.participants_total)
            if unadjusted > own:
                why = (f"{_possessive(participant.name)} fixed {percent(share)} share of it "
                       f"would be {format_money(unadjusted)}, more than its {cap_word} of "
                       f"{format_money(own)}, so the agreement holds it at its {cap_word} "
                       f"and divides the {format_money(unadjusted - own)} excess among "
                       f"the other participants up to their own {cap_word}s")
            else:
                why = (f"{_possessive(participant.name)} fixed {percent(share)} share of it "
                       f"({format_money(unadjusted)}) is within its {cap_word} of "
                       f"{format_money(own)}, but the excess passed on from participants "
                       f"held at their own {cap_word}s would take it past, so the agreement "
                       f"holds it at its {cap_word} too")
            findings.append(Finding(
                Severity.info,
                "risk_share.distribution.shares",
                f"at a capped overrun the participants bear {borne}; {why}",
                "no change is needed if that is intended; to avoid the redistribution, set fixed "
                + ("shares in proportion to the participants' margins, or use `pro-rata-margin`"
                   if margin else "shares in proportion to the participants' caps"),
                code="share-held-at-own-margin" if margin else "share-held-at-own-cap",
            ))
    pool = risk.performance_pool
    caps = terms.pain_cap if terms.pain_cap is not None else Decimal(0)
    if pool is not None and pool.clawback and terms.participants:
        pain = (cost_outcome(terms, terms.target_outturn_cost * 10).participants_total
                if regime is Regime.gain_pain else Decimal(0))
        worst_total = pain + to_pence(pool.amount)
        if worst_total > caps:
            whose = "total margin" if margin else "caps added together"
            findings.append(Finding(
                Severity.info,
                "risk_share.performance_pool.clawback",
                f"a capped overrun ({format_money(pain)}) and a full pool clawback "
                f"({format_money(to_pence(pool.amount))}) together come to "
                f"{format_money(worst_total)}, more than the participants' {whose} of "
                f"{format_money(caps)}; the agreement counts the clawback "
                f"towards each participant's {cap_word}, so a participant pays back only what "
                f"its {cap_word} leaves after its share of the overrun",
                "no change is needed if that is intended; a smaller pool, or no clawback, "
                "keeps the whole clawback available in every year",
                code="clawback-within-margin-cap" if margin else "clawback-within-own-cap",
            ))
    return findings


def _reconciliation(answers: Answers) -> list[Finding]:
    """Compare the total of the expected annual contract values with the alliance budget."""
    contracts = answers.contracts.service_contracts
    if not contracts:
        return []
    total = sum((c.expected_annual_value for c in contracts), Decimal(0))
    budget = answers.alliance.annual_budget
    difference = total - budget
    if difference == 0:
        return []
    tolerance = answers.contracts.reconciliation_tolerance
    direction = "more" if difference > 0 else "less"
    message = (
        f"the expected annual contract values add up to {format_money(total)}, which is "
        f"{format_money(abs(difference))} {direction} than the alliance annual budget of "
        f"{format_money(budget)}"
    )
    if abs(difference) <= tolerance:
        return [
            Finding(
                Severity.info,
                "contracts.service_contracts",
                f"{message} (within the reconciliation tolerance of {format_money(tolerance)})",
                "no change is needed; the difference is printed so that reviewers can see it",
                code="budget-within-tolerance",
            )
        ]
    return [
        Finding(
            Severity.high,
            "contracts.service_contracts",
            f"{message}; the reconciliation tolerance is {format_money(tolerance)}",
            "correct the providers' `expected_annual_value` answers or `alliance.annual_budget` "
            "so that the bilateral packs and the alliance agreement state the same money; "
            "if a difference is intended, raise `contracts.reconciliation_tolerance`",
            code="budget-not-reconciled",
        )
    ]


def _contract_findings(
    answers: Answers, parties: dict[str, Party], index: int, contract: ServiceContract
) -> list[Finding]:
    """Check one service contract against the parties and the alliance."""
    path = f"contracts.service_contracts[{index}]"
    findings: list[Finding] = []
    provider = parties.get(contract.provider)
    if provider is not None and provider.role is Role.provider and not provider.alliance_member:
        findings.append(
            Finding(
                Severity.high,
                f"{path}.provider",
                f"{provider.short_name} holds a service contract that defers to the alliance, "
                "but is not an alliance member",
                "make the provider a full member (`alliance_member: true`) or remove its "
                "service contract from the alliance's register",
                code="provider-not-member",
            )
        )
    if contract.overlay is Overlay.none:
        return findings
    commissioner = parties.get(contract.commissioner) if contract.commissioner else None
    if contract.commissioner is None:
        findings.append(
            Finding(
                Severity.high,
                f"{path}.commissioner",
                f"the {contract.overlay.value} contract for `{contract.provider}` names no "
                "commissioner, so its schedule pack cannot say who holds it",
                "set `commissioner` to the id of the member commissioner that holds the contract",
                code="contract-without-commissioner",
            )
        )
        return findings
    if commissioner is None:
        return findings  # an unknown id is a validation error, reported there
    if commissioner.role is not Role.commissioner:
        findings.append(
            Finding(
                Severity.high,
                f"{path}.commissioner",
                f"`{commissioner.id}` holds the contract for `{contract.provider}` but is a "
                f"{commissioner.role.value}, not a commissioner",
                "name a party whose `role` is `commissioner`",
                code="contract-holder-not-commissioner",
            )
        )
        return findings
    if not commissioner.alliance_member:
        findings.append(
            Finding(
                Severity.high,
                f"{path}.commissioner",
                f"{commissioner.short_name} holds the contract for `{contract.provider}` but is "
                "not a member of the alliance, so the contract cannot defer to the Alliance "
                "Leadership Team",
                "make the commissioner a full member (`alliance_member: true`) or move the "
                "contract to a member commissioner",
                code="contract-holder-not-member",
            )
        )
    if contract.overlay is Overlay.non_nhs and commissioner.kind in NHS_COMMISSIONER_KINDS:
        findings.append(
            Finding(
                Severity.medium,
                f"{path}.overlay",
                f"{commissioner.short_name} is an NHS commissioner but the contract for "
                f"`{contract.provider}` is on non-NHS terms; NHS commissioners must use the NHS "
                "Standard Contract for the healthcare they buy, primary care apart",
                "choose `nhs-standard-full` or `nhs-standard-shorter`, or move the contract to "
                "the local authority commissioner if it buys social care or public health",
                code="nhs-commissioner-on-council-terms",
            )
        )
    if contract.system_collaboration_agreement and contract.overlay is Overlay.non_nhs:
        findings.append(
            Finding(
                Severity.low,
                f"{path}.system_collaboration_agreement",
                f"the contract for `{contract.provider}` is on the council's own terms, which have "
                "no Schedule 9 System Collaboration and Financial Management Agreement",
                "set `system_collaboration_agreement: false`; the pack ignores it for this form",
                code="schedule-9-on-council-terms",
            )
        )
    return findings


def pack_kpi_mismatches(
    measures: Iterable[str], answers: Answers, contract: ServiceContract
) -> list[Finding]:
    """Compare the KPI measures listed in a built pack with the alliance KPIs.

    ``measures`` are the KPI measures in the pack's quality requirements, in order. The pack
    must list every alliance KPI once, in the agreement's order; it may add the provider's
    own KPIs (``contract.own_kpis``) only after them. Return one finding per discrepancy.
    """
    index = answers.contracts.service_contracts.index(contract)
    path = f"contracts.service_contracts[{index}]"
    listed = list(measures)
    expected = [kpi.measure for kra in answers.kras for kpi in kra.kpis]
    own = [k.measure for k in contract.own_kpis]
    findings: list[Finding] = []
    for measure in expected:
        if measure not in listed:
            findings.append(
                Finding(
                    Severity.high,
                    path,
                    f"the pack's quality requirements omit the alliance KPI {measure!r}",
                    "rebuild the pack; its quality requirements must mirror the alliance KPIs",
                    code="pack-kpi-missing",
                )
            )
    for measure in listed:
        if measure not in expected and measure not in own:
            findings.append(
                Finding(
                    Severity.high,
                    path,
                    f"the pack lists {measure!r}, which is neither an alliance KPI nor one of "
                    "the provider's own KPIs in the answers",
                    "rebuild the pack from the current answers",
                    code="pack-kpi-unknown",
                )
            )
    alliance_part = [m for m in listed if m in expected]
    if not findings and alliance_part != expected:
        findings.append(
            Finding(
                Severity.medium,
                path,
                "the pack lists the alliance KPIs in a different order or more than once",
                "rebuild the pack; it lists each alliance KPI once, in the agreement's order",
                code="pack-kpi-order",
            )
        )
    return findings


def kpi_measures_in_table(table: Table) -> list[str]:
    """Return the text of the ``KPI`` column of a ``pack-kpis`` table, row by row."""
    headers = [cell.text for cell in table.header]
    column = headers.index(KPI_TABLE_HEADER)
    return [row[column].text for row in table.rows]


def kpi_measures_in_document(document: Document) -> list[str]:
    """Return the KPI measures of every ``pack-kpis`` table in ``document``, in order."""
    measures: list[str] = []
    for table in document.tables():
        if KPI_TABLE_HEADER in [cell.text for cell in table.header]:
            measures.extend(kpi_measures_in_table(table))
    return measures
