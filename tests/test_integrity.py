"""The integrity engine: every catalogue flag, acknowledgements, ordering and the reports."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from alliancedocs.flags import CATALOGUE, FlagId, Severity
from alliancedocs.integrity import NoteKind, evaluate, to_json, to_markdown, to_text
from alliancedocs.library.selection import ChosenVariant, Position
from alliancedocs.model import Answers
from domain_example import true_alliance, true_alliance_data

Data = dict[str, Any]


def build(change: Callable[[Data], None]) -> Answers:
    data = true_alliance_data()
    change(data)
    return Answers.model_validate(data)


def setter(path: str, value: Any) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        target[last] = value
    return change


def _more_kras(data: Data) -> None:
    template = data["kras"][0]
    data["kras"] = [dict(copy.deepcopy(template), id=f"k{i}", name=f"KRA {i}", weight=w)
                    for i, w in enumerate([20, 20, 20, 10, 10, 10, 10])]
    data["kras"][0]["covers_cost"] = True


def _commissioner_off_alt(data: Data) -> None:
    data["governance"]["alt"]["members"] = data["governance"]["alt"]["members"][1:]


def _many_reserved(data: Data) -> None:
    data["governance"]["reserved_powers"] = [
        {"matter": f"Statutory matter {i}", "statutory_basis": f"Act {i}"} for i in range(5)]


def _own_kpis(data: Data) -> None:
    data["contracts"]["service_contracts"][0]["own_kpis"] = [{"measure": "Bed occupancy"}]


def _own_incentives(data: Data) -> None:
    data["contracts"]["service_contracts"][0]["own_incentives"] = [{"name": "Local CQUIN"}]


def _deferred(data: Data) -> None:
    data["risk_share"].update(regime="deferred", starts_on="2027-04-01")


def _pool_only_without_clawback(data: Data) -> None:
    data["risk_share"]["regime"] = "performance-pool"


# (flag, change, a location the flag must report, text its detail must contain)
CASES: list[tuple[FlagId, Callable[[Data], None], str, str]] = [
    (FlagId.commissioner_not_party, setter("parties.0.alliance_member", False),
     "parties[0].alliance_member", "Exampletown Icb"),
    (FlagId.commissioner_not_party, _commissioner_off_alt,
     "governance.alt.members", "exampletown-icb"),
    (FlagId.no_risk_share, setter("risk_share.regime", "none"), "risk_share.regime", "`none`"),
    (FlagId.individual_risk_share, setter("risk_share.basis", "individual"),
     "risk_share.basis", "`individual`"),
    (FlagId.partnership_overlay, setter("contracts.agreement_binding", False),
     "contracts.agreement_binding", "non-binding"),
    (FlagId.partnership_overlay,
     setter("contracts.service_contracts.1.keeps_own_performance_regime", True),
     "contracts.service_contracts[1].keeps_own_performance_regime", "`beta`"),
    (FlagId.bilateral_performance_regime, _own_kpis,
     "contracts.service_contracts[0].own_kpis", "Bed occupancy"),
    (FlagId.bilateral_performance_regime, _own_incentives,
     "contracts.service_contracts[0].own_incentives", "Local CQUIN"),
    (FlagId.majority_decisions, setter("governance.decision_rule", "majority"),
     "governance.decision_rule", "governance.decision_rule is `majority`"),
    (FlagId.majority_decisions, setter("governance.decision_rule", "casting-vote"),
     "governance.decision_rule", "`casting-vote`"),
    (FlagId.broad_reserved_powers,
     setter("governance.reserved_powers", [{"matter": "Setting the budget"}]),
     "governance.reserved_powers[0].statutory_basis", "Setting the budget"),
    (FlagId.broad_reserved_powers, _many_reserved, "governance.reserved_powers", "5 matters"),
    (FlagId.alt_without_authority, setter("governance.alt.members.2.delegated_authority", False),
     "governance.alt.members[2].delegated_authority", "`beta`"),
    (FlagId.right_to_sue_retained, setter("governance.dispute_approach", "litigation-retained"),
     "governance.dispute_approach", "`litigation-retained`"),
    (FlagId.no_best_for_service_test, setter("principles", {"standard": ["open-book"]}),
     "principles.standard", "best-for-service"),
    (FlagId.closed_book, setter("governance.open_book", False), "governance.open_book",
     "`false`"),
    (FlagId.nothing_at_risk, setter("risk_share.regime", "gain-only"), "risk_share.regime",
     "`gain-only`"),
    (FlagId.nothing_at_risk,
     setter("risk_share.overrun", {"owner_percent": "100", "participants_percent": "0"}),
     "risk_share.overrun.participants_percent", "is 0"),
    (FlagId.nothing_at_risk, _pool_only_without_clawback,
     "risk_share.performance_pool.clawback", "`performance-pool`"),
    (FlagId.nothing_at_risk, setter("risk_share.pain_cap", {"basis": "amount", "amount": "0"}),
     "risk_share.pain_cap.amount", "capped at nothing"),
    (FlagId.no_alliance_manager, setter("governance.alliance_manager", None),
     "governance.alliance_manager", "`service`"),
    (FlagId.no_alliance_manager, setter("governance.amt", []), "governance.amt",
     "governance.amt is not given"),
    (FlagId.unilateral_variation, setter("governance.variation_rule", "commissioner-unilateral"),
     "governance.variation_rule", "`commissioner-unilateral`"),
    (FlagId.outcomes_not_coproduced, setter("alliance.outcomes.co_produced", False),
     "alliance.outcomes.co_produced", "`false`"),
    (FlagId.no_cost_kra, setter("kras.3.covers_cost", False), "kras", "4 KRAs"),
    (FlagId.too_many_kras, _more_kras, "kras", "7 Key Result Areas"),
    (FlagId.no_conflicts_clause, setter("governance.conflicts_of_interest", False),
     "governance.conflicts_of_interest", "dual role"),
    (FlagId.exit_at_will, setter("governance.leaving", {"exit_at_will": True, "notice_months": 6}),
     "governance.leaving.exit_at_will", "6 months"),
    (FlagId.closed_membership, setter("governance.open_to_new_members", False),
     "governance.open_to_new_members", "`false`"),
    (FlagId.risk_share_deferred, _deferred, "risk_share.regime", "2027-04-01"),
]


def test_the_true_alliance_raises_nothing() -> None:
    report = evaluate(true_alliance())
    assert report.flags == ()
    assert report.notes == ()


def test_every_catalogue_flag_has_a_case() -> None:
    assert {case[0] for case in CASES} == set(FlagId)


@pytest.mark.parametrize(("flag_id", "change", "location", "text"), CASES,
                         ids=[f"{c[0].value}-{c[2]}" for c in CASES])
def test_each_flag_is_raised_by_its_answer(flag_id: FlagId, change: Callable[[Data], None],
                                           location: str, text: str) -> None:
    report = evaluate(build(change))
    flag = report.flag(flag_id)
    assert flag is not None, [f.id for f in report.flags]
    entry = CATALOGUE[flag_id]
    assert (flag.severity, flag.title, flag.true_alliance_position) == (
        entry.severity, entry.title, entry.true_alliance_position)
    assert location in flag.locations
    assert text in flag.detail
    assert not flag.acknowledged and flag.justification is None


def test_a_single_change_raises_only_its_own_flag() -> None:
    report = evaluate(build(setter("governance.decision_rule", "majority")))
    assert [f.id for f in report.flags] == [FlagId.majority_decisions]


def test_no_risk_share_does_not_also_raise_individual_or_nothing_at_risk() -> None:
    def change(data: Data) -> None:
        data["risk_share"].update(regime="none", basis="individual")
    assert [f.id for f in evaluate(build(change)).flags] == [FlagId.no_risk_share]


def test_deferred_gain_pain_is_only_deferred_but_deferred_gain_only_risks_nothing() -> None:
    assert [f.id for f in evaluate(build(_deferred)).flags] == [FlagId.risk_share_deferred]

    def gain_only_later(data: Data) -> None:
        _deferred(data)
        data["risk_share"]["regime_when_started"] = "gain-only"
    ids = [f.id for f in evaluate(build(gain_only_later)).flags]
    assert ids == [FlagId.nothing_at_risk, FlagId.risk_share_deferred]
    flag = evaluate(build(gain_only_later)).flag(FlagId.nothing_at_risk)
    assert "risk_share.regime_when_started" in flag.locations


def test_deferred_without_a_start_date_says_so() -> None:
    answers = build(setter("risk_share.regime", "deferred"))
    assert "no start date" in evaluate(answers).flags[0].detail


def test_pool_with_clawback_puts_margin_at_risk() -> None:
    def change(data: Data) -> None:
        data["risk_share"].update(regime="performance-pool",
                                  performance_pool={"amount": "200000", "clawback": True})
    assert evaluate(build(change)).flags == ()


def test_strategic_tier_needs_no_manager() -> None:
    def change(data: Data) -> None:
        data["governance"].update(tier="strategic", alliance_manager=None, amt=[])
    assert evaluate(build(change)).flags == ()


def test_uncapped_pain_is_a_note_not_a_flag() -> None:
    report = evaluate(build(setter("risk_share.pain_cap", {"basis": "none"})))
    assert report.flags == ()
    assert [n.kind for n in report.notes] == [NoteKind.uncapped_pain]
    assert report.notes[0].locations == ("risk_share.pain_cap.basis",)


def test_several_reasons_merge_into_one_flag() -> None:
    def change(data: Data) -> None:
        _own_kpis(data)
        _own_incentives(data)
    flags = evaluate(build(change)).flags
    assert len(flags) == 1
    assert flags[0].locations == ("contracts.service_contracts[0].own_kpis",
                                  "contracts.service_contracts[0].own_incentives")
    assert "Bed occupancy" in flags[0].detail and "Local CQUIN" in flags[0].detail


def test_flags_are_ordered_by_severity_then_catalogue() -> None:
    def change(data: Data) -> None:
        data["governance"].update(open_to_new_members=False, open_book=False,
                                  decision_rule="majority")
        data["risk_share"]["regime"] = "none"
        data["parties"][0]["alliance_member"] = False
        data["alliance"]["outcomes"]["co_produced"] = False
    ids = [f.id for f in evaluate(build(change)).flags]
    assert ids == [FlagId.commissioner_not_party, FlagId.no_risk_share,
                   FlagId.majority_decisions, FlagId.closed_book,
                   FlagId.outcomes_not_coproduced, FlagId.closed_membership]


# --- clause variants --------------------------------------------------------------------


def variant(flag: FlagId | None, clause: str = "decision-making",
            variant_id: str = "majority", document: str = "agreement") -> ChosenVariant:
    position = Position.watered_down if flag else Position.standard
    return ChosenVariant(document, clause, variant_id, position, flag)


def test_a_variant_adds_its_location_to_the_answers_flag() -> None:
    answers = build(setter("governance.decision_rule", "majority"))
    report = evaluate(answers, [variant(FlagId.majority_decisions),
                                variant(None, "principles", "standard")])
    assert len(report.flags) == 1
    flag = report.flags[0]
    assert flag.locations == ("governance.decision_rule", "clause:decision-making/majority")
    assert flag.detail.startswith("governance.decision_rule is `majority`")


def test_a_variant_adds_its_location_only_to_a_flag_the_answers_raise() -> None:
    chosen = [variant(FlagId.closed_book, "open-book", "confidential"),
              variant(FlagId.closed_book, "pack-open-book", "confidential", "pack:alpha")]
    # The answers keep an open book: the rules are the one truth, so a variant carrying
    # `closed-book` raises nothing by itself (the library lint reports such a variant).
    assert evaluate(true_alliance(), chosen).flags == ()
    closed = true_alliance().model_copy(update={"governance": true_alliance().governance
                                                .model_copy(update={"open_book": False})})
    [flag] = evaluate(closed, chosen).flags
    assert flag.locations == ("governance.open_book", "clause:open-book/confidential",
                              "clause:pack-open-book/confidential")


# --- acknowledgements -------------------------------------------------------------------

JUSTIFICATION = "The council has no budget for a risk share in year one; agreed for year two."


def test_acknowledged_flag_is_reported_with_its_justification() -> None:
    def change(data: Data) -> None:
        _deferred(data)
        data["acknowledged_departures"] = [{"id": "risk-share-deferred",
                                            "justification": JUSTIFICATION}]
    report = evaluate(build(change))
    flag = report.flags[0]
    assert flag.acknowledged and flag.justification == JUSTIFICATION
    assert report.unacknowledged == ()
    assert not report.fails(Severity.info)
    assert report.counts(acknowledged=True)[Severity.low] == 1


def test_acknowledging_an_absent_departure_is_a_note() -> None:
    def change(data: Data) -> None:
        data["acknowledged_departures"] = [{"id": "closed-book", "justification": JUSTIFICATION}]
    report = evaluate(build(change))
    assert report.flags == ()
    (note,) = report.notes
    assert note.kind is NoteKind.stale_acknowledgement
    assert note.flag_id is FlagId.closed_book
    assert note.locations == ("acknowledged_departures[0]",)
    assert "`closed-book`" in note.message


def test_fails_compares_unacknowledged_severity_with_the_threshold() -> None:
    report = evaluate(build(setter("governance.open_book", False)))  # medium
    assert report.fails(Severity.info) and report.fails(Severity.medium)
    assert not report.fails(Severity.high)


# --- the reports ------------------------------------------------------------------------


def _mixed_report():
    def change(data: Data) -> None:
        _deferred(data)
        data["governance"]["decision_rule"] = "majority"
        data["acknowledged_departures"] = [
            {"id": "risk-share-deferred", "justification": JUSTIFICATION},
            {"id": "exit-at-will", "justification": JUSTIFICATION}]
    return evaluate(build(change))


def test_json_follows_the_contract() -> None:
    text = to_json(_mixed_report())
    assert text.endswith("}\n")
    data = json.loads(text)
    assert list(data) == ["flags", "summary", "notes", "consistency"]
    first = data["flags"][0]
    assert list(first) == ["id", "severity", "title", "detail", "true_alliance_position",
                           "locations", "acknowledged", "justification"]
    assert first["id"] == "majority-decisions"
    assert first["severity"] == "high"
    assert first["acknowledged"] is False and first["justification"] is None
    assert data["flags"][1]["justification"] == JUSTIFICATION
    summary = data["summary"]
    assert summary["total"] == 2
    assert summary["unacknowledged"] == {"critical": 0, "high": 1, "medium": 0, "low": 0,
                                         "info": 0}
    assert summary["acknowledged"] == {"critical": 0, "high": 0, "medium": 0, "low": 1,
                                       "info": 0}
    assert [n["kind"] for n in data["notes"]] == ["stale-acknowledgement"]
    assert data["notes"][0]["id"] == "exit-at-will"


def test_consistency_findings_reach_every_report_form() -> None:
    from pathlib import Path

    from alliancedocs.answers_file import read_answers

    example = Path(__file__).parents[1] / "examples" / "lambeth-rehabilitation.yaml"
    answers = read_answers(example)
    budget = answers.alliance.annual_budget
    off = answers.model_copy(update={"alliance": answers.alliance.model_copy(
        update={"annual_budget": budget + 1_000_000})})
    report = evaluate(off)
    [finding] = [f for f in report.consistency if f.path == "contracts.service_contracts"]
    assert finding.severity is Severity.high
    data = json.loads(to_json(report))
    assert data["consistency"][0]["path"] == "contracts.service_contracts"
    assert "£1,025,000.00 less" in data["consistency"][0]["message"]
    assert data["summary"]["consistency"]["high"] == 1
    assert "## Document consistency" in to_markdown(report, "X")
    assert "consistency at contracts.service_contracts" in to_text(report)


def test_reports_are_deterministic() -> None:
    assert to_json(_mixed_report()) == to_json(_mixed_report())
    assert to_markdown(_mixed_report(), "X") == to_markdown(_mixed_report(), "X")


def test_markdown_has_summary_flags_and_notes() -> None:
    report = _mixed_report()
    text = to_markdown(report, "Exampletown Living Well Alliance")
    assert text.startswith("# Integrity report: Exampletown Living Well Alliance\n")
    assert "| High | 1 | 0 |" in text
    assert "| Low | 0 | 1 |" in text
    assert "### 1. Key decisions are taken by majority or casting vote" in text
    assert "- **Status:** acknowledged" in text
    assert f"- **Justification given:** {JUSTIFICATION}" in text
    assert "`governance.decision_rule`" in text
    assert "## Notes" in text
    assert text.endswith("\n")


def test_markdown_and_text_for_a_clean_report() -> None:
    report = evaluate(true_alliance())
    assert "No departures from a true alliance were found." in to_markdown(report, "A")
    assert "## Flags" not in to_markdown(report, "A")
    assert to_text(report).endswith("\nNo departures from a true alliance were found.\n") or \
        to_text(report) == "No departures from a true alliance were found.\n"
    assert not [line for line in to_text(report).splitlines()
                if line.split()[0] in {"CRITICAL", "HIGH", "LOW"} and "consistency" not in line]


def test_text_lists_each_flag_and_the_totals() -> None:
    text = to_text(_mixed_report())
    lines = text.splitlines()
    assert lines[0].startswith("HIGH      majority-decisions: ")
    assert any(line.startswith("LOW       risk-share-deferred (acknowledged)") for line in lines)
    assert lines[-1] == "2 flags: 1 not acknowledged (1 high), 1 acknowledged."


def test_markdown_escapes_html_in_user_text_but_not_inside_code_spans() -> None:
    report = _mixed_report()
    markdown = to_markdown(report, "Alliance <b>bold</b> & co")
    assert "# Integrity report: Alliance &lt;b&gt;bold&lt;/b&gt; &amp; co" in markdown
    assert "<b>" not in markdown
    assert "`majority`" in markdown
