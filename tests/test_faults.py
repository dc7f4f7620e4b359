"""Writes are all or nothing and never clobber: concurrent builds, kills, links, leftovers.

The builds here run as separate processes, as users run them. The kill trials are bounded
(20 in all) and seeded; `build` is slowed down while it writes (each ``fsync`` waits a
little, in the test's own wrapper) so that the kills land inside the writing window.
"""

from __future__ import annotations

import ctypes
import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from alliancedocs import write
from alliancedocs.write import STAGE_TAG, remove_leftovers
from fuzzing import dump, example_data, run_cli

WRAPPER = """
import os, sys, time
from alliancedocs import write
real_fsync, real_tree = os.fsync, write.write_tree
def slow_fsync(fd):
    time.sleep(0.03)
    real_fsync(fd)
def announced(*args, **kwargs):
    print("writing", flush=True)
    os.fsync = slow_fsync
    return real_tree(*args, **kwargs)
write.write_tree = announced
from alliancedocs.cli import main
sys.argv = ["alliancedocs", *sys.argv[1:]]
main()
"""


def answers_pair(tmp_path: Path) -> tuple[Path, Path]:
    """Two answers files whose builds differ in every document."""
    paths = []
    for label in ("First", "Second"):
        data = example_data("lambeth-rehabilitation")
        data = {**data, "alliance": {**data["alliance"], "name": f"{label} Support Alliance"}}
        path = tmp_path / f"{label.lower()}.yaml"
        path.write_text(dump(data), encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def sets(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict, dict]:
    """The two answers files and the complete file set each builds."""
    tmp = tmp_path_factory.mktemp("sets")
    first, second = answers_pair(tmp)
    built = []
    for answers in (first, second):
        code, output = run_cli("build", str(answers), "-o", str(tmp / answers.stem))
        assert code == 0, output
        built.append(snapshot(tmp / answers.stem))
    assert built[0].keys() == built[1].keys()
    assert all(built[0][name] != built[1][name] for name in built[0] if name.endswith(".docx"))
    return first, second, built[0], built[1]


def start(answers: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", WRAPPER, "build", str(answers), "-o",
                             str(out), *extra], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def strays(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if STAGE_TAG in p.name)


def test_two_builds_into_one_new_folder_without_force_never_both_succeed(
        sets: tuple, tmp_path: Path) -> None:
    first, second, first_set, second_set = sets
    for trial in range(2):
        out = tmp_path / f"out{trial}"
        runs = [start(first, out), start(second, out)]
        results = [(run.wait(timeout=120), run.stdout.read()) for run in runs]
        codes = sorted(code for code, _ in results)
        assert codes == [0, 1], results
        loser = next(output for code, output in results if code == 1)
        assert "output files already exist" in loser and "nothing was written" in loser
        assert "Traceback" not in loser
        winner = 0 if results[0][0] == 0 else 1
        assert snapshot(out) == (first_set, second_set)[winner]
        assert strays(tmp_path) == []


def test_two_forced_builds_into_one_folder_leave_one_whole_set(sets: tuple,
                                                                tmp_path: Path) -> None:
    first, second, first_set, second_set = sets
    out = tmp_path / "out"
    for _ in range(2):
        runs = [start(first, out, "--force"), start(second, out, "--force")]
        results = [(run.wait(timeout=120), run.stdout.read()) for run in runs]
        assert [code for code, _ in results] == [0, 0], results
        assert snapshot(out) in (first_set, second_set)
        assert strays(tmp_path) == []


def test_killing_build_at_random_moments_never_leaves_a_partial_or_mixed_set(
        sets: tuple, tmp_path: Path) -> None:
    first, second, first_set, second_set = sets
    chance = random.Random(8)
    kinds = [signal.SIGKILL, signal.SIGTERM, signal.SIGINT]
    interrupted = 0
    for trial in range(20):
        sig = kinds[trial % 3]
        force = trial % 2 == 0
        parent = tmp_path / f"t{trial}"
        out = parent / "out"
        parent.mkdir()
        if force:
            code, output = run_cli("build", str(second), "-o", str(out))
            assert code == 0, output
            (out / "my-notes.txt").write_text("the user's own file", encoding="utf-8")
        run = start(first, out, *(["--force"] if force else []))
        assert run.stdout.readline().strip() == "writing"
        time.sleep(chance.uniform(0, 0.35))
        run.send_signal(sig)
        code = run.wait(timeout=120)
        output = run.stdout.read()
        assert "Traceback" not in output, output
        expected_old = {**second_set, "my-notes.txt": b"the user's own file"} if force else {}
        expected_new = {**first_set, "my-notes.txt": b"the user's own file"} if force else (
            first_set)
        found = snapshot(out) if out.exists() else {}
        assert found in (expected_old, expected_new), (trial, sig, sorted(found))
        if code == 0:
            assert found == expected_new
        else:
            interrupted += 1
        if sig != signal.SIGKILL:
            assert strays(parent) == [], (trial, sig)
        else:
            remove_leftovers(out)  # what the next build does first
            assert strays(parent) == []
        assert sorted(p.name for p in parent.iterdir()) == (["out"] if out.exists() else [])
    assert interrupted  # the kills landed while writing, not only after it


def test_a_symlinked_schedules_folder_is_refused_and_its_target_untouched(
        sets: tuple, tmp_path: Path) -> None:
    first, _, _, _ = sets
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "slam.docx").write_bytes(b"someone else's file")
    out = tmp_path / "out"
    out.mkdir()
    (out / "schedules").symlink_to(elsewhere)
    code, output = run_cli("build", str(first), "-o", str(out), "--force")
    assert code == 1, output
    assert f"{out / 'schedules'} (a symbolic link, where a folder is needed)" in output
    assert "nothing was written" in output
    assert (elsewhere / "slam.docx").read_bytes() == b"someone else's file"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["slam.docx"]
    assert sorted(p.name for p in out.iterdir()) == ["schedules"]


