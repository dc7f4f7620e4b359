"""Cross-field checks, and how read_answers reports every problem at file:line:col."""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from alliancedocs.answers_file import read_answers, read_answers_text
from alliancedocs.errors import InputError
from alliancedocs.load import load_yaml
from alliancedocs.model import Answers
from alliancedocs.validation import FieldProblem, check_answers

FIXTURE = Path(__file__).parent / "fixtures" / "minimal.yaml"
BASE: dict[str, Any] = load_yaml(FIXTURE).data

Mutation = Callable[[dict[str, Any]], object]


def problems_after(mutate: Mutation) -> list[FieldProblem]:
    """Return the cross-field problems of the fixture after ``mutate`` has changed it."""
    data = copy.deepcopy(BASE)
    mutate(data)
    return check_answers(Answers.model_validate(data))


def party(data: dict[str, Any], party_id: str) -> dict[str, Any]:
    return next(p for p in data["parties"] if p["id"] == party_id)


def contract(data: dict[str, Any], provider: str) -> dict[str, Any]:
    return next(c for c in data["contracts"]["service_contracts"] if c["provider"] == provider)


def test_the_fixture_has_no_problems() -> None:
    assert check_answers(Answers.model_validate(BASE)) == []


def _add_party(data: dict[str, Any], **changes: Any) -> None:
    new = copy.deepcopy(party(data, "hope-charity"))
    new.update(changes)
    data["parties"].append(new)


def _third_provider(data: dict[str, Any]) -> None:
    _add_party(data, id="third", legal_name="Third Ltd", short_name="Third", role="provider",
               alliance_member=False, risk_share_role="none")


def _set(path: str, value: Any) -> Mutation:
    """Return a mutation that sets the dotted ``path`` (list indexes as digits) to ``value``."""
    def mutate(data: dict[str, Any]) -> None:
        parts: list[Any] = [int(p) if p.isdigit() else p for p in path.split(".")]
        target: Any = data
        for part in parts[:-1]:
            if isinstance(part, str) and part not in target:
                target[part] = {}
            target = target[part]
        if value is _DELETE:
            del target[parts[-1]]
        else:
            target[parts[-1]] = value
    return mutate


_DELETE = object()


def _both(*mutations: Mutation) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        for mutation in mutations:
            mutation(data)
    return mutate


