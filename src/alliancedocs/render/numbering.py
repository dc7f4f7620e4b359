"""Numbering instances added at render time (restarts), found through the template's styles."""

from __future__ import annotations

from lxml import etree

from ..errors import LibraryError
from .ooxml import w


def style_num_id(styles: etree._Element, style_id: str) -> int:
    """Return the ``w:numId`` a paragraph style (or a style it is based on) is numbered with."""
    by_id = {s.get(w("styleId")): s for s in styles.iter(w("style"))}
    wanted = style_id
    seen: set[str] = set()
    current = by_id.get(style_id)
    while current is not None and style_id not in seen:
        seen.add(style_id)
        num_id = current.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}")
        if num_id is not None:
            return int(num_id.get(w("val"), "0"))
        based = current.find(w("basedOn"))
        style_id = based.get(w("val"), "") if based is not None else ""
        current = by_id.get(style_id)
    raise LibraryError(f"template style {wanted!r} is not linked to a numbering list")


class Restarts:
    """Adds ``w:num`` instances to a numbering part, each restarting an existing list."""

    def __init__(self, numbering: etree._Element) -> None:
        self._numbering = numbering
        used = [int(n.get(w("numId"), "0")) for n in numbering.iter(w("num"))]
        self._next = max(used, default=0) + 1

    def restart(self, base_num_id: int) -> int:
        """Return a new ``w:numId`` for the same list as ``base_num_id``, starting afresh.

        Every level of the list gets a ``w:startOverride`` with its own start value.
        """
        base = self._find_num(base_num_id)
        abstract_id = base.find(w("abstractNumId")).get(w("val"))
        abstract = next(
            (a for a in self._numbering.iter(w("abstractNum"))
             if a.get(w("abstractNumId")) == abstract_id),
            None,
        )
        if abstract is None:
            raise LibraryError(f"numbering list {base_num_id} refers to a missing definition")
        num_id = self._next
        self._next += 1
        num = etree.Element(w("num"))
        num.set(w("numId"), str(num_id))
        etree.SubElement(num, w("abstractNumId")).set(w("val"), abstract_id)
        for lvl in abstract.iter(w("lvl")):
            start = lvl.find(w("start"))
            override = etree.SubElement(num, w("lvlOverride"))
            override.set(w("ilvl"), lvl.get(w("ilvl"), "0"))
            etree.SubElement(override, w("startOverride")).set(
                w("val"), start.get(w("val"), "1") if start is not None else "1")
        cleanup = self._numbering.find(w("numIdMacAtCleanup"))
        if cleanup is not None:
            cleanup.addprevious(num)
        else:
            self._numbering.append(num)
        return num_id

    def _find_num(self, num_id: int) -> etree._Element:
        for num in self._numbering.iter(w("num")):
            if num.get(w("numId")) == str(num_id):
                return num
        raise LibraryError(f"numbering list {num_id} is missing from the template")
