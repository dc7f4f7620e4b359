"""The answers file is the save: read it, change some answers, write it back safely.

Reading keeps two views of the same text: the project's own loader (exact values, such as
money as :class:`~decimal.Decimal`, and the same limits as the command line) and a ruamel.yaml
round-trip document, so that a hand-edited file keeps its comments, key order, quoting and
the ``$schema`` modeline.

A change of answers (one line or several, or a list of one-line values), an answer removed,
or one added to a mapping already in the file, rewrites only those lines (:mod:`.splice`):
every other byte stays as it was. Other changes go through the round-trip document: an item
added to or removed from a group, an acknowledgement, a new section or nested mapping, a
mapping left empty, the first key of a list item, values with comments inside them. It keeps
comments, key order, quoting and every value, but writes the file out again: a long plain
value the author wrapped over several lines, or a flow mapping (``{a: 1, b: 2}``) over
several lines, comes out on one line.

Every save names the version of the file it started from (a hash of its bytes). If the file
on disk is no longer that version, because it was edited outside the questionnaire or
another tab saved first, the save is refused with :class:`Conflict` and nothing is written.
Writing goes through :func:`alliancedocs.write.write_outputs`: a temporary file beside the
answers file, renamed over it.
"""

from __future__ import annotations

import copy
import hashlib
import io
import re
import threading
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import LiteralScalarString

from ..errors import AlliancedocsError, InputError
from ..load import MAX_BYTES, LoadedYaml, load_yaml_text
from ..write import write_outputs
from .fields import pattern_of, schema_objects
from .memo import per_file
from .splice import replace_values

NEW_FILE_HEADER = (
    "# alliancedocs answers file, written by `alliancedocs questionnaire`.\n"
    "# Check it with `alliancedocs check THIS-FILE`; build with `alliancedocs build`.\n"
)
"""The comment that starts an answers file the questionnaire creates."""

MISSING: Any = object()
"""The value of an answer that is not in the file."""

Path_ = tuple[str | int, ...]


class Conflict(AlliancedocsError):
    """The answers file changed since the page was opened; the save was refused."""


class Unreadable(AlliancedocsError):
    """The answers file cannot be edited here: it is not YAML the questionnaire can keep."""


class Draft:
    """The answers file as read at one version.

    ``values`` is the plain data from the project's loader (empty for a new file); ``doc``
    is the round-trip document that changes are made to, parsed when first asked for.
    """

    def __init__(self, path: Path, text: str, version: str, values: dict[str, Any],
                 doc: CommentedMap | None = None) -> None:
        self.path = path
        self.text = text
        self.version = version
        self.values = values
        self._doc = doc

    @property
    def doc(self) -> CommentedMap:
        """Return the round-trip document of this version, to change and save (read/only)."""
        if self._doc is None:
            self._doc = _taken_doc(self.path, self.version) or _round_trip(self.path,
                                                                           self.text)
        return self._doc

    @property
    def exists(self) -> bool:
        """Return whether the answers file exists on disk (read/only)."""
        return self.version != NEW_VERSION

    def get(self, path: Path_) -> Any:
        """Return the answer at ``path`` from the exact values, or :data:`MISSING`."""
        return lookup(self.values, path)


NEW_VERSION = "new"
"""The version of an answers file that does not exist yet."""


def version_of(raw: bytes | None) -> str:
    """Return the version token of file contents (``None`` for a missing file)."""
    return NEW_VERSION if raw is None else hashlib.sha256(raw).hexdigest()[:32]


_LOCK = threading.Lock()
"""Guards the tables below."""

_FILE_LOCKS: dict[Path, threading.Lock] = {}
"""One lock per answers file: a save's check of the version and its write happen under it,
so two saves of the same file never interleave (saves of other files need not wait)."""


def _file_lock(path: Path) -> threading.Lock:
    with _LOCK:
        return _FILE_LOCKS.setdefault(path, threading.Lock())


def read_draft(path: Path) -> Draft:
    """Read the answers file at ``path`` (it need not exist yet).

    Raises :class:`Unreadable` when it cannot be edited safely: too large, not UTF-8, or
    YAML that the project's loader or ruamel.yaml refuses.
    """
    raw = _read_bytes(path)
    return _parse(path, raw)


