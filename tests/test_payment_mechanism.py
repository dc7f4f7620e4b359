"""Both payment mechanisms, read back from the built Word documents.

Stockport keeps each provider's contract price and caps each participant in pounds; Lambeth
reimburses costs open book and pays every limb from its section 75 pooled fund. Each test
opens the generated .docx files and checks what a lawyer would read there.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from alliancedocs.answers_file import read_answers
from alliancedocs.cli import main
from alliancedocs.flags import FlagId
from alliancedocs.integrity import evaluate
from alliancedocs.model import Answers

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def _build(example: str, out: Path) -> Path:
    result = CliRunner().invoke(main, ["build", str(EXAMPLES / f"{example}.yaml"), "-o",
                                       str(out / example)])
    assert result.exit_code == 0, result.output
    return out / example


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def _tables(path: Path) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows]
            for table in docx.Document(str(path)).tables]


@pytest.fixture(scope="module")
def stockport(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build("stockport-enablement", tmp_path_factory.mktemp("pay"))


@pytest.fixture(scope="module")
def lambeth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build("lambeth-rehabilitation", tmp_path_factory.mktemp("pay"))


def test_contract_price_agreement_never_speaks_of_costs_reimbursed_or_margins(stockport):
    text = "\n".join(_paragraphs(stockport / "alliance-agreement.docx"))
    for absent in ("Direct Cost", "Margin", "three limbs", "reimbursed in full"):
        assert absent not in text, absent
    assert "“Contract Price” means in relation to a Provider, the price or tariff payable to " \
        "it" in text
    assert "“Actual Cost” means for a Financial Year, the total of the sums payable to all " \
        "the Providers at their Contract Prices" in text
    assert "Each Provider is paid its Contract Price for its part of the Services, and " \
        "receives or bears its share of any gain or pain" in text
    assert "Pennine Care: £1,150,000.00;" in text
    assert "Peer Pathways: 20%, with a cap of £25,000.00." in text
    assert "The Participants together therefore never bear more than the total of their " \
        "caps, £160,000.00 for a full Financial Year." in text
    assert "it pays its share of any clawback for the same Financial Year only up to what " \
        "its cap leaves, the Owner bearing the rest" in text


def test_contract_price_agreement_names_who_pays_each_limb(stockport):
    paragraphs = _paragraphs(stockport / "alliance-agreement.docx")
    start = next(i for i, p in enumerate(paragraphs)
                 if p.startswith("Each of the following is paid by the body named"))
    assert paragraphs[start + 1:start + 4] == [
        "the payments for the Services under this clause: the Commissioner that holds the "
        "Service Contract concerned or, for a Provider that holds none, the Commissioner;",
        "each Participant's share of gain and pain under clause 16: the Council; and",
        "payments out of the Performance Pool, and any clawback, under clause 16: the Council.",
    ]
    text = "\n".join(paragraphs)
    assert "No sum is deducted from a payment due from a different body" in text


def test_the_worked_example_shows_a_year_of_overrun_and_clawback_within_each_cap(stockport):
    tables = _tables(stockport / "alliance-agreement.docx")
    inputs = next(t for t in tables if t[0] == ["The year illustrated", "Amount"])
    assert [row[1] for row in inputs[1:3]] == ["£256,000.00", "£128,000.00"]
    assert inputs[-3][0] == "Cost of the service (weight 15): Poor, at an Actual Cost of " \
        "108% of the TOC, scoring -84"
    assert [row[1] for row in inputs[-2:]] == ["-53.1", "£31,860.00"]
    assert inputs[-1][0] == "Clawback due (£60,000.00 × 53.1 ÷ 100)"
    combined = next(t for t in tables if t[0][:2] == ["Party", "Its cap"])
    rows = {row[0].strip(): row[1:] for row in combined[1:]}
    assert rows["Pennine Care"] == ["£60,000.00", "£45,062.50", "£11,151.00", "£11,151.00",
                                    "£56,213.50"]
    assert rows["Peer Pathways"] == ["£25,000.00", "£25,000.00", "£6,372.00", "£0.00",
                                     "£25,000.00"]
    assert rows["Participants together"] == ["£160,000.00", "£128,000.00", "£31,860.00",
                                             "£25,488.00", "£153,488.00"]
    # The Owner bears the other half of the overrun and the clawback Peer Pathways' cap
    # leaves unpaid; the last row is the whole overrun and the whole clawback.
    assert rows["the Council (Owner)"] == ["No cap", "£128,000.00", "Nil", "£6,372.00",
                                           "£134,372.00"]
    assert rows["Overrun and clawback together"] == ["", "£256,000.00", "£31,860.00",
                                                     "£31,860.00", "£287,860.00"]
    cost = next(t for t in tables if t[0][0] == "" and "Overrun of 16%" in t[0])
    by_title = {row[0].strip(): row[1:] for row in cost[1:]}
    assert by_title["Peer Pathways"] == ["£19,200.00", "£25,000.00", "£25,000.00"]
    money = re.compile(r"£([\d,]+\.\d\d)")
    for name in ("Pennine Care", "Mersey Vale Wellbeing", "Peer Pathways"):
        cap = float(money.search(rows[name][0]).group(1).replace(",", ""))
        for value in [*by_title[name][1:], rows[name][-1]]:
            assert float(money.search(value).group(1).replace(",", "")) <= cap


def test_contract_price_pack_keeps_the_price_and_settles_gain_and_pain_outside_it(stockport):
    text = "\n".join(_paragraphs(stockport / "schedules" / "pennine-care.docx"))
    assert "Direct Costs" not in text and "Margin" not in text
    assert "payments on account of Pennine Care's Contract Price" in text
    assert "is paid by or to the Council under the Alliance Agreement, and not through the " \
        "Contract" in text
    assert "with a fixed share of 35% and a cap of £60,000.00 on what it bears in a " \
        "Financial Year" in text
    assert "Pennine Care keeps it: it is not reduced to reflect the costs Pennine Care in " \
        "fact incurs" in text
    assert "Nothing in this clause reduces the price or tariff payable to Pennine Care" in text


def test_contract_price_is_noted_in_the_integrity_report(stockport):
    report = (stockport / "integrity-report.md").read_text(encoding="utf-8")
    assert "`contract-price`" in report
    assert "The true-alliance form reimburses direct costs open book" in report


def test_open_book_agreement_pays_every_limb_from_the_pooled_fund(lambeth):
    paragraphs = _paragraphs(lambeth / "alliance-agreement.docx")
    text = "\n".join(paragraphs)
    assert "Contract Price" not in text
    assert "first, its Direct Costs, reimbursed in full on an Open Book basis;" in text
    assert "The pooled fund meets the payments for the Services, the Participants' shares of " \
        "gain and pain and the Performance Pool, through Lambeth Council" in text
    start = next(i for i, p in enumerate(paragraphs)
                 if p.startswith("Each of the following is paid by the body named"))
    assert all("the pooled fund described in clause" in p
               for p in paragraphs[start + 1:start + 4])


@pytest.fixture(scope="module")
def symphony(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build("symphony-long-term-conditions", tmp_path_factory.mktemp("pay"))


def test_the_toc_changes_mid_year_only_for_the_events_the_answers_list(symphony, lambeth):
    paragraphs = _paragraphs(symphony / "alliance-agreement.docx")
    start = next(i for i, p in enumerate(paragraphs)
                 if "may be changed after it starts only by" in p)
    assert paragraphs[start].endswith("of one of the following events:")
    events = paragraphs[start + 1:start + 7]
    assert events[4] == ("a change in demand for the Services of more than 5% above or below "
                         "the level assumed when the TOC was agreed, in which case only the "
                         "effect of the change beyond that band is taken into account; or")
    assert events[5] == "a decision of a Commissioner on a Reserved Matter."
    assert paragraphs[start + 7].startswith(
        "A Party that becomes aware of such an event must tell the ALT within fifteen (15) "
        "Business Days")
    default = "\n".join(_paragraphs(lambeth / "alliance-agreement.docx"))
    assert "a Force Majeure Event." in default and "change in demand" not in default


def test_cash_caps_of_nothing_put_nothing_at_risk() -> None:
    data = read_answers(EXAMPLES / "stockport-enablement.yaml").model_dump(mode="python")
    for share in data["risk_share"]["distribution"]["shares"]:
        share["cap"] = Decimal(0)
    report = evaluate(Answers.model_validate(data))
    [flag] = [f for f in report.flags if f.id is FlagId.nothing_at_risk]
    assert "every cap is £0.00" in flag.detail
