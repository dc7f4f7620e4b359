"""The strict YAML loader: values, positions, and every class of rejected input."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest

from alliancedocs.diagnostics import format_path
from alliancedocs.errors import InputError
from alliancedocs.load import (
    MAX_BYTES,
    MAX_DEPTH,
    Position,
    load_yaml,
    load_yaml_bytes,
    load_yaml_text,
)

FIXTURE = Path(__file__).parent / "fixtures" / "minimal.yaml"


def problems_of(text: str) -> list:
    """Return the problems the loader reports for ``text``; fail if it loads."""
    with pytest.raises(InputError) as caught:
        load_yaml_text(text, "t.yaml")
    return caught.value.problems


def line_of(path: Path, needle: str) -> int:
    """Return the 1-based number of the first line of ``path`` containing ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_positions_of_keys_and_values_follow_the_source() -> None:
    loaded = load_yaml(FIXTURE)
    path = ("kras", 1, "kpis", 0, "thresholds", "stretch")
    line = line_of(FIXTURE, "stretch: 94.5")
    text_line = FIXTURE.read_text(encoding="utf-8").splitlines()[line - 1]
    assert loaded.keys[path] == Position(line, text_line.index("stretch") + 1)
    assert loaded.values[path] == Position(line, text_line.index("94.5") + 1)
    assert loaded.data["kras"][1]["kpis"][0]["thresholds"]["stretch"] == Decimal("94.5")
    assert loaded.values[("parties", 2)].line == line_of(FIXTURE, "id: hope-charity")


def test_locate_falls_back_to_the_nearest_present_ancestor() -> None:
    loaded = load_yaml(FIXTURE)
    absent = ("risk_share", "starts_on")
    assert loaded.locate(absent) == loaded.keys[("risk_share",)]
    assert loaded.locate(("alliance", "name"), key=True) == loaded.keys[("alliance", "name")]
    assert loaded.locate(("nothing", "here")) == loaded.values[()] == Position(2, 1)


def test_scalars_follow_the_core_schema_without_timestamps() -> None:
    data = load_yaml_text(
        "money: 1250000.10\nsmall: .5\nexp: 1.5e3\nwhole: 42\nneg: -7\nhex: 0x1F\n"
        "octal: 0o17\nleading: 007\nyes_text: no\non_text: on\nflag: true\nFLAG: FALSE\n"
        "date: 2026-02-30\nnothing: ~\nempty:\nnull_word: null\nquoted: '12.50'\n"
        "inf: .inf\nstr_tag: !!str 123\nfloat_tag: !!float 3\nint_tag: !!int '12'\n",
        "t.yaml").data
    assert data["money"] == Decimal("1250000.10") and str(data["money"]) == "1250000.10"
    assert data["small"] == Decimal("0.5") and isinstance(data["small"], Decimal)
    assert data["exp"] == Decimal("1500")
    assert data["whole"] == 42 and type(data["whole"]) is int
    assert (data["neg"], data["hex"], data["octal"], data["leading"]) == (-7, 31, 15, 7)
    assert data["yes_text"] == "no" and data["on_text"] == "on"
    assert data["flag"] is True and data["FLAG"] is False
    assert data["date"] == "2026-02-30"
    assert data["nothing"] is None and data["empty"] is None and data["null_word"] is None
    assert data["quoted"] == "12.50"
    assert data["inf"] == Decimal("Infinity")
    assert data["str_tag"] == "123"
    assert data["float_tag"] == Decimal(3) and isinstance(data["float_tag"], Decimal)
    assert data["int_tag"] == 12


def test_no_value_ever_passes_through_float() -> None:
    def walk(value: object) -> None:
        assert not isinstance(value, float)
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(load_yaml(FIXTURE).data)


def test_every_duplicate_key_is_reported_with_both_lines() -> None:
    problems = problems_of("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n")
    assert [(p.line, p.column) for p in problems] == [(4, 3), (5, 1)]
    assert problems[0].dotted_path == "b" and "`c` appears twice" in problems[0].message
    assert "first at line 3" in problems[0].message
    assert "first at line 1" in problems[1].message


@pytest.mark.parametrize("text", [
    "a: !!python/object/apply:os.system ['echo hi']\n",
    "a: !!python/name:os.system\n",
    "a: !!binary aGVsbG8=\n",
    "a: !!timestamp 2026-01-01\n",
    "a: !!set {x: null}\n",
    "a: !local 3\n",
])
def test_tags_outside_the_safe_set_are_rejected(text: str) -> None:
    problems = problems_of(text)
    assert len(problems) == 1
    assert (problems[0].line, problems[0].column, problems[0].dotted_path) == (1, 4, "a")
    assert "is not allowed" in problems[0].message


def test_a_tag_that_does_not_fit_its_value_is_rejected() -> None:
    problems = problems_of("a: !!int twelve\nb: !!map [1]\n")
    assert [p.dotted_path for p in problems] == ["a", "b"]
    assert "cannot be read as `int`" in problems[0].message


