"""``alliancedocs clauses``: list the clause library, its variants and their positions."""

from __future__ import annotations

import json

import click

from ..library.clause_files import Clause, load_library


@click.command("clauses")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="A readable list, or JSON for tools.")
def clauses(output_format: str) -> None:
    """List every clause of the agreement and the schedule packs, with its variants.

    Each variant shows its position (standard, fallback or watered-down), the flag it
    raises and the condition on the answers that selects it.

    \b
    Example:
        alliancedocs clauses --format json > clauses.json
    """
    library = load_library()
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
