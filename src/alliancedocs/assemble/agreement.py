"""The alliance agreement: its title page, properties and clauses, assembled by the engine."""

from __future__ import annotations

from .. import labels
from ..docmodel import Block, DocumentProperties, Paragraph, ParaKind, Run
from ..library.clause_files import Library
from ..library.templating import agreement_context
from ..library.variants import Selection
from ..model import Answers
from .contents import with_contents
from .document import Assembled, Frame, assemble
from .tables import TableContext

DRAFT_LABEL = "DRAFT"
"""The marking printed in every generated document's header."""


def assemble_agreement(answers: Answers, library: Library,
                       custom_properties: tuple[tuple[str, str], ...] = (),
                       selection: Selection | None = None) -> Assembled:
    """Return the alliance agreement's document model and the variant chosen per clause.

    ``selection`` is the agreement's variant selection when the caller has made it already.
    """
    alliance = answers.alliance
    properties = DocumentProperties(
        title=f"{document_title(answers)}: {alliance.name}",
        subject=alliance.service_scope,
        author="alliancedocs",
        keywords="alliance agreement; " + "; ".join(p.short_name for p in answers.parties),
        created=alliance.agreement_date,
        custom=custom_properties,
    )
    opening = _title_page(answers)
    frame = Frame(
        document_id="agreement",
        context=agreement_context(answers),
        tables=TableContext(answers),
        properties=properties,
        header_text=alliance.name,
        draft_label=DRAFT_LABEL,
        opening=opening,
    )
    return with_contents(assemble(library.agreement, library, frame, selection),
                         after=len(opening))


def document_title(answers: Answers) -> str:
    """Return the document's title: a non-binding form is a memorandum, not an agreement."""
    if answers.contracts.agreement_binding:
        return "Alliance Agreement"
    return "Memorandum of Understanding"


def _title_page(answers: Answers) -> tuple[Block, ...]:
    members = [p for p in answers.parties if p.alliance_member]
    alliance = answers.alliance
    return (
        Paragraph(ParaKind.title, (Run(document_title(answers)),)),
        Paragraph(ParaKind.subtitle, (Run(alliance.name),)),
        Paragraph(ParaKind.cover, (Run(f"Dated {labels.longdate(alliance.agreement_date)}"),)),
        Paragraph(ParaKind.cover, (Run("between"),)),
        *(Paragraph(ParaKind.subtitle, (Run(p.legal_name),)) for p in members),
    )
