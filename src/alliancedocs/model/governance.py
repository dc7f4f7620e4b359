"""How the alliance governs itself: tier, decisions, bodies, disputes and membership."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .base import Identifier, Section, ShortText, Text


class Tier(StrEnum):
    """How far the alliance integrates delivery."""

    strategic = "strategic"
    service = "service"
    framework = "framework"


class DecisionRule(StrEnum):
    """How the Alliance Leadership Team takes key decisions."""

    unanimous = "unanimous"
    consensus = "consensus"
    majority = "majority"
    casting_vote = "casting-vote"


class Cadence(StrEnum):
    """How often a body meets or a return is made."""

    weekly = "weekly"
    fortnightly = "fortnightly"
    monthly = "monthly"
    bi_monthly = "bi-monthly"
    quarterly = "quarterly"
    six_monthly = "six-monthly"
    annually = "annually"


class DisputeApproach(StrEnum):
    """Whether the parties give up claims against each other over performance."""

    no_blame = "no-blame"
    litigation_retained = "litigation-retained"


class DeadlockStep(StrEnum):
    """One step in the route for a matter the Alliance Leadership Team cannot resolve."""

    chief_executives = "chief-executives"
    independent_facilitator = "independent-facilitator"
    mediation = "mediation"
    expert_determination = "expert-determination"


class VariationRule(StrEnum):
    """Who may vary the scope, the target outturn cost or the agreement."""

    alt_unanimous = "alt-unanimous"
    commissioner_unilateral = "commissioner-unilateral"


class AltMember(Section):
    """A member of the Alliance Leadership Team."""

    party: Identifier
    """The party this member represents (its `id`)."""
    name: ShortText
    """The member's name."""
    role: ShortText
    """The member's job title in their own organisation."""
    delegated_authority: bool = True
    """Whether the member can bind their organisation at the meeting. Without this, a party
    could reopen a decision afterwards."""


class Alt(Section):
    """The Alliance Leadership Team: one senior member from each party."""

    members: list[AltMember] = Field(min_length=1)
    """One entry per member, each naming the party they represent."""
    chair: Identifier
    """The party whose member chairs the team. It need not be the largest provider."""
    chair_rotates_months: int | None = Field(default=None, ge=1, le=60)
    """If the chair rotates among the parties, how many months each chair serves."""
    meeting_cadence: Cadence = Cadence.monthly
    """How often the team meets."""


class AmtMember(Section):
    """A member of the Alliance Management Team."""

    party: Identifier
    """The party that provides this member (its `id`)."""
    role: ShortText
    """The subject this member brings, such as finance or clinical lead."""


class AllianceManager(Section):
    """The Alliance Manager appointed by the Alliance Leadership Team."""

    employed_by: Identifier
    """The party that employs or hosts the Alliance Manager (its `id`)."""
    name: ShortText | None = None
    """The Alliance Manager's name, if already appointed."""


class PackageOfWorks(Section):
    """A separate package of services called off under a framework-tier alliance."""

    id: Identifier
    """A short identifier for the package."""
    name: ShortText
    """The package's name."""
    scope: Text
    """What the package covers."""
    members: list[Identifier] = Field(min_length=2)
    """The parties delivering this package (their `id`s)."""


class ReservedPower(Section):
    """A matter the commissioner keeps for itself instead of delegating to the alliance."""

    matter: ShortText
    """The matter reserved, in a few words."""
    statutory_basis: ShortText | None = None
    """The statutory duty that stops the commissioner delegating it. Leave empty if none:
    a reserved matter without a statutory basis waters the alliance down."""


class Leaving(Section):
    """How a party may leave the alliance."""

    exit_at_will: bool = False
    """Whether a party may leave simply by giving notice, without a defined ground."""
    notice_months: int = Field(default=12, ge=1, le=36)
    """Months of notice a leaving party must give."""


class Governance(Section):
    """How the alliance makes decisions and manages itself."""

    tier: Tier
    """`strategic` (leadership team only), `service` (leadership team, management team and
    integrated delivery team) or `framework` (one leadership team over packages of works)."""
    decision_rule: DecisionRule = DecisionRule.unanimous
    """How key decisions are taken. Unanimity is the true-alliance position."""
    alt: Alt
    """The Alliance Leadership Team."""
    alliance_manager: AllianceManager | None = None
    """The Alliance Manager, who runs the alliance day to day."""
    amt: list[AmtMember] = []
    """The Alliance Management Team, led by the Alliance Manager."""
    amt_meeting_cadence: Cadence = Cadence.fortnightly
    """How often the Alliance Management Team meets."""
    packages_of_works: list[PackageOfWorks] = []
    """For a framework-tier alliance: the separate packages of works."""
    reserved_powers: list[ReservedPower] = []
    """Matters the commissioner keeps for itself. Keep this list short and statutory."""
    deadlock_route: list[DeadlockStep] = [
        DeadlockStep.chief_executives,
        DeadlockStep.independent_facilitator,
    ]
    """The steps, in order, for a matter the leadership team cannot resolve."""
    deadlock_step_days: int = Field(default=20, ge=5, le=90)
    """Working days allowed for each step of the deadlock route."""
    dispute_approach: DisputeApproach = DisputeApproach.no_blame
    """`no-blame` (no claims between parties except for wilful default or insolvency) or
    `litigation-retained`."""
    open_book: bool = True
    """Whether costs and accounts are shared openly between the parties."""
    conflicts_of_interest: bool = True
    """Whether the agreement requires conflicts of interest to be declared and managed."""
    open_to_new_members: bool = True
    """Whether a new party may join by deed of accession."""
    leaving: Leaving = Leaving()
    """How a party may leave the alliance."""
    variation_rule: VariationRule = VariationRule.alt_unanimous
    """Who may vary the scope, the target outturn cost or the agreement."""
    integrated_team: Text | None = None
    """A description of the integrated delivery team (service and framework tiers)."""
