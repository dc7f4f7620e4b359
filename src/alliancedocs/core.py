"""The pure core: answers in, diagnostics and document models out, with no rendering and no
files written.

Every front end calls the same two functions, so they can never disagree:

- :func:`evaluate_text` / :func:`evaluate_file` run load, model, validation, variant
  selection and the integrity rules, and return an :class:`Evaluation` holding every
  :class:`~alliancedocs.diagnostics.Diagnostic`. They accept drafts: problems are reported,
  and flags are judged from whatever sections are already valid. ``check``, ``validate`` and
  the questionnaire's live warnings read this.
- :func:`compose` assembles the document models of the agreement and every schedule pack
  from a valid evaluation. ``build`` renders them; the diff compares them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from . import __version__
from .answers_file import check_loaded
from .assemble.agreement import assemble_agreement
from .assemble.pack import assemble_pack
from .assemble.register import register
from .diagnostics import Diagnostic
from .docmodel import Document
from .errors import InputError
from .integrity import IntegrityReport, evaluate
from .integrity.diagnostics import report_diagnostics
from .library.clause_files import Library, load_library
from .library.selection import ChosenVariant
from .library.templating import agreement_context, pack_context
from .library.variants import Selection, select
from .load import LoadedYaml, load_yaml_bytes
from .model import Answers

AGREEMENT_PATH = "alliance-agreement.docx"
"""Where the agreement is written in a build folder."""


@dataclass(frozen=True)
class Evaluation:
    """Everything known about one answers file before any document is assembled.

    ``source`` is the answers file's text exactly as read (the build keeps a copy of it)
    and ``sha256`` the digest of its bytes. ``answers`` is the typed answers when they are
    complete and valid, else ``None``;
    ``draft`` holds the sections that are valid on their own (``None`` when the file is not
    even YAML). ``selections`` maps each document id (``agreement``, ``pack:<provider-id>``)
    to its chosen variants; it is empty for invalid answers. ``diagnostics`` lists the
    problems in file order, then the flags, notes (answers that would have no effect among
    them) and consistency findings of ``report``.
    """

    file: Path
    source: str
    sha256: str
    answers: Answers | None
    draft: Answers | None
    selections: Mapping[str, Selection]
    report: IntegrityReport
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        """Return whether the answers are complete and valid, so documents can be drafted."""
        return self.answers is not None

    @property
    def problems(self) -> tuple[Diagnostic, ...]:
        """Return the error-severity problems: why no document can be drafted yet."""
        return tuple(d for d in self.diagnostics if d.is_error)

    @property
    def chosen(self) -> tuple[ChosenVariant, ...]:
        """Return the variant chosen for every clause of every document, agreement first."""
        return tuple(c for selection in self.selections.values() for c in selection.chosen)


@dataclass(frozen=True)
class Composition:
    """The document models of one build: the agreement first, then each provider's pack.

    ``documents`` maps each output path (``alliance-agreement.docx``,
    ``schedules/<provider-id>.docx``) to its model; ``numbers`` maps every anchor of the
    agreement to its final number.
    """

    evaluation: Evaluation
    library: Library
    documents: Mapping[str, Document]
    numbers: Mapping[str, str]

    @property
    def answers(self) -> Answers:
        """Return the (valid) answers the documents were drafted from."""
        assert self.evaluation.answers is not None
        return self.evaluation.answers

    @property
    def report(self) -> IntegrityReport:
        """Return the integrity report: the same one ``check`` gives for these answers."""
        return self.evaluation.report


def evaluate_file(path: Path, library: Library | None = None) -> Evaluation:
    """Evaluate the answers file at ``path``; a file that cannot be read or loaded gives an
    evaluation whose only diagnostics are its problems."""
    from .load import load_yaml

    try:
        loaded = load_yaml(path)
    except InputError as error:
        return _unloadable(path, b"", error)
    return evaluate_loaded(loaded, library)


def evaluate_text(text: str, name: str, library: Library | None = None) -> Evaluation:
    """Evaluate answers held in memory; ``name`` labels the diagnostics' positions."""
    raw = text.encode("utf-8")
    try:
        loaded = load_yaml_bytes(raw, name)
    except InputError as error:
        return _unloadable(Path(name), raw, error)
    return evaluate_loaded(loaded, library)


def evaluate_loaded(loaded: LoadedYaml, library: Library | None = None) -> Evaluation:
    """Evaluate loaded YAML: model, validation, selection, integrity, in that order."""
    checked = check_loaded(loaded)
    library = library or load_library()
    selections: dict[str, Selection] = {}
    if checked.answers is not None:
        selections = select_documents(checked.answers, library)
    chosen = [c for selection in selections.values() for c in selection.chosen]
    report = evaluate(checked.draft, chosen, complete=checked.answers is not None,
                      terms=tuple(library.terms))
    phrases = {(note.kind.value, location, note.message): note.phrase
               for note in report.notes if note.phrase for location in note.locations}
    placed = []
    for diagnostic in report_diagnostics(report):
        phrase = phrases.get((diagnostic.code, diagnostic.dotted_path, diagnostic.message))
        position = (loaded.locate_text(diagnostic.path, phrase) if phrase
                    else loaded.locate(diagnostic.path))
        placed.append(replace(diagnostic, file=loaded.file, line=position.line,
                              column=position.column))
    return Evaluation(loaded.file, loaded.text, loaded.sha256, checked.answers, checked.draft,
                      MappingProxyType(selections), report, (*checked.problems, *placed))


def select_documents(answers: Answers, library: Library) -> dict[str, Selection]:
    """Return the variant selection of the agreement and of every pack, agreement first."""
    selections = {"agreement": select(library.agreement, agreement_context(answers),
                                      "agreement")}
    for entry in register(answers):
        if entry.pack_path is not None:
            document_id = f"pack:{entry.provider.id}"
            selections[document_id] = select(library.pack, pack_context(answers, entry.contract),
                                             document_id)
    return selections


def compose(evaluation: Evaluation, library: Library | None = None) -> Composition:
    """Assemble the agreement and every schedule pack from ``evaluation``, without rendering.

    Raises :class:`InputError` with the evaluation's problems when the answers are not valid,
    and :class:`~alliancedocs.errors.LibraryError` for a broken clause library.
    """
    answers = evaluation.answers
    if answers is None:
        raise InputError(list(evaluation.problems))
    library = library or load_library()
    custom = custom_properties(evaluation.sha256, library)
    agreement = assemble_agreement(answers, library, custom, evaluation.selections["agreement"])
    documents = {AGREEMENT_PATH: agreement.document}
    for entry in register(answers):
        if entry.pack_path is None:
            continue
        selection = evaluation.selections[f"pack:{entry.provider.id}"]
        pack = assemble_pack(answers, library, entry.contract, agreement.numbers, custom,
                             selection)
        documents[entry.pack_path] = pack.document
    return Composition(evaluation, library, MappingProxyType(documents),
                       MappingProxyType(dict(agreement.numbers)))


def custom_properties(answers_sha256: str, library: Library) -> tuple[tuple[str, str], ...]:
    """Return the provenance properties every generated document carries."""
    return (
        ("alliancedocs.version", __version__),
        ("alliancedocs.answers_sha256", answers_sha256),
        ("alliancedocs.library_sha256", library.digest),
    )


def _unloadable(file: Path, raw: bytes, error: InputError) -> Evaluation:
    return Evaluation(file, raw.decode("utf-8", errors="replace"), hashlib.sha256(raw).hexdigest(),
                      None, None, MappingProxyType({}),
                      IntegrityReport(flags=()), tuple(error.problems))