def test_a_symlinked_output_file_is_refused_and_its_target_untouched(
        sets: tuple, tmp_path: Path) -> None:
    first, _, _, _ = sets
    target = tmp_path / "precious.json"
    target.write_text("{}", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").symlink_to(target)
    code, output = run_cli("build", str(first), "-o", str(out), "--force")
    assert code == 1, output
    assert "(a symbolic link)" in output
    assert target.read_text(encoding="utf-8") == "{}"


def test_force_keeps_the_users_other_files_and_replaces_the_set(sets: tuple,
                                                               tmp_path: Path) -> None:
    first, second, first_set, _ = sets
    out = tmp_path / "out"
    assert run_cli("build", str(second), "-o", str(out))[0] == 0
    (out / "notes").mkdir()
    (out / "notes" / "call.txt").write_text("keep", encoding="utf-8")
    (out / "schedules" / "mine.txt").write_text("keep too", encoding="utf-8")
    (out / "link").symlink_to(tmp_path)
    code, output = run_cli("build", str(first), "-o", str(out), "--force")
    assert code == 0, output
    assert snapshot(out) == {**first_set, "notes/call.txt": b"keep",
                             "schedules/mine.txt": b"keep too"}
    assert (out / "link").is_symlink() and os.readlink(out / "link") == str(tmp_path)


def test_leftovers_of_a_killed_build_are_removed_and_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "out"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    leftover = tmp_path / f".out.{STAGE_TAG}-{dead.pid}-0123456789abcdef"
    (leftover / "schedules").mkdir(parents=True)
    (leftover / "schedules" / "half.docx").write_bytes(b"PK")
    live = tmp_path / f".out.{STAGE_TAG}-{os.getppid()}-0123456789abcdef"
    live.mkdir()
    mine = tmp_path / f".out.{STAGE_TAG}-notes"
    mine.mkdir()
    other = tmp_path / f".elsewhere.{STAGE_TAG}-{dead.pid}-0123456789abcdef"
    other.mkdir()
    assert remove_leftovers(out) == [leftover]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [live.name, mine.name, other.name])


def test_without_force_an_existing_target_is_kept_and_nothing_is_written(
        sets: tuple, tmp_path: Path) -> None:
    first, second, _, second_set = sets
    out = tmp_path / "out"
    assert run_cli("build", str(second), "-o", str(out))[0] == 0
    (out / "alliance-agreement.docx").unlink()
    code, output = run_cli("build", str(first), "-o", str(out))
    assert code == 1
    assert "output files already exist" in output and "nothing was written" in output
    assert snapshot(out) == {name: data for name, data in second_set.items()
                             if name != "alliance-agreement.docx"}
    assert strays(tmp_path) == []


def test_building_into_the_current_folder_keeps_that_folder_in_place(
        sets: tuple, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second, first_set, second_set = sets
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    inode = os.stat(".").st_ino
    assert run_cli("build", str(first), "-o", ".")[0] == 0
    assert snapshot(here) == first_set
    code, output = run_cli("build", str(second), "-o", ".")
    assert code == 1 and "output files already exist" in output
    assert snapshot(here) == first_set
    assert run_cli("build", str(second), "-o", ".", "--force")[0] == 0
    assert snapshot(here) == second_set
    assert os.stat(".").st_ino == inode == os.stat(here).st_ino
    assert strays(tmp_path) == [] and [p for p in here.rglob(f"*{STAGE_TAG}*")] == []


def test_files_staged_inside_the_folder_by_a_killed_build_are_removed(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    out = tmp_path / "out"
    (out / "schedules").mkdir(parents=True)
    staged = [out / f".manifest.json.{STAGE_TAG}-{dead.pid}-0123456789abcdef",
              out / "schedules" / f".slam.docx.{STAGE_TAG}-{dead.pid}-0123456789abcdef"]
    for path in staged:
        path.write_bytes(b"half")
    (out / "schedules" / "slam.docx").write_bytes(b"keep")
    assert sorted(remove_leftovers(out)) == sorted(staged)
    assert snapshot(out) == {"schedules/slam.docx": b"keep"}


def test_where_the_folder_cannot_be_swapped_the_set_is_written_in_place(
        sets: tuple, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second, first_set, second_set = sets
    out = tmp_path / "out"
    assert run_cli("build", str(second), "-o", str(out))[0] == 0

    def unsupported(*args: object) -> int:
        ctypes.set_errno(errno.EXDEV)  # as for an output folder that is a mount point
        return -1

    monkeypatch.setattr(write, "_LIBC", type("Libc", (), {"renameat2": staticmethod(
        unsupported)})())
    code, output = run_cli("build", str(first), "-o", str(out))
    assert code == 1 and "output files already exist" in output
    assert snapshot(out) == second_set
    code, output = run_cli("build", str(first), "-o", str(out), "--force")
    assert code == 0, output
    assert snapshot(out) == first_set
    assert strays(tmp_path) == [] and list(out.rglob(f"*{STAGE_TAG}*")) == []


def test_an_output_folder_in_a_folder_we_may_not_write_to_is_written_in_place(
        sets: tuple, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, _, first_set, _ = sets
    out = tmp_path / "out"
    out.mkdir()
    real_mkdir = os.mkdir

    def no_siblings(path: object, *args: object, **kwargs: object) -> None:
        if Path(str(path)).parent == tmp_path and STAGE_TAG in str(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", no_siblings)
    code, output = run_cli("build", str(first), "-o", str(out))
    assert code == 0, output
    assert snapshot(out) == first_set
    assert strays(tmp_path) == []
