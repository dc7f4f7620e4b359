#!/usr/bin/python3
"""Edit .docx files in LibreOffice as a lawyer would, and save them as Word 2007 XML.

Run with the system Python that has LibreOffice's UNO bridge (Debian ``python3-uno``):

    /usr/bin/python3 scripts/lo_edit.py JOBS.json

JOBS.json is a list of edits, each ``{"in": IN.docx, "out": OUT.docx, "track": false,
"replace": [[OLD, NEW], ...], "delete": [TEXT, ...]}``: with ``track`` the edits are
recorded as tracked changes; each OLD is replaced with NEW wherever it occurs (it must
occur), and each paragraph containing a TEXT is deleted with its paragraph mark. With no
edits the file is opened and saved as it is, so LibreOffice rewrites the whole of it. One
headless LibreOffice with a fresh profile serves every job (see ``lo_revisions.py``).
Exits 1 with a message when LibreOffice cannot be started or an edit cannot be made.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from lo_revisions import connect, office, open_hidden, prop

WORD_2007 = "MS Word 2007 XML"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    jobs = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    with office() as pipe:
        ctx = connect(pipe)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop",
                                                               ctx)
        for job in jobs:
            source, target = Path(job["in"]).resolve(), Path(job["out"]).resolve()
            doc = open_hidden(desktop, source)
            if doc is None:
                return 1
            try:
                problem = _edit(doc, job)
                if problem:
                    print(f"{source}: {problem}", file=sys.stderr)
                    return 1
                doc.storeToURL(target.as_uri(), (prop("FilterName", WORD_2007),))
            finally:
                doc.close(True)
    return 0


def _edit(doc: Any, job: dict[str, Any]) -> str | None:
    """Make a job's edits in an open document; return what went wrong, if anything."""
    doc.RecordChanges = bool(job.get("track"))
    for old, new in job.get("replace", ()):
        descriptor = doc.createReplaceDescriptor()
        descriptor.SearchString, descriptor.ReplaceString = old, new
        if doc.replaceAll(descriptor) < 1:
            return f"no text {old!r} to replace"
    for text in job.get("delete", ()):
        descriptor = doc.createSearchDescriptor()
        descriptor.SearchString = text
        found = doc.findFirst(descriptor)
        if found is None:
            return f"no paragraph with {text!r} to delete"
        cursor = found.getText().createTextCursorByRange(found.getStart())
        cursor.gotoStartOfParagraph(False)
        cursor.gotoNextParagraph(True)  # the paragraph and its mark
        cursor.setString("")
    return None


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
