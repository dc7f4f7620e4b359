"""A plain-text view of the documents a build would write, for review diffs and snapshots.

The text is read from the document models (before rendering), so it shows exactly the
wording the clause library and the answers produce: numbers, headings, paragraphs and
table cells, one line each.
"""

from __future__ import annotations

from pathlib import Path

from .core import compose, evaluate_file
from .docmodel import Document, Paragraph, Table
from .library.clause_files import Library


def document_text(document: Document) -> str:
    """Return ``document`` as plain text: one line per paragraph, tables as `|` rows."""
    lines: list[str] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            if block.page_break_before and lines:
                lines.append("")
            number = f"{block.number} " if block.number else ""
            lines.append(f"{number}{block.text}".rstrip())
        elif isinstance(block, Table):
            lines.extend(_table_lines(block))
    return "\n".join(lines) + "\n"


def _table_lines(table: Table) -> list[str]:
    rows = [table.header, *table.rows]
    return ["| " + " | ".join(c.text.replace("\n", " / ") for c in row) + " |" for row in rows]


def build_texts(answers_path: Path, library: Library | None = None) -> dict[str, str]:
    """Return the plain text of every document a build of ``answers_path`` writes, keyed by
    the document's output path (``alliance-agreement.docx``, ``schedules/<id>.docx``).

    Raises :class:`~alliancedocs.errors.InputError` when the answers are not valid.
    """
    composition = compose(evaluate_file(answers_path, library), library)
    return {name: document_text(document) for name, document in composition.documents.items()}
