"""The JSON Schema of the answers file, and the plain-English description of every field.

The descriptions come from the attribute docstrings in the model. Where a field's type
carries its own guidance (an identifier, a sum of money, a percentage), pydantic would show
only the type's guidance; here the field's own description comes first and the type's
guidance follows it, so editors show both.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import json
import textwrap
import typing
from functools import cache
from typing import Any

from pydantic import BaseModel

from .model import Answers

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of the generated schema."""

SCHEMA_ID = "urn:alliancedocs:schema:answers"
"""The identifier of the answers-file schema."""


def answers_schema() -> dict[str, Any]:
    """Return the JSON Schema of the answers file as a dictionary."""
    schema = Answers.model_json_schema(mode="validation")
    models = {cls.__name__: cls for cls in model_classes(Answers)}
    for name, definition in schema.get("$defs", {}).items():
        if name in models:
            _describe_properties(models[name], definition)
    _describe_properties(Answers, schema)
    schema["$schema"] = SCHEMA_DIALECT
    schema["$id"] = SCHEMA_ID
    schema["title"] = "alliancedocs answers file"
    schema["description"] = (
        "The answers from which alliancedocs drafts an alliance agreement and its schedules. "
        + (Answers.__doc__ or "").strip()
    )
    return schema


def schema_text() -> str:
    """Return the schema as deterministic JSON: sorted keys, 2-space indent, final newline."""
    return json.dumps(answers_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def model_classes(root: type[BaseModel]) -> list[type[BaseModel]]:
    """Return ``root`` and every model class reachable through its fields, root first."""
    found: list[type[BaseModel]] = []

    def visit(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation in found:
                return
            found.append(annotation)
            for info in annotation.model_fields.values():
                visit(info.annotation)
            return
        for argument in typing.get_args(annotation):
            visit(argument)

    visit(root)
    return found


def field_description(model: type[BaseModel], name: str) -> str:
    """Return the plain-English description of field ``name`` of ``model``.

    This is the field's attribute docstring, followed by the guidance of its type when the
    type has its own (such as the rules for identifiers). Returns "" if there is neither.
    """
    own = attribute_docstrings(model).get(name, "")
    info = model.model_fields.get(name)
    typed = (info.description or "") if info is not None else ""
    parts = [text for text in (own, typed) if text]
    if len(parts) == 2 and parts[0].split() == parts[1].split():
        parts = parts[:1]
    return "\n\n".join(parts)


@cache
def attribute_docstrings(model: type[BaseModel]) -> dict[str, str]:
    """Return the docstrings written under the fields of ``model`` (and its bases)."""
    docs: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)) or cls is BaseModel:
            continue
        try:
            source = textwrap.dedent(inspect.getsource(cls))
        except (OSError, TypeError):
            continue
        tree = ast.parse(source)
        body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
        for statement, following in itertools.pairwise(body):
            if (isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)
                    and isinstance(following, ast.Expr)
                    and isinstance(following.value, ast.Constant)
                    and isinstance(following.value.value, str)):
                docs[statement.target.id] = inspect.cleandoc(following.value.value)
    return docs


def _describe_properties(model: type[BaseModel], definition: dict[str, Any]) -> None:
    for name, prop in definition.get("properties", {}).items():
        description = field_description(model, name)
        if description:
            prop["description"] = description
