"""The change summary, in the terms of the deal, ordered by what matters to a reviewer.

1. flags that appeared, disappeared, changed severity or acknowledgement, each tied to the
   answers that caused it and the clauses it touched;
2. every changed answer, with its label from the schema;
3. clauses that moved to another variant, with the variant's position;
4. clauses whose text changed while keeping their variant, and clauses added or removed;
   renumbering is reported apart and is never a text change;
5. the worked example's figures that changed;
6. documents added or removed;
7. a different clause library or templates.

Each entry has the one finding shape (code, severity, path, message, hint, clause,
document); ``to_json`` writes them as dictionaries of that shape.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from .. import labels
from ..diagnostics import Diagnostic, Kind
from ..docmodel import Cell, Contents, Inline, Paragraph, Run, Table
from ..flags import Severity
from ..integrity.result import Flag
from ..riskshare import CostKind, WorkedExample
from .answers import AnswerChange, ChangeKind, diff_answers
from .causes import MOST_CHANGES, Clause, Touched, touched_clauses
from .citations import follows_renumbering
from .model import (
    DocumentDiff,
    Op,
    Pair,
    SectionDiff,
    align_rows,
    cell_text,
    inline_diff,
    renumbering,
    tokens,
)
from .versions import AGREEMENT, EDITED, Version


class Topic(StrEnum):
    """The parts of the summary, in the order a reviewer reads them."""

    flags = "flags"
    edits = "edits"
    answers = "answers"
    variants = "variants"
    text = "text"
    money = "money"
    documents = "documents"
    library = "library"
    notes = "notes"


_TOPIC_TITLES = {
    Topic.flags: "Flags",
    Topic.edits: "Edits to the generated text",
    Topic.answers: "Answers",
    Topic.variants: "Clause variants",
    Topic.text: "Text",
    Topic.money: "Money (the worked example)",
    Topic.documents: "Documents",
    Topic.library: "Clause library and templates",
    Topic.notes: "Notes",
}


@dataclass(frozen=True)
class Entry:
    """One line of the summary, in the shape every finding takes.

    ``details`` are the indented lines under it (the answers behind a flag, the changed
    words of a paragraph). A flag entry's ``code`` is the flag's id and ``change`` says
    what happened to it (``raised``, ``cleared``, ``severity-changed``, ``acknowledged``,
    ``unacknowledged``); every other entry has no ``change``.
    """

    topic: Topic
    code: str
    severity: str
    message: str
    path: tuple[str | int, ...] = ()
    hint: str = ""
    clause: str | None = None
    document: str | None = None
    details: tuple[str, ...] = ()
    title: str | None = None
    acknowledged: bool | None = None
    justification: str | None = None
    change: str | None = None

    def diagnostic(self) -> Diagnostic:
        """Return the entry as a :class:`Diagnostic`: a flag for a flag change, else a note."""
        return Diagnostic(self.code, Kind.flag if self.change else Kind.note, self.severity,
                          self.path, self.message, self.hint, clause=self.clause,
                          document=self.document, title=self.title or "",
                          acknowledged=self.acknowledged, justification=self.justification)

    def to_dict(self) -> dict[str, Any]:
        """Return the entry in the JSON finding shape, with its topic, its details and,
        for a flag, what changed."""
        data = self.diagnostic().to_dict()
        data.update(topic=self.topic.value, details=list(self.details))
        if self.change:
            data["change"] = self.change
        return data


@dataclass(frozen=True)
class Summary:
    """The whole comparison: the two sources, every entry in reading order, and the
    per-document comparisons the redline is drawn from."""

    old: Version
    new: Version
    entries: tuple[Entry, ...]
    documents: tuple[DocumentDiff, ...] = field(default=())

    def fails(self, threshold: Severity) -> bool:
        """Return True when NEW has an unacknowledged flag at or above ``threshold`` that
        OLD did not have (or had acknowledged, or had below the threshold), or a lawyer's
        edit at or above it (an edit of a clause that carries a flag or holds a
        true-alliance position is high)."""
        return any(_newly_failing(e, threshold) for e in self.entries)


def _newly_failing(entry: Entry, threshold: Severity) -> bool:
    if entry.topic is Topic.edits:
        return Severity(entry.severity).rank >= threshold.rank
    if entry.topic is not Topic.flags or entry.acknowledged:
        return False
    if entry.change not in ("raised", "severity-changed", "unacknowledged"):
        return False
    return Severity(entry.severity).rank >= threshold.rank


# Building -------------------------------------------------------------------------------

def summarise(old: Version, new: Version, documents: Sequence[DocumentDiff]) -> Summary:
    """Return the summary of the change from ``old`` to ``new``."""
    changes = diff_answers(old.data, new.data) if not (old.text_only or new.text_only) else []
    touched = touched_clauses(old, new, changes, documents)
    causes = _Causes(changes, touched)
    entries: list[Entry] = []
    entries += _flag_entries(old, new, changes, documents, causes)
    entries += _edit_entries(old, new, documents)
    entries += [_answer_entry(c, old, new) for c in changes]
    entries += _variant_entries(documents, causes)
    if EDITED not in (old.kind, new.kind):
        entries += _text_entries(documents, causes, library_only=bool(
            not changes and old.library and new.library and old.library != new.library))
    if not (old.text_only or new.text_only):  # figures known on one side only say nothing
        entries += _money_entries(old.worked, new.worked)
    entries += _document_entries(documents)
    entries += _library_entries(old, new)
    entries += [Entry(Topic.notes, "diff-note", "info", note)
                for note in (*old.notes, *new.notes)]
    if touched is None and len(changes) > MOST_CHANGES and not (old.read_back or new.read_back):
        entries.append(Entry(
            Topic.notes, "causes-not-traced", "info",
            f"{len(changes)} answers changed, too many to trace each clause to the answers "
            "that changed it", hint="compare versions with fewer changes between them"))
    if old.text_only or new.text_only:
        entries.append(Entry(
            Topic.notes, "text-only", "info",
            "compared as text only: "
            + " and ".join(str(v.source) for v in (old, new) if v.text_only)
            + (" carry" if old.text_only and new.text_only else " carries")
            + " no answers, so flags, answers, variants and the worked example's figures "
            "are not compared",
            hint="compare the answers files, the build folders or the agreements, which "
            "carry their answers"))
    return Summary(old, new, tuple(entries), tuple(documents))


@dataclass(frozen=True)
class _Causes:
    """The changed answers and, when known, the clauses each changes on its own (``None``
    for one that cannot change without others)."""

    changes: Sequence[AnswerChange]
    touched: list[Touched | None] | None

    def of(self, document: str, clause: str, *, variant: bool = False) -> list[AnswerChange]:
        """Return the changed answers that change this clause on their own (that move it
        to another variant, when ``variant``)."""
        if self.touched is None:
            return []
        return [c for c, found in zip(self.changes, self.touched, strict=True)
                if found is not None and (document, clause) in found
                and (found[(document, clause)] or not variant)]

    def because(self, document: str, clause: str, *, variant: bool = False) -> tuple[str, ...]:
        """Return the detail line naming the changed answers behind a clause, if known."""
        if self.touched is None:
            return ()
        causes = self.of(document, clause, variant=variant)
        untraced = [c.where for c, found in zip(self.changes, self.touched, strict=True)
                    if found is None]
        if causes:
            perhaps = (f" (perhaps with {_and(untraced)}, which cannot change alone)"
                       if untraced else "")
            return (f"because {_and([c.where for c in causes])} changed{perhaps}",)
        if untraced:
            return (f"because {_and(untraced)} changed, with other answers "
                    f"{'it needs' if len(untraced) == 1 else 'they need'} changed too",)
        return ("because of several changed answers together (none of them changes it "
                "alone)",)

    def clauses(self, chosen: Sequence[AnswerChange]) -> set[Clause]:
        """Return every clause that one of ``chosen`` changes on its own."""
        if self.touched is None:
            return set()
        return {clause for c, found in zip(self.changes, self.touched, strict=True)
                if found is not None and any(c is x for x in chosen) for clause in found}


def _and(names: Sequence[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]


def _clause_names(clauses: set[Clause], documents: Sequence[DocumentDiff]) -> str:
    """Return clauses as a reader finds them: ``clauses 3, 14 and 24 and the title page of
    alliance-agreement.docx; clause 3 of schedules/slam.docx``."""
    parts = []
    for doc in documents:
        numbered: dict[str, list[str]] = {"clause": [], "schedule": []}
        others = []
        for section in doc.sections:
            if (doc.name, section.clause_id) not in clauses:
                continue
            shown = section.new or section.old
            assert shown is not None
            heading = shown.heading
            if heading is not None and heading.number:
                kind = "schedule" if heading.kind.value == "schedule_heading" else "clause"
                numbered[kind].append(heading.number)
            else:
                others.append("the title page" if heading is None else f"“{shown.title}”")
        names = [f"{kind}{'s' if len(numbers) > 1 else ''} {_and(numbers)}"
                 for kind, numbers in numbered.items() if numbers] + others
        if names:
            parts.append(f"{_and(names)} of {doc.name}")
    return "; ".join(parts)


def _edit_entries(old: Version, new: Version,
                  documents: Sequence[DocumentDiff]) -> list[Entry]:
    """Return the lawyer's edits when one side is a generated document edited since."""
    if new.kind != EDITED and old.kind != EDITED:
        return []
    from .edits import edit_findings

    generated = old if new.kind == EDITED else new
    return [Entry(Topic.edits, "clause-edited", severity, message, clause=clause,
                  document=document, details=details, hint=hint)
            for severity, message, clause, details, hint, document
            in edit_findings(generated, documents)]


