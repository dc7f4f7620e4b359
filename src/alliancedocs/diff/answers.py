"""Answer changes between two versions, list items matched by their ids, with plain labels.

Lists of parties, KRAs, KPIs, packages of works, ALT and AMT members and service contracts
are matched by their identifying field (``id``, ``provider``, ``party``), never by position,
so inserting a party reports one added party rather than every later party as changed. A
change of order is reported once for the list. Labels come from the JSON Schema's field
descriptions, so the diff speaks the same words as the editor's help.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any, get_args, get_origin, get_type_hints

Path = tuple[str | int, ...]

_IDENTIFIER = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# Fields that identify an item in a list, tried in this order.
_ID_FIELDS = ("id", "provider", "party", "name")


class ChangeKind(StrEnum):
    """What happened to one answer."""

    changed = "changed"
    added = "added"
    removed = "removed"
    reordered = "reordered"


@dataclass(frozen=True)
class AnswerChange:
    """One changed answer.

    ``path`` locates it in NEW (in OLD for a removal), as keys and list indexes, and
    ``old_path`` in OLD (in NEW for an addition). ``where`` is the same path written
    with item ids (``kras[recovery].weight``); ``label`` is the field's plain-English
    description; ``old`` and ``new`` are the JSON values (``None`` when absent).
    ``money`` says the field is a sum in pounds; ``schema_path`` is the field's path in
    the schema ("[]" for a list item).
    """

    kind: ChangeKind
    path: Path
    where: str
    label: str
    old: Any
    new: Any
    old_path: Path = ()
    money: bool = False
    schema_path: tuple[str, ...] = ()

    def covers(self, dotted: str, *, in_old: bool = False) -> bool:
        """Return True when this change is at, inside or above the dotted answer path
        ``dotted`` (such as ``governance.decision_rule`` or ``kras[0].weight``), read in
        NEW's indexes (OLD's when ``in_old``)."""
        mine = dotted_path(self.old_path if in_old else self.path)
        return mine == dotted or any(
            a.startswith(b + sep) for a, b in ((dotted, mine), (mine, dotted))
            for sep in (".", "["))


def dotted_path(path: Path) -> str:
    """Return ``path`` as the integrity report writes locations: ``kras[0].kpis[1].unit``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def diff_answers(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[AnswerChange]:
    """Return every changed answer between two JSON-shaped answer sets, in NEW's order."""
    found: list[AnswerChange] = []
    _diff(old, new, ((), ()), (), "", found)
    return found


Paths = tuple[Path, Path]


def _diff(old: Any, new: Any, paths: Paths, schema_path: tuple[str, ...], where: str,
          found: list[AnswerChange]) -> None:
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        keys = [*new, *(k for k in old if k not in new)]
        for key in keys:
            sub_where = f"{where}.{key}" if where else key
            sub_paths = ((*paths[0], key), (*paths[1], key))
            sub_schema = (*schema_path, key)
            if key not in old:
                found.append(_change(ChangeKind.added, sub_paths, sub_schema, sub_where,
                                     None, new[key]))
            elif key not in new:
                found.append(_change(ChangeKind.removed, sub_paths, sub_schema, sub_where,
                                     old[key], None))
            else:
                _diff(old[key], new[key], sub_paths, sub_schema, sub_where, found)
        return
    if isinstance(old, list) and isinstance(new, list):
        key = _id_field(old, new)
        if key is not None:
            _diff_by_id(old, new, key, paths, schema_path, where, found)
            return
        if old != new and _diff_by_value(old, new, paths, schema_path, where, found):
            return
    if old != new:
        found.append(_change(ChangeKind.changed, paths, schema_path, where, old, new))


def _id_field(old: Sequence[Any], new: Sequence[Any]) -> str | None:
    """Return the field that identifies the items of both lists, if they are records."""
    items = [*old, *new]
    if not items or not all(isinstance(i, Mapping) for i in items):
        return None
    for key in _ID_FIELDS:
        if all(isinstance(i.get(key), str) for i in items) and all(
                len({i[key] for i in side}) == len(side) for side in (old, new)):
            return key
    return None


def _diff_by_id(old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]], key: str,
                paths: Paths, schema_path: tuple[str, ...], where: str,
                found: list[AnswerChange]) -> None:
    old_ids = [item[key] for item in old]
    new_ids = [item[key] for item in new]
    renamed = _new_ids(old, new, key)
    kept_old = [i for i in old_ids if i in new_ids or i in renamed.values()]
    kept_new = [renamed.get(i, i) for i in new_ids if i in old_ids or i in renamed]
    item_schema = (*schema_path, "[]")
    if kept_old != kept_new:
        found.append(_change(ChangeKind.reordered, paths, schema_path, where,
                             kept_old, kept_new))
    old_index = {item[key]: index for index, item in enumerate(old)}
    for index, item in enumerate(new):
        ident = item[key]
        if ident in renamed:
            at = old_index[renamed[ident]]
            found.append(_change(ChangeKind.changed, ((*paths[0], index, key),
                                                      (*paths[1], at, key)),
                                 (*item_schema, key), f"{where}[{renamed[ident]}].{key}",
                                 renamed[ident], ident))
            continue
        item_where = f"{where}[{ident}]"
        at = old_index.get(ident, index)
        item_paths = ((*paths[0], index), (*paths[1], at))
        if ident not in old_index:
            found.append(_change(ChangeKind.added, item_paths, item_schema, item_where,
                                 None, dict(item)))
        else:
            _diff(old[at], item, item_paths, item_schema, item_where, found)
    for index, item in enumerate(old):
        if item[key] not in new_ids and item[key] not in renamed.values():
            found.append(_change(ChangeKind.removed, ((*paths[0], index), (*paths[1], index)),
                                 item_schema, f"{where}[{item[key]}]", dict(item), None))


