"""``alliancedocs init``: start a new answers file from the starter or a named example."""

from __future__ import annotations

import re
from pathlib import Path

import click

from ..errors import AlliancedocsError
from ..resources import SCHEMA_NAME, examples_folder, schema_bytes, starter_text
from ..write import write_outputs

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_MODELINE = re.compile(r"^# yaml-language-server: \$schema=\S*[ \t]*\n")

MODELINE = f"# yaml-language-server: $schema={SCHEMA_NAME}\n"
"""The first line of every file ``init`` writes: editors check it against the schema beside it."""


@click.command("init")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--example", "example", metavar="NAME",
              help="Start from the shipped example NAME instead of the starter file.")
@click.option("--force", is_flag=True, help="Overwrite FILE (and its schema) if they exist.")
def init(file: Path, example: str | None, force: bool) -> None:
    """Write a new answers FILE to edit: a complete, valid starter for a true alliance.

    The starter describes a small fictional alliance; replace its answers with your own and
    run `alliancedocs validate FILE`. Beside FILE, init also writes answers.schema.json, the
    JSON Schema that FILE's first line points editors to (the YAML language server then
    checks and completes your answers). FILE is never overwritten unless --force is given;
    a schema already there with the same content is left as it is.

    \b
    Examples:
      alliancedocs init answers.yaml
      alliancedocs init lambeth.yaml --example lambeth-rehabilitation
    """
    text = starter_text() if example is None else example_text(example)
    if not file.parent.is_dir():
        state = "is a file, not a folder" if file.parent.exists() else "does not exist"
        raise AlliancedocsError(f"{file}: {file.parent} {state}\n"
                                "    hint: create the folder first, or give another path")
    if file.name == SCHEMA_NAME:
        raise AlliancedocsError(f"{file}: init writes the schema under this name beside the "
                                "answers file\n    hint: give the answers file another name, "
                                "such as answers.yaml")
    files = {file: with_modeline(text).encode("utf-8")}
    schema = file.parent / SCHEMA_NAME
    content = schema_bytes()
    if not (schema.is_file() and schema.read_bytes() == content):
        files[schema] = content
    write_outputs(files, force=force)
    click.echo(f"wrote {file}; edit it, then run: alliancedocs validate {file}")


def with_modeline(text: str) -> str:
    """Return ``text`` whose first line points the YAML language server to the schema beside it.

    An existing ``$schema`` modeline (the examples point to ``../schemas``) is replaced.
    """
    return MODELINE + _MODELINE.sub("", text, count=1)


def example_names() -> list[str]:
    """Return the names of the shipped examples, sorted."""
    return sorted(path.stem for path in examples_folder().glob("*.yaml"))


def example_text(name: str) -> str:
    """Return the text of the shipped example ``name``; raise a user error if there is none."""
    name = name.removesuffix(".yaml")
    if _NAME.match(name):
        candidate = examples_folder() / f"{name}.yaml"
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    listed = ", ".join(example_names()) or "none found"
    raise AlliancedocsError(f"there is no example named {name!r}\n    hint: the examples are: "
                            f"{listed}")
