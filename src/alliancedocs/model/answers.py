"""The whole answers file: the typed model every later stage reads."""

from __future__ import annotations

from pydantic import Field

from ..flags import FlagId
from .alliance import Alliance
from .base import Section, Text
from .contracts import Contracts
from .governance import Governance
from .parties import Party, RiskShareRole, Role
from .performance import Kra
from .principles import Principles
from .risk import RiskShare


class AcknowledgedDeparture(Section):
    """A watered-down departure the parties accept knowingly, with their reasons."""

    id: FlagId
    """The departure's id from the catalogue, such as `risk-share-deferred`."""
    justification: Text = Field(min_length=20)
    """Why the parties accept it. Reviewers read this in the integrity report."""


class Answers(Section):
    """Everything alliancedocs needs to draft an alliance agreement and its schedules."""

    alliance: Alliance
    """What the alliance is: name, scope, vision, outcomes, dates and budget."""
    parties: list[Party] = Field(min_length=1)
    """Every commissioner and provider."""
    governance: Governance
    """How the alliance governs itself."""
    principles: Principles = Principles()
    """The alliance principles."""
    kras: list[Kra] = Field(min_length=1)
    """The Key Result Areas, each with its KPIs and weight."""
    risk_share: RiskShare
    """The risk and reward regime."""
    contracts: Contracts = Contracts()
    """How the providers' own contracts fit beneath the alliance agreement."""
    acknowledged_departures: list[AcknowledgedDeparture] = []
    """Departures from a true alliance that the parties accept, each with a justification."""

    def party(self, party_id: str) -> Party:
        """Return the party with ``party_id``; raise ``KeyError`` if there is none."""
        for party in self.parties:
            if party.id == party_id:
                return party
        raise KeyError(party_id)

    @property
    def commissioners(self) -> list[Party]:
        """Return the commissioners, in answers order."""
        return [p for p in self.parties if p.role is Role.commissioner]

    @property
    def providers(self) -> list[Party]:
        """Return the providers, in answers order."""
        return [p for p in self.parties if p.role is Role.provider]

    @property
    def owner(self) -> Party | None:
        """Return the risk-share owner, or ``None`` if no party is the owner."""
        owners = [p for p in self.parties if p.risk_share_role is RiskShareRole.owner]
        return owners[0] if owners else None

    @property
    def participants(self) -> list[Party]:
        """Return the non-owner participants in the risk share, in answers order."""
        return [p for p in self.parties if p.risk_share_role is RiskShareRole.participant]