def _read_bytes(path: Path) -> bytes | None:
    if not path.exists():
        return None
    if not path.is_file():
        raise Unreadable(f"{path} is not an ordinary file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise Unreadable(f"{path} is {size} bytes; answers files may be at most {MAX_BYTES}")
    return path.read_bytes()


def _parse(path: Path, raw: bytes | None) -> Draft:
    if raw is None or not raw.strip():
        return Draft(path, "", version_of(raw), {}, CommentedMap())
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Unreadable(f"{path} is not UTF-8 text") from None
    values = _values(text, str(path))
    if not isinstance(values, dict):
        raise Unreadable(f"{path}: the top level of an answers file must be a mapping")
    return Draft(path, text, version_of(raw), values)


def _values(text: str, name: str) -> Any:
    try:
        return loaded(text, name).data
    except InputError as error:
        raise Unreadable(str(error)) from None


@per_file(keep=2)
def loaded(text: str, name: str) -> LoadedYaml:
    """Return answers text loaded by the project's loader, exactly as the command line
    loads it (cached by text, the last two of each file: the same load serves the save's
    check, the core's evaluation and the pages).

    Raises :class:`~alliancedocs.errors.InputError` for text the loader refuses.
    """
    return load_yaml_text(text, name)


def _round_trip(path: Path, text: str) -> CommentedMap:
    try:
        doc = _yaml().load(text)
    except YAMLError as error:
        raise Unreadable(f"{path}: {error}") from None
    if not isinstance(doc, CommentedMap):
        raise Unreadable(f"{path}: the top level of an answers file must be a mapping")
    return doc


_DOCS: dict[Path, tuple[str, CommentedMap]] = {}
"""The round-trip document last saved for each answers file, with its version: the next
save of that version changes it rather than parsing the file again."""


def _taken_doc(path: Path, version: str) -> CommentedMap | None:
    """Take (remove) the cached document of ``path`` if it is of ``version``."""
    with _LOCK:
        cached = _DOCS.get(path)
        if cached is None or cached[0] != version:
            return None
        del _DOCS[path]
        return cached[1]


def save_changes(draft: Draft, changes: dict[Path_, Any], expected_version: str) -> Draft:
    """Save answers changed in place (``path: value``) if the file is still that version.

    When every change replaces a value already in the file, only those values' text is
    replaced, and the result is kept only if the project's loader reads back exactly the
    answers intended; otherwise the changes go through the round-trip document (see the
    module's notes). Raises :class:`Conflict` as :func:`save_draft` does.
    """
    text = _spliced(draft, changes)
    if text is None:
        for path, value in changes.items():
            set_answer(draft.doc, path, value)
        return save_draft(draft, expected_version)
    return _write(draft, text, expected_version, None)


def save_draft(draft: Draft, expected_version: str) -> Draft:
    """Write ``draft.doc`` to the answers file if the file is still ``expected_version``.

    Returns the draft as written. Raises :class:`Conflict`, writing nothing, when the file on
    disk is at another version.
    """
    return _write(draft, dump(draft.doc, new=not draft.exists), expected_version, draft.doc)


def _write(draft: Draft, text: str, expected_version: str,
           doc: CommentedMap | None) -> Draft:
    raw = text.encode("utf-8")
    with _file_lock(draft.path):
        current = version_of(_read_bytes(draft.path))
        if current != expected_version or draft.version != expected_version:
            raise Conflict(
                f"{draft.path.name} changed after this page was opened, in another tab or "
                "outside the questionnaire, so your changes on this page were not saved")
        write_outputs({draft.path: raw}, force=True)
        if doc is not None:
            with _LOCK:
                _DOCS[draft.path] = (version_of(raw), doc)
    return _parse(draft.path, raw)


def _spliced(draft: Draft, changes: dict[Path_, Any]) -> str | None:
    """Return the answers text with each changed value's text replaced, or ``None`` when
    a change is not such a replacement or the loader would not read back the intent."""
    if not draft.exists or not changes:
        return None
    text = replace_values(draft.text, loaded(draft.text, str(draft.path)), changes,
                          absent=MISSING)
    if text is None:
        return None
    expected: Any = draft.values
    for path, value in changes.items():
        expected = _replaced(expected, path, value.isoformat() if isinstance(value, date)
                             else value)
    try:
        got = loaded(text, str(draft.path)).data
    except InputError:
        return None
    return text if got == expected else None


def _replaced(data: Any, path: Path_, value: Any) -> Any:
    """Return ``data`` with the value at ``path`` replaced (removed, for :data:`MISSING`),
    copying only the mappings and lists on the way to it (``data`` is left as it was)."""
    head, rest = path[0], path[1:]
    copied = copy.copy(data)
    if rest:
        copied[head] = _replaced(data[head], rest, value)
    elif value is MISSING:
        del copied[head]
    else:
        copied[head] = value
    return copied


def dump(doc: CommentedMap, *, new: bool = False) -> str:
    """Return ``doc`` as YAML text; a new file starts with :data:`NEW_FILE_HEADER`."""
    stream = io.StringIO()
    _yaml().dump(doc, stream)
    text = stream.getvalue()
    if text.strip() in ("{}", ""):
        text = ""
    return NEW_FILE_HEADER + text if new else text


def lookup(data: Any, path: Path_) -> Any:
    """Return the value at ``path`` in nested mappings and lists, or :data:`MISSING`."""
    for part in path:
        if isinstance(part, int):
            if not isinstance(data, list) or not 0 <= part < len(data):
                return MISSING
        elif not isinstance(data, dict) or part not in data:
            return MISSING
        data = data[part]
    return data


def set_answer(doc: CommentedMap, path: Path_, value: Any) -> None:
    """Set the answer at ``path`` in the round-trip document, creating mappings on the way.

    A new key goes where the schema orders it among the keys already there; ``MISSING``
    removes the key, and then any mapping left empty by the removal.
    """
    if value is MISSING:
        _remove(doc, path)
        return
    node: Any = doc
    for depth, part in enumerate(path[:-1]):
        nxt = path[depth + 1]
        if isinstance(part, int):
            node = node[part]
            continue
        if part not in node or not isinstance(node[part], (dict, list)):
            _insert(node, path[:depth + 1], CommentedSeq() if isinstance(nxt, int)
                    else CommentedMap())
        node = node[part]
    last = path[-1]
    value = _yaml_value(value)
    old = node[last] if isinstance(last, int) or last in node else MISSING
    if isinstance(old, CommentedSeq) and isinstance(value, CommentedSeq) and old and value:
        # The comment after a list (often the lead-in to the next key) hangs on its last
        # item: carry it over to the new last item.
        trailing = old.ca.items.get(len(old) - 1)
        if trailing is not None:
            value.ca.items[len(value) - 1] = trailing
    if old is not MISSING:
        node[last] = value
    else:
        _insert(node, path, value)


def append_item(doc: CommentedMap, group: Path_) -> int:
    """Append an empty item to the list at ``group``; return its index."""
    existing = lookup(doc, group)
    if existing is MISSING or not isinstance(existing, list):
        set_answer(doc, group, [])
        existing = lookup(doc, group)
    existing.append(CommentedMap())
    return len(existing) - 1


def remove_item(doc: CommentedMap, item: Path_) -> None:
    """Remove the list item at ``item`` (a path ending in an index)."""
    container = lookup(doc, item[:-1])
    index = item[-1]
    if isinstance(container, list) and isinstance(index, int) and 0 <= index < len(container):
        del container[index]


def _insert(node: CommentedMap, path: Path_, value: Any) -> None:
    key = path[-1]
    order = schema_objects().get(pattern_of(path[:-1]))
    keys = list(order.keys) if order else []
    position = len(node)
    if key in keys:
        rank = keys.index(key)
        later = [i for i, existing in enumerate(node) if existing in keys
                 and keys.index(existing) > rank]
        if later:
            position = later[0]
    node.insert(position, key, value)


def _remove(doc: CommentedMap, path: Path_) -> None:
    parent = lookup(doc, path[:-1])
    if not isinstance(parent, dict) or path[-1] not in parent:
        return
    _keep_comment(parent, path[-1])
    del parent[path[-1]]
    # A mapping emptied by this removal goes too, unless it is a list item or a section.
    if not parent and len(path) > 2 and not isinstance(path[-2], int):
        _remove(doc, path[:-1])


def _keep_comment(mapping: Any, key: str) -> None:
    """Before ``key`` is removed, move the comment lines after its value to the key before
    it, so that a removed answer never takes the next key's lead-in comment with it."""
    if not isinstance(mapping, CommentedMap):
        return
    entry = mapping.ca.items.get(key)
    keys = list(mapping)
    position = keys.index(key)
    if not entry or len(entry) < 3 or entry[2] is None or position == 0:
        return
    previous = keys[position - 1]
    slot = mapping.ca.items.setdefault(previous, [None, None, None, None])
    if slot[2] is None and not isinstance(mapping[previous], (dict, list)):
        slot[2] = entry[2]


def _yaml_value(value: Any) -> Any:
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    if isinstance(value, list):
        seq = CommentedSeq(_yaml_value(v) for v in value)
        return seq
    return value


_WHOLE = re.compile(r"-?\d+")


def _represent_decimal(representer: RoundTripRepresenter, value: Decimal) -> Any:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:int" if _WHOLE.fullmatch(text) else "tag:yaml.org,2002:float"
    return representer.represent_scalar(tag, text)


def _represent_date(representer: RoundTripRepresenter, value: date) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(Decimal, _represent_decimal)
    yaml.representer.add_representer(date, _represent_date)
    return yaml