CASES: list[tuple[str, Mutation, str, str]] = [
    # references
    ("alt member", _set("governance.alt.members.1.party", "nobody"),
     "governance.alt.members[1].party", "`nobody` is not the id of any party"),
    ("chair", _set("governance.alt.chair", "hope-charty"), "governance.alt.chair",
     "`hope-charty` is not the id"),
    ("manager", _set("governance.alliance_manager.employed_by", "x"),
     "governance.alliance_manager.employed_by", "not the id of any party"),
    ("amt", _set("governance.amt.0.party", "x"), "governance.amt[0].party", "not the id"),
    ("contract provider", _set("contracts.service_contracts.0.provider", "x"),
     "contracts.service_contracts[0].provider", "not the id"),
    ("contract commissioner", _set("contracts.service_contracts.0.commissioner", "x"),
     "contracts.service_contracts[0].commissioner", "not the id"),
    ("fixed share", _both(_set("risk_share.distribution", {"basis": "fixed-shares", "shares": [
        {"party": "riverside-trust", "percent": 50}, {"party": "ghost", "percent": 50}]})),
     "risk_share.distribution.shares[1].party", "`ghost` is not the id"),
    ("package member", _both(_set("governance.tier", "framework"),
                             _set("governance.packages_of_works", [
                                 {"id": "p", "name": "P", "scope": "S",
                                  "members": ["riverside-trust", "ghost"]}])),
     "governance.packages_of_works[0].members[1]", "`ghost` is not the id"),
    # roles
    ("contract provider is commissioner",
     _set("contracts.service_contracts.0.provider", "riverside-icb"),
     "contracts.service_contracts[0].provider", "is a commissioner, not a provider"),
    ("contract commissioner is provider",
     _set("contracts.service_contracts.0.commissioner", "hope-charity"),
     "contracts.service_contracts[0].commissioner", "is a provider, not a commissioner"),
    ("no commissioner", _set("parties.0.role", "provider"), "parties",
     "no party is a commissioner"),
    ("one party", lambda d: d.update(parties=d["parties"][:1]), "parties",
     "at least two parties"),
    # uniqueness
    ("duplicate id", lambda d: _add_party(d, legal_name="B", short_name="B"), "parties[3].id",
     "already used by parties[2]"),
    ("duplicate short name", lambda d: _add_party(d, id="other", legal_name="B"),
     "parties[3].short_name", "short name `Hope`"),
    ("duplicate legal name", _set("parties.1.legal_name", "hope in riverside"),
     "parties[2].legal_name", "legal name"),
    ("duplicate kra", _set("kras.1.id", "recovery"), "kras[1].id", "KRA id `recovery`"),
    ("duplicate kpi", _set("kras.1.kpis.0.id", "settled-housing"), "kras[1].kpis[0].id",
     "already used by kras[0].kpis[0]"),
    # contracts
    ("missing contract", lambda d: d["contracts"]["service_contracts"].pop(),
     "contracts.service_contracts", "`hope-charity` has no service contract"),
    ("second contract", lambda d: d["contracts"]["service_contracts"].append(
        copy.deepcopy(d["contracts"]["service_contracts"][1])),
     "contracts.service_contracts[2].provider", "already has a service contract"),
    ("commissioner needed", _set("contracts.service_contracts.0.commissioner", _DELETE),
     "contracts.service_contracts[0].commissioner", "needs the commissioner"),
    # ALT
    ("member without seat", lambda d: d["governance"]["alt"]["members"].pop(),
     "governance.alt.members", "`hope-charity` has no seat"),
    ("two seats", lambda d: d["governance"]["alt"]["members"].append(
        copy.deepcopy(d["governance"]["alt"]["members"][0])),
     "governance.alt.members[3].party", "already has a seat"),
    ("non-member with seat", _set("parties.2.alliance_member", False),
     "governance.alt.members[2].party", "is not an alliance member"),
    ("chair without seat", _both(_third_provider, _set("governance.alt.chair", "third")),
     "governance.alt.chair", "has no member on the Alliance Leadership Team"),
    # owner and participants
    ("no owner", _set("parties.0.risk_share_role", "none"), "parties", "has no owner"),
    ("two owners", _both(lambda d: _add_party(
        d, id="council", legal_name="Council", short_name="Council", role="commissioner",
        kind="local-authority", risk_share_role="owner", margin=None),
        lambda d: d["governance"]["alt"]["members"].append(
            {"party": "council", "name": "N", "role": "R"})),
     "parties[3].risk_share_role", "second owner"),
    ("provider owner", _both(_set("parties.0.risk_share_role", "none"),
                             _set("parties.1.risk_share_role", "owner")),
     "parties[1].risk_share_role", "cannot be the risk-share owner"),
    ("commissioner participant", _set("parties.0.risk_share_role", "participant"),
     "parties[0].risk_share_role", "cannot be a participant"),
    ("participant without margin", _set("parties.2.margin", None), "parties[2].margin",
     "has no margin"),
    # distribution and splits
    ("shares not covering", _set("risk_share.distribution", {
        "basis": "fixed-shares", "shares": [{"party": "riverside-trust", "percent": 100}]}),
     "risk_share.distribution.shares", "no share is given for `hope-charity`"),
    ("shares not 100", _set("risk_share.distribution", {"basis": "fixed-shares", "shares": [
        {"party": "riverside-trust", "percent": 60}, {"party": "hope-charity", "percent": 30}]}),
     "risk_share.distribution.shares", "add up to 90, not 100"),
    ("share for non-participant", _set("risk_share.distribution", {
        "basis": "fixed-shares", "shares": [
            {"party": "riverside-trust", "percent": 50}, {"party": "hope-charity", "percent": 25},
            {"party": "riverside-icb", "percent": 25}]}),
     "risk_share.distribution.shares[2].party", "not a risk-share participant"),
    ("shares with pro rata", _set("risk_share.distribution", {"shares": [
        {"party": "riverside-trust", "percent": 100}]}),
     "risk_share.distribution.shares", "distribution is `pro-rata-margin`"),
    ("underrun", _set("risk_share.underrun", {"owner_percent": 50, "participants_percent": 25,
                                              "pool_percent": 20}),
     "risk_share.underrun", "underrun percentages add up to 95"),
    ("overrun", _set("risk_share.overrun", {"owner_percent": "60.5"}),
     "risk_share.overrun", "overrun percentages add up to 110.5"),
    ("cap amount missing", _set("risk_share.pain_cap", {"basis": "amount"}),
     "risk_share.pain_cap.amount", "no amount is given"),
    ("cap amount unused", _set("risk_share.pain_cap", {"amount": 1000}),
     "risk_share.pain_cap.amount", "basis is `margin`"),
    # regime
    ("toc missing", _set("risk_share.target_outturn_cost", _DELETE),
     "risk_share.target_outturn_cost", "needs a target outturn cost"),
    ("pool missing", _set("risk_share.regime", "performance-pool"),
     "risk_share.performance_pool", "needs a performance pool"),
    ("deferred pool missing", _both(_set("risk_share.regime", "deferred"),
                                    _set("risk_share.starts_on", "2027-04-01"),
                                    _set("risk_share.regime_when_started", "performance-pool")),
     "risk_share.performance_pool", "needs a performance pool"),
    ("deferred without start", _set("risk_share.regime", "deferred"), "risk_share.starts_on",
     "needs the date it starts"),
    ("deferred starting at once", _both(_set("risk_share.regime", "deferred"),
                                        _set("risk_share.starts_on", "2026-04-01")),
     "risk_share.starts_on", "not after the commencement date (2026-04-01)"),
    ("start without deferral", _set("risk_share.starts_on", "2027-04-01"),
     "risk_share.starts_on", "regime is `gain-pain`"),
    # governance tier
    ("framework without packages", _set("governance.tier", "framework"),
     "governance.packages_of_works", "needs at least one package of works"),
    ("packages outside framework", _set("governance.packages_of_works", [
        {"id": "p", "name": "P", "scope": "S", "members": ["riverside-trust", "hope-charity"]}]),
     "governance.packages_of_works", "only for the `framework` tier"),
    # performance
    ("weights", _set("kras.1.weight", 35), "kras", "weights add up to 95, not 100"),
    ("thresholds higher", _set("kras.0.kpis.0.thresholds.above_mcos", 92),
     "kras[0].kpis[0].thresholds.above_mcos", "must be lower than `stretch` (90)"),
    ("thresholds equal", _set("kras.0.kpis.0.thresholds.poor", 70),
     "kras[0].kpis[0].thresholds.poor", "`poor` (70) must be lower than `below_mcos` (70)"),
    ("thresholds lower", _set("kras.1.kpis.0.thresholds.failure", 100),
     "kras[1].kpis[0].thresholds.failure", "must be higher than `poor` (105)"),
    ("scores", _set("risk_share.level_scores", {"stretch": 20}),
     "risk_share.level_scores.above_mcos", "score for `above_mcos` (30) must be lower"),
    # dates and acknowledgements
    ("commencement first", _set("alliance.commencement_date", "2026-02-01"),
     "alliance.commencement_date", "before the agreement date"),
    ("acknowledged twice", _set("acknowledged_departures", [
        {"id": "closed-book", "justification": "Commercial confidentiality for year one."},
        {"id": "closed-book", "justification": "Commercial confidentiality for year two."}]),
     "acknowledged_departures[1].id", "acknowledged twice"),
]


