"""Render a redline: two versions of a document as one ``.docx`` with real tracked changes.

The body is built by the same :class:`~.body.BodyBuilder` as a normal build, so styles,
automatic numbering, bookmarks and ``REF`` fields are exactly those of a build. What
differs between the versions is written as revisions:

- inserted and deleted text as ``w:ins`` and ``w:del`` (deleted text in ``w:delText``,
  field codes inside a deletion in ``w:delInstrText``);
- a whole inserted or deleted paragraph also has its paragraph mark tracked
  (``w:pPr/w:rPr/w:ins|w:del``);
- a change of style or numbering level as ``w:pPrChange`` holding the OLD properties;
- table rows inserted or deleted as ``w:trPr/w:ins|w:del``;
- a kept cross-reference whose target was renumbered shows its cached result as the OLD
  number deleted and the NEW number inserted.

Accepting every revision gives the NEW build's text and numbering, rejecting every revision
the OLD build's. Author and date are given by the caller, never read from the clock.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import replace
from datetime import date
from pathlib import Path

from lxml import etree

from ..diff.model import DocumentDiff, Op, Pair, align, align_rows, inline_diff
from ..docmodel import (
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
from ..errors import LibraryError
from .body import BodyBuilder, collect_anchors, introducing, table_spacer
from .ooxml import (
    PPR_ORDER,
    XML_NS,
    clean_text,
    el,
    insert_ordered,
    serialize,
    sub,
    w,
)
from .render import package, write_body
from .template import prepare_template

_FIRST_REVISION_ID = 100000
"""Revision ids start here, well clear of the bookmark ids the body builder numbers from 0."""


def render_redline(diff: DocumentDiff, *, template: Path, author: str, when: date,
                   reference_doc: Path | None = None) -> bytes:
    """Return the ``.docx`` bytes of a redline from ``diff.old`` to ``diff.new``.

    Either side may be missing (a document added or removed): then everything is inserted
    or deleted. The running header, title and document properties are NEW's (OLD's for a
    removed document). The same inputs always give the same bytes.
    """
    shown = diff.new or diff.old
    if shown is None:
        raise ValueError(f"{diff.name}: neither version has this document")
    prepared = prepare_template(template, reference_doc)
    parts = prepared.filled({
        "header_text": shown.header_text,
        "draft_label": shown.draft_label,
        "title": shown.properties.title,
    })
    pairs = [pair for section in diff.sections for pair in section.pairs]
    write_body(parts, lambda settings: TrackedBuilder(
        anchors={**_anchors(diff.old), **_anchors(diff.new)}, author=author, when=when,
        **settings).build_pairs(pairs))
    return package(parts, shown)


def _anchors(document: Document | None) -> dict[str, Paragraph]:
    return collect_anchors(document.blocks) if document is not None else {}


class TrackedBuilder(BodyBuilder):
    """A :class:`BodyBuilder` that writes aligned pairs of blocks as tracked changes."""

    def __init__(self, *, author: str, when: date, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(**kwargs)
        self._author = author
        self._day = when.isoformat()
        self._date = ""
        self._blocks = 0
        self._revision = _FIRST_REVISION_ID
        self._bookmarked: set[str] = set()
        self._mode = Op.equal
        self._old_numbers: dict[str, str] = {}
        self._whole: dict[etree._Element, str] = {}
        self._deleted: dict[etree._Element, Paragraph] = {}  # paragraphs deleted whole

    # Revisions --------------------------------------------------------------------------

    def _mark(self, parent: etree._Element, tag: str) -> etree._Element:
        """Append a revision element (``ins``, ``del``, ``pPrChange``...) to ``parent``."""
        node = sub(parent, tag, self._attrs())
        return node

    def _attrs(self) -> dict[str, str]:
        self._revision += 1
        return {"id": str(self._revision), "author": self._author, "date": self._date}

    def _next_block(self) -> None:
        """Start the revisions of the next paragraph or table row.

        Revisions carry the day given; the time alternates between 00:00 and 00:02 from one
        paragraph (or row) to the next. LibreOffice merges adjacent revisions by the same
        author less than a minute apart, and a merged revision spanning two paragraphs
        takes the paragraph break between them with it on Accept or Reject All.
        """
        self._blocks += 1
        self._date = f"{self._day}T00:{2 * (self._blocks % 2):02d}:00Z"

    # Blocks -----------------------------------------------------------------------------

    def build_pairs(self, pairs: list[Pair]) -> list[etree._Element]:
        """Return the body elements for aligned blocks, in order.

        As in a build, the text that introduces a table keeps with it (in each version, so a
        change of what follows a paragraph is a change of its properties) and a spacer
        paragraph follows every table, inserted or deleted with a table inserted or
        deleted whole.
        """
        out: list[etree._Element] = []
        for pair in _introducing_tables(_inserted_tables_first(pairs)):
            block = pair.new if pair.new is not None else pair.old
            self._next_block()
            if isinstance(block, Paragraph):
                out.append(self._paragraph_pair(pair))
            elif isinstance(block, Contents):
                out.append(self._contents_pair(pair))
            else:
                out.extend(self._table_pair(pair))
                out.append(self._spacer(pair))
        if not out:
            out.append(el("p"))
        self._rehome_marks(out)
        for block in out:
            if block.find(f"{w('pPr')}/{w('pPrChange')}") is not None:
                _isolate_first_character(block)
        return out

    def _spacer(self, pair: Pair) -> etree._Element:
        """Return the spacer after a table: tracked when the table is inserted or deleted
        whole."""
        spacer = table_spacer()
        if pair.old is None or pair.new is None:
            tag = "ins" if pair.old is None else "del"
            self._mark_paragraph(spacer, tag)
            self._whole[spacer] = tag
        return spacer

    def _rehome_marks(self, out: list[etree._Element]) -> None:
        """Move the tracked marks of a run of paragraphs inserted (or deleted) whole one
        paragraph back, onto the kept paragraph before the run, where that is needed or
        costs nothing.

        Joining a paragraph whose mark goes to the next one is what a tracked mark means.
        It cannot be done when the next block is a table or the contents list: Word and
        LibreOffice would leave the paragraph behind, empty (and numbered), on Reject All
        (Accept All for a deletion). And LibreOffice gives the joined paragraph the list
        level of the first one, so a run of body paragraphs tracked before a heading would
        number the heading as body text. Instead, the kept paragraph before the run has its
        mark tracked and the run's last paragraph keeps an untracked mark, so joining gives
        back the kept paragraph. Before a paragraph of another style or level this is done
        only when the kept paragraph and the run's last are alike; before a table or the
        contents list always, and when they differ the last mark's properties change
        between the kept paragraph's and its own (``w:pPrChange``).
        """
        index = 0
        while index < len(out):
            tag = self._whole.get(out[index])
            if tag is None or out[index].tag != w("p"):
                index += 1
                continue
            end = index
            while (end + 1 < len(out) and out[end + 1].tag == w("p")
                   and self._whole.get(out[end + 1]) == tag):
                end += 1
            following = out[end + 1] if end + 1 < len(out) else None
            previous = out[index - 1] if index else None
            if (previous is not None and previous.tag == w("p") and previous not in self._whole
                    and previous.find(f"{w('pPr')}/{w('rPr')}") is None):
                new_props, old_props = _joined_props(previous, out[end], tag)
                # The body's last paragraph mark cannot go either.
                unjoinable = following is None or following.tag in (w("tbl"), w("sdt"))
                restyled = following is not None and not unjoinable and not _same(
                    _props(following.find(w("pPr"))), _props(out[end].find(w("pPr"))))
                if unjoinable or (restyled and _same(new_props, old_props)):
                    self._move_mark(previous, out[end], tag, new_props, old_props)
                    index = end + 1
                    continue
            if tag == "del" and (following is None or following.tag in (w("tbl"), w("sdt"))):
                self._unnumber(out[end], out[end - 1] if end else None)
            index = end + 1

    def _unnumber(self, p: etree._Element, previous: etree._Element | None) -> None:
        """Give a numbered paragraph deleted whole before a table, the contents list or
        the end of the body, where no kept paragraph can take its mark, an unnumbered style
        in NEW (``w:pPrChange`` keeps its own).

        Its mark cannot be joined to what follows, so LibreOffice's Accept All leaves it
        behind, empty; unnumbered, it no longer shifts the numbers after it or shows an
        empty number. Word and the repository's transforms remove it. This is done only
        where the paragraph before it in OLD is numbered in the same list: LibreOffice's
        Reject All gives a paragraph its list back only after a paragraph of that list
        (after any other, it starts the list again at 1).
        """
        para = self._deleted.get(p)
        if (para is None or previous is None or previous.tag != w("p")
                or self._whole.get(previous) == "ins"):
            return
        ppr = p.find(w("pPr"))
        change = previous.find(f"{w('pPr')}/{w('pPrChange')}/{w('pPr')}")
        before = change if change is not None else previous.find(w("pPr"))
        numbered_in = self._list_of(ppr)
        if not numbered_in or numbered_in != self._list_of(before):
            return
        # A text paragraph takes its kind's unnumbered style; a heading or recital, whose
        # style is numbered even at level 0, takes body text.
        plain = para.kind if para.kind in (ParaKind.clause_text, ParaKind.schedule_text) \
            else ParaKind.body
        shell = self.paragraph(Paragraph(kind=plain, level=0, inlines=(),
                                         keep_with_next=para.keep_with_next))
        old_props = _props(ppr)
        for child in [c for c in ppr if etree.QName(c).localname != "rPr"]:
            ppr.remove(child)
        for child in _props(shell.find(w("pPr"))):
            insert_ordered(ppr, child, PPR_ORDER)
        self._record_change(ppr, old_props)

    def _list_of(self, ppr: etree._Element | None) -> int:
        """Return the ``w:numId`` of the list a paragraph is numbered in (0 for none)."""
        if ppr is None:
            return 0
        num_id = ppr.find(f"{w('numPr')}/{w('numId')}")
        if num_id is not None:
            return int(num_id.get(w("val"), "0"))
        style = ppr.find(w("pStyle"))
        try:
            return self._style_num(style.get(w("val"), "")) if style is not None else 0
        except LibraryError:
            return 0

    def _move_mark(self, kept: etree._Element, last: etree._Element, tag: str,
                   new_props: list[etree._Element], old_props: list[etree._Element]) -> None:
        """Track ``kept``'s mark instead of ``last``'s, ``last`` then having ``new_props``
        (and ``old_props`` as its recorded former properties, if they differ)."""
        unchanged = _same(new_props, old_props)
        last_ppr = last.find(w("pPr"))
        last_ppr.remove(last_ppr.find(w("rPr")))
        self._mark_paragraph(kept, tag)
        for child in list(last_ppr):
            last_ppr.remove(child)
        for child in new_props:
            last_ppr.append(child)
        if unchanged:
            return
        self._record_change(last_ppr, old_props)

    def _record_change(self, ppr: etree._Element, old_props: list[etree._Element]) -> None:
        """Record ``old_props`` as the former properties of ``ppr`` (``w:pPrChange``)."""
        record = el("pPrChange", self._attrs())
        old_ppr = sub(record, "pPr")
        for child in old_props:
            old_ppr.append(child)
        insert_ordered(ppr, record, PPR_ORDER)

    def _paragraph_pair(self, pair: Pair) -> etree._Element:
        old, new = pair.old, pair.new
        assert old is None or isinstance(old, Paragraph)
        assert new is None or isinstance(new, Paragraph)
        if new is None:
            assert old is not None
            return self._whole_paragraph(old, "del")
        if old is None:
            return self._whole_paragraph(new, "ins")
        p = self._shell(new)
        old_ppr = self._shell(replace(old, anchor=None)).find(w("pPr"))
        new_ppr = p.find(w("pPr"))
        if old_ppr is not None and new_ppr is not None and (
                serialize(old_ppr) != serialize(new_ppr)):
            self._record_change(new_ppr, list(old_ppr))
        self._old_numbers = {i.anchor: i.number for i in old.inlines if isinstance(i, CrossRef)}
        self._fill(p, self._diffed(old.inlines, new.inlines))
        self._old_numbers = {}
        return p

    def _whole_paragraph(self, para: Paragraph, tag: str) -> etree._Element:
        p = self._shell(para)
        container = etree.Element(w("p"))
        self._tracked_inlines(container, para.inlines, tag)
        self._fill(p, list(container))
        self._track_bare_runs(p, tag)
        self._mark_paragraph(p, tag)
        self._whole[p] = tag
        if tag == "del":
            self._deleted[p] = para
        return p

    def _track_bare_runs(self, p: etree._Element, tag: str) -> None:
        """Wrap the runs the shell wrote itself (the break after "Schedule N") in a
        revision, so they come and go with the paragraph."""
        for run in p.findall(w("r")):
            wrapper = el(tag, self._attrs())
            run.addprevious(wrapper)
            wrapper.append(run)
            if tag == "del":
                to_deleted(wrapper)

    def _mark_paragraph(self, p: etree._Element, tag: str) -> None:
        """Track the paragraph mark of ``p`` as inserted or deleted."""
        ppr = p.find(w("pPr"))
        if ppr is None:
            ppr = etree.Element(w("pPr"))
            p.insert(0, ppr)
        rpr = el("rPr")
        self._mark(rpr, tag)
        insert_ordered(ppr, rpr, PPR_ORDER)

    def _shell(self, para: Paragraph) -> etree._Element:
        """Return the paragraph with its properties and bookmark, but no text yet."""
        if para.anchor and para.anchor in self._bookmarked:
            para = replace(para, anchor=None)
        elif para.anchor and para.anchor in self._anchors:
            self._bookmarked.add(para.anchor)
        # An empty run keeps what the builder writes before the text (the line break after
        # "Schedule N") without writing any text.
        return self.paragraph(replace(para, inlines=(Run(""),) if para.inlines else ()))

    def _fill(self, p: etree._Element, content: list[etree._Element]) -> None:
        """Put ``content`` into ``p``, inside its bookmark if it has one."""
        end = p.find(w("bookmarkEnd"))
        for node in content:
            if end is not None:
                end.addprevious(node)
            else:
                p.append(node)

    def _diffed(self, old: tuple[Inline, ...], new: tuple[Inline, ...]) -> list[etree._Element]:
        """Return the runs (and ``w:ins``/``w:del`` around them) comparing two texts."""
        container = etree.Element(w("p"))
        for segment in inline_diff(old, new):
            if segment.op is Op.equal:
                self._mode = Op.equal
                self._inlines(container, segment.new)
            elif segment.op is Op.deleted:
                self._tracked_inlines(container, segment.old, "del")
            else:
                self._tracked_inlines(container, segment.new, "ins")
        self._mode = Op.equal
        return list(container)

    def _tracked_inlines(self, container: etree._Element, inlines: tuple[Inline, ...],
                         tag: str, *, bold: bool = False) -> None:
        if not inlines:
            return
        wrapper = self._mark(container, tag)
        self._mode = Op.deleted if tag == "del" else Op.inserted
        self._inlines(wrapper, inlines, bold=bold)
        self._mode = Op.equal
        if tag == "del":
            to_deleted(wrapper)
        if not len(wrapper):
            container.remove(wrapper)

    def _cross_ref(self, p: etree._Element, ref: CrossRef, previous: Inline | None, *,
                   bold: bool) -> None:
        """Write a reference; in unchanged text, a renumbered target's cached result shows
        the OLD number deleted and the NEW number inserted."""
        old_number = self._old_numbers.get(ref.anchor)
        if self._mode is not Op.equal or old_number is None or old_number == ref.number:
            super()._cross_ref(p, ref, previous, bold=bold)
            return
        before = len(p)
        super()._cross_ref(p, ref, previous, bold=bold)
        written = p[before:]
        results = [r for r in written if r.find(w("t")) is not None]
        if not results:
            return
        result = results[-1]
        shown = result.find(w("t")).text or ""
        prefix = shown[: len(shown) - len(ref.number)] if shown.endswith(ref.number) else ""
        deleted = el("del", self._attrs())
        result.addprevious(deleted)
        old_run = etree.fromstring(etree.tostring(result))
        old_run.find(w("t")).text = clean_text(prefix + old_number)
        old_run.find(w("t")).set(f"{{{XML_NS}}}space", "preserve")
        deleted.append(old_run)
        to_deleted(deleted)
        inserted = el("ins", self._attrs())
        result.addprevious(inserted)
        inserted.append(result)

    # Contents ---------------------------------------------------------------------------

    def _contents_pair(self, pair: Pair) -> etree._Element:
        """Return the contents list with its entries compared by heading: an entry added
        or removed is a tracked paragraph, a renumbered or retitled one a tracked change
        inside its link. The TOC field begins in the first entry shown and ends in the
        closing paragraph, as in a build."""
        old, new = pair.old, pair.new
        assert old is None or isinstance(old, Contents)
        assert new is None or isinstance(new, Contents)
        shown = new if new is not None else old
        assert shown is not None
        sdt = self.contents(shown)
        content = sdt.find(w("sdtContent"))
        paragraphs = content.findall(w("p"))
        title, entries_new, closing = paragraphs[0], paragraphs[1:-1], paragraphs[-1]
        if old is None or new is None:
            tag = "ins" if old is None else "del"
            self._track_children(title, tag)
            self._mark_paragraph(title, tag)
            for p in entries_new:
                self._track_link(p, tag)
                self._mark_paragraph(p, tag)
            return sdt
        begin = [r for r in entries_new[0] if r.tag == w("r")] if entries_new else []
        old_paragraphs = self.contents(old).find(w("sdtContent")).findall(w("p"))[1:-1]
        by_new = dict(zip(new.entries, entries_new, strict=True))
        by_old = dict(zip(old.entries, old_paragraphs, strict=True))
        merged: list[etree._Element] = []
        for entry_pair in align(old.entries, new.entries,
                                lambda e: (e.anchor, e.number, e.title, e.level),
                                lambda a, b: a.anchor == b.anchor):
            self._next_block()
            if entry_pair.op is Op.equal:
                merged.append(by_new[entry_pair.new])
            elif entry_pair.op is Op.inserted:
                p = by_new[entry_pair.new]
                self._track_link(p, "ins")
                self._mark_paragraph(p, "ins")
                merged.append(p)
            elif entry_pair.op is Op.deleted:
                p = by_old[entry_pair.old]
                self._track_link(p, "del")
                self._mark_paragraph(p, "del")
                merged.append(p)
            else:
                p = by_new[entry_pair.new]
                link = p.find(w("hyperlink"))
                old_runs = by_old[entry_pair.old].find(w("hyperlink")).findall(w("r"))
                new_runs = link.findall(w("r"))
                same_title = entry_pair.old.title == entry_pair.new.title
                # A renumbered heading changes the entry's number only (its first run).
                count = 1 if same_title and len(old_runs) == len(new_runs) else len(new_runs)
                inserted = el("ins", self._attrs())
                new_runs[0].addprevious(inserted)
                for run in new_runs[:count]:
                    inserted.append(run)
                deleted = el("del", self._attrs())
                for run in old_runs[:count if same_title else len(old_runs)]:
                    deleted.append(run)
                to_deleted(deleted)
                inserted.addprevious(deleted)
                merged.append(p)
        for p in [*entries_new, *old_paragraphs]:
            for run in [r for r in p if r.tag == w("r")]:
                p.remove(run)  # the field's start, put back once below
        for p in merged:
            closing.addprevious(p)
        if merged:
            anchor = merged[0].find(w("pPr"))
            for run in reversed(begin):
                anchor.addnext(run)
        return sdt

    def _track_link(self, p: etree._Element, tag: str) -> None:
        """Wrap the runs of an entry's link in a revision."""
        link = p.find(w("hyperlink"))
        if link is not None:
            self._track_children(link, tag)

    def _track_children(self, parent: etree._Element, tag: str) -> None:
        runs = parent.findall(w("r"))
        if not runs:
            return
        wrapper = el(tag, self._attrs())
        runs[0].addprevious(wrapper)
        for run in runs:
            wrapper.append(run)
        if tag == "del":
            to_deleted(wrapper)

    # Tables -----------------------------------------------------------------------------

    def _table_pair(self, pair: Pair) -> list[etree._Element]:
        old, new = pair.old, pair.new
        assert old is None or isinstance(old, Table)
        assert new is None or isinstance(new, Table)
        out: list[etree._Element] = []
        shown = new if new is not None else old
        assert shown is not None
        caption_old = old.caption if old is not None else None
        caption_new = new.caption if new is not None else None
        if caption_old or caption_new:
            out.append(self._caption_pair(caption_old, caption_new,
                                          keep_old=old is not None, keep_new=new is not None))
            self._next_block()
        # The table as NEW builds it (column widths, header), its rows then replaced.
        tbl = self.table(shown)
        widths = [int(g.get(w("w"))) for g in tbl.find(w("tblGrid"))]
        for tr in tbl.findall(w("tr")):
            tbl.remove(tr)
        unbroken = frozenset(shown.unbroken_columns)
        if old is None or new is None:
            tag = "ins" if old is None else "del"
            self._append_row(tbl, self._built_row(shown, None, widths, unbroken), tag)
            for index in range(len(shown.rows)):
                self._append_row(tbl, self._built_row(shown, index, widths, unbroken), tag)
            self._whole[tbl] = tag
            out.append(tbl)
            return out
        self._append_changed_row(tbl, self._built_row(old, None, widths, unbroken),
                                 self._built_row(new, None, widths, unbroken),
                                 old.header, new.header, unbroken, header=True)
        old_index = {id(row): i for i, row in enumerate(old.rows)}
        new_index = {id(row): i for i, row in enumerate(new.rows)}
        for row_pair in align_rows(old, new):
            if row_pair.op is Op.inserted:
                row = self._built_row(new, new_index[id(row_pair.new)], widths, unbroken)
                self._append_row(tbl, row, "ins")
            elif row_pair.op is Op.deleted:
                row = self._built_row(old, old_index[id(row_pair.old)], widths, unbroken)
                self._append_row(tbl, row, "del")
            else:
                old_row, new_row = row_pair.old, row_pair.new
                assert isinstance(old_row, tuple) and isinstance(new_row, tuple)
                self._append_changed_row(
                    tbl, self._built_row(old, old_index[id(old_row)], widths, unbroken),
                    self._built_row(new, new_index[id(new_row)], widths, unbroken),
                    old_row, new_row, unbroken, header=False)
        out.append(tbl)
        return out

    def _built_row(self, table: Table, index: int | None, widths: list[int],
                   unbroken: frozenset[int]) -> etree._Element:
        """Return a row (the header row for ``index`` None) exactly as a build writes it."""
        scratch = el("tbl")
        if index is None:
            self._row(scratch, table.header, widths, unbroken, header=True, keep_next=True)
        else:
            self._row(scratch, table.rows[index], widths, unbroken, header=False,
                      keep_next=index in frozenset(table.group_rows), height=table.row_height)
        return scratch[0]

    def _append_row(self, tbl: etree._Element, row: etree._Element, tag: str) -> None:
        """Append ``row`` inserted or deleted whole: a row revision, its text and paragraph
        marks tracked (LibreOffice removes a row only when all of its content goes, marks
        included, as Word writes a tracked row deletion)."""
        self._next_block()
        self._mark(row.find(w("trPr")), tag)
        for p in row.iter(w("p")):
            self._track_children(p, tag)
            self._mark_paragraph(p, tag)
        tbl.append(row)

    def _append_changed_row(self, tbl: etree._Element, old_row: etree._Element,
                            new_row: etree._Element, old_cells: tuple[Cell, ...],
                            new_cells: tuple[Cell, ...], unbroken_columns: frozenset[int],
                            *, header: bool) -> None:
        """Append NEW's row with each cell's paragraphs compared with OLD's, word by word."""
        self._next_block()
        cells = zip(old_row.findall(w("tc")), new_row.findall(w("tc")), old_cells, new_cells,
                    strict=True)
        for column, (old_tc, new_tc, old_cell, new_cell) in enumerate(cells):
            old_ps, new_ps = old_tc.findall(w("p")), new_tc.findall(w("p"))
            for p in new_ps:
                new_tc.remove(p)
            bold = header or new_cell.bold
            unbroken = column in unbroken_columns
            for old_at, new_at in _cell_pairs(len(old_ps), len(new_ps)):
                if old_at is None:
                    p = new_ps[new_at]
                    self._track_children(p, "ins")
                    self._mark_paragraph(p, "ins")
                elif new_at is None:
                    p = old_ps[old_at]
                    self._track_children(p, "del")
                    self._mark_paragraph(p, "del")
                else:
                    p = new_ps[new_at]
                    for child in [c for c in p if c.tag != w("pPr")]:
                        p.remove(child)
                    old_inlines = (old_cell.paragraphs or ((),))[old_at]
                    new_inlines = (new_cell.paragraphs or ((),))[new_at]
                    self._old_numbers = {i.anchor: i.number for i in old_inlines
                                         if isinstance(i, CrossRef)}
                    for node in self._cell_diff(old_inlines, new_inlines, bold, unbroken):
                        p.append(node)
                    self._old_numbers = {}
                new_tc.append(p)
        tbl.append(new_row)

    def _cell_diff(self, old: tuple[Inline, ...], new: tuple[Inline, ...], bold: bool,
                   unbroken: bool) -> list[etree._Element]:
        container = etree.Element(w("p"))
        for segment in inline_diff(old, new):
            if segment.op is Op.equal:
                self._inlines(container, segment.new, bold=bold, unbroken=unbroken)
                continue
            tag = "del" if segment.op is Op.deleted else "ins"
            wrapper = self._mark(container, tag)
            self._mode = Op.deleted if tag == "del" else Op.inserted
            self._inlines(wrapper, segment.old if tag == "del" else segment.new, bold=bold,
                          unbroken=unbroken)
            self._mode = Op.equal
            if tag == "del":
                to_deleted(wrapper)
            if not len(wrapper):
                container.remove(wrapper)
        return list(container)


