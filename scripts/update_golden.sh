#!/usr/bin/env bash
# Regenerate the golden plain-text snapshots of every example's documents
# (tests/golden/*.txt). Review the diff: every wording change shows there.
set -euo pipefail
cd "$(dirname "$0")/.."
ALLIANCEDOCS_UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_golden.py
git status --short tests/golden
