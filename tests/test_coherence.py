"""Coherence checks: the rules weak variants must keep so that a draft never contradicts
itself. Each rule is shown catching the defect it exists for, and the examples pass."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from alliancedocs.answers_file import read_answers
from alliancedocs.coherence import check_documents
from alliancedocs.core import compose, evaluate_file
from alliancedocs.docmodel import Document, DocumentProperties, Paragraph, ParaKind, Run, TermUse
from alliancedocs.model import Answers
from alliancedocs.model.risk import Regime, VarianceMeasure

EXAMPLES = Path(__file__).parents[1] / "examples"


@pytest.fixture(scope="module")
def watered() -> Answers:
    return read_answers(EXAMPLES / "watered-down-partnership.yaml")


def _doc(*blocks: Paragraph) -> Document:
    props = DocumentProperties("t", "s", "a", "k", date(2025, 1, 1))
    return Document(props, "header", "DRAFT", tuple(blocks))


def _h(text: str) -> Paragraph:
    return Paragraph(ParaKind.clause_heading, (Run(text),), level=1)


def _p(*inlines: Run | TermUse) -> Paragraph:
    return Paragraph(ParaKind.clause_text, tuple(inlines), level=2)


def _title(text: str) -> tuple[Paragraph, Paragraph]:
    return (Paragraph(ParaKind.title, (Run(text),)),
            _p(Run("THIS MEMORANDUM OF UNDERSTANDING is dated 1 June 2025")))


def test_every_example_draft_is_coherent() -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        composition = compose(evaluate_file(path))
        documents = [("agreement" if name.startswith("alliance") else
                      f"pack:{name.removeprefix('schedules/').removesuffix('.docx')}", doc)
                     for name, doc in composition.documents.items()]
        assert check_documents(composition.answers, documents) == [], path.name


def test_a_power_given_to_a_non_party_commissioner_is_found(watered: Answers) -> None:
    document = _doc(*_title("Memorandum of Understanding"), _h("8 Reserved powers"),
                    _p(Run("The Commissioner may add further matters by notice.")),
                    _p(Run("The ICB may vary the scope of the Services.")),
                    _p(Run("The Commissioner may not act unlawfully.")))
    found = check_documents(watered, [("agreement", document)])
    assert len(found) == 2
    assert "'The Commissioner may'" in found[0] and "'The ICB may'" in found[1]


def test_a_duty_or_promise_of_a_non_party_commissioner_is_found(watered: Answers) -> None:
    document = _doc(*_title("Memorandum of Understanding"), _h("16 Risk and reward"),
                    _p(Run("The Commissioner retains any saving, and bears any excess of cost.")),
                    _p(Run("The ICB must give the ALT the control total.")),
                    _p(Run("The ALT must ask the Commissioner for the control total.")),
                    _p(Run("No Party shares in any saving by reason of this Agreement.")))
    found = check_documents(watered, [("agreement", document)])
    assert len(found) == 2
    assert "'The Commissioner retains'" in found[0] and "'The ICB must'" in found[1]
    assert all("power or a duty" in f for f in found)


def test_the_memorandum_with_no_risk_share_states_no_duty_of_the_non_party() -> None:
    composition = compose(evaluate_file(EXAMPLES / "watered-down-partnership.yaml"))
    agreement = composition.documents["alliance-agreement.docx"]
    text = "\n".join(p.text for p in agreement.paragraphs())
    assert "The Commissioner retains any saving" not in text
    assert "No Party shares in any saving, or bears any excess of cost" in text


def test_a_heading_that_promises_what_its_clause_does_not_say_is_found(
        watered: Answers) -> None:
    document = _doc(*_title("Memorandum of Understanding"),
                    _h("14 No fault, no blame, no dispute"),
                    _p(Run("Each Party keeps every right and remedy it has.")),
                    _h("10 Co-production with people who use the Services"),
                    _p(Run("The Alliance Outcomes were set by the Commissioner.")))
    found = check_documents(watered, [("agreement", document)])
    assert [f.split(": ", 2)[-1] for f in found] == [
        "a no-blame heading over a clause in which no claim is given up",
        "a co-production heading over a clause that does not provide for it"]


def test_the_non_binding_form_must_be_titled_a_memorandum(watered: Answers) -> None:
    document = _doc(Paragraph(ParaKind.title, (Run("Alliance Agreement"),)),
                    _p(Run("THIS AGREEMENT is dated 1 June 2025")))
    found = check_documents(watered, [("agreement", document)])
    assert any("titled 'Alliance Agreement', not as a memorandum" in f for f in found)
    assert any("does not open as a memorandum" in f for f in found)


def test_risk_share_terms_and_advocacy_are_found(watered: Answers) -> None:
    assert watered.risk_share.regime.value == "none"
    document = _doc(*_title("Memorandum of Understanding"), _h("17 Conflicts of interest"),
                    _p(Run("The allocation of work, budget, gain or pain is not a conflict.")),
                    _h("12 Commercial framework"),
                    _p(Run("The balance, with any share of the "), TermUse("Overrun", "Overrun"),
                       Run(", is paid.")),
                    _h("13 Risk and reward"),
                    _p(Run("There is no sharing of gain or pain between the Parties.")))
    pack = _doc(_h("2 Order of precedence"),
                _p(Run("A true alliance would require the Contract to defer.")))
    found = check_documents(watered, [("agreement", document), ("pack:x", pack)])
    assert [f.split(": ", 2)[-1] for f in found] == [
        "risk-share wording 'gain or pain' used with no risk share",
        "risk-share term Overrun used with no risk share",
        "advocacy ('true alliance') in contract text"]
    assert found[2].startswith("pack:x: under '2 Order of precedence'")


def test_clause_markup_printed_as_text_is_found(watered: Answers) -> None:
    document = _doc(*_title("Memorandum of Understanding"), _h("1 Definitions"),
                    _p(Run("“Agreement” means this memorandum, binding only as clause "
                           "[[ref:service-contracts.status]] provides")))
    [found] = check_documents(watered, [("agreement", document)])
    assert "clause markup printed as text" in found


def test_a_passage_printed_twice_is_found_but_list_items_and_short_formulas_are_not(
        watered: Answers) -> None:
    passage = ("People who use the service, their carers and frontline staff, working "
               "together through a series of open design workshops.")
    formula = "The members at the date of this Agreement are listed in Schedule 1."
    item = "approving the Implementation Plan and any material change to it, and every " \
           "change to the budget that the members of the leadership body agree;"
    document = _doc(*_title("Memorandum of Understanding"), _h("1 Outcomes"),
                    _p(Run(f"The outcomes were co-produced. {passage}")), _p(Run(formula)),
                    _p(Run(item)), _h("2 Schedule"), _p(Run(f"As follows: {passage}")),
                    _p(Run(formula)), _p(Run(item)))
    [found] = check_documents(watered, [("agreement", document)])
    assert found.startswith("agreement: passage printed twice: 'People who use the service")


def test_a_toc_definition_without_the_shared_costs_it_includes_is_found(
        watered: Answers) -> None:
    definition = "\u201cTarget Outturn Cost\u201d means the total of the Contract Prices"
    shared = "Each shared cost counts towards the Actual Cost and is included in the TOC."
    document = _doc(*_title("Memorandum of Understanding"), _h("1 Definitions"),
                    _p(Run(definition)), _h("15 Commercial framework"), _p(Run(shared)))
    found = check_documents(watered, [("agreement", document)])
    assert found == ["agreement: the shared costs of the Alliance are included in the TOC, "
                     "but the definition of the Target Outturn Cost leaves them out"]
    fixed = _doc(*_title("Memorandum of Understanding"), _h("1 Definitions"),
                 _p(Run(definition + " and the shared costs of the Alliance")),
                 _h("15 Commercial framework"), _p(Run(shared)))
    assert check_documents(watered, [("agreement", fixed)]) == []


def test_pain_wording_where_no_participant_can_bear_anything_is_found() -> None:
    answers = read_answers(EXAMPLES / "stockport-enablement.yaml")
    risk = answers.risk_share.model_copy(update={
        "regime": Regime.gain_only,
        "performance_pool": answers.risk_share.performance_pool.model_copy(
            update={"clawback": False})})
    gain_only = answers.model_copy(update={"risk_share": risk})
    document = _doc(*_title("Memorandum of Understanding"), _h("16 Risk and reward"),
                    _p(Run("Pennine Care: 35%, with a cap of \u00a360,000.00;")))
    found = [f for f in check_documents(gain_only, [("agreement", document)])
             if "can bear nothing" in f]
    assert found == ["agreement: a Participant can bear nothing, but the text says "
                     "'with a cap of'"]
    assert not [f for f in check_documents(answers, [("agreement", document)])
                if "can bear nothing" in f]


def test_a_balance_due_to_or_from_a_party_without_a_payer_is_found(watered: Answers) -> None:
    vague = "the sums already paid to each Provider on account, and the balance due to or from it."
    document = _doc(*_title("Memorandum of Understanding"), _h("15 Commercial framework"),
                    _p(Run(vague)))
    [found] = check_documents(watered, [("agreement", document)])
    assert "'due to or from it' does not say who pays whom" in found
    precise = ("the balance for the Financial Year, stating whether it is payable to the "
               "Provider by the body named in clause 15.13 or by the Provider to that body.")
    fixed = _doc(*_title("Memorandum of Understanding"), _h("15 Commercial framework"),
                 _p(Run(precise)))
    assert check_documents(watered, [("agreement", fixed)]) == []


def test_a_providers_part_of_a_single_control_total_is_found() -> None:
    answers = read_answers(EXAMPLES / "stockport-enablement.yaml")
    payment = answers.risk_share.payment.model_copy(update={
        "measured_against": VarianceMeasure.control_total, "control_total": Decimal(3200000),
        "control_total_source": "the council's medium-term financial plan"})
    control = answers.model_copy(update={"risk_share": answers.risk_share.model_copy(
        update={"payment": payment, "target_outturn_cost": None})})
    text = "report those sums to the ALT each month, compared with the part of the TOC that " \
           "relates to it, with a forecast to the end of the Financial Year;"
    document = _doc(_h("15 Commercial framework"), _p(Run(text)))
    found = [f for f in check_documents(control, [("pack:x", document)]) if "control" in f]
    assert found == ["pack:x: gain and pain are measured against one control total, but the "
                     "text speaks of the 'part of the TOC that relates to it'"]
    assert not [f for f in check_documents(answers, [("pack:x", document)]) if "control" in f]
