"""``alliancedocs validate``: check answers files against the model and the cross-field rules."""

from __future__ import annotations

from pathlib import Path

import click

from .output import diagnostics_json, echo_problems
from .params import ANSWERS_FILE


@click.command("validate")
@click.argument("answers", nargs=-1, required=True, type=ANSWERS_FILE)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True,
              help="Problems as `file:line:col` lines, or every diagnostic as JSON (the shape "
              "is in the README).")
@click.pass_context
def validate(ctx: click.Context, answers: tuple[Path, ...], output_format: str) -> None:
    """Check each ANSWERS file and report every problem with its file:line:col.

    Prints `ok: FILE` for each valid file. Exits with status 1 if any file has a problem.
    Text answers that the draft would print with a defined term in lower case, or a party
    kind that contradicts its legal name, are listed as notes with their file:line:col;
    they never fail validation, because the text is printed exactly as typed.
    A draft with sections still missing gets a problem for each, and nothing else fails.
    Answers that water the alliance down are valid here; `alliancedocs check` reports them
    (`--format json` includes them, so a tool sees everything in one run).

    \b
    Examples:
      alliancedocs validate answers.yaml examples/*.yaml
      alliancedocs validate --format json draft.yaml
    """
    from ..answer_voice import CODES
    from ..core import evaluate_file

    evaluations = [evaluate_file(path) for path in answers]
    failed = any(not evaluation.ok for evaluation in evaluations)
    if output_format == "json":
        click.echo(diagnostics_json(
            [d for evaluation in evaluations for d in evaluation.diagnostics],
            ok=not failed), nl=False)
    else:
        for path, evaluation in zip(answers, evaluations, strict=True):
            if evaluation.ok:
                click.echo(f"ok: {path}")
            else:
                echo_problems(evaluation.problems, path)
            for note in evaluation.diagnostics:
                if note.code in CODES:
                    click.echo(f"note: {note.format()}")
    if failed:
        ctx.exit(1)
