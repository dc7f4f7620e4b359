"""Between HTML forms and answers: field names, reading a posted page, showing answers.

A form field is named by its concrete answers path joined with dots
(``parties.0.signatory.name``); a date is three fields (``.day``, ``.month``, ``.year``). A
posted value is turned into the answer it most plainly means (a number, a date, a yes or
no), and left as the text typed when it means none of them: judging whether an answer is
valid is the core's job, and the core's diagnostics say what is wrong with it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from .. import labels
from ..diagnostics import Diagnostic
from .catalogue import Page, Question, choice_label
from .fields import NO_DEFAULT, FieldSpec, Kind
from .store import MISSING, Draft

AnswerPath = tuple[str | int, ...]

PRESENT = "._present"
"""Suffix of the hidden field that says a list of checkboxes was on the form, so that none
ticked means an empty list rather than no answer."""


def concrete(pattern: str, indexes: tuple[int, ...]) -> AnswerPath:
    """Return the answers path of ``pattern`` with its ``[]`` filled from ``indexes``."""
    path: list[str | int] = []
    remaining = list(indexes)
    for part in pattern.split("."):
        key = part.removesuffix("[]")
        path.append(key)
        if part.endswith("[]"):
            path.append(remaining.pop(0))
    return tuple(path)


def field_name(path: AnswerPath) -> str:
    """Return the form field name of an answers path."""
    return ".".join(str(part) for part in path)


def field_id(path: AnswerPath) -> str:
    """Return the HTML id of the control for an answers path."""
    return "f-" + "-".join(str(part) for part in path).replace("_", "-")


def parse_path(text: str) -> AnswerPath | None:
    """Return the answers path named by ``text`` (``parties.0``), or ``None`` if malformed."""
    if not re.fullmatch(r"[a-z_]+(\.([a-z_]+|\d{1,4}))*", text):
        return None
    return tuple(int(p) if p.isdigit() else p for p in text.split("."))


@dataclass
class Option:
    """One choice offered for a question."""

    value: str
    label: str
    checked: bool


@dataclass
class Asked:
    """A question as asked on one page: where its answer goes and what it shows now."""

    question: Question
    path: AnswerPath
    value: Any
    """The answer shown: text for text boxes, a list of values for checkboxes, a
    ``(day, month, year)`` tuple for a date."""
    options: list[Option] = field(default_factory=list)
    shown: bool = True
    answered: bool = False
    """Whether the file holds an answer for this question (then it is never hidden)."""
    when_field: str = ""
    when_values: tuple[str, ...] = ()
    errors: list[Diagnostic] = field(default_factory=list)
    flags: list[Diagnostic] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)
    """Notes on how the answer will read in the draft (:mod:`alliancedocs.answer_voice`)."""
    items: list[Item] = field(default_factory=list)

    @property
    def spec(self) -> FieldSpec:
        """Return the schema's description of the field."""
        return self.question.spec

    @property
    def name(self) -> str:
        """Return the form field name."""
        return field_name(self.path)

    @property
    def id(self) -> str:
        """Return the HTML id of the control (the first control, for a group of them)."""
        return field_id(self.path)

    @property
    def first_id(self) -> str:
        """Return the HTML id an error link should focus."""
        kind = self.spec.kind
        if kind is Kind.date:
            return self.id + "-day"
        if kind in (Kind.boolean, Kind.choices, Kind.identifiers) or (
                kind is Kind.choice and len(self.options) <= RADIO_LIMIT):
            return self.id + "-0"
        if kind is Kind.group:
            return self.id + "-add"
        return self.id


@dataclass
class Item:
    """One item of a repeatable group, as listed on its parent page."""

    index: int
    title: str
    url: str
    path: AnswerPath
    errors: int = 0
    flags: int = 0


RADIO_LIMIT = 7
"""A choice with more options than this is a drop-down list rather than radio buttons."""


def read_page(page: Page, indexes: tuple[int, ...], form: Mapping[str, Any],
              getlist: Any) -> dict[AnswerPath, Any]:
    """Return the answers posted for the questions of ``page``; :data:`MISSING` for blanks.

    Questions whose fields are not on the posted form (a group, or a control the page did
    not show) are left out, so their answers stay as they are.
    """
    answers: dict[AnswerPath, Any] = {}
    for question in page.questions:
        spec = question.spec
        path = concrete(question.pattern, indexes)
        name = field_name(path)
        kind = spec.kind
        if kind is Kind.group:
            continue
        if kind in (Kind.choices, Kind.identifiers):
            if name + PRESENT in form:
                answers[path] = [v for v in getlist(name) if v]
            continue
        if kind is Kind.date:
            parts = [form.get(f"{name}.{p}") for p in ("day", "month", "year")]
            if all(p is None for p in parts):
                continue
            answers[path] = _date(*(str(p or "").strip() for p in parts))
            continue
        if name not in form:
            continue
        answers[path] = parse_value(spec, str(form[name]))
    return answers


