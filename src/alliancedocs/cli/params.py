"""Parameter types shared by several commands."""

from __future__ import annotations

from pathlib import Path

import click

ANSWERS_FILE = click.Path(path_type=Path, readable=False)
"""An answers file argument. Click does not check it: the loader reports a missing,
unreadable or non-file path as a located problem (exit 1), as it does every other problem
in the answers, rather than as a usage error."""
