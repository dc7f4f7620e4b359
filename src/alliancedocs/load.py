"""Load an answers file from YAML into plain data, remembering where every value came from.

The loader is deliberately strict, because a silently misread answer is a legal defect:

- Only the standard safe tags (``str``, ``int``, ``float``, ``bool``, ``null``, ``map``,
  ``seq``) are accepted; anything else, including ``!!python/...``, is an error. Nothing in
  the input is ever constructed as an arbitrary object or executed.
- Plain scalars are resolved with the YAML 1.2 core schema, the one editors and the JSON
  Schema tooling use: only ``true``/``false`` are booleans (``no`` and ``on`` stay text), and
  there are no implicit timestamps, so dates stay strings and the model reports a clear
  error for an impossible date such as ``2026-02-30``.
- Numbers with a fraction are read as :class:`~decimal.Decimal` from their source text, so
  money never passes through binary floating point. Whole numbers are ``int``.
- Duplicate keys, keys that are not text, an empty file, a top level that is not a mapping,
  bytes that are not UTF-8, files over :data:`MAX_BYTES`, nesting deeper than
  :data:`MAX_DEPTH`, more than :data:`MAX_NODES` values, alias expansion beyond
  :data:`MAX_ALIAS_NODES` and numbers longer than :data:`MAX_NUMBER_CHARS` characters (or
  with an exponent beyond :data:`MAX_EXPONENT`) are all errors with a line and column.

Nesting depth and the number of values are counted on the parser's event stream as the
events arrive, so the composer never recurses more than :data:`MAX_DEPTH` levels, no
``RecursionError`` can occur, and a hostile file is refused after a bounded amount of work.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from yaml.composer import Composer
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

try:
    from yaml._yaml import CParser as _CParser
except ImportError:  # PyYAML built without libyaml
    _CParser = None

from .diagnostics import Diagnostic, FieldPath, in_file_order, input_problem
from .errors import InputError, shorten

MAX_BYTES = 256 * 1024
"""The largest answers file accepted, in bytes (256 KiB, ten times the largest example).
Larger files are rejected unread."""

MAX_DEPTH = 50
"""The deepest nesting of mappings and sequences accepted."""

MAX_ALIAS_NODES = 10_000
"""The most nodes that aliases may expand to in one file (a guard against alias bombs)."""

MAX_NODES = 10_000
"""The most values (scalars, mappings, lists and aliases) one file may hold. The largest
example holds about 700; the limit keeps loading a hostile file well under a second."""

MAX_NUMBER_CHARS = 40
"""The longest number accepted, in characters; longer ones are refused before conversion."""

MAX_EXPONENT = 30
"""The largest exponent accepted in a number such as ``1e6``, either way."""


_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL, _MAP, _SEQ = (
    _TAG + name for name in ("str", "int", "float", "bool", "null", "map", "seq")
)
SAFE_TAGS = frozenset({_STR, _INT, _FLOAT, _BOOL, _NULL, _MAP, _SEQ})
"""The only YAML tags an answers file may use."""

_NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL_RE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT_RE = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT_RE = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_EXPONENT_RE = re.compile(r"[eE]([-+]?[0-9]+)$")


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in the source text."""

    line: int
    column: int


_START = Position(1, 1)


