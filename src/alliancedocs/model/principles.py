"""The alliance principles against which every decision is tested."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .base import Identifier, Section, ShortText, Text


class StandardPrinciple(StrEnum):
    """A principle from the standard set."""

    best_for_service = "best-for-service"
    unanimous_decisions = "unanimous-decisions"
    no_fault_no_blame = "no-fault-no-blame"
    open_book = "open-book"
    collective_risk_reward = "collective-risk-reward"
    equal_say = "equal-say"
    co_production = "co-production"
    person_at_centre = "person-at-centre"
    honesty = "honesty"
    empathy = "empathy"
    transparency = "transparency"


class CustomPrinciple(Section):
    """A principle of the alliance's own, beyond the standard set."""

    id: Identifier
    """A short identifier for the principle."""
    title: ShortText
    """Its title, such as `Think family`."""
    text: Text
    """What the parties commit to under it."""


class Principles(Section):
    """The principles written into the agreement."""

    standard: list[StandardPrinciple] = Field(default_factory=lambda: list(StandardPrinciple))
    """Principles chosen from the standard set. `best-for-service` is the decision test."""
    custom: list[CustomPrinciple] = []
    """The alliance's own additional principles."""
