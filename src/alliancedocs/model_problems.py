"""Pydantic's validation errors, translated into located problems with plain-English hints.

Each error becomes a :class:`~alliancedocs.errors.Problem` at the ``file:line:col`` of the
value (or of the key, for an unknown key), with a message in the user's terms and a hint
drawn from the error's kind and the field's own description.
"""

from __future__ import annotations

import re
import typing
from decimal import Decimal
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from .diagnostics import Diagnostic, FieldPath, input_problem, invisible_characters, visible
from .errors import closest, shorten
from .load import LoadedYaml
from .model import Answers
from .schema import field_description

_CODES = {
    "missing": "missing",
    "extra_forbidden": "unknown-key",
    "enum": "invalid-choice",
    "literal_error": "invalid-choice",
}
"""Problem codes for pydantic's error kinds; other kinds keep their own name, hyphenated."""


def model_problem(loaded: LoadedYaml, detail: ErrorDetails) -> Diagnostic:
    """Return one of pydantic's errors as a problem placed in ``loaded``'s source file."""
    path: FieldPath = tuple(part for part in detail["loc"] if isinstance(part, str | int))
    kind = detail["type"]
    given = detail.get("input")
    ctx = detail.get("ctx") or {}
    model = _model_at(path[:-1])
    name = path[-1] if path else ""
    description = field_description(model, name) if model and isinstance(name, str) else ""
    message, hint = _explain(kind, name, given, ctx, detail["msg"], model, description)
    position = loaded.locate(path, key=kind == "extra_forbidden")
    code = _CODES.get(kind, kind.replace("_", "-"))
    return input_problem(loaded.file, position.line, position.column, path, message, hint,
                         code=code)


def _explain(kind: str, name: object, given: Any, ctx: dict[str, Any], msg: str,
             model: type[BaseModel] | None, description: str) -> tuple[str, str]:
    """Return a plain-English message and hint for one pydantic error."""
    shown = _show(given)
    first_sentence = description.split("\n\n")[0].replace("\n", " ") if description else ""
    if kind == "missing":
        hint = f"add `{name}`: {_lower_first(first_sentence)}" if first_sentence else (
            f"add `{name}`")
        return f"the required field `{name}` is missing", hint
    if kind == "extra_forbidden":
        return _unknown_key(str(name), sorted(model.model_fields) if model else [])
    if kind == "enum" or kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        close = closest(str(given), allowed)
        listed = ", ".join(f"`{value}`" for value in allowed)
        prefix = f"did you mean `{close}`? " if close else ""
        return f"{shown} is not one of the allowed values", f"{prefix}use one of: {listed}"
    if kind == "decimal_max_places":
        places = ctx.get("decimal_places", 2)
        if _is_percent(description):
            return (f"{shown} has more than {places} decimal places",
                    f"percentages have at most {places} decimal places, such as 12.50")
        return (f"{shown} has more than {places} decimal places",
                f"money has at most {places} decimal places (pence), such as 1250000.50")
    if kind in ("decimal_max_digits", "decimal_whole_digits"):
        return f"{shown} has too many digits", "check the amount; it is larger than any budget"
    if kind in ("decimal_parsing", "decimal_type", "float_parsing", "float_type"):
        if _is_percent(description):
            return (f"{shown} is not a number",
                    "write the percentage as a number without the % sign, such as 12.5")
        return (f"{shown} is not a number",
                "write the number with digits and a decimal point only, without £, commas or "
                "spaces, for example 1250000.00")
    if kind == "finite_number":
        return f"{shown} is not a finite number", "give an ordinary number"
    if kind == "int_parsing_size":
        return f"{shown} is too large", "give a whole number of ordinary size, such as 12"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{shown} is not a whole number", "give a whole number, such as 12"
    if kind in ("bool_parsing", "bool_type"):
        return f"{shown} is not yes or no", "write `true` or `false`"
    if kind.startswith(("date_", "datetime_")):
        reason = ctx.get("error")
        because = f" ({reason})" if reason else ""
        return (f"{shown} is not a valid date{because}",
                "write the date as YYYY-MM-DD, such as 2026-04-01, and check that the day exists "
                "in that month")
    if kind == "string_type":
        return (f"{shown} is not text",
                "put the value in quotes so that it is read as text, such as \"01234567\"")
    if kind == "text_character":
        return (f"{msg} (character {ctx.get('position')} of the text)",
                "delete it; such characters usually come from pasting out of another "
                "program. Line breaks and tabs are fine: each becomes a space")
    if kind == "string_too_short":
        return "the value is empty", "write something here, or remove the key if it is optional"
    if kind == "string_too_long":
        return (f"the text is longer than {ctx.get('max_length')} characters",
                "shorten it; long explanations belong in the agreement's schedules")
    if kind == "string_pattern_mismatch":
        return (f"{shown} is not a valid identifier",
                "use lower-case letters, digits and single hyphens, starting with a letter, "
                "such as `lambeth-council`")
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        return f"{shown} is too small", f"the value must be at least {bound}"
    if kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        return f"{shown} is too large", f"the value must be at most {bound}"
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        entries = "entry" if least == 1 else "entries"
        return (f"the list needs at least {least} {entries}",
                f"this list holds {_lower_first(first_sentence)}" if first_sentence
                else f"add at least {least} {entries}")
    if kind == "list_type":
        return (f"{shown} is not a list",
                "write each entry on its own line, starting with `- `")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return (f"{shown} is not a mapping",
                "write the fields of this section indented beneath its key, as `key: value`")
    return msg, first_sentence


def _unknown_key(name: str, allowed: list[str]) -> tuple[str, str]:
    """Return the message and hint for the unknown key ``name`` among ``allowed`` keys."""
    hidden = invisible_characters(name)
    if hidden:
        return (f"unknown key `{visible(name)}`",
                f"the key holds the invisible character U+{ord(hidden[0]):04X}, often pasted "
                "from Word or a web page; delete it and retype the key")
    if name == "<<":
        return ("unknown key `<<`",
                "merge keys (`<<: *name`) are not supported; write the fields out in full")
    close = closest(name, allowed)
    if close:
        return f"unknown key `{name}`", f"did you mean `{close}`?"
    listed = ", ".join(f"`{key}`" for key in allowed)
    return f"unknown key `{name}`", f"the keys allowed here are: {listed}"


def _model_at(path: FieldPath) -> type[BaseModel] | None:
    """Return the model class whose fields sit at ``path``, or None if it cannot be found."""
    current: Any = Answers
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _model_in(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


def _is_percent(description: str) -> bool:
    return "percentage" in description.lower()


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:1].isupper() and not text[1:2].isupper() else text


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "this mapping"
    if isinstance(value, list):
        return "this list"
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    text = str(value)
    if isinstance(value, Decimal) and value.is_finite() and abs(value.adjusted()) <= 30:
        text = format(value, "f")
    return f"`{shorten(text)}`"
