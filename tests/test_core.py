"""The pure core: one evaluation for ``check`` and ``build``, drafts, diagnostics as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from click.testing import CliRunner

from alliancedocs.answers_file import read_answers
from alliancedocs.cli import main
from alliancedocs.core import compose, evaluate_file, evaluate_text
from alliancedocs.diagnostics import Kind
from alliancedocs.integrity import evaluate, to_json
from alliancedocs.library.clause_files import load_library
from alliancedocs.lint import coverage_answers

ROOT = Path(__file__).parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
LAMBETH = ROOT / "examples" / "lambeth-rehabilitation.yaml"
JUSTIFICATION = "Agreed by every party's board: the contracts stay as they are for year one."


def lambeth_data() -> dict[str, Any]:
    return yaml.safe_load(LAMBETH.read_text(encoding="utf-8"))


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


@pytest.fixture(scope="module")
def library():
    return load_library()


@pytest.fixture(scope="module")
def coverage():
    return coverage_answers([read_answers(path) for path in EXAMPLES])


# --- one evaluation -----------------------------------------------------------------------


def test_the_flags_check_reports_equal_the_flags_build_writes_for_every_coverage_set(
        library, coverage) -> None:
    """The report ``check`` prints (the evaluation of the answers file, with its selection)
    equals the report recomputed from the variants the assembled documents hold.

    The lint (tests/test_library_lint.py) compares the two for every coverage answer set in
    memory; this test takes a sample through the answers-file path as well."""
    for answers in coverage[::25]:
        text = dump(answers.model_dump(mode="json", exclude_unset=True))
        evaluation = evaluate_text(text, "coverage.yaml", library)
        assert evaluation.ok, [d.format() for d in evaluation.problems]
        composition = compose(evaluation, library)
        from alliancedocs.assemble.agreement import assemble_agreement
        agreement = assemble_agreement(evaluation.answers, library)
        assert evaluation.selections["agreement"].chosen == agreement.chosen
        assert to_json(evaluate(evaluation.answers, evaluation.chosen)) == \
            to_json(composition.report)


def test_every_flag_a_chosen_variant_carries_is_raised_by_the_rules(library, coverage) -> None:
    """A sample here; tests/test_library_lint.py checks every coverage set (through the lint's
    ``flag_mismatches``)."""
    for answers in coverage[::10]:
        raised = {f.id for f in evaluate(answers).flags}
        evaluation = evaluate_text(dump(answers.model_dump(mode="json", exclude_unset=True)),
                                   "coverage.yaml", library)
        assert {c.flag for c in evaluation.chosen if c.flag} <= raised


def test_a_contract_keeping_its_own_regime_fails_check_and_build_alike(tmp_path: Path) -> None:
    """The issue's case: partnership-overlay acknowledged, bilateral-performance-regime not."""
    data = lambeth_data()
    data["contracts"]["service_contracts"][0]["keeps_own_performance_regime"] = True
    data["acknowledged_departures"] = [{"id": "partnership-overlay",
                                        "justification": JUSTIFICATION}]
    answers = tmp_path / "answers.yaml"
    answers.write_text(dump(data), encoding="utf-8")
    runner = CliRunner()
    checked = runner.invoke(main, ["check", str(answers), "--fail-on", "high", "--format",
                                   "json"])
    assert checked.exit_code == 3, checked.output
    built = runner.invoke(main, ["build", str(answers), "-o", str(tmp_path / "out"),
                                 "--fail-on", "high"])
    assert built.exit_code == 3, built.output
    written = json.loads((tmp_path / "out" / "integrity-report.json").read_text())
    assert written == json.loads(checked.output)
    flags = {f["id"]: f for f in written["flags"]}
    assert flags["partnership-overlay"]["acknowledged"] is True
    assert flags["bilateral-performance-regime"]["acknowledged"] is False
    assert "clause:pack-precedence/contract-keeps-regime" in \
        flags["bilateral-performance-regime"]["locations"]
    # --fail-on never stops the documents being written.
    agreement = docx.Document(str(tmp_path / "out" / "alliance-agreement.docx"))
    assert any("Alliance Leadership Team" in p.text for p in agreement.paragraphs)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_check_and_build_print_the_same_report_for_every_example(example: Path,
                                                                 tmp_path: Path) -> None:
    runner = CliRunner()
    checked = runner.invoke(main, ["check", str(example), "--format", "json"])
    assert checked.exit_code == 0, checked.output
    built = runner.invoke(main, ["build", str(example), "-o", str(tmp_path), "--format", "json"])
    assert built.exit_code == 0, built.output
    assert (tmp_path / "integrity-report.json").read_text(encoding="utf-8") == checked.output
    data = json.loads(built.output)
    assert str(tmp_path / "alliance-agreement.docx") in data["files"]
    flags = json.loads(checked.output)["flags"]
    flag_diagnostics = [d for d in data["diagnostics"] if d["kind"] == "flag"]
    assert {d["code"] for d in flag_diagnostics} == {f["id"] for f in flags}
    for diagnostic in flag_diagnostics:
        assert diagnostic["line"] and diagnostic["column"] and diagnostic["path"]


