"""The document model: what a generated document says, independent of WordprocessingML.

The assembler builds a :class:`Document`; the renderer turns it into a ``.docx``; the diff
and the questionnaire preview read it. Numbers are computed by the assembler and stored
here, so cross-references carry their final number and tests can check numbering without
a word processor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


@dataclass(frozen=True)
class Run:
    """Plain text, optionally bold or italic."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class TermUse:
    """A use of a defined term, shown as ``text`` (which may be a plural form)."""

    term: str
    text: str


@dataclass(frozen=True)
class CrossRef:
    """A reference to a numbered clause, paragraph or schedule.

    ``anchor`` is the bookmark name of the target; ``number`` is the target's final number
    (such as ``12.3`` or ``4``), which the renderer writes as the field's cached result.
    """

    anchor: str
    number: str


Inline = Run | TermUse | CrossRef


class ParaKind(StrEnum):
    """The role a paragraph plays; the renderer maps each kind to a named style."""

    title = "title"
    subtitle = "subtitle"
    cover = "cover"
    front_heading = "front_heading"
    body = "body"
    recital = "recital"
    clause_heading = "clause_heading"
    clause_text = "clause_text"
    definition = "definition"
    schedule_heading = "schedule_heading"
    schedule_subheading = "schedule_subheading"
    schedule_text = "schedule_text"
    signature = "signature"


@dataclass(frozen=True)
class Paragraph:
    """One paragraph.

    ``level`` is the numbering level: 1 for a clause heading ("12"), 2 for "12.1", 3 for
    "12.1.1", 4 for "(a)". ``level`` 0 means the paragraph is not numbered. ``number`` is
    the computed number shown for a numbered paragraph ("" when unnumbered). ``anchor`` is
    the bookmark name other paragraphs use to refer to this one, if any.
    """

    kind: ParaKind
    inlines: tuple[Inline, ...]
    level: int = 0
    number: str = ""
    anchor: str | None = None
    page_break_before: bool = False
    keep_with_next: bool = False

    @property
    def text(self) -> str:
        """Return the paragraph's visible text, with cross-references as their numbers."""
        return "".join(
            i.number if isinstance(i, CrossRef) else i.text for i in self.inlines
        )


@dataclass(frozen=True)
class Cell:
    """A table cell: one or more paragraphs of inline content."""

    paragraphs: tuple[tuple[Inline, ...], ...]
    bold: bool = False
    shade: bool = False

    @property
    def text(self) -> str:
        """Return the cell's text, paragraphs joined by newlines."""
        return "\n".join(
            "".join(i.number if isinstance(i, CrossRef) else i.text for i in para)
            for para in self.paragraphs
        )


@dataclass(frozen=True)
class Table:
    """A table with a repeated header row, and the layout it needs to read well.

    ``widths`` are relative column widths (they are scaled to the text width).
    ``group_rows`` are the indexes (in ``rows``) of rows that head a group of the rows
    after them: such a row is never left alone at the foot of a page. ``unbroken_columns``
    are the indexes of columns, such as money columns, whose words must never break
    across lines: the renderer widens them to fit their longest word. ``row_height`` is
    the least height of each body row in points (0: as tall as its text), for example
    room to sign in.
    """

    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[int, ...]
    caption: str | None = None
    group_rows: tuple[int, ...] = ()
    unbroken_columns: tuple[int, ...] = ()
    row_height: int = 0


@dataclass(frozen=True)
class ContentsEntry:
    """One line of a contents list: a numbered heading, shown as its number and title.

    ``number`` is the number as the heading displays it (``12``, ``Schedule 3``);
    ``anchor`` is the heading's anchor, which the entry links to; ``level`` is 1 for a
    clause and 2 for a schedule.
    """

    anchor: str
    number: str
    title: str
    level: int

    @property
    def text(self) -> str:
        """Return the entry as it reads: number, a tab, then title."""
        return f"{self.number}\t{self.title}"


@dataclass(frozen=True)
class Contents:
    """A contents list of the document's numbered headings, in order, under ``title``.

    It lists no page numbers: those depend on a word processor's layout, which the
    generator cannot know, so every entry reads right without a field update.
    """

    title: str
    entries: tuple[ContentsEntry, ...]

    @property
    def text(self) -> str:
        """Return the title and the entries, one a line."""
        return "\n".join((self.title, *(e.text for e in self.entries)))


Block = Paragraph | Table | Contents


@dataclass(frozen=True)
class DocumentProperties:
    """Core and custom document properties. Dates come from the answers, never the clock."""

    title: str
    subject: str
    author: str
    keywords: str
    created: date
    custom: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Document:
    """A complete generated document: its properties, running header text and blocks."""

    properties: DocumentProperties
    header_text: str
    draft_label: str
    blocks: tuple[Block, ...]
    terms: tuple[str, ...] = field(default=())

    def paragraphs(self) -> list[Paragraph]:
        """Return every top-level paragraph, in order (table cells excluded)."""
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def tables(self) -> list[Table]:
        """Return every table, in order."""
        return [b for b in self.blocks if isinstance(b, Table)]

    def contents(self) -> Contents | None:
        """Return the document's contents list, if it has one."""
        return next((b for b in self.blocks if isinstance(b, Contents)), None)
