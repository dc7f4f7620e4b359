"""Table column widths: relative widths scaled to the page, and columns widened to fit words.

A fixed-layout table (the only kind the renderer writes) breaks a word that is wider than
its cell in the middle, in Word and LibreOffice alike; ``w:noWrap`` only acts on tables laid
out automatically. So a column whose words must never break, such as a money column,
is made at least as wide as its widest word, measured with the advance widths of Arial
(and Liberation Sans, which has the same metrics), and the width comes from the other
columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..errors import LibraryError

CELL_PADDING = 216
"""Left plus right cell margin of the template's table style (108 twips each)."""

SAFETY = 1.08
"""Allowance for fonts slightly wider than Arial and for rounding in the layout."""

SHRINK_LIMIT = 0.5
"""Another column gives up at most this share of its width to an unbroken column."""

# Advance widths of Arial Regular in thousandths of an em, by character.
_NARROW = dict.fromkeys(" ,.:;'!|il\u00a0", 278) | dict.fromkeys("fjtI[]/\\", 278)
_MEDIUM = dict.fromkeys("-()r\u2011\u2010", 333) | dict.fromkeys("\"*", 355)
_WIDE = dict.fromkeys("mM", 833) | dict.fromkeys("%W", 889) | {"w": 722, "@": 1015}
_UPPER = 722
_DEFAULT = 556  # digits, £, $, €, +, and most lower-case letters
_BOLD = 1.07
_BREAKS = re.compile(r"[\s\u00ad]+")


def text_width(text: str, font_pt: float, *, bold: bool = False) -> int:
    """Return an estimate of the width of ``text`` in twips at ``font_pt`` points."""
    units = 0
    for char in text:
        if char in _NARROW:
            units += _NARROW[char]
        elif char in _MEDIUM:
            units += _MEDIUM[char]
        elif char in _WIDE:
            units += _WIDE[char]
        elif char.isupper():
            units += _UPPER
        else:
            units += _DEFAULT
    factor = _BOLD if bold else 1.0
    return round(units * factor * font_pt * 20 / 1000)


def widest_word(lines: Iterable[tuple[str, bool]], font_pt: float) -> int:
    """Return the width in twips a cell needs so that none of its words breaks.

    ``lines`` are ``(text, bold)`` pairs; a word is a run of text between spaces, tabs,
    line breaks or soft hyphens (where a break is allowed). The cell margins and
    :data:`SAFETY` are included.
    """
    widest = 0
    for text, bold in lines:
        for word in _BREAKS.split(text):
            widest = max(widest, text_width(word, font_pt, bold=bold))
    return round(widest * SAFETY) + CELL_PADDING if widest else 0


def scale_widths(relative: Sequence[int], total: int) -> list[int]:
    """Return column widths in twips proportional to ``relative`` and summing to ``total``."""
    if not relative or any(r <= 0 for r in relative):
        raise LibraryError(f"table column widths must be positive numbers, got {list(relative)}")
    whole = sum(relative)
    widths = [total * r // whole for r in relative]
    widths[-1] += total - sum(widths)
    return widths


def fit_columns(widths: Sequence[int], needs: dict[int, int]) -> list[int]:
    """Return ``widths`` with each column in ``needs`` widened to its need, where it can be.

    The width comes from the other columns in proportion to their widths, each giving up
    at most :data:`SHRINK_LIMIT` of it; the total is unchanged. A column that cannot get
    all it needs gets as much as the others can give, shared in proportion to its need.
    """
    fitted = list(widths)
    short = {i: need - fitted[i] for i, need in needs.items() if need > fitted[i]}
    if not short:
        return fitted
    donors = [i for i in range(len(fitted)) if i not in needs]
    available = sum(int(fitted[i] * SHRINK_LIMIT) for i in donors)
    wanted = sum(short.values())
    granted = min(wanted, available)
    if not granted:
        return fitted
    donor_total = sum(fitted[i] for i in donors)
    taken = 0
    for i in donors:
        give = granted * fitted[i] // donor_total
        fitted[i] -= give
        taken += give
    receivers = sorted(short)
    given = 0
    for i in receivers:
        share = taken * short[i] // wanted
        fitted[i] += share
        given += share
    fitted[receivers[-1]] += taken - given
    return fitted
