"""The loader's fast path for clean files gives exactly what the full path gives.

Most answers files are clean (one mapping, no anchors, nothing refused), and the loader
builds their values straight from libyaml's events. Everything else goes through the full
path: node composition and the builder, which report problems. These tests load the same
text both ways, the full path forced by turning the fast path off, and compare everything
the loader returns: the values and their types, every key and value position, the
containers, or else the very same error.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from alliancedocs import load
from alliancedocs.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
ALL_YAML = sorted(p for p in ROOT.glob("**/*.yaml")
                  if ".venv" not in p.parts and "library" not in p.parts)


def outcome(text: str, *, fast: bool) -> Any:
    """Return everything the loader gives for ``text`` (or its error), by one path."""
    original = load._load_clean
    if not fast:
        load._load_clean = lambda text: None  # type: ignore[assignment]
    try:
        loaded = load.load_yaml_text(text, "answers.yaml")
    except InputError as error:
        return ("refused", str(error))
    finally:
        load._load_clean = original
    return (repr(loaded.data), dict(loaded.values), dict(loaded.keys), loaded.containers,
            loaded.text, loaded.sha256)


def both_paths_agree(text: str) -> None:
    """Assert the fast and full paths give the same for ``text``."""
    assert outcome(text, fast=True) == outcome(text, fast=False)


@pytest.mark.parametrize("path", ALL_YAML, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_in_the_repository_loads_the_same_both_ways(path: Path) -> None:
    both_paths_agree(path.read_text(encoding="utf-8"))


def test_the_examples_take_the_fast_path() -> None:
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    assert examples
    for path in examples:
        text = path.read_text(encoding="utf-8")
        built = load._load_clean(text)
        assert built is not None, path
        assert built[0] == load.load_yaml_text(text, path).data


CLEAN = [
    "a: 1\n",
    "\ufeffa: 1\n",
    "---\na: x\n...\n",
    "# comment\na:  # after\n  b: [1, 2.50, -3, +4, 0x1F, 0o17, 1e3, .5, .inf, -.INF, .nan]\n",
    'a: {"q": \'single\', "k": "\\u00e9\\t"}\nb: !!str 12\nc: !!int "7"\nd: ! x\n',
    "a:\n- x\n-\n  - y\n  - {}\n  - []\n- z: ~\n  w: null\n  v:\n",
    "a: |\n  two\n  lines\nb: >-\n  folded\n  text\n",
    "a: true\nb: False\nc: no\nd: on\ne: 2026-02-30\nf: '1'\ng: 007\n",
    "'quoted key': 1\n\"k2\": 2\n? plain\n: 3\n",
    "a: !!float 1\nb: !!null ''\nc: !!bool true\nd: !!map {x: 1}\ne: !!seq [1]\n",
    "a: '\\ud800'\n",
]

DECLINED = [
    "a: &x 1\nb: *x\n",
    "a: &x {b: 1}\n",
    "a: 1\na: 2\n",
    "1: x\n",
    "? [a]\n: 1\n",
    "a: !!python/object:os.system x\n",
    "a: !!int x\n",
    "a: 1" + "0" * 60 + "\n",
    "a: 1e99\n",
    "- 1\n",
    "x\n",
    "",
    "~\n",
    "a: 1\n---\nb: 2\n",
    "a: [" * 60 + "]" * 60 + "\n",
    "a: !!str [1]\n",
    "a: !!map x\n",
    "a: b: c\n",
    "a:\n\t- 1\n",
    'a: "\\ud800"\n',
    "a: [" + ", ".join(["1"] * 10_001) + "]\n",
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text_takes_the_fast_path_and_matches(text: str) -> None:
    assert load._load_clean(text.removeprefix("\ufeff")) is not None
    both_paths_agree(text)


@pytest.mark.parametrize("text", DECLINED)
def test_anything_else_is_left_to_the_full_path_which_reports_it(text: str) -> None:
    assert load._load_clean(text.removeprefix("\ufeff")) is None
    both_paths_agree(text)


_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6),
    st.decimals(allow_nan=False, allow_infinity=False, places=2).map(Decimal),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    st.sampled_from(["yes", "no", "on", "~", "null", "0x1F", "0o7", "1e3", ".inf", "12:30",
                     "2026-01-01", "- a", "a: b", "#x", "'", '"', "&a", "*a", "!x", "|"]))
_keys = st.one_of(st.text(max_size=8), st.sampled_from(["a", "b", "true", "1", "null", "",
                                                      "x y", "k:", "#"]))
_data = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_keys, inner, max_size=4)), max_leaves=25)
_MARKS = ["&a ", "*a", "!!str ", "!x ", "- ", ": ", "#", "'", '"', "\t", "---\n", "? ", "{",
          "]", "\n  ", "!!int ", "\\", "|\n"]


def _dumped(data: Any, style: str | None, flow: bool | None) -> str:
    return yaml.safe_dump(_plain(data), allow_unicode=True, sort_keys=False,
                          default_style=style, default_flow_style=flow, width=60)


def _plain(data: Any) -> Any:
    """Decimals as the strings they would be typed as (safe_dump has no Decimal)."""
    if isinstance(data, Decimal):
        return float(data)
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data


@settings(max_examples=300, deadline=None, derandomize=True)
@given(data=st.dictionaries(_keys, _data, min_size=1, max_size=5),
       style=st.sampled_from([None, None, '"', "'"]),
       flow=st.sampled_from([False, None, True]),
       mark=st.one_of(st.none(), st.none(),
                      st.tuples(st.sampled_from(_MARKS), st.integers(0, 10_000))))
def test_random_answers_text_loads_the_same_both_ways(data: dict, style: str | None,
                                                      flow: bool | None,
                                                      mark: tuple[str, int] | None) -> None:
    text = _dumped(data, style, flow)
    if mark is not None:
        insert, at = mark
        at %= len(text) + 1
        text = text[:at] + insert + text[at:]
    both_paths_agree(text)