def _flag_map(version: Version) -> dict[str, Flag]:
    if version.report is None:
        return {}
    return {flag.id.value: flag for flag in version.report.flags}


def _related(a: tuple[str | int, ...], b: tuple[str | int, ...]) -> bool:
    """Return True when one path is the other or inside it."""
    shorter = min(len(a), len(b))
    return bool(shorter) and a[:shorter] == b[:shorter]


def _flag_entries(old: Version, new: Version, changes: Sequence[AnswerChange],
                  documents: Sequence[DocumentDiff], traced: _Causes) -> list[Entry]:
    """Return an entry per flag that appeared, disappeared, or changed severity or
    acknowledgement; each names the changed answers behind the flag (matched against the
    paths of the core's flag diagnostics), the clause variant that drafts it and the other
    clauses those answers changed."""
    before, after = _flag_map(old), _flag_map(new)
    entries = []
    for flag_id in [*after, *(f for f in before if f not in after)]:
        o, n = before.get(flag_id), after.get(flag_id)
        if o is not None and n is not None:
            if o.severity is not n.severity:
                change, verb = "severity-changed", (
                    f"changed severity from {o.severity.value} to {n.severity.value}")
            elif o.acknowledged and not n.acknowledged:
                change, verb = "unacknowledged", "is no longer acknowledged"
            elif n.acknowledged and not o.acknowledged:
                change, verb = "acknowledged", "is now acknowledged"
            else:
                continue
        elif n is not None:
            change, verb = "raised", "appeared"
        else:
            change, verb = "cleared", "disappeared"
        shown = n or o
        assert shown is not None
        in_old = n is None
        diagnostics = [d for d in (old if in_old else new).flags if d.code == flag_id]
        if change in ("acknowledged", "unacknowledged"):
            # The acknowledgement changed, not what raised the flag.
            causes = [c for c in changes
                      if c.where.startswith(f"acknowledged_departures[{flag_id}]")]
        else:
            causes = _named_items([c for c in changes
                                   if any(_related(c.old_path if in_old else c.path, d.path)
                                          for d in diagnostics)], diagnostics)
        details = [f"because {_answer_line(c)}" for c in causes[:4]]
        if len(causes) > 4:
            details.append(f"and {len(causes) - 4} more changed answers behind it")
        if not causes:
            details += [f"raised by {d.dotted_path}: {d.message}" for d in diagnostics[:3]]
        clause = next((d.clause for d in diagnostics if d.clause), None)
        document = next((d.document for d in diagnostics if d.clause), None)
        if clause:
            details.append(f"drafted by clause variant {clause}"
                           + _where_clause(clause.split("/")[0], documents, in_old))
        others = {(d, c) for d, c in traced.clauses(causes)
                  if not (clause and c == clause.split("/")[0])}
        if others:
            details.append(f"the same {'answer' if len(causes) == 1 else 'answers'} also "
                           f"changed {_clause_names(others, documents)}")
        if n is not None and n.acknowledged:
            details.append(f"acknowledged: {n.justification}")
        ack = "" if n is None or change in ("acknowledged", "unacknowledged") else (
            " (acknowledged)" if n.acknowledged else " (not acknowledged)")
        entries.append(Entry(
            Topic.flags, flag_id, shown.severity.value,
            f"{shown.severity.value} flag `{flag_id}` {verb}{ack}: {shown.title}",
            path=causes[0].path if causes else (diagnostics[0].path if diagnostics else ()),
            hint=shown.true_alliance_position if n is not None else "",
            clause=clause, document=document, details=tuple(details), title=shown.title,
            acknowledged=None if n is None else n.acknowledged,
            justification=None if n is None else n.justification, change=change))
    return entries