@pytest.mark.parametrize("text", ["1: one\n", "true: yes\n", "~: x\n", "[a, b]: c\n"])
def test_keys_must_be_text(text: str) -> None:
    problems = problems_of(text)
    assert "is not text" in problems[0].message
    assert problems[0].line == 1


@pytest.mark.parametrize(("text", "kind"), [
    ("- a\n- b\n", "list"), ("just text\n", "single value"), ("42\n", "single value"),
])
def test_the_top_level_must_be_a_mapping(text: str, kind: str) -> None:
    problems = problems_of(text)
    assert f"the top level is a {kind}" in problems[0].message


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n", "~\n", "\ufeff"])
def test_an_empty_file_is_rejected(text: str) -> None:
    assert problems_of(text)[0].message == "the file is empty"


def test_non_utf8_bytes_are_located() -> None:
    with pytest.raises(InputError) as caught:
        load_yaml_bytes("a: 1\nname: Café ".encode() + b"\xe9t\xe9\n", "t.yaml")
    problem = caught.value.problems[0]
    assert (problem.line, problem.column) == (2, 12)
    assert "byte 17 (0xe9) is not valid UTF-8" in problem.message
    assert "UTF-8" in problem.hint


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    assert load_yaml_bytes(b"\xef\xbb\xbfa: 1\n", "t.yaml").data == {"a": 1}


def test_a_control_character_is_located() -> None:
    problem = problems_of("a: 1\nb: x\x07y\n")[0]
    assert (problem.line, problem.column) == (2, 5)
    assert "U+0007" in problem.message


def test_an_oversized_file_is_rejected_by_size_before_reading(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: 1\n" + b"#" * MAX_BYTES)

    def refuse(self: Path) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(InputError) as caught:
        load_yaml(big)
    assert "more than the limit" in caught.value.problems[0].message


def test_a_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    exact = tmp_path / "exact.yaml"
    exact.write_bytes(b"a: 1\n" + b"#" * (MAX_BYTES - 5))
    assert load_yaml(exact).data == {"a": 1}


def test_a_missing_file_is_a_located_problem(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_yaml(tmp_path / "absent.yaml")
    assert "cannot read the file" in caught.value.problems[0].message


def _nested(depth: int) -> str:
    """Return a file whose deepest collection sits ``depth`` levels down."""
    return "a: " + "[" * (depth - 1) + "]" * (depth - 1) + "\n"


def test_nesting_up_to_the_limit_is_accepted() -> None:
    assert load_yaml_text(_nested(MAX_DEPTH), "t.yaml").data["a"] is not None


def test_nesting_beyond_the_limit_is_rejected() -> None:
    problem = problems_of(_nested(MAX_DEPTH + 1))[0]
    assert "nested more than 50 levels" in problem.message
    assert (problem.line, problem.column) == (1, 3 + MAX_DEPTH)


def test_extreme_nesting_is_rejected_quickly_without_recursion_error() -> None:
    started = time.perf_counter()
    problem = problems_of("a: " + "[" * 20_000 + "\n")[0]
    assert "nested more than" in problem.message
    assert time.perf_counter() - started < 1


def test_block_nesting_is_counted_too() -> None:
    text = "".join(f"{'  ' * level}k{level}:\n" for level in range(MAX_DEPTH + 2))
    assert "nested more than" in problems_of(text)[0].message


def test_an_alias_bomb_is_stopped_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 9)]
    started = time.perf_counter()
    problem = problems_of("\n".join(lines) + "\n")[0]
    assert "aliases expand to more than" in problem.message
    assert time.perf_counter() - started < 1


def test_a_small_alias_is_expanded_and_located_at_the_alias() -> None:
    loaded = load_yaml_text("base: &t {x: 1}\ncopy: *t\n", "t.yaml")
    assert loaded.data == {"base": {"x": 1}, "copy": {"x": 1}}
    assert loaded.values[("copy",)] == Position(2, 7)


def test_a_recursive_alias_is_rejected() -> None:
    assert "contains it" in problems_of("a: &a [1, *a]\n")[0].message


@pytest.mark.parametrize(("text", "line", "column", "hint"), [
    ("a:\n  b: 1\n c: 2\n", 3, 2, "indentation"),
    ("a:\n\tb: 1\n", 2, 1, "tabs"),
    ("a: b: c\n", 1, 5, "quotes"),
    ("a: 1\n---\nb: 2\n", 2, 1, "one document"),
    ("a: *missing\n", 1, 4, "anchor"),
    ("a: [1, 2\n", 2, 1, "indentation"),
])
def test_syntax_errors_carry_the_mark_and_a_hint(text: str, line: int, column: int,
                                                 hint: str) -> None:
    problem = problems_of(text)[0]
    assert problem.message.startswith("YAML syntax error:")
    assert (problem.line, problem.column) == (line, column)
    assert hint in problem.hint


def test_format_path() -> None:
    assert format_path(("kras", 2, "kpis", 0, "thresholds", "stretch")) == (
        "kras[2].kpis[0].thresholds.stretch")
    assert format_path(("parties",)) == "parties"
    assert format_path(()) == ""
