"""``init`` gives every file it writes editor validation: the schema is written beside it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from alliancedocs.answers_file import read_answers
from alliancedocs.cli import main
from alliancedocs.cli.init import MODELINE, example_names
from alliancedocs.resources import SCHEMA_NAME, schema_bytes


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_every_example_starts_with_a_modeline_to_the_schema_beside_it(tmp_path: Path) -> None:
    names = example_names()
    assert "lambeth-rehabilitation" in names
    for name in names:
        target = tmp_path / f"{name}.yaml"
        code, output = run("init", str(target), "--example", name)
        assert code == 0, output
        assert target.read_text(encoding="utf-8").startswith(MODELINE)
        assert read_answers(target).alliance.name
    schema = json.loads((tmp_path / SCHEMA_NAME).read_text(encoding="utf-8"))
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [SCHEMA_NAME, *(f"{n}.yaml" for n in names)])


def test_a_stale_schema_beside_the_file_is_kept_unless_forced(tmp_path: Path) -> None:
    stale = tmp_path / SCHEMA_NAME
    stale.write_text("{}", encoding="utf-8")
    code, output = run("init", str(tmp_path / "answers.yaml"))
    assert code == 1 and str(stale) in output and "--force" in output
    assert not (tmp_path / "answers.yaml").exists() and stale.read_text() == "{}"
    code, output = run("init", str(tmp_path / "answers.yaml"), "--force")
    assert code == 0, output
    assert stale.read_bytes() == schema_bytes()


def test_the_answers_file_cannot_take_the_schemas_name(tmp_path: Path) -> None:
    code, output = run("init", str(tmp_path / SCHEMA_NAME))
    assert code == 1 and "another name" in output and not any(tmp_path.iterdir())
