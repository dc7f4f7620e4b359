"""Run the library lint over single-answer coverage plus pairwise coverage of every example.

Prints how many answers sets were checked, how many pairs of variant-selecting changes were
covered, and every lint finding; exits 1 if there is any finding. The suite runs the same
checks (tests/test_library_lint.py); this script is for a full run with extra bases:

    .venv/bin/python scripts/lint_pairwise.py [ANSWERS...]
"""

from __future__ import annotations

import sys
from pathlib import Path

from alliancedocs.answers_file import read_answers
from alliancedocs.library.clause_files import load_library
from alliancedocs.lint import coverage_answers, lint
from alliancedocs.lint_pairs import pairwise_answers


def main() -> int:
    """Lint the library and print the coverage numbers."""
    root = Path(__file__).resolve().parents[1]
    files = [Path(a) for a in sys.argv[1:]] or sorted((root / "examples").glob("*.yaml"))
    bases = [read_answers(path) for path in files]
    library = load_library()
    single = coverage_answers(bases)
    pairs = pairwise_answers(bases, library)
    report = lint(library, [*single, *pairs.answers])
    print(f"single-answer coverage: {len(single)} answers sets")
    print(f"pairwise coverage: {len(pairs.answers)} answers sets for {pairs.choices} "
          f"variant-selecting changes; {pairs.covered} of {pairs.pairs} pairs covered, "
          f"{pairs.infeasible} infeasible (invalid together)")
    for problem in report.problems:
        print(problem)
    print(f"{report.answers_checked} answers sets checked, {len(report.problems)} findings")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
