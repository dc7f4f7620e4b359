"""One side of a comparison: an answers file, a build folder or a generated ``.docx``,
turned into its answers, flags and document models.

- An answers file is evaluated and composed with the current clause library.
- A build folder holds ``manifest.json`` and the copy of the answers the build kept
  (``answers.yaml``); the manifest says which clause library and templates built it.
- A generated ``.docx`` carries its provenance (see :mod:`alliancedocs.render.provenance`);
  the agreement carries its answers too, so it alone rebuilds every model. A document
  without answers (a pack, or a file from elsewhere) is read back as text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from ..core import AGREEMENT_PATH, Evaluation, compose, evaluate_file, evaluate_text
from ..diagnostics import Diagnostic, input_problem
from ..docmodel import Block, Document, Paragraph
from ..errors import InputError
from ..integrity.result import IntegrityReport
from ..library.clause_files import LIBRARY_DIR, Library, load_library
from ..load import MAX_BYTES
from ..manifest import sha256, tree_hashes
from ..model import Answers
from ..render.provenance import Provenance, read_provenance
from ..riskshare import WorkedExample, worked_example
from .model import Choice

AGREEMENT = AGREEMENT_PATH
"""The agreement's path in a build folder (and in a redline folder)."""

ANSWERS_COPY = "answers.yaml"
TEXT_ONLY = "docx-text"
"""The kind of a version read from a document that carries no answers."""
EDITED = "docx-edited"
"""The kind of a version read from a generated document edited since (its answers known)."""
AS_BUILT = "read-back"
"""The kind of a version built from another clause library: its documents are read back
as they were built, its answers evaluated with the current library."""
MAX_DOCX_BYTES = 20 * 1024 * 1024
"""The largest ``.docx`` the diff reads."""


def document_path(document_id: str) -> str:
    """Return the build path of a document: ``agreement`` or ``pack:<provider-id>``."""
    if document_id == "agreement":
        return AGREEMENT
    return f"schedules/{document_id.removeprefix('pack:')}.docx"


@dataclass(frozen=True)
class Version:
    """Everything the diff knows about one version.

    ``evaluation`` is the core's evaluation of the version's answers, ``None`` when only
    text was available (``text_only``). ``documents`` and ``choices`` are keyed by build
    path. ``library`` and ``templates`` are (file, sha256) pairs from the manifest or
    provenance, when known. ``composed_with`` is the clause library the documents were
    composed with (``None`` when they were read back from a file).
    """

    source: Path
    kind: str
    evaluation: Evaluation | None
    documents: dict[str, Document]
    choices: dict[str, tuple[Choice, ...]]
    library_sha256: str | None = None
    library: tuple[tuple[str, str], ...] = ()
    templates: tuple[tuple[str, str], ...] = ()
    worked: WorkedExample | None = None
    notes: tuple[str, ...] = field(default=())
    composed_with: Library | None = None

    @property
    def answers(self) -> Answers | None:
        """Return the valid answers, or ``None`` for a text-only version."""
        return self.evaluation.answers if self.evaluation is not None else None

    @property
    def report(self) -> IntegrityReport | None:
        """Return the integrity report the core judged, or ``None`` for text only."""
        return self.evaluation.report if self.evaluation is not None else None

    @property
    def flags(self) -> tuple[Diagnostic, ...]:
        """Return the flag diagnostics (one per answer that raised each flag)."""
        if self.evaluation is None:
            return ()
        return tuple(d for d in self.evaluation.diagnostics if d.kind.value == "flag")

    @property
    def read_back(self) -> bool:
        """Return True when the documents were read back from a file rather than composed
        (a document without answers, or one edited after it was generated)."""
        return self.kind in (TEXT_ONLY, EDITED, AS_BUILT)

    @property
    def text_only(self) -> bool:
        """Return True when no answers were found, so only text can be compared."""
        return self.answers is None

    @property
    def data(self) -> Mapping[str, Any]:
        """Return the answers as JSON data (every default filled in)."""
        return self.answers.model_dump(mode="json") if self.answers is not None else {}

    @property
    def date(self) -> date | None:
        """Return the agreement date of the answers, if known."""
        return self.answers.alliance.agreement_date if self.answers is not None else None


