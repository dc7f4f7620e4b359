"""The example answers files in examples/: each loads through the strict reader, passes the
cross-field checks, and says what its comments and the examples README claim it says."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from alliancedocs.answers_file import read_answers
from alliancedocs.consistency import check_document_set
from alliancedocs.flags import FlagId, Severity
from alliancedocs.integrity import evaluate
from alliancedocs.integrity.result import NoteKind
from alliancedocs.load import load_yaml
from alliancedocs.model import Answers
from alliancedocs.model.contracts import Overlay
from alliancedocs.model.governance import DecisionRule, DisputeApproach, Tier
from alliancedocs.model.parties import BodyKind
from alliancedocs.model.principles import StandardPrinciple
from alliancedocs.model.risk import ActiveRegime, CapBasis, DistributionBasis, Mechanism, Regime
from alliancedocs.schema import answers_schema

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
SCHEMA_LINE = "# yaml-language-server: $schema=../schemas/answers.schema.json"


def load(name: str) -> Answers:
    """Read one example through the same reader the command line uses."""
    return read_answers(EXAMPLES / name)


def overlays(answers: Answers) -> dict[str, Overlay]:
    """Map each provider id to its contract overlay."""
    return {c.provider: c.overlay for c in answers.contracts.service_contracts}


def raised(answers: Answers) -> set[FlagId]:
    """Return the ids of every flag the answers raise."""
    return {flag.id for flag in evaluate(answers).flags}


def as_editor_sees_it(value: Any) -> Any:
    """Return loaded YAML data with decimals as plain numbers, as a YAML editor reads them."""
    if isinstance(value, dict):
        return {key: as_editor_sees_it(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_editor_sees_it(item) for item in value]
    if isinstance(value, Decimal):
        return float(value)
    return value


def test_there_are_at_least_four_examples() -> None:
    assert len(EXAMPLE_FILES) >= 4


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_every_example_is_valid_and_well_formed(path: Path) -> None:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == SCHEMA_LINE
    answers = read_answers(path)
    assert sum(kra.weight for kra in answers.kras) == 100
    assert len(answers.contracts.service_contracts) == len(answers.providers)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_every_example_passes_the_editor_schema(path: Path) -> None:
    data = as_editor_sees_it(load_yaml(path).data)
    validator = jsonschema.Draft202012Validator(answers_schema())
    assert [error.message for error in validator.iter_errors(data)] == []


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_every_example_is_listed_in_the_readme(path: Path) -> None:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    assert f"`{path.name}`" in readme


def test_lambeth_is_a_true_alliance() -> None:
    answers = load("lambeth-rehabilitation.yaml")
    assert len(answers.parties) == 5
    assert [p.id for p in answers.commissioners] == ["lambeth-council", "sel-icb"]
    assert answers.party("sel-icb").kind is BodyKind.icb
    assert answers.owner is not None and answers.owner.id == "lambeth-council"
    assert [p.id for p in answers.participants] == ["slam", "certitude", "thames-reach"]
    assert all(p.alliance_member for p in answers.parties)

    governance = answers.governance
    assert governance.tier is Tier.service
    assert governance.decision_rule is DecisionRule.unanimous
    assert governance.dispute_approach is DisputeApproach.no_blame
    assert governance.open_book
    assert all(m.delegated_authority for m in governance.alt.members)
    assert all(power.statutory_basis for power in governance.reserved_powers)
    assert set(answers.principles.standard) == set(StandardPrinciple)
    assert answers.principles.custom

    assert len(answers.kras) == 6
    assert [k.id for k in answers.kras if k.covers_cost] == ["cost"]
    assert all(1 <= len(k.kpis) <= 3 for k in answers.kras)

    risk = answers.risk_share
    assert risk.regime is Regime.gain_pain
    assert risk.target_outturn_cost == Decimal(10_500_000)
    assert risk.performance_pool is not None
    assert risk.distribution.basis is DistributionBasis.pro_rata_margin
    assert overlays(answers) == {
        "slam": Overlay.nhs_standard_full,
        "certitude": Overlay.non_nhs,
        "thames-reach": Overlay.nhs_standard_shorter,
    }

    report = evaluate(answers)
    assert not report.fails(Severity.high), [f.id for f in report.unacknowledged]
    findings = check_document_set(answers)
    assert [f.severity for f in findings] == [Severity.info]  # the tolerated £25,000 gap


def test_stockport_defers_its_risk_share_and_acknowledges_it() -> None:
    answers = load("stockport-enablement.yaml")
    assert [p.id for p in answers.commissioners] == ["stockport-council"]
    assert answers.party("stockport-council").kind is BodyKind.local_authority
    assert answers.owner is not None and answers.owner.id == "stockport-council"

    risk = answers.risk_share
    assert risk.regime is Regime.deferred
    assert risk.regime_when_started is ActiveRegime.gain_pain
    assert risk.starts_on is not None
    commencement = answers.alliance.commencement_date
    assert risk.starts_on.year == commencement.year + 1  # year two
    shares = risk.distribution.shares
    assert risk.distribution.basis is DistributionBasis.fixed_shares
    assert sum(share.percent for share in shares) == 100
    assert {share.party for share in shares} == {p.id for p in answers.participants}

    kinds = list(overlays(answers).values())
    assert kinds.count(Overlay.non_nhs) == 2
    assert kinds.count(Overlay.none) == 1
    assert answers.alliance.outcomes.co_produced
    assert len(answers.kras) <= 6
    assert sum(k.covers_cost for k in answers.kras) == 1

    report = evaluate(answers)
    assert [f.id for f in report.flags] == [FlagId.risk_share_deferred]
    assert report.flags[0].acknowledged
    assert report.unacknowledged == ()
    # No provider has a margin: each keeps its contract price, and each fixed share carries
    # its own cash cap; the report notes the mechanism without flagging it.
    assert risk.payment.mechanism is Mechanism.contract_price
    assert risk.pain_cap.basis is CapBasis.participant_amounts
    assert all(p.margin is None for p in answers.participants)
    assert all(share.cap is not None for share in shares)
    assert [n.kind for n in report.notes] == [NoteKind.contract_price]
    # At the overall cap the fixed 20% share would put Peer Pathways past its own cap, and
    # the excess passed on would put Mersey Vale Wellbeing past its own; a full clawback
    # would come on top. The agreement holds each within its cap, and the report says so.
    # The contract prices leave 60,000 of the budget and of the TOC for the Alliance Manager
    # post, a shared cost; the pool is paid on top of the budget.
    findings = check_document_set(answers)
    assert [(f.code, f.severity) for f in findings] == [
        ("budget-within-tolerance", Severity.info),
        ("share-held-at-own-cap", Severity.info), ("share-held-at-own-cap", Severity.info),
        ("clawback-within-own-cap", Severity.info)]
    assert "£60,000.00 less than the alliance annual budget" in findings[0].message
    assert "excess passed on from participants held at their own caps" in findings[1].message
    assert "Mersey Vale Wellbeing's fixed 45% share of it (£72,000.00)" in findings[1].message


def test_symphony_has_two_commissioners_and_three_tiers() -> None:
    answers = load("symphony-long-term-conditions.yaml")
    assert {p.kind for p in answers.commissioners} == {BodyKind.icb, BodyKind.local_authority}
    provider_kinds = [p.kind for p in answers.providers]
    assert provider_kinds.count(BodyKind.nhs_foundation_trust) == 2
    assert BodyKind.primary_care in provider_kinds

    tiers = {kra.name.split(":")[0] for kra in answers.kras}
    assert tiers == {"Wellbeing status", "Process of care", "Sustainability"}
    cost = [k for k in answers.kras if k.covers_cost]
    assert len(cost) == 1 and cost[0].name.startswith("Sustainability")

    risk = answers.risk_share
    assert risk.regime is Regime.gain_pain
    assert (risk.underrun.owner_percent, risk.underrun.participants_percent,
            risk.underrun.pool_percent) == (50, 25, 25)

    contracts = answers.contracts.service_contracts
    icb_held = [c for c in contracts if c.commissioner == "somerset-icb"]
    assert len(icb_held) == 3
    assert all(c.overlay is Overlay.nhs_standard_full for c in icb_held)
    assert [c.provider for c in contracts if c.system_collaboration_agreement] == ["somerset-ft"]

    assert not evaluate(answers).fails(Severity.low)
    assert all(f.severity is Severity.info for f in check_document_set(answers))


def test_watered_down_partnership_raises_every_departure_it_describes() -> None:
    answers = load("watered-down-partnership.yaml")
    icb = answers.party("westmere-icb")
    assert not icb.alliance_member
    assert "westmere-icb" not in {m.party for m in answers.governance.alt.members}
    assert answers.risk_share.regime is Regime.none
    assert answers.risk_share.target_outturn_cost is None
    assert answers.owner is None
    assert all(c.keeps_own_performance_regime for c in answers.contracts.service_contracts)

    assert raised(answers) == {
        FlagId.commissioner_not_party,
        FlagId.no_risk_share,
        FlagId.partnership_overlay,
        FlagId.bilateral_performance_regime,
        FlagId.majority_decisions,
        FlagId.broad_reserved_powers,
        FlagId.alt_without_authority,
        FlagId.right_to_sue_retained,
        FlagId.no_best_for_service_test,
        FlagId.closed_book,
        FlagId.unilateral_variation,
        FlagId.outcomes_not_coproduced,
        FlagId.no_cost_kra,
        FlagId.exit_at_will,
        FlagId.closed_membership,
    }
    assert evaluate(answers).fails(Severity.critical)


def test_watered_down_comments_name_each_flag_they_explain() -> None:
    text = (EXAMPLES / "watered-down-partnership.yaml").read_text(encoding="utf-8")
    answers = load("watered-down-partnership.yaml")
    for flag_id in raised(answers):
        assert f"`{flag_id.value}`" in text, flag_id


def test_framework_example_has_two_packages_and_a_performance_pool() -> None:
    answers = load("framework-packages.yaml")
    governance = answers.governance
    assert governance.tier is Tier.framework
    assert len(governance.packages_of_works) == 2
    party_ids = {p.id for p in answers.parties}
    for package in governance.packages_of_works:
        assert set(package.members) <= party_ids
    delivering = {m for pk in governance.packages_of_works for m in pk.members}
    assert {p.id for p in answers.providers} <= delivering

    risk = answers.risk_share
    assert risk.regime is Regime.performance_pool
    assert risk.performance_pool is not None and risk.performance_pool.clawback
    assert set(overlays(answers).values()) == {
        Overlay.nhs_standard_full, Overlay.nhs_standard_shorter, Overlay.non_nhs,
    }
    assert raised(answers) == set()
