"""``clauses --lint``: several files after one --lint, progress on a terminal only."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from alliancedocs import lint as lint_module
from alliancedocs.cli import clauses as clauses_module
from alliancedocs.cli import main
from alliancedocs.cli.clauses import Ticking
from alliancedocs.lint import LintReport
from alliancedocs.model import Answers

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FILES = [str(EXAMPLES / "lambeth-rehabilitation.yaml"), str(EXAMPLES / "stockport-enablement.yaml")]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def linted(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Replace the (slow) lint by one that records the alliances it was given, in order."""
    seen: list[list[str]] = []

    def fake_lint(library: object, answers_set: Sequence[Answers]) -> LintReport:
        seen.append([answers.alliance.name for answers in answers_set])
        return LintReport(len(answers_set), (), (), ())

    monkeypatch.setattr(lint_module, "lint", fake_lint)
    monkeypatch.setattr(lint_module, "coverage_answers", lambda bases: list(bases))
    return seen


def test_several_files_after_one_lint_and_nothing_extra_when_piped(
        linted: list[list[str]]) -> None:
    result = CliRunner().invoke(main, ["clauses", "--lint", *FILES])
    assert result.exit_code == 0, result.output
    assert len(linted) == 1 and len(linted[0]) == 2 and linted[0][0] != linted[0][1]
    assert result.output == "linted the library against 2 sets of answers: 0 problems\n"
    result = CliRunner().invoke(main, ["clauses", "--lint", *FILES, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["answers_checked"] == 2
    # The repeated form still works.
    result = CliRunner().invoke(main, ["clauses", "--lint", FILES[0], "--lint", FILES[1]])
    assert result.exit_code == 0 and len(linted[-1]) == 2


def test_lint_shows_progress_on_a_terminal(linted: list[list[str]],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(clauses_module, "progress_stream", lambda: terminal)
    result = CliRunner().invoke(main, ["clauses", "--lint", *FILES])
    assert result.exit_code == 0, result.output
    assert "linting the library" in terminal.getvalue() and "100%" in terminal.getvalue()
    assert "linting" not in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["clauses", "--lint"], "--lint needs one or more ANSWERS files"),
    (["clauses", FILES[0]], "ANSWERS files are only read with --lint"),
])
def test_lint_usage_errors(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and message in result.output


def test_ticking_ticks_once_per_item_taken() -> None:
    ticks: list[int] = []
    items = Ticking(["a", "b", "c"], ticks.append)
    assert len(items) == 3 and items[1] == "b" and list(items[1:]) == ["b", "c"]
    assert list(items) == ["a", "b", "c"] and ticks == [1, 1, 1]
