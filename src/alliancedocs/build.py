"""The build: the pure core's documents, rendered, with the reports and the manifest.

:func:`build_documents` evaluates and composes through :mod:`alliancedocs.core`, then hands
the composition to the writers: :func:`render_outputs` turns each document model into a
``.docx`` and adds the integrity report and the manifest. Nothing here decides a flag or a
variant; nothing is written to disk (see :mod:`alliancedocs.write`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .core import AGREEMENT_PATH, Composition, Evaluation, compose, evaluate_file
from .errors import InputError
from .integrity import IntegrityReport
from .integrity.report import to_json, to_markdown
from .library.clause_files import LIBRARY_DIR, load_library
from .manifest import Inputs, manifest_json, sha256, tree_hashes
from .render import prepare_template, render_docx
from .render.provenance import Provenance, embed_in_docx
from .resources import template_folder

TEMPLATE_DIR = template_folder()
"""The house template, kept as unpacked XML."""


@dataclass(frozen=True)
class BuildResult:
    """The files a build produces (relative path → bytes) and the evaluation behind them."""

    files: dict[str, bytes]
    evaluation: Evaluation

    @property
    def report(self) -> IntegrityReport:
        """Return the integrity report written to ``integrity-report.json``."""
        return self.evaluation.report


def build_documents(answers_path: Path, *, reference_doc: Path | None = None,
                    library_dir: Path = LIBRARY_DIR,
                    template_dir: Path = TEMPLATE_DIR) -> BuildResult:
    """Build every output for ``answers_path`` in memory; nothing is written to disk.

    Raises :class:`~alliancedocs.errors.InputError` for bad answers and
    :class:`~alliancedocs.errors.LibraryError` for a broken clause library or template.
    """
    library = load_library(library_dir)
    evaluation = evaluate_file(answers_path, library)
    if not evaluation.ok:
        raise InputError(list(evaluation.problems))
    composition = compose(evaluation, library)
    files = render_outputs(composition, reference_doc=reference_doc, template_dir=template_dir,
                           answers_text=evaluation.source)
    return BuildResult(files, evaluation)


ANSWERS_COPY = "answers.yaml"
"""The copy of the answers a build keeps beside its documents, so the folder alone can be
rebuilt and compared (``alliancedocs diff OLD_DIR NEW_DIR``)."""


def render_outputs(composition: Composition, *, reference_doc: Path | None = None,
                   template_dir: Path = TEMPLATE_DIR,
                   answers_text: str | None = None) -> dict[str, bytes]:
    """Return every file of a build: each document rendered (with its provenance), the
    reports, the manifest and, given ``answers_text``, the copy of the answers."""
    template = prepare_template(template_dir, reference_doc)
    templates = tree_hashes(template_dir)
    files = {path: embed_in_docx(render_docx(document, template=template),
                                 provenance(composition, path, templates, answers_text))
             for path, document in composition.documents.items()}
    report = composition.report
    evaluation = composition.evaluation
    files["integrity-report.json"] = to_json(report).encode()
    files["integrity-report.md"] = to_markdown(report, composition.answers.alliance.name).encode()
    inputs = Inputs(
        answers_name=evaluation.file.name,
        answers_sha256=evaluation.sha256,
        library=composition.library,
        template_files=templates,
        reference_doc_sha256=sha256(reference_doc.read_bytes()) if reference_doc else None,
    )
    if answers_text is not None:
        files[ANSWERS_COPY] = answers_text.encode("utf-8")
    files["manifest.json"] = manifest_json(inputs, evaluation.chosen, files).encode()
    return files


def provenance(composition: Composition, path: str, templates: tuple[tuple[str, str], ...],
               answers_text: str | None) -> Provenance:
    """Return the provenance the document at ``path`` carries; only the agreement carries
    the answers themselves (see :mod:`alliancedocs.render.provenance`)."""
    evaluation = composition.evaluation
    is_agreement = path == AGREEMENT_PATH
    return Provenance(
        document="agreement" if is_agreement else
        f"pack:{path.removeprefix('schedules/').removesuffix('.docx')}",
        version=__version__,
        answers_name=evaluation.file.name,
        answers_sha256=evaluation.sha256,
        library_sha256=composition.library.digest,
        library_files=composition.library.file_hashes,
        templates=templates,
        answers_text=answers_text if is_agreement else None,
    )
