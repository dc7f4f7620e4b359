"""The number Word shows for each numbered paragraph, computed from a package's XML.

Numbering in a generated document is automatic (styles linked to lists), so the numbers
are not in the text. This reads them as Word would: the paragraph's own ``w:numPr`` or its
style's, the level text and format from ``numbering.xml``, counters per list, deeper levels
reset when a shallower one advances, and a ``w:startOverride`` restarting a list.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from .ooxml import w

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def format_number(value: int, fmt: str) -> str:
    """Return ``value`` in the list format ``fmt`` (``decimal``, ``lowerLetter``...)."""
    if fmt in ("lowerLetter", "upperLetter"):
        letter = _LETTERS[(value - 1) % 26] * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = ""
        for amount, numeral in _ROMAN:
            while value >= amount:
                roman += numeral
                value -= amount
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "none":
        return ""
    return str(value)


def _val(node: etree._Element | None, default: str | None = None) -> str | None:
    return default if node is None else node.get(w("val"), default)


class Numbering:
    """Numbers paragraphs in document order; call :meth:`number` once per paragraph."""

    def __init__(self, styles: etree._Element | None, numbering: etree._Element | None) -> None:
        style_nodes = [] if styles is None else styles.findall(w("style"))
        self._styles = {s.get(w("styleId")): s for s in style_nodes}
        self._abstracts = {} if numbering is None else {
            a.get(w("abstractNumId")): a for a in numbering.findall(w("abstractNum"))}
        self._nums = {} if numbering is None else {
            n.get(w("numId")): n for n in numbering.findall(w("num"))}
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()

    def _chain(self, style_id: str | None) -> Iterator[etree._Element]:
        seen: set[str] = set()
        while style_id and style_id in self._styles and style_id not in seen:
            seen.add(style_id)
            yield self._styles[style_id]
            style_id = _val(self._styles[style_id].find(w("basedOn")))

    def resolve(self, p: etree._Element) -> tuple[str, int] | None:
        """Return the (``numId``, level) a paragraph is numbered with, or ``None``."""
        ppr = p.find(w("pPr"))
        style_id = _val(ppr.find(w("pStyle"))) if ppr is not None else None
        num_id = _val(ppr.find(f"{w('numPr')}/{w('numId')}")) if ppr is not None else None
        ilvl = _val(ppr.find(f"{w('numPr')}/{w('ilvl')}")) if ppr is not None else None
        for style in self._chain(style_id):
            if num_id is None:
                num_id = _val(style.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}"))
            if ilvl is None:
                ilvl = _val(style.find(f"{w('pPr')}/{w('numPr')}/{w('ilvl')}"))
        if num_id is None or num_id == "0" or num_id not in self._nums:
            return None
        if ilvl is None:
            ilvl = next((lvl.get(w("ilvl"), "0") for lvl in self._abstract(num_id).findall(
                w("lvl")) if _val(lvl.find(w("pStyle"))) == style_id), "0")
        return num_id, int(ilvl)

    def _abstract(self, num_id: str) -> etree._Element:
        abstract = self._abstracts.get(_val(self._nums[num_id].find(w("abstractNumId"))))
        return abstract if abstract is not None else etree.Element(w("abstractNum"))

    def _lvl(self, num_id: str, ilvl: int) -> etree._Element | None:
        for override in self._nums[num_id].findall(w("lvlOverride")):
            if override.get(w("ilvl")) == str(ilvl) and override.find(w("lvl")) is not None:
                return override.find(w("lvl"))
        return next((lvl for lvl in self._abstract(num_id).findall(w("lvl"))
                     if lvl.get(w("ilvl")) == str(ilvl)), None)

    def _start(self, num_id: str, ilvl: int) -> int:
        lvl = self._lvl(num_id, ilvl)
        return int(_val(lvl.find(w("start")) if lvl is not None else None, "1") or 1)

    def number(self, p: etree._Element) -> str:
        """Return the number ``p`` shows ("" when unnumbered), advancing the counters."""
        resolved = self.resolve(p)
        if resolved is None:
            return ""
        num_id, ilvl = resolved
        abstract_id = _val(self._nums[num_id].find(w("abstractNumId"))) or ""
        counters = self._counters.setdefault(abstract_id, {})
        if num_id not in self._started:
            self._started.add(num_id)
            for override in self._nums[num_id].findall(w("lvlOverride")):
                start = override.find(w("startOverride"))
                if start is not None:
                    counters[int(override.get(w("ilvl"), "0"))] = int(_val(start, "1") or 1) - 1
        lvl = self._lvl(num_id, ilvl)
        if lvl is None:
            return ""
        counters[ilvl] = counters.get(ilvl, self._start(num_id, ilvl) - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = _val(lvl.find(w("lvlText")), "") or ""
        for level in range(9):
            token = f"%{level + 1}"
            if token in text:
                value = counters.get(level, self._start(num_id, level))
                fmt_lvl = self._lvl(num_id, level)
                fmt = _val(fmt_lvl.find(w("numFmt")) if fmt_lvl is not None else None,
                           "decimal") or "decimal"
                text = text.replace(token, format_number(value, fmt))
        return text
