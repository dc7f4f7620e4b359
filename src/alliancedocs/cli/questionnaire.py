"""``alliancedocs questionnaire``: commissioners answer in the browser instead of in YAML."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

import click

from ..errors import AlliancedocsError
from .params import ANSWERS_FILE

EXTRA_MODULES = ("starlette", "uvicorn", "ruamel.yaml", "python_multipart")
"""The modules the questionnaire needs beyond the core (the `questionnaire` extra)."""


@click.command("questionnaire")
@click.argument("answers", type=ANSWERS_FILE, required=False, default=Path("answers.yaml"))
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="The port to listen on, on 127.0.0.1 only; 0 picks a free one.")
@click.option("--no-browser", is_flag=True, help="Print the link instead of opening it.")
def questionnaire(answers: Path, port: int, no_browser: bool) -> None:
    """Answer the questions in a browser; the answers are saved to ANSWERS as you go.

    ANSWERS (default answers.yaml) is created at the first save if it does not exist. The
    questionnaire listens on 127.0.0.1 only, behind a random link printed here; it warns as
    soon as an answer waters the alliance down, and offers the drafts to download once no
    errors remain.

    \b
    Example:
        alliancedocs questionnaire my-alliance.yaml
    """
    missing = [name for name in EXTRA_MODULES if not _installed(name)]
    if missing:
        raise AlliancedocsError(
            f"the questionnaire needs {', '.join(missing)}: pip install "
            "'alliancedocs[questionnaire]'")
    if answers.exists() and not answers.is_file():
        raise AlliancedocsError(f"{answers} is not a file\n    hint: give the path of an "
                                "answers file, or of one to create")
    from ..questionnaire.server import serve

    serve(answers, port, open_browser=not no_browser, echo=click.echo)


def _installed(module: str) -> bool:
    try:
        return find_spec(module) is not None
    except ModuleNotFoundError:
        return False
