"""Replace one-line scalar values in YAML text, leaving every other character as it was.

The answers file keeps its author's layout when an answer changes: only the characters of
the changed value are rewritten. This module only finds and replaces the text; the store
keeps the result only if the project's loader reads back exactly the answers intended.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

from ..load import LoadedYaml


def replace_scalars(text: str, source: LoadedYaml,
                    changes: dict[tuple[str | int, ...], Any]) -> str | None:
    """Return ``text`` with the value at each changed path replaced, or ``None`` when a
    change is not of a one-line scalar already in the text."""
    if "\r" in text:
        return None
    lines = text.split("\n")
    edits: list[tuple[int, int, int, str]] = []
    for path, value in changes.items():
        position = source.values.get(path)
        replacement = scalar_text(value)
        if position is None or path in source.containers or replacement is None:
            return None
        row, start = position.line - 1, position.column - 1
        end = _scalar_end(lines[row], start)
        if end is None:
            return None
        edits.append((row, start, end, replacement))
    for row, start, end, replacement in sorted(edits, reverse=True):
        lines[row] = lines[row][:start] + replacement + lines[row][end:]
    return "\n".join(lines)


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