def _named_items(causes: list[AnswerChange],
                 diagnostics: Sequence[Diagnostic]) -> list[AnswerChange]:
    """Return ``causes`` without the items of a list that the flag's messages do not name,
    when they name some (``does not include `best-for-service```): the other principles
    left out did not raise it."""
    def item(change: AnswerChange) -> str | None:
        value = change.new if change.kind is ChangeKind.added else change.old
        if change.kind in (ChangeKind.added, ChangeKind.removed) and isinstance(value, str):
            return value
        return None

    named = [c for c in causes if (value := item(c)) is not None
             and any(f"`{value}`" in d.message for d in diagnostics)]
    if not named:
        return causes
    return [c for c in causes if item(c) is None or c in named]


def _where_clause(clause_id: str, documents: Sequence[DocumentDiff], in_old: bool) -> str:
    for doc in documents:
        for section in doc.sections:
            shown = (section.old if in_old else section.new) or section.old or section.new
            if section.clause_id == clause_id and shown is not None:
                return f", {shown.title} of {doc.name}"
    return ""


def _record(value: dict[str, Any], schema_path: tuple[str, ...]) -> str:
    """Return a record without an id by its answers: ``amount £200,000.00, clawback no``."""
    from .answers import is_money

    parts = [f"{key.replace('_', ' ')} {_value(v, money=is_money((*schema_path, key)))}"
             for key, v in value.items() if v is not None and not isinstance(v, dict | list)]
    return _clip(", ".join(parts), 120) if parts else "(an entry)"


