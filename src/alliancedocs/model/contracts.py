"""The bilateral service contracts that sit beneath the alliance agreement."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from .base import Identifier, Money, Section, ShortText, Text


class Overlay(StrEnum):
    """The form of a provider's own contract beneath the alliance agreement."""

    nhs_standard_full = "nhs-standard-full"
    nhs_standard_shorter = "nhs-standard-shorter"
    non_nhs = "non-nhs"
    none = "none"


class ServiceLine(Section):
    """One service the provider delivers as part of the alliance."""

    name: ShortText
    """The service line's name."""
    description: Text
    """What the provider delivers, in a sentence or two."""


class ProviderKpi(Section):
    """A KPI the bilateral contract keeps for this provider alone."""

    measure: ShortText
    """What the KPI measures."""
    consequence: ShortText | None = None
    """The consequence of missing it under the bilateral contract, if any."""


class ProviderIncentive(Section):
    """An incentive or penalty the bilateral contract keeps for this provider alone."""

    name: ShortText
    """The scheme's name, such as a local CQUIN."""
    amount: Money | None = None
    """Its value in pounds for each year, if known."""


class ServiceContract(Section):
    """A provider's own contract with its commissioner, and how it fits the alliance."""

    provider: Identifier
    """The provider (its `id`)."""
    overlay: Overlay
    """`nhs-standard-full`, `nhs-standard-shorter`, `non-nhs` (a council's own terms) or `none`
    (no separate contract: the alliance agreement alone)."""
    commissioner: Identifier | None = None
    """The commissioner that holds the contract (its `id`). Not needed when `overlay` is
    `none`."""
    expected_annual_value: Money
    """The provider's expected annual contract value in pounds."""
    service_lines: list[ServiceLine] = Field(min_length=1)
    """The services the provider delivers within the alliance."""
    contract_reference: ShortText | None = None
    """The commissioner's reference for the contract, if known."""
    system_collaboration_agreement: bool = False
    """Whether the contract includes a Schedule 9 System Collaboration and Financial
    Management Agreement (NHS Standard Contract forms only)."""
    keeps_own_performance_regime: bool = False
    """Whether the contract keeps its own performance and payment regime instead of deferring
    to the alliance. This waters the alliance down."""
    own_kpis: list[ProviderKpi] = []
    """KPIs the contract keeps for this provider alone. Each one waters the alliance down."""
    own_incentives: list[ProviderIncentive] = []
    """Incentives or penalties the contract keeps for this provider alone."""


class PooledFund(Section):
    """An existing pooled fund, under an agreement made under section 75 of the National
    Health Service Act 2006, from which the commissioners fund the services together."""

    host: Identifier
    """The commissioner that hosts the pooled fund (its `id`)."""
    agreement_date: date | None = None
    """The date of the section 75 agreement, if known."""
    description: ShortText | None = None
    """How the section 75 agreement is known, such as `the Lambeth Mental Health Section 75
    Agreement`."""


class Contracts(Section):
    """How the alliance agreement relates to the providers' own contracts."""

    agreement_binding: bool = True
    """Whether the alliance agreement is legally binding and governs performance and payment.
    A non-binding memorandum over ordinary contracts waters the alliance down."""
    reconciliation_tolerance: Money = Decimal(0)
    """How far, in pounds, the total of the expected annual values may differ from the alliance
    budget before the difference is reported."""
    service_contracts: list[ServiceContract] = []
    """One entry per provider."""
    pooled_fund: PooledFund | None = None
    """An existing section 75 pooled fund through which the commissioners fund the services.
    The agreement then preserves that section 75 agreement; `risk_share.payment.payers` says
    which payments are made from it."""
