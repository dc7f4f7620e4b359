"""``alliancedocs diff``: compare two versions of an alliance in the terms of the deal.

A version is an answers file, a build folder or a generated ``.docx``
(:mod:`.versions`). The comparison runs in one direction: the two versions' answers are
compared by ids (:mod:`.answers`), their document models clause by clause (:mod:`.model`),
each changed clause is traced to the answers that change it (:mod:`.causes`),
and the summary (:mod:`.summary`) ties the flags, which come from the core's evaluation of
each version, to the answers and clauses behind them. The redline is drawn from the same
clause-by-clause comparison by :mod:`alliancedocs.render.tracked`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from ..docmodel import Document, Paragraph
from ..library.clause_files import LIBRARY_DIR
from .model import DocumentDiff, diff_documents
from .summary import Summary, summarise
from .versions import AGREEMENT, AS_BUILT, EDITED, TEXT_ONLY, Version, load_version

DEFAULT_AUTHOR = "alliancedocs"
"""The author of tracked changes when ``--author`` is not given."""

SUMMARY_FILES = ("diff.md", "diff.json")
"""The summary files written beside the redlines."""


def compare(old: Path, new: Path, *, old_library: Path = LIBRARY_DIR,
            new_library: Path = LIBRARY_DIR) -> Summary:
    """Return the comparison of the versions at ``old`` and ``new``.

    Each library is the clause library the version's answers are composed with (the
    project's own unless a test or caller gives another).
    """
    return compare_versions(load_version(old, library_dir=old_library),
                            load_version(new, library_dir=new_library))


def compare_versions(old: Version, new: Version) -> Summary:
    """Return the comparison of two loaded versions.

    A document without provenance that has the clause bookmarks and the title page of a
    generated document on the other side is taken for an edited copy of it. When only one
    side was read back from a file (a document without answers, or one edited since it was
    generated), the other side's documents are rendered and read back too, so both are
    compared alike, with the defined terms of both (a term renamed or added on one side is
    a term on both). Two single documents compare with each other whatever their names, and
    a single document against a whole version (an answers file or a build folder) with that
    document alone.
    """
    old, new = _one_document(old, new)
    if (old.kind == new.kind == AS_BUILT and len(old.documents) == len(new.documents) == 1
            and old.library_sha256 == new.library_sha256 and old.data == new.data):
        # Both built from the same answers by an older clause library: a generated document
        # and a copy of it, edited or not.
        new = replace(new, kind=EDITED, notes=(*new.notes, f"{new.source} has the answers "
                                               f"and the clause library of {old.source}: it "
                                               "is compared as a copy of it, edited or not"))
    if new.kind == TEXT_ONLY and (copy := _copy_of(old, new)) is not None:
        new = copy
    elif old.kind == TEXT_ONLY and (copy := _copy_of(new, old)) is not None:
        old = copy
    if old.kind == EDITED and new.kind != EDITED:
        old = replace(old, notes=(*old.notes, f"{old.source}, the edited copy, is given first: "
                                  "its edits are shown as the lawyer made them, from the "
                                  f"generated text of {new.source} to the edited copy"))
    if old.text_only != new.text_only:  # one side has no worked example to compare
        old, new = replace(old, worked=None), replace(new, worked=None)
    as_text = old.read_back or new.read_back
    if old.read_back != new.read_back:
        old, new = (_as_text(old) if not old.read_back else old,
                    _as_text(new) if not new.read_back else new)
    if (len(old.documents) == 1 and len(new.documents) == 1
            and set(old.documents) != set(new.documents)):
        (name,) = new.documents
        (old_name,) = old.documents
        if old.library_sha256 and new.library_sha256:  # both names come from provenance
            new = replace(new, notes=(*new.notes, _different(old_name, name)))
        old = replace(old, documents={name: next(iter(old.documents.values()))},
                      choices={name: next(iter(old.choices.values()))} if old.choices else {})
    if as_text:
        from .readback import shared_terms

        both = {name: shared_terms(old.documents[name], new.documents[name])
                for name in old.documents if name in new.documents}
        old = replace(old, documents={**old.documents, **{n: d[0] for n, d in both.items()}})
        new = replace(new, documents={**new.documents, **{n: d[1] for n, d in both.items()}})
    names = [*new.documents, *(n for n in old.documents if n not in new.documents)]
    documents = [
        diff_documents(name, old.documents.get(name), new.documents.get(name),
                       old.choices.get(name), new.choices.get(name))
        for name in names
    ]
    return summarise(old, new, documents)


def _given_document(version: Version) -> str | None:
    """Return the name of the one document a version given as a ``.docx`` holds, if so."""
    if version.source.suffix.lower() == ".docx" and len(version.documents) == 1:
        return next(iter(version.documents))
    return None


def _one_document(old: Version, new: Version) -> tuple[Version, Version]:
    """Return the two versions, the whole one cut down to the one document the other is
    when only one side was given as a single ``.docx``; else both unchanged."""
    given = [(v, name) for v in (old, new) if (name := _given_document(v)) is not None]
    if len(given) != 1:
        return old, new
    single, name = given[0]
    whole = new if single is old else old
    cut = replace(whole, documents={k: v for k, v in whole.documents.items() if k == name},
                  choices={k: v for k, v in whole.choices.items() if k == name},
                  notes=(*whole.notes, f"only {name} is compared: {single.source} is that "
                         "document alone"))
    return (old, cut) if single is old else (cut, new)


COPY_SHARE = 0.5
"""The share of a generated document's clause headings whose bookmarks, and of its title
page's lines, that a document without provenance must have to be taken for an edited copy
of it."""


def _copy_of(generated: Version, other: Version) -> Version | None:
    """Return ``other``, a document with no alliancedocs part, as an edited copy of the
    generated document ``generated`` when it has the bookmarks of most of its clause
    headings and most of its title page (a program that saved it dropped the part); else
    ``None``."""
    from ..render.body import bookmark_name
    from .model import HEADING_KINDS

    if generated.evaluation is None or generated.kind not in ("docx", EDITED) \
            or len(generated.documents) != 1 or len(other.documents) != 1 \
            or other.library_sha256 is not None:
        return None
    (name, document), (theirs,) = (next(iter(generated.documents.items())),
                                   other.documents.values())

    def headings(doc: Document, named: Callable[[str], str]) -> set[str]:
        return {named(b.anchor) for b in doc.blocks if isinstance(b, Paragraph)
                and b.kind in HEADING_KINDS and b.anchor}

    def title_page(doc: Document) -> Counter[str]:
        """The title page's lines: the alliance's name, its date and its parties."""
        lines: Counter[str] = Counter()
        for block in doc.blocks:
            if isinstance(block, Paragraph) and block.kind in HEADING_KINDS:
                break
            if isinstance(block, Paragraph) and block.text.strip():
                lines[" ".join(block.text.split())] += 1
        return lines

    # Every agreement has the same clause bookmarks: the title page tells whose it is.
    wanted = headings(document, bookmark_name if generated.kind == "docx" else str)
    cover = title_page(document)
    if not wanted or len(wanted & headings(theirs, str)) < COPY_SHARE * len(wanted) \
            or (cover & title_page(theirs)).total() < COPY_SHARE * cover.total():
        return None
    return replace(generated, source=other.source, kind=EDITED, documents={name: theirs},
                   choices={}, notes=(
                       f"{other.source} carries no alliancedocs part (the program that saved "
                       f"it dropped it), but it has the clause bookmarks and the title page "
                       f"of {generated.source}: it is compared as an edited copy of it",))


def _different(old: str, new: str) -> str:
    """Return the note that two different documents are compared, not two versions."""
    def named(path: str) -> str:
        return "the agreement" if path == AGREEMENT else \
            f"the schedule pack of `{Path(path).stem}`"

    return (f"{named(old)} is compared with {named(new)}: these are different documents, "
            "not two versions of one, so the text changes are differences between them, not "
            "edits")


def _as_text(version: Version) -> Version:
    from ..render.render import DEFAULT_TEMPLATE, render_docx
    from .readback import read_document

    documents = {name: read_document(render_docx(doc, template=DEFAULT_TEMPLATE), name)
                 for name, doc in version.documents.items()}
    return replace(version, documents=documents, choices={})


def revision_date(summary: Summary) -> date:
    """Return the date tracked changes carry: NEW's agreement date (OLD's, else the
    earliest date a document carries), never the clock."""
    for version in (summary.new, summary.old):
        if version.date is not None:
            return version.date
    dates = [d.properties.created for doc in summary.documents for d in (doc.new, doc.old)
             if d is not None]
    return min(dates) if dates else date(2000, 1, 1)


def redlines(summary: Summary, *, author: str = DEFAULT_AUTHOR,
             template: Path | None = None) -> dict[str, bytes]:
    """Return the redline ``.docx`` of every document, and ``diff.md`` and ``diff.json``,
    by their path in the redline folder."""
    from ..render.render import DEFAULT_TEMPLATE
    from ..render.tracked import render_redline
    from .summary import to_json, to_markdown

    when = revision_date(summary)
    files: dict[str, bytes] = {}
    for doc in summary.documents:
        files[doc.name] = render_redline(doc, template=template or DEFAULT_TEMPLATE,
                                         author=author, when=when)
    files["diff.md"] = to_markdown(summary).encode()
    files["diff.json"] = to_json(summary).encode()
    return files


__all__ = ["DEFAULT_AUTHOR", "DocumentDiff", "Summary", "compare", "compare_versions",
           "redlines", "revision_date"]
