"""Align two document models clause by clause, and paragraphs within each clause.

Clauses are matched by their clause id, paragraphs by their anchor and then by content.
Cross-references compare by anchor, never by number, so renumbering is reported as
renumbering and never as a change of text. Inside a changed paragraph the comparison is
word by word, with a defined-term use or a cross-reference as one token; a paragraph that is
mostly rewritten is shown replaced whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

from ..docmodel import (
    Block,
    Cell,
    Contents,
    CrossRef,
    Document,
    Inline,
    Paragraph,
    ParaKind,
    Run,
    Table,
)

OPENING = "_opening"
"""The section id of the blocks before the first clause heading (the title page)."""

HEADING_KINDS = frozenset({ParaKind.front_heading, ParaKind.clause_heading,
                           ParaKind.schedule_heading})

REWRITE_THRESHOLD = 0.5
"""A paragraph whose words are less than this similar is shown deleted and inserted whole."""

_WORD_BOOKMARK = re.compile(r"_Ref\d+")
"""The name Word gives the hidden bookmark on the target of a cross-reference it inserts
(a build's own bookmarks are ``_Ref_`` and a clause's id)."""

RESTYLE_THRESHOLD = 0.8
"""Two paragraphs of different kinds or levels are the same paragraph restyled only when
their words are at least this similar."""


class Op(StrEnum):
    """How a block, section or piece of text changed."""

    equal = "equal"
    changed = "changed"
    inserted = "inserted"
    deleted = "deleted"


# Sections ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Section:
    """One clause (or schedule, or front or back matter) of a document: its heading first."""

    clause_id: str
    variant_id: str | None
    position: str | None
    blocks: tuple[Block, ...]

    @property
    def heading(self) -> Paragraph | None:
        """Return the heading paragraph, or ``None`` for the opening section."""
        first = self.blocks[0] if self.blocks else None
        if isinstance(first, Paragraph) and first.kind in HEADING_KINDS:
            return first
        return None

    @property
    def title(self) -> str:
        """Return the section's title as a reader knows it ("Clause 7 Decision-making")."""
        heading = self.heading
        if heading is None:
            return "Title page"
        if heading.kind is ParaKind.clause_heading and heading.number:
            return f"Clause {heading.number} ({heading.text})"
        if heading.kind is ParaKind.schedule_heading and heading.number:
            return f"Schedule {heading.number} ({heading.text})"
        return heading.text


@dataclass(frozen=True)
class Choice:
    """The variant a clause took: its id and position (standard, fallback, watered-down)."""

    clause_id: str
    variant_id: str
    position: str


def sections(document: Document, choices: Sequence[Choice] | None) -> list[Section]:
    """Split ``document`` into its sections, one per clause heading.

    ``choices`` are the clauses the assembler included, in order (one heading each). When
    they are unknown (a document read back from a file), a section is named by its heading's
    anchor or text.
    """
    starts = [i for i, b in enumerate(document.blocks)
              if isinstance(b, Paragraph) and b.kind in HEADING_KINDS]
    if choices is not None and len(choices) != len(starts):
        raise ValueError(f"{len(starts)} clause headings but {len(choices)} chosen clauses")
    found = []
    if not starts or starts[0] > 0:
        found.append(Section(OPENING, None, None, document.blocks[: starts[0] if starts else None]))
    seen: dict[str, int] = {}
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(document.blocks)
        heading = document.blocks[start]
        assert isinstance(heading, Paragraph)
        if choices is not None:
            choice = choices[n]
            found.append(Section(choice.clause_id, choice.variant_id, choice.position,
                                 document.blocks[start:end]))
            continue
        key = heading.anchor or f"heading:{heading.text}"
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key = f"{key}#{seen[key]}"
        found.append(Section(key, None, None, document.blocks[start:end]))
    return found


# Tokens -----------------------------------------------------------------------------------