def _value(value: Any, *, money: bool = False, schema_path: tuple[str, ...] = ()) -> str:
    if value is None:
        return "(none)"
    if money and isinstance(value, int | float | str | Decimal):
        try:
            return labels.money(Decimal(str(value)))
        except ArithmeticError:  # not a number after all: shown as it is
            pass
    if isinstance(value, dict):
        ident = value.get("id") or value.get("provider") or value.get("party")
        name = value.get("short_name") or value.get("name") or value.get("legal_name")
        if ident:
            return f"`{ident}`" + (f" ({name})" if name else "")
        if schema_path and schema_path[-1] != "[]":
            return _record(value, schema_path)
        first = next((v for v in value.values() if isinstance(v, str)), None)
        return f"“{_clip(first, 50)}”" if first else "(an entry)"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]" if value else "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _answer_line(change: AnswerChange) -> str:
    def shown(value: Any) -> str:
        return _value(value, money=change.money, schema_path=change.schema_path)

    if change.kind is ChangeKind.added:
        return f"{change.where} ({change.label}) added: {shown(change.new)}"
    if change.kind is ChangeKind.removed:
        return f"{change.where} ({change.label}) removed: {shown(change.old)}"
    if change.kind is ChangeKind.reordered:
        return (f"{change.where} ({change.label}) reordered: "
                f"{', '.join(change.old)} → {', '.join(change.new)}")
    return f"{change.where} ({change.label}): {shown(change.old)} → {shown(change.new)}"


def _unused(version: Version, path: tuple[str | int, ...]) -> Diagnostic | None:
    """Return the core's ``no-effect`` note when no document of ``version`` uses the
    answer at ``path`` (or the section holding it), else ``None``."""
    if version.evaluation is None:
        return None
    return next((d for d in version.evaluation.diagnostics
                 if d.code == "no-effect" and d.path == path[:len(d.path)]), None)


def _answer_entry(change: AnswerChange, old: Version, new: Version) -> Entry:
    """Return the entry of one changed answer; one that no document of either version
    uses (the core's ``no-effect`` note) says that it changes nothing."""
    sides = {ChangeKind.added: ((new, change.path),),
             ChangeKind.removed: ((old, change.path),)}.get(
        change.kind, ((old, change.old_path), (new, change.path)))
    unused = [_unused(version, path) for version, path in sides]
    details = ()
    if all(unused) and unused[-1] is not None:
        details = (f"no effect: {unused[-1].message}",)
    return Entry(Topic.answers, f"answer-{change.kind.value}", "info", _answer_line(change),
                 path=change.path, details=details)