def _inserted_tables_first(pairs: list[Pair]) -> list[Pair]:
    """Return ``pairs`` with each run of deleted blocks that ends in a paragraph and is
    followed by inserted blocks that begin with a table, before a kept paragraph, put after
    those inserted blocks.

    A paragraph deleted just before a table cannot be joined to it, so LibreOffice's Accept
    All leaves it behind (empty). Put the other way round, the deleted run ends before the
    kept paragraph, where it joins as it should, and the inserted run's last paragraph
    stands before the deleted table instead, which LibreOffice's Reject All leaves as an
    empty unnumbered line. Each version's own order is unchanged.
    """
    out = list(pairs)
    index = 0
    while index < len(out):
        start = index
        while index < len(out) and out[index].new is None:
            index += 1
        middle = index
        while index < len(out) and out[index].old is None:
            index += 1
        end = index
        deleted, inserted = out[start:middle], out[middle:end]
        after = out[end] if end < len(out) else None
        if (deleted and inserted and isinstance(deleted[-1].old, Paragraph)
                and isinstance(inserted[0].new, Table)
                and isinstance(inserted[-1].new, Paragraph) and after is not None
                and isinstance(after.new, Paragraph) and isinstance(after.old, Paragraph)):
            out[start:end] = [*inserted, *deleted]
        if end == start:
            index += 1
    return out


