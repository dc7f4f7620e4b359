"""``alliancedocs check``: output formats and exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from alliancedocs.cli import main
from domain_example import true_alliance_data

JUSTIFICATION = "Agreed by every party's board: the commissioner must keep this for now."


def write(tmp_path: Path, change: Callable[[dict[str, Any]], None] | None = None) -> Path:
    data = true_alliance_data()
    if change is not None:
        change(data)
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def majority(data: dict[str, Any]) -> None:
    data["governance"]["decision_rule"] = "majority"  # high


def majority_acknowledged(data: dict[str, Any]) -> None:
    majority(data)
    data["acknowledged_departures"] = [{"id": "majority-decisions",
                                        "justification": JUSTIFICATION}]


def run(*args: str) -> Any:
    return CliRunner().invoke(main, ["check", *args])


def test_true_alliance_passes_at_every_threshold(tmp_path: Path) -> None:
    path = write(tmp_path)
    result = run(str(path), "--fail-on", "info")
    assert result.exit_code == 0, result.output
    assert "No departures from a true alliance were found." in result.output


@pytest.mark.parametrize(("fail_on", "code"),
                         [(None, 0), ("critical", 0), ("high", 3), ("medium", 3), ("info", 3)])
def test_exit_code_follows_fail_on(tmp_path: Path, fail_on: str | None, code: int) -> None:
    path = write(tmp_path, majority)
    args = [str(path)] + (["--fail-on", fail_on] if fail_on else [])
    result = run(*args)
    assert result.exit_code == code, result.output
    assert "majority-decisions" in result.output


def test_acknowledged_flags_never_fail(tmp_path: Path) -> None:
    result = run(str(write(tmp_path, majority_acknowledged)), "--fail-on", "info")
    assert result.exit_code == 0, result.output
    assert "majority-decisions (acknowledged)" in result.output


def test_json_format_prints_the_report(tmp_path: Path) -> None:
    result = run(str(write(tmp_path, majority)), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [flag["id"] for flag in data["flags"]] == ["majority-decisions"]
    assert data["flags"][0]["locations"] == ["governance.decision_rule",
                                             "clause:decision-making/majority"]
    assert data["summary"]["unacknowledged"]["high"] == 1


def test_markdown_format_names_the_alliance(tmp_path: Path) -> None:
    result = run(str(write(tmp_path, majority)), "--format", "md")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Integrity report: Exampletown Living Well Alliance\n")
    assert "`majority-decisions`" in result.output


def test_invalid_answers_exit_1_with_a_located_error(tmp_path: Path) -> None:
    def bad(data: dict[str, Any]) -> None:
        data["governance"]["decision_rul"] = "majority"
    path = write(tmp_path, bad)
    result = run(str(path), "--fail-on", "high")
    assert result.exit_code == 1
    assert str(path) in result.output
    assert "Traceback" not in result.output


def test_missing_file_exits_1(tmp_path: Path) -> None:
    result = run(str(tmp_path / "absent.yaml"))
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_bad_fail_on_is_a_usage_error(tmp_path: Path) -> None:
    assert run(str(write(tmp_path)), "--fail-on", "severe").exit_code == 2


def test_help_has_an_example() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "alliancedocs check answers.yaml --fail-on high" in result.output