def _variant_entries(documents: Sequence[DocumentDiff], causes: _Causes) -> list[Entry]:
    entries = []
    for doc in documents:
        for section in doc.sections:
            if not section.variant_changed:
                continue
            o, n = section.old, section.new
            assert o is not None and n is not None
            worse = n.position == "watered-down" and o.position != "watered-down"
            entries.append(Entry(
                Topic.variants, "variant-changed", "high" if worse else "info",
                f"{doc.name}: {n.title} [{section.clause_id}]: {o.variant_id} ({o.position}) "
                f"→ {n.variant_id} ({n.position})",
                clause=f"{section.clause_id}/{n.variant_id}", document=doc.name,
                details=causes.because(doc.name, section.clause_id, variant=True)))
    return entries


def _text_entries(documents: Sequence[DocumentDiff], causes: _Causes, *,
                  library_only: bool) -> list[Entry]:
    entries = []
    cause = " (no answer changed: the clause library did)" if library_only else ""
    agreement = next((d for d in documents if d.name == AGREEMENT), None)
    moves = dict(renumbering(agreement)) if agreement is not None else {}
    for doc in documents:
        if doc.old is None or doc.new is None:
            continue
        cited: list[tuple[str, str]] = []  # pack paragraphs whose citations alone moved
        for section in doc.sections:
            shown = section.new or section.old
            assert shown is not None
            because = causes.because(doc.name, section.clause_id)
            if section.op is Op.inserted:
                entries.append(Entry(Topic.text, "clause-added", "info",
                                     f"{doc.name}: {shown.title} added{cause}",
                                     clause=section.clause_id, document=doc.name,
                                     details=because))
            elif section.op is Op.deleted:
                entries.append(Entry(Topic.text, "clause-removed", "info",
                                     f"{doc.name}: {shown.title} removed{cause}",
                                     clause=section.clause_id, document=doc.name,
                                     details=because))
            elif section.op is Op.changed and not section.variant_changed:
                changed = [pair for pair in section.pairs if pair.op is not Op.equal]
                following = [pair for pair in changed if doc.name != AGREEMENT
                             and follows_renumbering(pair, moves)]
                cited += [(_number_of(pair.old), _number_of(pair.new)) for pair in following]
                if len(following) == len(changed):
                    continue
                details = (*because, *paragraph_changes(section, skip=following))
                # A clause read back from a file has no known variant.
                same = ", same variant" if shown.variant_id is not None else ""
                entries.append(Entry(
                    Topic.text, "text-changed", "info",
                    f"{doc.name}: {shown.title}: text changed{same}{cause}",
                    clause=section.clause_id, document=doc.name, details=details))
        if cited:
            entries.append(Entry(
                Topic.text, "citations-renumbered", "info",
                f"{doc.name}: its citations of the agreement follow the agreement's "
                f"renumbering in {_paragraphs(cited)} (not a change of text)",
                document=doc.name))
        moved = renumbering(doc)
        if moved:
            shown = _ranges(moved)
            if shown.count("→") > 6:
                top = [(o, n) for o, n in moved if "." not in o and "." not in n]
                shown = (f"clauses or schedules {_ranges(top)}, " if top else "") + \
                    f"{len(moved)} numbered paragraphs in all"
            entries.append(Entry(
                Topic.text, "renumbered", "info",
                f"{doc.name}: renumbered {shown} (not a change of text; cross-references "
                "follow)", document=doc.name))
    return entries


def paragraph_changes(section: SectionDiff, *, skip: Sequence[Pair] = ()) -> Iterable[str]:
    """Yield one line per changed block of a clause (but those in ``skip``): its number
    and what changed."""
    for pair in section.pairs:
        if pair.op is Op.equal or any(pair is other for other in skip):
            continue
        block = pair.new if pair.new is not None else pair.old
        if isinstance(block, Contents):
            yield from _contents_changes(pair.op, pair.old, pair.new)
            continue
        if isinstance(block, Table):
            yield from table_changes(pair.op, pair.old, pair.new)
            continue
        assert isinstance(block, Paragraph)
        label = block.number or ("heading" if block is (section.new or section.old).heading
                                 else "paragraph")
        if pair.op is Op.inserted:
            yield f"{label} inserted: “{_clip(block.text, 90)}”"
        elif pair.op is Op.deleted:
            yield f"{label} deleted: “{_clip(block.text, 90)}”"
        else:
            assert isinstance(pair.old, Paragraph)
            yield f"{label}: {describe_change(pair.old, block)}"


def _number_of(block: object) -> str:
    return block.number if isinstance(block, Paragraph) else ""


