"""Small constructors for generated tables."""

from __future__ import annotations

from collections.abc import Sequence

from ..docmodel import Cell, Run, Table


def cell(text: str, *, bold: bool = False, shade: bool = False) -> Cell:
    """Return a cell holding ``text``; a newline in ``text`` starts a new paragraph."""
    return Cell(tuple((Run(line, bold=bold),) for line in text.split("\n")), bold, shade)


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[str | Cell]],
    widths: Sequence[int],
    caption: str | None = None,
    *,
    group_rows: Sequence[int] = (),
    unbroken_columns: Sequence[int] = (),
    row_height: int = 0,
) -> Table:
    """Return a table with a header row, the given body rows and relative column widths.

    The layout hints are those of :class:`~alliancedocs.docmodel.Table`: rows that head a
    group, columns whose words never break (money), and a least row height in points.
    """
    body = tuple(tuple(c if isinstance(c, Cell) else cell(c) for c in row) for row in rows)
    if any(len(row) != len(header) for row in body) or len(widths) != len(header):
        raise ValueError("every row and the widths must have one entry per column")
    return Table(tuple(cell(h, bold=True) for h in header), body, tuple(widths), caption,
                 group_rows=tuple(group_rows), unbroken_columns=tuple(unbroken_columns),
                 row_height=row_height)
