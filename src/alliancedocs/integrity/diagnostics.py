"""The integrity report as diagnostics: one per flag location, note and consistency finding.

A flag raised by several answers gives one diagnostic per answer that raised it, each with
that answer's own reason, so a front end can put it beside the right question. The clause
variant that drafts the departure (if the library has one) is named on each.
"""

from __future__ import annotations

from ..diagnostics import Diagnostic, Kind, parse_path
from ..flags import Severity
from ..library.selection import ChosenVariant
from .result import Flag, IntegrityReport, NoteKind

_NOTE_SEVERITY = {NoteKind.stale_acknowledgement: Severity.low,
                  NoteKind.uncapped_pain: Severity.info, NoteKind.no_effect: Severity.info,
                  NoteKind.defined_term_case: Severity.low,
                  NoteKind.party_legal_form: Severity.low,
                  NoteKind.contract_price: Severity.info}


def report_diagnostics(report: IntegrityReport) -> list[Diagnostic]:
    """Return every flag location, note and consistency finding of ``report``, in order."""
    found: list[Diagnostic] = []
    for flag in report.flags:
        found.extend(_flag_diagnostics(flag, report))
    for note in report.notes:
        found.extend(
            Diagnostic(note.kind.value, Kind.note, _NOTE_SEVERITY[note.kind].value,
                       parse_path(location), note.message, note.hint)
            for location in note.locations
        )
    found.extend(
        Diagnostic(f.code, Kind.consistency, f.severity.value, parse_path(f.path), f.message,
                   f.hint)
        for f in report.consistency
    )
    return found


def _flag_diagnostics(flag: Flag, report: IntegrityReport) -> list[Diagnostic]:
    variant = _drafting_variant(flag, report.chosen)
    found = []
    for finding in report.findings:
        if finding.id is not flag.id:
            continue
        found.extend(
            Diagnostic(
                flag.id.value, Kind.flag, flag.severity.value, parse_path(location),
                finding.detail, flag.true_alliance_position,
                clause=f"{variant.clause_id}/{variant.variant_id}" if variant else None,
                document=variant.document if variant else None,
                title=flag.title, acknowledged=flag.acknowledged,
                justification=flag.justification,
            )
            for location in finding.locations
        )
    return found


def _drafting_variant(flag: Flag, chosen: tuple[ChosenVariant, ...]) -> ChosenVariant | None:
    """Return the first chosen variant that carries ``flag`` (the agreement's come first)."""
    return next((variant for variant in chosen if variant.flag is flag.id), None)