def _paragraphs(numbers: Sequence[tuple[str, str]]) -> str:
    """Return the paragraphs whose citations moved: "paragraphs 2.3, 12.7 and 12.8" (their
    count alone when there are more than six)."""
    shown = [new or "an unnumbered paragraph" for _old, new in numbers]
    if len(shown) > 6:
        return f"{len(shown)} paragraphs"
    if len(shown) == 1:
        return f"paragraph {shown[0]}" if numbers[0][1] else shown[0]
    return f"paragraphs {_and(shown)}"


def _contents_changes(op: Op, old: object, new: object) -> Iterable[str]:
    """Yield what changed in a contents list: the headings it gained, lost or retitled
    (a new number alone is renumbering, reported apart)."""
    if not (isinstance(old, Contents) and isinstance(new, Contents)):
        yield f"contents list {op.value}"
        return
    before = {e.anchor: e for e in old.entries}
    after = {e.anchor: e for e in new.entries}
    lines = [f"contents list: “{e.title}” added" for a, e in after.items() if a not in before]
    lines += [f"contents list: “{e.title}” removed" for a, e in before.items()
              if a not in after]
    lines += [f"contents list: “{before[a].title}” retitled “{e.title}”"
              for a, e in after.items() if a in before and before[a].title != e.title]
    if old.title != new.title:
        lines.append(f"contents list: its title “{old.title}” became “{new.title}”")
    yield from lines or ["contents list: its headings' levels changed"]


_MOST_ROWS = 8
"""The most changed rows of one table the summary lists."""


def table_changes(op: Op, old: object, new: object) -> Iterable[str]:
    """Yield the lines of a changed table: one per changed, added or removed row, named
    by its first cell, each changed cell under its column's heading."""
    table = new if isinstance(new, Table) else old
    assert isinstance(table, Table)
    name = table.caption or "“" + _clip(" | ".join(_plain(c.text) for c in table.header[:2]),
                                        40) + (" | …”" if len(table.header) > 2 else "”")
    if op is not Op.changed or not (isinstance(old, Table) and isinstance(new, Table)):
        yield f"table {name} {op.value}"
        return
    lines = []
    if [_cell_words(c) for c in old.header] != [_cell_words(c) for c in new.header]:
        lines.append(f"table {name}: heading row: "
                     + _describe_inlines(cell_text(old.header), cell_text(new.header)))
    for row in align_rows(old, new):
        if row.op is Op.equal:
            continue
        cells = row.new if row.new is not None else row.old
        assert isinstance(cells, tuple)
        first = _plain(cells[0].text) if cells else ""
        label = f"row “{_clip(first, 40)}”" if first else "a row"
        if row.op is not Op.changed:
            shown = _clip(" | ".join(_plain(c.text) for c in cells), 90)
            lines.append(f"table {name}: {label} {row.op.value}: “{shown}”")
            continue
        assert isinstance(row.old, tuple) and isinstance(row.new, tuple)
        changed = [f"{_clip(_plain(heading.text), 30) or f'column {n + 1}'}: "
                   + _describe_inlines(_flat(a), _flat(b))
                   for n, (heading, a, b) in enumerate(zip(new.header, row.old, row.new,
                                                           strict=False))
                   if _cell_words(a) != _cell_words(b)]
        lines.append(f"table {name}: {label}: " + "; ".join(changed or ["layout changed"]))
    if not lines:
        lines.append(f"table {name}: layout changed")
    yield from lines[:_MOST_ROWS]
    if len(lines) > _MOST_ROWS:
        yield f"table {name}: and {len(lines) - _MOST_ROWS} more rows changed"


def _plain(text: str) -> str:
    """Return a cell's text on one line, without the soft hyphens that let it break."""
    return " ".join(text.replace("\u00ad", "").split())


def _flat(cell: Cell) -> list[Inline]:
    """Return a cell's paragraphs as one run of inline content."""
    out: list[Inline] = []
    for n, para in enumerate(cell.paragraphs):
        out += [Run(" ")] if n else []
        out += para
    return out


def _cell_words(cell: Cell) -> list[tuple[str, ...]]:
    return [t.key for t in tokens(_flat(cell))]


def describe_change(old: Paragraph, new: Paragraph) -> str:
    """Return a paragraph's change as text: ``[-old words-]{+new words+}`` with a few
    words of context, the style of ``git diff --word-diff``."""
    return _describe_inlines(old.inlines, new.inlines)


