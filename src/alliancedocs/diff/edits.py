"""A lawyer's edits to a generated document, clause by clause, in the terms of the deal.

``alliancedocs diff GENERATED.docx EDITED.docx`` compares a generated document with a copy
edited in Word (its tracked changes read as accepted). Clauses are matched by the bookmarks
the build writes on every numbered heading, and each is traced back, through the answers
the documents carry, to the clause variant the build chose. For every edited clause this
says:

- what changed against the generated text;
- whether the clause carries a flag, or is a clause whose variants take a position for or
  against a true alliance (such as "unanimously" edited to "by a majority");
- whether another variant of the clause reads like the edit, and what the answers must say
  to choose it, so that the edit survives the next build.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator, Sequence
from enum import Enum
from functools import reduce

from pydantic import ValidationError

from ..docmodel import Cell, Contents, Inline, Paragraph, ParaKind, Run, Table
from ..errors import LibraryError
from ..library.clause_files import Clause, Variant
from ..library.markup import ParaSpec, Ref, parse
from ..library.selection import Position
from ..library.templating import agreement_context, render_text
from ..model import Answers
from ..render.body import bookmark_name
from .model import (
    DocumentDiff,
    Op,
    Pair,
    SectionDiff,
    align_blocks,
    align_rows,
    inline_diff,
)
from .versions import AGREEMENT, Version, document_path

_TESTED = re.compile(r"\b((?:governance|risk_share|contracts|principles|alliance)(?:\.\w+)+)"
                     r"\s*[!=]=\s*'")
"""An answer a clause's text tests against a value."""
_EQUALS = re.compile(r"`([\w.]+) == ('[^']*')`")
"""A condition that tests one answer for one value."""
_QUOTED = re.compile(r"“([^“”]{1,80})”")
REMOVED_SHARE = 0.5
"""The share of the words only the chosen variant has that an edit must take out, when it
brings in none of another variant's own words, to read like that other variant."""


def _picks(version: Version, name: str) -> dict[str, tuple[Clause, Variant]]:
    """Return the chosen (clause, variant) of document ``name`` by heading bookmark."""
    if version.evaluation is None:
        return {}
    for document_id, selection in version.evaluation.selections.items():
        if document_path(document_id) == name:
            return {bookmark_name(clause.id): (clause, variant)
                    for clause, variant in selection.picks}
    return {}


def _drafted(answers: Answers, variant: Variant, where: str) -> list[Inline] | None:
    """Return a variant's text drafted from ``answers`` (agreement only), or ``None`` when
    it cannot be drafted from them."""
    try:
        specs = parse(render_text(variant.text, agreement_context(answers), where), where)
    except LibraryError:
        return None
    words = []
    for spec in specs:
        if isinstance(spec, ParaSpec):
            words.append("".join("" if isinstance(i, Ref) else i.text for i in spec.inlines))
    return [Run(" ".join(words))]


Finding = tuple[str, str, str | None, tuple[str, ...], str, str]
"""(severity, message, clause variant, details, hint, document) of one edited clause."""


