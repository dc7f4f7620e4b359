"""Shared pieces of the fuzz and text-exactness suites (and of ``scripts/fuzz.py``).

Answers are mutated as data (the parsed YAML of an example), written back as YAML and run
through the command line in-process, as a user would run it. A built document is read back
from the XML of every part of every ``.docx``, never from the document model.
"""

from __future__ import annotations

import copy
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import strategies as st
from lxml import etree

from alliancedocs.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
Path_ = tuple[str | int, ...]


def run_cli(*args: str) -> tuple[int, str]:
    """Run the command line in-process; return its exit code and everything it printed."""
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


@cache
def example_data(name: str) -> Any:
    """Return the parsed YAML of the example called ``name`` (do not mutate it: copy it)."""
    return yaml.safe_load((ROOT / "examples" / f"{name}.yaml").read_text(encoding="utf-8"))


def dump(data: Any) -> str:
    """Return ``data`` as YAML text; every string that could be misread is quoted."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def leaves(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """Yield (path, value) for every scalar in ``data``."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from leaves(value, (*path, index))
    else:
        yield path, data


def get(data: Any, path: Path_) -> Any:
    """Return the value at ``path`` in ``data`` (dicts, lists or model objects)."""
    for part in path:
        data = data[part] if isinstance(part, int) or isinstance(data, dict) else getattr(
            data, part)
    return data


def put(data: Any, path: Path_, value: Any) -> None:
    """Set the value at ``path`` in ``data`` (nested dicts and lists)."""
    get(data, path[:-1])[path[-1]] = value


def docx_texts(folder: Path) -> dict[str, list[str]]:
    """Return, for every ``.docx`` under ``folder``, the text of each paragraph in every part.

    Text is read from the XML (``w:t``, with ``w:tab`` as a tab and ``w:br`` as a newline),
    from the body, headers, footers and notes alike.
    """
    texts: dict[str, list[str]] = {}
    for path in sorted(folder.rglob("*.docx")):
        paragraphs: list[str] = []
        with zipfile.ZipFile(path) as package:
            for name in package.namelist():
                if not (name.startswith("word/") and name.endswith(".xml")):
                    continue
                root = etree.fromstring(package.read(name))
                for para in root.iter(f"{W}p"):
                    paragraphs.append("".join(
                        (node.text or "") if node.tag == f"{W}t"
                        else "\t" if node.tag == f"{W}tab" else "\n"
                        for node in para.iter(f"{W}t", f"{W}tab", f"{W}br")))
        texts[str(path.relative_to(folder))] = paragraphs
    return texts


def appears(value: str, texts: dict[str, list[str]]) -> bool:
    """Return whether ``value`` is printed, whole, inside one paragraph of some document."""
    return any(value in para for paragraphs in texts.values() for para in paragraphs)


@dataclass(frozen=True)
class TextFields:
    """An example's free-text answers: every one, and those printed verbatim in a document."""

    all: tuple[Path_, ...]
    printed: tuple[Path_, ...]


def sentinel(index: int) -> str:
    """Return a marker that no clause text contains, unique to ``index``."""
    return f"Qzx{index:03d}Vjk"


@cache
def text_fields(name: str, workdir: str) -> TextFields:
    """Find ``name``'s free-text answers, and build once to see which ones are printed.

    A string answer is free text if any other text is accepted in its place (identifiers,
    choices and dates are not). It is printed if a marker put in its place is found
    verbatim in the built documents.
    """
    data = example_data(name)
    found: list[Path_] = []
    for path, value in leaves(data):
        if not isinstance(value, str):
            continue
        trial = copy.deepcopy(data)
        put(trial, path, "Qzx Free Text")
        if _valid(trial, Path(workdir) / "probe.yaml"):
            found.append(path)
    marked = copy.deepcopy(data)
    for index, path in enumerate(found):
        put(marked, path, sentinel(index))
    answers = Path(workdir) / f"{name}-marked.yaml"
    answers.write_text(dump(marked), encoding="utf-8")
    out = Path(workdir) / f"{name}-marked"
    code, output = run_cli("build", str(answers), "-o", str(out), "--force")
    assert code == 0, output
    texts = docx_texts(out)
    printed = tuple(p for i, p in enumerate(found) if appears(sentinel(i), texts))
    return TextFields(tuple(found), printed)


