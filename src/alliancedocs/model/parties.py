"""The parties to the alliance: commissioners and providers."""

from __future__ import annotations

from enum import StrEnum

from .base import Identifier, Money, Section, ShortText, Text


class Role(StrEnum):
    """Whether a party buys the services or delivers them."""

    commissioner = "commissioner"
    provider = "provider"


class BodyKind(StrEnum):
    """The kind of organisation a party is."""

    icb = "icb"
    ccg = "ccg"
    nhs_england = "nhs-england"
    local_authority = "local-authority"
    nhs_trust = "nhs-trust"
    nhs_foundation_trust = "nhs-foundation-trust"
    charity = "charity"
    social_enterprise = "social-enterprise"
    community_interest_company = "community-interest-company"
    user_led_organisation = "user-led-organisation"
    primary_care = "primary-care"
    independent_provider = "independent-provider"


class RiskShareRole(StrEnum):
    """A party's place in the risk and reward share."""

    owner = "owner"
    participant = "participant"
    none = "none"


class Registration(Section):
    """Registration numbers, where the party has them."""

    company_number: ShortText | None = None
    """Companies House number, for a company or community interest company. Left empty for
    a charity, community interest company or independent provider, the draft prints `[●]`
    where the number belongs, for the parties to fill in."""
    charity_number: ShortText | None = None
    """Charity Commission registration number."""
    other: ShortText | None = None
    """Any other identifier, such as an NHS organisation (ODS) code or a statute."""


class Signatory(Section):
    """The person who signs the agreement for the party."""

    name: ShortText
    """Full name of the person authorised to sign."""
    title: ShortText
    """Their job title, such as Chief Executive."""


class Party(Section):
    """One organisation that signs the alliance agreement or commissions under it."""

    id: Identifier
    """A short identifier used to refer to this party elsewhere in the answers."""
    legal_name: ShortText
    """The party's full legal name, exactly as registered."""
    short_name: ShortText
    """The name used for the party in the body of the agreement, such as `Certitude`."""
    role: Role
    """Whether the party is a commissioner (buys the services) or a provider (delivers them)."""
    kind: BodyKind
    """What kind of body the party is."""
    registration: Registration = Registration()
    """Registration numbers, where they exist."""
    registered_address: Text
    """The party's registered or principal office address."""
    signatory: Signatory
    """Who signs the agreement for this party."""
    alliance_member: bool = True
    """Whether the party signs as a full member of the alliance. A commissioner who only
    monitors the providers from outside is not a member, and that waters the alliance down."""
    risk_share_role: RiskShareRole = RiskShareRole.none
    """`owner` for the commissioner that bears the owner's share of gain and pain;
    `participant` for a non-owner participant that puts its margin at risk; `none` otherwise."""
    margin: Money | None = None
    """For a participant: its annual corporate overhead and profit (the margin) in pounds,
    which is what it puts at risk."""
