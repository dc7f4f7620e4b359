"""How a build grows with the alliance: whole processes at 1x, 5x and 10x the Lambeth example.

Run: ``.venv/bin/python bench/build_bench.py [--runs N]``

The Lambeth answers are scaled to 5 and 10 times its providers (each with its own contract
and schedule pack) and KRAs. Each size is built by ``alliancedocs build`` in a new process,
with the compiled-template cache warm, in turns with the others (``bench/start_bench.py``
explains the method). It prints the median wall time and the median peak RSS of the whole
process, each as a ratio of the 1x build's. Nothing asserts a duration.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from decimal import Decimal
from pathlib import Path

import yaml

from alliancedocs.answers_file import read_answers
from start_bench import LAMBETH, SCRIPT, Measure, run_once


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
    parser.add_argument("--runs", type=int, default=5, help="rounds (one build of each size)")
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="alliancedocs-bench-") as temporary:
        work = Path(temporary)
        paths = {f: scaled_answers(f, work) for f in (1, 5, 10)}
        measures = {f: Measure(f"{f}x", [str(SCRIPT), "build", str(p), "-o", "out"], "shared")
                    for f, p in paths.items()}
        for measure in measures.values():  # warm the cache; check each size builds
            run_once(measure, work, -1, work / "cache")
            measure.seconds.clear()
            measure.peak_kib.clear()
        for round_no in range(runs):
            for measure in measures.values():
                run_once(measure, work, round_no, work / "cache")
        sizes = {f: read_answers(p) for f, p in paths.items()}
    base = measures[1]
    base_time, base_rss = statistics.median(base.seconds), statistics.median(base.peak_kib)
    print(f"whole build processes by size, median of {runs} runs each:")
    for factor, measure in measures.items():
        seconds, rss = statistics.median(measure.seconds), statistics.median(measure.peak_kib)
        answers = sizes[factor]
        print(f"  {factor:2d}x  {len(answers.parties):3d} parties {len(answers.kras):3d} KRAs  "
              f"{seconds * 1000:7.0f} ms  time {seconds / base_time:5.2f}x  "
              f"peak RSS {rss / 1024:6.1f} MB  {rss / base_rss:5.2f}x")


if __name__ == "__main__":
    main()