@cache
def _library(root: Path) -> Library:
    return load_library(root)


def _problem(path: Path, message: str, hint: str) -> InputError:
    return InputError([input_problem(path, 0, 0, (), message, hint)])


def load_version(path: Path, *, library_dir: Path = LIBRARY_DIR,
                 template_dir: Path | None = None) -> Version:
    """Return the version at ``path``: an answers file, a build folder or a ``.docx``.

    Raises :class:`InputError` for a path that is none of these, or whose answers are
    invalid, and :class:`LibraryError` for a broken clause library.
    """
    if path.is_dir():
        return _from_folder(path, library_dir, template_dir)
    if path.suffix.lower() == ".docx":
        return _from_docx(path, library_dir, template_dir)
    library = _library(library_dir.resolve())
    return compose_version(path, "answers", evaluate_file(path, library), library,
                           template_dir)


def compose_version(source: Path, kind: str, evaluation: Evaluation, library: Library,
                    template_dir: Path | None, notes: tuple[str, ...] = ()) -> Version:
    """Return the version of an evaluation, its documents composed by the core.

    Raises :class:`InputError` with the evaluation's problems when the answers are invalid.
    """
    if not evaluation.ok:
        raise InputError(list(evaluation.problems))
    composition = compose(evaluation, library)
    choices = {
        document_path(document_id): tuple(Choice(c.clause_id, c.variant_id, c.position.value)
                                          for c in selection.chosen)
        for document_id, selection in evaluation.selections.items()
    }
    templates = tree_hashes(template_dir) if template_dir is not None else ()
    return Version(source, kind, evaluation, dict(composition.documents), choices,
                   library.digest, library.file_hashes, templates,
                   worked_example(composition.answers), notes, library)


def _edited_or_not(version: Version, name: str, data: bytes) -> Version:
    """Return ``version``, or its edited form when the document's text is no longer what
    its answers build: then the document is read back as it stands (tracked changes in it
    accepted), and the answers stay known."""
    from ..render.render import DEFAULT_TEMPLATE, render_docx
    from .model import block_key
    from .readback import read_document

    actual = read_document(data, str(version.source))
    fresh = read_document(render_docx(version.documents[name], template=DEFAULT_TEMPLATE),
                          name)
    if [block_key(b) for b in actual.blocks] == [block_key(b) for b in fresh.blocks]:
        return version
    actual, restyled = _headings_kept(actual, fresh)
    return replace(version, kind=EDITED, documents={name: actual}, choices={},
                   notes=(*version.notes, f"{version.source} was edited after it was "
                          "generated: it is compared as it stands, clause by clause",
                          *(f"{version.source}: the heading “{text}” is no longer styled as "
                            "a heading (LibreOffice gives the paragraph after one deleted "
                            "with change tracking on the deleted one's style); it is compared "
                            "as the heading it was, and its style should be restored"
                            for text in restyled)))


def _headings_kept(actual: Document, fresh: Document) -> tuple[Document, list[str]]:
    """Return ``actual`` with each paragraph that holds a heading's bookmark made that
    heading again, and the texts of those that were not headings any more.

    A heading restyled as clause text would otherwise end its clause, which the diff would
    then show as deleted, and its paragraphs as added to the clause before it.
    """
    from .model import HEADING_KINDS

    headings = {b.anchor: b for b in fresh.blocks if isinstance(b, Paragraph)
                and b.kind in HEADING_KINDS and b.anchor}
    blocks: list[Block] = []
    restyled: list[str] = []
    for block in actual.blocks:
        heading = headings.get(block.anchor) if isinstance(block, Paragraph) else None
        if isinstance(block, Paragraph) and heading is not None \
                and block.kind not in HEADING_KINDS:
            restyled.append(block.text)
            block = replace(block, kind=heading.kind, level=heading.level,
                            page_break_before=heading.page_break_before,
                            keep_with_next=heading.keep_with_next)
        blocks.append(block)
    return replace(actual, blocks=tuple(blocks)), restyled


