"""Risk-share arithmetic, reproducing the domain brief's worked example to the penny."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest

from alliancedocs.answers_file import read_answers
from alliancedocs.model.performance import Level
from alliancedocs.riskshare import (
    CostKind,
    Participant,
    RiskShareTerms,
    combined_year,
    cost_kra_scores,
    cost_outcome,
    distribute_pool,
    largest_remainder,
    level_for_score,
    measures_cost_against_target,
    pool_payment,
    terms_from_answers,
    worked_example,
)
from domain_example import true_alliance, true_alliance_data, with_changes

D = Decimal


def amounts(outcome_parts: tuple) -> list[tuple[str, Decimal]]:
    return [(part.party_id, part.amount) for part in outcome_parts]


# --- largest remainder ------------------------------------------------------------------


def test_largest_remainder_gives_the_odd_penny_to_the_largest_remainder() -> None:
    parts = largest_remainder(D("400000.00"), [D(300000), D(200000), D(100000)])
    assert parts == [D("200000.00"), D("133333.33"), D("66666.67")]


def test_largest_remainder_breaks_ties_by_order() -> None:
    assert largest_remainder(D("0.01"), [D(1), D(1)]) == [D("0.01"), D("0.00")]
    assert largest_remainder(D("1.00"), [D(1), D(1), D(1)]) == [D("0.34"), D("0.33"),
                                                               D("0.33")]
    assert largest_remainder(D("0.02"), [D(1), D(1), D(1)]) == [D("0.01"), D("0.01"),
                                                               D("0.00")]


def test_largest_remainder_handles_negative_totals_and_zero_weights() -> None:
    assert largest_remainder(D("-0.05"), [D(1), D(1)]) == [D("-0.03"), D("-0.02")]
    assert largest_remainder(D("10.00"), [D(0), D(3), D(1)]) == [D("0.00"), D("7.50"),
                                                                D("2.50")]
    assert largest_remainder(D("0.00"), [D(0), D(0)]) == [D("0.00"), D("0.00")]


@pytest.mark.parametrize(
    ("total", "weights", "message"),
    [(D("1.005"), [D(1)], "whole number of pence"),
     (D("1.00"), [D(0), D(0)], "every weight is zero"),
     (D("1.00"), [D(1), D(-1)], "negative")],
)
def test_largest_remainder_rejects_bad_input(total: Decimal, weights: list[Decimal],
                                             message: str) -> None:
    with pytest.raises(ValueError, match=message):
        largest_remainder(total, weights)


def test_largest_remainder_property_parts_always_sum_to_the_whole() -> None:
    rng = random.Random(20260401)
    for _ in range(2000):
        count = rng.randint(1, 9)
        weights = [D(rng.randint(0, 5_000_000)) / 100 for _ in range(count)]
        if not any(weights):
            weights[0] = D(1)
        total = D(rng.randint(-10**11, 10**11)) / 100
        parts = largest_remainder(total, weights)
        assert sum(parts) == total
        assert all(part == part.quantize(D("0.01")) for part in parts)
        weight_sum = sum(weights)
        for part, weight in zip(parts, weights, strict=True):
            exact = total * weight / weight_sum
            assert abs(part - exact) < D("0.01")  # never more than a penny off
        assert largest_remainder(total, weights) == parts  # deterministic


def test_random_margins_split_every_outcome_exactly() -> None:
    rng = random.Random(7)
    for _ in range(300):
        margins = [D(rng.randint(1, 90_000_000)) / 100 for _ in range(rng.randint(1, 6))]
        terms = RiskShareTerms(
            target_outturn_cost=D(rng.randint(10**6, 10**10)) / 100,
            owner_name="Owner",
            participants=tuple(Participant(f"p{i}", f"P{i}", m, m)
                               for i, m in enumerate(margins)),
            pain_cap=sum(margins),
        )
        actual = terms.target_outturn_cost * D(rng.randint(70, 130)) / 100
        outcome = cost_outcome(terms, actual)
        assert sum(p.amount for p in outcome.participant_amounts) == outcome.participants_total
        assert (outcome.participants_total + outcome.owner_total + outcome.pool_total
                == outcome.variance)
        if outcome.kind is CostKind.overrun:
            assert outcome.participants_total <= sum(margins)


# --- the worked example -----------------------------------------------------------------


@pytest.fixture(scope="module")
def example():
    return worked_example(true_alliance())


def test_underrun_matches_the_domain_example(example) -> None:
    scenario = example.scenarios[0]
    outcome = scenario.outcome
    assert scenario.percent_of_target == D(6)
    assert outcome.kind is CostKind.underrun
    assert outcome.actual_cost == D("9400000.00")
    assert outcome.variance == D("600000.00")
    assert outcome.participants_total == D("300000.00")
    assert outcome.owner_total == D("300000.00")
    assert outcome.pool_total == D("0.00")
    assert amounts(outcome.participant_amounts) == [
        ("alpha", D("150000.00")), ("beta", D("100000.00")), ("gamma", D("50000.00"))]


def test_overrun_matches_the_domain_example(example) -> None:
    outcome = example.scenarios[1].outcome
    assert outcome.kind is CostKind.overrun
    assert outcome.actual_cost == D("10800000.00")
    assert outcome.variance == D("800000.00")
    assert not outcome.capped
    assert outcome.participants_total == D("400000.00")
    assert outcome.owner_total == D("400000.00")
    assert amounts(outcome.participant_amounts) == [
        ("alpha", D("200000.00")), ("beta", D("133333.33")), ("gamma", D("66666.67"))]


def test_capped_overrun_matches_the_domain_example(example) -> None:
    outcome = example.scenarios[2].outcome
    assert outcome.actual_cost == D("11600000.00")
    assert outcome.variance == D("1600000.00")
    assert outcome.participants_share == D("800000.00")
    assert outcome.pain_cap == D("600000.00")
    assert outcome.capped
    assert outcome.participants_total == D("600000.00")
    assert outcome.owner_total == D("1000000.00")
    assert amounts(outcome.participant_amounts) == [
        ("alpha", D("300000.00")), ("beta", D("200000.00")), ("gamma", D("100000.00"))]


def test_pool_matches_the_domain_example(example) -> None:
    pool = example.pool
    assert pool is not None
    assert [(r.kra_name, r.weight, r.level, r.score, r.weighted) for r in pool.rows] == [
        ("Access", 30, Level.stretch, D(60), D(18)),
        ("Outcomes", 40, Level.above_mcos, D(30), D(12)),
        ("Experience", 20, Level.below_mcos, D(-30), D(-6)),
        ("Workforce", 10, Level.mcos, D(0), D(0)),
    ]
    assert pool.weighted_score == D(24)
    assert pool.payment == D("48000.00")
    assert amounts(pool.participant_amounts) == [
        ("alpha", D("24000.00")), ("beta", D("16000.00")), ("gamma", D("8000.00"))]


def test_pool_levels_cycle_past_four_kras() -> None:
    data = true_alliance_data()
    data["kras"] = [dict(data["kras"][0], id=f"k{i}", name=f"K{i}", weight=w)
                    for i, w in enumerate([20, 20, 20, 20, 10, 10])]
    example = worked_example(with_changes(data, "kras.5.covers_cost", False))
    assert [row.level for row in example.pool.rows] == [
        Level.stretch, Level.above_mcos, Level.below_mcos, Level.mcos,
        Level.stretch, Level.above_mcos]
    # 20×60 + 20×30 − 20×30 + 0 + 10×60 + 10×30 = 2100, /100 = 21
    assert example.pool.weighted_score == D(21)
    assert example.pool.payment == D("42000.00")


def test_cost_outcome_accepts_answers_directly() -> None:
    outcome = cost_outcome(true_alliance(), D("10000000.00"))
    assert outcome.kind is CostKind.on_target
    assert outcome.owner_total == outcome.participants_total == D("0.00")


# --- regimes, caps, pools and shares ----------------------------------------------------


def test_underrun_pool_variant_puts_a_quarter_in_the_pool() -> None:
    data = true_alliance_data()
    answers = with_changes(data, "risk_share.underrun", {
        "owner_percent": "50", "participants_percent": "25", "pool_percent": "25"})
    outcome = cost_outcome(answers, D("9400000.00"))
    assert (outcome.owner_total, outcome.participants_total, outcome.pool_total) == (
        D("300000.00"), D("150000.00"), D("150000.00"))
    assert amounts(outcome.participant_amounts)[1] == ("beta", D("50000.00"))


def test_fixed_shares_override_margins() -> None:
    data = true_alliance_data()
    answers = with_changes(data, "risk_share.distribution", {
        "basis": "fixed-shares",
        "shares": [{"party": "alpha", "percent": "40"}, {"party": "beta", "percent": "40"},
                   {"party": "gamma", "percent": "20"}]})
    outcome = cost_outcome(answers, D("10800000.00"))
    assert amounts(outcome.participant_amounts) == [
        ("alpha", D("160000.00")), ("beta", D("160000.00")), ("gamma", D("80000.00"))]


def test_amount_cap_and_no_cap() -> None:
    data = true_alliance_data()
    capped = with_changes(data, "risk_share.pain_cap", {"basis": "amount", "amount": "250000"})
    outcome = cost_outcome(capped, D("10800000.00"))
    assert (outcome.participants_total, outcome.owner_total) == (D("250000.00"),
                                                                 D("550000.00"))
    uncapped = with_changes(data, "risk_share.pain_cap", {"basis": "none"})
    outcome = cost_outcome(uncapped, D("11600000.00"))
    assert not outcome.capped and outcome.pain_cap is None
    assert outcome.participants_total == outcome.owner_total == D("800000.00")


def test_gain_only_leaves_every_overrun_with_the_owner() -> None:
    answers = with_changes(true_alliance_data(), "risk_share.regime", "gain-only")
    over = cost_outcome(answers, D("10800000.00"))
    assert (over.participants_total, over.owner_total) == (D("0.00"), D("800000.00"))
    under = cost_outcome(answers, D("9400000.00"))
    assert under.participants_total == D("300000.00")


def test_deferred_regime_uses_the_regime_once_started() -> None:
    data = true_alliance_data()
    data["risk_share"] = {**data["risk_share"], "regime": "deferred",
                          "starts_on": "2027-04-01", "regime_when_started": "gain-only"}
    terms = terms_from_answers(with_changes(data, "risk_share.regime", "deferred"))
    assert terms.overrun_participants_percent == D(0)
    assert terms.underrun_participants_percent == D(50)


def test_performance_pool_regime_shares_no_cost() -> None:
    answers = with_changes(true_alliance_data(), "risk_share.regime", "performance-pool")
    outcome = cost_outcome(answers, D("9400000.00"))
    assert outcome.owner_total == D("600000.00")
    assert outcome.participant_amounts[0].amount == D("0.00")


def test_target_falls_back_to_the_annual_budget() -> None:
    data = true_alliance_data()
    data["alliance"]["annual_budget"] = "8000000.00"
    answers = with_changes(data, "risk_share.target_outturn_cost", None)
    assert terms_from_answers(answers).target_outturn_cost == D("8000000.00")


@pytest.mark.parametrize(
    ("score", "clawback", "payment"),
    [(D(24), False, D("48000.00")), (D(100), False, D("200000.00")),
     (D(130), False, D("200000.00")), (D(0), True, D("0.00")),
     (D(-15), False, D("0.00")), (D(-15), True, D("-30000.00")),
     (D(-150), True, D("-200000.00")), (D("33.333"), False, D("66666.00"))],
)
def test_pool_payment(score: Decimal, clawback: bool, payment: Decimal) -> None:
    assert pool_payment(D("200000.00"), score, clawback) == payment


def test_pool_clawback_is_distributed_as_negative_amounts() -> None:
    terms = terms_from_answers(true_alliance())
    parts = distribute_pool(terms, D("-10000.00"))
    assert [p.amount for p in parts] == [D("-5000.00"), D("-3333.33"), D("-1666.67")]


# --- each participant's own margin is its cap --------------------------------------------


def _fixed_share_terms() -> RiskShareTerms:
    margins = (D(69000), D(98000), D(39000))
    shares = (D(35), D(45), D(20))
    return RiskShareTerms(
        target_outturn_cost=D(3200000),
        owner_name="Owner",
        participants=tuple(Participant(f"p{i}", f"P{i}", m, w, cap=m)
                           for i, (m, w) in enumerate(zip(margins, shares, strict=True))),
        pain_cap=sum(margins),
    )


def test_a_fixed_share_above_its_own_margin_is_held_there_and_the_excess_shared() -> None:
    outcome = cost_outcome(_fixed_share_terms(), D(3712000))  # overrun 512,000; half capped
    assert outcome.participants_total == D("206000.00")
    assert amounts(outcome.participant_amounts) == [
        ("p0", D("69000.00")), ("p1", D("98000.00")), ("p2", D("39000.00"))]
    assert outcome.redistributed == ("p0", "p2")
    assert outcome.owner_total == D("306000.00")


def test_below_the_cap_fixed_shares_apply_unchanged() -> None:
    outcome = cost_outcome(_fixed_share_terms(), D(3456000))  # overrun 256,000
    assert amounts(outcome.participant_amounts) == [
        ("p0", D("44800.00")), ("p1", D("57600.00")), ("p2", D("25600.00"))]
    assert outcome.redistributed == ()


def test_no_participant_ever_bears_more_than_its_own_margin() -> None:
    rng = random.Random(11)
    for _ in range(300):
        count = rng.randint(1, 5)
        margins = [D(rng.randint(1, 50_000_000)) / 100 for _ in range(count)]
        weights = [D(rng.randint(1, 100)) for _ in range(count)]
        terms = RiskShareTerms(
            target_outturn_cost=D(rng.randint(10**6, 10**9)) / 100, owner_name="Owner",
            participants=tuple(Participant(f"p{i}", f"P{i}", m, w, cap=m)
                               for i, (m, w) in enumerate(zip(margins, weights, strict=True))),
            pain_cap=sum(margins))
        outcome = cost_outcome(terms, terms.target_outturn_cost * D(rng.randint(101, 160)) / 100)
        for part, margin in zip(outcome.participant_amounts, margins, strict=True):
            assert part.amount <= margin.quantize(D("0.01"))
        assert sum(p.amount for p in outcome.participant_amounts) == outcome.participants_total
        assert outcome.participants_total + outcome.owner_total == outcome.variance


# --- contract price, cash caps and the combined year ------------------------------------

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_stockport_worked_example_holds_every_cash_cap_to_the_penny() -> None:
    example = worked_example(read_answers(EXAMPLES / "stockport-enablement.yaml"))
    terms = example.terms
    assert [p.cap for p in terms.participants] == [D(60000), D(75000), D(25000)]
    assert terms.pain_cap == D(160000)
    under, over8, over16 = (s.outcome for s in example.scenarios)
    assert amounts(under.participant_amounts) == [
        ("pennine-care", D("33600.00")), ("mersey-vale-wellbeing", D("43200.00")),
        ("peer-pathways", D("19200.00"))]
    # 8% overrun: half is 128,000; Peer Pathways' 20% (25,600) is held at its 25,000 cap and
    # the 600 excess goes to the others in proportion 35:45.
    assert amounts(over8.participant_amounts) == [
        ("pennine-care", D("45062.50")), ("mersey-vale-wellbeing", D("57937.50")),
        ("peer-pathways", D("25000.00"))]
    assert over8.redistributed == ("peer-pathways",)
    # 16% overrun: half is 256,000, capped at the caps' total; each bears exactly its cap.
    assert over16.capped and over16.participants_total == D("160000.00")
    assert amounts(over16.participant_amounts) == [
        ("pennine-care", D("60000.00")), ("mersey-vale-wellbeing", D("75000.00")),
        ("peer-pathways", D("25000.00"))]
    assert over16.owner_total == D("352000.00")
    year = example.combined
    assert year is not None
    # The cost KRA is scored on the year's own Actual Cost, 108% of the TOC: between Poor
    # (105) and Failure (110), so -60 + 3/5 x -40 = -84. The other KRAs take Poor and Below
    # MCOS in turn: 20 x -60 + 20 x -30 + 15 x -60 + 15 x -30 + 15 x -60 + 15 x -84 = -5310,
    # a Weighted Score of -53.1. The pool of 60,000 claws back 31,860, divided 35:45:20, each
    # only up to what its cap leaves; Peer Pathways' 6,372 is not recovered.
    cost = example.combined_rows[-1]
    assert (cost.kra_id, cost.level, cost.score, cost.measured) == (
        "cost", Level.poor, D(-84), D(108))
    assert [r.level for r in example.combined_rows[:-1]] == [
        Level.poor, Level.below_mcos, Level.poor, Level.below_mcos, Level.poor]
    assert example.combined_cost_measured == D(108)
    assert example.pool_cost_measured is None  # its pool takes no share of the underrun
    assert year.weighted_score == D("-53.1")
    assert year.clawback == D("31860.00")
    assert [(a.clawback_due, a.clawback_paid, a.total) for a in year.amounts] == [
        (D("11151.00"), D("11151.00"), D("56213.50")),
        (D("14337.00"), D("14337.00"), D("72274.50")),
        (D("6372.00"), D("0.00"), D("25000.00"))]
    assert year.clawback_paid == D("25488.00")
    assert year.clawback_unrecovered == D("6372.00")
    assert year.cost.owner_total == D("128000.00")
    for scenario in example.scenarios:
        for part, p in zip(scenario.outcome.participant_amounts, terms.participants,
                           strict=True):
            assert part.amount <= (p.cap or 0)
    assert all(a.total <= (a.cap or 0) for a in year.amounts)


def test_a_control_total_is_the_target() -> None:
    data = true_alliance_data()
    data["risk_share"]["target_outturn_cost"] = None
    answers = with_changes(data, "risk_share.payment", {
        "mechanism": "contract-price", "measured_against": "control-total",
        "control_total": "9500000", "control_total_source": "the ICB's system plan"})
    assert terms_from_answers(answers).target_outturn_cost == D(9500000)
    assert cost_outcome(answers, D(9000000)).variance == D("500000.00")


def test_symphony_shows_a_year_of_overrun_and_clawback_within_each_margin() -> None:
    example = worked_example(read_answers(EXAMPLES / "symphony-long-term-conditions.yaml"))
    year = example.combined
    assert year is not None and year.weighted_score < 0
    # The cost KRA (weight 25, Failure at 108%) scores -100 on the year's Actual Cost; the
    # others take Poor and Below MCOS in turn, skipping it: -12 - 4.5 - 15 - 25 - 4.5 = -61.
    assert year.weighted_score == D(-61)
    assert year.clawback == D("91500.00") and year.clawback_unrecovered == D("0.00")
    # The pool example includes the underrun's 25% share, so it is that year: the cost KRA
    # at 94% lies between Gamebreaking (90) and Stretch (95): 60 + 1/5 x 40 = 68.
    assert example.pool is not None and example.pool_cost_measured == D(94)
    cost = next(r for r in example.pool.rows if r.measured is not None)
    assert (cost.level, cost.score) == (Level.stretch, D(68))
    assert example.pool.weighted_score == D(26)
    assert example.pool.payment == D("109200.00")
    for amount in year.amounts:
        assert amount.total <= (amount.cap or 0)
        assert amount.clawback_paid <= amount.clawback_due
    assert year.clawback_paid <= year.clawback
    lambeth = worked_example(read_answers(EXAMPLES / "lambeth-rehabilitation.yaml"))
    assert lambeth.combined is None  # its pool does not claw back


def test_overrun_and_clawback_together_never_pass_a_participants_cap() -> None:
    rng = random.Random(23)
    for _ in range(300):
        count = rng.randint(1, 5)
        caps = [D(rng.randint(1, 20_000_000)) / 100 for _ in range(count)]
        weights = [D(rng.randint(1, 100)) for _ in range(count)]
        terms = RiskShareTerms(
            target_outturn_cost=D(rng.randint(10**6, 10**9)) / 100, owner_name="Owner",
            participants=tuple(Participant(f"p{i}", f"P{i}", D(0), w, cap=c)
                               for i, (c, w) in enumerate(zip(caps, weights, strict=True))),
            pain_cap=sum(caps), pool_amount=D(rng.randint(1, 10**8)) / 100,
            pool_clawback=True)
        actual = terms.target_outturn_cost * D(rng.randint(100, 160)) / 100
        year = combined_year(terms, actual, -D(rng.randint(1, 100)))
        for amount, cap in zip(year.amounts, caps, strict=True):
            assert amount.total <= cap.quantize(D("0.01"))
            assert D(0) <= amount.clawback_paid <= amount.clawback_due
        assert sum(a.clawback_due for a in year.amounts) == year.clawback


def test_combined_year_needs_a_clawback_and_a_negative_score() -> None:
    terms = _fixed_share_terms()
    with pytest.raises(ValueError, match="clawback"):
        combined_year(terms, D(3456000), D(-10))


def test_a_cost_kpi_is_scored_on_the_actual_cost_only_when_it_measures_it_against_the_toc(
) -> None:
    answers = read_answers(EXAMPLES / "stockport-enablement.yaml")
    [cost] = [kra for kra in answers.kras if kra.covers_cost]
    assert measures_cost_against_target(cost.kpis[0])
    assert cost_kra_scores(answers.kras, answers.risk_share.level_scores, D(102)) == {
        "cost": (Level.below_mcos, D(-30))}
    per_person = cost.kpis[0].model_copy(update={"unit": "£ per person supported",
                                                 "measure": "Cost per person supported"})
    assert not measures_cost_against_target(per_person)
    kras = [kra.model_copy(update={"kpis": [per_person]}) if kra.covers_cost else kra
            for kra in answers.kras]
    example = worked_example(answers.model_copy(update={"kras": kras}))
    # Its level is then assumed, like every other KRA's, and the schedule says so.
    assert example.combined_cost_measured is None
    assert [r.level for r in example.combined_rows] == [Level.poor, Level.below_mcos] * 3
    assert example.combined is not None and example.combined.weighted_score == D(-45)


def test_a_score_reaches_the_level_a_measured_value_would() -> None:
    scores = read_answers(EXAMPLES / "stockport-enablement.yaml").risk_share.level_scores
    cases = {D(100): Level.gamebreaking, D(68): Level.stretch, D(0): Level.mcos,
             D(-15): Level.below_mcos, D(-84): Level.poor, D(-100): Level.failure}
    for score, level in cases.items():
        assert level_for_score(score, scores) is level, score

