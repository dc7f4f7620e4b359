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
from .model.risk import Regime, TocAdjustmentEvent, VarianceMeasure

Found = tuple[FieldPath, str, str]
"""An answer's path, why no document uses it, and what to do."""


def no_effect(answers: Answers) -> list[Found]:
    """Return every answer in ``answers`` that no document uses, with the reason and a hint.

    ``answers`` may be a draft; sections it lacks are not judged.
    """
    return [*(judge(lambda a: list(_strategic(a)), answers) or ()),
            *(judge(lambda a: list(_no_regime(a)), answers) or ()),
            *(judge(lambda a: list(_unused_payers(a)), answers) or ()),
            *(judge(lambda a: list(_unused_toc_adjustment(a)), answers) or ())]


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


def _unused_payers(answers: Answers) -> Iterator[Found]:
    """The payer of a limb the risk share does not have: gain and pain without cost sharing,
    the performance pool without a pool. The services are always paid."""
    risk = answers.risk_share
    regime = (Regime(risk.regime_when_started.value) if risk.regime is Regime.deferred
              else risk.regime)
    given = risk.payment.payers.model_fields_set
    hint = "remove it, or choose a risk share that has this limb"
    if "gain_pain" in given and regime not in (Regime.gain_pain, Regime.gain_only):
        yield (("risk_share", "payment", "payers", "gain_pain"),
               f"the `{risk.regime.value}` risk share shares no cost gain or pain, so no "
               "document names who pays it", hint)
    if "performance_pool" in given and (regime is Regime.none
                                        or risk.performance_pool is None):
        yield (("risk_share", "payment", "payers", "performance_pool"),
               "there is no performance pool in force, so no document names who pays it", hint)


def _unused_toc_adjustment(answers: Answers) -> Iterator[Found]:
    """TOC adjustment answers the agreement cannot use: all of them when the TOC follows a
    control total, and the demand band when demand is not an adjustment event."""
    risk = answers.risk_share
    adjustment = risk.toc_adjustment
    given = adjustment.model_fields_set
    if risk.payment.measured_against is VarianceMeasure.control_total:
        if "toc_adjustment" in risk.model_fields_set:
            yield (("risk_share", "toc_adjustment"),
                   "the TOC follows the control total, which changes when the system changes "
                   "it, so the agreement lists no adjustment events",
                   "remove it, or measure gain and pain against the TOC")
        return
    if "demand_band_percent" in given and TocAdjustmentEvent.demand not in adjustment.events:
        yield (("risk_share", "toc_adjustment", "demand_band_percent"),
               "`demand` is not an adjustment event, so the agreement does not use the band",
               "remove it, or add `demand` to `events`")
    if "notice_business_days" in given and not adjustment.events:
        yield (("risk_share", "toc_adjustment", "notice_business_days"),
               "no adjustment events are listed, so there is nothing to notify",
               "remove it, or list the events that allow a change")
