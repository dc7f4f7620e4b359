"""Assemble a document model from clause files: choose variants, number, define, cross-refer.

This is the one engine behind the alliance agreement and the schedule packs. It works in
four passes: choose a variant per clause and parse its text; number every clause, paragraph
and schedule; work out which definitions are needed; resolve references and build blocks.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..docmodel import (
    Block,
    CrossRef,
    Document,
    DocumentProperties,
    Inline,
    Paragraph,
    ParaKind,
    Run,
    TermUse,
)
from ..errors import LibraryError
from ..library.clause_files import Clause, ClauseKind, FrontNumbering, Library, Variant
from ..library.markup import BlockSpec, DefinitionsSpec, ParaSpec, Ref, SpecInline, TableSpec, parse
from ..library.selection import ChosenVariant
from ..library.templating import render_text
from ..library.variants import Selection, select
from .registry import BUILDERS
from .tables import TableContext


@dataclass(frozen=True)
class Assembled:
    """An assembled document, the variant chosen for each clause, and every anchor's number."""

    document: Document
    chosen: tuple[ChosenVariant, ...]
    numbers: Mapping[str, str]


@dataclass(frozen=True)
class Frame:
    """What the engine needs besides the clauses: identity, context and the opening blocks."""

    document_id: str
    context: Mapping[str, Any]
    tables: TableContext
    properties: DocumentProperties
    header_text: str
    draft_label: str
    opening: tuple[Block, ...] = ()
    own_terms: str | None = None
    """If set, the terms file (such as ``pack.yaml``) whose definitions this document prints;
    terms from other files are incorporated by reference and checked but not printed."""


@dataclass
class _Section:
    clause: Clause
    variant: Variant
    title: str
    specs: list[BlockSpec]
    numbers: list[str] = field(default_factory=list)
    heading_number: str = ""


def assemble(clauses: Sequence[Clause], library: Library, frame: Frame,
             selection: Selection | None = None) -> Assembled:
    """Assemble ``clauses`` into a document; raise :class:`LibraryError` on any broken clause,
    undefined term or reference to a clause absent from this draft.

    ``selection`` gives the variants already chosen for ``clauses`` in this frame (by
    :func:`~alliancedocs.library.variants.select`); without it they are chosen here.
    """
    if selection is None:
        selection = select(clauses, frame.context, frame.document_id)
    sections = _sections(selection, frame)
    chosen = selection.chosen
    anchors = _number(sections, frame.document_id)
    definitions = _definitions(sections, library, frame)
    blocks = [*frame.opening, *_blocks(sections, definitions, anchors, frame)]
    used = sorted({i.term for b in blocks if isinstance(b, Paragraph) for i in b.inlines
                   if isinstance(i, TermUse)}, key=str.casefold)
    document = Document(frame.properties, frame.header_text, frame.draft_label, tuple(blocks),
                        tuple(used))
    return Assembled(document, tuple(chosen), anchors)


def _sections(selection: Selection, frame: Frame) -> list[_Section]:
    sections: list[_Section] = []
    for clause, variant in selection.picks:
        where = f"{frame.document_id}: clause {clause.id!r} variant {variant.id!r}"
        rendered_title = render_text(clause.title, frame.context, where)
        title = rendered_title.resolve(rendered_title.text.strip())
        specs = parse(render_text(variant.text, frame.context, where), where)
        sections.append(_Section(clause, variant, title, specs))
    return sections


def _letter(n: int, upper: bool = False) -> str:
    letters = string.ascii_uppercase if upper else string.ascii_lowercase
    text = ""
    while n:
        n, rem = divmod(n - 1, 26)
        text = letters[rem] + text
    return text


def _number(sections: list[_Section], document_id: str) -> dict[str, str]:
    anchors: dict[str, str] = {}
    clause_no = schedule_no = 0

    def add(anchor: str, number: str) -> None:
        if anchor in anchors:
            raise LibraryError(f"{document_id}: the anchor {anchor!r} is defined twice")
        anchors[anchor] = number

    for section in sections:
        kind = section.clause.kind
        counters = [0, 0, 0, 0]
        if kind is ClauseKind.clause:
            clause_no += 1
            section.heading_number = str(clause_no)
        elif kind is ClauseKind.schedule:
            schedule_no += 1
            section.heading_number = str(schedule_no)
        if section.heading_number:
            add(section.clause.id, section.heading_number)
        for spec in section.specs:
            number = ""
            if isinstance(spec, ParaSpec) and spec.depth:
                counters[spec.depth] += 1
                for deeper in range(spec.depth + 1, 4):
                    counters[deeper] = 0
                number = _para_number(kind, section, counters, spec.depth, document_id)
                if spec.anchor:
                    add(f"{section.clause.id}.{spec.anchor}", number)
            section.numbers.append(number)
    return anchors


def _para_number(kind: ClauseKind, section: _Section, counters: list[int], depth: int,
                 document_id: str) -> str:
    where = f"{document_id}: clause {section.clause.id!r}"
    if kind is ClauseKind.front:
        if depth != 1:
            raise LibraryError(f"{where}: front matter has one list level only")
        if section.clause.numbering is FrontNumbering.numbers:
            return f"({counters[1]})"
        return f"({_letter(counters[1], upper=True)})"
    if kind is ClauseKind.back:
        raise LibraryError(f"{where}: back matter cannot have numbered paragraphs")
    prefix = [section.heading_number] if kind is ClauseKind.clause else []
    if depth == 3:
        return f"({_letter(counters[3])})"
    return ".".join([*prefix, *(str(c) for c in counters[1:depth + 1])])


