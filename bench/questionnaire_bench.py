"""Questionnaire latency under load: a save with live checking against a static page.

Run: ``.venv/bin/python bench/questionnaire_bench.py [--sessions 50] [--saves 20]``

One server process runs ``--sessions`` questionnaires on one event loop (uvicorn, each on
its own loopback port, each editing its own copy of the Lambeth example, as separate
commissioners would). A client process opens every session through its launch link, then
all sessions at once repeat: a live save (the script's POST with ``Accept:
application/json``, which writes the answers file and returns the core's warnings), a GET
of the stylesheet (the static page), and a GET of a question page. The report gives the
p50 and p95 of each, and the ratio of the save's p95 to the static page's p95 measured in
the same run on the same server (target: at most 3x). Nothing here asserts a duration.
Only loopback addresses are used, and every loop is bounded in count.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
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
    from alliancedocs.questionnaire.server import loopback_socket

    servers = []
    links = []
    for index in range(sessions):
        sock = loopback_socket(0)
        keys = Keys(port=sock.getsockname()[1])
        app = Questionnaire(folder / f"session-{index}.yaml", keys).app()
        config = uvicorn.Config(app, log_level="error", access_log=False, lifespan="off")
        servers.append((uvicorn.Server(config), sock))
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
        for number in range(saves):
            body = {"csrf": csrf, "version": version, "action": "save",
                    "alliance.short_name": f"IPSA {number}"}
            start = time.perf_counter()
            response = await client.post("/page/alliance", data=body, headers={
                "origin": origin, "accept": "application/json"})
            timings["save"].append(time.perf_counter() - start)
            if response.status_code == 200:
                version = response.json()["version"]
            else:
                conflicts += 1
            start = time.perf_counter()
            await client.get("/static/questionnaire.css")
            timings["static"].append(time.perf_counter() - start)
            start = time.perf_counter()
            await client.get("/page/decisions")
            timings["page"].append(time.perf_counter() - start)
    return conflicts


async def load(links: list[str], saves: int) -> tuple[dict[str, list[float]], int]:
    """Run every session at once; return the timings and the number of refused saves."""
    timings: dict[str, list[float]] = {"save": [], "static": [], "page": []}
    refused = await asyncio.gather(*(session(link, saves, timings) for link in links))
    return timings, sum(refused)


def main() -> None:
    """Start the server process, run the load from this process, print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.sessions)
        return
    with tempfile.TemporaryDirectory(prefix="questionnaire-bench-") as folder:
        for index in range(args.sessions):
            shutil.copy(LAMBETH, Path(folder) / f"session-{index}.yaml")
        server = subprocess.Popen(
            [sys.executable, __file__, "--serve", folder, "--sessions", str(args.sessions)],
            stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout is not None
            links = json.loads(server.stdout.readline())
            started = time.perf_counter()
            timings, refused = asyncio.run(load(links, args.saves))
            elapsed = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"{args.sessions} concurrent sessions, {args.saves} saves each, "
          f"{elapsed:.1f} s in all; refused saves: {refused}")
    for name, label in (("save", "live save (write + core evaluation + warnings)"),
                        ("static", "static page (stylesheet)"),
                        ("page", "question page (rendered, with warnings)")):
        values = timings[name]
        print(f"  {label:48} p50 {statistics.median(values) * 1000:8.1f} ms   "
              f"p95 {percentile(values, 0.95) * 1000:8.1f} ms   n={len(values)}")
    ratio = percentile(timings["save"], 0.95) / percentile(timings["static"], 0.95)
    page_ratio = percentile(timings["save"], 0.95) / percentile(timings["page"], 0.95)
    print(f"  p95 save / p95 static page: {ratio:.2f}x (target <= 3x)")
    print(f"  p95 save / p95 question page: {page_ratio:.2f}x")


if __name__ == "__main__":
    main()
