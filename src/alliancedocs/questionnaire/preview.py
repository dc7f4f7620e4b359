"""A clause of a drafted document, from its document model, as HTML for the questionnaire."""

from __future__ import annotations

from collections.abc import Mapping

from markupsafe import Markup, escape

from ..docmodel import Block, CrossRef, Document, Paragraph, ParaKind, Table

AGREEMENT = "alliance-agreement.docx"
"""The agreement's key among the composed documents."""


def clause_html(documents: Mapping[str, Document], clause: str) -> Markup | None:
    """Return the text of ``clause`` (``decision-making`` or ``decision-making/majority``) as
    drafted, the agreement searched first, or ``None`` if no document has it."""
    clause_id = clause.split("/", 1)[0]
    ordered = sorted(documents.items(), key=lambda item: item[0] != AGREEMENT)
    for _, document in ordered:
        blocks = _clause_blocks(document, clause_id)
        if blocks:
            return Markup("").join(_block(b) for b in blocks)
    return None


def _clause_blocks(document: Document, clause_id: str) -> list[Block]:
    """Return the clause's heading and every block up to the next clause heading."""
    blocks: list[Block] = []
    inside = False
    for block in document.blocks:
        heading = isinstance(block, Paragraph) and block.kind in (
            ParaKind.clause_heading, ParaKind.schedule_heading)
        if heading and inside:
            break
        if isinstance(block, Paragraph) and block.anchor == clause_id:
            inside = True
        if inside:
            blocks.append(block)
    return blocks


def _block(block: Block) -> Markup:
    if isinstance(block, Table):
        head = Markup("").join(Markup("<th scope=\"col\">{}</th>").format(c.text)
                               for c in block.header)
        rows = Markup("").join(
            Markup("<tr>{}</tr>").format(Markup("").join(
                Markup("<td>{}</td>").format(c.text) for c in row))
            for row in block.rows)
        return Markup("<table class=\"clause-table\"><thead><tr>{}</tr></thead>"
                      "<tbody>{}</tbody></table>").format(head, rows)
    text = "".join(i.number if isinstance(i, CrossRef) else i.text for i in block.inlines)
    number = Markup("<span class=\"clause-number\">{}</span> ").format(block.number) \
        if block.number else Markup("")
    if block.kind in (ParaKind.clause_heading, ParaKind.schedule_heading):
        return Markup("<p class=\"clause-heading\">{}{}</p>").format(number, text)
    return Markup("<p class=\"clause-level-{}\">{}{}</p>").format(block.level, number,
                                                                  escape(text))
