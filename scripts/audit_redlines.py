"""Audit every redline of every version pair the tests use with openxml-audit.

The tests audit a representative subset (auditing takes seconds per document); this runs
the whole set and prints one line per redline with its error count:

    .venv/bin/python scripts/audit_redlines.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from alliancedocs.diff import compare, redlines  # noqa: E402
from alliancedocs.library.clause_files import LIBRARY_DIR  # noqa: E402
from diff_pairs import PAIR_NAMES, make_pair  # noqa: E402
from office import audit_docx  # noqa: E402


def main() -> int:
    """Audit every redline; return 1 if any has an error."""
    failed = 0
    with tempfile.TemporaryDirectory(prefix="alliancedocs-audit-") as scratch:
        folder = Path(scratch)
        for name in PAIR_NAMES:
            pair = make_pair(name, folder)
            summary = compare(pair.old, pair.new, old_library=pair.old_library or LIBRARY_DIR,
                              new_library=pair.new_library or LIBRARY_DIR)
            for doc_name, data in sorted(redlines(summary).items()):
                if not doc_name.endswith(".docx"):
                    continue
                path = folder / "redline.docx"
                path.write_bytes(data)
                errors = audit_docx(path)
                failed += bool(errors)
                print(f"{name}  {doc_name}: {len(errors)} errors")
                for error in errors[:5]:
                    print(f"    {error}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
