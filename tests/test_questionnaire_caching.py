"""What the questionnaire keeps between requests: per-file caches and the question places."""

from __future__ import annotations

import shutil

from alliancedocs.diagnostics import Diagnostic, Kind
from alliancedocs.questionnaire import checking, store
from alliancedocs.questionnaire.memo import per_file
from questionnaire_support import EXAMPLES


def test_each_file_keeps_its_own_last_results():
    calls: list[tuple[str, str]] = []

    @per_file(keep=2)
    def length(text: str, name: str) -> int:
        calls.append((text, name))
        return len(text)

    assert length("ab", "one.yaml") == 2
    for index in range(100):  # a busy other file does not push this one out
        length("x" * index, "two.yaml")
    assert length("ab", "one.yaml") == 2
    assert calls.count(("ab", "one.yaml")) == 1
    length("abc", "one.yaml")
    length("abcd", "one.yaml")  # only the last two texts of a file are kept
    length("ab", "one.yaml")
    assert calls.count(("ab", "one.yaml")) == 2


def _flag_at(path: tuple) -> Diagnostic:
    return Diagnostic(code="x", kind=Kind.flag, severity="high", path=path,
                      message="m")


def test_places_follow_the_groups_items_not_the_answers(tmp_path):
    answers = tmp_path / "a.yaml"
    shutil.copy(EXAMPLES / "lambeth-rehabilitation.yaml", answers)
    draft = store.read_draft(answers)
    where = checking.places(draft)
    changed = store.save_changes(draft, {("alliance", "short_name"): "Other"}, draft.version)
    assert checking.places(changed) is where
    parties = len(changed.get(("parties",)))
    store.append_item(changed.doc, ("parties",))
    grown = store.save_draft(changed, changed.version)
    more = checking.places(grown)
    assert more is not where
    assert len([p for p in more.every if p.page.slug == "party"]) == len(
        [p for p in where.every if p.page.slug == "party"]) // parties * (parties + 1)
    # A finding goes to the question asking for its path, else the nearest one above it.
    exact = checking.locate(_flag_at(("governance", "decision_rule")), more)
    assert exact is not None and exact.path == ("governance", "decision_rule")
    nested = checking.locate(_flag_at(("alliance", "short_name", "extra")), more)
    assert nested is not None and nested.path == ("alliance", "short_name")
    item = checking.locate(_flag_at(("parties", parties)), more)
    assert item is not None and item.page.slug == "party" and item.indexes == (parties,)
