"""User text reaches the documents exactly, or is refused by `validate` at its location.

The reproducers of issue 8 (markup characters in a pack heading, private-use characters,
line separators and controls) each have a test here, and a property test drives arbitrary
Unicode through every printed text answer of the examples.
"""

from __future__ import annotations

import copy
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree

from alliancedocs.docmodel import Run
from alliancedocs.errors import LibraryError
from alliancedocs.library.markup import ParaSpec, Ref, parse
from alliancedocs.library.templating import render_text
from alliancedocs.model.base import plain_text
from fuzzing import (
    W,
    appears,
    docx_texts,
    dump,
    example_data,
    get,
    located_problems,
    put,
    run_cli,
    strange_text,
    text_fields,
)

REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
"""The characters a text answer may not hold (restated here from the README's rule)."""


def expected(text: str) -> str:
    """Return ``text`` as the README says it is printed: line breaks and tabs as spaces."""
    text = re.sub(r"(?:[ \t]*[\r\n\x85\u2028\u2029])+[ \t]*", " ", text)
    return text.replace("\t", " ").strip()


def build_with(tmp_path: Path, changes: dict[tuple, str],
               example: str = "lambeth-rehabilitation") -> tuple[int, str, Path]:
    data = copy.deepcopy(example_data(example))
    for path, value in changes.items():
        put(data, path, value)
    tmp_path.mkdir(parents=True, exist_ok=True)
    answers = tmp_path / "answers.yaml"
    answers.write_text(dump(data), encoding="utf-8")
    out = tmp_path / "out"
    code, output = run_cli("build", str(answers), "-o", str(out))
    return code, output, out


def test_markup_characters_in_a_short_name_are_printed_exactly_in_every_pack_heading(
        tmp_path: Path) -> None:
    name = "[IPSA] @{x} *y* - #z & <c> {{ q }} {% if %}"
    code, output, out = build_with(tmp_path, {("alliance", "short_name"): name})
    assert code == 0, output
    texts = docx_texts(out)
    packs = [doc for doc in texts if doc.startswith("schedules")]
    assert packs
    for doc in packs:
        assert any(name in para for para in texts[doc]), doc
        with zipfile.ZipFile(out / doc) as package:
            headers = [n for n in package.namelist() if n.startswith("word/header")]
            shown = "".join(t.text or "" for n in headers
                            for t in etree.fromstring(package.read(n)).iter(f"{W}t"))
        assert f"{name}: " in shown, (doc, shown)
    every = "".join(p for paras in texts.values() for p in paras)
    assert not re.search("[\ue000-\uf8ff]", every)


def test_private_use_characters_are_kept_and_never_turned_into_markup(tmp_path: Path) -> None:
    name = "Alliance \ue000\ue001\ue002\ue003\ue004\ue005\ue006\ue007 end"
    code, output, out = build_with(tmp_path, {("alliance", "name"): name})
    assert code == 0, output
    texts = docx_texts(out)
    assert appears(name, texts)
    assert not appears("Alliance []@{}*-# end", texts)


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\r\n", "\n\n", "\t"])
def test_a_line_or_paragraph_separator_in_an_answer_becomes_one_space(
        tmp_path: Path, separator: str) -> None:
    baseline_code, _, baseline = build_with(tmp_path / "a", {})
    path = ("alliance", "vision")
    vision = get(example_data("lambeth-rehabilitation"), path)
    first, _, rest = vision.partition(" ")
    code, output, out = build_with(tmp_path / "b", {path: f"{first}{separator}{rest}"})
    assert (baseline_code, code) == (0, 0), output
    assert appears(f"{first} {rest}", docx_texts(out))
    before, after = docx_texts(baseline), docx_texts(out)
    assert {doc: len(paras) for doc, paras in after.items()} == {
        doc: len(paras) for doc, paras in before.items()}


