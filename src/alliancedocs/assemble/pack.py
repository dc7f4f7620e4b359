"""A provider's bilateral schedule pack, assembled by the same engine as the agreement."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .. import labels
from ..docmodel import Block, DocumentProperties, Paragraph, ParaKind, Run
from ..library.clause_files import Library
from ..library.templating import pack_context
from ..library.variants import Selection
from ..model import Answers
from ..model.contracts import ServiceContract
from .agreement import DRAFT_LABEL
from .contents import with_contents
from .document import Assembled, Frame, assemble
from .tables import TableContext


def assemble_pack(answers: Answers, library: Library, contract: ServiceContract,
                  agreement_numbers: Mapping[str, str],
                  custom_properties: tuple[tuple[str, str], ...] = (),
                  selection: Selection | None = None) -> Assembled:
    """Return the schedule pack for ``contract``'s provider.

    ``agreement_numbers`` maps the agreement's clause ids (and anchors) to their final
    numbers; pack text reads it as ``agreement_numbers``, or through ``aa_ref`` and
    ``its_ref`` (see :func:`agreement_citations`), to cite the agreement's clauses.
    ``selection`` is the pack's variant selection when the caller has made it already.
    """
    provider = answers.party(contract.provider)
    alliance = answers.alliance
    aa_ref, its_ref = agreement_citations(agreement_numbers)
    context = {**pack_context(answers, contract), "agreement_numbers": dict(agreement_numbers),
               "aa_ref": aa_ref, "its_ref": its_ref}
    properties = DocumentProperties(
        title=f"Service contract schedules: {provider.legal_name}",
        subject=f"Schedules aligning {provider.short_name}'s service contract with the "
        f"{alliance.name} alliance agreement",
        author="alliancedocs",
        keywords=f"alliance; service contract; {labels.label(contract.overlay)}",
        created=alliance.agreement_date,
        custom=custom_properties,
    )
    opening = _title_page(answers, contract)
    called = alliance.short_name or alliance.name
    frame = Frame(
        document_id=f"pack:{provider.id}",
        context=context,
        tables=TableContext(answers, contract),
        properties=properties,
        # The header starts a line, so a short name such as "the Partnership" is capitalised.
        header_text=f"{called[:1].upper()}{called[1:]}: schedules for {provider.short_name}",
        draft_label=DRAFT_LABEL,
        opening=opening,
        own_terms="pack.yaml",
    )
    return with_contents(assemble(library.pack, library, frame, selection),
                         after=len(opening))


def agreement_citations(
        numbers: Mapping[str, str]) -> tuple[Callable[[str], str], Callable[[str], str]]:
    """Return ``aa_ref`` and ``its_ref``, which cite a provision of the agreement by its id.

    ``aa_ref("leaving")`` gives ``clause 22``, ``aa_ref("leaving.settlement")`` gives
    ``clause 22.4``, ``aa_ref("schedule-performance")`` gives ``Schedule 3`` and
    ``aa_ref("schedule-performance.kpis")`` gives ``paragraph 7 of Schedule 3``;
    ``its_ref("leaving")`` gives `` (its clause 22)``, to follow a description of the
    provision. Both give an empty string when the agreement has
    no such provision or no numbers were passed, so the text still reads without them.
    """
    def aa_ref(key: str) -> str:
        number = numbers.get(key)
        if not number:
            return ""
        if not key.startswith("schedule-"):
            return f"clause {number}"
        schedule, _, anchor = key.partition(".")
        if not anchor:
            return f"Schedule {number}"
        return f"paragraph {number} of Schedule {numbers[schedule]}"

    def its_ref(key: str) -> str:
        ref = aa_ref(key)
        return f" (its {ref})" if ref else ""

    return aa_ref, its_ref


def _form(contract: ServiceContract) -> str:
    """Return the contract's form as a heading would show it: ``NHS Standard Contract ...``."""
    form = labels.label(contract.overlay)
    return form[:1].upper() + form[1:]


def _title_page(answers: Answers, contract: ServiceContract) -> tuple[Block, ...]:
    provider = answers.party(contract.provider)
    commissioner = answers.party(contract.commissioner) if contract.commissioner else None
    between = f"{commissioner.legal_name} and {provider.legal_name}" if commissioner else \
        provider.legal_name
    return (
        Paragraph(ParaKind.title, (Run("Service Contract Schedules"),)),
        Paragraph(ParaKind.subtitle, (Run(provider.legal_name),)),
        Paragraph(ParaKind.cover, (Run(f"for the service contract between {between}"),)),
        Paragraph(ParaKind.cover, (Run(
            f"aligned with the alliance agreement for {answers.alliance.name} dated "
            f"{labels.longdate(answers.alliance.agreement_date)}"),)),
        Paragraph(ParaKind.cover, (Run(f"Form of contract: {_form(contract)}"),)),
    )