def _valid(data: Any, where: Path) -> bool:
    where.write_text(dump(data), encoding="utf-8")
    code, _ = run_cli("validate", str(where))
    return code == 0


LOCATED = re.compile(r"^\S.*:(\d+):(\d+): (\S+): .+", re.MULTILINE)
"""A validation problem line: ``file:line:col: path: message``."""


def located_problems(output: str) -> list[tuple[int, int, str]]:
    """Return (line, column, field path) for every located problem in ``output``."""
    return [(int(m.group(1)), int(m.group(2)), m.group(3)) for m in LOCATED.finditer(output)]


# Text strategies -------------------------------------------------------------------------

MARKUP_PIECES = [
    "[[", "]]", "[[ref:parties]]", "[[Alliance|x]]", "**", "**bold**", "{{", "}}",
    "{{ answers }}", "{%", "%}", "{% if %}", "{#", "#}", "{#anchor}", "{##", "##}", "@",
    "@table:parties", "@definitions", "- ", "  - ", "## ", "#", "*", "-", "|", "\\", "&",
    "<w:t>", "</w:p>", "]]>", "&amp;", "\"", "'", "`",
    "\x00", "\x00" + "0" + "\x00", "\ue000", "\ue007", "\uf8ff", "\U000f0000",
    "\n", "\r\n", "\r", "\t", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x1f", "\x85",
    "\u2028", "\u2029", "\x7f", "\x9f", "\ufeff", "\u200b", "\u200d", "\u202e", "\u00a0",
    "\u3000", "\ufffe", "\uffff", "\ud800", "\U0001f600", "e\u0301", "ﬁ", "Ⅻ", "İ", "ß",
]
"""Fragments that look like clause markup, XML, Jinja, or characters that are awkward in
Word, YAML or Python's ``splitlines``."""

_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")

any_character = st.characters(codec=None, exclude_categories=())
"""Every code point, surrogates and controls included."""

storable_character = st.characters(
    codec=None, exclude_categories=("Cc", "Cs"), include_characters="\t\n\r\x85",
).filter(lambda c: not _REFUSED.match(c))
"""Every code point a text answer may hold."""

storable_text = st.lists(
    st.one_of(st.sampled_from([p for p in MARKUP_PIECES if not _REFUSED.search(p)]),
              st.text(storable_character, min_size=1, max_size=8)),
    min_size=1, max_size=12,
).map("".join)
"""Text of markup-like pieces, line breaks and arbitrary Unicode, none of it refused."""

strange_text = st.one_of(
    storable_text, storable_text, storable_text,
    st.lists(st.one_of(st.sampled_from(MARKUP_PIECES), st.text(any_character, min_size=1,
                                                               max_size=8)),
             min_size=1, max_size=12).map("".join),
)
"""Mostly storable text; one draw in four may hold any character at all."""


# Structural and value mutations of the examples ---------------------------------------------

EDGE_VALUES: list[Any] = [
    None, True, False, 0, -1, 1, 7, 100, 101, 0.5, 0.005, -0.01, 99.99, 100.01, 1e15, 1e308,
    float("inf"), float("nan"), 10**30, "0", "1250000.00", "12.5%", "£1,000", "",
    "2026-02-29", "2028-02-29", "1900-01-01", "9999-12-31", "2026-13-01", "2026-04-31",
    "yes", "no", "~", [], {}, ["x"], {"x": 1},
]
"""Values tried anywhere: edge numbers and dates, wrong types, empty collections."""


@cache
def value_pool() -> dict[str, tuple[Any, ...]]:
    """Return, for every key in any example, every scalar value it takes in any example."""
    pool: dict[str, set[Any]] = {}
    for example in EXAMPLES:
        data = yaml.safe_load(example.read_text(encoding="utf-8"))
        for path, value in leaves(data):
            key = next((p for p in reversed(path) if isinstance(p, str)), "")
            pool.setdefault(key, set()).add(value)
    return {key: tuple(sorted(values, key=repr)) for key, values in pool.items()}


