"""``alliancedocs init``: start a new answers file from the starter or a named example."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import click

from ..errors import AlliancedocsError
from ..write import write_outputs

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


@click.command("init")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--example", "example", metavar="NAME",
              help="Start from examples/NAME.yaml instead of the starter file.")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def init(file: Path, example: str | None, force: bool) -> None:
    """Write a new answers FILE to edit: a complete, valid starter for a true alliance.

    The starter describes a small fictional alliance; replace its answers with your own and
    run `alliancedocs validate FILE`. FILE is never overwritten unless --force is given.

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
    write_outputs({file: text.encode("utf-8")}, force=force)
    click.echo(f"wrote {file}; edit it, then run: alliancedocs validate {file}")


def starter_text() -> str:
    """Return the text of the starter answers file shipped with the package."""
    return resources.files("alliancedocs").joinpath("starter.yaml").read_text(encoding="utf-8")


def example_folders() -> list[Path]:
    """Return the folders searched for named examples: ./examples, then the repository's."""
    repository = Path(__file__).resolve().parents[3] / "examples"
    folders = [Path.cwd() / "examples", repository]
    return [folder for index, folder in enumerate(folders)
            if folder.is_dir() and folder.resolve() not in
            [f.resolve() for f in folders[:index]]]


def example_text(name: str) -> str:
    """Return the text of ``examples/<name>.yaml``; raise a user error if there is none."""
    name = name.removesuffix(".yaml")
    folders = example_folders()
    if _NAME.match(name):
        for folder in folders:
            candidate = folder / f"{name}.yaml"
            if candidate.is_file():
                return candidate.read_text(encoding="utf-8")
    names = sorted({path.stem for folder in folders for path in folder.glob("*.yaml")})
    listed = ", ".join(names) if names else "none found"
    raise AlliancedocsError(f"there is no example named {name!r}\n    hint: the examples are: "
                            f"{listed}")