def parse_value(spec: FieldSpec, text: str) -> Any:
    """Return the answer that ``text`` typed for the field ``spec`` plainly means."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return MISSING
    kind = spec.kind
    if kind is Kind.boolean:
        return {"true": True, "false": False}.get(text, text)
    if kind is Kind.integer:
        plain = text.replace(",", "")
        return int(plain) if re.fullmatch(r"-?\d{1,12}", plain) else text
    if kind in (Kind.money, Kind.percent, Kind.decimal):
        plain = text.replace(",", "").removeprefix("£").removesuffix("%").strip()
        if not re.fullmatch(r"-?\d{1,15}(\.\d{1,15})?", plain):
            return text
        try:
            return Decimal(plain)
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            return text
    if kind is Kind.lines:
        lines = [line.strip() for line in text.split("\n")]
        return [line for line in lines if line] or MISSING
    return text


def _date(day: str, month: str, year: str) -> Any:
    if not (day or month or year):
        return MISSING
    if day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4:
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            pass
    return f"{year}-{month.zfill(2)}-{day.zfill(2)}"


def same(a: Any, b: Any) -> bool:
    """Return whether two answers mean the same (``50`` and ``50.00`` do, as numbers)."""
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if _numeric(a) and _numeric(b) and not (isinstance(a, str) and isinstance(b, str)):
        return Decimal(str(a)) == Decimal(str(b))
    if isinstance(a, date) or isinstance(b, date):
        return str(a) == str(b)
    return bool(a == b)


def _numeric(value: Any) -> bool:
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return True
    return isinstance(value, str) and re.fullmatch(r"-?\d+(\.\d+)?", value) is not None


def changes(draft: Draft, posted: dict[AnswerPath, Any],
            defaults: Mapping[AnswerPath, Any]) -> dict[AnswerPath, Any]:
    """Return only the posted answers that change the file.

    An answer equal to the one in the file is no change; so is an answer equal to the
    model's default for a key the file leaves out, which keeps hand-written files short.
    """
    changed: dict[AnswerPath, Any] = {}
    for path, value in posted.items():
        old = draft.get(path)
        if old is MISSING:
            if value is MISSING:
                continue
            default = defaults.get(path, NO_DEFAULT)
            if default is not NO_DEFAULT and default is not None and same(value, default):
                continue
        elif value is not MISSING and same(value, old):
            continue
        changed[path] = value
    return changed


def shown_value(spec: FieldSpec, value: Any) -> Any:
    """Return an answer (or the default, for a missing one) as a control shows it."""
    if value is MISSING:
        value = spec.default if spec.default is not NO_DEFAULT else None
    kind = spec.kind
    if value is None:
        return ("", "", "") if kind is Kind.date else [] if kind in (
            Kind.choices, Kind.identifiers) else ""
    if kind is Kind.date:
        parts = str(value).split("-")
        if len(parts) == 3 and all(p.strip().isdigit() for p in parts):
            year, month, day = (p.strip() for p in parts)
            return (str(int(day)), str(int(month)), year)
        return ("", "", str(value))
    if kind in (Kind.choices, Kind.identifiers):
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]
    if kind is Kind.lines:
        return "\n".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if kind is Kind.boolean:
        return "true" if value is True else "false" if value is False else str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def human(spec: FieldSpec, value: Any, party_names: Mapping[str, str]) -> str:
    """Return an answer in words for the review page ("Not answered" when missing)."""
    if value is MISSING or value is None or value == []:
        if spec.default not in (NO_DEFAULT, None, []) and value is MISSING:
            return human(spec, spec.default, party_names) + " (the default)"
        return "Not answered"
    kind = spec.kind
    if kind is Kind.boolean:
        return {True: "Yes", False: "No"}.get(value, str(value))
    if kind is Kind.money and _numeric(value):
        return labels.money(Decimal(str(value)))
    if kind is Kind.percent and _numeric(value):
        return labels.percent(Decimal(str(value)))
    if kind is Kind.choice:
        return choice_label(str(value), spec.pattern)
    if kind is Kind.choices:
        return "; ".join(choice_label(str(v), spec.pattern) for v in value)
    if kind is Kind.identifiers:
        return "; ".join(party_names.get(str(v), str(v)) for v in value)
    if kind is Kind.lines and isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if kind is Kind.date:
        try:
            return labels.longdate(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    if kind is Kind.identifier and str(value) in party_names:
        return f"{party_names[str(value)]} ({value})"
    return str(value)
