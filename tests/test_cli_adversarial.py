"""Malformed and surprising input, run through the command line as a new user would.

Each case must exit 1 (or 2 for click's own usage errors), name the place of the problem
and give a hint, never show a traceback, leave nothing half-written and return quickly.
"""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from alliancedocs import load
from alliancedocs.cli import main
from alliancedocs.errors import OutputError
from alliancedocs.load import MAX_NODES, load_yaml_text
from alliancedocs.write import write_tree

FIXTURE = Path(__file__).parent / "fixtures" / "minimal.yaml"
QUICK = 1.0
"""Seconds a failing command may take in-process (the limit the users were promised)."""


def run(*args: str) -> tuple[Result, float]:
    """Run the command line in-process; return the result and the seconds it took."""
    started = time.perf_counter()
    result = CliRunner().invoke(main, list(args))
    return result, time.perf_counter() - started


def answers(tmp_path: Path, old: str, new: str, *, name: str = "answers.yaml") -> Path:
    """Write the fixture with ``old`` replaced by ``new``; return its path."""
    text = FIXTURE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def rejected(result: Result) -> str:
    """Assert ``result`` is a clean refusal (exit 1, no traceback); return its output."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit)
    return result.output


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if needle in line)


# --- numbers that are too long or too large to convert cheaply --------------------------------


@pytest.mark.parametrize(("field", "value"), [
    ("term_years: 5", "9" * 5000),            # int() refuses more than 4,300 digits
    ("term_years: 5", "0x" + "f" * 5000),
    ("term_years: 5", "1e999999999"),         # an int field: a billion-digit int
    ("annual_budget: 4200000.00", "1e999999999"),
    ("annual_budget: 4200000.00", "1e-999999999"),
    ("gamebreaking: 95", "1e999999999"),      # thresholds have no bounds of their own
])
def test_absurd_numbers_are_located_and_refused_quickly(tmp_path: Path, field: str,
                                                        value: str) -> None:
    key = field.split(":")[0]
    path = answers(tmp_path, field, f"{key}: {value}")
    result, seconds = run("validate", str(path))
    output = rejected(result)
    assert f"{path}:{line_of(path, key + ': ' + value[:5])}:" in output
    assert "is too long or too large to be an answer" in output
    assert "hint: write it out in ordinary digits" in output
    assert seconds < QUICK


def test_a_quoted_huge_whole_number_gets_a_plain_message(tmp_path: Path) -> None:
    path = answers(tmp_path, "term_years: 5", f'term_years: "{"9" * 5000}"')
    output = rejected(run("validate", str(path))[0])
    assert "alliance.term_years: `99999" in output and "is too large" in output
    assert "Unable to parse" not in output


def test_the_number_of_values_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text("a: [" + "x, " * (MAX_NODES + 10) + "]\n", encoding="utf-8")
    result, seconds = run("validate", str(path))
    assert f"more than {MAX_NODES:,} values" in rejected(result)
    assert seconds < 2 * QUICK


# --- messages that point at the real cause ---------------------------------------------------


def test_a_non_breaking_space_in_the_indentation_is_named(tmp_path: Path) -> None:
    path = answers(tmp_path, "  term_years: 5", "\u00a0 term_years: 5")
    output = rejected(run("validate", str(path))[0])
    assert f"line {line_of(path, 'term_years')}, column 1 holds a non-breaking space" in output


def test_an_invisible_character_in_a_key_is_shown(tmp_path: Path) -> None:
    path = answers(tmp_path, "  term_years: 5", "  \u200bterm_years: 5")
    output = rejected(run("validate", str(path))[0])
    assert "alliance.\\u200bterm_years: unknown key `\\u200bterm_years`" in output
    assert "invisible character U+200B" in output


def test_a_merge_key_is_explained(tmp_path: Path) -> None:
    path = answers(tmp_path, "  term_years: 5", "  term_years: 5\n  <<: {vision: x}")
    output = rejected(run("validate", str(path))[0])
    assert "unknown key `<<`" in output and "merge keys" in output


def test_a_list_as_a_key_is_called_a_list(tmp_path: Path) -> None:
    path = answers(tmp_path, "  term_years: 5", "  term_years: 5\n  ? [a]\n  : x")
    output = rejected(run("validate", str(path))[0])
    assert "the key is a list, which is not text" in output
    assert "`list`" not in output


def test_a_percentage_with_a_sign_gets_a_percentage_hint(tmp_path: Path) -> None:
    path = answers(tmp_path, "  regime: gain-pain",
                   "  regime: gain-pain\n  underrun: {owner_percent: 50%, "
                   "participants_percent: 50}")
    output = rejected(run("validate", str(path))[0])
    assert "risk_share.underrun.owner_percent: `50%` is not a number" in output
    assert "without the % sign" in output and "£" not in output


# --- paths that are not ordinary readable files -----------------------------------------------


@pytest.mark.parametrize("command", [("validate",), ("check",), ("build", "-o", "out")])
def test_a_folder_given_as_answers_is_a_located_input_error(
        tmp_path: Path, command: tuple[str, ...]) -> None:
    folder = tmp_path / "answers"
    folder.mkdir()
    name, *rest = command
    args = [name, str(folder), *(str(tmp_path / r) if r == "out" else r for r in rest)]
    output = rejected(run(*args)[0])
    assert f"{folder}:1:1: this is a folder, not a file" in output
    assert "hint: give the path of a YAML answers file" in output


def test_an_unreadable_answers_file_is_a_located_input_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = answers(tmp_path, "term_years: 5", "term_years: 5")

    def refuse(self: Path, limit: int) -> bytes:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))

    monkeypatch.setattr(load, "read_limited", refuse)
    output = rejected(run("check", str(path))[0])
    assert f"{path}:1:1: cannot read the file: Permission denied" in output


# --- writing outputs -------------------------------------------------------------------------


def test_build_under_a_file_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("keep", encoding="utf-8")
    output = rejected(run("build", str(FIXTURE), "-o", str(blocker / "sub"))[0])
    assert f"cannot write into {blocker}: it is a file, not a folder" in output
    assert "nothing was written" in output and "hint:" in output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


def test_a_folder_in_place_of_an_output_is_refused_before_anything_is_written(
        tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "manifest.json").mkdir(parents=True)
    output = rejected(run("build", str(FIXTURE), "-o", str(out), "--force")[0])
    assert f"{out / 'manifest.json'} (a folder)" in output
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json"]


def test_force_never_replaces_a_device(tmp_path: Path) -> None:
    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    output = rejected(run("init", str(fifo), "--force")[0])
    assert "(a device, pipe or socket)" in output
    assert fifo.is_fifo()


def test_init_on_the_current_folder_is_refused(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    output = rejected(run("init", "")[0])
    assert "(a folder)" in output
    assert list(tmp_path.iterdir()) == []


def test_init_into_a_missing_folder_gives_a_hint(tmp_path: Path) -> None:
    output = rejected(run("init", str(tmp_path / "absent" / "a.yaml"))[0])
    assert "absent does not exist" in output
    assert "hint: create the folder first" in output


def test_schema_under_a_file_is_refused_without_naming_a_temporary_file(
        tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("keep", encoding="utf-8")
    output = rejected(run("schema", "-o", str(blocker / "s.json"))[0])
    assert f"cannot write into {blocker}" in output and ".tmp" not in output


def test_a_failure_while_writing_removes_every_staged_file_and_new_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_fsync = os.fsync
    calls = []

    def full_on_second(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full_on_second)
    out = tmp_path / "out"
    with pytest.raises(OutputError) as caught:
        write_tree(out, {"a.docx": b"A", "schedules/b.docx": b"B"}, force=False)
    assert f"cannot write {out / 'schedules' / 'b.docx'}" in str(caught.value)
    assert "the disk is full" in str(caught.value)
    assert "nothing was written" in str(caught.value)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# --- the command line as a whole -------------------------------------------------------------


def test_a_closed_pipe_ends_quietly() -> None:
    """``alliancedocs schema | head -1``: no 'internal error' when the reader leaves.

    The child process's output fails as it does when the reader has gone, whatever the
    size of the pipe's buffer.
    """
    import subprocess
    import sys

    script = ("import sys, click\nfrom alliancedocs.cli import main\necho = click.echo\n"
              "def gone(*args, err=False, **kwargs):\n"
              "    if not err:\n        raise BrokenPipeError(32, 'Broken pipe')\n"
              "    echo(*args, err=err, **kwargs)\n"
              "click.echo = gone\nsys.argv = ['alliancedocs', 'schema']\nmain()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1
    assert done.stderr == "" and done.stdout == ""


def test_validate_does_not_load_the_renderer() -> None:
    """The quick commands stay quick: the renderer is imported only by ``build``."""
    import subprocess
    import sys

    script = ("import sys\nfrom alliancedocs.cli import main\n"
              "print(sorted(m for m in sys.modules if m.startswith(('docx', 'docxtpl', "
              "'alliancedocs.render', 'alliancedocs.lint'))))\n")
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           check=True).stdout.strip()
    assert found == "[]"


def test_a_problem_without_a_line_is_placed_at_the_file(tmp_path: Path) -> None:
    reference = tmp_path / "house.docx"
    reference.write_text("not a zip", encoding="utf-8")
    output = rejected(run("build", str(FIXTURE), "-o", str(tmp_path / "out"),
                          "--reference-doc", str(reference))[0])
    assert f"{reference}:0:0" not in output
    assert f"error: {reference}: --reference-doc:" in output
    assert not (tmp_path / "out").exists()


def test_loader_limits_hold_for_text_given_directly() -> None:
    """The same limits apply to answers held in memory (the questionnaire's route)."""
    from alliancedocs.errors import InputError

    with pytest.raises(InputError) as caught:
        load_yaml_text("a: 1e400\n", "<questionnaire>")
    problem = caught.value.problems[0]
    assert (problem.line, problem.column, problem.path) == (1, 4, ("a",))
