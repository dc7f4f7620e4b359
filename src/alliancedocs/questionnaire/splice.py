"""Replace values in YAML text, leaving every other character as it was.

The answers file keeps its author's layout when an answer changes: only the characters of
the changed value are rewritten. A one-line scalar is replaced in place; a text of several
lines becomes a literal block (``|-``, or a refilled ``>-`` where the file folded it) and a
list of one-line values a block list (or a flow list, where the file wrote one), each in the
place of the old value's text. A removed answer takes its lines with it; a new one gets a
line of its own in its mapping, where the schema orders it. This module only finds and
replaces the text; the store keeps the result only if the project's loader reads back
exactly the answers intended.
"""

from __future__ import annotations

import itertools
import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

import yaml

from ..load import LoadedYaml
from .fields import pattern_of, schema_objects

AnswerPath = tuple[str | int, ...]


def replace_values(text: str, source: LoadedYaml, changes: dict[AnswerPath, Any], *,
                   absent: object) -> str | None:
    """Return ``text`` with the value at each changed path replaced, or removed with its key
    where the new value is ``absent``; or ``None`` when a change cannot be made in place (a
    new key, a mapping left empty, a value with comments inside it, and so on)."""
    if "\r" in text:
        return None
    starts = _line_starts(text)
    edits: list[tuple[int, int, str]] = []
    nodes: Any = None
    for path, value in changes.items():
        position = source.values.get(path)
        if position is None:
            nodes = _compose(text) if nodes is None else nodes
            addition = None if value is absent else _addition(text, nodes, source, path,
                                                               value, starts)
            if addition is None:
                return None
            edits.append(addition)
            continue
        at = starts[position.line - 1] + position.column - 1
        if value is absent:
            nodes = _compose(text) if nodes is None else nodes
            removal = _removal(text, nodes, source, path, at, starts)
            if removal is None:
                return None
            edits.append(removal)
            continue
        replacement = scalar_text(value)
        if path not in source.containers and replacement is not None:
            line_start = starts[position.line - 1]
            line_end = text.find("\n", at)
            line = text[line_start:len(text) if line_end < 0 else line_end]
            end = _scalar_end(line, at - line_start)
            if end is not None:
                edits.append((at, line_start + end, replacement))
                continue
        if nodes is None:
            nodes = _compose(text)
        edit = _block_edit(text, nodes, source, path, at, value)
        if edit is None:
            return None
        edits.append(edit)
    edits.sort()
    if any(earlier[1] > later[0] for earlier, later in itertools.pairwise(edits)):
        return None
    for start, end, replacement in reversed(edits):
        text = text[:start] + replacement + text[end:]
    return text


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(match.end() for match in re.finditer("\n", text))
    return starts


