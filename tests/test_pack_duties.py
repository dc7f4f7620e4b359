"""The packs say how the Contract and the Alliance Agreement work together on safeguarding,
complaints, compliance, subcontracting, staff, emergencies and data protection, in the
words each overlay needs, without contradicting the pack's order of precedence."""

from __future__ import annotations

from pathlib import Path

import pytest

from fuzzing import docx_texts, run_cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

HEADINGS = ("Safeguarding, mental capacity and complaints", "Authority and compliance with law",
            "Staff and subcontracting", "Emergencies and force majeure",
            "Data protection and information sharing")


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Return the text of every pack of the Lambeth and watered-down examples."""
    texts: dict[str, str] = {}
    for example in ("lambeth-rehabilitation", "watered-down-partnership"):
        out = tmp_path_factory.mktemp(example) / "out"
        code, output = run_cli("build", str(EXAMPLES / f"{example}.yaml"), "-o", str(out))
        assert code == 0, output
        for name, paragraphs in docx_texts(out).items():
            if name.startswith("schedules"):
                texts[Path(name).stem] = "\n".join(paragraphs)
    return texts


def _clause(text: str, heading: str) -> str:
    """Return the paragraphs under ``heading`` up to the next clause heading."""
    lines = text.splitlines()
    start = lines.index(heading)
    end = next((i for i in range(start + 1, len(lines)) if lines[i] in HEADINGS
                or lines[i].startswith(("Schedule ", "Service Specification"))), len(lines))
    return "\n".join(lines[start + 1:end])


def test_every_pack_has_the_clauses_in_order_before_the_schedules(
        packs: dict[str, str]) -> None:
    for name, text in packs.items():
        lines = text.splitlines()
        where = [lines.index(h) for h in HEADINGS]
        assert where == sorted(where), name
        assert where[0] > lines.index("Disputes"), name
        first_schedule = next(i for i, t in enumerate(lines)
                              if t.startswith(("Schedule 2", "Service Specification")))
        assert where[-1] < first_schedule, name
        assert "Clauses 1 to 8 apply to the Contract as a whole" in text, name


def test_full_length_pack_uses_the_nhs_terms(packs: dict[str, str]) -> None:
    slam = packs["slam"]
    emergencies = _clause(slam, "Emergencies and force majeure")
    assert "Service Conditions of the Contract on emergency preparedness, resilience and " \
           "response" in emergencies
    assert "force majeure provisions of the General Conditions of the Contract" in emergencies
    assert "The ICB is a category 1 responder under the Civil Contingencies Act 2004" \
           in emergencies
    compliance = _clause(slam, "Authority and compliance with law")
    assert "NHS Counter Fraud Authority" in compliance
    assert "SLaM keeps its own duty under that section" in compliance
    assert "(its clause " in compliance
    safeguarding = _clause(slam, "Safeguarding, mental capacity and complaints")
    assert "National Health Service Complaints (England) Regulations 2009" in safeguarding
    assert "recorded among its other local agreements in Schedule 2G" in slam
    staff = _clause(slam, "Staff and subcontracting")
    assert "application for access to the NHS Pension Scheme" in staff
    assert "consent that the Contract requires under its General Conditions" in staff
    assert "The ICB must not unreasonably withhold or delay its consent" in staff
    data = _clause(slam, "Data protection and information sharing")
    assert "Data Security and Protection Toolkit" in data
    assert "is the one recorded in the Data Sharing Agreement" in data


def test_council_terms_pack_has_no_nhs_standard_contract_wording(
        packs: dict[str, str]) -> None:
    certitude = packs["certitude"]
    new = "\n".join(_clause(certitude, h) for h in HEADINGS)
    for nhs in ("Service Conditions", "General Conditions", "NHS Counter Fraud Authority",
                "Data Security and Protection Toolkit", "access to the NHS Pension Scheme"):
        assert nhs not in new, nhs
    assert "admission agreement for the Local Government Pension Scheme" in new
    assert "internal audit or counter-fraud service" in new
    assert "Lambeth Council is a category 1 responder" in new
    assert "Certitude keeps its own duty" not in new  # a charity: not a listed public body


def test_memorandum_pack_with_an_outside_commissioner_stays_within_its_precedence(
        packs: dict[str, str]) -> None:
    trust = packs["westmere-trust"]
    new = "\n".join(_clause(trust, h) for h in HEADINGS)
    assert "If the Contract and the Alliance Agreement conflict, the Contract prevails." in trust
    assert "must not unreasonably withhold" not in new
    assert "has first put the proposal to the ALT" in new
    assert "must take into account the view of the ALT in doing so" in new
    assert "The ICB is not a party to the Alliance Agreement and gives this confirmation " \
           "under the Contract alone." in new
    assert "defers to the Alliance Agreement as clause" not in new
    assert "to which the ICB is not a party" in new
    assert "the terms that the Alliance Agreement describes" in new
    assert "as it does to the other members under the Alliance Agreement" not in new


def test_shorter_form_pack_records_the_general_clauses_in_schedule_2(
        packs: dict[str, str]) -> None:
    thames = packs["thames-reach"]
    assert "other local agreements, policies and procedures in Schedule 2" in thames
    assert "Service Conditions of the Contract on emergency preparedness" in thames


def test_the_running_header_starts_with_a_capital(packs: dict[str, str]) -> None:
    assert "The Partnership: schedules for the Trust" in packs["westmere-trust"].splitlines()
    assert "IPSA: schedules for SLaM" in packs["slam"].splitlines()
