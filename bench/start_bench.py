"""Start-up and cold-build cost, as whole processes run side by side against baselines.

Run: ``.venv/bin/python bench/start_bench.py [--runs N]``

Every measurement is a new process, started from an empty temporary folder. The commands
are run in turns (one of each per round, N rounds), so that a noisy machine slows them
alike. The bench prints the median wall time of each, its ratio to its baseline, and the
median peak resident memory of the whole process (``ru_maxrss`` of that child, which
counts lxml's C allocations; tracemalloc would miss them), read by GNU time.

1. ``alliancedocs --help`` against ``python -c "import click"``.
2. ``alliancedocs build`` of the Lambeth example against the python-docx floor
   (``bench/floor.py``: the same paragraphs and tables, styles and template, for every
   document the build writes), three ways:
   - cold, cache warm: a new process whose compiled clause templates are already in the
     user's cache (``$XDG_CACHE_HOME/alliancedocs``), as after any earlier build;
   - cold, cache empty: a new process with an empty cache folder (the first build after
     installing or changing the clause library).

Nothing asserts a duration: only the ratios mean anything, and only on one machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from alliancedocs.build import TEMPLATE_DIR, build_documents
from alliancedocs.core import compose, evaluate_file
from alliancedocs.docmodel import Contents, Document, Paragraph, Run, Table
from alliancedocs.render.package import load_template, zip_parts
from alliancedocs.render.styles import TABLE_STYLE, paragraph_style

BENCH = Path(__file__).resolve().parent
LAMBETH = BENCH.parent / "examples" / "lambeth-rehabilitation.yaml"
SCRIPT = Path(sys.executable).with_name("alliancedocs")
TIME = "/usr/bin/time"
"""GNU time (Debian package ``time``), for the peak RSS of each whole process."""


@dataclass
class Measure:
    """One command measured over several runs."""

    name: str
    argv: list[str]
    cache: str  # "shared": one cache folder kept between runs; "empty": a new one each run
    baseline: str | None = None
    seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)


def run_once(measure: Measure, work: Path, round_no: int, shared_cache: Path) -> None:
    """Run ``measure`` once in a new process from an empty folder; record time and peak RSS."""
    folder = work / f"{measure.name.replace(' ', '-')}-{round_no}"
    folder.mkdir()
    cache = shared_cache if measure.cache == "shared" else folder / "cache"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    rss_file = folder / "rss"
    # /usr/bin/time, itself tiny, reports the child's peak RSS: a child forked straight from
    # this Python process would inherit its high-water mark.
    argv = [TIME, "-f", "%M", "-o", str(rss_file), *measure.argv]
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=folder, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{measure.name} failed ({done.returncode}):\n{done.stderr.decode()}")
    measure.seconds.append(elapsed)
    measure.peak_kib.append(int(rss_file.read_text().split()[-1]))
    shutil.rmtree(folder / "out", ignore_errors=True)


def _runs(paragraph_inlines: tuple[object, ...]) -> list[list[object]]:
    runs: list[list[object]] = []
    for inline in paragraph_inlines:
        bold = isinstance(inline, Run) and inline.bold
        italic = isinstance(inline, Run) and inline.italic
        text = getattr(inline, "number", None) or getattr(inline, "text", "")
        runs.append([text, bold, italic])
    return runs


def blocks_spec(document: Document) -> list[list[object]]:
    """Return ``document``'s paragraphs, contents and tables as the floor's ``spec.json``
    blocks."""
    spec: list[list[object]] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            style = paragraph_style(block.kind, block.level, block.number).style
            spec.append(["p", style, _runs(block.inlines)])
        elif isinstance(block, Contents):
            spec.append(["p", "TOCHeading", [[block.title, False, False]]])
            spec.extend(["p", f"TOC{entry.level}", [[entry.text, False, False]]]
                        for entry in block.entries)
        elif isinstance(block, Table):
            rows = [block.header, *block.rows] if block.header else list(block.rows)
            spec.append(["t", TABLE_STYLE, [
                [["".join(str(getattr(i, "number", None) or getattr(i, "text", ""))
                          for i in paragraph) for paragraph in cell.paragraphs]
                 for cell in row]
                for row in rows]])
    return spec


def write_floor_spec(folder: Path) -> list[str]:
    """Write the floor's input for the Lambeth build into ``folder``; return the docx names."""
    documents = compose(evaluate_file(LAMBETH)).documents
    built = build_documents(LAMBETH)
    if sorted(documents) != sorted(n for n in built.files if n.endswith(".docx")):
        raise SystemExit("the floor's documents differ from the build's; update the bench")
    others = {name: data for name, data in built.files.items() if name not in documents}
    for name, data in others.items():
        (folder / "files" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "files" / name).write_bytes(data)
    (folder / "template.docx").write_bytes(zip_parts(load_template(TEMPLATE_DIR)))
    spec = {"documents": {name: blocks_spec(doc) for name, doc in documents.items()},
            "files": sorted(others)}
    (folder / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    return sorted(documents)


def main() -> None:
    """Measure, then print medians, ratios and peak memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="rounds (one run of each per round)")
    runs = parser.parse_args().runs
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="alliancedocs-bench-") as temporary:
        work = Path(temporary)
        spec = work / "floor-spec"
        (spec / "files").mkdir(parents=True)
        documents = write_floor_spec(spec)
        shared_cache = work / "shared-cache"
        build = [str(SCRIPT), "build", str(LAMBETH), "-o", "out"]
        measures = [
            Measure("import click", [python, "-c", "import click"], "shared"),
            Measure("alliancedocs --help", [str(SCRIPT), "--help"], "shared", "import click"),
            Measure("python-docx floor", [python, str(BENCH / "floor.py"), str(spec), "out"],
                    "shared"),
            Measure("build, cache warm", build, "shared", "python-docx floor"),
            Measure("build, cache empty", build, "empty", "python-docx floor"),
        ]
        # Prime the shared cache as an earlier build would, and check every command runs.
        for measure in measures:
            run_once(measure, work, -1, shared_cache)
            measure.seconds.clear()
            measure.peak_kib.clear()
        for round_no in range(runs):
            turn = measures[round_no % len(measures):] + measures[:round_no % len(measures)]
            for measure in turn:
                run_once(measure, work, round_no, shared_cache)

    print(f"whole processes, median of {runs} runs each, run in turns "
          f"(Lambeth: {len(documents)} documents)")
    print(f"  {'command':22} {'median':>9} {'ratio':>26} {'peak RSS':>10}")
    by_name = {m.name: m for m in measures}
    for measure in measures:
        median = statistics.median(measure.seconds)
        ratio = ""
        if measure.baseline:
            base = statistics.median(by_name[measure.baseline].seconds)
            ratio = f"{median / base:5.2f}x {measure.baseline}"
        rss = statistics.median(measure.peak_kib) / 1024
        print(f"  {measure.name:22} {median * 1000:7.0f}ms {ratio:>26} {rss:8.1f}MB")


if __name__ == "__main__":
    main()
