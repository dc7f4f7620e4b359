"""The bilateral schedule packs: one per provider with a contract, in the form its overlay
needs, mirroring the alliance KPIs and agreeing with the alliance agreement."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import office
from alliancedocs.answers_file import read_answers
from alliancedocs.assemble.pack import assemble_pack
from alliancedocs.assemble.tables import TableContext, service_contracts_register_table
from alliancedocs.build import TEMPLATE_DIR, build_documents
from alliancedocs.consistency import kpi_measures_in_document, pack_kpi_mismatches
from alliancedocs.docmodel import Document
from alliancedocs.flags import FlagId
from alliancedocs.integrity import evaluate
from alliancedocs.labels import longdate, money
from alliancedocs.library.clause_files import load_library
from alliancedocs.library.selection import ChosenVariant
from alliancedocs.model import Answers
from alliancedocs.model.contracts import Overlay, ServiceContract
from alliancedocs.render import render_docx

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NAMES = sorted(p.stem for p in EXAMPLES.glob("*.yaml"))

FULL_ONLY = ("Schedule 2A – Service Specifications", "Schedule 2G – ", "Schedule 2H – ",
             "Schedule 2I – ", "Schedule 3B – Local Variations",
             "Schedule 3F – Expected Annual Contract Values",
             "Schedule 4C – Local Quality Requirements", "Schedule 4D – Local Incentive Scheme",
             "Schedule 5A – Documents Relied On", "Schedule 6A – Reporting Requirements")
SHORTER_ONLY = ("Schedule 2 – The Services: Service Specifications",
                "Schedule 3 – Payment: Expected Annual Contract Value",
                "Schedule 4 – Local Quality Requirements",
                "Schedule 6 – Contract Management, Reporting and Information Requirements")


@dataclass(frozen=True)
class Pack:
    answers: Answers
    contract: ServiceContract
    document: Document
    chosen: tuple[ChosenVariant, ...]

    @property
    def headings(self) -> list[str]:
        return [p.text for p in self.document.paragraphs() if p.kind.value.endswith("heading")]

    @property
    def text(self) -> str:
        parts = [p.text for p in self.document.paragraphs()]
        parts += [c.text for t in self.document.tables() for row in (t.header, *t.rows)
                  for c in row]
        return "\n".join(parts)


def packs_for(answers: Answers) -> Iterator[Pack]:
    library = load_library()
    for contract in answers.contracts.service_contracts:
        if contract.overlay is not Overlay.none:
            built = assemble_pack(answers, library, contract, {})
            yield Pack(answers, contract, built.document, built.chosen)


@pytest.fixture(scope="module", params=NAMES)
def example_packs(request: pytest.FixtureRequest) -> list[Pack]:
    return list(packs_for(read_answers(EXAMPLES / f"{request.param}.yaml")))


def vary(answers: Answers, change: Any) -> Answers:
    data = answers.model_dump(mode="python")
    change(data)
    return Answers.model_validate(data)


def test_build_writes_one_pack_per_provider_with_a_contract() -> None:
    for name in NAMES:
        answers = read_answers(EXAMPLES / f"{name}.yaml")
        result = build_documents(EXAMPLES / f"{name}.yaml")
        expected = {f"schedules/{c.provider}.docx" for c in answers.contracts.service_contracts
                    if c.overlay is not Overlay.none}
        assert {f for f in result.files if f.startswith("schedules/")} == expected, name


def test_every_example_has_packs_of_every_form() -> None:
    overlays = {c.overlay for name in NAMES
                for c in read_answers(EXAMPLES / f"{name}.yaml").contracts.service_contracts}
    assert {Overlay.nhs_standard_full, Overlay.nhs_standard_shorter, Overlay.non_nhs} <= overlays


def test_headings_match_the_form_of_contract(example_packs: list[Pack]) -> None:
    for pack in example_packs:
        headings = "\n".join(pack.headings)
        overlay = pack.contract.overlay
        for heading in FULL_ONLY:
            assert (heading in headings) is (overlay is Overlay.nhs_standard_full), heading
        for heading in SHORTER_ONLY:
            assert (heading in headings) is (overlay is Overlay.nhs_standard_shorter), heading
        if overlay is Overlay.non_nhs:
            assert "Schedule " not in headings
        has_schedule_9 = "Schedule 9 – System Collaboration" in headings
        assert has_schedule_9 is (overlay is Overlay.nhs_standard_full
                                  and pack.contract.system_collaboration_agreement)
        for common in ("Definitions and interpretation", "Order of precedence", "Disputes"):
            assert common in pack.headings


def test_pack_names_the_parties_the_agreement_and_the_value(example_packs: list[Pack]) -> None:
    for pack in example_packs:
        answers, contract = pack.answers, pack.contract
        text = pack.text
        assert answers.party(contract.provider).legal_name in text
        assert answers.party(contract.commissioner or "").legal_name in text
        assert answers.alliance.name in text
        assert longdate(answers.alliance.agreement_date) in text
        assert f"is {money(contract.expected_annual_value)} for each Financial Year" in text


def test_pack_kpis_are_exactly_the_alliance_kpis(example_packs: list[Pack]) -> None:
    for pack in example_packs:
        measures = kpi_measures_in_document(pack.document)
        alliance = [k.measure for kra in pack.answers.kras for k in kra.kpis]
        assert measures == alliance
        assert pack_kpi_mismatches(measures, pack.answers, pack.contract) == []
        for own in pack.contract.own_kpis:
            assert own.measure in pack.text


def test_precedence_and_disputes_route_through_the_alt(example_packs: list[Pack]) -> None:
    for pack in example_packs:
        paragraphs = [p.text for p in pack.document.paragraphs()]
        disputes = paragraphs[paragraphs.index("Disputes") + 1]
        assert "must first be referred to the ALT" in disputes
        if pack.answers.contracts.agreement_binding and \
                not pack.contract.keeps_own_performance_regime:
            assert any("must not withhold, reduce, increase or otherwise adjust payment" in p
                       for p in paragraphs)


def test_pack_and_agreement_register_agree(example_packs: list[Pack]) -> None:
    for pack in example_packs:
        register = service_contracts_register_table(TableContext(pack.answers))
        provider = pack.answers.party(pack.contract.provider)
        [row] = [r for r in register.rows if r[0].text == provider.short_name]
        assert row[3].text == money(pack.contract.expected_annual_value)
        assert row[3].text in pack.text
        # The register is operative text: it says a pack exists, never where the file is.
        assert row[4].text == "Yes"
        assert "schedules/" not in "".join(c.text for r in register.rows for c in r)


def test_true_alliance_packs_raise_no_flags() -> None:
    for name in ("lambeth-rehabilitation", "symphony-long-term-conditions"):
        for pack in packs_for(read_answers(EXAMPLES / f"{name}.yaml")):
            assert [c for c in pack.chosen if c.flag] == [], (name, pack.contract.provider)


def test_provider_only_kpis_and_incentives_are_kept_and_flagged() -> None:
    answers = read_answers(EXAMPLES / "lambeth-rehabilitation.yaml")

    def own_regime(data: dict) -> None:
        contract = data["contracts"]["service_contracts"][0]
        contract["own_kpis"] = [{"measure": "Seven-day follow-up after discharge",
                                 "consequence": "a remedial action plan is required"}]
        contract["own_incentives"] = [{"name": "Local discharge incentive",
                                       "amount": "25000.00"}]
    varied = vary(answers, own_regime)
    [pack] = [p for p in packs_for(varied)
              if p.contract.provider == varied.contracts.service_contracts[0].provider]
    raised = {(c.clause_id, c.flag) for c in pack.chosen if c.flag}
    assert raised == {("pack-quality", FlagId.bilateral_performance_regime),
                      ("pack-incentives", FlagId.bilateral_performance_regime)}
    assert "Seven-day follow-up after discharge" in pack.text
    assert "Local discharge incentive, worth up to £25,000.00" in pack.text
    # the KPI table still mirrors the alliance; the provider's own KPI sits outside it
    assert kpi_measures_in_document(pack.document) == [
        k.measure for kra in varied.kras for k in kra.kpis]
    report = evaluate(varied, pack.chosen)
    flag = next(f for f in report.flags if f.id is FlagId.bilateral_performance_regime)
    assert "clause:pack-quality/alliance-and-own-kpis" in flag.locations


def test_own_performance_regime_and_memorandum_change_precedence() -> None:
    answers = read_answers(EXAMPLES / "lambeth-rehabilitation.yaml")

    def keeps(data: dict) -> None:
        data["contracts"]["service_contracts"][0]["keeps_own_performance_regime"] = True
    [pack] = list(packs_for(vary(answers, keeps)))[:1]
    assert ("pack-precedence", "contract-keeps-regime", FlagId.bilateral_performance_regime) \
        in {(c.clause_id, c.variant_id, c.flag) for c in pack.chosen}

    def memorandum(data: dict) -> None:
        data["contracts"]["agreement_binding"] = False
    for pack in packs_for(vary(answers, memorandum)):
        assert ("pack-precedence", FlagId.partnership_overlay) in {
            (c.clause_id, c.flag) for c in pack.chosen}
        assert "the Contract prevails" in pack.text


def test_rendered_packs_parse_strictly_and_render(tmp_path: Path) -> None:
    answers = read_answers(EXAMPLES / "lambeth-rehabilitation.yaml")
    for pack in packs_for(answers):
        data = render_docx(pack.document, template=TEMPLATE_DIR)
        parts = office.parse_all_parts_strictly(data)
        body = parts["word/document.xml"]
        text = "".join(body.itertext())
        assert answers.party(pack.contract.provider).legal_name in text
        assert money(pack.contract.expected_annual_value) in text
        path = tmp_path / f"{pack.contract.provider}.docx"
        path.write_bytes(data)
        if office.libreoffice_required() or office._soffice():
            pdf = office.docx_to_pdf(path, tmp_path)
            assert office.pdf_pages(pdf) >= 2
            assert "Order of precedence" in office.pdf_text(pdf)


def test_pack_cites_the_agreement_clauses_by_their_numbers() -> None:
    from alliancedocs.assemble.agreement import assemble_agreement

    answers = read_answers(EXAMPLES / "lambeth-rehabilitation.yaml")
    library = load_library()
    numbers = assemble_agreement(answers, library).numbers
    contract = answers.contracts.service_contracts[0]
    text = "\n".join(p.text for p in
                     assemble_pack(answers, library, contract, numbers).document.paragraphs())
    for clause_id, subject in (("issue-resolution", "issue resolution provisions"),
                               ("risk-reward", "risk and reward provisions"),
                               ("performance-framework", "performance framework")):
        assert f"{subject} of the Alliance Agreement (its clause {numbers[clause_id]})" in text
