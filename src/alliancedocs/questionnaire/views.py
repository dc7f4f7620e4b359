"""What each page shows: the draft as read now, its findings placed at their questions,
and the questions of a page with their answers, options, errors and warnings.

Nothing here judges an answer; every error and warning is a core diagnostic.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..diagnostics import Diagnostic
from ..diagnostics import Kind as DiagnosticKind
from ..flags import CATALOGUE, FlagId
from . import checking, forms, store
from .catalogue import SECTIONS, Page, Section, choice_label, item_page, pages
from .checking import Place, is_error, is_flag, is_open_flag, is_voice_note, page_url
from .fields import NO_DEFAULT, Kind, schema_fields


@dataclass
class Context:
    """Everything a request works with: the draft as read now, and where its findings go."""

    draft: store.Draft
    diagnostics: list[Diagnostic]
    placed: dict[int, Place | None]
    ok: bool
    others: list[Diagnostic]
    """Notes and consistency findings: shown on the review page."""

    def at(self, path: forms.AnswerPath) -> list[Diagnostic]:
        """Return the diagnostics placed at the question asking for ``path``."""
        return [d for i, d in enumerate(self.diagnostics)
                if (place := self.placed[i]) is not None and place.path == path]

    def under(self, path: forms.AnswerPath) -> list[Diagnostic]:
        """Return the diagnostics placed at or below ``path``."""
        return [d for i, d in enumerate(self.diagnostics)
                if (place := self.placed[i]) is not None
                and place.path[:len(path)] == path]

    def place_of(self, diagnostic: Diagnostic) -> Place | None:
        """Return where a diagnostic is shown."""
        return self.placed[next(i for i, d in enumerate(self.diagnostics) if d is diagnostic)]


def evaluate_draft(draft: store.Draft, name: str) -> Context:
    """Evaluate ``draft`` and place each finding at its question."""
    if not draft.text:
        return Context(draft, [], {}, False, [])
    evaluation = checking.evaluate(draft.text, name)
    where = checking.places(draft)
    shown = (DiagnosticKind.problem, DiagnosticKind.flag)
    diagnostics = [d for d in evaluation.diagnostics if d.kind in shown or is_voice_note(d)]
    placed = {i: checking.locate(d, where) for i, d in enumerate(diagnostics)}
    others = [d for d in evaluation.diagnostics if d not in diagnostics]
    return Context(draft, diagnostics, placed, evaluation.ok, others)


def section_status(ctx: Context, section: Section) -> dict[str, Any]:
    """Return a task-list row: the section, its status, its counts and its first page."""
    started = any(ctx.draft.get((key,)) is not store.MISSING for key in section.keys)
    mine = [d for d in ctx.diagnostics if d.path and d.path[0] in section.keys]
    errors = sum(1 for d in mine if is_error(d)) if started else 0
    flags = len({d.code for d in mine if is_open_flag(d)})
    status = ("Not started" if not started else "In progress" if errors else "Complete")
    first = first_page(ctx.draft, section)
    return {"section": section, "status": status, "errors": errors, "flags": flags,
            "url": first}


def still_to_finish(ctx: Context) -> list[dict[str, Any]] | None:
    """Return the task-list rows of the sections still to finish before the agreement can
    be drafted, or ``None`` when it can be drafted now.

    A flag's clause is shown as drafted only from complete answers. The core drafts from
    valid answers only, and a clause cannot be drafted from part of them: its number and
    the numbers of the clauses it refers to depend on which other clauses the agreement
    holds, which is decided by answers in every section, and the definitions it uses are
    printed from the whole agreement. Until then the page says so and links to these.
    """
    if ctx.ok:
        return None
    rows = [section_status(ctx, section) for section in SECTIONS]
    return [row for row in rows if row["status"] != "Complete"]


def first_page(draft: store.Draft, section: Section) -> str:
    """Return the address of the first page of ``section`` that the draft asks."""
    for page in section.pages:
        if page.item is None and page_shown(draft, page, ()):
            return page_url(page, ())
    return page_url(section.pages[0], ())


def asked_questions(ctx: Context, page: Page, indexes: tuple[int, ...], *,
                    checked: bool) -> list[forms.Asked]:
    """Return the questions of ``page`` as asked now, with answers, errors and warnings.

    Missing answers are errors here only once the page was submitted (``checked``).
    """
    draft = ctx.draft
    names = party_names(draft)
    asked = []
    for question in page.questions:
        spec = question.spec
        path = forms.concrete(question.pattern, indexes)
        current = draft.get(path)
        value = forms.shown_value(spec, current)
        item = forms.Asked(question, path, value)
        item.options = options(draft, question, value)
        item.answered = current is not store.MISSING
        if question.when is not None:
            when_path = forms.concrete(question.when.pattern, indexes)
            item.when_field = forms.field_name(when_path)
            item.when_values = tuple(forms.shown_value(schema_fields()[
                question.when.pattern], v) for v in question.when.values)
            item.shown = item.answered or holds(
                draft, question.when.pattern, when_path, question.when.values)
        diagnostics = ctx.at(path)
        item.errors = [d for d in diagnostics if is_error(d) and (
            checked or current is not store.MISSING or d.code != "missing")]
        item.flags = [d for d in diagnostics if is_flag(d)]
        item.notes = [d for d in diagnostics if is_voice_note(d)]
        if spec.kind is Kind.group:
            item.items = items(ctx, question.pattern, path, names)
        asked.append(item)
    return asked


def loose(ctx: Context, page: Page, indexes: tuple[int, ...],
          asked: list[forms.Asked]) -> list[Diagnostic]:
    """Return flags placed on this page's item but not at one of its questions."""
    if page.item is None:
        return []
    here = {a.path for a in asked}
    root = forms.concrete(page.item + "[]", indexes)
    return [d for d in ctx.under(root) if is_flag(d)
            and (p := ctx.place_of(d)) is not None and p.path not in here
            and p.page is page]


