"""Consistency of the document set: contract values against the budget, commissioners,
contract forms, and the KPIs a built pack lists."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from alliancedocs.answers_file import read_answers
from alliancedocs.consistency import Finding, check_document_set, pack_kpi_mismatches
from alliancedocs.flags import Severity
from alliancedocs.model import Answers

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def lambeth() -> Answers:
    return read_answers(EXAMPLES / "lambeth-rehabilitation.yaml")


def vary(answers: Answers, change: Any) -> Answers:
    """Return a copy of ``answers`` after ``change`` has edited its plain-data form."""
    data = answers.model_dump(mode="python")
    change(data)
    return Answers.model_validate(data)


def reconciliation(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.path == "contracts.service_contracts"]


def set_values(data: dict, values: list[str], tolerance: str) -> None:
    for contract, value in zip(data["contracts"]["service_contracts"], values, strict=True):
        contract["expected_annual_value"] = Decimal(value)
    data["contracts"]["reconciliation_tolerance"] = Decimal(tolerance)


def test_values_equal_to_budget_raise_nothing(lambeth: Answers) -> None:
    budget = lambeth.alliance.annual_budget
    count = len(lambeth.contracts.service_contracts)
    values = [str(budget - (count - 1) * (budget // count))] + [str(budget // count)] * (count - 1)
    answers = vary(lambeth, lambda d: set_values(d, values, "0"))
    assert sum(c.expected_annual_value for c in answers.contracts.service_contracts) == budget
    assert reconciliation(check_document_set(answers)) == []


def test_shortfall_beyond_tolerance_is_reported_in_pounds_and_pence(lambeth: Answers) -> None:
    # Budget £10,500,000.00; the values add up to £10,499,987.66, so £12.34 short.
    answers = vary(lambeth, lambda d: set_values(d, ["5350000", "3200000", "1949987.66"], "10"))
    [finding] = reconciliation(check_document_set(answers))
    assert finding.severity is Severity.high
    assert "£12.34 less than the alliance annual budget of £10,500,000.00" in finding.message
    assert "£10,499,987.66" in finding.message
    assert "reconciliation_tolerance" in finding.hint


def test_excess_beyond_tolerance_is_reported(lambeth: Answers) -> None:
    answers = vary(lambeth, lambda d: set_values(d, ["5400000", "3200000", "1950000.01"], "0"))
    [finding] = reconciliation(check_document_set(answers))
    assert finding.severity is Severity.high
    assert "£50,000.01 more than" in finding.message


def test_difference_within_tolerance_is_information_only(lambeth: Answers) -> None:
    [finding] = reconciliation(check_document_set(lambeth))
    assert finding.severity is Severity.info
    assert "£25,000.00 less than" in finding.message
    assert "within the reconciliation tolerance of £50,000.00" in finding.message


def test_no_service_contracts_means_nothing_to_reconcile(lambeth: Answers) -> None:
    def drop(data: dict) -> None:
        data["contracts"]["service_contracts"] = []
    assert reconciliation(check_document_set(vary(lambeth, drop))) == []


def test_contract_held_by_non_member_commissioner(lambeth: Answers) -> None:
    holder = lambeth.contracts.service_contracts[0].commissioner

    def outside(data: dict) -> None:
        for party in data["parties"]:
            if party["id"] == holder:
                party["alliance_member"] = False
    findings = check_document_set(vary(lambeth, outside))
    paths = [f.path for f in findings if "not a member of the alliance" in f.message]
    expected = [f"contracts.service_contracts[{i}].commissioner"
                for i, c in enumerate(lambeth.contracts.service_contracts)
                if c.commissioner == holder]
    assert paths == expected and expected


def test_contract_held_by_a_provider(lambeth: Answers) -> None:
    other_provider = lambeth.contracts.service_contracts[1].provider

    def wrong_holder(data: dict) -> None:
        data["contracts"]["service_contracts"][0]["commissioner"] = other_provider
    [finding] = [f for f in check_document_set(vary(lambeth, wrong_holder))
                 if f.path == "contracts.service_contracts[0].commissioner"]
    assert finding.severity is Severity.high
    assert "not a commissioner" in finding.message


def test_nhs_commissioner_on_council_terms(lambeth: Answers) -> None:
    nhs = next(p for p in lambeth.commissioners if p.kind.value == "icb")

    def council_terms(data: dict) -> None:
        data["contracts"]["service_contracts"][0]["overlay"] = "non-nhs"
        data["contracts"]["service_contracts"][0]["commissioner"] = nhs.id
    [finding] = [f for f in check_document_set(vary(lambeth, council_terms))
                 if f.path == "contracts.service_contracts[0].overlay"]
    assert finding.severity is Severity.medium
    assert "NHS Standard Contract" in finding.message


def test_schedule_9_on_council_terms_is_noted(lambeth: Answers) -> None:
    index = next(i for i, c in enumerate(lambeth.contracts.service_contracts)
                 if c.overlay.value == "non-nhs")

    def schedule_9(data: dict) -> None:
        data["contracts"]["service_contracts"][index]["system_collaboration_agreement"] = True
    paths = [f.path for f in check_document_set(vary(lambeth, schedule_9))]
    assert f"contracts.service_contracts[{index}].system_collaboration_agreement" in paths


def test_examples_have_no_high_findings() -> None:
    for name in ("lambeth-rehabilitation", "symphony-long-term-conditions",
                 "stockport-enablement", "framework-packages"):
        answers = read_answers(EXAMPLES / f"{name}.yaml")
        high = [f for f in check_document_set(answers) if f.severity.rank >= Severity.high.rank]
        assert high == [], name


def test_pack_kpi_check(lambeth: Answers) -> None:
    contract = lambeth.contracts.service_contracts[0]
    alliance = [k.measure for kra in lambeth.kras for k in kra.kpis]
    assert pack_kpi_mismatches(alliance, lambeth, contract) == []
    missing = pack_kpi_mismatches(alliance[1:], lambeth, contract)
    assert [alliance[0] in f.message for f in missing] == [True]
    extra = pack_kpi_mismatches([*alliance, "Beds closed"], lambeth, contract)
    assert ["'Beds closed'" in f.message for f in extra] == [True]
    reordered = pack_kpi_mismatches(list(reversed(alliance)), lambeth, contract)
    assert [f.severity for f in reordered] == [Severity.medium]


def _open_book_stockport() -> Answers:
    """Stockport as it was drafted before contract prices: open book, margins 69,000,
    98,000 and 39,000, pain capped at margin, no pool."""
    def change(data: dict) -> None:
        margins = {"pennine-care": 69000, "mersey-vale-wellbeing": 98000, "peer-pathways": 39000}
        for party in data["parties"]:
            if party["id"] in margins:
                party["margin"] = Decimal(margins[party["id"]])
        risk = data["risk_share"]
        risk["payment"] = {"mechanism": "open-book"}
        risk["pain_cap"] = {"basis": "margin"}
        risk["performance_pool"] = None
        for share in risk["distribution"]["shares"]:
            share["cap"] = None
    return vary(read_answers(EXAMPLES / "stockport-enablement.yaml"), change)


def test_fixed_shares_past_a_participants_margin_are_reported_with_figures() -> None:
    answers = _open_book_stockport()
    found = [f for f in check_document_set(answers) if f.code == "share-held-at-own-margin"]
    assert [f.severity for f in found] == [Severity.info, Severity.info]
    assert "Pennine Care's fixed 35% share of it would be £72,100.00, more than its margin of " \
        "£69,000.00" in found[0].message
    assert "the £3,100.00 excess" in found[0].message


def test_a_clawback_on_top_of_a_capped_overrun_is_reported_with_figures() -> None:
    answers = read_answers(Path(__file__).parents[1] / "examples" /
                           "symphony-long-term-conditions.yaml")
    [found] = [f for f in check_document_set(answers) if f.code == "clawback-within-margin-cap"]
    assert "together come to £968,000.00, more than the participants' total margin of " \
        "£818,000.00" in found.message


def test_fixed_shares_past_a_participants_own_cash_cap_are_reported_with_figures() -> None:
    answers = read_answers(EXAMPLES / "stockport-enablement.yaml")
    found = {f.code: f for f in check_document_set(answers)}
    assert "share-held-at-own-margin" not in found
    # The participants' caps total 160,000; Peer Pathways' 20% of that is 32,000 > 25,000.
    assert "Peer Pathways' fixed 20% share of it would be £32,000.00, more than its cap of " \
        "£25,000.00" in found["share-held-at-own-cap"].message
    assert "the £7,000.00 excess" in found["share-held-at-own-cap"].message
    clawback = found["clawback-within-own-cap"]
    assert "more than the participants' caps added together of £160,000.00" in clawback.message


def test_contract_values_that_take_the_whole_budget_leave_no_room_for_shared_costs() -> None:
    stockport = read_answers(EXAMPLES / "stockport-enablement.yaml")

    def old_figures(data: dict) -> None:
        data["contracts"]["service_contracts"][2]["expected_annual_value"] = Decimal(650000)
        data["risk_share"]["performance_pool"]["within_budget"] = True

    found = {f.code: f for f in check_document_set(vary(stockport, old_figures))}
    room = found["no-room-for-shared-costs"]
    assert room.severity is Severity.medium
    assert room.message.startswith(
        "the expected annual contract values (£3,200,000.00) and the performance pool paid "
        "from the budget (£60,000.00) come to £3,260,000.00, more than the whole annual budget "
        "of £3,200,000.00, leaving nothing for the shared costs of the Alliance")
    toc = found["toc-leaves-nothing-for-shared-costs"]
    assert "the TOC of £3,200,000.00 includes the shared costs of the Alliance, but the " \
        "expected annual contract values already add up to £3,200,000.00" in toc.message
    codes = {f.code for f in check_document_set(stockport)}
    assert not codes & {"no-room-for-shared-costs", "toc-leaves-nothing-for-shared-costs",
                        "pool-outside-budget-room"}


def test_a_pool_paid_from_a_budget_the_contracts_already_use_is_found(lambeth: Answers) -> None:
    def no_manager_pool_in_budget(data: dict) -> None:
        data["governance"]["alliance_manager"] = None
        data["governance"]["amt"] = []
        data["risk_share"]["performance_pool"]["within_budget"] = True

    answers = vary(lambeth, no_manager_pool_in_budget)
    [found] = [f for f in check_document_set(answers) if f.code == "pool-outside-budget-room"]
    assert found.path == "risk_share.performance_pool.within_budget"
    assert "(£10,475,000.00) and the performance pool paid from the budget (£200,000.00) " \
        "come to £10,675,000.00, more than the annual budget of £10,500,000.00" in found.message
