"""The `validate`, `schema` and `init` commands, run as a user would run them."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from alliancedocs.answers_file import read_answers
from alliancedocs.cli import main
from alliancedocs.cli.init import MODELINE, with_modeline
from alliancedocs.load import MAX_BYTES
from alliancedocs.resources import SCHEMA_NAME, starter_text
from alliancedocs.schema import schema_text

ROOT = Path(__file__).resolve().parents[1]
INVALID = ROOT / "examples" / "invalid"
FIXTURE = Path(__file__).parent / "fixtures" / "minimal.yaml"


def run(*args: str) -> tuple[Result, float]:
    """Run the command line in-process; return the result and the seconds it took."""
    started = time.perf_counter()
    result = CliRunner().invoke(main, list(args))
    return result, time.perf_counter() - started


def line_of(path: Path, needle: str) -> int:
    text = path.read_text(encoding="utf-8", errors="replace")
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


# name, field path ("" for the file as a whole), message fragment, text on the reported line
INVALID_CASES = [
    ("duplicate-key", "alliance", "the key `name` appears twice", "name: Riverside Alliance"),
    ("unknown-key", "parties[0].registerd_address", "unknown key `registerd_address`",
     "registerd_address:"),
    ("bad-tag", "alliance.name", "the tag `!!python/object/apply:os.system` is not allowed",
     "name: !!python"),
    ("not-a-mapping", "", "the top level is a list", "- alliance"),
    ("empty", "", "the file is empty", "# Invalid"),
    ("bad-enum", "governance.tier", "`operational` is not one of the allowed values",
     "tier: operational"),
    ("bad-date", "alliance.agreement_date", "`2026-02-30` is not a valid date",
     "agreement_date: 2026-02-30"),
    ("weights-not-100", "kras", "the KRA weights add up to 95, not 100", "kras:"),
    ("thresholds-disordered", "kras[0].kpis[0].thresholds.above_mcos",
     "`above_mcos` (92) must be lower than `stretch` (90)", "above_mcos: 92"),
    ("unresolved-party", "governance.alt.chair", "`hope-charty` is not the id of any party",
     "chair: hope-charty"),
    ("money-three-decimals", "risk_share.target_outturn_cost",
     "`4000000.005` has more than 2 decimal places", "4000000.005"),
    ("deferred-without-start", "risk_share.starts_on",
     "a deferred risk share needs the date it starts", "risk_share:"),
    ("pooled-fund-payer-without-fund", "risk_share.payment.payers.gain_pain",
     "the payer is the pooled fund, but no pooled fund is recorded", "gain_pain: pooled-fund"),
    ("too-deep", "", "nested more than 50 levels deep", "objectives:"),
    ("alias-bomb", "", "aliases expand to more than", "e: &e"),
    ("syntax-error", "", "YAML syntax error: mapping values are not allowed", "Our aim:"),
]


def test_every_invalid_example_has_a_case() -> None:
    assert {p.stem for p in INVALID.glob("*.yaml")} == {case[0] for case in INVALID_CASES}


def _assert_reported(result: Result, seconds: float, path: Path, field: str, fragment: str,
                     line: int) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert seconds < 1, f"took {seconds:.2f}s"
    pattern = rf"^{re.escape(str(path))}:(\d+):(\d+): " + (
        rf"{re.escape(field)}: " if field else "") + r"(.*)$"
    matches = [m for m in re.finditer(pattern, result.output, re.MULTILINE)
               if fragment in m.group(3)]
    assert matches, result.output
    assert int(matches[0].group(1)) == line
    assert int(matches[0].group(2)) >= 1
    assert "    hint: " in result.output


@pytest.mark.parametrize(("name", "field", "fragment", "marker"), INVALID_CASES,
                         ids=[case[0] for case in INVALID_CASES])
def test_invalid_example(name: str, field: str, fragment: str, marker: str) -> None:
    path = INVALID / f"{name}.yaml"
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("# Invalid:"), "each invalid example says what is wrong"
    result, seconds = run("validate", str(path))
    _assert_reported(result, seconds, path, field, fragment, line_of(path, marker))


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"# Invalid: saved as Latin-1, not UTF-8.\nalliance:\n  name: Caf"
                     + b"\xe9 Alliance\n")
    result, seconds = run("validate", str(path))
    _assert_reported(result, seconds, path, "", "is not valid UTF-8", 3)
    assert f"{path}:3:12:" in result.output


def test_oversized_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"alliance: {}\n" + b"# padding\n" * (MAX_BYTES // 10 + 1))
    result, seconds = run("validate", str(path))
    _assert_reported(result, seconds, path, "", "more than the limit", 1)


def test_valid_file_prints_ok() -> None:
    result, _ = run("validate", str(FIXTURE))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"ok: {FIXTURE}\n"


def test_several_files_are_all_checked_and_any_error_fails() -> None:
    bad = INVALID / "bad-enum.yaml"
    result, _ = run("validate", str(FIXTURE), str(bad), str(FIXTURE))
    assert result.exit_code == 1
    assert result.stdout.count("ok: ") == 2
    assert f"{bad}: 1 problem" in result.stderr


def test_a_missing_file_is_reported_not_raised(tmp_path: Path) -> None:
    result, _ = run("validate", str(tmp_path / "absent.yaml"))
    assert result.exit_code == 1
    assert "cannot read the file" in result.output and "Traceback" not in result.output


def test_validate_requires_a_file() -> None:
    result, _ = run("validate")
    assert result.exit_code == 2


@pytest.mark.parametrize("command", ["validate", "schema", "init"])
def test_help_shows_an_example(command: str) -> None:
    result, _ = run(command, "--help")
    assert result.exit_code == 0
    assert f"alliancedocs {command} " in result.output.split("Example")[1]


# --- schema --------------------------------------------------------------------------------


def test_schema_prints_the_schema() -> None:
    result, _ = run("schema")
    assert result.exit_code == 0
    assert result.stdout == schema_text()


def test_schema_writes_a_file(tmp_path: Path) -> None:
    target = tmp_path / "answers.schema.json"
    result, _ = run("schema", "-o", str(target))
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == schema_text()


# --- init ----------------------------------------------------------------------------------


def test_init_writes_a_valid_starter(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    result, _ = run("init", str(target))
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text == with_modeline(starter_text()) and text.startswith(MODELINE)
    answers = read_answers(target)
    assert len(answers.commissioners) >= 1 and len(answers.providers) >= 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.schema.json", "answers.yaml"]
    assert (tmp_path / SCHEMA_NAME).read_bytes() == (ROOT / "schemas" / SCHEMA_NAME).read_bytes()
    assert run("validate", str(target))[0].exit_code == 0


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text("mine: keep\n", encoding="utf-8")
    result, _ = run("init", str(target))
    assert result.exit_code == 1
    assert "already exist" in result.output and "--force" in result.output
    assert target.read_text(encoding="utf-8") == "mine: keep\n"
    result, _ = run("init", str(target), "--force")
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == with_modeline(starter_text())


def test_init_from_a_named_example(tmp_path: Path) -> None:
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    if not examples:
        pytest.skip("no examples/*.yaml to start from")
    target = tmp_path / "from-example.yaml"
    result, _ = run("init", str(target), "--example", examples[0].stem)
    assert result.exit_code == 0, result.output
    source = examples[0].read_text(encoding="utf-8")
    text = target.read_text(encoding="utf-8")
    assert text.startswith(MODELINE) and "../schemas" not in text.splitlines()[0]
    assert text.splitlines()[1:] == source.splitlines()[1:]
    assert (tmp_path / SCHEMA_NAME).is_file()


@pytest.mark.parametrize("name", ["no-such-example", "../pyproject", "invalid/empty"])
def test_init_rejects_an_unknown_example(tmp_path: Path, name: str) -> None:
    target = tmp_path / "x.yaml"
    result, _ = run("init", str(target), "--example", name)
    assert result.exit_code == 1
    assert "there is no example named" in result.output
    assert not target.exists()


def test_init_into_a_missing_folder_is_a_user_error(tmp_path: Path) -> None:
    result, _ = run("init", str(tmp_path / "nowhere" / "answers.yaml"))
    assert result.exit_code == 1
    assert "does not exist" in result.output and "Traceback" not in result.output
