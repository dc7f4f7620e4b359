"""Read an answers file into a typed :class:`~alliancedocs.model.Answers`, or report every
problem in it, each placed at ``file:line:col`` with its field path and a plain-English hint.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from .errors import InputError, Problem, in_file_order
from .load import LoadedYaml, format_path, load_yaml, load_yaml_text
from .model import Answers
from .model_problems import model_problem
from .validation import check_answers


def read_answers(path: Path) -> Answers:
    """Load, validate and cross-check the answers file at ``path``.

    Raises :class:`InputError` listing all problems found, in file order.
    """
    return validate_loaded(load_yaml(path))


def read_answers_text(text: str, name: str) -> Answers:
    """Like :func:`read_answers`, for answers held in memory; ``name`` labels the problems."""
    return validate_loaded(load_yaml_text(text, name))


def validate_loaded(loaded: LoadedYaml) -> Answers:
    """Validate loaded YAML data against the model, then run the cross-field checks."""
    try:
        answers = Answers.model_validate(loaded.data)
    except ValidationError as error:
        problems = [model_problem(loaded, detail) for detail in error.errors(include_url=False)]
        raise InputError(in_file_order(problems)) from None
    problems = []
    for found in check_answers(answers):
        position = loaded.locate(found.path, key=found.at_key)
        problems.append(Problem(loaded.file, position.line, position.column,
                                format_path(found.path), found.message, found.hint))
    if problems:
        raise InputError(in_file_order(problems))
    return answers
