"""The JSON Schema of the answers file: committed, deterministic, described, and in step with
the model and the example answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from alliancedocs.load import load_yaml
from alliancedocs.model import Answers
from alliancedocs.schema import (
    SCHEMA_DIALECT,
    answers_schema,
    attribute_docstrings,
    field_description,
    model_classes,
    schema_text,
)

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "schemas" / "answers.schema.json"
FIXTURE = Path(__file__).parent / "fixtures" / "minimal.yaml"
STARTER = ROOT / "src" / "alliancedocs" / "starter.yaml"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def test_the_committed_schema_is_up_to_date() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), (
        "schemas/answers.schema.json is stale: run `alliancedocs schema -o "
        "schemas/answers.schema.json`")


def test_the_schema_text_is_deterministic_and_well_formed() -> None:
    text = schema_text()
    assert text == schema_text()
    assert text.endswith("}\n")
    assert text.splitlines()[1].startswith('  "')
    assert json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n" == text


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = answers_schema()
    assert schema["$schema"] == SCHEMA_DIALECT
    assert schema["$id"].startswith("urn:alliancedocs")
    assert schema["title"]
    Draft202012Validator.check_schema(schema)


def _properties(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    found = [("Answers", name, prop) for name, prop in schema["properties"].items()]
    for model, definition in schema["$defs"].items():
        found += [(model, name, prop) for name, prop in definition.get("properties", {}).items()]
    return found


def test_every_property_has_its_own_plain_english_description() -> None:
    properties = _properties(answers_schema())
    assert len(properties) > 100
    for model, name, prop in properties:
        assert prop.get("description", "").strip(), f"{model}.{name} has no description"
    chair = answers_schema()["$defs"]["Alt"]["properties"]["chair"]["description"]
    assert chair.startswith("The party whose member chairs the team")
    assert "lower-case identifier" in chair


def test_field_description_puts_the_field_first_and_the_type_guidance_after() -> None:
    from alliancedocs.model.alliance import Alliance

    text = field_description(Alliance, "annual_budget")
    own, typed = text.split("\n\n")
    assert own == attribute_docstrings(Alliance)["annual_budget"]
    assert "two decimal places" in typed
    assert field_description(Alliance, "vision").count("vision") == 1


def test_model_classes_reach_every_section() -> None:
    names = {cls.__name__ for cls in model_classes(Answers)}
    assert {"Alliance", "Party", "Governance", "Kpi", "Thresholds", "RiskShare",
            "ServiceContract", "AcknowledgedDeparture"} <= names
    assert names - {"Answers"} <= set(answers_schema()["$defs"])


def _money(schema: dict[str, Any]) -> dict[str, Any]:
    return schema["$defs"]["Alliance"]["properties"]["annual_budget"]


def test_decimal_fields_accept_numbers() -> None:
    types = {option.get("type") for option in _money(answers_schema())["anyOf"]}
    assert "number" in types


VALIDATOR = Draft202012Validator(answers_schema())


@pytest.mark.parametrize("path", [FIXTURE, STARTER, *EXAMPLES],
                         ids=lambda p: p.name)
def test_valid_answers_satisfy_the_schema(path: Path) -> None:
    data = load_yaml(path).data
    Answers.model_validate(data)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(data)]
    assert errors == []


def test_examples_exist_to_check() -> None:
    assert EXAMPLES, "examples/*.yaml is empty"


def test_the_schema_rejects_what_the_model_rejects() -> None:
    data = load_yaml(FIXTURE).data
    data["governance"]["tier"] = "operational"
    data["parties"][0]["registerd_address"] = data["parties"][0].pop("registered_address")
    del data["alliance"]["vision"]
    messages = [e.message for e in VALIDATOR.iter_errors(data)]
    assert any("'operational' is not one of" in m for m in messages)
    assert any("registerd_address" in m for m in messages)
    assert any("'vision' is a required property" in m for m in messages)
