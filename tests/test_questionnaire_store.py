"""The answers file is the save: round trips keep comments, order and the modeline."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal

import pytest

from alliancedocs.load import load_yaml_text
from alliancedocs.questionnaire import store
from questionnaire_support import EXAMPLES


@pytest.fixture
def lambeth(tmp_path):
    path = tmp_path / "lambeth.yaml"
    shutil.copy(EXAMPLES / "lambeth-rehabilitation.yaml", path)
    return path


def _comments(text: str) -> list[str]:
    return [line.split("#", 1)[1].strip() for line in text.splitlines()
            if "#" in line and not line.lstrip().startswith("- http")]


def test_a_change_keeps_comments_key_order_and_the_modeline(lambeth):
    before = lambeth.read_text()
    draft = store.read_draft(lambeth)
    store.set_answer(draft.doc, ("governance", "decision_rule"), "majority")
    store.set_answer(draft.doc, ("alliance", "annual_budget"), Decimal("10600000.50"))
    store.save_draft(draft, draft.version)
    after = lambeth.read_text()
    assert after.splitlines()[0] == "# yaml-language-server: $schema=../schemas/answers.schema.json"
    assert _comments(after) == _comments(before)
    old = load_yaml_text(before, "old").data
    new = load_yaml_text(after, "new").data
    assert list(new) == list(old)
    assert list(new["governance"]) == list(old["governance"])
    assert new["governance"]["decision_rule"] == "majority"
    assert new["alliance"]["annual_budget"] == Decimal("10600000.50")
    old["governance"]["decision_rule"] = "majority"
    old["alliance"]["annual_budget"] = Decimal("10600000.50")
    assert new == old, "nothing but the two answers changed"


def test_new_keys_go_where_the_schema_orders_them(lambeth):
    draft = store.read_draft(lambeth)
    store.set_answer(draft.doc, ("risk_share", "starts_on"), date(2027, 4, 1))
    saved = store.save_draft(draft, draft.version)
    keys = list(load_yaml_text(saved.text, "x").data["risk_share"])
    assert keys.index("starts_on") == keys.index("regime") + 1
    assert saved.get(("risk_share", "starts_on")) == "2027-04-01"


def test_a_new_file_is_created_at_the_first_save(tmp_path):
    path = tmp_path / "sub" / "new.yaml"
    draft = store.read_draft(path)
    assert not draft.exists and draft.values == {}
    store.set_answer(draft.doc, ("alliance", "name"), "Northbrook Recovery Alliance")
    index = store.append_item(draft.doc, ("parties",))
    store.set_answer(draft.doc, ("parties", index, "legal_name"), "NHS Northbrook ICB")
    saved = store.save_draft(draft, store.NEW_VERSION)
    text = path.read_text()
    assert text.startswith(store.NEW_FILE_HEADER)
    assert saved.values == {"alliance": {"name": "Northbrook Recovery Alliance"},
                            "parties": [{"legal_name": "NHS Northbrook ICB"}]}


def test_multi_line_text_and_look_alike_values_survive_exactly(tmp_path):
    path = tmp_path / "a.yaml"
    draft = store.read_draft(path)
    address = "Town Hall\nHigh Street: Northbrook # not a comment"
    store.set_answer(draft.doc, ("parties",), [])
    store.append_item(draft.doc, ("parties",))
    for key, value in (("registered_address", address), ("short_name", "no"),
                       ("legal_name", "0123"), ("id", "true")):
        store.set_answer(draft.doc, ("parties", 0, key), value)
    saved = store.save_draft(draft, draft.version)
    party = load_yaml_text(saved.text, "x").data["parties"][0]
    assert party == {"registered_address": address, "short_name": "no", "legal_name": "0123",
                     "id": "true"}


def test_removing_the_last_answer_of_a_mapping_removes_the_mapping(lambeth):
    draft = store.read_draft(lambeth)
    assert draft.get(("parties", 0, "registration", "other")) is not store.MISSING
    store.set_answer(draft.doc, ("parties", 0, "registration", "other"), store.MISSING)
    saved = store.save_draft(draft, draft.version)
    assert saved.get(("parties", 0, "registration")) is store.MISSING
    assert saved.get(("parties", 0, "legal_name")) is not store.MISSING


def test_a_save_is_refused_when_the_file_changed_on_disk(lambeth):
    draft = store.read_draft(lambeth)
    lambeth.write_text(lambeth.read_text() + "\n# edited in an editor\n")
    edited = lambeth.read_text()
    store.set_answer(draft.doc, ("governance", "decision_rule"), "majority")
    with pytest.raises(store.Conflict, match="changed after this page was opened"):
        store.save_draft(draft, draft.version)
    assert lambeth.read_text() == edited


def test_a_save_is_refused_when_another_tab_saved_first(lambeth):
    first = store.read_draft(lambeth)
    second = store.read_draft(lambeth)
    store.set_answer(first.doc, ("alliance", "short_name"), "First")
    store.save_draft(first, first.version)
    store.set_answer(second.doc, ("alliance", "short_name"), "Second")
    with pytest.raises(store.Conflict):
        store.save_draft(second, second.version)
    assert "short_name: First" in lambeth.read_text()


def test_files_it_cannot_keep_are_refused_unchanged(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("alliance:\n  name: a\n  name: b\n")
    with pytest.raises(store.Unreadable, match="name"):
        store.read_draft(broken)
    huge = tmp_path / "huge.yaml"
    huge.write_text("# " + "x" * 300_000 + "\n")
    with pytest.raises(store.Unreadable, match="at most"):
        store.read_draft(huge)


def _changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def test_a_changed_scalar_changes_only_its_own_text(lambeth):
    before = lambeth.read_text()
    draft = store.read_draft(lambeth)
    store.save_changes(draft, {("alliance", "annual_budget"): Decimal("10600000.50"),
                               ("kras", 0, "kpis", 0, "thresholds", "mcos"): Decimal("51")},
                       draft.version)
    after = lambeth.read_text()
    changed = _changed_lines(before, after)
    assert len(changed) == 2
    assert changed[0][1].startswith("  annual_budget: 10600000.50 ")
    assert changed[0][1].endswith("# inpatient rehabilitation about 5.5m + placements about 5m")
    assert "mcos: 51," in changed[1][1]


@pytest.mark.parametrize("text", ["no", "a: b", "#hashtag", "  padded", "O'Brien & Sons",
                                  "1e5", "quote \" and \\ backslash", "[list]", "null"])
def test_replaced_text_reads_back_exactly(lambeth, text):
    draft = store.read_draft(lambeth)
    saved = store.save_changes(draft, {("alliance", "short_name"): text,
                                       ("governance", "alt", "members", 0, "name"): text},
                               draft.version)
    assert saved.get(("alliance", "short_name")) == text
    assert saved.get(("governance", "alt", "members", 0, "name")) == text


def _outside(before: str, after: str, old_lines: range, new_count: int) -> None:
    """Assert ``after`` is ``before`` with only the lines ``old_lines`` (1-based) replaced by
    ``new_count`` lines: every other byte as it was."""
    old, new = before.split("\n"), after.split("\n")
    first, last = old_lines.start - 1, old_lines.stop - 1
    assert new[:first] == old[:first]
    assert new[first + new_count:] == old[last:]


def _lines_of(text: str, first: str, count: int) -> range:
    start = text.split("\n").index(first) + 1
    return range(start, start + count)


def test_several_lines_and_lists_change_only_their_own_text(lambeth):
    before = lambeth.read_text()
    draft = store.read_draft(lambeth)
    vision = "People live the lives they choose.\nIn their own communities."
    scope = ("Rehabilitation and recovery support for adults in Lambeth with severe and "
             "enduring mental illness and complex needs, as the commissioners now put it: "
             "assessment, support planning and peer support delivered by one team.")
    objectives = list(draft.get(("alliance", "objectives")))
    objectives[1] = "Manage personal budgets: money follows the person."
    saved = store.save_changes(draft, {("alliance", "vision"): vision}, draft.version)
    after = saved.text
    _outside(before, after, _lines_of(before, "  vision: >-", 3), 3)
    assert "  vision: |-\n    People live the lives they choose.\n    In their own " \
        "communities.\n" in after
    saved = store.save_changes(saved, {("alliance", "service_scope"): scope,
                                       ("alliance", "objectives"): objectives}, saved.version)
    assert saved.get(("alliance", "service_scope")) == scope
    assert saved.get(("alliance", "objectives")) == objectives
    # The folded scope stays folded, refilled to the file's width; the unchanged objectives
    # keep their wrapped text; nothing else moves.
    folded = saved.text.split("\n")
    at = folded.index("  service_scope: >-")
    assert folded[at + 1].startswith("    Rehabilitation and recovery support for adults")
    assert all(len(line) <= 93 for line in folded[at + 1:at + 3])
    old_objectives = [line for line in after.split("\n")
                      if line.startswith(("    - Provide", "      rehabilitation wards"))]
    assert len(old_objectives) == 2 and all(line in folded for line in old_objectives)
    assert '    - "Manage personal budgets: money follows the person."' in folded
    assert _comments(saved.text) == _comments(before)
    assert saved.text.split("  vision: |-")[0].split("  service_scope: >-")[0] == \
        before.split("  service_scope: >-")[0]
    tail = before.split("  outcomes:\n", 1)[1]
    assert saved.text.endswith(tail), "every line after the changed values is untouched"


def test_a_structural_change_goes_through_the_round_trip_keeping_comments_and_order(lambeth):
    before = lambeth.read_text()
    draft = store.read_draft(lambeth)
    store.set_answer(draft.doc, ("alliance", "geography"), store.MISSING)
    index = store.append_item(draft.doc, ("parties",))
    store.set_answer(draft.doc, ("parties", index, "id"), "new-party")
    saved = store.save_draft(draft, draft.version)
    assert saved.get(("alliance", "geography")) is store.MISSING
    assert saved.get(("parties", index)) == {"id": "new-party"}
    assert _comments(saved.text) == _comments(before)
    old = load_yaml_text(before, "old").data
    new = saved.values
    assert list(new) == list(old) and list(new["alliance"]) == [
        k for k in old["alliance"] if k != "geography"]
    assert new["parties"][:-1] == old["parties"]
    assert {k: v for k, v in new.items() if k not in ("alliance", "parties")} == {
        k: v for k, v in old.items() if k not in ("alliance", "parties")}


def test_an_answer_removed_or_added_changes_only_its_own_lines(lambeth):
    before = lambeth.read_text()
    draft = store.read_draft(lambeth)
    saved = store.save_changes(draft, {("alliance", "geography"): store.MISSING,
                                       ("alliance", "objectives"): store.MISSING,
                                       ("parties", 0, "short_name"): store.MISSING},
                               draft.version)
    removed = [line for line in before.split("\n") if line not in saved.text.split("\n")]
    assert removed == [
        "  geography: the London Borough of Lambeth",
        "  objectives:",
        "    - Provide integrated, personalised support packages for around 200 people now in",
        "      rehabilitation wards or in health, nursing and residential spot placements.",
        "    - Manage assessment, support planning and personal budgets for everyone found "
        "eligible,",
        "      so that money follows the person.",
        "    - Reduce reliance on inpatient beds by building community alternatives that work.",
        "    short_name: Lambeth Council"]
    assert len(saved.text.split("\n")) == len(before.split("\n")) - len(removed)
    assert _comments(saved.text) == _comments(before)
    again = store.save_changes(saved, {("alliance", "geography"): "Lambeth",
                                       ("alliance", "objectives"): ["One", "Two"],
                                       ("parties", 0, "short_name"): "Lambeth Council"},
                               saved.version)
    added = [line for line in again.text.split("\n") if line not in saved.text.split("\n")]
    assert added == ["  objectives:", "    - One", "    - Two", "  geography: Lambeth",
                     "    short_name: Lambeth Council"]
    assert len(again.text.split("\n")) == len(saved.text.split("\n")) + 5
    assert again.get(("alliance", "objectives")) == ["One", "Two"]
    assert again.get(("parties", 0, "short_name")) == "Lambeth Council"
    assert _comments(again.text) == _comments(before)
    # Keys go where the schema orders them: the objectives before the outcomes' lead-in
    # comment, the short name after the party's legal name.
    lines = again.text.split("\n")
    outcomes = lines.index("  outcomes:")
    assert lines[outcomes - 5:outcomes - 2] == ["  objectives:", "    - One", "    - Two"]
    assert lines[outcomes - 2].startswith("  # The outcome set comes first")
    legal = lines.index("    legal_name: The Mayor and Burgesses of the London Borough of Lambeth")
    assert lines[legal + 1] == "    short_name: Lambeth Council"


@pytest.mark.parametrize("text", ["two\nlines", "  leading\nspace", "trailing \nspace",
                                  "tab\there\nx", "ends with a newline\n", "\nstarts empty",
                                  "# not a comment\n- not a list", "key: value\n  indented",
                                  "blank\n\nline", "one line after all", "\"quoted\"\n'too'"])
def test_text_over_several_lines_reads_back_exactly(lambeth, text):
    before = lambeth.read_text()
    draft = store.read_draft(lambeth)
    items = [line for line in text.split("\n") if line]
    saved = store.save_changes(draft, {("alliance", "vision"): text,
                                       ("alliance", "objectives"): items}, draft.version)
    assert saved.get(("alliance", "vision")) == text
    assert saved.get(("alliance", "objectives")) == items
    lines = saved.text.split("\n")
    assert all(line in lines for line in before.split("\n") if line.lstrip().startswith("#"))
