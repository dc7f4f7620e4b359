"""The drafts to download: the same build as ``alliancedocs build``, packed as a zip."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from pathlib import Path

from ..build import build_documents
from ..write import write_outputs

ZIP_TIME = (2000, 1, 1, 0, 0, 0)
"""The timestamp of every zip entry, so that the same answers give the same zip."""


def drafts_zip(answers: Path) -> tuple[bytes, str]:
    """Build every output for the answers file and return ``(zip bytes, file name)``.

    The outputs are written, by the project's writer, into a temporary folder that is
    removed afterwards, then zipped from there in sorted order with fixed timestamps.
    """
    result = build_documents(answers)
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="alliancedocs-download-") as folder:
        root = Path(folder)
        write_outputs({root / name: data for name, data in result.files.items()}, force=False)
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                entry = zipfile.ZipInfo(path.relative_to(root).as_posix(), ZIP_TIME)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                archive.writestr(entry, path.read_bytes())
    stem = re.sub(r"[^a-z0-9]+", "-", answers.stem.lower()).strip("-") or "alliance"
    return buffer.getvalue(), f"{stem}-drafts.zip"
