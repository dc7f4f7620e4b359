"""The built agreements keep the promises their own numbers make: Schedule 4's worked example
scores the cost KRA on the Actual Cost it illustrates, its tables add up, the reconciliation
says who pays whom, and a commissioner outside the alliance is given no obligation. Every test
opens the .docx that `alliancedocs build` writes."""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner

from alliancedocs.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
MONEY = re.compile(r"^£([\d,]+\.\d\d)$")
DEFAULT_SCORES = (100, 60, 30, 0, -30, -60, -100)
"""Gamebreaking to Failure: the examples use the default level scores."""


def _build(answers: Path, out: Path) -> Path:
    result = CliRunner().invoke(main, ["build", str(answers), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out / "alliance-agreement.docx"


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def _tables(path: Path) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows]
            for table in docx.Document(str(path)).tables]


def _all_text(folder: Path) -> str:
    parts = []
    for path in sorted(folder.rglob("*.docx")):
        parts.extend(_paragraphs(path))
        parts.extend(cell for table in _tables(path) for row in table for cell in row)
    return "\n".join(parts)


def _money(text: str) -> Decimal:
    match = MONEY.match(text.strip())
    assert match, text
    return Decimal(match.group(1).replace(",", ""))


def _score_at(thresholds: list[Decimal], value: Decimal) -> Decimal:
    """Score a lower-is-better KPI as clause 14 describes it, independently of the product:
    linear between the two thresholds either side, capped at Gamebreaking and Failure."""
    if value <= thresholds[0]:
        return Decimal(DEFAULT_SCORES[0])
    for (upper, lower), (better, worse) in zip(pairwise(thresholds), pairwise(DEFAULT_SCORES),
                                               strict=True):
        if upper <= value <= lower:
            return worse + (lower - value) / (lower - upper) * (better - worse)
    return Decimal(DEFAULT_SCORES[-1])


def _cost_thresholds(tables: list[list[list[str]]]) -> list[Decimal]:
    """Return the thresholds Schedule 3 prints for the (single) cost KPI."""
    [row] = [row for table in tables for row in table
             if "as a share of the Target Outturn Cost" in row[0] and len(row) == 8]
    return [Decimal(value) for value in row[1:]]


