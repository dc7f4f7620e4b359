"""Measure how much clause text repeats across the variants of the same clause.

A non-blank line of a variant's text (or of a clause's ``base`` and ``shared`` paragraphs
or a variant's ``blocks``) counts as repeated when an earlier part of the same clause file
already has exactly the same line. Prints per-clause counts and the total.

    .venv/bin/python scripts/clause_repetition.py [CLAUSES_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def measure(root: Path) -> tuple[int, int, list[tuple[str, int, int, int]]]:
    """Return (repeated lines, total lines, per-clause rows) for the library at ``root``."""
    total = repeated = 0
    rows = []
    for path in sorted(root.glob("*/*.yaml")):
        if path.parent.name == "terms":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        seen: set[str] = set()
        c_total = c_rep = 0
        sources = [data.get("base", ""), *(data.get("shared") or {}).values()]
        for variant in data["variants"]:
            sources.append(variant.get("text", ""))
            sources.extend((variant.get("blocks") or {}).values())
        for source in sources:
            for line in _lines(source or ""):
                c_total += 1
                if line in seen:
                    c_rep += 1
                seen.add(line)
        rows.append((data["id"], len(data["variants"]), c_rep, c_total))
        total += c_total
        repeated += c_rep
    return repeated, total, rows


def main() -> None:
    """Print the measurement (quietly, if the reader closes the pipe early)."""
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[1] / "clauses"
    repeated, total, rows = measure(root)
    for clause_id, variants, rep, tot in sorted(rows, key=lambda r: -r[2]):
        if rep:
            print(f"{clause_id:32} {variants} variants  {rep:4}/{tot:4} lines repeated")
    share = 100 * repeated / total if total else 0
    print(f"total: {repeated} of {total} clause-text lines repeated ({share:.1f}%)")


if __name__ == "__main__":
    main()
