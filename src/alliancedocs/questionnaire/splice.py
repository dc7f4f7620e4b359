"""Replace values in YAML text, leaving every other character as it was.

The answers file keeps its author's layout when an answer changes: only the characters of
the changed value are rewritten. A one-line scalar is replaced in place; a text of several
lines becomes a literal block (``|-``) and a list of one-line values a block list (or a
flow list, where the file wrote one), each in the place of the old value's text. This
module only finds and replaces the text; the store keeps the result only if the project's
loader reads back exactly the answers intended.
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

AnswerPath = tuple[str | int, ...]


def replace_values(text: str, source: LoadedYaml,
                   changes: dict[AnswerPath, Any]) -> str | None:
    """Return ``text`` with the value at each changed path replaced, or ``None`` when a
    change is not of a value already in the text that can be rewritten in place (a new or
    removed key, a nested mapping, a value with comments inside it, and so on)."""
    if "\r" in text:
        return None
    starts = _line_starts(text)
    edits: list[tuple[int, int, str]] = []
    nodes: Any = None
    for path, value in changes.items():
        position = source.values.get(path)
        if position is None:
            return None
        at = starts[position.line - 1] + position.column - 1
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
        if one_line is None and (not lines[0] or lines[0][0] in " \t" or any(
                line != line.rstrip(" \t") for line in lines)):
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
        body = "\n".join(indent + line if line else "" for line in lines)
        return at, end, "|-" + kept + "\n" + body
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
