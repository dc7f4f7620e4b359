"""``alliancedocs clauses``: list the clause library, its variants and their positions."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar, overload

import click

from ..answers_file import read_answers
from ..errors import LibraryError
from .params import ANSWERS_FILE

T = TypeVar("T")

if TYPE_CHECKING:
    from ..library.clause_files import Clause, Library


@click.command("clauses")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="A readable list, or JSON for tools.")
@click.option("--lint", "lint", is_flag=True,
              help="Instead of listing, lint the library: assemble every document for the "
              "ANSWERS files and for a copy of them with each other choice of every option.")
@click.argument("answers", nargs=-1, type=ANSWERS_FILE)
@click.pass_context
def clauses(ctx: click.Context, output_format: str, lint: bool,
            answers: tuple[Path, ...]) -> None:
    """List every clause of the agreement and the schedule packs, with its variants.

    Each variant shows its position (standard, fallback or watered-down), the flag it
    raises and the condition on the answers that selects it. With --lint, the ANSWERS files
    (one or more) drive a check of the whole library instead; on a terminal it shows its
    progress.

    \b
    Examples:
        alliancedocs clauses --format json > clauses.json
        alliancedocs clauses --lint examples/*.yaml
    """
    if lint and not answers:
        raise click.UsageError("--lint needs one or more ANSWERS files", ctx)
    if answers and not lint:
        raise click.UsageError("ANSWERS files are only read with --lint", ctx)
    # Imported here so that the quick commands do not pay for loading the clause library.
    from ..library.clause_files import load_library

    library = load_library()
    if lint:
        _lint(library, answers, output_format == "json")
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


def progress_stream() -> TextIO:
    """Return where progress goes: standard error, so that standard output stays clean."""
    return sys.stderr


class Ticking(Sequence[T]):
    """A sequence that calls ``tick(1)`` as each item is taken: progress without changing
    the code that walks it."""

    def __init__(self, items: Sequence[T], tick: Callable[[int], object]) -> None:
        """Wrap ``items``; ``tick`` is called with 1 after each item is handed out."""
        self._items = items
        self._tick = tick

    def __len__(self) -> int:
        """Return the number of items."""
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...
    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        """Return the item(s) at ``index`` (without ticking)."""
        return self._items[index]

    def __iter__(self) -> Iterator[T]:
        """Yield each item, ticking once the caller comes back for the next one."""
        for item in self._items:
            yield item
            self._tick(1)


def _lint(library: Library, files: tuple[Path, ...], as_json: bool) -> None:
    from ..lint import coverage_answers, lint
    from .output import diagnostics_json

    answers_set = coverage_answers([read_answers(path) for path in files])
    stream = progress_stream()
    if as_json or not stream.isatty():
        report = lint(library, answers_set)
    else:
        with click.progressbar(length=len(answers_set), file=stream,
                               label="linting the library") as bar:
            report = lint(library, Ticking(answers_set, bar.update))
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
