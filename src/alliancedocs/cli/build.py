"""``alliancedocs build``: write the agreement, the schedule packs and the reports."""

from __future__ import annotations

from pathlib import Path

import click

from ..write import write_outputs
from .params import ANSWERS_FILE


@click.command("build")
@click.argument("answers", type=ANSWERS_FILE)
@click.option("-o", "--output", "out_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="The folder to write into (created if missing).")
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@click.option("--reference-doc", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A .docx whose styles replace the house styles (your firm's own).")
def build(answers: Path, out_dir: Path, force: bool, reference_doc: Path | None) -> None:
    """Draft the alliance agreement and one schedule pack per provider from ANSWERS.

    Writes alliance-agreement.docx, schedules/<provider>.docx for each provider with a
    separate contract, integrity-report.md and .json, and manifest.json. Nothing is
    written unless every document builds, and existing files are kept unless --force is
    given.

    \b
    Example:
        alliancedocs build examples/lambeth-rehabilitation.yaml -o out/lambeth
    """
    # Imported here so that the quick commands do not pay for loading the renderer.
    from ..build import build_documents
    from ..integrity import to_text

    result = build_documents(answers, reference_doc=reference_doc)
    write_outputs({out_dir / name: data for name, data in result.files.items()}, force=force)
    click.echo(f"wrote {len(result.files)} files to {out_dir}")
    for name in result.files:
        click.echo(f"  {out_dir / name}")
    click.echo(to_text(result.report), nl=False)
