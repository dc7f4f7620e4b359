#!/usr/bin/python3
"""Accept or reject every tracked change in .docx files with LibreOffice, and save the text.

Run with the system Python that has LibreOffice's UNO bridge (Debian ``python3-uno``):

    /usr/bin/python3 scripts/lo_revisions.py MODE IN.docx OUT.txt [MODE IN.docx OUT.txt ...]

MODE is ``accept`` (Accept All), ``reject`` (Reject All) or ``none`` (open and save as is).
One headless LibreOffice with a fresh profile serves every file, then quits. Each output
is the document's plain text as LibreOffice exports it, list numbers included. Exits 1
with a message if LibreOffice cannot be started or a file cannot be converted.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

_COMMANDS = {"accept": ".uno:AcceptAllTrackedChanges", "reject": ".uno:RejectAllTrackedChanges"}
_START_SECONDS = 60


def prop(name: str, value: object) -> PropertyValue:
    """Return a UNO property value (an argument of loadComponentFromURL and the like)."""
    item = PropertyValue()
    item.Name, item.Value = name, value
    return item


def main(argv: list[str]) -> int:
    if not argv or len(argv) % 3:
        print(__doc__, file=sys.stderr)
        return 2
    jobs = [(argv[i], Path(argv[i + 1]).resolve(), Path(argv[i + 2]).resolve())
            for i in range(0, len(argv), 3)]
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        print("soffice is not installed", file=sys.stderr)
        return 1
    with office() as pipe:
        return _run(pipe, jobs)


@contextlib.contextmanager
def office() -> Iterator[str]:
    """Start a headless LibreOffice with a fresh profile; yield the name of the pipe it
    listens on, and end it afterwards."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice is not None
    pipe = f"alliancedocs_{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="alliancedocs-uno-") as profile:
        process = subprocess.Popen(
            [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
             "--invisible", "--norestore", "--nologo", "--nodefault",
             f"--accept=pipe,name={pipe};urp;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            yield pipe
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def connect(pipe: str):  # type: ignore[no-untyped-def]
    """Return the component context of the LibreOffice listening on ``pipe``, waiting for
    it to start."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + _START_SECONDS
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def open_hidden(desktop, source: Path):  # type: ignore[no-untyped-def]
    """Return ``source`` opened, hidden, in LibreOffice; ``None``, with a message, when
    it cannot be opened."""
    doc = desktop.loadComponentFromURL(source.as_uri(), "_blank", 0, (prop("Hidden", True),))
    if doc is None:
        print(f"LibreOffice could not open {source}", file=sys.stderr)
    return doc


def _run(pipe: str, jobs: list[tuple[str, Path, Path]]) -> int:
    ctx = connect(pipe)
    smgr = ctx.ServiceManager
    desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
    for mode, source, target in jobs:
        doc = open_hidden(desktop, source)
        if doc is None:
            return 1
        try:
            if mode in _COMMANDS:
                frame = doc.getCurrentController().getFrame()
                dispatcher.executeDispatch(frame, _COMMANDS[mode], "", 0, ())
            elif mode != "none":
                print(f"unknown mode {mode!r}", file=sys.stderr)
                return 2
            doc.getTextFields().refresh()
            doc.refresh()
            doc.storeToURL(target.as_uri(), (prop("FilterName", "Text (encoded)"),
                                             prop("FilterOptions", "UTF8,LF,,,")))
        finally:
            doc.close(True)
        if not target.is_file():
            print(f"LibreOffice did not write {target}", file=sys.stderr)
            return 1
    # The office may already be going away; the caller ends it in any case.
    with contextlib.suppress(Exception):
        desktop.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