_WORDS = re.compile(r"\w+(?:[’'\-]\w+)*|\s+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Token:
    """One word, space or mark of a paragraph, or a whole term use or cross-reference.

    ``key`` is what comparison looks at: a cross-reference's key is its anchor, not its
    number. ``inline`` is the piece of the model it came from.
    """

    key: tuple[str, ...]
    inline: Inline

    @property
    def is_word(self) -> bool:
        """Return True for a word, term or reference; False for space and punctuation."""
        return self.key[0] != "t" or bool(re.match(r"\w", self.key[1]))


def tokens(inlines: Sequence[Inline]) -> list[Token]:
    """Return the comparison tokens of a run of inline content."""
    out: list[Token] = []
    for inline in inlines:
        if isinstance(inline, Run):
            for piece in _WORDS.findall(inline.text):
                out.append(Token(("t", piece, str(inline.bold), str(inline.italic)),
                                 Run(piece, inline.bold, inline.italic)))
        elif isinstance(inline, CrossRef):
            out.append(Token(("ref", inline.anchor), inline))
        else:
            out.append(Token(("term", inline.term, inline.text), inline))
    return out


def merge_runs(inlines: Sequence[Inline]) -> tuple[Inline, ...]:
    """Return ``inlines`` with adjacent runs of the same form joined into one."""
    merged: list[Inline] = []
    for inline in inlines:
        last = merged[-1] if merged else None
        if (isinstance(inline, Run) and isinstance(last, Run) and last.bold == inline.bold
                and last.italic == inline.italic):
            merged[-1] = Run(last.text + inline.text, last.bold, last.italic)
        else:
            merged.append(inline)
    return tuple(merged)


@dataclass(frozen=True)
class Segment:
    """A piece of a compared paragraph.

    ``op`` is ``equal`` (``new`` holds the text, its cross-references with their NEW
    numbers), ``deleted`` (``old`` holds the text) or ``inserted`` (``new``).
    """

    op: Op
    old: tuple[Inline, ...] = ()
    new: tuple[Inline, ...] = ()


def similarity(old: Sequence[Inline], new: Sequence[Inline]) -> float:
    """Return how alike two runs of text are (0 to 1), word by word."""
    a, b = [t.key for t in tokens(old)], [t.key for t in tokens(new)]
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def inline_diff(old: Sequence[Inline], new: Sequence[Inline]) -> list[Segment]:
    """Return the word-level comparison of two runs of inline content.

    Short unchanged stretches (spaces, punctuation, one short word) between two changes are
    folded into the change, so a reader sees whole phrases. A mostly rewritten text comes
    back as one deletion and one insertion.
    """
    a, b = tokens(old), tokens(new)
    if [t.key for t in a] == [t.key for t in b]:
        return [Segment(Op.equal, new=tuple(new))] if new else []
    matcher = SequenceMatcher(None, [t.key for t in a], [t.key for t in b], autojunk=False)
    if (a or b) and matcher.ratio() < REWRITE_THRESHOLD:
        return _pieces(Op.deleted, a, ()) + _pieces(Op.inserted, (), b)
    chunks = [[tag, a[i1:i2], b[j1:j2]] for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    for n in range(1, len(chunks) - 1):
        tag, left, _right = chunks[n]
        if tag == "equal" and chunks[n - 1][0] != "equal" and chunks[n + 1][0] != "equal":
            words = [t for t in left if t.is_word]
            if not words or (len(words) == 1 and len(words[0].key[1]) <= 3):
                chunks[n][0] = "replace"
    segments: list[Segment] = []
    pending_old: list[Token] = []
    pending_new: list[Token] = []

    def flush() -> None:
        segments.extend(_pieces(Op.deleted, pending_old, ()))
        segments.extend(_pieces(Op.inserted, (), pending_new))
        pending_old.clear()
        pending_new.clear()

    for tag, left, right in chunks:
        if tag != "equal":
            pending_old.extend(left)
            pending_new.extend(right)
            continue
        flush()
        segments.append(Segment(Op.equal, new=merge_runs([t.inline for t in right])))
    flush()
    return segments


def _pieces(op: Op, old: Sequence[Token], new: Sequence[Token]) -> list[Segment]:
    if not old and not new:
        return []
    return [Segment(op, merge_runs([t.inline for t in old]), merge_runs([t.inline for t in new]))]


# Blocks -----------------------------------------------------------------------------------

def _inline_key(inlines: Sequence[Inline]) -> tuple[tuple[str, ...], ...]:
    return tuple(t.key for t in tokens(inlines))


def _cell_key(cell: Cell) -> tuple[object, ...]:
    return (cell.bold, cell.shade, tuple(_inline_key(p) for p in cell.paragraphs))


def block_key(block: Block) -> tuple[object, ...]:
    """Return what decides whether two blocks are the same (reference numbers excluded)."""
    if isinstance(block, Paragraph):
        # Word bookmarks a paragraph ("_Ref" and digits) when a cross-reference to it is
        # inserted: that marks the reference's target, it does not change the paragraph.
        anchor = None if block.anchor and _WORD_BOOKMARK.fullmatch(block.anchor) \
            else block.anchor
        return ("p", block.kind.value, block.level, anchor, block.page_break_before,
                block.keep_with_next, _inline_key(block.inlines))
    if isinstance(block, Contents):
        # Entry numbers follow the headings' numbers: renumbering, not a change of text.
        return ("contents", block.title,
                tuple((e.anchor, e.title, e.level) for e in block.entries))
    # Column widths are layout, and a word processor rounds them when it saves the file.
    return ("table", block.caption, len(block.widths), tuple(_cell_key(c) for c in block.header),
            tuple(tuple(_cell_key(c) for c in row) for row in block.rows))


def cell_text(cells: Sequence[Cell]) -> list[Inline]:
    """Return a row's cells as one run of inline content, for similarity."""
    out: list[Inline] = []
    for cell in cells:
        for para in cell.paragraphs:
            out.extend(para)
            out.append(Run(" | "))
    return out


@dataclass(frozen=True)
class Pair:
    """Two aligned blocks (or rows): ``old`` is ``None`` when inserted, ``new`` when deleted."""

    op: Op
    old: object | None
    new: object | None


def _pairable(old: Block, new: Block) -> bool:
    if isinstance(old, Paragraph) and isinstance(new, Paragraph):
        if old.anchor and old.anchor == new.anchor:
            return True
        if old.anchor and new.anchor and old.anchor != new.anchor:
            return False
        if (old.kind, old.level) != (new.kind, new.level):
            # A change of style is shown as such only when the words barely changed.
            return similarity(old.inlines, new.inlines) >= RESTYLE_THRESHOLD
        return similarity(old.inlines, new.inlines) >= REWRITE_THRESHOLD
    if isinstance(old, Contents) and isinstance(new, Contents):
        return True
    if isinstance(old, Table) and isinstance(new, Table):
        return len(old.widths) == len(new.widths) and (
            old.caption == new.caption or similarity(cell_text(old.header),
                                                     cell_text(new.header)) >= 0.8)
    return False


def align(old: Sequence[object], new: Sequence[object], key, pairable) -> list[Pair]:  # type: ignore[no-untyped-def]
    """Return the alignment of two sequences: equal items by ``key``, then, between them,
    items that ``pairable`` accepts as the same item changed, in order."""
    matcher = SequenceMatcher(None, [key(x) for x in old], [key(x) for x in new],
                              autojunk=False)
    pairs: list[Pair] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(Pair(Op.equal, o, n) for o, n in zip(old[i1:i2], new[j1:j2],
                                                              strict=True))
            continue
        j = j1
        for o in old[i1:i2]:
            match = next((k for k in range(j, j2) if pairable(o, new[k])), None)
            if match is None:
                pairs.append(Pair(Op.deleted, o, None))
                continue
            pairs.extend(Pair(Op.inserted, None, n) for n in new[j:match])
            pairs.append(Pair(Op.changed, o, new[match]))
            j = match + 1
        pairs.extend(Pair(Op.inserted, None, n) for n in new[j:j2])
    return pairs


def align_blocks(old: Sequence[Block], new: Sequence[Block]) -> list[Pair]:
    """Return the alignment of two clauses' blocks."""
    return align(old, new, block_key, _pairable)


def align_rows(old: Table, new: Table) -> list[Pair]:
    """Return the alignment of two tables' body rows (their headers are compared apart)."""
    def key(row: tuple[Cell, ...]) -> tuple[object, ...]:
        return tuple(_cell_key(c) for c in row)

    def pairable(a: tuple[Cell, ...], b: tuple[Cell, ...]) -> bool:
        if a and b and a[0].text and a[0].text == b[0].text:
            return True
        return similarity(cell_text(a), cell_text(b)) >= REWRITE_THRESHOLD

    return align(old.rows, new.rows, key, pairable)


# Documents --------------------------------------------------------------------------------

@dataclass(frozen=True)
class SectionDiff:
    """One clause compared: its sections in OLD and NEW and its aligned blocks."""

    clause_id: str
    old: Section | None
    new: Section | None
    pairs: tuple[Pair, ...]

    @property
    def op(self) -> Op:
        """Return ``inserted``/``deleted`` for a clause only in one version, ``changed`` when
        any block's text changed, else ``equal`` (renumbering alone is ``equal``)."""
        if self.old is None:
            return Op.inserted
        if self.new is None:
            return Op.deleted
        return Op.equal if all(p.op is Op.equal for p in self.pairs) else Op.changed

    @property
    def variant_changed(self) -> bool:
        """Return True when both versions have the clause with different variants."""
        return (self.old is not None and self.new is not None
                and self.old.variant_id != self.new.variant_id)


@dataclass(frozen=True)
class DocumentDiff:
    """Two versions of one document, clause by clause. Either side is ``None`` when the
    document exists in one version only."""

    name: str
    old: Document | None
    new: Document | None
    sections: tuple[SectionDiff, ...]

    @property
    def changed(self) -> bool:
        """Return True when anything but reference numbers changed."""
        return any(s.op is not Op.equal for s in self.sections)


def diff_documents(name: str, old: Document | None, new: Document | None,
                   old_choices: Sequence[Choice] | None = None,
                   new_choices: Sequence[Choice] | None = None) -> DocumentDiff:
    """Return the clause-by-clause comparison of two versions of the document ``name``."""
    old_sections = sections(old, old_choices) if old is not None else []
    new_sections = sections(new, new_choices) if new is not None else []
    section_pairs = align(old_sections, new_sections, lambda s: s.clause_id,
                          lambda a, b: a.clause_id == b.clause_id)
    found = []
    for pair in section_pairs:
        o, n = pair.old, pair.new
        assert o is None or isinstance(o, Section)
        assert n is None or isinstance(n, Section)
        if o is not None and n is not None:
            blocks = align_blocks(o.blocks, n.blocks)
        elif o is not None:
            blocks = [Pair(Op.deleted, b, None) for b in o.blocks]
        else:
            assert n is not None
            blocks = [Pair(Op.inserted, None, b) for b in n.blocks]
        found.append(SectionDiff((o or n).clause_id, o, n, tuple(blocks)))  # type: ignore[union-attr]
    return DocumentDiff(name, old, new, tuple(found))


def renumbering(diff: DocumentDiff) -> list[tuple[str, str]]:
    """Return (old number, new number) for every kept numbered paragraph whose number moved."""
    moved = []
    for section in diff.sections:
        for pair in section.pairs:
            o, n = pair.old, pair.new
            if (isinstance(o, Paragraph) and isinstance(n, Paragraph) and o.number
                    and n.number and o.number != n.number):
                moved.append((o.number, n.number))
    return moved