def _introducing_tables(pairs: list[Pair]) -> list[Pair]:
    """Return ``pairs`` with each version's paragraphs as a build writes them before the
    block that follows them in that version (see :func:`.body.introducing`)."""
    out = list(pairs)
    for side in ("old", "new"):
        shown = [i for i, pair in enumerate(out) if getattr(pair, side) is not None]
        for n, at in enumerate(shown):
            block = getattr(out[at], side)
            if isinstance(block, Paragraph):
                after = getattr(out[shown[n + 1]], side) if n + 1 < len(shown) else None
                out[at] = replace(out[at], **{side: introducing(block, after)})
    return out


def _joined_props(kept: etree._Element, last: etree._Element,
                  tag: str) -> tuple[list[etree._Element], list[etree._Element]]:
    """Return the properties (NEW, OLD) the run's last paragraph must have once ``kept``'s
    mark is tracked instead of its own.

    For an insertion, rejecting joins ``kept`` to the last paragraph, which must then be
    ``kept`` as it was in OLD. For a deletion, accepting joins them, and the last paragraph
    must be ``kept`` as it is in NEW; rejected, it is itself again.
    """
    kept_ppr = kept.find(w("pPr"))
    last_ppr = last.find(w("pPr"))
    if tag == "ins":
        change = kept_ppr.find(w("pPrChange")) if kept_ppr is not None else None
        old = change.find(w("pPr")) if change is not None else kept_ppr
        return _props(last_ppr), _props(old)
    return _props(kept_ppr), _props(last_ppr)


