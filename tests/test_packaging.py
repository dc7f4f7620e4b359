"""The package: every code folder is packaged, data is found through importlib.resources,
commands load lazily, and ``python -m alliancedocs`` runs the command line."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import click
import pytest

from alliancedocs import __version__, resources
from alliancedocs.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"


def _setuptools() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"]


def test_every_code_folder_is_a_listed_package() -> None:
    listed = set(_setuptools()["packages"])  # type: ignore[arg-type]
    code = {".".join(path.parent.relative_to(SRC).parts)
            for path in SRC.rglob("*.py") if "egg-info" not in str(path)}
    assert code <= listed, f"add to [tool.setuptools] packages: {sorted(code - listed)}"


def test_data_folders_map_to_the_repository_folders() -> None:
    mapping = _setuptools()["package-dir"]
    assert mapping == {"": "src", "alliancedocs.data.clauses": "clauses",
                       "alliancedocs.data.templates": "templates",
                       "alliancedocs.data.schemas": "schemas",
                       "alliancedocs.data.examples": "examples"}
    # In this checkout (an editable install) the resources are the repository's own folders.
    assert resources.clause_library().resolve() == (ROOT / "clauses").resolve()
    assert resources.template_folder().resolve() == (ROOT / "templates" / "base").resolve()
    assert resources.examples_folder().resolve() == (ROOT / "examples").resolve()
    assert resources.schema_bytes() == (ROOT / "schemas" / resources.SCHEMA_NAME).read_bytes()


def test_no_code_finds_data_relative_to_its_own_file() -> None:
    offenders = [str(path.relative_to(ROOT)) for path in (SRC / "alliancedocs").rglob("*.py")
                 if "__file__" in path.read_text(encoding="utf-8")]
    assert offenders == []


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_static_short_help_is_the_commands_first_sentence(name: str) -> None:
    command = main.get_command(click.Context(main), name)
    assert command is not None and command.name == name
    first_paragraph = " ".join((command.help or "").split("\n\n")[0].split())
    assert first_paragraph.startswith(COMMANDS[name][1])


def test_help_imports_no_command_and_no_pydantic() -> None:
    code = ("import sys; from alliancedocs.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = sorted(m for m in sys.modules if m.startswith(('pydantic', 'yaml', "
            "'jinja2', 'lxml', 'docx', 'alliancedocs.cli.')))\n"
            "print('loaded:', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert "Commands:" in out and "validate" in out
    assert out.strip().endswith("loaded: []")


def test_python_dash_m_runs_the_command_line(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "alliancedocs", "--version"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == f"alliancedocs, version {__version__}"
    done = subprocess.run([sys.executable, "-m", "alliancedocs", "nope"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2 and "No such command 'nope'." in done.stderr
    assert "Did you mean" not in done.stderr
    done = subprocess.run([sys.executable, "-m", "alliancedocs", "buidl"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2 and "Did you mean 'build'?" in done.stderr


def test_every_command_module_is_listed() -> None:
    import importlib

    defined = set()
    for path in sorted((SRC / "alliancedocs" / "cli").glob("[!_]*.py")):
        module = importlib.import_module(f"alliancedocs.cli.{path.stem}")
        defined |= {value.name for value in vars(module).values()
                    if isinstance(value, click.Command) and value is not main}
    assert defined == set(COMMANDS)
