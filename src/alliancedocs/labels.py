"""Words for answer values: how enums and amounts read in the documents."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum

from .model.contracts import Overlay
from .model.governance import Cadence, DeadlockStep, DecisionRule, Tier
from .model.parties import BodyKind, Role
from .model.performance import Direction, Frequency, Level
from .model.principles import StandardPrinciple

_LABELS: dict[Enum, str] = {
    BodyKind.icb: "integrated care board",
    BodyKind.ccg: "clinical commissioning group",
    BodyKind.nhs_england: "NHS England",
    BodyKind.local_authority: "local authority",
    BodyKind.nhs_trust: "NHS trust",
    BodyKind.nhs_foundation_trust: "NHS foundation trust",
    BodyKind.charity: "charity",
    BodyKind.social_enterprise: "social enterprise",
    BodyKind.community_interest_company: "community interest company",
    BodyKind.user_led_organisation: "user-led organisation",
    BodyKind.primary_care: "primary care provider",
    BodyKind.independent_provider: "independent sector provider",
    Role.commissioner: "Commissioner",
    Role.provider: "Provider",
    Tier.strategic: "strategic",
    Tier.service: "service",
    Tier.framework: "framework",
    DecisionRule.unanimous: "unanimous",
    DecisionRule.consensus: "consensus",
    DecisionRule.majority: "majority",
    DecisionRule.casting_vote: "majority with a casting vote",
    DeadlockStep.chief_executives: "referral to the chief executives of the Parties",
    DeadlockStep.independent_facilitator: "facilitation by an independent facilitator",
    DeadlockStep.mediation: "mediation",
    DeadlockStep.expert_determination: "determination by an independent expert",
    Direction.higher_is_better: "higher is better",
    Direction.lower_is_better: "lower is better",
    Overlay.nhs_standard_full: "NHS Standard Contract (full-length)",
    Overlay.nhs_standard_shorter: "NHS Standard Contract (shorter-form)",
    Overlay.non_nhs: "local authority terms and conditions",
    Overlay.none: "no separate contract (this Agreement alone)",
    StandardPrinciple.best_for_service: "Best for service",
    StandardPrinciple.unanimous_decisions: "Unanimous, principle-based decisions",
    StandardPrinciple.no_fault_no_blame: "No fault, no blame, no dispute",
    StandardPrinciple.open_book: "Open book",
    StandardPrinciple.collective_risk_reward: "Collective risk and reward",
    StandardPrinciple.equal_say: "Equal say",
    StandardPrinciple.co_production: "Co-production",
    StandardPrinciple.person_at_centre: "The person at the centre",
    StandardPrinciple.honesty: "Honesty",
    StandardPrinciple.empathy: "Empathy",
    StandardPrinciple.transparency: "Transparency",
}
_LABELS.update({level: level.label for level in Level})
_LABELS.update({c: c.value.replace("-", " ") for c in Cadence})
_LABELS.update({f: f.value.replace("-", " ") for f in Frequency})

_SMALL = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def label(value: object) -> str:
    """Return the words for an enum value (such as ``Above MCOS``); other values as text."""
    if isinstance(value, Enum):
        return _LABELS.get(value, str(value.value).replace("-", " "))
    return str(value)


def money(value: Decimal | int) -> str:
    """Return ``value`` as pounds and pence with thousands separators: ``£1,250,000.00``."""
    amount = Decimal(value).quantize(Decimal("0.01"))
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def number(value: Decimal | int, *, signed: bool = False) -> str:
    """Return a decimal without needless zeros (``12.50`` → ``12.5``); ``signed`` adds ``+``."""
    text = format(Decimal(value).normalize(), "f")
    if text in {"-0", "+0"}:
        text = "0"
    return f"+{text}" if signed and Decimal(value) > 0 else text


def percent(value: Decimal | int) -> str:
    """Return ``value`` as a percentage without needless zeros: ``50%``, ``12.5%``."""
    return f"{number(value)}%"


def longdate(value: date) -> str:
    """Return a date as it is written in an agreement: ``1 April 2026``."""
    return f"{value.day} {value.strftime('%B')} {value.year}"


def join_names(names: list[str] | tuple[str, ...]) -> str:
    """Return names joined as prose: ``A``, ``A and B``, ``A, B and C``."""
    items = [str(n) for n in names]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def words(value: int) -> str:
    """Return a whole number from 0 to 999 in words (``12`` → ``twelve``); larger as digits."""
    if not 0 <= value < 1000:
        return str(value)
    if value < 20:
        return _SMALL[value]
    if value < 100:
        tens, unit = divmod(value, 10)
        return _TENS[tens - 2] + (f"-{_SMALL[unit]}" if unit else "")
    hundreds, rest = divmod(value, 100)
    return f"{_SMALL[hundreds]} hundred" + (f" and {words(rest)}" if rest else "")