def holds(draft: store.Draft, pattern: str, path: forms.AnswerPath,
          values: tuple[object, ...]) -> bool:
    """Return whether the answer at ``path`` (or its default) is one of ``values``."""
    value = draft.get(path)
    if value is store.MISSING:
        default = schema_fields()[pattern].default
        value = None if default is NO_DEFAULT else default
    return any(forms.same(value, v) for v in values)


def page_shown(draft: store.Draft, page: Page, indexes: tuple[int, ...]) -> bool:
    """Return whether ``page`` is asked: its condition holds, or it holds answers."""
    if page.when is None:
        return True
    path = forms.concrete(page.when.pattern, indexes)
    if any(draft.get(forms.concrete(q.pattern, indexes)) not in (store.MISSING, [])
           for q in page.questions):
        return True
    return holds(draft, page.when.pattern, path, page.when.values)


def options(draft: store.Draft, question: Any, value: Any) -> list[forms.Option]:
    """Return the choices offered for ``question``, those in ``value`` ticked."""
    spec = question.spec
    chosen = set(value) if isinstance(value, list) else {value}
    if spec.kind is Kind.boolean:
        return [forms.Option("true", "Yes", "true" in chosen),
                forms.Option("false", "No", "false" in chosen)]
    if spec.kind in (Kind.choice, Kind.choices):
        return [forms.Option(v, choice_label(v, spec.pattern), v in chosen)
                for v in spec.choices]
    if question.refers is None:
        return []
    options = [forms.Option(pid, f"{label} ({pid})", pid in chosen)
               for pid, label in _parties(draft, question.refers)]
    known = {o.value for o in options}
    options += [forms.Option(v, f"{v} (not a party entered)", True)
                for v in sorted(chosen) if v and v not in known]
    return options


