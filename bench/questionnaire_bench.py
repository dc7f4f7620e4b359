"""Questionnaire latency under load: a save with live checking against a static page.

Run: ``.venv/bin/python bench/questionnaire_bench.py [--sessions 50] [--saves 20]
[--repeats 3]``

One server process runs ``--sessions`` questionnaires on one event loop (uvicorn, each on
its own loopback port, each editing its own copy of the Lambeth example, as separate
commissioners would). A client process opens every session through its launch link, then
all sessions at once repeat: a live save (the script's POST with ``Accept:
application/json``, which writes the answers file and returns the core's warnings), a GET
of the stylesheet (the static page), and a GET of a question page. Each session first runs
that round once untimed (as a commissioner's first page has already been seen), so the
timings are of a server in its steady state. The report gives the p50 and p95 of each, and
the ratio of the save's p95 to the static page's p95 measured in the same run on the same
server (target: at most 3x); with ``--repeats`` N, a new server runs the load N times and
the medians over the runs are reported. It also reports the server process's CPU time per
round (where ``/proc`` has it) and its peak resident memory (``ru_maxrss``, the largest over
the runs). Nothing here asserts a duration. Only loopback addresses are used, and every loop
is bounded in count.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAMBETH = ROOT / "examples" / "lambeth-rehabilitation.yaml"


def serve(folder: Path, sessions: int) -> None:
    """Server process: run one questionnaire per answers file; print their launch links."""
    import uvicorn

    from alliancedocs.questionnaire.app import Questionnaire
    from alliancedocs.questionnaire.security import Keys
    from alliancedocs.questionnaire.server import loopback_socket, ready, server_config

    servers = []
    links = []
    for index in range(sessions):
        sock = loopback_socket(0)
        keys = Keys(port=sock.getsockname()[1])
        questionnaire = Questionnaire(folder / f"session-{index}.yaml", keys)
        app = questionnaire.app()
        ready(questionnaire)
        servers.append((uvicorn.Server(server_config(app)), sock))
        links.append(keys.launch_url)

    async def run_all() -> None:
        tasks = [asyncio.create_task(server.serve(sockets=[sock])) for server, sock in servers]
        while not all(server.started for server, _ in servers):
            await asyncio.sleep(0.05)
        print(json.dumps(links), flush=True)
        await asyncio.gather(*tasks)

    asyncio.run(run_all())


def percentile(values: list[float], fraction: float) -> float:
    """Return the ``fraction`` quantile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


async def session(link: str, saves: int, timings: dict[str, list[float]]) -> int:
    """One commissioner: open the link, then repeat save, static page, question page."""
    import httpx2

    origin = link.split("/start", 1)[0]
    conflicts = 0
    async with httpx2.AsyncClient(base_url=origin, timeout=120) as client:
        await client.get(link.removeprefix(origin))
        page = (await client.get("/page/alliance")).text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        version = re.search(r'name="version" value="([^"]+)"', page).group(1)
        for number in range(saves + 1):
            timed = number > 0  # round 0 warms the session up and is not timed
            body = {"csrf": csrf, "version": version, "action": "save",
                    "alliance.short_name": f"IPSA {number}"}
            start = time.perf_counter()
            response = await client.post("/page/alliance", data=body, headers={
                "origin": origin, "accept": "application/json"})
            if timed:
                timings["save"].append(time.perf_counter() - start)
            if response.status_code == 200:
                version = response.json()["version"]
            else:
                conflicts += 1
            start = time.perf_counter()
            await client.get("/static/questionnaire.css")
            if timed:
                timings["static"].append(time.perf_counter() - start)
            start = time.perf_counter()
            await client.get("/page/decisions")
            if timed:
                timings["page"].append(time.perf_counter() - start)
    return conflicts


async def load(links: list[str], saves: int) -> tuple[dict[str, list[float]], int]:
    """Run every session at once; return the timings and the number of refused saves."""
    timings: dict[str, list[float]] = {"save": [], "static": [], "page": []}
    refused = await asyncio.gather(*(session(link, saves, timings) for link in links))
    return timings, sum(refused)


def cpu_seconds(pid: int) -> float | None:
    """Return the CPU time (user + system) process ``pid`` has used, where ``/proc`` says."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_once(sessions: int, saves: int) -> dict[str, float]:
    """Start a server, run the load once, stop the server; return this run's figures."""
    with tempfile.TemporaryDirectory(prefix="questionnaire-bench-") as folder:
        for index in range(sessions):
            shutil.copy(LAMBETH, Path(folder) / f"session-{index}.yaml")
        server = subprocess.Popen(
            [sys.executable, __file__, "--serve", folder, "--sessions", str(sessions)],
            stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout is not None
            links = json.loads(server.stdout.readline())
            cpu_before = cpu_seconds(server.pid)
            started = time.perf_counter()
            timings, refused = asyncio.run(load(links, saves))
            elapsed = time.perf_counter() - started
            cpu_after = cpu_seconds(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    figures = {"elapsed": elapsed, "refused": refused}
    for name in ("save", "static", "page"):
        figures[f"{name} p50"] = statistics.median(timings[name]) * 1000
        figures[f"{name} p95"] = percentile(timings[name], 0.95) * 1000
    figures["ratio"] = figures["save p95"] / figures["static p95"]
    figures["page ratio"] = figures["save p95"] / figures["page p95"]
    if cpu_before is not None and cpu_after is not None:
        figures["cpu per round"] = (cpu_after - cpu_before) / (sessions * (saves + 1)) * 1000
    return figures


def main() -> None:
    """Start the server process, run the load from this process, print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.sessions)
        return
    runs = []
    for number in range(1, args.repeats + 1):
        figures = run_once(args.sessions, args.saves)
        runs.append(figures)
        print(f"run {number}: {figures['elapsed']:.1f} s, refused saves "
              f"{figures['refused']:.0f}; p95 save {figures['save p95']:.1f} ms, static "
              f"{figures['static p95']:.1f} ms, page {figures['page p95']:.1f} ms; "
              f"ratio {figures['ratio']:.2f}x", flush=True)
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    def median(key: str) -> float:
        return statistics.median(run[key] for run in runs)

    print(f"{args.sessions} concurrent sessions, {args.saves} timed saves each (after one "
          f"untimed round), medians over {len(runs)} run(s):")
    for name, label in (("save", "live save (write + core evaluation + warnings)"),
                        ("static", "static page (stylesheet)"),
                        ("page", "question page (rendered, with warnings)")):
        print(f"  {label:48} p50 {median(name + ' p50'):8.1f} ms   "
              f"p95 {median(name + ' p95'):8.1f} ms")
    print(f"  p95 save / p95 static page: {median('ratio'):.2f}x (target <= 3x; runs: "
          + ", ".join(f"{run['ratio']:.2f}x" for run in runs) + ")")
    print(f"  p95 save / p95 question page: {median('page ratio'):.2f}x")
    if all("cpu per round" in run for run in runs):
        print(f"  server CPU per round (save + static + page): {median('cpu per round'):.1f} ms")
    print(f"  server peak RSS: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
