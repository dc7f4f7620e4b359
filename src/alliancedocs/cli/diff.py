"""``alliancedocs diff``: the change between two versions, in deal terms, and a redline."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import click

from ..flags import Severity
from .check import FAIL_EXIT_CODE


@click.command("diff")
@click.argument("old", type=click.Path(path_type=Path, readable=False))
@click.argument("new", type=click.Path(path_type=Path, readable=False))
@click.option("--format", "output_format", type=click.Choice(["text", "json", "md"]),
              default="text", show_default=True,
              help="How to print the summary: for a terminal, as JSON findings, or Markdown "
              "for an email or a ticket.")
@click.option("--redline", "redline_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write a Word redline per document (tracked changes: accept all gives "
              "NEW, reject all gives OLD), with diff.md and diff.json, into this folder.")
@click.option("--author", default="alliancedocs", show_default=True,
              help="The author the tracked changes are attributed to.")
@click.option("--force", is_flag=True, help="Overwrite redline files that already exist.")
@click.option("--fail-on", type=click.Choice([s.value for s in Severity]), default=None,
              help="Exit with code 3 if NEW has an unacknowledged flag at or above this "
              "severity that OLD did not have.")
def diff(old: Path, new: Path, output_format: str, redline_dir: Path | None, author: str,
         force: bool, fail_on: str | None) -> None:
    """Compare two versions of an alliance: what changed in the deal, what that did to
    the text, and whether it waters the alliance down.

    OLD and NEW are each an answers file, a build folder (alliancedocs build -o DIR), or a
    generated .docx (the agreement carries its answers; a pack, or a document from
    elsewhere, is compared as text).

    \b
    Exit codes: 0 compared; 1 invalid input or the redline files exist (use --force);
    3 NEW has a new unacknowledged flag at or above --fail-on, or a lawyer's edit at or
      above it (high for a clause that carries a flag or holds a true-alliance position).

    \b
    Example:
        alliancedocs diff v1.yaml v2.yaml --redline out/redline --fail-on high
    """
    from ..diff import compare, redlines
    from ..diff.summary import to_json, to_markdown, to_text
    from ..write import write_outputs

    if not author.strip() or len(author) > 255:
        raise click.BadParameter("give a name of 1 to 255 characters", param_hint="--author")
    if any(unicodedata.category(c) in ("Cc", "Cs") or c in "\ufffe\uffff" for c in author):
        raise click.BadParameter("give a name without control characters, which a Word "
                                 "document cannot store", param_hint="--author")
    summary = compare(old, new)
    if redline_dir is not None:
        files = redlines(summary, author=author)
        write_outputs({redline_dir / name: data for name, data in files.items()}, force=force)
    if output_format == "json":
        click.echo(to_json(summary), nl=False)
    elif output_format == "md":
        click.echo(to_markdown(summary), nl=False)
    else:
        click.echo(to_text(summary), nl=False)
        if redline_dir is not None:
            click.echo(f"wrote the redlines and the summary to {redline_dir}")
    if fail_on is not None and summary.fails(Severity(fail_on)):
        raise click.exceptions.Exit(FAIL_EXIT_CODE)
