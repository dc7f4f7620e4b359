"""Answers that would change no document: reported, never silently dropped.

A user who gives an Alliance Manager to a strategic-tier alliance (which has no management
team) expects to see that person in the agreement. The answer is valid, but nothing drafts
it, so each such answer is reported as a ``no-effect`` note at its path. A test removes
each reported answer and checks that every document stays the same.
"""

from __future__ import annotations

from collections.abc import Iterator

from .diagnostics import FieldPath
from .model import Answers
from .model.draft import judge
from .model.governance import Tier
from .model.risk import Regime

Found = tuple[FieldPath, str, str]
"""An answer's path, why no document uses it, and what to do."""


def no_effect(answers: Answers) -> list[Found]:
    """Return every answer in ``answers`` that no document uses, with the reason and a hint.

    ``answers`` may be a draft; sections it lacks are not judged.
    """
    return [*(judge(lambda a: list(_strategic(a)), answers) or ()),
            *(judge(lambda a: list(_no_regime(a)), answers) or ())]


def _strategic(answers: Answers) -> Iterator[Found]:
    governance = answers.governance
    if governance.tier is not Tier.strategic:
        return
    why = ("a `strategic` alliance has an Alliance Leadership Team only, with no Alliance "
           "Manager or management team, so the agreement does not use this answer")
    hint = "remove it, or choose the `service` tier if the alliance has a management team"
    if governance.alliance_manager is not None:
        yield ("governance", "alliance_manager"), why, hint
    if governance.amt:
        yield ("governance", "amt"), why, hint
    if "amt_meeting_cadence" in governance.model_fields_set:
        yield ("governance", "amt_meeting_cadence"), why, hint


def _no_regime(answers: Answers) -> Iterator[Found]:
    risk = answers.risk_share
    if risk.regime is not Regime.none:
        return
    why = ("`risk_share.regime` is `none`, so the agreement has no risk and reward terms and "
           "does not use this answer")
    hint = "remove it, or choose a risk-share regime that uses it"
    # The TOC is still agreed each year without a risk share, so it is not listed here.
    for name in ("performance_pool", "pain_cap", "underrun", "overrun", "distribution",
                 "regime_when_started", "basis"):
        if name in risk.model_fields_set:
            yield ("risk_share", name), why, hint
