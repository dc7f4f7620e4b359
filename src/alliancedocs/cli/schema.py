"""``alliancedocs schema``: print or write the JSON Schema of the answers file."""

from __future__ import annotations

from pathlib import Path

import click

from ..schema import schema_text
from ..write import write_outputs


@click.command("schema")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the schema to this file instead of printing it.")
def schema(output: Path | None) -> None:
    """Print the JSON Schema (Draft 2020-12) of the answers file.

    Point your editor at it for completion and inline help while writing answers.

    \b
    Example:
      alliancedocs schema -o answers.schema.json
    """
    text = schema_text()
    if output is None:
        click.echo(text, nl=False)
    else:
        write_outputs({output: text.encode("utf-8")}, force=True)  # regenerating is its use
        click.echo(f"wrote {output}", err=True)
