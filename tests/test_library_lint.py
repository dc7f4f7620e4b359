"""The shipped clause library builds cleanly for every choice an answers file can make."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancedocs.answers_file import read_answers
from alliancedocs.library.clause_files import load_library
from alliancedocs.lint import coverage_answers, lint
from alliancedocs.model.governance import DecisionRule
from alliancedocs.model.risk import Regime

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("*.yaml"))


@pytest.fixture(scope="module")
def answers_set():
    return coverage_answers([read_answers(path) for path in EXAMPLES])


def test_coverage_answers_reach_every_decision_rule_and_regime(answers_set):
    assert {a.governance.decision_rule for a in answers_set} == set(DecisionRule)
    assert {a.risk_share.regime for a in answers_set} == set(Regime)
    assert len(answers_set) > 4 * len(EXAMPLES)


def test_library_has_no_errors_unreachable_variants_or_unused_definitions(answers_set):
    report = lint(load_library(), answers_set)
    assert report.answers_checked == len(answers_set)
    assert report.flag_mismatches == ()
    assert report.problems == ()
