"""The alliance itself: name, scope, vision, outcomes, dates and budget."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from .base import Money, Section, ShortText, Text


class Outcomes(Section):
    """The outcome set the alliance exists to deliver."""

    statements: list[Text] = Field(min_length=1)
    """The outcomes, each in a sentence, ideally in the words of the people who use the
    services (for example "I have a safe and settled place to live")."""
    co_produced: bool
    """Whether people who use the services helped set these outcomes."""
    co_produced_with: Text | None = None
    """Who co-produced them, and how."""


class Alliance(Section):
    """What the alliance is and what it is for."""

    name: ShortText
    """The alliance's full name, such as `Lambeth Living Well Alliance`."""
    short_name: ShortText | None = None
    """A shorter name or brand used in the text, such as `IPSA`."""
    service_scope: Text
    """The services the alliance delivers, and for whom."""
    vision: Text
    """A one-line statement of the alliance's vision and purpose."""
    objectives: list[Text] = []
    """The alliance's objectives, each in a sentence."""
    outcomes: Outcomes
    """The outcome set."""
    agreement_date: date
    """The date of the agreement. Document properties take their dates from it."""
    commencement_date: date
    """The date the alliance starts delivering the services."""
    term_years: int = Field(ge=1, le=25)
    """How many years the agreement runs from the commencement date."""
    extension_years: int = Field(default=0, ge=0, le=10)
    """How many further years the parties may unanimously agree to extend it by."""
    annual_budget: Money
    """The total annual budget for the services, in pounds."""
    geography: ShortText | None = None
    """The area the alliance serves, such as `the London Borough of Lambeth`."""
