"""``alliancedocs clauses``: list the clause library, its variants and their positions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..answers_file import read_answers
from ..errors import LibraryError
from .params import ANSWERS_FILE

if TYPE_CHECKING:
    from ..library.clause_files import Clause, Library


@click.command("clauses")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="A readable list, or JSON for tools.")
@click.option("--lint", "lint_with", multiple=True,
              type=ANSWERS_FILE,
              help="Instead of listing, lint the library: assemble every document for these "
              "answers files and for a copy of them with each other choice of every option. "
              "Repeat the option for several files.")
def clauses(output_format: str, lint_with: tuple[Path, ...]) -> None:
    """List every clause of the agreement and the schedule packs, with its variants.

    Each variant shows its position (standard, fallback or watered-down), the flag it
    raises and the condition on the answers that selects it.

    \b
    Examples:
        alliancedocs clauses --format json > clauses.json
        alliancedocs clauses --lint examples/lambeth-rehabilitation.yaml
    """
    # Imported here so that the quick commands do not pay for loading the clause library.
    from ..library.clause_files import load_library

    library = load_library()
    if lint_with:
        _lint(library, lint_with, output_format == "json")
        return
    documents = {"agreement": library.agreement, "pack": library.pack}
    if output_format == "json":
        data = {name: [_clause_dict(c) for c in items] for name, items in documents.items()}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for name, items in documents.items():
        click.echo(f"{name}:")
        for clause in items:
            only = f"  [only when {clause.when}]" if clause.when else ""
            click.echo(f"  {clause.id}  ({clause.kind.value}) {clause.title}{only}")
            for v in clause.variants:
                flag = f"  raises {v.flag.value}" if v.flag else ""
                when = v.when or "otherwise"
                click.echo(f"    - {v.id}: {v.position.value}{flag}\n        when {when}\n"
                           f"        {v.summary}")


def _clause_dict(clause: Clause) -> dict[str, object]:
    return {
        "id": clause.id,
        "title": clause.title,
        "kind": clause.kind.value,
        "when": clause.when,
        "variants": [
            {"id": v.id, "position": v.position.value, "flag": v.flag.value if v.flag else None,
             "when": v.when, "summary": v.summary}
            for v in clause.variants
        ],
    }


def _lint(library: Library, files: tuple[Path, ...], as_json: bool) -> None:
    from ..lint import coverage_answers, lint
    from .output import diagnostics_json

    answers_set = coverage_answers([read_answers(path) for path in files])
    report = lint(library, answers_set)
    if as_json:
        click.echo(diagnostics_json(report.diagnostics, answers_checked=report.answers_checked),
                   nl=False)
        if report.problems:
            raise click.exceptions.Exit(1)
        return
    for problem in report.problems:
        click.echo(problem)
    click.echo(f"linted the library against {report.answers_checked} sets of answers: "
               f"{len(report.problems)} problems")
    if report.problems:
        raise LibraryError("the clause library has problems (listed above)")