def containers(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """Yield (path, value) for every dict and list in ``data``, the root included."""
    if isinstance(data, dict | list):
        yield path, data
        items = data.items() if isinstance(data, dict) else enumerate(data)
        for key, value in items:
            yield from containers(value, (*path, key))


def mutate(draw: st.DrawFn, data: Any) -> list[str]:
    """Apply one to three random mutations to ``data`` in place; return what was done."""
    done: list[str] = []
    for _ in range(draw(st.integers(1, 3), label="mutations")):
        kind = draw(st.sampled_from(["pool", "pool", "pool", "pool", "edge", "text", "delete",
                                     "grow", "grow", "empty", "retype"]), label="kind")
        if kind in ("pool", "edge", "text"):
            scalars = [p for p, _ in leaves(data) if p]
            if not scalars:
                continue
            path = draw(st.sampled_from(scalars), label="leaf")
            key = next((p for p in reversed(path) if isinstance(p, str)), "")
            choices = value_pool().get(key, ())
            if kind == "text":
                value = draw(strange_text, label="text")
            else:
                pool = choices if kind == "pool" and choices else EDGE_VALUES
                value = draw(st.sampled_from(pool), label="value")
            put(data, path, copy.deepcopy(value))  # never share a strategy's own objects
            done.append(f"{kind} {path} = {value!r}")
        elif kind == "delete":
            maps = [(p, c) for p, c in containers(data) if isinstance(c, dict) and c]
            path, mapping = draw(st.sampled_from(maps), label="mapping")
            key = draw(st.sampled_from(sorted(mapping)), label="key")
            del mapping[key]
            done.append(f"delete {(*path, key)}")
        elif kind in ("grow", "empty"):
            lists = [(p, c) for p, c in containers(data) if isinstance(c, list) and c]
            if not lists:
                continue
            path, items = draw(st.sampled_from(lists), label="list")
            if kind == "empty":
                items.clear()
                done.append(f"empty {path}")
            else:
                times = draw(st.integers(2, 40), label="times")
                items.extend(copy.deepcopy(items[-1]) for _ in range(times))
                done.append(f"grow {path} by {times}")
        else:
            spots = [p for p, _ in containers(data) if p]
            path = draw(st.sampled_from(spots), label="container")
            value = draw(st.sampled_from(["text", 12, None, [], {}, [1, 2]]), label="as")
            put(data, path, copy.deepcopy(value))
            done.append(f"retype {path} = {value!r}")
    return done


@dataclass(frozen=True)
class Outcome:
    """How one fuzzed answers file fared: ``built``, ``refused`` (located problems)."""

    kind: str
    mutations: tuple[str, ...]


def fuzz_case(draw: st.DrawFn, workdir: Path) -> Outcome:
    """Mutate an example, run ``build`` on it through the command line, and check the result.

    Every answers file must either build (exit 0, every document's parts parse strictly) or
    be refused with located problems, exit 1, by ``validate`` as much as by ``build``: never
    a traceback, an internal error, or "valid, then the build fails".
    """
    name = draw(st.sampled_from([p.stem for p in EXAMPLES]), label="example")
    data = copy.deepcopy(example_data(name))
    mutations = mutate(draw, data)
    workdir.mkdir(parents=True, exist_ok=True)
    answers = workdir / "answers.yaml"
    answers.write_text(dump(data), encoding="utf-8")
    out = workdir / "out"
    code, output = run_cli("build", str(answers), "-o", str(out), "--force")
    assert "Traceback" not in output and "internal error" not in output, (mutations, output)
    if code == 1:
        assert located_problems(output), (mutations, output)
        assert not out.exists() or not any(out.iterdir()), mutations
        check_code, _ = run_cli("validate", str(answers))
        assert check_code == 1, ("valid, then the build failed", mutations, output)
        return Outcome("refused", tuple(mutations))
    assert code == 0, (mutations, output)
    for document in out.rglob("*.docx"):
        with zipfile.ZipFile(document) as package:
            for part in package.namelist():
                if part.endswith((".xml", ".rels")):
                    etree.fromstring(package.read(part), etree.XMLParser(resolve_entities=False))
    return Outcome("built", tuple(mutations))
