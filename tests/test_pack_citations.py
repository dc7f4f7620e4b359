"""Packs cite the agreement by number only where the built agreement has that provision,
and read correctly when the commissioner is not a member or the alliance shares no risk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alliancedocs.answers_file import read_answers
from alliancedocs.assemble.agreement import assemble_agreement
from alliancedocs.assemble.pack import agreement_citations, assemble_pack
from alliancedocs.library.clause_files import LIBRARY_DIR, load_library
from alliancedocs.model.contracts import Overlay

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CITED = re.compile(r"""(?:aa_ref|its_ref)\(['"]([^'"]+)['"]\)"""
                   r"""|agreement_numbers\[['"]([^'"]+)['"]\]""")


def _pack_texts(name: str, with_numbers: bool = True) -> dict[str, str]:
    answers = read_answers(EXAMPLES / f"{name}.yaml")
    library = load_library()
    numbers = assemble_agreement(answers, library).numbers if with_numbers else {}
    return {
        c.provider: "\n".join(p.text for p in assemble_pack(
            answers, library, c, numbers).document.paragraphs())
        for c in answers.contracts.service_contracts if c.overlay is not Overlay.none
    }


def test_every_cited_agreement_provision_exists_in_some_built_agreement() -> None:
    library = load_library()
    known: set[str] = set()
    for path in EXAMPLES.glob("*.yaml"):
        known |= set(assemble_agreement(read_answers(path), library).numbers)
    cited = {a or b for f in (LIBRARY_DIR / "pack").glob("*.yaml")
             for a, b in CITED.findall(f.read_text(encoding="utf-8"))}
    assert cited, "the packs cite no agreement provisions"
    assert sorted(cited - known) == []


def test_citation_helpers_format_clauses_anchors_and_schedules() -> None:
    aa_ref, its_ref = agreement_citations({"leaving": "22", "leaving.settlement": "22.4",
                                           "schedule-performance": "3",
                                           "schedule-performance.kpis": "7"})
    assert aa_ref("leaving") == "clause 22"
    assert aa_ref("leaving.settlement") == "clause 22.4"
    assert aa_ref("schedule-performance") == "Schedule 3"
    assert aa_ref("schedule-performance.kpis") == "paragraph 7 of Schedule 3"
    assert its_ref("leaving") == " (its clause 22)"
    assert aa_ref("absent") == "" and its_ref("absent") == ""


def test_cited_numbers_name_the_right_agreement_clauses() -> None:
    answers = read_answers(EXAMPLES / "lambeth-rehabilitation.yaml")
    numbers = assemble_agreement(answers, load_library()).numbers
    text = _pack_texts("lambeth-rehabilitation")["slam"]
    for subject, key in (("leaving provisions of the Alliance Agreement", "leaving"),
                         ("termination provisions of the Alliance Agreement", "termination"),
                         ("no fault, no blame provisions of the Alliance Agreement", "no-blame"),
                         ("commercial framework of the Alliance Agreement",
                          "commercial-framework")):
        assert f"{subject} (its clause {numbers[key]})" in text
    assert f"clause {numbers['issue-resolution.service-contract-disputes']} of the Alliance " \
        "Agreement requires" in text
    assert f"clause {numbers['service-contracts.precedence']} of the Alliance Agreement" in text


@pytest.mark.parametrize("name", ["lambeth-rehabilitation", "watered-down-partnership"])
def test_packs_read_without_numbers(name: str) -> None:
    for text in _pack_texts(name, with_numbers=False).values():
        assert "(its )" not in text and "(its clause )" not in text
        assert not re.search(r"clause\s+of the Alliance Agreement", text)


def test_non_member_commissioner_and_no_risk_share_wording() -> None:
    answers = read_answers(EXAMPLES / "watered-down-partnership.yaml")
    assert answers.risk_share.regime.value == "none"
    for provider, text in _pack_texts("watered-down-partnership").items():
        assert "as a member of the ALT" not in text, provider
        assert "both the ICB" not in text, provider
        assert "gain or pain" not in text and "gain and pain" not in text, provider
        assert "in addition to the risk and reward provisions" not in text, provider