@pytest.mark.parametrize(("character", "code"), [
    ("\v", "000B"), ("\f", "000C"), ("\x1c", "001C"), ("\x1d", "001D"), ("\x1e", "001E"),
    ("\x00", "0000"), ("\x1b", "001B"), ("\x7f", "007F"), ("\x9b", "009B"),
    ("\ufffe", "FFFE"),
])
@pytest.mark.parametrize("command", ["validate", "check", "build"])
def test_a_control_character_is_refused_with_its_location(
        tmp_path: Path, character: str, code: str, command: str) -> None:
    data = copy.deepcopy(example_data("lambeth-rehabilitation"))
    put(data, ("alliance", "vision"), f"Better{character}care")
    answers = tmp_path / "answers.yaml"
    answers.write_text(dump(data), encoding="utf-8")
    args = [command, str(answers)] + (["-o", str(tmp_path / "out")] if command == "build"
                                      else [])
    exit_code, output = run_cli(*args)
    assert exit_code == 1, output
    line = next(n for n, text in enumerate(answers.read_text("utf-8").splitlines(), 1)
                if text.lstrip().startswith("vision:"))
    assert (line, "alliance.vision") in [(ln, p) for ln, _, p in located_problems(output)]
    assert f"U+{code}" in output and "Word document cannot store" in output
    assert "hint: delete it" in output
    assert "Traceback" not in output
    assert not (tmp_path / "out").exists()


@settings(max_examples=400, deadline=None, derandomize=True)
@given(strange_text)
def test_the_text_rule_keeps_everything_but_breaks_and_refuses_controls(text: str) -> None:
    if REFUSED.search(text):
        with pytest.raises(ValueError, match=r"U\+[0-9A-F]{4}"):
            plain_text(text)
    else:
        assert plain_text(text).strip() == expected(text)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("text-exact"))


EXAMPLE_NAMES = ["lambeth-rehabilitation", "framework-packages", "watered-down-partnership"]


@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_arbitrary_text_in_any_text_answer_is_printed_verbatim_or_refused_where_it_is(
        workdir: str, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(EXAMPLE_NAMES), label="example")
    fields = text_fields(name, workdir)
    chosen = data.draw(st.lists(st.sampled_from(fields.all), min_size=1, max_size=3,
                                unique=True), label="fields")
    values = {path: data.draw(strange_text, label=str(path)) for path in chosen}
    tmp = tmp_path_factory.mktemp("case")
    code, output, out = build_with(tmp, values, name)
    assert "Traceback" not in output
    if code == 1 and not out.exists():
        problems = located_problems(output)
        assert problems, output
        assert all(line >= 1 and column >= 1 for line, column, _ in problems), output
        event("refused by validation")
        return
    assert code == 0, output  # valid means it builds: never "valid, then the build fails"
    event("built")
    texts = docx_texts(out)
    for path, value in values.items():
        assert not REFUSED.search(value), (path, value)
        if path in fields.printed:  # the others are not printed verbatim, or at all
            shown = expected(value)
            assert appears(shown, texts), (path, value, shown)


@pytest.mark.parametrize("source", [
    "see {{ 'clause [[ref:leaving]]' if flag else 'nothing' }}",
    "{{ '**bold**' }}",
    "{{ ('[[Alliance' ~ ']]') }}",
])
def test_clause_markup_inside_a_printed_expression_is_refused_where_it_is(source: str) -> None:
    with pytest.raises(LibraryError, match=r"clause 'x' \(line 1 of the text\): clause markup "
                                           r"'.*' inside \{\{ \}\} is printed as text"):
        render_text(source, {"flag": True}, "clause 'x'")


def test_markup_in_the_clause_text_around_printed_values_is_still_markup() -> None:
    rendered = render_text("{% if flag %}see [[ref:leaving]]{% endif %} **{{ name }}**",
                           {"flag": True, "name": "[[not a term]] **x**"}, "clause 'x'")
    blocks = parse(rendered, "clause 'x'")
    assert blocks == [ParaSpec(0, (Run("see "), Ref("leaving"), Run(" "),
                                   Run("[[not a term]] **x**", bold=True)))]
