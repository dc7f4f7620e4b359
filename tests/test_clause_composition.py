"""Clause composition: a shared base with named blocks, and shared paragraphs, compose into
exactly the text a variant would otherwise repeat; mistakes fail the load with the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancedocs.errors import LibraryError
from alliancedocs.library.clause_files import compose_variants

HERE = Path("clauses/agreement/999-x.yaml")


def _clause(**extra: object) -> dict:
    return {"id": "x", "title": "X", "kind": "clause", "order": 1, **extra}


def test_a_variant_overrides_only_its_blocks_and_keeps_the_base_elsewhere() -> None:
    data = _clause(base="- {#a} Common.\n\n{% block rule %}- {#r} Default.{% endblock %}\n\n"
                        "- {#z} End.\n",
                   variants=[{"id": "one", "blocks": {"rule": "- {#r} Own rule."}},
                             {"id": "two"}])
    composed = compose_variants(data, HERE)
    assert [v["text"] for v in composed["variants"]] == [
        "- {#a} Common.\n\n- {#r} Own rule.\n\n- {#z} End.\n",
        "- {#a} Common.\n\n- {#r} Default.\n\n- {#z} End.\n"]


def test_shared_paragraphs_are_written_once_and_used_where_named() -> None:
    data = _clause(shared={"s_cap": "- {#cap} The cap.\n"},
                   variants=[{"id": "one", "text": "- A.\n\n{% block s_cap %}{% endblock %}"},
                             {"id": "two", "text": "{% block s_cap %}{% endblock %}\n\n- B."}])
    composed = compose_variants(data, HERE)
    assert [v["text"] for v in composed["variants"]] == ["- A.\n\n- {#cap} The cap.",
                                                         "- {#cap} The cap.\n\n- B."]


@pytest.mark.parametrize(("data", "message"), [
    (_clause(base="{% block rule %}{% endblock %}",
             variants=[{"id": "one", "blocks": {"rul": "x"}}]), "the base has no block 'rul'"),
    (_clause(base="{% block rule %}{% endblock %}", variants=[{"id": "one", "text": "x"}]),
     "takes `blocks`, not `text`"),
    (_clause(shared={"s_unused": "x"}, variants=[{"id": "one", "text": "y"}]),
     "shared text never used: s_unused"),
])
def test_composition_mistakes_fail_the_load_naming_the_file(data: dict, message: str) -> None:
    with pytest.raises(LibraryError) as caught:
        compose_variants(data, HERE)
    assert str(HERE) in str(caught.value) and message in str(caught.value)
