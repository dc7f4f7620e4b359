"""The build pipeline: answers → model → clauses → integrity → documents → files on disk."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .answers_file import read_answers
from .assemble.agreement import assemble_agreement
from .assemble.pack import assemble_pack
from .assemble.register import register
from .integrity import evaluate
from .integrity.report import to_json, to_markdown
from .integrity.result import IntegrityReport
from .library.clause_files import LIBRARY_DIR, Library, load_library
from .manifest import Inputs, manifest_json, sha256, tree_hashes
from .render import render_docx

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates" / "base"
"""The house template, kept as unpacked XML."""


@dataclass(frozen=True)
class BuildResult:
    """The files a build produces (relative path → bytes) and its integrity report."""

    files: dict[str, bytes]
    report: IntegrityReport


def build_documents(answers_path: Path, *, reference_doc: Path | None = None,
                    library_dir: Path = LIBRARY_DIR,
                    template_dir: Path = TEMPLATE_DIR) -> BuildResult:
    """Build every output for ``answers_path`` in memory; nothing is written to disk.

    Raises :class:`~alliancedocs.errors.InputError` for bad answers and
    :class:`~alliancedocs.errors.LibraryError` for a broken clause library or template.
    """
    answers = read_answers(answers_path)
    library: Library = load_library(library_dir)
    inputs = Inputs(
        answers_name=answers_path.name,
        answers_sha256=sha256(answers_path.read_bytes()),
        library=library,
        template_files=tree_hashes(template_dir),
        reference_doc_sha256=sha256(reference_doc.read_bytes()) if reference_doc else None,
    )
    custom = inputs.custom_properties()
    agreement = assemble_agreement(answers, library, custom)
    files: dict[str, bytes] = {
        "alliance-agreement.docx": render_docx(agreement.document, template=template_dir,
                                               reference_doc=reference_doc),
    }
    chosen = list(agreement.chosen)
    for entry in register(answers):
        if entry.pack_path is None:
            continue
        pack = assemble_pack(answers, library, entry.contract, agreement.numbers, custom)
        files[entry.pack_path] = render_docx(pack.document, template=template_dir,
                                             reference_doc=reference_doc)
        chosen.extend(pack.chosen)
    report = evaluate(answers, chosen)
    files["integrity-report.json"] = to_json(report).encode()
    files["integrity-report.md"] = to_markdown(report, answers.alliance.name).encode()
    files["manifest.json"] = manifest_json(inputs, chosen, files).encode()
    return BuildResult(files, report)