def _new_ids(old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]],
             key: str) -> dict[str, str]:
    """Return {new id: old id} for each item that only NEW has whose every other answer
    equals that of an item only OLD has: the same item under a new id."""
    old_ids = {item[key] for item in old}
    new_ids = {item[key] for item in new}
    gone = [item for item in old if item[key] not in new_ids]
    renamed: dict[str, str] = {}
    for item in new:
        if item[key] in old_ids:
            continue
        rest = {k: v for k, v in item.items() if k != key}
        match = next((g for g in gone if g[key] not in renamed.values()
                      and {k: v for k, v in g.items() if k != key} == rest), None)
        if match is not None:
            renamed[item[key]] = match[key]
    return renamed


def _diff_by_value(old: Sequence[Any], new: Sequence[Any], paths: Paths,
                   schema_path: tuple[str, ...], where: str,
                   found: list[AnswerChange]) -> bool:
    """Report the items of a list without ids (principles, reserved powers, steps) one by
    one, matched by value: each item removed or added, and a new order once. Return False,
    reporting nothing, when an item occurs twice (then the whole list is shown)."""
    def key(item: Any) -> str:
        return json.dumps(item, sort_keys=True, default=str)

    old_keys, new_keys = [key(i) for i in old], [key(i) for i in new]
    if len(set(old_keys)) < len(old_keys) or len(set(new_keys)) < len(new_keys):
        return False

    def name(item: Any, index: int) -> str:
        """An identifier (``empathy``) names its item; any other item, its position."""
        if isinstance(item, str) and _IDENTIFIER.fullmatch(item):
            return f"{where}[{item}]"
        return f"{where}[{index}]"

    kept_old = [k for k in old_keys if k in new_keys]
    kept_new = [k for k in new_keys if k in old_keys]
    if kept_old != kept_new:
        shown = {k: _item_name(i) for k, i in zip(old_keys, old, strict=True)}
        found.append(_change(ChangeKind.reordered, paths, schema_path, where,
                             [shown[k] for k in kept_old], [shown[k] for k in kept_new]))
    item_schema = (*schema_path, "[]")
    for index, item in enumerate(old):
        if old_keys[index] not in new_keys:
            found.append(_change(ChangeKind.removed, ((*paths[0], index), (*paths[1], index)),
                                 item_schema, name(item, index), item, None))
    for index, item in enumerate(new):
        if new_keys[index] not in old_keys:
            found.append(_change(ChangeKind.added, ((*paths[0], index), (*paths[1], index)),
                                 item_schema, name(item, index), None, item))
    return True


def _item_name(item: Any) -> str:
    """Return how an item without an id is named in a list of the new order."""
    if isinstance(item, Mapping):
        text = next((v for v in item.values() if isinstance(v, str)), "an entry")
        return text if len(text) <= 50 else text[:49] + "…"
    return str(item)


def _change(kind: ChangeKind, paths: Paths, schema_path: tuple[str, ...], where: str,
            old: Any, new: Any) -> AnswerChange:
    return AnswerChange(kind, paths[0], where, field_label(schema_path), old, new, paths[1],
                        is_money(schema_path), tuple(schema_path))


def is_money(schema_path: Sequence[str]) -> bool:
    """Return True when the field at ``schema_path`` ("[]" for a list item) is a sum of
    money (the answers model's ``Money`` type)."""
    return _money(tuple(schema_path))


