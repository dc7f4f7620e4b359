"""``alliancedocs validate``: check answers files against the model and the cross-field rules."""

from __future__ import annotations

from pathlib import Path

import click

from ..answers_file import read_answers
from ..errors import AlliancedocsError, InputError
from .params import ANSWERS_FILE


@click.command("validate")
@click.argument("answers", nargs=-1, required=True, type=ANSWERS_FILE)
@click.pass_context
def validate(ctx: click.Context, answers: tuple[Path, ...]) -> None:
    """Check each ANSWERS file and report every problem with its file:line:col.

    Prints `ok: FILE` for each valid file. Exits with status 1 if any file has a problem.
    Answers that water the alliance down are valid here; `alliancedocs check` reports them.

    \b
    Example:
      alliancedocs validate answers.yaml examples/*.yaml
    """
    failed = False
    for path in answers:
        try:
            read_answers(path)
        except InputError as error:
            failed = True
            for problem in error.problems:
                click.echo(problem.format(), err=True)
            count = len(error.problems)
            click.echo(f"{path}: {count} problem{'s' if count != 1 else ''}", err=True)
        except AlliancedocsError as error:
            failed = True
            click.echo(f"{path}: {error}", err=True)
        else:
            click.echo(f"ok: {path}")
    if failed:
        ctx.exit(1)