@pytest.fixture(scope="module")
def stockport(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(EXAMPLES / "stockport-enablement.yaml", tmp_path_factory.mktemp("sk"))


@pytest.fixture(scope="module")
def symphony(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(EXAMPLES / "symphony-long-term-conditions.yaml",
                  tmp_path_factory.mktemp("sy"))


@pytest.mark.parametrize("example", ["stockport", "symphony"])
def test_the_overrun_year_scores_the_cost_kra_on_its_own_actual_cost(example, request):
    path = request.getfixturevalue(example)
    tables = _tables(path)
    inputs = next(t for t in tables if t[0] == ["The year illustrated", "Amount"])
    assert inputs[1][0].startswith("Overrun of 8% of the TOC (an Actual Cost of 108% of")
    [cost] = [row for row in inputs if "at an Actual Cost of 108% of the TOC" in row[0]]
    printed = Decimal(re.search(r"scoring (-?[\d.]+)$", cost[0]).group(1))
    assert printed == _score_at(_cost_thresholds(tables), Decimal(108))
    # every KRA's weighted score is listed, and they add up to the Weighted Score printed
    kra_rows = [row for row in inputs if "(weight " in row[0]]
    weighted = next(row for row in inputs if row[0] == "Weighted Score")
    assert sum(Decimal(row[1]) for row in kra_rows) == Decimal(weighted[1])
    for row in kra_rows:
        weight = Decimal(re.search(r"\(weight (\d+)\)", row[0]).group(1))
        score = Decimal(re.search(r"scoring (-?[\d.]+)$", row[0]).group(1))
        assert weight * score / 100 == Decimal(row[1]), row
    clawback = next(row for row in inputs if row[0].startswith("Clawback due"))
    pool = _money(re.search(r"\((£[\d,.]+) ×", clawback[0]).group(1))
    assert _money(clawback[1]) == (pool * -Decimal(weighted[1]) / 100).quantize(Decimal("0.01"))
    text = "\n".join(_paragraphs(path))
    assert "The cost KRA is scored under Schedule 3 on that Actual Cost" in text
    assert "(the KRAs are given, in turn, the Performance Levels Poor and Below MCOS)" not in text


@pytest.mark.parametrize("example", ["stockport", "symphony"])
def test_the_overrun_and_clawback_table_is_complete_and_adds_up(example, request):
    tables = _tables(request.getfixturevalue(example))
    inputs = next(t for t in tables if t[0] == ["The year illustrated", "Amount"])
    combined = next(t for t in tables if t[0][0] == "Party" and "Clawback borne" in t[0])
    body = combined[1:]
    participants, together, owner, total = body[:-3], body[-3], body[-2], body[-1]
    assert owner[0].endswith("(Owner)") and total[0] == "Overrun and clawback together"
    for column in (2, 3, 4, 5):
        assert sum(_money(r[column]) for r in participants) == _money(together[column])
    for column in (2, 4, 5):
        assert _money(together[column]) + _money(owner[column]) == _money(total[column])
    for row in [*participants, together, owner, total]:
        assert _money(row[2]) + _money(row[4]) == _money(row[5]), row
    overrun, clawback = _money(inputs[1][1]), _money(inputs[-1][1])
    assert _money(total[2]) == overrun and _money(total[3]) == _money(total[4]) == clawback
    # the Owner bears exactly the clawback the caps leave unpaid
    assert _money(owner[4]) == sum(_money(r[3]) - _money(r[4]) for r in participants)
    for row in participants:
        assert _money(row[5]) <= _money(row[1]), row  # nobody bears more than its cap


def test_the_pool_example_in_the_underrun_year_scores_the_cost_kra_on_that_underrun(symphony):
    tables = _tables(symphony)
    pool = next(t for t in tables if t[0][0] == "Key Result Area" and len(t[0]) == 5)
    [cost] = [row for row in pool if "at an Actual Cost of 94% of the TOC" in row[2]]
    assert Decimal(cost[3]) == _score_at(_cost_thresholds(tables), Decimal(94))
    assert any("plus £270,000.00 from the underrun of 6%" in row[0] for row in pool)
    text = "\n".join(_paragraphs(symphony))
    assert "except the cost KRA, which is scored under Schedule 3 on the Actual Cost of that " \
        "Underrun (94% of the TOC)" in text


def test_a_pool_example_outside_any_cost_year_says_its_cost_level_is_assumed(stockport):
    text = "\n".join(_paragraphs(stockport))
    assert "The pool example is not a Financial Year of any of the cost examples, and the " \
        "level assumed for the cost KRA in it is chosen only to show the scoring." in text
    assert "is not the level that any one of the cost examples would reach" not in text


def test_the_reconciliation_says_who_pays_the_balance_to_whom(stockport):
    paragraphs = _paragraphs(stockport)
    item = next(p for p in paragraphs if p.startswith("the sums already paid on account"))
    assert item == ("the sums already paid on account to each Provider for its part of the "
                    "Services, and the balance for the Financial Year, stating whether that "
                    "balance is payable to the Provider by the body named for those payments "
                    "in clause 15.13 or by the Provider to that body.")
    payers = next(p for p in paragraphs if p.startswith("the payments for the Services under "
                                                        "this clause:"))
    assert "the Commissioner that holds the Service Contract concerned" in payers
    assert "due to or from it" not in "\n".join(paragraphs)


def _edited(source: str, tmp_path: Path, edit) -> Path:
    data = yaml.safe_load((EXAMPLES / source).read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / source
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")
    return path


def test_a_memorandum_with_a_provider_holding_no_contract_binds_no_commissioner(tmp_path):
    def no_contract(data: dict) -> None:
        entry = data["contracts"]["service_contracts"][-1]
        for key in ("commissioner", "own_kpis", "own_incentives",
                    "keeps_own_performance_regime"):
            entry.pop(key, None)
        entry["overlay"] = "none"

    agreement = _build(_edited("watered-down-partnership.yaml", tmp_path, no_contract),
                       tmp_path / "out")
    text = "\n".join(_paragraphs(agreement))
    assert "Westmere Housing Support holds no Service Contract: what it is paid for its part " \
        "of the Services, and by whom, is agreed outside this Agreement." in text
    assert "The Commissioner is not a party to this Agreement and takes no obligation under " \
        "it" in text
    assert "the sums paid to each Provider for its part of the Services in the Financial " \
        "Year." in text
    for absent in ("due to or from it", "paid under this Agreement alone",
                   "each invoice must be paid", "may be recovered by that Commissioner",
                   "is paid under this Agreement by the body named"):
        assert absent not in text, absent
    cells = [cell for table in _tables(agreement) for row in table for cell in row]
    assert "no separate contract (this Agreement alone)" not in cells


def test_a_single_control_total_is_never_divided_between_the_providers(tmp_path):
    def control_total(data: dict) -> None:
        risk = data["risk_share"]
        risk.pop("target_outturn_cost")
        risk["payment"].update(measured_against="control-total", control_total=3200000,
                               control_total_source="the council's medium-term financial plan")

    out = tmp_path / "out"
    agreement = _build(_edited("stockport-enablement.yaml", tmp_path, control_total), out)
    everything = _all_text(out)
    assert "part of the TOC that relates to" not in everything
    # the control total is set outside the alliance: the ALT neither agrees nor varies it
    for absent in ("agreeing the budget for the Services and the Target Outturn Cost",
                   "the Alliance Outcomes, the Target Outturn Cost, the KRAs",
                   "the budget for the Services, the Target Outturn Cost and the sharing",
                   "sharing of gain and pain against the Target Outturn Cost"):
        assert absent not in everything, absent
    assert "A change to the control total is not a variation of this Agreement" in everything
    assert "sharing of gain and pain against the control total" in everything
    assert re.search(r"report those sums and that activity to the ALT each month, compared "
                     r"with the expected annual value of its Contract Price in clause 15\.\d+ "
                     r"in proportion to the part of the Financial Year that has passed",
                     "\n".join(_paragraphs(agreement)))


def test_the_actual_cost_is_measured_before_the_margin_bears_any_pain(symphony):
    # The Overrun reduces a Participant's Margin; if that reduced Margin then lowered the
    # Actual Cost, the Overrun would shrink with it and the clause would be circular.
    text = "\n".join(_paragraphs(symphony))
    assert "the Margin payable to each Provider for it, before any reduction of a Margin or " \
        "other sum under clause 16, as shown in the Reconciliation Statement" in text


def test_a_share_paid_by_the_owner_outside_the_contract_is_not_recovered_through_it(
        stockport):
    pack = stockport.parent / "schedules" / "pennine-care.docx"
    text = "\n".join(_paragraphs(pack))
    assert "is paid by or to the Council under the Alliance Agreement, and not through the " \
        "Contract" in text
    assert "A sum due from Pennine Care under clause 13.2 may be recovered by deduction" in text
    assert "A sum due from Pennine Care may be recovered" not in text
    agreement = "\n".join(_paragraphs(stockport))
    assert "while any share of gain or pain under clause 16, and any payment out of the " \
        "Performance Pool or clawback, is paid by or to the Council under this Agreement" \
        in agreement


def test_a_score_that_does_not_end_is_shown_rounded_and_said_to_be(tmp_path):
    def failure_at_114(data: dict) -> None:
        [cost] = [kra for kra in data["kras"] if kra.get("covers_cost")]
        cost["kpis"][0]["thresholds"]["failure"] = 114

    tables = _tables(_build(_edited("stockport-enablement.yaml", tmp_path, failure_at_114),
                            tmp_path / "out"))
    inputs = next(t for t in tables if t[0] == ["The year illustrated", "Amount"])
    # 108% lies a third of the way from Poor (105, -60) to Failure (114, -100): -73.333...
    [cost] = [row for row in inputs if "at an Actual Cost of 108% of the TOC" in row[0]]
    assert cost[0].endswith("scoring -73.33 (rounded)")
    assert cost[1] == "-11"  # 15 x -220/3 / 100 is exactly -11
