"""Parameter types shared by several commands."""

from __future__ import annotations

from pathlib import Path

import click

ANSWERS_FILE = click.Path(path_type=Path, readable=False)
"""An answers file argument. Click does not check it: the loader reports a missing,
unreadable or non-file path as a located problem (exit 1), as it does every other problem
in the answers, rather than as a usage error."""

FAIL_EXIT_CODE = 3
"""The exit code when an unacknowledged flag is at or above ``--fail-on``."""

SEVERITY_CHOICES = ("critical", "high", "medium", "low", "info")
"""The flag severities ``--fail-on`` accepts, most serious first (as in ``flags.Severity``)."""

fail_on_option = click.option(
    "--fail-on",
    type=click.Choice(SEVERITY_CHOICES),
    default=None,
    help="Exit with code 3 if any unacknowledged flag is at or above this severity.",
)
"""The ``--fail-on SEVERITY`` option shared by ``check``, ``build`` and ``diff``."""
