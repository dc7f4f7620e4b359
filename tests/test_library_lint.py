"""The shipped clause library builds cleanly for every choice an answers file can make."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancedocs.answers_file import read_answers
from alliancedocs.library.clause_files import load_library
from alliancedocs.lint import coverage_answers, lint
from alliancedocs.lint_pairs import pairwise_answers
from alliancedocs.model.governance import DecisionRule
from alliancedocs.model.risk import Regime

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("*.yaml"))


@pytest.fixture(scope="module")
def bases():
    return [read_answers(path) for path in EXAMPLES]


@pytest.fixture(scope="module")
def pairs(bases):
    return pairwise_answers(bases, load_library())


@pytest.fixture(scope="module")
def answers_set(bases, pairs):
    return [*coverage_answers(bases), *pairs.answers]


def test_coverage_answers_reach_every_decision_rule_and_regime(answers_set):
    assert {a.governance.decision_rule for a in answers_set} == set(DecisionRule)
    assert {a.risk_share.regime for a in answers_set} == set(Regime)
    assert len(answers_set) > 4 * len(EXAMPLES)


def test_library_has_no_errors_unreachable_variants_or_unused_definitions(answers_set):
    report = lint(load_library(), answers_set)
    assert report.answers_checked == len(answers_set)
    assert report.flag_mismatches == ()
    assert report.problems == ()


def test_pairwise_coverage_covers_every_feasible_pair_of_variant_selecting_changes(pairs):
    assert pairs.complete
    assert pairs.covered > 1000
    # packing several pairs into each answers set keeps the lint bounded
    assert len(pairs.answers) < pairs.covered / 10


def test_answer_text_printed_after_a_colon_unquoted_is_found(tmp_path):
    import shutil

    from alliancedocs.library.clause_files import LIBRARY_DIR
    from alliancedocs.lint import after_colon

    assert after_colon(load_library()) == []
    root = tmp_path / "clauses"
    shutil.copytree(LIBRARY_DIR, root)
    clause = root / "agreement" / "200-co-production.yaml"
    text = clause.read_text(encoding="utf-8")
    quoted = "as follows: “{{ alliance.outcomes.co_produced_with.rstrip('.') }}”."
    assert quoted in text
    clause.write_text(text.replace(quoted, "as follows: {{ alliance.outcomes.co_produced_with }}."),
                      encoding="utf-8")
    [found] = after_colon(load_library(root))
    assert found.startswith("agreement: co-production/co-produced: the answer "
                            "`{{ alliance.outcomes.co_produced_with }}` is printed after a colon")
    report = lint(load_library(root), [read_answers(EXAMPLES[0])])
    assert [d.code for d in report.diagnostics].count("answer-after-colon") == 1