def _same(a: list[etree._Element], b: list[etree._Element]) -> bool:
    """Return True if two lists of properties are the same (namespace declarations aside)."""
    return [etree.tostring(c, method="c14n", exclusive=True) for c in a] == [
        etree.tostring(c, method="c14n", exclusive=True) for c in b]


def _props(ppr: etree._Element | None) -> list[etree._Element]:
    """Return copies of a paragraph's own properties (no mark, no recorded change)."""
    if ppr is None:
        return []
    return [deepcopy(c) for c in ppr if etree.QName(c).localname not in ("rPr", "pPrChange")]


def _isolate_first_character(p: etree._Element) -> None:
    """Put the first character of a paragraph's text in a run of its own, the same as the
    rest, when that text is inserted or deleted.

    LibreOffice shows a paragraph's change of properties on its first run of text, in
    place of that run's insertion or deletion; with the run one character long, the rest of
    the tracked text shows as inserted or deleted. The text and its formatting are
    unchanged, and Word shows both changes as they are.
    """
    for run in p.iter(w("r")):
        text = run.find(w("t"))
        if text is None:
            text = run.find(w("delText"))
        if text is None or not text.text:
            continue
        if run.getparent().tag in (w("ins"), w("del")) and len(text.text) > 1:
            rest = deepcopy(run)
            rest.find(text.tag).text = text.text[1:]
            text.text = text.text[0]
            run.addnext(rest)
        return


def _cell_pairs(old: int, new: int) -> list[tuple[int | None, int | None]]:
    """Pair a cell's OLD and NEW paragraphs (by index) in order; extra paragraphs on either
    side come just before the last pair, because a cell's last paragraph mark cannot be
    removed (so it must never be the tracked one)."""
    common = min(old, new) - 1
    pairs: list[tuple[int | None, int | None]] = [(i, i) for i in range(common)]
    pairs += [(i, None) for i in range(common, old - 1)]
    pairs += [(None, i) for i in range(common, new - 1)]
    pairs.append((old - 1, new - 1))
    return pairs


def to_deleted(node: etree._Element) -> None:
    """Turn the text and field codes under ``node`` into ``w:delText``/``w:delInstrText``."""
    for t in node.iter(w("t")):
        t.tag = w("delText")
    for instr in node.iter(w("instrText")):
        instr.tag = w("delInstrText")


__all__ = ["TrackedBuilder", "render_redline", "to_deleted"]