def _from_folder(path: Path, library_dir: Path, template_dir: Path | None) -> Version:
    manifest_path = path / "manifest.json"
    if not manifest_path.is_file():
        raise _problem(path, "this folder has no manifest.json, so it is not a build folder",
                       "give an answers file, a build folder (alliancedocs build -o DIR) "
                       "or a generated .docx")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        recorded = manifest["answers"]["sha256"]
        library_files = tuple(sorted(manifest["library"]["files"].items()))
        library_sha = manifest["library"]["sha256"]
        templates = tuple(sorted(manifest["templates"].items()))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise _problem(manifest_path, f"not a build manifest: {error}",
                       "rebuild the folder with alliancedocs build") from None
    copy = path / ANSWERS_COPY
    notes: list[str] = []
    if copy.is_file():
        raw = _read_bounded(copy, MAX_BYTES)
        if sha256(raw) != recorded:
            notes.append(f"{copy} does not match the answers the manifest records; "
                         "it was edited after the build")
        evaluation = _evaluate_bytes(raw, copy, library_dir)
    else:
        agreement = path / AGREEMENT
        if not agreement.is_file():
            raise _problem(path, f"the build folder has neither {ANSWERS_COPY} nor {AGREEMENT}",
                           "rebuild the folder with this version of alliancedocs")
        return _from_docx(agreement, library_dir, template_dir)
    version = compose_version(path, "build", evaluation, _library(library_dir.resolve()),
                              template_dir, tuple(notes))
    version = _with_recorded(version, library_sha, library_files, templates)
    if library_sha == _library(library_dir.resolve()).digest:
        return version
    from .readback import read_document

    built = {}
    for name in sorted(manifest.get("outputs", {})):
        if name.endswith(".docx") and (path / name).is_file():
            built[name] = read_document(_read_bounded(path / name, MAX_DOCX_BYTES),
                                        str(path / name))
    return replace(version, kind=AS_BUILT, documents=built, choices={})


def _with_recorded(version: Version, library_sha: str,
                   library_files: tuple[tuple[str, str], ...],
                   templates: tuple[tuple[str, str], ...]) -> Version:
    notes = list(version.notes)
    if library_sha and library_sha != version.library_sha256:
        notes.append(f"{version.source} was built from another clause library: its "
                     "documents are compared as they were built, and its flags and variants "
                     "are judged with the current library")
    return replace(version, library_sha256=library_sha or version.library_sha256,
                   library=library_files or version.library,
                   templates=templates or version.templates, notes=tuple(notes))


def _read_bounded(path: Path, limit: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise _problem(path, f"the file is {size:,} bytes, more than the limit of "
                           f"{limit:,}", "check this is the right file")
        return path.read_bytes()
    except OSError as error:
        raise _problem(path, f"cannot read the file: {error.strerror}",
                       "check the file name and that you may read it") from None


def _evaluate_bytes(raw: bytes, name: Path, library_dir: Path) -> Evaluation:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _problem(name, "the answers are not UTF-8 text",
                       "save the answers file as UTF-8") from None
    return evaluate_text(text, str(name), _library(library_dir.resolve()))


def _from_docx(path: Path, library_dir: Path, template_dir: Path | None) -> Version:
    from ..errors import LibraryError

    data = _read_bounded(path, MAX_DOCX_BYTES)
    try:
        record = read_provenance(data, str(path))
    except LibraryError as error:
        raise _problem(path, str(error), "give a .docx file saved by Word or LibreOffice") \
            from None
    if record is not None and record.answers_text is not None:
        library = _library(library_dir.resolve())
        evaluation = evaluate_text(record.answers_text, f"{path} (embedded answers)", library)
        version = compose_version(path, "docx", evaluation, library, template_dir)
        # The comparison covers the one document given, though its answers rebuild all.
        name = document_path(record.document)
        version = replace(version,
                          documents={k: v for k, v in version.documents.items() if k == name},
                          choices={k: v for k, v in version.choices.items() if k == name})
        if name in version.documents and record.library_sha256 == library.digest:
            version = _edited_or_not(version, name, data)
        elif name in version.documents:
            from .readback import read_document

            version = replace(version, kind=AS_BUILT, choices={},
                              documents={name: read_document(data, str(path))})
        return _with_recorded(version, record.library_sha256, record.library_files,
                              record.templates)
    from .readback import read_back

    return read_back(path, data, record)


__all__ = ["AGREEMENT", "Provenance", "Version", "compose_version", "document_path",
           "load_version"]