# --- diagnostics --------------------------------------------------------------------------


def test_a_flag_gives_one_located_diagnostic_per_answer_that_raised_it() -> None:
    data = lambeth_data()
    data["governance"]["decision_rule"] = "majority"
    data["governance"]["alt"]["members"][0]["delegated_authority"] = False
    data["governance"]["alt"]["members"][1]["delegated_authority"] = False
    text = dump(data)
    evaluation = evaluate_text(text, "lambeth.yaml")
    [majority] = [d for d in evaluation.diagnostics if d.code == "majority-decisions"]
    assert majority.kind is Kind.flag and majority.severity == "high"
    assert majority.path == ("governance", "decision_rule")
    assert majority.clause == "decision-making/majority" and majority.document == "agreement"
    line = text.splitlines()[majority.line - 1]
    assert line[majority.column - 1:].startswith("majority")
    assert majority.hint == evaluation.report.flag(majority_id()).true_alliance_position
    authority = [d.path for d in evaluation.diagnostics if d.code == "alt-without-authority"]
    assert authority == [("governance", "alt", "members", 0, "delegated_authority"),
                         ("governance", "alt", "members", 1, "delegated_authority")]


def majority_id():
    from alliancedocs.flags import FlagId
    return FlagId.majority_decisions


def test_validate_json_gives_every_problem_with_a_structured_path(tmp_path: Path) -> None:
    data = lambeth_data()
    data["kras"][0]["kpis"][0]["thresholds"]["stretch"] = "lots"
    data["governance"]["tier"] = "servce"
    path = tmp_path / "answers.yaml"
    path.write_text(dump(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--format", "json", str(path)])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["version"] == 1 and data["ok"] is False
    problems = {tuple(d["path"]): d for d in data["diagnostics"] if d["kind"] == "problem"}
    stretch = problems[("kras", 0, "kpis", 0, "thresholds", "stretch")]
    assert stretch["severity"] == "error" and stretch["file"] == str(path)
    assert stretch["line"] > 1 and stretch["column"] > 1 and stretch["message"]
    tier = problems[("governance", "tier")]
    assert tier["code"] == "invalid-choice" and "did you mean `service`" in tier["hint"]
    assert set(tier) == {"code", "kind", "severity", "path", "message", "hint", "file", "line",
                         "column", "clause", "document"}


# --- drafts -------------------------------------------------------------------------------


def test_a_draft_missing_sections_gets_located_missing_problems_and_the_flags_it_can() -> None:
    data = lambeth_data()
    del data["kras"], data["risk_share"]
    data["governance"]["decision_rule"] = "majority"
    evaluation = evaluate_text(dump(data), "draft.yaml")
    assert not evaluation.ok
    missing = {d.path for d in evaluation.problems if d.code == "missing"}
    assert missing == {("kras",), ("risk_share",)}
    assert all(d.line == 1 for d in evaluation.problems)
    codes = {d.code for d in evaluation.diagnostics if d.kind is Kind.flag}
    assert "majority-decisions" in codes
    # Rules that need the missing sections are not judged rather than guessed.
    assert "no-risk-share" not in codes and "no-cost-kra" not in codes


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_section_can_be_missing_or_broken_without_a_crash(example: Path) -> None:
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    for section in list(data):
        for broken in (None, "text", [1], {"unknown": 1}):
            draft = {k: v for k, v in data.items() if k != section}
            if broken is not None:
                draft[section] = broken
            evaluation = evaluate_text(dump(draft), "draft.yaml")
            assert not evaluation.ok or section in ("principles", "contracts",
                                                    "acknowledged_departures")
            for diagnostic in evaluation.problems:
                assert diagnostic.line >= 1 and diagnostic.message


def test_an_unreadable_file_is_an_evaluation_with_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("alliance: [\n", encoding="utf-8")
    evaluation = evaluate_file(path)
    [problem] = evaluation.problems
    assert problem.code == "yaml-syntax" and problem.file == path and problem.line


# --- answers that change nothing ----------------------------------------------------------


def test_an_alliance_manager_at_the_strategic_tier_is_reported_and_changes_nothing(
        library) -> None:
    data = lambeth_data()
    data["governance"]["tier"] = "strategic"
    data["governance"].pop("packages_of_works", None)
    data["governance"]["amt_meeting_cadence"] = "monthly"
    with_answers = evaluate_text(dump(data), "strategic.yaml", library)
    assert with_answers.ok, [d.format() for d in with_answers.problems]
    notes = {d.path: d for d in with_answers.diagnostics if d.code == "no-effect"}
    assert ("governance", "alliance_manager") in notes
    assert ("governance", "amt_meeting_cadence") in notes
    assert notes[("governance", "alliance_manager")].line > 1
    for name in ("alliance_manager", "amt", "amt_meeting_cadence"):
        data["governance"].pop(name, None)
    without = evaluate_text(dump(data), "strategic.yaml", library)
    assert not [d for d in without.diagnostics if d.code == "no-effect"]
    assert _texts(compose(with_answers, library)) == _texts(compose(without, library))


def test_risk_share_answers_under_no_regime_are_reported_and_change_nothing(library) -> None:
    data = lambeth_data()
    data["risk_share"]["regime"] = "none"
    data["acknowledged_departures"] = []
    reported = evaluate_text(dump(data), "none.yaml", library)
    assert reported.ok, [d.format() for d in reported.problems]
    paths = {d.path for d in reported.diagnostics if d.code == "no-effect"}
    assert paths and all(path[0] == "risk_share" for path in paths)
    assert ("risk_share", "payment", "payers", "gain_pain") in paths
    assert ("risk_share", "payment", "payers", "services") not in paths
    payment = data["risk_share"]["payment"]
    data["risk_share"] = {"regime": "none",
                          "target_outturn_cost": data["risk_share"]["target_outturn_cost"],
                          # the services are still paid, by the payer the answers name
                          "payment": {"mechanism": payment["mechanism"],
                                      "payers": {"services": payment["payers"]["services"]}}}
    bare = evaluate_text(dump(data), "none.yaml", library)
    assert _texts(compose(reported, library)) == _texts(compose(bare, library))


def _texts(composition) -> dict[str, list[str]]:
    def text(block) -> str:
        if hasattr(block, "text"):
            return block.text
        return " | ".join(cell.text for row in (block.header, *block.rows) for cell in row)
    return {path: [text(b) for b in document.blocks]
            for path, document in composition.documents.items()}


def test_build_json_reports_the_problems_of_invalid_answers_in_the_one_shape(
        tmp_path: Path) -> None:
    data = lambeth_data()
    del data["kras"]
    answers = tmp_path / "draft.yaml"
    answers.write_text(dump(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(answers), "-o", str(tmp_path / "out"),
                                       "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["files"] == [] and not (tmp_path / "out").exists()
    [missing] = report["diagnostics"]
    assert (missing["code"], missing["path"], missing["line"]) == ("missing", ["kras"], 1)
