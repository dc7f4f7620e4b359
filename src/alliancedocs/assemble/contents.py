"""The contents list: every numbered clause and schedule heading of an assembled document."""

from __future__ import annotations

import dataclasses

from ..docmodel import Block, Contents, ContentsEntry, Paragraph, ParaKind
from .document import Assembled

CONTENTS_TITLE = "Contents"

_LEVELS = {ParaKind.clause_heading: 1, ParaKind.schedule_heading: 2}


def contents_of(blocks: tuple[Block, ...], title: str = CONTENTS_TITLE) -> Contents:
    """Return the contents list of ``blocks``: each numbered clause and schedule heading.

    A clause shows its number ("12"); a schedule shows "Schedule 3", as its heading does.
    """
    entries = []
    for block in blocks:
        if not (isinstance(block, Paragraph) and block.kind in _LEVELS and block.number
                and block.anchor):
            continue
        level = _LEVELS[block.kind]
        number = block.number if level == 1 else f"Schedule {block.number}"
        entries.append(ContentsEntry(block.anchor, number, block.text, level))
    return Contents(title, tuple(entries))


def with_contents(assembled: Assembled, after: int) -> Assembled:
    """Return ``assembled`` with its contents list inserted after the first ``after`` blocks
    (the title page)."""
    document = assembled.document
    blocks = document.blocks
    contents = contents_of(blocks)
    if not contents.entries:
        return assembled
    document = dataclasses.replace(document,
                                   blocks=(*blocks[:after], contents, *blocks[after:]))
    return dataclasses.replace(assembled, document=document)