@cache
def _money(schema_path: tuple[str, ...]) -> bool:
    from ..model import Answers
    from ..model.base import Money

    hint: Any = Answers
    for part in schema_path:
        hint = _field_type(hint, part)
        if hint is None:
            return False
    return bool(hint == Money or Money in get_args(hint))


def _field_type(hint: Any, part: str) -> Any:
    """Return the type of field ``part`` ("[]": a list item) of the type ``hint``, looking
    through ``Optional`` and ``Annotated``; ``None`` if it has none."""
    from pydantic import BaseModel

    if part == "[]" and get_origin(hint) is list:
        return get_args(hint)[0]
    if part != "[]" and isinstance(hint, type) and issubclass(hint, BaseModel):
        return get_type_hints(hint, include_extras=True).get(part)
    for option in get_args(hint):
        found = _field_type(option, part)
        if found is not None:
            return found
    return None


# Labels from the schema ------------------------------------------------------------------

_FIRST_SENTENCE = re.compile(r"^(.+?[.:;])(\s|$)", re.DOTALL)
_CONDITION = re.compile(r"^((?:For|With) (?:`[^`]*`|[^:`])+):\s*(.+)$", re.DOTALL)
_EXAMPLE = re.compile(r",? such as `[^`]*`(?: or `[^`]*`)?")

# Fields whose description opens with their values rather than what they are.
_LABELS = {
    ("parties", "[]", "risk_share_role"): "Its role in the risk share (owner, participant "
    "or none)",
    ("governance", "tier"): "The alliance's tier (strategic, service or framework)",
    ("governance", "packages_of_works", "[]", "members", "[]"): "A party delivering the "
    "package",
    ("governance", "dispute_approach"): "How claims between the Parties over performance "
    "are dealt with",
    ("risk_share", "regime"): "The risk and reward regime",
    ("risk_share", "basis"): "Whether gain and pain are shared by the whole alliance or "
    "by each party",
    ("risk_share", "pain_cap", "basis"): "How the participants' pain is capped",
    ("risk_share", "distribution", "basis"): "How the participants' share is divided "
    "among them",
    ("risk_share", "payment", "mechanism"): "How the providers are paid",
    ("risk_share", "payment", "measured_against"): "What a contract-price payment is "
    "measured against",
    ("contracts", "service_contracts", "[]", "overlay"): "The form of the provider's own "
    "contract",
    ("alliance", "objectives", "[]"): "An objective",
    ("alliance", "outcomes", "statements", "[]"): "An outcome",
}


def field_label(schema_path: Sequence[str]) -> str:
    """Return the plain-English label of the field at ``schema_path`` ("[]" for a list
    item): the first sentence of its schema description (a condition such as "For a
    deferred risk share:" put after it in brackets, examples and code quotes left out),
    else its title."""
    return _label(tuple(schema_path))


@cache
def _label(schema_path: tuple[str, ...]) -> str:
    from ..schema import answers_schema

    if schema_path in _LABELS:
        return _LABELS[schema_path]
    schema = answers_schema()
    node: Mapping[str, Any] | None = schema
    for part in schema_path:
        node = _resolve(schema, node)
        if node is None:
            break
        node = node.get("items") if part == "[]" else node.get("properties", {}).get(part)
    if node is not None:
        described = _resolve(schema, node) or {}
        text = " ".join((node.get("description") or described.get("description") or "")
                        .split())
        condition = ""
        if found := _CONDITION.match(text):
            condition, text = found.group(1), found.group(2)
        if text:
            match = _FIRST_SENTENCE.match(text)
            sentence = (match.group(1) if match else text).rstrip(".:;")
            sentence = _EXAMPLE.sub("", sentence).replace("`", "")
            sentence = sentence[:1].upper() + sentence[1:]
            if condition:
                condition = condition.replace("`", "")
                sentence += f" ({condition[:1].lower()}{condition[1:]})"
            return sentence
    last = next((p for p in reversed(schema_path) if p != "[]"), "")
    return last.replace("_", " ").capitalize()


def _resolve(schema: Mapping[str, Any], node: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """Follow ``$ref`` (and a single-branch ``anyOf`` for optional fields) to a definition."""
    seen = 0
    while node is not None and seen < 10:
        seen += 1
        if "$ref" in node:
            node = schema.get("$defs", {}).get(node["$ref"].rsplit("/", 1)[-1])
        elif "anyOf" in node and "properties" not in node and "items" not in node:
            branches = [b for b in node["anyOf"] if b.get("type") != "null"]
            if len(branches) != 1:
                return node
            node = branches[0]
        else:
            return node
    return node