def edit_findings(generated: Version, documents: Sequence[DocumentDiff]) -> list[Finding]:
    """Return a finding for each clause edited since ``generated`` was built, in document
    order."""
    from .summary import paragraph_changes

    found: list[Finding] = []
    # The edited copy given first: show each edit as the lawyer made it, from the generated
    # text (NEW, whose document models the comparison holds) to the edited copy (OLD).
    reverse = any(doc.new is not None and doc.new is generated.documents.get(doc.name)
                  for doc in documents)
    for doc in documents:
        picks = _picks(generated, doc.name)
        sections = [_reversed(s) if reverse else s for s in doc.sections]
        moved = _moves(sections)
        for section in sections:
            if section.op is Op.equal or (section.op is Op.deleted
                                          and section.clause_id in moved):
                continue
            move = ""
            if section.op is Op.inserted and section.clause_id in moved:
                section = moved[section.clause_id]
                heading = section.new.heading if section.new is not None else None
                move = f"moved (now clause {heading.number})" if heading and heading.number \
                    else "moved"
                if section.op is not Op.equal:
                    move += " and "
            shown = section.old or section.new
            assert shown is not None
            # A contents list follows the headings (and is stale until Word updates it):
            # its changes are the headings', never an edit of their own.
            changed = [pair for pair in section.pairs if pair.op is not Op.equal]
            listed = [pair for pair in changed if isinstance(
                pair.new if pair.new is not None else pair.old, Contents)]
            if section.op is Op.changed and not move and len(listed) == len(changed):
                continue
            pick = picks.get(section.clause_id)
            details = tuple(_details(section, paragraph_changes(section, skip=listed)))
            if pick is None:
                what = "added" if section.op is Op.inserted else (
                    "removed" if section.op is Op.deleted else "edited")
                found.append(("info", f"{doc.name}: {shown.title} {what}", None, details,
                              _unmatched(section.op), doc.name))
                continue
            clause, variant = pick
            positions = {v.position for v in clause.variants}
            ref = f"{clause.id}/{variant.id}"
            if variant.flag is not None:
                severity = "high"
                why = (f"the clause carries the flag `{variant.flag.value}` "
                       f"({variant.position.value} variant `{variant.id}`)")
            elif variant.position is Position.standard and len(positions) > 1:
                severity = "high"
                why = (f"the clause holds a true-alliance position: it is the standard variant "
                       f"`{variant.id}` of a clause whose other variants water it down")
            else:
                severity = "medium"
                why = f"{variant.position.value} variant `{variant.id}`"
            if section.op is Op.deleted:
                what, hint = "removed", _removal(clause)
            elif move and section.op is Op.equal:
                severity = "info"  # the same words, in another place
                what, hint = move, ("The order of the clauses is the clause library's: "
                                    "record the move there; otherwise the next build puts "
                                    "the clause back where it was")
            else:
                what, hint = f"{move}edited", _suggestion(generated, doc.name, section,
                                                          clause, variant)
            found.append((severity, f"{doc.name}: {shown.title} {what}: {why}", ref, details,
                          hint, doc.name))
    return found


def _moves(sections: Sequence[SectionDiff]) -> dict[str, SectionDiff]:
    """Return, by clause id, the comparison of each clause that was moved: deleted in one
    place and inserted, under the same heading bookmark, in another."""
    deleted = {s.clause_id: s.old for s in sections if s.op is Op.deleted}
    return {s.clause_id: SectionDiff(s.clause_id, old, s.new,
                                     tuple(align_blocks(old.blocks, s.new.blocks)))
            for s in sections if s.op is Op.inserted and s.new is not None
            and (old := deleted.get(s.clause_id)) is not None}


_OPPOSITE = {Op.inserted: Op.deleted, Op.deleted: Op.inserted}


def _reversed(section: SectionDiff) -> SectionDiff:
    """Return a clause's comparison the other way round (NEW to OLD)."""
    return SectionDiff(section.clause_id, section.new, section.old,
                       tuple(Pair(_OPPOSITE.get(p.op, p.op), p.new, p.old)
                             for p in section.pairs))


def _details(section: SectionDiff, lines: Iterable[str]) -> Iterator[str]:
    """Yield the lines describing a clause's changes (one per changed block, as
    :func:`~.summary.paragraph_changes` gives them), so that a lawyer sees what the edit
    touched: a changed table as one line per changed cell, and a changed definition named
    by its term."""
    from .summary import describe_change

    changed = [p for p in section.pairs if p.op is not Op.equal]
    for pair, line in zip(changed, lines, strict=True):
        old, new = pair.old, pair.new
        if isinstance(old, Paragraph) and isinstance(new, Paragraph) \
                and new.kind is ParaKind.definition and not new.number:
            term = _QUOTED.search(new.text) or _QUOTED.search(old.text)
            label = f"definition of “{term.group(1)}”" if term else "definition"
            yield f"{label}: {describe_change(old, new)}"
            continue
        if not (isinstance(old, Table) and isinstance(new, Table)):
            yield line
            continue
        columns = [c.text for c in new.header]
        rows = [(None, old.header, new.header)] if \
            [c.text for c in old.header] != columns else []
        rows += [(n, r.old, r.new) for n, r in enumerate(align_rows(old, new), 1)
                 if r.op is not Op.equal]
        table = f"table {new.caption} " if new.caption else "table "
        for number, before, after in rows:
            where = "header" if number is None else \
                f"row “{_clip(_first_text(after or before), 40)}”"
            if not isinstance(before, tuple) or not isinstance(after, tuple):
                what = "inserted" if before is None else "deleted"
                yield f"{table}{where} {what}"
                continue
            for index, (a, b) in enumerate(zip(before, after, strict=False)):
                if a.text != b.text:
                    column = columns[index] if index < len(columns) and columns[index] \
                        else f"column {index + 1}"
                    yield (f"{table}{where}, {_clip(column, 30)}: "
                           + describe_change(Paragraph(ParaKind.body, _joined(a)),
                                             Paragraph(ParaKind.body, _joined(b))))
            if len(before) != len(after):
                yield f"{table}{where}: {len(before)} cells, now {len(after)}"


