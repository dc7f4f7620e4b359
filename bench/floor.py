"""The python-docx floor: the least work any tool must do to write the documents a build writes.

Run: ``python bench/floor.py SPEC_DIR OUT_DIR`` (``bench/start_bench.py`` prepares SPEC_DIR
from a real build, outside the timing).

SPEC_DIR holds ``spec.json``, the house template as ``template.docx``, and the build's
reports and manifest. For every document the build writes (the agreement and each schedule
pack), this opens the same template with python-docx, appends the same paragraphs (the
same text, in as few runs as give the same bold and italic, in the same paragraph style)
and the same tables (the same cells' text, in the same table style), and saves it under the
same name in OUT_DIR. It then writes the reports and the manifest, byte for byte.

Left out, because the floor only measures writing: reading and validating the answers,
choosing clause variants, rendering clause text, numbering, cross-reference fields,
bookmarks, defined terms, the integrity report, the running header and footer, document
properties, column widths and cell shading, and a deterministic zip.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import docx


def write_document(template: Path, blocks: list[list[object]], target: Path) -> None:
    """Write ``blocks`` (from ``spec.json``) into a copy of ``template`` saved at ``target``."""
    out = docx.Document(str(template))
    styles = {style.style_id: style for style in out.styles}
    for block in blocks:
        if block[0] == "p":
            _kind, style_id, runs = block
            paragraph = out.add_paragraph(style=styles[style_id])
            for text, bold, italic in _merged(runs):  # type: ignore[arg-type]
                run = paragraph.add_run(text)
                run.bold = bold or None
                run.italic = italic or None
        else:
            _kind, style_id, rows = block
            table = out.add_table(rows=len(rows), cols=len(rows[0]))  # type: ignore[arg-type]
            table.style = styles[style_id]
            for row_cells, row in zip(table.rows, rows, strict=True):  # type: ignore[arg-type]
                for target_cell, paragraphs in zip(row_cells.cells, row, strict=True):
                    target_cell.text = "\n".join(paragraphs)
    target.parent.mkdir(parents=True, exist_ok=True)
    out.save(str(target))


def _merged(runs: list[list[object]]) -> list[list[object]]:
    """Return ``runs`` with neighbours of the same formatting joined: the fewest runs."""
    merged: list[list[object]] = []
    for text, bold, italic in runs:
        if merged and merged[-1][1:] == [bold, italic]:
            merged[-1][0] = f"{merged[-1][0]}{text}"
        else:
            merged.append([text, bold, italic])
    return merged


def main(spec_dir: Path, out_dir: Path) -> None:
    """Write every document and file described in ``spec_dir`` into ``out_dir``."""
    spec = json.loads((spec_dir / "spec.json").read_text(encoding="utf-8"))
    template = spec_dir / "template.docx"
    for name, blocks in spec["documents"].items():
        write_document(template, blocks, out_dir / name)
    for name in spec["files"]:
        target = out_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((spec_dir / "files" / name).read_bytes())


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
