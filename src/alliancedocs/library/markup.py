"""Parse rendered clause text (the markup in docs/clause-library.md) into block specs.

The parser knows nothing of numbers or Word: it returns paragraphs with their list depth,
anchors, term uses and unresolved references, plus table and definitions directives. It
reads the clause's own text only: every value printed into it is an opaque token (see
:mod:`.templating`), turned back into the value, exactly as it was, inside the runs built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..docmodel import Run, TermUse
from ..errors import LibraryError
from .templating import Rendered


@dataclass(frozen=True)
class Ref:
    """An unresolved cross-reference to ``target`` (``clause-id`` or ``clause-id.label``)."""

    target: str


SpecInline = Run | TermUse | Ref


@dataclass(frozen=True)
class ParaSpec:
    """A paragraph: ``depth`` 0 is unnumbered, 1 to 3 are list levels (``- ``, two more
    spaces per level); ``subheading`` marks a ``## `` line."""

    depth: int
    inlines: tuple[SpecInline, ...]
    anchor: str | None = None
    subheading: bool = False


@dataclass(frozen=True)
class TableSpec:
    """A generated table, by name."""

    name: str


@dataclass(frozen=True)
class DefinitionsSpec:
    """The place where the document's definitions are listed."""


BlockSpec = ParaSpec | TableSpec | DefinitionsSpec

_ITEM = re.compile(r"^(?P<indent> *)- (?P<rest>.*)$")
_ANCHOR = re.compile(r"^\{#(?P<label>[a-z][a-z0-9-]*)\}\s*")
_INLINE = re.compile(r"\[\[(?P<inner>[^\[\]]+)\]\]|\*\*(?P<bold>[^*]+)\*\*")
_DIRECTIVE = re.compile(r"^@(?:table:(?P<table>[a-z][a-z0-9-]*)|(?P<definitions>definitions))$")
_LEFTOVER = re.compile(r"\[\[|\]\]|\{\{|\}\}|\{%|%\}|\{#|\*\*|^@", re.MULTILINE)


def parse(rendered: Rendered, where: str) -> list[BlockSpec]:
    """Parse rendered clause text into block specs; raise :class:`LibraryError` on bad markup."""
    text = rendered.text
    blocks: list[BlockSpec] = []
    current: list[str] = []
    depth = 0

    def flush() -> None:
        nonlocal current, depth
        if current:
            blocks.append(_block(" ".join(current), depth, where, rendered))
        current, depth = [], 0

    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        item = _ITEM.match(line)
        if item:
            flush()
            indent = len(item.group("indent"))
            if indent % 2 or indent > 4:
                raise LibraryError(f"{where}: list item indented by {indent} spaces: {line!r}")
            depth = indent // 2 + 1
            current = [item.group("rest").strip()]
        elif line.startswith("## "):
            flush()
            blocks.append(ParaSpec(0, _inlines(line[3:].strip(), where, rendered),
                                  subheading=True))
        else:
            current.append(line.strip())
    flush()
    return blocks


def _block(text: str, depth: int, where: str, rendered: Rendered) -> BlockSpec:
    directive = _DIRECTIVE.match(text)
    if directive:
        if depth:
            raise LibraryError(f"{where}: a directive cannot be a list item: {text!r}")
        if directive.group("table"):
            return TableSpec(directive.group("table"))
        return DefinitionsSpec()
    anchor = None
    found = _ANCHOR.match(text)
    if found:
        if not depth:
            raise LibraryError(f"{where}: an anchor must start a numbered paragraph: {text!r}")
        anchor = found.group("label")
        text = text[found.end():]
    return ParaSpec(depth, _inlines(text, where, rendered), anchor)


def _inlines(text: str, where: str, rendered: Rendered) -> tuple[SpecInline, ...]:
    parts: list[SpecInline] = []
    pos = 0
    for match in _INLINE.finditer(text):
        if match.start() > pos:
            parts.append(Run(_plain(text[pos:match.start()], where, rendered)))
        if match.group("bold") is not None:
            parts.append(Run(rendered.resolve(match.group("bold")), bold=True))
        else:
            parts.append(_bracketed(match.group("inner").strip(), rendered))
        pos = match.end()
    if pos < len(text):
        parts.append(Run(_plain(text[pos:], where, rendered)))
    return tuple(parts)


def _bracketed(inner: str, rendered: Rendered) -> SpecInline:
    if inner.startswith("ref:"):
        return Ref(rendered.resolve(inner[4:].strip()))
    term, _, shown = inner.partition("|")
    term = rendered.resolve(term.strip())
    return TermUse(term, rendered.resolve(shown.strip()) if shown else term)


def _plain(text: str, where: str, rendered: Rendered) -> str:
    leftover = _LEFTOVER.search(text)
    if leftover:
        raise LibraryError(
            f"{where}: unprocessed markup {leftover.group()!r} in {text.strip()[:80]!r}"
        )
    return rendered.resolve(text)
