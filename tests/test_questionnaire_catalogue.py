"""The question catalogue covers the answers model: every field has exactly one question."""

from __future__ import annotations

from alliancedocs.questionnaire.catalogue import (
    SECTIONS,
    choice_label,
    item_page,
    pages,
    questions,
)
from alliancedocs.questionnaire.fields import Kind, schema_fields
from alliancedocs.schema import answers_schema


def _schema_leaves(node: dict, defs: dict, prefix: str, out: set[str]) -> None:
    """Collect every property pattern of the JSON Schema independently of fields.py."""
    if "$ref" in node:
        node = defs[node["$ref"].rsplit("/", 1)[-1]]
    for key, prop in node.get("properties", {}).items():
        pattern = f"{prefix}.{key}" if prefix else key
        options = [prop]
        while any("anyOf" in o for o in options):
            options = [x for o in options for x in o.get("anyOf", [o])]
        options = [defs[o["$ref"].rsplit("/", 1)[-1]] if "$ref" in o else o for o in options]
        objects = [o for o in options if o.get("type") == "object"]
        arrays = [o for o in options if o.get("type") == "array"]
        if objects:
            _schema_leaves(objects[0], defs, pattern, out)
            continue
        out.add(pattern)
        if arrays:
            item = arrays[0]["items"]
            item = defs[item["$ref"].rsplit("/", 1)[-1]] if "$ref" in item else item
            if item.get("type") == "object":
                _schema_leaves(item, defs, pattern + "[]", out)


def test_every_schema_field_has_exactly_one_question():
    schema = answers_schema()
    leaves: set[str] = set()
    _schema_leaves(schema, schema["$defs"], "", leaves)
    asked = [q.pattern for page in pages().values() for q in page.questions]
    assert len(asked) == len(set(asked)), "a field is asked twice"
    missing = sorted(leaves - set(asked))
    assert not missing, f"fields with no question: {missing}"
    unknown = sorted(set(asked) - leaves)
    assert not unknown, f"questions for fields the schema does not have: {unknown}"
    assert set(schema_fields()) == leaves


def test_types_limits_and_help_come_from_the_schema():
    fields = schema_fields()
    assert fields["alliance.term_years"].kind is Kind.integer
    assert (fields["alliance.term_years"].minimum, fields["alliance.term_years"].maximum) == (1, 25)
    assert fields["alliance.annual_budget"].kind is Kind.money
    assert fields["parties[].margin"].kind is Kind.money
    assert fields["risk_share.underrun.owner_percent"].kind is Kind.percent
    assert fields["alliance.agreement_date"].kind is Kind.date
    assert fields["governance.decision_rule"].choices == (
        "unanimous", "consensus", "majority", "casting-vote")
    assert fields["governance.decision_rule"].default == "unanimous"
    assert fields["alliance.name"].required and not fields["alliance.short_name"].required
    assert "Unanimity is the true-alliance position" in fields["governance.decision_rule"].help
    assert fields["principles.standard"].default[0] == "best-for-service"
    assert fields["parties"].kind is Kind.group and fields["parties"].min_items == 1


def test_every_group_has_an_item_page_and_every_item_page_a_parent():
    groups = [q for q in questions().values() if q.spec.kind is Kind.group]
    for group in groups:
        page = item_page(group.pattern)
        assert page.item_name and page.item_title
        assert all(q.pattern.startswith(group.pattern + "[].") for q in page.questions)
    item_pages = [p for p in pages().values() if p.item is not None]
    assert {p.item for p in item_pages} == {g.pattern for g in groups}
    required_groups = {"parties", "governance.alt.members", "governance.amt", "kras",
                       "kras[].kpis", "contracts.service_contracts",
                       "governance.reserved_powers", "acknowledged_departures"}
    assert required_groups <= {g.pattern for g in groups}


def test_conditions_name_real_fields_and_real_values():
    fields = schema_fields()
    conditional = {q.pattern: q.when for q in questions().values() if q.when}
    conditional.update({f"page:{p.slug}": p.when for p in pages().values() if p.when})
    for where, when in conditional.items():
        spec = fields[when.pattern]
        allowed = set(spec.choices) if spec.choices else {True, False}
        assert set(when.values) <= allowed, where
        assert when.reason, where
    assert conditional["risk_share.starts_on"].values == ("deferred",)
    assert conditional["page:packages"].values == ("framework",)
    assert "pain is shared" in conditional["risk_share.pain_cap.basis"].reason


def test_choice_labels_are_plain_english():
    assert choice_label("majority") == "By majority vote"
    assert choice_label("none", "contracts.service_contracts[].overlay").startswith("No separate")
    assert choice_label("majority-decisions", "acknowledged_departures[].id") == (
        "Key decisions are taken by majority or casting vote")
    assert len(SECTIONS) == 8
