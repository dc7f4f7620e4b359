"""Which named template style, and which numbering level, each paragraph of the model takes.

The style ids below are the template's contract: ``templates/base/word/styles.xml`` defines
each of them, and a house ``--reference-doc`` may restyle them by the same ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..docmodel import ParaKind

TABLE_STYLE = "AllianceTable"
TABLE_TEXT_STYLE = "TableText"
TABLE_SPACER_STYLE = "TableSpacer"
TOC_STYLES = ("TOCHeading", "TOC1", "TOC2")
# The heading styles a contents list is built from, by contents level.
CONTENTS_SOURCES = {1: "ClauseHeading", 2: "ScheduleHeading"}
CAPTION_STYLE = "Caption"
RECITAL_NUMERIC_STYLE = "RecitalNumeric"
_NUMERIC_RECITAL = re.compile(r"\(\d+\)")

# Kinds whose numbering starts again in each section (after each heading).
SECTION_NUMBERED = frozenset({ParaKind.recital, ParaKind.schedule_text})
# Kinds that start a new section.
SECTION_HEADINGS = frozenset({ParaKind.title, ParaKind.front_heading, ParaKind.clause_heading,
                              ParaKind.schedule_heading})

_FIXED: dict[ParaKind, str] = {
    ParaKind.title: "Title",
    ParaKind.subtitle: "Subtitle",
    ParaKind.cover: "CoverText",
    ParaKind.front_heading: "FrontHeading",
    ParaKind.body: "Body",
    ParaKind.definition: "Definition",
    ParaKind.schedule_subheading: "ScheduleSubheading",
    ParaKind.signature: "Signature",
}

# Kinds whose style is numbered by the template even at level 0; level 0 switches it off.
_NUMBERED_BY_STYLE: dict[ParaKind, str] = {
    ParaKind.recital: "Recital",
    ParaKind.clause_heading: "ClauseHeading",
    ParaKind.schedule_heading: "ScheduleHeading",
}

# Text kinds: a style per level, the deepest reused (with a deeper ilvl) below it.
_LEVELLED: dict[ParaKind, tuple[str, tuple[str, ...], int]] = {
    # kind: (style at level 0, styles for levels 1..n, deepest ilvl the list defines)
    ParaKind.clause_text: (
        "ClauseContinuation",
        ("ClauseText1", "ClauseText2", "ClauseText3", "ClauseText4"),
        4,
    ),
    ParaKind.schedule_text: (
        "Body",
        ("ScheduleText1", "ScheduleText2", "ScheduleText3", "ScheduleText4"),
        3,
    ),
}


@dataclass(frozen=True)
class ParaStyle:
    """How a paragraph is styled.

    ``style`` is the style id. ``numbered`` says whether the paragraph shows a number;
    ``suppress`` is True when the style is numbered but this paragraph must not be (it then
    gets ``w:numId`` 0). ``ilvl`` is a numbering level to set on the paragraph when it
    differs from the style's own level, else None.
    """

    style: str
    numbered: bool
    suppress: bool = False
    ilvl: int | None = None


def paragraph_style(kind: ParaKind, level: int, number: str = "") -> ParaStyle:
    """Return the style, and any numbering override, for a paragraph of ``kind`` at ``level``.

    ``number`` is the model's number; it only matters for recitals, whose list is lettered
    ("(A)") unless the number shows the front matter asked for figures ("(1)").
    """
    if kind is ParaKind.recital and level > 0 and _NUMERIC_RECITAL.fullmatch(number):
        return ParaStyle(RECITAL_NUMERIC_STYLE, numbered=True)
    if kind in _FIXED:
        return ParaStyle(_FIXED[kind], numbered=False)
    if kind in _NUMBERED_BY_STYLE:
        style = _NUMBERED_BY_STYLE[kind]
        if level <= 0:
            return ParaStyle(style, numbered=False, suppress=True)
        return ParaStyle(style, numbered=True, ilvl=None if level == 1 else level - 1)
    unnumbered, styles, deepest = _LEVELLED[kind]
    if level <= 0:
        return ParaStyle(unnumbered, numbered=False)
    if level <= len(styles):
        return ParaStyle(styles[level - 1], numbered=True)
    return ParaStyle(styles[-1], numbered=True, ilvl=min(level - 1, deepest))


def all_style_ids() -> set[str]:
    """Return every style id the renderer may write (so tests can check the template)."""
    ids = set(_FIXED.values()) | set(_NUMBERED_BY_STYLE.values()) | {RECITAL_NUMERIC_STYLE}
    for unnumbered, styles, _deepest in _LEVELLED.values():
        ids.add(unnumbered)
        ids.update(styles)
    return ids | {TABLE_STYLE, TABLE_TEXT_STYLE, TABLE_SPACER_STYLE, CAPTION_STYLE, "Header",
                  "Footer", *TOC_STYLES}
