"""``alliancedocs check``: report every way the answers water a true alliance down."""

from __future__ import annotations

from pathlib import Path

import click

from .params import ANSWERS_FILE, FAIL_EXIT_CODE, fail_on_option


@click.command("check")
@click.argument("answers", type=ANSWERS_FILE)
@fail_on_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "md"]),
    default="text",
    show_default=True,
    help="How to print the report: a terminal summary, the integrity-report JSON, or "
    "Markdown for reviewers.",
)
def check(answers: Path, fail_on: str | None, output_format: str) -> None:
    """Report every departure from a true alliance in ANSWERS.

    Each flag gives its severity, what in the answers raised it, the true-alliance position
    to move to instead, and whether the answers acknowledge it with a justification.
    Acknowledged flags are still reported, but never fail the check. `build` writes exactly
    this report into `integrity-report.json`.

    \b
    Exit codes: 0 no failing flags; 1 invalid answers; 3 an unacknowledged
    flag at or above --fail-on (without --fail-on, check only reports).

    \b
    Example, failing a CI job on any unacknowledged high or critical flag:
        alliancedocs check answers.yaml --fail-on high --format md > report.md
    """
    from ..core import evaluate_file
    from ..errors import InputError
    from ..flags import Severity
    from ..integrity import to_json, to_markdown, to_text

    evaluation = evaluate_file(answers)
    if evaluation.answers is None:
        raise InputError(list(evaluation.problems))
    report = evaluation.report
    if output_format == "json":
        click.echo(to_json(report), nl=False)
    elif output_format == "md":
        click.echo(to_markdown(report, evaluation.answers.alliance.name), nl=False)
    else:
        click.echo(to_text(report), nl=False)
    if fail_on is not None and report.fails(Severity(fail_on)):
        raise click.exceptions.Exit(FAIL_EXIT_CODE)