def _first_text(row: object) -> str:
    """Return the text of a row's first cell that has any."""
    cells = row if isinstance(row, tuple) else ()
    return next((c.text for c in cells if isinstance(c, Cell) and c.text), "")


def _joined(cell: Cell) -> tuple[Inline, ...]:
    """Return a cell's paragraphs as one run of inline content."""
    out: list[Inline] = []
    for n, para in enumerate(cell.paragraphs):
        out.extend(([Run(" ")] if n else []) + list(para))
    return tuple(out)


def _clip(text: str, limit: int) -> str:
    """Return ``text`` on one line, without soft hyphens, cut to ``limit`` characters."""
    text = " ".join(text.replace("\u00ad", "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _words(inlines: Sequence[Inline]) -> set[str]:
    """Return the content words (four letters or more) of some text, in lower case."""
    text = " ".join(getattr(i, "number", None) or getattr(i, "text", "") for i in inlines)
    return {w.casefold() for w in re.findall(r"[A-Za-z]{4,}", text)}


def _edited_words(section: SectionDiff) -> tuple[set[str], set[str]]:
    """Return the content words the edit inserted and those it deleted."""
    inserted: set[str] = set()
    deleted: set[str] = set()
    for pair in section.pairs:
        if isinstance(pair.new, Paragraph) and isinstance(pair.old, Paragraph):
            for segment in inline_diff(pair.old.inlines, pair.new.inlines):
                if segment.op is Op.inserted:
                    inserted |= _words(segment.new)
                elif segment.op is Op.deleted:
                    deleted |= _words(segment.old)
        elif isinstance(pair.new, Paragraph):
            inserted |= _words(pair.new.inlines)
        elif isinstance(pair.old, Paragraph):
            deleted |= _words(pair.old.inlines)
    return inserted - deleted, deleted - inserted


def _unmatched(op: Op) -> str:
    """Return what to do about an edit to a part of the document no clause variant drafts
    on its own (a clause the lawyer added, the title page, the parties, the execution)."""
    if op is Op.inserted:
        return ("No answer drafts this clause: add it to the clause library; otherwise the "
                "next build from the answers leaves it out")
    return ("This part is drafted from the answers (names, dates and other details) and "
            "the clause library: make the change there; otherwise the next build drafts it "
            "again without this edit")


def _removal(clause: Clause) -> str:
    """Return how the answers could leave out a clause the lawyer removed."""
    keep = "otherwise the next build from the answers puts it back"
    if clause.when:
        return (f"The clause is included only when `{clause.when}`: change the answers so "
                f"that this does not hold; {keep}")
    return ("Every agreement has this clause, whatever the answers: record the change in the "
            f"clause library; {keep}")


def _suggestion(generated: Version, name: str, section: SectionDiff, clause: Clause,
                chosen: Variant) -> str:
    """Return how the answers could say what the edit says, so it survives a rebuild.

    First another variant of the clause, then the chosen variant drafted with one of the
    answers its text depends on changed (an enum answer its conditions test, such as the
    decision rule in the principles clause). Each is judged by :func:`_closeness`.
    """
    keep = ("otherwise the next build from the answers drafts the clause again without "
            "this edit")
    inserted, deleted = _edited_words(section)
    if not (inserted or deleted) and any(isinstance(p.old, Table) or isinstance(p.new, Table)
                                         for p in section.pairs if p.op is not Op.equal):
        return ("The tables are drawn from the answers (the parties, the KRAs and KPIs, "
                f"the service contracts and the money): make the change there; {keep}")
    answers = generated.answers
    if name != AGREEMENT or not (inserted or deleted) or answers is None:
        return keep[0].upper() + keep[1:]
    chosen_text = _drafted(answers, chosen, f"{clause.id}/{chosen.id}")
    if chosen_text is None:
        return keep[0].upper() + keep[1:]
    own = _words(chosen_text)
    scored = [(_closeness(inserted, deleted, own, _words(text)), variant)
              for variant in clause.variants if variant.id != chosen.id
              and (text := _drafted(answers, variant, f"{clause.id}/{variant.id}"))]
    score, variant = max(scored, key=lambda pair: pair[0], default=(0.0, chosen))
    if score > 0:
        flag = f", raising `{variant.flag.value}`" if variant.flag else ""
        if variant.when:
            condition = f" (chosen when `{variant.when}`)"
        else:  # the last variant: chosen when no other's condition holds
            others = [f"`{v.when}`" for v in clause.variants if v.when]
            condition = f" (chosen when {_otherwise(others)})" if others else ""
        return (f"The edit reads like variant `{variant.id}` ({variant.position.value}{flag})"
                f"{condition}: change the answers to choose it; {keep}")
    drafts = [(_closeness(inserted, deleted, own, _words(text)), path, value)
              for path, value, other in _alternatives(answers, chosen.text)
              if (text := _drafted(other, chosen, f"{clause.id}/{chosen.id}"))]
    score, path, value = max(drafts, key=lambda draft: draft[0], default=(0.0, "", ""))
    if score > 0:
        return (f"The edit reads like this clause as drafted when `{path}` is `{value}`: "
                "change that answer to draft it (every clause that depends on it follows); "
                f"{keep}")
    return ("No variant of this clause says what the edit says: record the change in the "
            f"clause library; {keep}")


def _closeness(inserted: set[str], deleted: set[str], own: set[str], theirs: set[str]) -> float:
    """Return how far a text reads like the edit, 0 when it does not.

    Only the words that set the text apart from the chosen one (``own``) count: the text
    reads like the edit when the edit brings in words only it has, or takes out at least
    :data:`REMOVED_SHARE` of the words only the chosen text has and brings in none it
    lacks. Taking out words that the chosen text has and the other lacks is not enough on
    its own, or every deletion would read like the barest variant.
    """
    brought = inserted & (theirs - own)
    removed = deleted & (own - theirs)
    if not brought and (not removed or len(removed) < REMOVED_SHARE * len(own - theirs)
                        or inserted - theirs):
        return 0.0
    return (len(brought) / len(inserted) if inserted else 0.0) + (
        len(removed) / len(deleted) if deleted else 0.0)


def _alternatives(answers: Answers, text: str) -> Iterator[tuple[str, str, Answers]]:
    """Yield (answer path, value, answers) for each other value of each enum answer that
    ``text`` tests (``governance.decision_rule == 'unanimous'``), when still valid."""
    data = answers.model_dump(mode="json")
    for path in sorted(set(_TESTED.findall(text))):
        *parents, leaf = path.split(".")
        try:
            current = getattr(reduce(getattr, parents, answers), leaf)
        except AttributeError:
            continue
        if not isinstance(current, Enum):
            continue
        for value in type(current):
            if value is current:
                continue
            changed = copy.deepcopy(data)
            reduce(dict.__getitem__, parents, changed)[leaf] = value.value
            try:
                yield path, str(value.value), Answers.model_validate(changed)
            except ValidationError:
                continue


def _otherwise(conditions: Sequence[str]) -> str:
    """Return when the last variant of a clause is chosen, given the other variants'
    conditions (each in backticks): "`A` does not hold", "none of `A`, `B` and `C` holds",
    or, when all test one answer for a value, "`x` is none of 'a', 'b' and 'c'"."""
    tests = [_EQUALS.fullmatch(c) for c in conditions]
    if len(conditions) > 1 and all(tests) and len({t.group(1) for t in tests if t}) == 1:
        values = [t.group(2) for t in tests if t]
        return (f"`{tests[0].group(1) if tests[0] else ''}` is none of "
                + ", ".join(values[:-1]) + f" and {values[-1]}")
    if len(conditions) == 1:
        return f"{conditions[0]} does not hold"
    return "none of " + ", ".join(conditions[:-1]) + f" and {conditions[-1]} holds"
