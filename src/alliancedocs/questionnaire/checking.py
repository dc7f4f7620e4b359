"""Live checking: the core's evaluation of the draft, and where each finding belongs.

The questionnaire judges nothing itself. It hands the answers text to
:func:`alliancedocs.core.evaluate_text`, the same evaluation ``check`` and ``build`` use,
and places each :class:`~alliancedocs.diagnostics.Diagnostic` by its structured path at the
question that asks for that answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from .. import answer_voice, core
from ..diagnostics import Diagnostic, Kind
from ..errors import InputError
from ..library.clause_files import Library, load_library
from . import store
from .catalogue import Page, Question, item_page, pages
from .fields import Kind as FieldKind
from .forms import AnswerPath, concrete, field_id
from .memo import per_file
from .store import Draft


@per_file(keep=2)
def evaluate(text: str, name: str) -> core.Evaluation:
    """Return the core's evaluation of the answers ``text`` (cached by text, the last two
    of each file).

    The text is loaded once, by the same loader :func:`alliancedocs.core.evaluate_text`
    uses, and that load serves both the page and the evaluation.
    """
    try:
        loaded = store.loaded(text, name)
    except InputError:
        return core.evaluate_text(text, name, library())
    return core.evaluate_loaded(loaded, library())


@cache
def library() -> Library:
    """Return the clause library, read once: it does not change while the questionnaire
    runs (``check`` and ``build`` read the same files)."""
    return load_library()


@cache
def drafts_a_clause(flag: str) -> bool:
    """Return whether some clause of the library has a variant that the flag ``flag`` marks,
    so that the flag changes what the documents say."""
    clauses = (*library().agreement, *library().pack)
    return any(str(v.flag) == flag for clause in clauses for v in clause.variants
               if v.flag is not None)


@per_file(keep=1)
def composition(text: str, name: str) -> core.Composition | None:
    """Return the core's document models for the answers ``text``, or ``None`` when the
    answers are not yet complete enough to draft."""
    evaluation = evaluate(text, name)
    return core.compose(evaluation, library()) if evaluation.ok else None


def is_error(diagnostic: Diagnostic) -> bool:
    """Return whether a diagnostic is an error that blocks the drafts."""
    return diagnostic.kind is Kind.problem and diagnostic.is_error


def is_open_flag(diagnostic: Diagnostic) -> bool:
    """Return whether a diagnostic is a flag the answers do not acknowledge."""
    return diagnostic.kind is Kind.flag and not diagnostic.acknowledged


def is_voice_note(diagnostic: Diagnostic) -> bool:
    """Return whether a diagnostic is a note on how an answer's text will read in the draft
    (a defined term in lower case, a party kind that contradicts its legal name)."""
    return diagnostic.kind is Kind.note and diagnostic.code in answer_voice.CODES


def is_flag(diagnostic: Diagnostic) -> bool:
    """Return whether a diagnostic is a flag, acknowledged or not."""
    return diagnostic.kind is Kind.flag


@dataclass(frozen=True)
class Place:
    """Where a question is asked: its page, the item indexes, its answers path."""

    page: Page
    indexes: tuple[int, ...]
    path: AnswerPath
    question: Question

    @property
    def url(self) -> str:
        """Return the page's address."""
        return page_url(self.page, self.indexes)

    @property
    def anchor(self) -> str:
        """Return the HTML id of the question's control."""
        return field_id(self.path)


def page_url(page: Page, indexes: tuple[int, ...]) -> str:
    """Return the address of ``page`` for the item at ``indexes``."""
    return "/page/" + "/".join([page.slug, *(str(i) for i in indexes)])


def instances(draft: Draft, page: Page) -> list[tuple[int, ...]]:
    """Return the item indexes for which ``page`` exists in the draft (``[()]`` for a page
    about a fixed part of the answers)."""
    if page.item is None:
        return [()]
    found: list[tuple[int, ...]] = []
    parts = page.item.split("[]")

    def walk(prefix: AnswerPath, depth: int, indexes: tuple[int, ...]) -> None:
        segment = [p for p in parts[depth].split(".") if p]
        path = (*prefix, *segment)
        items = draft.get(path)
        if not isinstance(items, list):
            return
        for index in range(len(items)):
            if depth == len(parts) - 1:
                found.append((*indexes, index))
            else:
                walk((*path, index), depth + 1, (*indexes, index))

    walk((), 0, ())
    return found


@dataclass(frozen=True)
class Places:
    """Every question of every page instance in a draft, in questionnaire order, with the
    first question asking for each answers path."""

    every: tuple[Place, ...]
    by_path: dict[AnswerPath, Place]


def places(draft: Draft) -> Places:
    """Return every question of every page instance in the draft.

    Which questions there are depends only on how many items each repeatable group holds,
    so the result is cached by those counts: editing an answer does not change it.
    """
    return _places(tuple((page.slug, tuple(instances(draft, page)))
                         for page in pages().values()))


@lru_cache(maxsize=64)
def _places(shape: tuple[tuple[str, tuple[tuple[int, ...], ...]], ...]) -> Places:
    every = []
    by_path: dict[AnswerPath, Place] = {}
    for slug, found in shape:
        page = pages()[slug]
        for indexes in found:
            for question in page.questions:
                place = Place(page, indexes, concrete(question.pattern, indexes), question)
                every.append(place)
                by_path.setdefault(place.path, place)
    return Places(tuple(every), by_path)


def locate(diagnostic: Diagnostic, where: Places) -> Place | None:
    """Return the question a diagnostic belongs to: the one asking for its path, else the
    nearest one above it (a group, for an item), else the first one below it."""
    path = tuple(diagnostic.path)
    if not path:
        return None
    best = next((where.by_path[path[:end]] for end in range(len(path), 0, -1)
                 if path[:end] in where.by_path), None)
    if best is not None and best.path == path:
        return best
    every = where.every
    if best is not None and best.question.spec.kind is FieldKind.group and len(path) > len(
            best.path) and isinstance(path[len(best.path)], int):
        # Inside an item of a group: prefer a question on the item's own page.
        item = item_page(best.question.pattern)
        below = [p for p in every if p.page is item and p.path[:len(path)] == path]
        if below:
            return below[0]
    if best is not None:
        return best
    return next((place for place in every if place.path[:len(path)] == path), None)