def _definitions(sections: list[_Section], library: Library,
                 frame: Frame) -> list[tuple[str, tuple[SpecInline, ...]]]:
    """Return (term, inlines) for every used term and every term its definition uses."""
    pending = [(i.term, f"clause {s.clause.id!r}") for s in sections for spec in s.specs
               if isinstance(spec, ParaSpec) for i in spec.inlines if isinstance(i, TermUse)]
    parsed: dict[str, tuple[SpecInline, ...]] = {}
    missing: dict[str, str] = {}
    while pending:
        term, where = pending.pop()
        if term in parsed or term in missing:
            continue
        definition = library.terms.get(term)
        if definition is None:
            missing[term] = where
            continue
        if frame.own_terms and library.term_files.get(term) != frame.own_terms:
            continue  # incorporated by reference from the other document; not printed
        at = f"{frame.document_id}: definition of {term!r}"
        specs = parse(render_text(definition.text, frame.context, at), at)
        if len(specs) != 1 or not isinstance(specs[0], ParaSpec) or specs[0].depth:
            raise LibraryError(f"{at}: a definition must be one plain paragraph")
        parsed[term] = specs[0].inlines
        pending.extend((i.term, at) for i in specs[0].inlines if isinstance(i, TermUse))
    if missing:
        listing = "; ".join(f"{t!r} (used in {w})" for t, w in sorted(missing.items()))
        raise LibraryError(f"{frame.document_id}: undefined terms: {listing}")
    if parsed and not any(isinstance(spec, DefinitionsSpec) for s in sections for spec in s.specs):
        raise LibraryError(f"{frame.document_id}: defined terms are used but no clause "
                           "holds @definitions")
    return sorted(parsed.items(), key=lambda item: item[0].casefold())


_HEADING_KIND = {
    ClauseKind.front: ParaKind.front_heading,
    ClauseKind.clause: ParaKind.clause_heading,
    ClauseKind.schedule: ParaKind.schedule_heading,
    ClauseKind.back: ParaKind.front_heading,
}


def _blocks(sections: list[_Section], definitions: list[tuple[str, tuple[SpecInline, ...]]],
            anchors: Mapping[str, str], frame: Frame) -> list[Block]:
    blocks: list[Block] = []
    first_front = True
    for section in sections:
        kind = section.clause.kind
        where = f"{frame.document_id}: clause {section.clause.id!r}"
        breaks = kind in (ClauseKind.schedule, ClauseKind.back) or (
            kind is ClauseKind.front and first_front)
        first_front = first_front and kind is not ClauseKind.front
        blocks.append(Paragraph(
            _HEADING_KIND[kind], (Run(section.title),),
            level=1 if section.heading_number else 0, number=section.heading_number,
            anchor=section.clause.id if section.heading_number else None,
            page_break_before=breaks, keep_with_next=True,
        ))
        for spec, number in zip(section.specs, section.numbers, strict=True):
            if isinstance(spec, TableSpec):
                builder = BUILDERS.get(spec.name)
                if builder is None:
                    raise LibraryError(f"{where}: there is no table called {spec.name!r}")
                blocks.append(builder(frame.tables))
            elif isinstance(spec, DefinitionsSpec):
                blocks.extend(_definition_paragraph(term, inlines, anchors, where)
                              for term, inlines in definitions)
            else:
                blocks.append(_paragraph(kind, spec, number, section.clause.id, anchors, where))
    return blocks


def _paragraph(kind: ClauseKind, spec: ParaSpec, number: str, clause_id: str,
               anchors: Mapping[str, str], where: str) -> Paragraph:
    inlines = _resolve(spec.inlines, anchors, where)
    if spec.subheading:
        return Paragraph(ParaKind.schedule_subheading, inlines, keep_with_next=True)
    if not spec.depth:
        return Paragraph(ParaKind.body, inlines)
    anchor = f"{clause_id}.{spec.anchor}" if spec.anchor else None
    if kind is ClauseKind.front:
        return Paragraph(ParaKind.recital, inlines, level=1, number=number, anchor=anchor)
    if kind is ClauseKind.clause:
        return Paragraph(ParaKind.clause_text, inlines, level=spec.depth + 1, number=number,
                         anchor=anchor)
    return Paragraph(ParaKind.schedule_text, inlines, level=spec.depth, number=number,
                     anchor=anchor)


def _definition_paragraph(term: str, inlines: tuple[SpecInline, ...],
                          anchors: Mapping[str, str], where: str) -> Paragraph:
    body = _resolve(inlines, anchors, f"{where} (definition of {term!r})")
    first = body[0].text if body and isinstance(body[0], Run | TermUse) else ""
    lead = " " if first.startswith(("has ", "includes ", "means ")) else " means "
    return Paragraph(ParaKind.definition,
                     (Run(f"“{term}”", bold=True), Run(lead), *body))


def _resolve(inlines: Sequence[SpecInline], anchors: Mapping[str, str],
             where: str) -> tuple[Inline, ...]:
    resolved: list[Inline] = []
    for item in inlines:
        if isinstance(item, Ref):
            number = anchors.get(item.target)
            if number is None:
                raise LibraryError(f"{where}: refers to {item.target!r}, which is not in this "
                                   "draft (the clause is omitted or the anchor does not exist)")
            resolved.append(CrossRef(item.target, number))
        else:
            resolved.append(item)
    return tuple(resolved)
