"""Run the fuzz suite of tests/test_fuzz.py at scale: ``python scripts/fuzz.py --examples N``.

Each case mutates an example answers file (values from other examples, edge numbers and
dates, strange Unicode and markup-like text, deleted keys, long and empty lists, wrong
types) and runs ``build`` through the command line in-process. Every case must build or be
refused with located problems. Prints the counts, the time taken and the peak RSS; exits 1
with hypothesis's minimal failing case if any case fails.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from fuzzing import fuzz_case  # noqa: E402


def main() -> int:
    """Run the cases; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=1000, help="how many cases to run")
    parser.add_argument("--seed", type=int, default=8, help="the random seed")
    args = parser.parse_args()
    counts: Counter[str] = Counter()

    @seed(args.seed)
    @settings(max_examples=args.examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def case(data: st.DataObject) -> None:
        with tempfile.TemporaryDirectory(prefix="alliancedocs-fuzz-") as workdir:
            counts[fuzz_case(data.draw, Path(workdir)).kind] += 1
        done = sum(counts.values())
        if done % 100 == 0:
            print(f"  {done} cases, {time.monotonic() - started:.0f} s", file=sys.stderr,
                  flush=True)

    started = time.monotonic()
    failed = False
    try:
        case()
    except Exception as error:  # hypothesis has printed the minimal failing case
        print(f"FAILED: {error!r}"[:2000], file=sys.stderr)
        failed = True
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    total = sum(counts.values())
    print(f"{total} cases (seed {args.seed}): {counts['built']} built, "
          f"{counts['refused']} refused with located problems; "
          f"{seconds:.0f} s ({seconds / max(total, 1):.2f} s a case); peak RSS {peak:.0f} MiB")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
