"""Evaluate answers (and the chosen clause variants) into an integrity report."""

from __future__ import annotations

from collections.abc import Sequence

from ..answer_voice import voice_findings
from ..consistency import check_document_set
from ..diagnostics import format_path
from ..flags import CATALOGUE, FlagId
from ..library.selection import ChosenVariant
from ..model import Answers
from ..model.draft import judge
from ..model.risk import CapBasis, Mechanism, Regime, VarianceMeasure
from ..no_effect import no_effect
from .detect import RULES
from .result import Finding, Flag, IntegrityReport, Note, NoteKind

_CATALOGUE_ORDER = {flag_id: index for index, flag_id in enumerate(FlagId)}


def _merge(findings: Sequence[Finding], chosen: Sequence[ChosenVariant]) -> dict[FlagId, Finding]:
    """Merge findings into one per id; a clause choice adds its location to a flag the answers
    raised. The answers are the one truth: a variant whose flag the answers do not raise is a
    defect in the clause library, which ``alliancedocs clauses --lint`` reports."""
    merged: dict[FlagId, tuple[list[str], list[str]]] = {}
    for finding in findings:
        details, locations = merged.setdefault(finding.id, ([], []))
        if finding.detail not in details:
            details.append(finding.detail)
        locations.extend(loc for loc in finding.locations if loc not in locations)
    for variant in chosen:
        if variant.flag in merged and variant.location not in merged[variant.flag][1]:
            merged[variant.flag][1].append(variant.location)
    return {
        flag_id: Finding(flag_id, " ".join(details), tuple(locations))
        for flag_id, (details, locations) in merged.items()
    }


def _notes(answers: Answers, raised: set[FlagId], terms: Sequence[str]) -> list[Note]:
    return [*(judge(lambda a: _stale(a, raised), answers) or ()),
            *(judge(_uncapped, answers) or ()),
            *(judge(_contract_price, answers) or ()),
            *(Note(NoteKind.no_effect, None, message, (format_path(path),), hint)
              for path, message, hint in no_effect(answers)),
            *(Note(NoteKind(found.code), None, found.message, (format_path(found.path),),
                   found.hint, found.phrase)
              for found in voice_findings(answers, terms))]


def _stale(answers: Answers, raised: set[FlagId]) -> list[Note]:
    notes = []
    seen: set[FlagId] = set()
    for index, departure in enumerate(answers.acknowledged_departures):
        if departure.id in raised or departure.id in seen:
            continue
        seen.add(departure.id)
        notes.append(Note(
            NoteKind.stale_acknowledgement,
            departure.id,
            f"acknowledged_departures[{index}] acknowledges `{departure.id.value}`, but the "
            "answers do not contain that departure; remove the acknowledgement, or check "
            "that the answers say what the parties agreed.",
            (f"acknowledged_departures[{index}]",),
        ))
    return notes


def _uncapped(answers: Answers) -> list[Note]:
    notes = []
    risk = answers.risk_share
    regime = (
        Regime(risk.regime_when_started.value) if risk.regime is Regime.deferred else risk.regime
    )
    if (
        regime is Regime.gain_pain
        and risk.overrun.participants_percent > 0
        and risk.pain_cap.basis is CapBasis.none
    ):
        notes.append(Note(
            NoteKind.uncapped_pain,
            None,
            "risk_share.pain_cap.basis is `none`: the participants' share of an overrun has "
            + ("no cap, so they could lose more than their margin. A true alliance caps their "
               "pain at their total margin, so their direct costs are always met."
               if risk.payment.mechanism is Mechanism.open_book else
               "no cap, so they could lose without limit. A true alliance caps each "
               "participant's pain, and for bodies without a margin `participant-amounts` "
               "caps each at a sum in pounds."),
            ("risk_share.pain_cap.basis",),
        ))
    return notes


def _contract_price(answers: Answers) -> list[Note]:
    payment = answers.risk_share.payment
    if payment.mechanism is not Mechanism.contract_price:
        return []
    control = payment.measured_against is VarianceMeasure.control_total
    against = "a control total set outside the alliance" if control else "the TOC"
    message = (
        "risk_share.payment.mechanism is `contract-price`: each provider keeps the price or "
        f"tariff of its own contract, and only the variance of the total paid against "
        f"{against} is shared. Gain and pain are still measured on the alliance as a whole, so "
        "this is not a departure in the catalogue; but no provider's costs are reimbursed open "
        "book, so a provider that delivers for less than its price keeps that saving outside "
        "the shared regime. The true-alliance form reimburses direct costs open book, pays a "
        "fixed margin and shares gain and pain on those costs; contract prices suit bodies, "
        "such as NHS trusts paid by tariff, that have no margin in that sense.")
    if control:
        message += (" The TOC follows the control total, so the ALT does not agree it; the "
                    "agreement makes the ALT consider every change to it.")
    return [Note(NoteKind.contract_price, None, message, ("risk_share.payment.mechanism",),
                 "no change is needed if the parties intend it; to move towards a true "
                 "alliance, agree an open-book baseline and use `mechanism: open-book`")]


def evaluate(answers: Answers, chosen: Sequence[ChosenVariant] = (), *,
             complete: bool = True, terms: Sequence[str] = ()) -> IntegrityReport:
    """Return the integrity report for ``answers``.

    Flags come from the rules over the answers; a chosen clause variant that carries a flag
    the answers raise adds its clause location. Each id is reported once, with every
    location that raised it. A flag the answers acknowledge is marked so, with its
    justification. Flags are ordered most severe first, then in catalogue order. Notes
    report acknowledgements of departures that are not present, and an uncapped pain share.
    Consistency findings report where the agreement and the providers' contracts do not
    agree (such as values that do not reconcile). Given the clause library's defined
    ``terms``, notes also report answer text that writes one in lower case
    (:mod:`alliancedocs.answer_voice`).

    ``answers`` may be a draft (``complete=False``, see :mod:`alliancedocs.model.draft`): a
    rule that needs a section the draft lacks is not judged, and the document set is not
    checked for consistency.
    """
    findings = tuple(f for rule in RULES.values() for f in judge(rule, answers) or ())
    merged = _merge(findings, chosen)
    departures = judge(lambda a: a.acknowledged_departures, answers) or []
    justifications: dict[FlagId, str] = {}
    for departure in departures:
        justifications.setdefault(departure.id, departure.justification)
    flags = []
    for flag_id, finding in merged.items():
        entry = CATALOGUE[flag_id]
        flags.append(Flag(
            id=flag_id,
            severity=entry.severity,
            title=entry.title,
            detail=finding.detail,
            true_alliance_position=entry.true_alliance_position,
            locations=finding.locations,
            acknowledged=flag_id in justifications,
            justification=justifications.get(flag_id),
        ))
    flags.sort(key=lambda flag: (-flag.severity.rank, _CATALOGUE_ORDER[flag.id]))
    consistency = tuple(check_document_set(answers)) if complete else ()
    return IntegrityReport(flags=tuple(flags), notes=tuple(_notes(answers, set(merged), terms)),
                           consistency=consistency, findings=findings, chosen=tuple(chosen))