def items(ctx: Context, pattern: str, path: forms.AnswerPath,
          names: Mapping[str, str]) -> list[forms.Item]:
    """Return the items of the repeatable group at ``path``, titled, with counts."""
    child = item_page(pattern)
    entries = ctx.draft.get(path)
    if not isinstance(entries, list):
        return []
    items = []
    for index, entry in enumerate(entries):
        item_path = (*path, index)
        title = item_title(child, entry, names) or f"{child.item_name.capitalize()} " \
            f"{index + 1} (not filled in yet)"
        indexes = tuple(p for p in item_path if isinstance(p, int))
        under = ctx.under(item_path)
        items.append(forms.Item(index, title, page_url(child, indexes), item_path,
                                sum(1 for d in under if is_error(d)),
                                len({d.code for d in under if is_open_flag(d)})))
    return items


def heading(draft: store.Draft, page: Page, indexes: tuple[int, ...]) -> str:
    """Return the page heading, naming the item for an item page."""
    if page.item is None:
        return page.title
    entry = draft.get(forms.concrete(page.item + "[]", indexes))
    title = item_title(page, entry, party_names(draft))
    return f"{page.title}: {title}" if title else f"{page.title} {indexes[-1] + 1}"


def back_url(page: Page, indexes: tuple[int, ...]) -> str:
    """Return where the Back link leads."""
    if page.item is not None:
        return parent_url(page, indexes)
    order = [p for p in pages().values() if p.item is None]
    position = order.index(page)
    return page_url(order[position - 1], ()) if position else "/"


def parent_url(page: Page, indexes: tuple[int, ...]) -> str:
    """Return the page listing the group that an item page's item belongs to."""
    assert page.item is not None
    parent = next(p for p in pages().values()
                  if any(q.pattern == page.item for q in p.questions))
    path = forms.concrete(page.item, indexes[:-1])
    return page_url(parent, indexes[:-1]) + "#" + forms.field_id(path) + "-add"


def next_url(draft: store.Draft, page: Page, indexes: tuple[int, ...]) -> str:
    """Return where "Save and continue" leads from ``page``."""
    if page.item is not None:
        return parent_url(page, indexes)
    order = [p for p in pages().values() if p.item is None]
    for later in order[order.index(page) + 1:]:
        if page_shown(draft, later, ()):
            return page_url(later, ())
    return "/review"


def _parties(draft: store.Draft, refers: str) -> list[tuple[str, str]]:
    parties = draft.get(("parties",))
    found = []
    for party in parties if isinstance(parties, list) else []:
        if not isinstance(party, dict) or not isinstance(party.get("id"), str):
            continue
        if refers == "commissioner" and party.get("role") != "commissioner":
            continue
        if refers == "provider" and party.get("role") != "provider":
            continue
        if refers == "participant" and party.get("risk_share_role") != "participant":
            continue
        label = party.get("short_name") or party.get("legal_name") or party["id"]
        found.append((party["id"], str(label)))
    return found


def party_names(draft: store.Draft) -> dict[str, str]:
    """Return each entered party's id and the name it is shown by."""
    return dict(_parties(draft, "party"))


def item_title(page: Page, entry: Any, names: Mapping[str, str]) -> str:
    """Return the answer that names a group item, such as a party's legal name."""
    if not isinstance(entry, dict):
        return ""
    for key in page.item_title:
        value = entry.get(key)
        if value not in (None, ""):
            text = str(value)
            if page.item == "acknowledged_departures" and text in {str(f) for f in FlagId}:
                return CATALOGUE[FlagId(text)].title
            return names.get(text, text)
    return ""


def one_per_code(flags: list[tuple[Diagnostic, Place | None]]) -> list[
        tuple[Diagnostic, list[Place]]]:
    """Group flag diagnostics by code, keeping each code's places."""
    grouped: dict[str, tuple[Diagnostic, list[Place]]] = {}
    for diagnostic, place in flags:
        _first, where = grouped.setdefault(diagnostic.code, (diagnostic, []))
        if place is not None and place not in where:
            where.append(place)
    return list(grouped.values())