@dataclass(frozen=True)
class LoadedYaml:
    """The data of one YAML answers file, with the position of every key and value.

    ``values`` maps a field path to where its value starts; ``keys`` maps the path of a
    mapping entry to where its key starts. The root value has the empty path ``()``.
    ``containers`` holds the paths whose value is a mapping or a list. ``text`` is the
    source exactly as read, and ``sha256`` the hex digest of its UTF-8 bytes, which the
    manifest and the documents record.
    """

    file: Path
    data: dict[str, Any]
    values: Mapping[FieldPath, Position] = field(default_factory=dict)
    keys: Mapping[FieldPath, Position] = field(default_factory=dict)
    containers: frozenset[FieldPath] = frozenset()
    text: str = ""
    sha256: str = ""

    def locate(self, path: FieldPath, *, key: bool = False) -> Position:
        """Return the best position for ``path``.

        With ``key=True``, or when the value is a mapping or a list (which starts on the
        line after its key), the key's position is preferred. A path that
        is absent from the file (a missing field) falls back to the key of its nearest
        ancestor that is present, so the user is sent to the section that lacks it.
        """
        if (key or path in self.containers) and path in self.keys:
            return self.keys[path]
        if path in self.values:
            return self.values[path]
        for end in range(len(path) - 1, -1, -1):
            prefix = path[:end]
            if prefix in self.keys:
                return self.keys[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return _START

    def locate_text(self, path: FieldPath, phrase: str) -> Position:
        """Return where ``phrase`` starts inside the text value at ``path``.

        The phrase is looked for in the source from the value's start, allowing a line
        break (and the indentation after it) wherever the phrase has a space, as a folded
        or block scalar would hold it. If it is not found there (an escape in a quoted
        scalar, say), the value's own position is returned.
        """
        start = self.locate(path)
        lines = self.text.splitlines(keepends=True)
        if not phrase or path not in self.values or start.line > len(lines):
            return start
        offset = sum(len(line) for line in lines[:start.line - 1]) + start.column - 1
        pattern = re.compile(r"\s+".join(re.escape(word) for word in phrase.split()))
        match = pattern.search(self.text, offset, offset + _LOCATE_WINDOW)
        return _offset_position(self.text, match.start()) if match else start


_LOCATE_WINDOW = 20_000
"""How far after a value's start :meth:`LoadedYaml.locate_text` looks (text answers are
bounded well below this)."""


def load_yaml(path: Path) -> LoadedYaml:
    """Read and load the YAML answers file at ``path``.

    Raises :class:`InputError` with every problem found, each with a line and column.
    """
    try:
        size = path.stat().st_size
    except OSError as error:
        raise InputError([_whole_file(path, f"cannot read the file: {error.strerror}",
                                      "check the file name and that you may read it")]) from None
    if not path.is_file():
        kind = "a folder" if path.is_dir() else "a device, pipe or socket"
        raise InputError([_whole_file(path, f"this is {kind}, not a file",
                                      "give the path of a YAML answers file")])
    if size > MAX_BYTES:
        raise InputError([_too_big(path, size)])
    try:
        raw = read_limited(path, MAX_BYTES)
    except OSError as error:
        raise InputError([_whole_file(path, f"cannot read the file: {error.strerror}",
                                      "check that you may read the file")]) from None
    return load_yaml_bytes(raw, path)


def read_limited(path: Path, limit: int) -> bytes:
    """Return the bytes of ``path``, but no more than ``limit`` + 1 of them, however large it
    is or grows while being read (so a caller can tell that it is over ``limit``)."""
    with path.open("rb") as stream:
        return stream.read(limit + 1)


def load_yaml_bytes(raw: bytes, name: Path | str) -> LoadedYaml:
    """Load YAML from ``raw`` bytes, which must be UTF-8; ``name`` labels problems."""
    file = Path(name)
    if len(raw) > MAX_BYTES:
        raise InputError([_too_big(file, len(raw))])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        column = len(raw[line_start:error.start].decode("utf-8", errors="replace")) + 1
        line = raw.count(b"\n", 0, error.start) + 1
        raise InputError([input_problem(
            file, line, column, (),
            f"byte {error.start} (0x{raw[error.start]:02x}) is not valid UTF-8",
            "save the file as UTF-8 (in most editors: Save As, encoding UTF-8)",
            code="not-utf8")]) from None
    return load_yaml_text(text, file)


def load_yaml_text(text: str, name: Path | str) -> LoadedYaml:
    """Load YAML from ``text``; ``name`` labels problems (a file name or a description)."""
    file = Path(name)
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > MAX_BYTES:
        raise InputError([_too_big(file, size)])
    source = text
    text = text.removeprefix("\ufeff")
    sha256 = hashlib.sha256(source.encode("utf-8", errors="surrogatepass")).hexdigest()
    clean = _load_clean(text)
    if clean is not None:
        data, values, keys, containers = clean
        return LoadedYaml(file, data, values, keys, frozenset(containers), source, sha256)
    try:
        root = _compose(text)
    except _LoadAbort as abort:
        raise InputError([abort.problem(file)]) from None
    except yaml.MarkedYAMLError as error:
        raise InputError([_syntax_problem(file, error, text)]) from None
    except yaml.reader.ReaderError as error:
        position = _offset_position(text, error.position)
        raise InputError([input_problem(
            file, position.line, position.column, (),
            f"the character U+{error.character:04X} is not allowed in YAML",
            "remove it; control characters often come from pasting out of another program",
            code="bad-character",
        )]) from None
    except yaml.YAMLError as error:
        raise InputError([_whole_file(file, f"not valid YAML: {error}", _SYNTAX_HINT)]) from None
    if root is None or (isinstance(root, ScalarNode) and root.tag == _NULL):
        raise InputError([_whole_file(
            file, "the file is empty",
            "start from `alliancedocs init FILE`, which writes a complete answers file")])
    builder = _Builder(file)
    try:
        data = builder.build(root, ())
    except _LoadAbort as abort:
        raise InputError([abort.problem(file)]) from None
    if not isinstance(data, dict):
        position = _mark(_target(root).start_mark)
        raise InputError([*builder.problems, input_problem(
            file, position.line, position.column, (),
            f"the top level is a {_kind(_target(root))}, not a mapping of sections",
            "the file should start with section keys such as `alliance:` and `parties:`",
            code="not-a-mapping")])
    if builder.problems:
        raise InputError(in_file_order(builder.problems))
    return LoadedYaml(file, data, builder.values, builder.keys, frozenset(builder.containers),
                      source, sha256)


# --- parsing -------------------------------------------------------------------------------


class _LoadAbort(Exception):
    """Stops loading at once: the rest of the input cannot be trusted or is too costly."""

    def __init__(self, position: Position, message: str, hint: str) -> None:
        super().__init__(message)
        self.position = position
        self.message = message
        self.hint = hint

    def problem(self, file: Path) -> Diagnostic:
        """Return the abort as a problem in ``file``."""
        return input_problem(file, self.position.line, self.position.column, (), self.message,
                       self.hint, code="too-large")


@dataclass(frozen=True)
class _Alias:
    """An alias in the source: the node it refers to, and where the alias itself stands."""

    target: Node
    start_mark: Any


class _CoreResolver(BaseResolver):
    """Resolves plain scalars with the YAML 1.2 core schema, without timestamps."""

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        """Return the tag of a node: the core schema's for plain scalars, else the default."""
        if kind is ScalarNode and implicit[0]:
            return _plain_tag(value)
        return super().resolve(kind, value, implicit)


_TYPED_START = frozenset("~nNtTfF+-.0123456789")
"""The first characters of every plain scalar the core schema reads as other than text."""


def _plain_tag(value: str) -> str:
    """Return the YAML 1.2 core schema's tag for the text of a plain scalar."""
    if value and value[0] not in _TYPED_START:
        return _STR
    if _NULL_RE.match(value):
        return _NULL
    if _BOOL_RE.match(value):
        return _BOOL
    if _INT_RE.match(value):
        return _INT
    if _FLOAT_RE.match(value):
        return _FLOAT
    return _STR


class _Composer(Composer):
    """Composes nodes from any event source, with the limits on values and nesting."""

    _depth = 0
    _nodes = 0

    def get_event(self) -> Event:
        """Return the next event, refusing nesting deeper than :data:`MAX_DEPTH` and more
        than :data:`MAX_NODES` values."""
        event = super().get_event()
        if isinstance(event, ScalarEvent | AliasEvent | MappingStartEvent | SequenceStartEvent):
            self._nodes += 1
            if self._nodes > MAX_NODES:
                raise _LoadAbort(
                    _mark(event.start_mark),
                    f"the file holds more than {MAX_NODES:,} values",
                    "an answers file holds a few hundred values; check this is the right file",
                )
        if isinstance(event, MappingStartEvent | SequenceStartEvent):
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise _LoadAbort(
                    _mark(event.start_mark),
                    f"the data is nested more than {MAX_DEPTH} levels deep", _TOO_DEEP_HINT,
                )
        elif isinstance(event, MappingEndEvent | SequenceEndEvent):
            self._depth -= 1
        return event

    def compose_node(self, parent: Node | None, index: object) -> Node | _Alias:  # type: ignore[override]
        """Compose a node, keeping an alias distinct from the node it refers to."""
        if self.check_event(AliasEvent):
            event = self.peek_event()
            return _Alias(super().compose_node(parent, index), event.start_mark)
        return super().compose_node(parent, index)


class _PythonLoader(_Composer, Reader, Scanner, Parser, _CoreResolver):
    """A composer-only YAML loader in pure Python: it builds nodes, never Python objects."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _CoreResolver.__init__(self)


if _CParser is not None:
    class _Loader(_Composer, _CParser, _CoreResolver):
        """The same loader with libyaml's parser for the events, which is many times faster;
        the nodes are still composed here, with the same limits and resolver."""

        def __init__(self, text: str) -> None:
            _CParser.__init__(self, text)
            Composer.__init__(self)
            _CoreResolver.__init__(self)
else:  # PyYAML built without libyaml
    _Loader = _PythonLoader  # type: ignore[misc]


def _compose(text: str) -> Node | _Alias | None:
    """Return the root node of ``text``.

    libyaml parses when PyYAML has it. Input it refuses is parsed again in pure Python,
    whose errors are the ones users see: the same wording and positions on every machine,
    and a lone surrogate escape reaches validation, which places it at its field.
    """
    try:
        return _parse(text, _Loader)
    except yaml.YAMLError:
        if _Loader is _PythonLoader:
            raise
    return _parse(text, _PythonLoader)


def _parse(text: str, loader_class: type[_PythonLoader] | type[_Loader]) -> Node | _Alias | None:
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


# --- the fast path for clean files ----------------------------------------------------------

_Built = tuple[dict[str, Any], dict[FieldPath, Position], dict[FieldPath, Position],
               set[FieldPath]]


def _load_clean(text: str) -> _Built | None:
    """Return the data, value positions, key positions and container paths of ``text`` when
    it is a clean answers file, else ``None``.

    Clean means what almost every answers file is: one document whose top level is a
    mapping, with no anchors or aliases, within the limits, that libyaml parses and in which
    the builder would find no problem. The values are built straight from libyaml's events,
    without composing nodes, using the same resolver and scalar rules as :class:`_Builder`,
    so the result is the one the full path gives. Anything else returns ``None`` at the first
    sign of it, and the full path (:func:`_compose` and :class:`_Builder`) loads the text and
    reports what it finds, with the same wording and positions as ever.
    """
    if _CParser is None:
        return None
    parser = _CParser(text)
    try:
        return _build_clean(parser.get_event)
    except yaml.YAMLError:
        return None
    finally:
        parser.dispose()


_CLEAN_RESOLVER = _CoreResolver()


def _build_clean(next_event: Any) -> _Built | None:
    """Build a clean file's values from its events (see :func:`_load_clean`)."""
    if type(next_event()) is not StreamStartEvent or type(
            next_event()) is not DocumentStartEvent:
        return None
    start = next_event()
    resolve = _CLEAN_RESOLVER.resolve
    if type(start) is not MappingStartEvent or start.anchor is not None or _collection_tag(
            start, MappingNode, resolve) != _MAP:
        return None
    root: dict[str, Any] = {}
    values: dict[FieldPath, Position] = {(): _mark(start.start_mark)}
    keys: dict[FieldPath, Position] = {}
    containers: set[FieldPath] = {()}
    # One frame per open collection: the collection, its path, and (in a mapping) the key
    # whose value comes next, or None while a key is expected.
    stack: list[list[Any]] = [[root, (), None]]
    count = 1
    while stack:
        event = next_event()
        kind = type(event)
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
            continue
        count += 1
        if count > MAX_NODES or kind is AliasEvent or event.anchor is not None:
            return None
        frame = stack[-1]
        container, path, key = frame
        in_mapping = type(container) is dict
        if in_mapping and key is None:
            if kind is not ScalarEvent:
                return None
            name = event.value
            tag = event.tag
            if tag is None or tag == "!":
                tag = _plain_tag(name) if event.implicit[0] else resolve(
                    ScalarNode, name, event.implicit)
            if tag != _STR or name in container:
                return None
            frame[2] = name
            keys[(*path, name)] = _mark(event.start_mark)
            continue
        child = (*path, key) if in_mapping else (*path, len(container))
        values[child] = _mark(event.start_mark)
        opened: dict[str, Any] | list[Any] | None = None
        if kind is ScalarEvent:
            tag = event.tag
            if tag is None or tag == "!":
                tag = _plain_tag(event.value) if event.implicit[0] else resolve(
                    ScalarNode, event.value, event.implicit)
            if tag not in SAFE_TAGS:
                return None
            value = _scalar_value(tag, event.value)
            if isinstance(value, _Refusal):
                return None
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            mapping = kind is MappingStartEvent
            wanted = _MAP if mapping else _SEQ
            if len(stack) >= MAX_DEPTH or _collection_tag(
                    event, MappingNode if mapping else SequenceNode, resolve) != wanted:
                return None
            value = opened = {} if mapping else []
            containers.add(child)
        else:
            return None
        if in_mapping:
            container[key] = value
            frame[2] = None
        else:
            container.append(value)
        if opened is not None:
            stack.append([opened, child, None])
    if type(next_event()) is not DocumentEndEvent or type(next_event()) is not StreamEndEvent:
        return None
    return root, values, keys, containers


def _collection_tag(event: Any, kind: type, resolve: Any) -> str:
    """Return the tag of a mapping or list start event, resolved as the composer does."""
    tag = event.tag
    if tag is None or tag == "!":
        tag = resolve(kind, None, event.implicit)
    return tag


# --- building plain data -------------------------------------------------------------------


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, recording positions and problems."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.values: dict[FieldPath, Position] = {}
        self.keys: dict[FieldPath, Position] = {}
        self.problems: list[Diagnostic] = []
        self._expanded = 0
        self._active: list[int] = []
        self._aliases: list[Position] = []
        self.containers: set[FieldPath] = set()

    def build(self, item: Node | _Alias, path: FieldPath, in_alias: bool = False) -> Any:
        """Return the plain value of ``item`` at ``path``."""
        if len(path) > MAX_DEPTH:
            raise _LoadAbort(_mark(_target(item).start_mark),
                             f"the data is nested more than {MAX_DEPTH} levels deep",
                             "check what the aliases (`*name`) in the file refer to")
        if isinstance(item, _Alias):
            self.values.setdefault(path, _mark(item.start_mark))
            self._aliases.append(_mark(item.start_mark))
            try:
                return self.build(item.target, path, in_alias=True)
            finally:
                self._aliases.pop()
        node = item
        self.values.setdefault(path, _mark(node.start_mark))
        if in_alias:
            self._expanded += 1
            if self._expanded > MAX_ALIAS_NODES:
                raise _LoadAbort(
                    self._aliases[0],
                    f"aliases expand to more than {MAX_ALIAS_NODES:,} values",
                    "this looks like an alias bomb; write the values out instead of nesting "
                    "aliases",
                )
        if node.tag not in SAFE_TAGS:
            self._problem(node, path, f"the tag `{_show(node.tag)}` is not allowed",
                          "an answers file uses plain values only; remove the `!` tag", "tag")
            return None
        if id(node) in self._active:
            raise _LoadAbort(_mark(node.start_mark), "an alias refers to a value that contains it",
                             "an alias (`*name`) cannot point to its own parent")
        self._active.append(id(node))
        try:
            if isinstance(node, MappingNode):
                self.containers.add(path)
                return self._mapping(node, path, in_alias)
            if isinstance(node, SequenceNode):
                self.containers.add(path)
                return self._sequence(node, path, in_alias)
            return self._scalar(node, path)
        finally:
            self._active.pop()

    def _mapping(self, node: MappingNode, path: FieldPath, in_alias: bool) -> Any:
        if node.tag != _MAP:
            self._problem(node, path, f"a mapping cannot have the tag `{_show(node.tag)}`",
                          "remove the `!` tag", "tag")
            return None
        result: dict[str, Any] = {}
        for key_item, value_item in node.value:
            key_node = _target(key_item)
            if not isinstance(key_node, ScalarNode) or key_node.tag != _STR:
                message = (f"the key `{shorten(key_node.value)}` is not text"
                           if isinstance(key_node, ScalarNode)
                           else f"the key is a {_kind(key_node)}, which is not text")
                self._problem(key_node, path, message,
                              "keys are field names; if this is meant as text, put it in quotes",
                              "key-not-text")
                continue
            key = key_node.value
            child = (*path, key)
            if key in result:
                first = self.keys[child]
                self._problem(key_node, path, f"the key `{key}` appears twice in this mapping "
                              f"(first at line {first.line})",
                              "keep one of them: YAML would otherwise silently use only the last",
                              "duplicate-key")
                continue
            self.keys[child] = _mark(key_node.start_mark)
            result[key] = self.build(value_item, child, in_alias)
        return result

    def _sequence(self, node: SequenceNode, path: FieldPath, in_alias: bool) -> Any:
        if node.tag != _SEQ:
            self._problem(node, path, f"a list cannot have the tag `{_show(node.tag)}`",
                          "remove the `!` tag", "tag")
            return None
        return [self.build(item, (*path, index), in_alias) for index, item in enumerate(node.value)]

    def _scalar(self, node: ScalarNode, path: FieldPath) -> Any:
        value = _scalar_value(node.tag, node.value)
        if isinstance(value, _Refusal):
            self._problem(node, path, value.message, value.hint, value.code)
            return None
        return value

    def _problem(self, node: Node, path: FieldPath, message: str, hint: str,
                 code: str) -> None:
        position = _mark(node.start_mark)
        self.problems.append(input_problem(self.file, position.line, position.column,
                                     path, message, hint, code=code))



class _Refusal(NamedTuple):
    """Why a scalar cannot be an answer: a problem's message, hint and code."""

    message: str
    hint: str
    code: str


def _scalar_value(tag: str, text: str) -> Any:
    """Return the plain value of a scalar with the resolved ``tag`` and source ``text``, or a
    :class:`_Refusal` saying why it is not one."""
    if tag == _STR:
        return text
    if tag in (_INT, _FLOAT) and not _number_in_range(text):
        return _Refusal(f"the number `{shorten(text)}` is too long or too large to be an "
                        "answer", f"write it out in ordinary digits, at most "
                        f"{MAX_NUMBER_CHARS} characters, such as 1250000.00",
                        "number-too-large")
    if tag == _NULL and _NULL_RE.match(text):
        return None
    if tag == _BOOL and _BOOL_RE.match(text):
        return text.lower() == "true"
    if tag == _INT and _INT_RE.match(text):
        if text.startswith(("0o", "0x")):
            return int(text[2:], 8 if text[1] == "o" else 16)
        return int(text)
    if tag == _FLOAT and (_FLOAT_RE.match(text) or _INT_RE.match(text)):
        return _decimal(text)
    if tag in (_MAP, _SEQ):
        return _Refusal(f"a single value cannot have the tag `{_show(tag)}`",
                        "remove the `!` tag", "tag")
    return _Refusal(f"`{shorten(text)}` cannot be read as `{tag.removeprefix(_TAG)}`",
                    "remove the `!!` tag, or correct the value", "tag")


def _decimal(text: str) -> Decimal:
    lowered = text.lower()
    if lowered.endswith(".inf"):
        return Decimal("-Infinity") if lowered.startswith("-") else Decimal("Infinity")
    if lowered == ".nan":
        return Decimal("NaN")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regular expression admits only numbers
        return Decimal("NaN")


def _number_in_range(text: str) -> bool:
    """Return whether a number's source ``text`` is short enough to convert cheaply."""
    if len(text) > MAX_NUMBER_CHARS:
        return False
    exponent = _EXPONENT_RE.search(text)
    return exponent is None or abs(int(exponent.group(1))) <= MAX_EXPONENT


def _target(item: Node | _Alias) -> Node:
    return item.target if isinstance(item, _Alias) else item


def _show(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "mapping"
    if isinstance(node, SequenceNode):
        return "list"
    return "single value"


def _mark(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _offset_position(text: str, offset: int) -> Position:
    line = text.count("\n", 0, offset) + 1
    return Position(line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _whole_file(file: Path, message: str, hint: str, code: str = "not-yaml") -> Diagnostic:
    return input_problem(file, 1, 1, (), message, hint, code=code)


def _too_big(file: Path, size: int) -> Diagnostic:
    return _whole_file(
        file, f"the file is {size:,} bytes, more than the limit of {MAX_BYTES:,}",
        "an answers file is normally a few kilobytes; check this is the right file",
        "too-large")


_TOO_DEEP_HINT = "an answers file needs only a few levels; check the indentation and brackets"

_SYNTAX_HINT = "check the indentation (spaces, not tabs) and the quoting near this point"

_SYNTAX_HINTS = (
    ("found character '\\t'", "YAML does not allow tabs for indentation; use spaces"),
    ("mapping values are not allowed", "a value that contains `: ` must be put in quotes"),
    ("expected a single document", "an answers file holds one document; remove the extra `---`"),
    ("found undefined alias", "define the anchor (`&name`) before using the alias (`*name`)"),
    ("found duplicate anchor", "give each anchor (`&name`) a different name"),
    ("found unhashable key", "a key must be a plain name, not a list or mapping"),
)


_LOOKALIKE_SPACES = {
    "\u00a0": "a non-breaking space", "\u2007": "a figure space",
    "\u202f": "a narrow non-breaking space", "\u3000": "an ideographic space",
    "\u200b": "a zero-width space", "\u2060": "a word joiner", "\ufeff": "a zero-width space",
}
"""Characters that look like spaces, or like nothing, but are not YAML whitespace."""


def _syntax_problem(file: Path, error: yaml.MarkedYAMLError, source: str = "") -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    position = _mark(mark) if mark is not None else _START
    problem = error.problem or "not valid YAML"
    context = f" ({error.context})" if error.context else ""
    text = f"{problem}{context}"
    hint = _lookalike_hint(source, position.line) or next(
        (h for needle, h in _SYNTAX_HINTS if needle in text), _SYNTAX_HINT)
    return input_problem(file, position.line, position.column, (), f"YAML syntax error: {text}",
                         hint, code="yaml-syntax")


def _lookalike_hint(source: str, line: int) -> str:
    """Return a hint naming a space look-alike on ``line`` or the line before, or ""."""
    lines = source.splitlines()
    for number in (line, line - 1):
        if 1 <= number <= len(lines):
            for character, name in _LOOKALIKE_SPACES.items():
                column = lines[number - 1].find(character)
                if column >= 0:
                    return (f"line {number}, column {column + 1} holds {name} "
                            f"(U+{ord(character):04X}), often pasted from Word or a web page; "
                            "replace it with an ordinary space or delete it")
    return ""
