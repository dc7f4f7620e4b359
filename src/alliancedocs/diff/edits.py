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

import re
from collections.abc import Sequence

from ..docmodel import Inline, Paragraph, Run
from ..errors import LibraryError
from ..library.clause_files import Clause, Variant
from ..library.markup import ParaSpec, Ref, parse
from ..library.selection import Position
from ..library.templating import agreement_context, render_text
from ..render.body import bookmark_name
from .model import DocumentDiff, Op, SectionDiff, inline_diff
from .versions import AGREEMENT, Version, document_path

CLOSER_BY = 0.2
"""How much more of the edit's words another variant must hold to be suggested."""


def _picks(version: Version, name: str) -> dict[str, tuple[Clause, Variant]]:
    """Return the chosen (clause, variant) of document ``name`` by heading bookmark."""
    if version.evaluation is None:
        return {}
    for document_id, selection in version.evaluation.selections.items():
        if document_path(document_id) == name:
            return {bookmark_name(clause.id): (clause, variant)
                    for clause, variant in selection.picks}
    return {}


def _variant_text(version: Version, variant: Variant, where: str) -> list[Inline] | None:
    """Return a variant's text drafted from the version's answers (agreement only)."""
    if version.answers is None:
        return None
    try:
        specs = parse(render_text(variant.text, agreement_context(version.answers), where),
                      where)
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

    found = []
    for doc in documents:
        picks = _picks(generated, doc.name)
        for section in doc.sections:
            if section.op is Op.equal:
                continue
            shown = section.old or section.new
            assert shown is not None
            pick = picks.get(section.clause_id)
            details = tuple(paragraph_changes(section))
            if pick is None:
                what = "added" if section.op is Op.inserted else (
                    "removed" if section.op is Op.deleted else "edited")
                found.append(("info", f"{doc.name}: {shown.title} {what}", None, details, "",
                              doc.name))
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
            hint = _suggestion(generated, doc.name, section, clause, variant)
            found.append((severity, f"{doc.name}: {shown.title} edited: {why}", ref, details,
                          hint, doc.name))
    return found


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


def _suggestion(generated: Version, name: str, section: SectionDiff, clause: Clause,
                chosen: Variant) -> str:
    """Return how the answers could say what the edit says, so it survives a rebuild.

    A variant reads like the edit when it holds more of the words the edit inserted, and
    fewer of those it deleted, than the chosen variant does.
    """
    keep = ("otherwise the next build from the answers drafts the clause again without "
            "this edit")
    inserted, deleted = _edited_words(section)
    if name != AGREEMENT or not (inserted or deleted):
        return keep[0].upper() + keep[1:]

    def score(words: set[str]) -> float:
        gained = len(inserted & words) / len(inserted) if inserted else 0.0
        lost = len(deleted & words) / len(deleted) if deleted else 0.0
        return gained - lost

    scores = []
    for variant in clause.variants:
        text = _variant_text(generated, variant, f"{clause.id}/{variant.id}")
        if text is not None:
            scores.append((score(_words(text)), variant))
    current = next((value for value, v in scores if v.id == chosen.id), 0.0)
    best = max(scores, key=lambda pair: pair[0], default=None)
    if best is None or best[1].id == chosen.id or best[0] < current + CLOSER_BY:
        return ("No variant of this clause says what the edit says: record the change in the "
                f"clause library; {keep}")
    variant = best[1]
    flag = f", raising `{variant.flag.value}`" if variant.flag else ""
    condition = f" (chosen when `{variant.when}`)" if variant.when else ""
    return (f"The edit reads like variant `{variant.id}` ({variant.position.value}{flag})"
            f"{condition}: change the answers to choose it; {keep}")
