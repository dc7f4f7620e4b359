"""The answers fields as the questionnaire sees them, read from the answers JSON Schema.

Every field's type, choices, whether it is required, its limits, its default and its help
come from the schema that :mod:`alliancedocs.schema` generates from the pydantic model; the
questionnaire keeps no second copy of them. A field is named by its *pattern*: the dotted
path with ``[]`` for a list item, such as ``parties[].signatory.name``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..model import Answers
from ..schema import answers_schema, model_classes


class Kind(StrEnum):
    """How a field's value is typed, which decides the control that asks for it."""

    text = "text"
    """A short line of text (at most 200 characters)."""
    long_text = "long-text"
    """A paragraph of text."""
    identifier = "identifier"
    """A short lower-case identifier."""
    integer = "integer"
    money = "money"
    percent = "percent"
    decimal = "decimal"
    date = "date"
    boolean = "boolean"
    choice = "choice"
    """One value from a fixed set."""
    choices = "choices"
    """Several values from a fixed set."""
    lines = "lines"
    """A list of texts, one per line."""
    identifiers = "identifiers"
    """A list of identifiers."""
    group = "group"
    """A repeatable group: a list of objects, each with fields of its own."""


NO_DEFAULT = object()
"""The default of a field that has none."""


@dataclass(frozen=True)
class FieldSpec:
    """One field of the answers, as described by the schema."""

    pattern: str
    kind: Kind
    required: bool
    help: str
    choices: tuple[str, ...] = ()
    default: Any = NO_DEFAULT
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None
    min_items: int = 0
    nullable: bool = False

    @property
    def key(self) -> str:
        """Return the field's own key, the last part of its pattern."""
        return self.pattern.rsplit(".", 1)[-1].removesuffix("[]")


@dataclass(frozen=True)
class ObjectSpec:
    """A mapping in the answers: its pattern, its keys in schema order, and its title."""

    pattern: str
    keys: tuple[str, ...]
    title: str


@cache
def schema_fields() -> dict[str, FieldSpec]:
    """Return every leaf field and repeatable group of the answers, in schema order."""
    fields, _ = _walk()
    return fields


@cache
def schema_objects() -> dict[str, ObjectSpec]:
    """Return every mapping of the answers (``""`` is the top level), keyed by pattern."""
    _, objects = _walk()
    return objects


def pattern_of(path: tuple[str | int, ...]) -> str:
    """Return the pattern of a concrete path: ``("parties", 0, "id")`` → ``parties[].id``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += "[]"
        else:
            out += f".{part}" if out else part
    return out


def _walk() -> tuple[dict[str, FieldSpec], dict[str, ObjectSpec]]:
    schema = answers_schema()
    defs = schema["$defs"]
    fields: dict[str, FieldSpec] = {}
    objects: dict[str, ObjectSpec] = {}

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        if "$ref" in node:
            return defs[node["$ref"].rsplit("/", 1)[-1]]
        return node

    models = {cls.__name__: cls for cls in model_classes(Answers)}

    def visit_object(node: dict[str, Any], prefix: str) -> None:
        properties = node.get("properties", {})
        model = models.get(node.get("title", ""), Answers if not prefix else None)
        objects[prefix] = ObjectSpec(prefix, tuple(properties), node.get("title", ""))
        required = set(node.get("required", ()))
        for key, prop in properties.items():
            pattern = f"{prefix}.{key}" if prefix else key
            visit_field(prop, pattern, key in required, model)

    def visit_field(prop: dict[str, Any], pattern: str, required: bool,
                    owner: type[BaseModel] | None) -> None:
        options = _flatten([resolve(o) for o in prop.get("anyOf", [prop])])
        nullable = any(o.get("type") == "null" for o in options)
        options = [o for o in options if o.get("type") != "null"]
        types = {o.get("type") for o in options}
        default = prop.get("default", NO_DEFAULT)
        if default is NO_DEFAULT and not required and owner is not None:
            default = _json_default(owner.model_fields[pattern.rsplit(".", 1)[-1]])
        main = options[0]
        if main.get("type") == "object" or "properties" in main:
            visit_object(main, pattern)
            return
        common = {
            "pattern": pattern, "required": required,
            "help": prop.get("description", main.get("description", "")),
            "default": default, "nullable": nullable,
        }
        if types == {"number", "string"}:
            numeric = next(o for o in options if o.get("type") == "number")
            text = f"{common['help']} {prop.get('anyOf', [{}])[0].get('description', '')}"
            kind = (Kind.percent if numeric.get("maximum") == 100 else
                    Kind.money if "in pounds" in text else Kind.decimal)
            fields[pattern] = FieldSpec(kind=kind, minimum=numeric.get("minimum"),
                                        maximum=numeric.get("maximum"), **common)
        elif "enum" in main:
            fields[pattern] = FieldSpec(kind=Kind.choice, choices=tuple(main["enum"]), **common)
        elif main.get("type") == "array":
            item = resolve(main["items"])
            min_items = main.get("minItems", 0)
            if item.get("type") == "object":
                fields[pattern] = FieldSpec(kind=Kind.group, min_items=min_items, **common)
                visit_object(item, pattern + "[]")
            elif "enum" in item:
                fields[pattern] = FieldSpec(kind=Kind.choices, choices=tuple(item["enum"]),
                                            min_items=min_items, **common)
            elif "pattern" in item:
                fields[pattern] = FieldSpec(kind=Kind.identifiers, min_items=min_items,
                                            **common)
            else:
                fields[pattern] = FieldSpec(kind=Kind.lines, min_items=min_items,
                                            max_length=item.get("maxLength"), **common)
        elif main.get("type") == "integer":
            fields[pattern] = FieldSpec(kind=Kind.integer, minimum=main.get("minimum"),
                                        maximum=main.get("maximum"), **common)
        elif main.get("type") == "boolean":
            fields[pattern] = FieldSpec(kind=Kind.boolean, **common)
        elif main.get("format") == "date":
            fields[pattern] = FieldSpec(kind=Kind.date, **common)
        elif "pattern" in main:
            fields[pattern] = FieldSpec(kind=Kind.identifier, max_length=main.get("maxLength"),
                                        **common)
        else:
            length = main.get("maxLength")
            kind = Kind.long_text if length is not None and length > 200 else Kind.text
            fields[pattern] = FieldSpec(kind=kind, max_length=length, **common)

    visit_object(schema, "")
    return fields, objects


def _json_default(info: FieldInfo) -> Any:
    """Return a field's default from the model (for a default factory), as JSON data."""
    value = info.get_default(call_default_factory=True)
    if isinstance(value, list):
        return [str(item) for item in value]
    return NO_DEFAULT if value is None else value


def _flatten(options: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return ``anyOf`` options with nested ``anyOf`` lists spliced in."""
    flat: list[dict[str, Any]] = []
    for option in options:
        flat.extend(_flatten(option["anyOf"]) if "anyOf" in option else [option])
    return flat
