"""``alliancedocs build``: write the agreement, the schedule packs and the reports."""

from __future__ import annotations

from pathlib import Path

import click

from .params import ANSWERS_FILE, FAIL_EXIT_CODE, fail_on_option


@click.command("build")
@click.argument("answers", type=ANSWERS_FILE)
@click.option("-o", "--output", "out_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="The folder to write into (created if missing).")
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@click.option("--reference-doc", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A .docx whose styles replace the house styles (your firm's own).")
@click.option("--pdf", is_flag=True,
              help="Also write a PDF beside each .docx, rendered by LibreOffice.")
@fail_on_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True,
              help="A readable summary, or the files written and every diagnostic as JSON "
              "(the shape is in the README).")
def build(answers: Path, out_dir: Path, force: bool, reference_doc: Path | None, pdf: bool,
          fail_on: str | None, output_format: str) -> None:
    """Draft the alliance agreement and one schedule pack per provider from ANSWERS.

    Writes alliance-agreement.docx, schedules/<provider>.docx for each provider with a
    separate contract, integrity-report.md and .json, and manifest.json. Nothing is
    written unless every document builds, and existing files are kept unless --force is
    given. With --pdf, each .docx also gets a PDF beside it (LibreOffice must be
    installed), written in the same all-or-nothing step. The integrity report is the one
    `alliancedocs check` prints for ANSWERS, and --fail-on works as it does there: the
    documents are still written, and the exit code is 3 when an unacknowledged flag is at
    or above it.

    \b
    Example:
        alliancedocs build examples/lambeth-rehabilitation.yaml -o out/lambeth --fail-on high
    """
    # Imported here so that the quick commands do not pay for loading the renderer.
    from ..build import build_documents
    from ..errors import InputError
    from ..flags import Severity
    from ..integrity import to_text
    from ..pdf import pdf_name, render_pdfs, require_soffice
    from ..write import check_tree, write_tree
    from .output import diagnostics_json

    soffice = require_soffice() if pdf else None
    try:
        result = build_documents(answers, reference_doc=reference_doc)
    except InputError as error:
        if output_format != "json":
            raise
        click.echo(diagnostics_json(error.problems, files=[]), nl=False)
        raise click.exceptions.Exit(1) from None
    files = dict(result.files)
    if soffice is not None:
        # Refuse before LibreOffice's slow work, not after it.
        docx = [name for name in result.files if name.endswith(".docx")]
        check_tree(out_dir, [*result.files, *map(pdf_name, docx)], force=force)
        pdfs = render_pdfs(result.files, soffice)
        files = {}
        for name, data in result.files.items():  # each PDF listed after its .docx
            files[name] = data
            if pdf_name(name) in pdfs:
                files[pdf_name(name)] = pdfs[pdf_name(name)]
    write_tree(out_dir, files, force=force)
    if output_format == "json":
        click.echo(diagnostics_json(result.evaluation.diagnostics,
                                    files=[str(out_dir / name) for name in files]),
                   nl=False)
    else:
        click.echo(f"wrote {len(files)} files to {out_dir}")
        for name in files:
            click.echo(f"  {out_dir / name}")
        click.echo(to_text(result.report), nl=False)
    if fail_on is not None and result.report.fails(Severity(fail_on)):
        raise click.exceptions.Exit(FAIL_EXIT_CODE)
