"""Build speed and memory, as ratios against baselines measured in the same process.

Run: ``.venv/bin/python bench/build_bench.py [--repeat N]``

1. The Lambeth example's agreement (answers → model → clauses → document model → .docx)
   against a floor: python-docx appending the same paragraphs, with the same styles, and
   the same tables to the same template, then saving.
2. The whole build (agreement, every schedule pack, reports, manifest) at 1×, 5× and 10×
   the parties and KRAs of the Lambeth example, as ratios of the 1× time and peak memory.

Times are the median of ``--repeat`` runs; memory is the tracemalloc peak of one run.
Nothing here asserts a duration: machines are noisy, so only the ratios are meaningful.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import docx
import yaml

from alliancedocs.answers_file import read_answers
from alliancedocs.assemble.agreement import assemble_agreement
from alliancedocs.build import TEMPLATE_DIR, build_documents
from alliancedocs.docmodel import Document, Paragraph, Table
from alliancedocs.library.clause_files import load_library
from alliancedocs.render import render_docx
from alliancedocs.render.package import load_template, zip_parts
from alliancedocs.render.styles import TABLE_STYLE, paragraph_style

ROOT = Path(__file__).resolve().parents[1]
LAMBETH = ROOT / "examples" / "lambeth-rehabilitation.yaml"


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    """Return the median wall time of ``repeat`` runs of ``action``, after one warm-up run."""
    action()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_bytes(action: Callable[[], object]) -> int:
    """Return the tracemalloc peak of one run of ``action``."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def floor_docx(document: Document, template_bytes: bytes) -> bytes:
    """Write the same paragraphs and tables with plain python-docx: the speed floor."""
    out = docx.Document(io.BytesIO(template_bytes))
    by_id = {style.style_id: style for style in out.styles}
    for block in document.blocks:
        if isinstance(block, Paragraph):
            style = by_id[paragraph_style(block.kind, block.level).style]
            out.add_paragraph(block.text, style=style)
        elif isinstance(block, Table):
            table = out.add_table(rows=1 + len(block.rows), cols=len(block.header))
            table.style = by_id[TABLE_STYLE]
            for row_cells, row in zip(table.rows, (block.header, *block.rows), strict=True):
                for target, cell in zip(row_cells.cells, row, strict=True):
                    target.text = cell.text
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def scaled_answers(factor: int, folder: Path) -> Path:
    """Write the Lambeth answers with ``factor`` times the providers and KRAs; return the path."""
    data = yaml.safe_load(LAMBETH.read_text(encoding="utf-8"))
    providers = [p for p in data["parties"] if p["role"] == "provider"]
    contracts = data["contracts"]["service_contracts"]
    members = data["governance"]["alt"]["members"]
    for copy in range(2, factor + 1):
        for party in providers:
            clone = {**party, "id": f"{party['id']}-{copy}",
                     "legal_name": f"{party['legal_name']} (Area {copy})",
                     "short_name": f"{party['short_name']} {copy}"}
            data["parties"].append(clone)
            member = next(m for m in members if m["party"] == party["id"])
            members.append({**member, "party": clone["id"]})
            contract = next(c for c in contracts if c["provider"] == party["id"])
            contracts.append({**contract, "provider": clone["id"]})
    kras = data["kras"]
    data["kras"] = [
        {**kra, "id": f"{kra['id']}-{copy}", "name": f"{kra['name']} ({copy})",
         "kpis": [{**kpi, "id": f"{kpi['id']}-{copy}"} for kpi in kra["kpis"]]}
        for copy in range(1, factor + 1) for kra in kras
    ]
    weights = [100 // len(data["kras"])] * len(data["kras"])
    weights[0] += 100 - sum(weights)
    for kra, weight in zip(data["kras"], weights, strict=True):
        kra["weight"] = weight
    total = Decimal(str(data["alliance"]["annual_budget"])) * factor
    data["alliance"]["annual_budget"] = str(total)
    data["risk_share"]["target_outturn_cost"] = str(total)
    data["contracts"]["reconciliation_tolerance"] = str(total)
    path = folder / f"scaled-{factor}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def main() -> None:
    """Print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement")
    repeat = parser.parse_args().repeat

    library = load_library()
    template_bytes = zip_parts(load_template(TEMPLATE_DIR))
    document = assemble_agreement(read_answers(LAMBETH), library).document

    def ours() -> bytes:
        agreement = assemble_agreement(read_answers(LAMBETH), load_library())
        return render_docx(agreement.document, template=TEMPLATE_DIR)

    floor = median_seconds(lambda: floor_docx(document, template_bytes), repeat)
    full = median_seconds(ours, repeat)
    print(f"Lambeth agreement: {len(document.blocks)} blocks")
    print(f"  python-docx floor  {floor * 1000:8.1f} ms")
    print(f"  alliancedocs       {full * 1000:8.1f} ms   ratio {full / floor:5.2f}x the floor")
    floor_memory = peak_bytes(lambda: floor_docx(document, template_bytes))
    print(f"  peak memory        {peak_bytes(ours) / floor_memory:5.2f}x the floor")

    with tempfile.TemporaryDirectory() as folder:
        paths = {f: scaled_answers(f, Path(folder)) for f in (1, 5, 10)}
        base_time = base_memory = 0.0
        print("Whole build (agreement, packs, reports) by size:")
        for factor, path in paths.items():
            answers = read_answers(path)
            seconds = median_seconds(lambda p=path: build_documents(p), max(1, repeat // 2))
            memory = peak_bytes(lambda p=path: build_documents(p))
            if factor == 1:
                base_time, base_memory = seconds, memory
            print(f"  {factor:2d}x  {len(answers.parties):3d} parties {len(answers.kras):3d} KRAs  "
                  f"{seconds * 1000:8.1f} ms  time {seconds / base_time:5.2f}x  "
                  f"memory {memory / base_memory:5.2f}x")


if __name__ == "__main__":
    main()
