"""Drafts: answers whose sections are not all valid yet.

The questionnaire saves drafts with sections still missing, and ``validate`` reports on
them. :func:`draft_answers` builds an :class:`Answers` from the sections that are valid,
leaving the others unset, and :func:`judge` runs a rule on it: a rule that reads a section
that is not valid yet is not judged (it returns ``None``) instead of failing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from .answers import Answers

T = TypeVar("T")


@cache
def _adapter(section: str) -> TypeAdapter[Any]:
    return TypeAdapter(Answers.model_fields[section].annotation)


def draft_answers(data: Mapping[str, Any],
                  invalid: frozenset[str]) -> tuple[Answers, frozenset[str]]:
    """Return a draft holding every valid section of ``data``, and the sections it lacks.

    ``invalid`` names the sections already known to be invalid. A section that is absent
    from ``data`` and has a default takes it, as it would in a complete file.
    """
    sections: dict[str, Any] = {}
    for name, info in Answers.model_fields.items():
        if name in invalid:
            continue
        if name in data:
            try:
                sections[name] = _adapter(name).validate_python(data[name])
            except ValidationError:
                continue
        elif not info.is_required():
            sections[name] = info.get_default(call_default_factory=True)
    lacking = frozenset(Answers.model_fields) - frozenset(sections)
    return Answers.model_construct(**sections), lacking


def judge(rule: Callable[[Answers], T], answers: Answers) -> T | None:
    """Return ``rule(answers)``, or ``None`` when the rule reads a section ``answers`` lacks."""
    try:
        return rule(answers)
    except AttributeError as error:
        if error.obj is answers and error.name in Answers.model_fields:
            return None
        raise
