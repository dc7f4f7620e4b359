"""PDF copies of built documents, rendered by LibreOffice (``build --pdf``).

LibreOffice runs headless with a fresh user profile in a temporary folder, once for all the
documents of a build. It exits 0 even when a conversion fails, so each PDF is checked: it
must exist, be a PDF and have pages. LibreOffice stamps each PDF with the time and a random
id; both are replaced (same lengths, so the cross-reference offsets stay true) by values
taken from the document, so the same ``.docx`` always gives the same PDF bytes.
Nothing here writes outside its temporary folder: the caller adds the PDFs to the build's
file set, which is written all or nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from .errors import AlliancedocsError

DEBIAN_PACKAGE = "libreoffice-writer-nogui"
TIMEOUT_SECONDS = 120
"""The longest LibreOffice may take for the first document; each further one adds
:data:`TIMEOUT_PER_DOCUMENT`."""
TIMEOUT_PER_DOCUMENT = 60

_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_CREATED = re.compile(rb"<dcterms:created[^>]*>(\d{4})-(\d{2})-(\d{2})")


class PdfError(AlliancedocsError):
    """LibreOffice is missing, or did not render a document to PDF."""


def find_soffice() -> str | None:
    """Return the path of LibreOffice's ``soffice`` program, or None if it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """Return the ``soffice`` path; raise :class:`PdfError` (one line) if it is missing."""
    soffice = find_soffice()
    if soffice is None:
        raise PdfError("--pdf needs LibreOffice, which is not installed: install the Debian "
                       f"package {DEBIAN_PACKAGE} (apt-get install {DEBIAN_PACKAGE})")
    return soffice


def pdf_name(docx_name: str) -> str:
    """Return the name of the PDF written beside ``docx_name`` (``a/b.docx`` -> ``a/b.pdf``)."""
    return str(PurePosixPath(docx_name).with_suffix(".pdf"))


def render_pdfs(documents: dict[str, bytes], soffice: str) -> dict[str, bytes]:
    """Return a PDF for each ``.docx`` in ``documents``, keyed by :func:`pdf_name`.

    Raises :class:`PdfError` naming the document when LibreOffice fails, times out or
    writes no PDF with pages.
    """
    names = sorted(name for name in documents if name.endswith(".docx"))
    if not names:
        return {}
    with tempfile.TemporaryDirectory(prefix="alliancedocs-pdf-") as work:
        root = Path(work)
        sources, out = root / "in", root / "out"
        sources.mkdir()
        # Numbered copies: documents in different folders may share a file name.
        inputs = [sources / f"{index}.docx" for index in range(len(names))]
        for path, name in zip(inputs, names, strict=True):
            path.write_bytes(documents[name])
        command = [soffice, f"-env:UserInstallation={(root / 'profile').as_uri()}",
                   "--headless", "--norestore", "--nolockcheck", "--convert-to", "pdf",
                   "--outdir", str(out), *map(str, inputs)]
        timeout = TIMEOUT_SECONDS + TIMEOUT_PER_DOCUMENT * (len(names) - 1)
        returncode, output = _run(command, timeout)
        pdfs = {}
        for path, name in zip(inputs, names, strict=True):
            pdf = out / f"{path.stem}.pdf"
            data = pdf.read_bytes() if pdf.is_file() else b""
            if page_count(data) < 1:
                detail = output.strip().splitlines()
                reason = f": {detail[-1]}" if detail else ""
                raise PdfError(f"LibreOffice did not render {name} to PDF (exit "
                               f"{returncode}){reason}; nothing was written")
            pdfs[pdf_name(name)] = settle(data, documents[name])
    return pdfs


def _run(command: list[str], timeout: int) -> tuple[int, str]:
    """Run LibreOffice in its own process group; return its exit code and its output.

    ``soffice`` is a wrapper that starts ``soffice.bin``, so on a timeout the whole group
    is killed, leaving nothing running.
    """
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True,
                                   start_new_session=True)
    except OSError as error:
        raise PdfError(f"cannot run LibreOffice ({command[0]}): {error.strerror}") from None
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise PdfError(f"LibreOffice took longer than {timeout} s to render the PDFs; "
                       "nothing was written") from None
    finally:
        if process.poll() is None:  # interrupted (Ctrl-C): leave no LibreOffice behind
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return process.returncode, output or ""


def page_count(pdf: bytes) -> int:
    """Return the number of page objects in ``pdf`` (0 if it is not a PDF).

    LibreOffice writes its page objects uncompressed, so they can be counted directly.
    """
    if not pdf.startswith(b"%PDF-"):
        return 0
    return len(_PAGE.findall(pdf))


def settle(pdf: bytes, docx: bytes) -> bytes:
    """Return ``pdf`` with LibreOffice's clock time and random ids made deterministic.

    The creation date becomes the document's own (its ``dcterms:created``), the file ids
    become the MD5 of the ``.docx``, and the checksum is recomputed over the result.
    Each replacement has the same length as what it replaces.
    """
    created = _created(docx)
    pdf = re.sub(rb"(/CreationDate\(D:)\d{14}", lambda m: m.group(1) + created, pdf)
    ident = hashlib.md5(docx, usedforsecurity=False).hexdigest().upper().encode()
    pdf = re.sub(rb"(/ID\s*\[\s*<)[0-9A-Fa-f]{32}(>\s*<)[0-9A-Fa-f]{32}(>)",
                 lambda m: m.group(1) + ident + m.group(2) + ident + m.group(3), pdf)
    blank = re.sub(rb"(/DocChecksum\s*/)[0-9A-Fa-f]{32}", lambda m: m.group(1) + b"0" * 32, pdf)
    checksum = hashlib.md5(blank, usedforsecurity=False).hexdigest().upper().encode()
    return re.sub(rb"(/DocChecksum\s*/)[0-9A-Fa-f]{32}", lambda m: m.group(1) + checksum, blank)


def _created(docx: bytes) -> bytes:
    """Return the document's creation date as PDF date digits (``YYYYMMDD000000``)."""
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as archive:
            core = archive.read("docProps/core.xml")
    except (KeyError, zipfile.BadZipFile):
        core = b""
    found = _CREATED.search(core)
    return b"".join(found.groups()) + b"000000" if found else b"19800101000000"
