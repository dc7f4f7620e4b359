"""The integrity report in three forms: JSON for tools, Markdown for reviewers, text for a
terminal. Each is deterministic: the same report always gives the same string.

The JSON is ``{"flags": [...], "summary": {...}, "notes": [...], "consistency": [...]}``.
``flags`` and ``summary`` follow the product contract; ``notes`` is an addition that holds
remarks that are not departures, such as an acknowledgement of a departure the answers do not
contain (kind ``stale-acknowledgement``); ``consistency`` lists where the agreement and the
providers' contracts disagree (``severity``, ``path``, ``message``, ``hint``). Keeping both out
of ``flags`` means a tool that reads the flags never mistakes them for departures.
"""

from __future__ import annotations

import json
from typing import Any

from ..flags import Severity
from .result import Flag, IntegrityReport, Note

_SEVERITIES = tuple(Severity)


def flag_to_dict(flag: Flag) -> dict[str, Any]:
    """Return one flag as the contract's JSON object, keys in the contract's order."""
    return {
        "id": flag.id.value,
        "severity": flag.severity.value,
        "title": flag.title,
        "detail": flag.detail,
        "true_alliance_position": flag.true_alliance_position,
        "locations": list(flag.locations),
        "acknowledged": flag.acknowledged,
        "justification": flag.justification,
    }


def note_to_dict(note: Note) -> dict[str, Any]:
    """Return one note as a JSON object."""
    return {
        "kind": note.kind.value,
        "id": note.flag_id.value if note.flag_id is not None else None,
        "message": note.message,
        "hint": note.hint,
        "locations": list(note.locations),
    }


def summary(report: IntegrityReport) -> dict[str, Any]:
    """Return the summary: flag counts per severity, acknowledged and unacknowledged."""
    acknowledged = report.counts(acknowledged=True)
    unacknowledged = report.counts(acknowledged=False)
    return {
        "total": len(report.flags),
        "unacknowledged": {s.value: unacknowledged[s] for s in _SEVERITIES},
        "acknowledged": {s.value: acknowledged[s] for s in _SEVERITIES},
        "notes": len(report.notes),
        "consistency": {s.value: sum(1 for f in report.consistency if f.severity is s)
                        for s in _SEVERITIES},
    }


def to_json(report: IntegrityReport) -> str:
    """Return the report as indented JSON with a trailing newline."""
    data = {
        "flags": [flag_to_dict(flag) for flag in report.flags],
        "summary": summary(report),
        "notes": [note_to_dict(note) for note in report.notes],
        "consistency": [
            {"severity": f.severity.value, "path": f.path, "message": f.message, "hint": f.hint}
            for f in report.consistency
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _one_line(text: str) -> str:
    """Return ``text`` on one line, with ``&``, ``<`` and ``>`` escaped outside code spans,
    so neither a line break nor HTML in an answer changes how a Markdown viewer shows it."""
    parts = text.split("`")
    for index in range(0, len(parts), 2):  # outside `code spans`, where HTML would render
        parts[index] = parts[index].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join("`".join(parts).split())


def _code_list(locations: tuple[str, ...]) -> str:
    return ", ".join(f"`{location}`" for location in locations)


def to_markdown(report: IntegrityReport, alliance_name: str) -> str:
    """Return a readable Markdown report for reviewers, ending in a newline.

    It opens with a summary table, then sets out each flag (severity, what the answers say,
    the true-alliance position, where it arises, and any acknowledgement), then the notes.
    """
    lines = [f"# Integrity report: {_one_line(alliance_name)}", ""]
    unacknowledged = len(report.unacknowledged)
    if not report.flags:
        lines += ["No departures from a true alliance were found.", ""]
    else:
        lines += [
            f"The answers depart from a true alliance in {len(report.flags)} "
            f"{'way' if len(report.flags) == 1 else 'ways'}; "
            f"{unacknowledged} {'is' if unacknowledged == 1 else 'are'} not acknowledged.",
            "",
        ]
    acknowledged_counts = report.counts(acknowledged=True)
    unacknowledged_counts = report.counts(acknowledged=False)
    lines += [
        "## Summary",
        "",
        "| Severity | Not acknowledged | Acknowledged |",
        "|---|---:|---:|",
    ]
    lines += [
        f"| {s.value.capitalize()} | {unacknowledged_counts[s]} | {acknowledged_counts[s]} |"
        for s in _SEVERITIES
    ]
    lines.append("")
    if report.flags:
        lines += ["## Flags", ""]
    for number, flag in enumerate(report.flags, start=1):
        status = "acknowledged" if flag.acknowledged else "not acknowledged"
        lines += [
            f"### {number}. {flag.title}",
            "",
            f"- **Id:** `{flag.id.value}`",
            f"- **Severity:** {flag.severity.value}",
            f"- **Status:** {status}",
            f"- **What the answers say:** {_one_line(flag.detail)}",
            f"- **True-alliance position:** {flag.true_alliance_position}",
            f"- **Where:** {_code_list(flag.locations)}",
        ]
        if flag.justification is not None:
            lines.append(f"- **Justification given:** {_one_line(flag.justification)}")
        lines.append("")
    if report.notes:
        lines += ["## Notes", ""]
        lines += [f"- {_one_line(note.message)} ({_code_list(note.locations)})"
                  + (f" *{_one_line(note.hint)}*" if note.hint else "")
                  for note in report.notes]
        lines.append("")
    if report.consistency:
        lines += ["## Document consistency", "",
                  "Where the agreement and the providers' own contracts do not agree.", ""]
        lines += [f"- **{f.severity.value.capitalize()}** (`{f.path}`): {_one_line(f.message)} "
                  f"*{_one_line(f.hint)}*" for f in report.consistency]
        lines.append("")
    return "\n".join(lines)


def to_text(report: IntegrityReport) -> str:
    """Return a short terminal summary: one block per flag, then the notes and totals."""
    lines = []
    for flag in report.flags:
        mark = " (acknowledged)" if flag.acknowledged else ""
        lines.append(f"{flag.severity.value.upper():<8}  {flag.id.value}{mark}: {flag.title}")
        lines.append(f"          {flag.detail}")
        lines.append(f"          at: {', '.join(flag.locations)}")
    for note in report.notes:
        lines.append(f"NOTE      {note.message}")
        if note.hint:
            lines.append(f"          hint: {note.hint}")
        lines.append(f"          at: {', '.join(note.locations)}")
    for finding in report.consistency:
        lines.append(f"{finding.severity.value.upper():<8}  consistency at {finding.path}: "
                     f"{finding.message}")
    counts = report.counts(acknowledged=False)
    parts = [f"{counts[s]} {s.value}" for s in _SEVERITIES if counts[s]]
    acknowledged = len(report.flags) - len(report.unacknowledged)
    if report.flags:
        lines.append(
            f"{len(report.flags)} flag{'s' if len(report.flags) != 1 else ''}: "
            f"{len(report.unacknowledged)} not acknowledged"
            f"{' (' + ', '.join(parts) + ')' if parts else ''}, {acknowledged} acknowledged."
        )
    else:
        lines.append("No departures from a true alliance were found.")
    return "\n".join(lines) + "\n"
