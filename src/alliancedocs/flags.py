"""The watered-down catalogue: every departure from a true alliance, with its stable id.

The ids and severities follow the project's domain brief (section 7). The answers model
uses :class:`FlagId` for acknowledged departures; the integrity engine uses the whole
catalogue to build its report.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How far a departure moves the draft away from a true alliance."""

    critical = "critical"
    high = "high"
    medium = "medium"
    low = "low"
    info = "info"

    @property
    def rank(self) -> int:
        """Return 4 for critical down to 0 for info, so severities compare numerically."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {
    Severity.critical: 4,
    Severity.high: 3,
    Severity.medium: 2,
    Severity.low: 1,
    Severity.info: 0,
}


class FlagId(StrEnum):
    """Stable identifiers of the watered-down departures."""

    commissioner_not_party = "commissioner-not-party"
    no_risk_share = "no-risk-share"
    individual_risk_share = "individual-risk-share"
    partnership_overlay = "partnership-overlay"
    bilateral_performance_regime = "bilateral-performance-regime"
    majority_decisions = "majority-decisions"
    broad_reserved_powers = "broad-reserved-powers"
    alt_without_authority = "alt-without-authority"
    right_to_sue_retained = "right-to-sue-retained"
    no_best_for_service_test = "no-best-for-service-test"
    closed_book = "closed-book"
    nothing_at_risk = "nothing-at-risk"
    no_alliance_manager = "no-alliance-manager"
    unilateral_variation = "unilateral-variation"
    outcomes_not_coproduced = "outcomes-not-coproduced"
    no_cost_kra = "no-cost-kra"
    too_many_kras = "too-many-kras"
    no_conflicts_clause = "no-conflicts-clause"
    exit_at_will = "exit-at-will"
    closed_membership = "closed-membership"
    risk_share_deferred = "risk-share-deferred"


@dataclass(frozen=True)
class CatalogueEntry:
    """One departure in the catalogue: what it is, how severe, and what to do instead."""

    id: FlagId
    severity: Severity
    title: str
    true_alliance_position: str


CATALOGUE: dict[FlagId, CatalogueEntry] = {
    entry.id: entry
    for entry in (
        CatalogueEntry(
            FlagId.commissioner_not_party,
            Severity.critical,
            "The commissioner is not a member of the alliance",
            "The commissioner signs as a full member, sits on the Alliance Leadership Team "
            "and shares risk and reward with the providers.",
        ),
        CatalogueEntry(
            FlagId.no_risk_share,
            Severity.critical,
            "There is no risk and reward share",
            "Gain and pain are shared collectively, measured against the alliance's own "
            "outcomes and target outturn cost.",
        ),
        CatalogueEntry(
            FlagId.individual_risk_share,
            Severity.critical,
            "Risk and reward follow each party's own performance",
            "Gain and pain are calculated on the performance of the alliance as a whole, so "
            "that all the parties win or lose together.",
        ),
        CatalogueEntry(
            FlagId.partnership_overlay,
            Severity.high,
            "The alliance document does not govern performance and payment",
            "The alliance agreement is binding and governs performance, risk and reward and "
            "disputes; each bilateral contract defers to it.",
        ),
        CatalogueEntry(
            FlagId.bilateral_performance_regime,
            Severity.high,
            "A bilateral contract keeps its own performance regime",
            "Each bilateral contract's quality requirements mirror the alliance KPIs and "
            "nothing else; incentives and penalties run only through the alliance.",
        ),
        CatalogueEntry(
            FlagId.majority_decisions,
            Severity.high,
            "Key decisions are taken by majority or casting vote",
            "The Alliance Leadership Team decides every key matter unanimously, each member "
            "having an equal say.",
        ),
        CatalogueEntry(
            FlagId.broad_reserved_powers,
            Severity.high,
            "The commissioner reserves a wide list of matters",
            "The commissioner reserves only the narrow set of statutory functions it cannot "
            "lawfully delegate; everything else is decided by the Alliance Leadership Team.",
        ),
        CatalogueEntry(
            FlagId.alt_without_authority,
            Severity.high,
            "Alliance Leadership Team members cannot bind their organisations",
            "Each member of the Alliance Leadership Team holds delegated authority to bind "
            "the party that appointed them.",
        ),
        CatalogueEntry(
            FlagId.right_to_sue_retained,
            Severity.high,
            "The parties keep the right to sue each other over performance",
            "No fault, no blame, no dispute: the parties waive claims against each other "
            "except for wilful default or insolvency.",
        ),
        CatalogueEntry(
            FlagId.no_best_for_service_test,
            Severity.high,
            "Decisions are not tested against what is best for the service",
            "Every decision of the alliance is made on a best-for-service basis, written "
            "into the agreement as the test for decisions.",
        ),
        CatalogueEntry(
            FlagId.closed_book,
            Severity.medium,
            "Costs and prices are kept confidential between the parties",
            "All costs, prices and accounts relating to the services are open book between "
            "the parties.",
        ),
        CatalogueEntry(
            FlagId.nothing_at_risk,
            Severity.medium,
            "The providers' margin is not exposed to pain",
            "Each non-owner participant puts its margin at risk for a share of any overrun, "
            "capped at that margin.",
        ),
        CatalogueEntry(
            FlagId.no_alliance_manager,
            Severity.medium,
            "There is no Alliance Manager or management team",
            "The Alliance Leadership Team appoints an Alliance Manager to lead an Alliance "
            "Management Team drawn from every party.",
        ),
        CatalogueEntry(
            FlagId.unilateral_variation,
            Severity.medium,
            "The commissioner can vary scope or cost alone",
            "Variations to scope, target outturn cost and the agreement are agreed "
            "unanimously by the Alliance Leadership Team.",
        ),
        CatalogueEntry(
            FlagId.outcomes_not_coproduced,
            Severity.medium,
            "The outcomes were set without people who use services",
            "The outcome set is co-produced with people who use the services and their "
            "carers.",
        ),
        CatalogueEntry(
            FlagId.no_cost_kra,
            Severity.medium,
            "No Key Result Area covers the total cost of the services",
            "One Key Result Area measures actual cost against the target outturn cost, so "
            "cost stays inside the shared regime.",
        ),
        CatalogueEntry(
            FlagId.too_many_kras,
            Severity.low,
            "There are more than six Key Result Areas",
            "Six or fewer Key Result Areas, so the parties' attention stays on what matters.",
        ),
        CatalogueEntry(
            FlagId.no_conflicts_clause,
            Severity.medium,
            "Conflicts of interest are not handled",
            "Conflicts of interest, including the commissioner's dual role as buyer and "
            "member, are declared, recorded and managed.",
        ),
        CatalogueEntry(
            FlagId.exit_at_will,
            Severity.medium,
            "A party may leave the alliance at will",
            "Leaving, suspension and termination happen only on defined grounds and through "
            "a managed exit.",
        ),
        CatalogueEntry(
            FlagId.closed_membership,
            Severity.low,
            "No new party can join the alliance",
            "A new party may join by deed of accession once the Alliance Leadership Team "
            "agrees unanimously.",
        ),
        CatalogueEntry(
            FlagId.risk_share_deferred,
            Severity.low,
            "The risk share is postponed",
            "The risk share applies from commencement or from a committed date, with its "
            "mechanism written into the agreement now.",
        ),
    )
}
