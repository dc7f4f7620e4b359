"""Run the questionnaire: a loopback socket, uvicorn, and the launch link."""

from __future__ import annotations

import gc
import socket
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uvicorn

from ..errors import AlliancedocsError
from .app import Questionnaire
from .security import Keys

HOST = "127.0.0.1"
"""The only address the questionnaire listens on."""


def loopback_socket(port: int) -> socket.socket:
    """Return a listening socket on the loopback interface (``port`` 0 picks a free one).

    Raises :class:`~alliancedocs.errors.AlliancedocsError` when the port cannot be used.
    """
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that say they are TCP,
    # and without it every response written in two parts waits for a delayed ACK (40 ms).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((HOST, port))
        sock.listen(128)
    except OSError as error:
        sock.close()
        raise AlliancedocsError(f"cannot listen on {HOST}:{port}: {error.strerror}\n"
                                "    hint: choose another --port, or leave it out to use a "
                                "free one") from None
    return sock


def ready(questionnaire: Questionnaire) -> None:
    """Do the start-up work before the first request, then keep it out of the garbage
    collector's way.

    The clause library is read, the page templates compiled and the answers file checked
    once; then every object made so far, which lives as long as the process, is frozen
    (:func:`gc.freeze`), so that each collection scans only what requests make.
    """
    questionnaire.warm_up()
    gc.freeze()


def server_config(app: Any) -> uvicorn.Config:
    """Return uvicorn's settings for the questionnaire's application ``app``."""
    return uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                          server_header=False, date_header=False)


def serve(answers: Path, port: int, *, open_browser: bool, echo: Callable[[str], None]) -> None:
    """Serve the questionnaire for ``answers`` until interrupted."""
    sock = loopback_socket(port)
    keys = Keys(port=sock.getsockname()[1])
    questionnaire = Questionnaire(answers, keys)
    app = questionnaire.app()
    ready(questionnaire)
    server = uvicorn.Server(server_config(app))
    echo(f"The questionnaire is editing {answers}.")
    echo(f"Open this link in your browser (it works only on this computer):\n  {keys.launch_url}")
    echo("Press Ctrl+C to stop; your answers are saved as you go.")
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(keys.launch_url,)).start()
    server.run(sockets=[sock])
