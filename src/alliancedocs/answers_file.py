"""Read an answers file into a typed :class:`~alliancedocs.model.Answers`, or report every
problem in it, each placed at ``file:line:col`` with its field path and a plain-English hint.

:func:`check_loaded` also accepts drafts (answers with sections missing or still invalid):
it reports their problems and keeps every valid section, so later stages can judge what
they already can.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from .diagnostics import Diagnostic, in_file_order, input_problem
from .errors import InputError
from .load import LoadedYaml, load_yaml, load_yaml_text
from .model import Answers
from .model.draft import draft_answers
from .model_problems import model_problem
from .validation import check_answers


@dataclass(frozen=True)
class Checked:
    """Answers after the model and the cross-field checks.

    ``answers`` is set only when there are no problems. ``draft`` always holds the sections
    that are valid on their own (all of them for complete answers); ``lacking`` names the
    sections it does not have.
    """

    answers: Answers | None
    draft: Answers
    lacking: frozenset[str]
    problems: tuple[Diagnostic, ...]


def read_answers(path: Path) -> Answers:
    """Load, validate and cross-check the answers file at ``path``.

    Raises :class:`InputError` listing all problems found, in file order.
    """
    return validate_loaded(load_yaml(path))


def read_answers_text(text: str, name: str) -> Answers:
    """Like :func:`read_answers`, for answers held in memory; ``name`` labels the problems."""
    return validate_loaded(load_yaml_text(text, name))


def validate_loaded(loaded: LoadedYaml) -> Answers:
    """Validate loaded YAML data against the model, then run the cross-field checks.

    Raises :class:`InputError` listing all problems found, in file order.
    """
    checked = check_loaded(loaded)
    if checked.answers is None:
        raise InputError(list(checked.problems))
    return checked.answers


def check_loaded(loaded: LoadedYaml) -> Checked:
    """Check loaded YAML data, complete or a draft, and return every problem in file order."""
    problems: list[Diagnostic] = []
    try:
        answers: Answers | None = Answers.model_validate(loaded.data)
    except ValidationError as error:
        details = error.errors(include_url=False)
        problems = [model_problem(loaded, detail) for detail in details]
        invalid = frozenset(str(d["loc"][0]) for d in details if d["loc"])
        if any(not d["loc"] for d in details):  # the top level itself is wrong
            invalid = frozenset(Answers.model_fields)
        answers = None
        draft, lacking = draft_answers(loaded.data, invalid)
    else:
        draft, lacking = answers, frozenset()
    for found in check_answers(draft):
        position = loaded.locate(found.path, key=found.at_key)
        problems.append(input_problem(loaded.file, position.line, position.column, found.path,
                                found.message, found.hint, code=found.code))
    if problems:
        answers = None
    return Checked(answers, draft, lacking, tuple(in_file_order(problems)))
