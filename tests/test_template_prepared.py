"""A template prepared once per build fills each document exactly as filling it afresh does."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from alliancedocs.render import DEFAULT_TEMPLATE, prepare_template
from alliancedocs.render.package import load_template
from alliancedocs.render.placeholders import fill_placeholders
from alliancedocs.render.reference import apply_reference_doc

TRICKY = [
    {"header_text": "Lambeth Living Well", "draft_label": "DRAFT", "title": "Agreement"},
    {"header_text": "Smith & <Co> \"quoted\" 'single'", "draft_label": "",
     "title": "Überschrift — £5 & €6 ✓"},
    {"header_text": "{{ title }} {% raw %}", "draft_label": "]]> &amp;", "title": "\x01bell"},
    {"header_text": "two\nlines", "draft_label": "tab\there", "title": "cr\rhere"},
]


def _afresh(template: Path, values: dict[str, str], reference: Path | None = None) -> dict:
    parts = fill_placeholders(load_template(template), values)
    if reference is not None:
        apply_reference_doc(parts, reference)
    return parts


@pytest.mark.parametrize("values", TRICKY)
def test_prepared_template_fills_like_docxtpl_afresh(values: dict[str, str]) -> None:
    prepared = prepare_template(DEFAULT_TEMPLATE)
    assert prepared.marked is not None  # the house template only prints its values
    assert prepared.filled(values) == _afresh(DEFAULT_TEMPLATE, values)
    # Filling does not change the prepared template: the next document starts clean.
    assert prepared.filled(TRICKY[0]) == _afresh(DEFAULT_TEMPLATE, TRICKY[0])


def test_prepared_template_with_a_reference_doc(tmp_path: Path) -> None:
    house = docx.Document()
    house.styles["Normal"].font.name = "DejaVu Serif"
    house.save(tmp_path / "house.docx")
    prepared = prepare_template(DEFAULT_TEMPLATE, tmp_path / "house.docx")
    for values in TRICKY:
        assert prepared.filled(values) == _afresh(DEFAULT_TEMPLATE, values,
                                                  tmp_path / "house.docx")


def test_a_template_whose_placeholders_do_more_is_filled_afresh(tmp_path: Path) -> None:
    template = tmp_path / "base"
    shutil.copytree(DEFAULT_TEMPLATE, template)
    header = template / "word" / "header1.xml"
    header.write_text(header.read_text(encoding="utf-8").replace(
        "{{ header_text }}", "{{ header_text | upper }}"), encoding="utf-8")
    prepared = prepare_template(template)
    assert prepared.marked is None
    filled = prepared.filled(TRICKY[1])
    assert filled == _afresh(template, TRICKY[1])
    assert "SMITH &amp; &lt;CO&gt;" in filled["word/header1.xml"].decode()