@pytest.mark.parametrize(("mutate", "path", "fragment"),
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_cross_field_problem(mutate: Mutation, path: str, fragment: str) -> None:
    from alliancedocs.diagnostics import format_path

    found = [(format_path(p.path), p.message) for p in problems_after(mutate)]
    assert any(p == path and fragment in m for p, m in found), found


def test_reversed_thresholds_suggest_the_other_direction() -> None:
    problems = problems_after(_set("kras.0.kpis.0.direction", "lower-is-better"))
    assert len(problems) == 1
    assert "direction: higher-is-better" in problems[0].hint


def test_a_typo_in_a_reference_gets_a_suggestion() -> None:
    [problem] = problems_after(_set("governance.alt.chair", "hope-charty"))
    assert "did you mean `hope-charity`?" in problem.hint


@pytest.mark.parametrize("mutate", [
    _set("governance.decision_rule", "majority"),
    _set("governance.dispute_approach", "litigation-retained"),
    _set("governance.open_book", False),
    _set("governance.alliance_manager", None),
    _set("contracts.agreement_binding", False),
    _set("contracts.service_contracts.0.keeps_own_performance_regime", True),
    _both(_set("risk_share.regime", "none"), _set("risk_share.target_outturn_cost", _DELETE),
          _set("parties.0.risk_share_role", "none")),
    _both(_set("risk_share.regime", "deferred"), _set("risk_share.starts_on", "2027-04-01")),
    _set("risk_share.basis", "individual"),
    _set("parties.0.alliance_member", False),
], ids=["majority", "litigation", "closed-book", "no-manager", "non-binding", "own-regime",
        "no-risk-share", "deferred", "individual", "commissioner-outside"])
def test_watered_down_answers_are_valid_input(mutate: Mutation) -> None:
    def and_drop_orphan_seat(data: dict[str, Any]) -> None:
        mutate(data)
        members = {p["id"] for p in data["parties"] if p.get("alliance_member", True)}
        alt = data["governance"]["alt"]
        alt["members"] = [m for m in alt["members"] if m["party"] in members]
        if alt["chair"] not in members:
            alt["chair"] = alt["members"][0]["party"]

    assert problems_after(and_drop_orphan_seat) == []


# --- read_answers: problems placed in the file ----------------------------------------------


def _read_error(text: str) -> list:
    with pytest.raises(InputError) as caught:
        read_answers_text(text, "answers.yaml")
    return caught.value.problems


def _fixture_text() -> str:
    return FIXTURE.read_text(encoding="utf-8")


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_read_answers_accepts_the_fixture() -> None:
    answers = read_answers(FIXTURE)
    assert answers.risk_share.target_outturn_cost == Decimal("4000000.00")
    assert [p.id for p in answers.participants] == ["riverside-trust", "hope-charity"]


def test_every_model_problem_is_reported_in_file_order() -> None:
    text = (_fixture_text()
            .replace("    registered_address: 1 River", "    registerd_address: 1 River")
            .replace("  tier: service", "  tier: servce")
            .replace("  agreement_date: 2026-03-01", "  agreement_date: 2026-02-30")
            .replace("  target_outturn_cost: 4000000.00", "  target_outturn_cost: 4000000.125")
            .replace("    weight: 40\n", "    weight: 40.5\n")
            .replace('{charity_number: "1234567"}', "{charity_number: 1234567}"))
    problems = _read_error(text)
    found = {p.dotted_path: p for p in problems}
    assert [(p.line, p.column) for p in problems] == sorted((p.line, p.column) for p in problems)
    unknown = found["parties[0].registerd_address"]
    assert unknown.line == _line(text, "registerd_address")
    assert unknown.message == "unknown key `registerd_address`"
    assert unknown.hint == "did you mean `registered_address`?"
    missing = found["parties[0].registered_address"]
    assert "required field `registered_address` is missing" in missing.message
    assert "registered or principal office address" in missing.hint
    tier = found["governance.tier"]
    assert tier.line == _line(text, "tier: servce")
    assert "did you mean `service`?" in tier.hint and "`framework`" in tier.hint
    date = found["alliance.agreement_date"]
    assert "not a valid date" in date.message and "YYYY-MM-DD" in date.hint
    money = found["risk_share.target_outturn_cost"]
    assert "more than 2 decimal places" in money.message
    assert "money has at most 2 decimal places" in money.hint
    assert "whole number" in found["kras[1].weight"].message
    assert "quotes" in found["parties[2].registration.charity_number"].hint
    assert len(problems) == 7


def test_cross_field_problems_are_placed_at_their_field() -> None:
    text = (_fixture_text().replace("    chair: hope-charity", "    chair: hope-charty")
            .replace("    weight: 40\n", "    weight: 35\n"))
    problems = _read_error(text)
    assert [(p.dotted_path, p.line) for p in problems] == [
        ("governance.alt.chair", _line(text, "chair: hope-charty")),
        ("kras", _line(text, "kras:")),
    ]
    assert problems[0].column == len("    chair: ") + 1


def test_a_percentage_with_three_decimals_gets_the_percentage_hint() -> None:
    text = _fixture_text().replace(
        "  regime: gain-pain\n",
        "  regime: gain-pain\n  underrun: {owner_percent: 50.125, participants_percent: 49.875}\n")
    problems = _read_error(text)
    assert {p.dotted_path for p in problems} == {"risk_share.underrun.owner_percent",
                                          "risk_share.underrun.participants_percent"}
    assert all("percentages have at most 2 decimal places" in p.hint for p in problems)


def test_a_missing_section_is_reported_at_the_top() -> None:
    text = _fixture_text().replace("risk_share:\n  regime: gain-pain\n"
                                   "  target_outturn_cost: 4000000.00\n", "")
    [problem] = _read_error(text)
    assert problem.dotted_path == "risk_share"
    assert (problem.line, problem.column) == (2, 1)
    assert "the risk and reward regime" in problem.hint


def test_problems_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "mine.yaml"
    bad.write_text(_fixture_text().replace("tier: service", "tier: nope"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_answers(bad)
    assert caught.value.problems[0].format().startswith(f"{bad}:")


# --- payment mechanism and payers -------------------------------------------------------


def _contract_price(data: dict[str, Any]) -> None:
    data["risk_share"]["payment"] = {"mechanism": "contract-price"}


def test_contract_price_with_a_margin_cap_needs_every_participants_margin() -> None:
    def mutate(data: dict[str, Any]) -> None:
        _contract_price(data)
        del party(data, "hope-charity")["margin"]
    [problem] = problems_after(mutate)
    assert problem.path == ("parties", 2, "margin")
    assert "under `contract-price` a margin is the part of its contract price" in problem.message
    assert "`pain_cap.basis: participant-amounts`" in problem.hint


def test_participant_amounts_need_fixed_shares_each_with_a_cap() -> None:
    def no_fixed(data: dict[str, Any]) -> None:
        _contract_price(data)
        data["risk_share"]["pain_cap"] = {"basis": "participant-amounts"}
    assert [p.path for p in problems_after(no_fixed)] == [
        ("risk_share", "distribution", "basis")]

    def one_cap_missing(data: dict[str, Any]) -> None:
        no_fixed(data)
        data["risk_share"]["distribution"] = {"basis": "fixed-shares", "shares": [
            {"party": "riverside-trust", "percent": 60, "cap": 150000},
            {"party": "hope-charity", "percent": 40}]}
    [problem] = problems_after(one_cap_missing)
    assert problem.path == ("risk_share", "distribution", "shares", 1)
    assert "has no cap" in problem.message

    def cap_without_basis(data: dict[str, Any]) -> None:
        data["risk_share"]["distribution"] = {"basis": "fixed-shares", "shares": [
            {"party": "riverside-trust", "percent": 60, "cap": 150000},
            {"party": "hope-charity", "percent": 40}]}
    [problem] = problems_after(cap_without_basis)
    assert problem.path == ("risk_share", "distribution", "shares", 0, "cap")
    assert problem.at_key and "`pain_cap.basis: participant-amounts`" in problem.hint


def test_a_control_total_needs_contract_price_an_amount_and_its_source() -> None:
    def open_book(data: dict[str, Any]) -> None:
        data["risk_share"]["payment"] = {"measured_against": "control-total",
                                         "control_total": 4000000,
                                         "control_total_source": "the ICB's financial plan"}
        del data["risk_share"]["target_outturn_cost"]
    assert [p.path for p in problems_after(open_book)] == [
        ("risk_share", "payment", "measured_against")]

    def missing(data: dict[str, Any]) -> None:
        data["risk_share"]["payment"] = {"mechanism": "contract-price",
                                         "measured_against": "control-total"}
    assert [p.path for p in problems_after(missing)] == [
        ("risk_share", "payment", "control_total"),
        ("risk_share", "payment", "control_total_source"),
        ("risk_share", "target_outturn_cost")]


def test_a_payer_must_exist() -> None:
    def pooled(data: dict[str, Any]) -> None:
        data["risk_share"]["payment"] = {"payers": {"gain_pain": "pooled-fund"}}
    [problem] = problems_after(pooled)
    assert problem.path == ("risk_share", "payment", "payers", "gain_pain")
    assert "no pooled fund is recorded" in problem.message
    assert "`contracts.pooled_fund`" in problem.hint

    def fund(data: dict[str, Any]) -> None:
        pooled(data)
        data["contracts"]["pooled_fund"] = {"host": "riverside-icb"}
    assert problems_after(fund) == []

    def owner_pays_icb_contract(data: dict[str, Any]) -> None:
        party(data, "riverside-icb")["risk_share_role"] = "none"
        _add_party(data, id="riverside-council", legal_name="Riverside Council",
                   short_name="the Council", role="commissioner", kind="local-authority",
                   risk_share_role="owner", alliance_member=False,
                   registration={"other": "A unitary council"})
        data["risk_share"]["payment"] = {"payers": {"services": "owner"}}
    [problem] = problems_after(owner_pays_icb_contract)
    assert problem.path == ("contracts", "service_contracts", 0, "commissioner")
    assert "`riverside-icb` holds this contract" in problem.message


def test_a_payment_problem_is_placed_at_its_line_and_column() -> None:
    text = _fixture_text().replace(
        "  target_outturn_cost: 4000000.00\n",
        "  target_outturn_cost: 4000000.00\n  payment:\n    payers:\n"
        "      performance_pool: owner\n      gain_pain: pooled-fund\n")
    [problem] = _read_error(text)
    assert problem.dotted_path == "risk_share.payment.payers.gain_pain"
    assert problem.line == _line(text, "gain_pain: pooled-fund")
    assert problem.column == len("      gain_pain: ") + 1
    assert "`contracts.pooled_fund`" in problem.hint


def test_toc_adjustment_events_are_listed_once_and_reserved_matters_must_exist() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["risk_share"]["toc_adjustment"] = {
            "events": ["scope-change", "reserved-matter", "scope-change"]}
        data["governance"]["reserved_powers"] = []
    problems = problems_after(mutate)
    assert [(p.path, p.message) for p in problems] == [
        (("risk_share", "toc_adjustment", "events", 1),
         "`reserved-matter` is listed, but the commissioners reserve no matters"),
        (("risk_share", "toc_adjustment", "events", 2), "`scope-change` is listed twice"),
    ]