def _compose(text: str) -> Any:
    """Return the YAML nodes of ``text`` (already read by the project's loader, so within
    its limits), with the start and end of each value's text."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.compose(text, Loader=loader)


def _node_at(root: Any, path: AnswerPath) -> Any:
    node = root
    for part in path:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(
                node.value):
            node = node.value[part]
        else:
            return None
        if node is None:
            return None
    return node


def _block_edit(text: str, root: Any, source: LoadedYaml, path: AnswerPath, at: int,
                value: Any) -> tuple[int, int, str] | None:
    """Return the edit writing ``value`` in the place of the whole text of the value at
    ``path`` (a mapping's entry), or ``None``: a scalar over one line or several, or a list
    of one-line values."""
    node = _node_at(root, path)
    key = source.keys.get(path)
    if node is None or key is None or node.start_mark.index != at:
        return None  # not there, not a mapping's entry, or reached through an alias
    # A block list's text runs on to the next key, over any comment before it: it ends
    # where its last item does.
    last = node.value[-1] if isinstance(node, yaml.SequenceNode) and node.value and not (
        node.flow_style) else node
    end = last.end_mark.index
    while end > at and text[end - 1] in " \n":
        end -= 1
    old = text[at:end]
    indent = " " * (key.column - 1 + 2)
    one_line = scalar_text(value)
    if isinstance(node, yaml.ScalarNode) and (one_line is not None or isinstance(value, str)):
        lines = value.split("\n") if isinstance(value, str) else [one_line]
        if one_line is None and not _literal_ok(lines):
            return None
        kept = ""
        header = re.match(r"[|>][0-9+-]*", old)
        if header is not None:  # keep a comment after the old block's indicator
            first_line = old.split("\n", 1)[0][header.end():]
            kept = first_line if first_line.strip().startswith("#") else ""
        elif "\n" not in old:  # keep a comment after a one-line value
            line_end = text.find("\n", end)
            rest = text[end:len(text) if line_end < 0 else line_end]
            if rest.strip() and not rest.strip().startswith("#"):
                return None
            end += len(rest)
            kept = rest
        if header is not None and header.group().startswith(">") and isinstance(
                value, str) and len(lines) == 1:
            width = max(60, *(len(line) for line in old.split("\n")[1:]))
            folded = _folded(value, width - len(indent))
            if folded is not None:
                return at, end, ">-" + kept + "\n" + "\n".join(indent + f for f in folded)
        if one_line is not None:
            return at, end, one_line + kept
        return at, end, "|-" + kept + _literal_body(lines, indent)
    # A list whose text holds a "#" may hold comments between its items: left to ruamel.
    if isinstance(value, list) and isinstance(node, yaml.SequenceNode) and value and (
            "#" not in old):
        before = _value_at(source.data, path)
        items = [_item_text(text, node, before, index, item) for index, item in enumerate(value)]
        if any(item is None for item in items):
            return None
        if old.startswith("["):
            return at, end, "[" + ", ".join(items) + "]"  # type: ignore[arg-type]
        dash = " " * (node.start_mark.column)
        return at, end, ("\n" + dash).join(f"- {item}" for item in items)
    return None


def _literal_ok(lines: list[str]) -> bool:
    """Return whether a literal block (``|-``) gives back these lines as they are."""
    return bool(lines[0]) and lines[0][0] not in " \t" and all(
        line == line.rstrip(" \t") for line in lines)


def _literal_body(lines: list[str], indent: str) -> str:
    return "".join("\n" + (indent + line if line else "") for line in lines)


def _addition(text: str, root: Any, source: LoadedYaml, path: AnswerPath, value: Any,
              starts: list[int]) -> tuple[int, int, str] | None:
    """Return the edit adding the entry ``path: value`` to a block mapping already in the
    file, where the schema orders it among the keys there (before the comment lines that
    lead in to the next key), or ``None``."""
    parent_path, key = path[:-1], path[-1]
    parent = _node_at(root, parent_path)
    if not isinstance(key, str) or not isinstance(parent, yaml.MappingNode) or not (
            parent.value) or parent.flow_style:
        return None
    where = source.values.get(parent_path)
    if where is None or parent.start_mark.line + 1 != where.line:
        return None  # reached through an alias
    column = parent.value[0][0].start_mark.column
    rendered = _entry_text(value, " " * (column + 2))
    if rendered is None:
        return None
    entry = " " * column + key + ":" + rendered
    order = schema_objects().get(pattern_of(parent_path))
    keys = list(order.keys) if order else []
    rank = keys.index(key) if key in keys else len(keys)
    later = next((k for k, _ in parent.value
                  if k.value in keys and keys.index(k.value) > rank), None)
    if later is not None:
        at = starts[later.start_mark.line]
        if text[at:later.start_mark.index].strip():
            return None  # the first key of a list item ("- key:")
        while at > 0:
            above = starts[text.count("\n", 0, at - 1)]
            if not text[above:at].strip().startswith("#"):
                break
            at = above
        return at, at, entry + "\n"
    node = parent
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value and not (
            node.flow_style):
        node = node.value[-1][1] if isinstance(node, yaml.MappingNode) else node.value[-1]
    end = node.end_mark.index
    while end > 0 and text[end - 1] in " \n":
        end -= 1
    line_end = text.find("\n", end)
    if line_end < 0:
        return len(text), len(text), "\n" + entry
    return line_end + 1, line_end + 1, entry + "\n"


def _entry_text(value: Any, indent: str) -> str | None:
    """Return what follows ``key:`` for a new entry holding ``value`` (its lines indented
    by ``indent``), or ``None`` for a value written otherwise."""
    one_line = scalar_text(value)
    if one_line is not None:
        return " " + one_line
    if isinstance(value, str):
        lines = value.split("\n")
        return " |-" + _literal_body(lines, indent) if _literal_ok(lines) else None
    if isinstance(value, list) and value:
        items = [scalar_text(item) for item in value]
        if any(item is None for item in items):
            return None
        return "".join(f"\n{indent}- {item}" for item in items)
    return None


def _removal(text: str, root: Any, source: LoadedYaml, path: AnswerPath, at: int,
             starts: list[int]) -> tuple[int, int, str] | None:
    """Return the edit removing the entry at ``path``, its key's line to its value's last
    line, or ``None``: the entry must stand on lines of its own in a block mapping that
    keeps other entries (emptying a mapping is left to the round trip, which knows whether
    the mapping goes too)."""
    node = _node_at(root, path)
    key = source.keys.get(path)
    parent = _value_at(source.data, path[:-1])
    if node is None or key is None or node.start_mark.index != at or len(parent) < 2:
        return None
    line_start = starts[key.line - 1]
    if text[line_start:line_start + key.column - 1].strip():
        return None  # the first key of a list item ("- key:"), or inside a flow mapping
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value and not (
            node.flow_style):
        node = node.value[-1][1] if isinstance(node, yaml.MappingNode) else node.value[-1]
    end = node.end_mark.index
    while end > at and text[end - 1] in " \n":
        end -= 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end + 1
    rest = text[end:line_end].strip()
    if rest and not rest.startswith("#"):
        return None
    return line_start, line_end, ""


def _value_at(data: Any, path: AnswerPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _item_text(text: str, node: Any, before: list[Any], index: int, item: Any) -> str | None:
    """Return the text of a list's item: as the file wrote it if it is unchanged, else as a
    one-line scalar (``None`` if it cannot be one)."""
    if index < len(before) and type(before[index]) is type(item) and before[index] == item:
        old = node.value[index]
        if isinstance(old, yaml.ScalarNode):
            return text[old.start_mark.index:old.end_mark.index].rstrip(" \n")
    return scalar_text(item)


def _folded(text: str, width: int) -> list[str] | None:
    """Return the lines of ``text`` folded at single spaces to at most ``width`` characters
    where it can be (a folded block, ``>-``, reads them back joined by spaces), or ``None``
    for text a folded block would not give back as it is."""
    words = text.split(" ")
    if not text or any(not word or word[0] == "\t" or word[-1] == "\t" for word in words):
        return None
    lines = [words[0]]
    for word in words[1:]:
        if len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 .'()/&-]*[A-Za-z0-9.)]|[A-Za-z]")
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}


def scalar_text(value: Any) -> str | None:
    """Return a value written as a one-line YAML scalar, or ``None`` for other values."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and "\n" not in value:
        if _PLAIN.fullmatch(value) and value.lower() not in _RESERVED:
            return value
        return json.dumps(value, ensure_ascii=False)
    return None


def _scalar_end(line: str, start: int) -> int | None:
    """Return where the one-line scalar starting at ``start`` ends, or ``None``."""
    if start >= len(line):
        return None
    first = line[start]
    if first in "|>[{&*!":
        return None
    if first == '"':
        index = start + 1
        while index < len(line):
            if line[index] == "\\":
                index += 2
                continue
            if line[index] == '"':
                return index + 1
            index += 1
        return None
    if first == "'":
        index = start + 1
        while index < len(line):
            if line[index] == "'":
                if line[index + 1:index + 2] == "'":
                    index += 2
                    continue
                return index + 1
            index += 1
        return None
    flow = line[:start].count("{") + line[:start].count("[") > line[:start].count(
        "}") + line[:start].count("]")
    end = len(line)
    comment = line.find(" #", start)
    if comment != -1:
        end = comment
    if flow:
        stops = [i for i in (line.find(",", start), line.find("}", start),
                             line.find("]", start)) if i != -1]
        end = min([end, *stops])
    return len(line[:end].rstrip())
