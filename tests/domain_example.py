"""The domain brief's worked example as answers: a true alliance with no departures.

Tests of scoring, the risk share and the integrity engine build on :func:`true_alliance`.
"""

from __future__ import annotations

from typing import Any

from alliancedocs.model import Answers


def _kpi(kpi_id: str, measure: str) -> dict[str, Any]:
    return {
        "id": kpi_id,
        "measure": measure,
        "unit": "%",
        "direction": "higher-is-better",
        "thresholds": {
            "gamebreaking": "95", "stretch": "90", "above_mcos": "85", "mcos": "80",
            "below_mcos": "75", "poor": "70", "failure": "60",
        },
        "data_source": "Alliance KPI return",
    }


def _party(party_id: str, role: str, kind: str, **extra: Any) -> dict[str, Any]:
    name = party_id.replace("-", " ").title()
    return {
        "id": party_id,
        "legal_name": f"{name} Limited" if role == "provider" else name,
        "short_name": name,
        "role": role,
        "kind": kind,
        "registered_address": "1 High Street, Exampletown EX1 1AA",
        "signatory": {"name": f"Signatory of {name}", "title": "Chief Executive"},
        **extra,
    }


def true_alliance_data() -> dict[str, Any]:
    """Return the answers, as plain data, for the domain brief's worked example."""
    return {
        "alliance": {
            "name": "Exampletown Living Well Alliance",
            "service_scope": "Community mental health rehabilitation for adults.",
            "vision": "People live well in their own communities.",
            "outcomes": {
                "statements": ["I have a safe and settled place to live."],
                "co_produced": True,
                "co_produced_with": "People who use the services, in two workshops.",
            },
            "agreement_date": "2026-03-01",
            "commencement_date": "2026-04-01",
            "term_years": 5,
            "annual_budget": "10000000.00",
        },
        "parties": [
            _party("exampletown-icb", "commissioner", "icb", risk_share_role="owner"),
            _party("alpha", "provider", "nhs-foundation-trust",
                   risk_share_role="participant", margin="300000.00"),
            _party("beta", "provider", "charity",
                   risk_share_role="participant", margin="200000.00"),
            _party("gamma", "provider", "social-enterprise",
                   risk_share_role="participant", margin="100000.00"),
        ],
        "governance": {
            "tier": "service",
            "alt": {
                "members": [
                    {"party": p, "name": f"Member {p}", "role": "Director"}
                    for p in ("exampletown-icb", "alpha", "beta", "gamma")
                ],
                "chair": "gamma",
            },
            "alliance_manager": {"employed_by": "alpha"},
            "amt": [
                {"party": "alpha", "role": "Clinical lead"},
                {"party": "beta", "role": "Finance lead"},
            ],
            "reserved_powers": [
                {"matter": "Safeguarding adults duties",
                 "statutory_basis": "Care Act 2014, section 42"},
            ],
        },
        "kras": [
            {"id": "access", "name": "Access", "weight": 30,
             "kpis": [_kpi("seen-in-time", "People seen within four weeks")]},
            {"id": "outcomes", "name": "Outcomes", "weight": 40,
             "kpis": [_kpi("recovery", "People reporting improved wellbeing")]},
            {"id": "experience", "name": "Experience", "weight": 20,
             "kpis": [_kpi("satisfied", "People satisfied with their support")]},
            {"id": "workforce", "name": "Workforce", "weight": 10, "covers_cost": True,
             "kpis": [_kpi("retention", "Staff retained"),
                      _kpi("within-toc", "Actual cost within the target outturn cost")]},
        ],
        "risk_share": {
            "regime": "gain-pain",
            "target_outturn_cost": "10000000.00",
            "performance_pool": {"amount": "200000.00"},
        },
        "contracts": {
            "service_contracts": [
                {"provider": "alpha", "overlay": "nhs-standard-full",
                 "commissioner": "exampletown-icb", "expected_annual_value": "6000000.00",
                 "service_lines": [{"name": "Rehabilitation", "description": "Inpatient "
                                    "rehabilitation moved into the community."}]},
                {"provider": "beta", "overlay": "none", "expected_annual_value": "2500000.00",
                 "service_lines": [{"name": "Housing support", "description": "Support to "
                                    "find and keep a home."}]},
                {"provider": "gamma", "overlay": "non-nhs",
                 "commissioner": "exampletown-icb", "expected_annual_value": "1500000.00",
                 "service_lines": [{"name": "Peer support", "description": "Support from "
                                    "people with lived experience."}]},
            ],
        },
    }


def true_alliance() -> Answers:
    """Return the worked example as a validated :class:`Answers`."""
    return Answers.model_validate(true_alliance_data())


def with_changes(data: dict[str, Any], path: str, value: Any) -> Answers:
    """Return answers built from ``data`` with the dotted ``path`` set to ``value``.

    A numeric part of the path indexes a list: ``parties.0.alliance_member``.
    """
    import copy

    changed = copy.deepcopy(data)
    *parents, last = path.split(".")
    target: Any = changed
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return Answers.model_validate(changed)