def _describe_inlines(old: Sequence[Inline], new: Sequence[Inline]) -> str:
    out: list[str] = []
    segments = inline_diff(old, new)
    for index, segment in enumerate(segments):
        if segment.op is Op.equal:
            text = "".join(_inline_text(i) for i in segment.new)
            words = text.split(" ")
            if index == 0 and len(words) > 4:
                text = "…" + " ".join(words[-4:])
            elif index == len(segments) - 1 and len(words) > 4:
                text = " ".join(words[:4]) + "…"
            elif len(words) > 8:
                text = " ".join(words[:4]) + " … " + " ".join(words[-4:])
            out.append(text)
        elif segment.op is Op.deleted:
            out.append("[-" + _clip("".join(_inline_text(i) for i in segment.old), 120) + "-]")
        else:
            out.append("{+" + _clip("".join(_inline_text(i) for i in segment.new), 120) + "+}")
    return "".join(out)


def _inline_text(inline: object) -> str:
    number = getattr(inline, "number", None)
    return number if number is not None else getattr(inline, "text", "")


def _clip(text: str, limit: int) -> str:
    """Return ``text`` on one line, cut to ``limit`` characters; edge spaces are kept."""
    lead = " " if text[:1].isspace() else ""
    tail = " " if text[-1:].isspace() else ""
    text = " ".join(text.split())
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return f"{lead}{text}{tail}" if text else lead


def _ranges(moved: Sequence[tuple[str, str]]) -> str:
    """Return renumbering as ranges: ``7.4–7.9 → 7.5–7.10, 12 → 13``."""
    groups: list[list[tuple[str, str]]] = []
    for old, new in moved:
        if groups and _next(groups[-1][-1][0]) == old and _next(groups[-1][-1][1]) == new:
            groups[-1].append((old, new))
        else:
            groups.append([(old, new)])
    parts = []
    for group in groups[:12]:
        if len(group) == 1:
            parts.append(f"{group[0][0]} → {group[0][1]}")
        else:
            parts.append(f"{group[0][0]}–{group[-1][0]} → {group[0][1]}–{group[-1][1]}")
    if len(groups) > 12:
        parts.append(f"and {len(groups) - 12} more")
    return ", ".join(parts)


def _next(number: str) -> str:
    head, _, last = number.rpartition(".")
    if last.isdigit():
        return f"{head}.{int(last) + 1}" if head else str(int(last) + 1)
    return ""


# Money ----------------------------------------------------------------------------------

def money_figures(worked: WorkedExample | None) -> dict[str, str]:
    """Return the worked example's figures by their plain-English name, in document order."""
    if worked is None:
        return {}
    figures: dict[str, str] = {}
    terms = worked.terms
    figures["target outturn cost"] = labels.money(terms.target_outturn_cost)
    if terms.pain_cap is not None:
        figures["participants' pain cap"] = labels.money(terms.pain_cap)
    for scenario in worked.scenarios:
        outcome = scenario.outcome
        kind = "underrun" if outcome.kind is CostKind.underrun else "overrun"
        name = f"{kind} of {labels.percent(scenario.percent_of_target)}"
        figures[f"{name}: actual cost"] = labels.money(outcome.actual_cost)
        share = "participants' capped pain" if outcome.kind is CostKind.overrun \
            else "participants' gain"
        figures[f"{name}: {share}"] = labels.money(outcome.participants_total)
        owner = "owner's pain" if outcome.kind is CostKind.overrun else "owner's gain"
        figures[f"{name}: {owner}"] = labels.money(outcome.owner_total)
        if outcome.pool_total:
            figures[f"{name}: into the performance pool"] = labels.money(outcome.pool_total)
        for part in outcome.participant_amounts:
            figures[f"{name}: {part.name}"] = labels.money(part.amount)
    if worked.pool is not None:
        pool = worked.pool
        figures["performance pool"] = labels.money(pool.pool_amount)
        figures["pool: weighted score"] = labels.number(pool.weighted_score)
        figures["pool: payment"] = labels.money(pool.payment)
        for part in pool.participant_amounts:
            figures[f"pool: {part.name}"] = labels.money(part.amount)
    return figures


def _money_entries(old: WorkedExample | None, new: WorkedExample | None) -> list[Entry]:
    before, after = money_figures(old), money_figures(new)
    entries = []
    for name in [*after, *(k for k in before if k not in after)]:
        o, n = before.get(name), after.get(name)
        if o == n:
            continue
        entries.append(Entry(Topic.money, "figure-changed", "info",
                             f"{name}: {o or '(none)'} → {n or '(none)'}",
                             document="alliance-agreement.docx"))
    return entries


