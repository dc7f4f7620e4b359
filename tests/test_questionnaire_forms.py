"""Posted form text becomes the answer it plainly means, and only real changes are saved."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from alliancedocs.questionnaire import forms
from alliancedocs.questionnaire.fields import schema_fields
from alliancedocs.questionnaire.store import MISSING, Draft

FIELDS = schema_fields()


def test_numbers_dates_and_yes_no_are_typed_and_other_text_is_kept_as_typed():
    parse = forms.parse_value
    assert parse(FIELDS["alliance.annual_budget"], " £6,500,000.50 ") == Decimal("6500000.50")
    assert parse(FIELDS["alliance.annual_budget"], "six million") == "six million"
    assert parse(FIELDS["risk_share.underrun.owner_percent"], "50%") == Decimal("50")
    assert parse(FIELDS["alliance.term_years"], "5") == 5
    assert parse(FIELDS["alliance.term_years"], "5.5") == "5.5"
    assert parse(FIELDS["parties[].alliance_member"], "false") is False
    assert parse(FIELDS["alliance.name"], "   ") is MISSING
    assert parse(FIELDS["parties[].registered_address"], "a\r\nb") == "a\nb"
    assert parse(FIELDS["alliance.objectives"], "one\r\n\r\n two \n") == ["one", "two"]
    assert forms._date("2", "3", "2026") == date(2026, 3, 2)
    assert forms._date("30", "2", "2026") == "2026-02-30"
    assert forms._date("", "", "") is MISSING


def test_only_changes_are_saved():
    draft = Draft.__new__(Draft)
    draft.values = {"alliance": {"annual_budget": 6500000, "name": "A"},
                    "parties": [{"registration": {"charity_number": "0123"}}]}
    posted = {
        ("alliance", "annual_budget"): Decimal("6500000.00"),
        ("alliance", "name"): "A",
        ("alliance", "extension_years"): 0,
        ("alliance", "short_name"): MISSING,
        ("parties", 0, "registration", "charity_number"): "123",
        ("governance", "decision_rule"): "majority",
    }
    defaults = {("alliance", "extension_years"): 0}
    assert forms.changes(draft, posted, defaults) == {
        ("parties", 0, "registration", "charity_number"): "123",
        ("governance", "decision_rule"): "majority",
    }


def test_field_names_ids_and_paths():
    path = forms.concrete("kras[].kpis[].thresholds.stretch", (2, 0))
    assert path == ("kras", 2, "kpis", 0, "thresholds", "stretch")
    assert forms.field_name(path) == "kras.2.kpis.0.thresholds.stretch"
    assert forms.field_id(path) == "f-kras-2-kpis-0-thresholds-stretch"
    assert forms.parse_path("kras.2.kpis") == ("kras", 2, "kpis")
    assert forms.parse_path("../etc") is None and forms.parse_path("kras.") is None
    assert forms.shown_value(FIELDS["alliance.agreement_date"], "2026-03-02") == (
        "2", "3", "2026")
    assert forms.shown_value(FIELDS["governance.decision_rule"], MISSING) == "unanimous"
