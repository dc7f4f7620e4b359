"""Printing diagnostics: the text lines users read and the JSON shape tools read."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import click

from ..diagnostics import Diagnostic

JSON_VERSION = 1
"""The version of the diagnostics JSON shape documented in the README."""


def diagnostics_json(diagnostics: Iterable[Diagnostic], **extra: Any) -> str:
    """Return ``{"version": 1, "diagnostics": [...], **extra}`` as indented JSON."""
    data = {"version": JSON_VERSION, **extra,
            "diagnostics": [d.to_dict() for d in diagnostics]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def echo_problems(problems: Iterable[Diagnostic], label: object) -> None:
    """Print each problem to stderr as ``file:line:col: path: message``, then a count."""
    problems = list(problems)
    for problem in problems:
        click.echo(problem.format(), err=True)
    count = len(problems)
    click.echo(f"{label}: {count} problem{'s' if count != 1 else ''}", err=True)