# Documents and library ------------------------------------------------------------------

def _document_entries(documents: Sequence[DocumentDiff]) -> list[Entry]:
    entries = []
    for doc in documents:
        if doc.old is None:
            entries.append(Entry(Topic.documents, "document-added", "info",
                                 f"{doc.name} added", document=doc.name))
        elif doc.new is None:
            entries.append(Entry(Topic.documents, "document-removed", "info",
                                 f"{doc.name} removed", document=doc.name))
    return entries


def _library_entries(old: Version, new: Version) -> list[Entry]:
    entries = []
    for what, before, after in (("clause library", old.library, new.library),
                                ("template", old.templates, new.templates)):
        if not before or not after:
            continue
        a, b = dict(before), dict(after)
        changed = sorted(n for n in {*a, *b} if a.get(n) != b.get(n))
        if changed:
            entries.append(Entry(
                Topic.library, f"{what.replace(' ', '-')}-changed", "info",
                f"built from a different {what}: {', '.join(changed[:10])}"
                + (f" and {len(changed) - 10} more" if len(changed) > 10 else ""),
                hint="text changes that no answer explains come from these files"))
    return entries


# Formats --------------------------------------------------------------------------------

def _grouped(summary: Summary) -> list[tuple[Topic, list[Entry]]]:
    return [(topic, [e for e in summary.entries if e.topic is topic]) for topic in Topic]


_MARK = {"raised": "+", "cleared": "-", "answer-added": "+", "answer-removed": "-",
         "clause-added": "+", "clause-removed": "-", "document-added": "+",
         "document-removed": "-"}


def to_text(summary: Summary) -> str:
    """Return the summary for a terminal."""
    lines = [f"Changes from {summary.old.source} to {summary.new.source}", ""]
    if not summary.entries:
        return "\n".join([*lines, "No changes."]) + "\n"
    text_only = summary.old.text_only or summary.new.text_only
    for topic, entries in _grouped(summary):
        if not entries:
            if topic in ((Topic.text,) if text_only else (Topic.flags, Topic.answers)) or (
                    topic is Topic.text and EDITED not in (summary.old.kind, summary.new.kind)):
                lines += [f"{_TOPIC_TITLES[topic]}: no change", ""]
            continue
        lines.append(f"{_TOPIC_TITLES[topic]} ({len(entries)})")
        for entry in entries:
            lines.append(f"  {_MARK.get(entry.change or entry.code, '~')} {entry.message}")
            lines += [f"      {d}" for d in entry.details]
            if label := _hint_label(entry):
                lines.append(f"      {label}: {entry.hint}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _hint_label(entry: Entry) -> str | None:
    """Return how an entry's hint is introduced when printed, or None if it is not shown."""
    if not entry.hint:
        return None
    return {Topic.flags: "true-alliance position", Topic.edits: "hint"}.get(entry.topic)


def _md(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;")


def to_markdown(summary: Summary) -> str:
    """Return the summary as Markdown, for an email or a ticket."""
    lines = [f"# Changes from `{summary.old.source}` to `{summary.new.source}`", ""]
    if not summary.entries:
        return "\n".join([*lines, "No changes."]) + "\n"
    for topic, entries in _grouped(summary):
        if not entries:
            continue
        lines += [f"## {_TOPIC_TITLES[topic]}", ""]
        for entry in entries:
            message = _md(entry.message)
            if entry.topic is Topic.flags:
                message = f"**{message}**"
            lines.append(f"- {message}")
            lines += [f"  - {_md(d)}" for d in entry.details]
            if label := _hint_label(entry):
                lines.append(f"  - {label}: {_md(entry.hint)}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def to_json(summary: Summary) -> str:
    """Return the summary as JSON: ``{"version": 1, "old", "new", "changes": [...],
    "counts": {...}}``, each change in the diagnostic shape."""
    counts: dict[str, int] = {t.value: 0 for t in Topic}
    for entry in summary.entries:
        counts[entry.topic.value] += 1
    data = {"version": 1, "old": str(summary.old.source), "new": str(summary.new.source),
            "changes": [e.to_dict() for e in summary.entries], "counts": counts}
    return json.dumps(data, indent=2, ensure_ascii=False, default=_decimal) + "\n"


def _decimal(value: object) -> str:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
