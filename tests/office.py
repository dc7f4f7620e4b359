"""Helpers for tests that check generated Office files the way a user's software would.

- :func:`parse_all_parts_strictly`: every XML part parses with lxml, no recovery.
- :func:`audit_docx`: openxml-audit's findings (a proxy for Word's "repair" prompt).
- :func:`docx_to_pdf` / :func:`pdf_text`: render with LibreOffice, read with poppler.
- :func:`numbered_paragraphs`: the number each paragraph displays, computed from the
  paragraph and style ``w:numPr`` links and ``numbering.xml``, as Word would.
- ``requires_libreoffice``: a marker that skips when ``soffice`` is missing, unless the
  environment sets ``ALLIANCEDOCS_REQUIRE_LIBREOFFICE=1`` or ``CI=true`` (then it fails instead).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W_NS}

DocxSource = bytes | str | Path


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _zip_bytes(docx: DocxSource) -> bytes:
    return docx if isinstance(docx, bytes) else Path(docx).read_bytes()


def read_parts(docx: DocxSource) -> dict[str, bytes]:
    """Return every file in the package by zip name."""
    with zipfile.ZipFile(io.BytesIO(_zip_bytes(docx))) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}


def parse_all_parts_strictly(docx: DocxSource) -> dict[str, etree._Element]:
    """Parse every ``.xml`` and ``.rels`` part with lxml (no ``recover``) and return them.

    Raises :class:`lxml.etree.XMLSyntaxError` on the first malformed part, naming it.
    """
    parser = etree.XMLParser(recover=False, resolve_entities=False)
    parsed: dict[str, etree._Element] = {}
    for name, data in read_parts(docx).items():
        if name.endswith((".xml", ".rels")):
            try:
                parsed[name] = etree.fromstring(data, parser)
            except etree.XMLSyntaxError as error:
                raise etree.XMLSyntaxError(
                    f"{name}: {error}", error.code, error.lineno, error.offset, name
                ) from error
    return parsed


def audit_docx(path: str | Path) -> list[str]:
    """Return openxml-audit's error-severity findings for the file (empty when clean)."""
    from openxml_audit import OpenXmlValidator, ValidationSeverity

    result = OpenXmlValidator().validate(Path(path))
    return [str(e) for e in result.errors if e.severity == ValidationSeverity.ERROR]


# LibreOffice --------------------------------------------------------------------------------

def libreoffice_required() -> bool:
    """Return True when the environment demands LibreOffice tests run (not skip)."""
    return (os.environ.get("ALLIANCEDOCS_REQUIRE_LIBREOFFICE") == "1"
            or os.environ.get("CI") == "true")


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


requires_libreoffice = pytest.mark.skipif(
    _soffice() is None and not libreoffice_required(),
    reason="LibreOffice (soffice) is not installed; set ALLIANCEDOCS_REQUIRE_LIBREOFFICE=1 "
    "to make this a failure",
)


def docx_to_pdf(path: str | Path, outdir: str | Path | None = None) -> Path:
    """Convert a ``.docx`` to PDF with headless LibreOffice and return the PDF's path.

    Uses a fresh user profile for each run. ``soffice`` exits 0 even when conversion
    fails, so this checks that the PDF exists and has at least one page.
    """
    soffice = _soffice()
    if soffice is None:
        raise RuntimeError("soffice is not installed (apt-get install libreoffice-writer-nogui)")
    source = Path(path).resolve()
    target_dir = Path(outdir) if outdir is not None else source.parent
    target_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="alliancedocs-lo-") as profile:
        completed = subprocess.run(
            [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
             "--norestore", "--convert-to", "pdf", "--outdir", str(target_dir), str(source)],
            capture_output=True, text=True, timeout=180, check=False,
        )
    pdf = target_dir / f"{source.stem}.pdf"
    if not pdf.is_file() or pdf_pages(pdf) < 1:
        raise RuntimeError(
            f"LibreOffice did not produce a PDF for {source} "
            f"(exit {completed.returncode}): {completed.stdout} {completed.stderr}"
        )
    return pdf


def pdf_pages(path: str | Path) -> int:
    """Return the page count poppler's ``pdfinfo`` reports (0 if it cannot read the file)."""
    completed = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                               check=False)
    for line in completed.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def pdf_text(path: str | Path) -> str:
    """Return the PDF's text laid out as on the page (``pdftotext -layout``)."""
    completed = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                               text=True, check=True)
    return completed.stdout


# Numbering ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class NumberedParagraph:
    """A body paragraph that displays a number: the number, its text, style and level."""

    number: str
    text: str
    style: str
    ilvl: int
    num_id: int


def paragraph_text(p: etree._Element) -> str:
    """Return the visible text of a ``w:p``: text, tabs and breaks, field results only.

    A non-breaking hyphen (``w:noBreakHyphen``) reads as ``-``, as python-docx reads it.
    """
    out: list[str] = []
    for node in p.iter(_w("t"), _w("tab"), _w("br"), _w("noBreakHyphen")):
        if node.tag == _w("t"):
            out.append(node.text or "")
        elif node.tag == _w("noBreakHyphen"):
            out.append("-")
        elif node.tag == _w("tab") and node.getparent().tag == _w("r"):
            out.append("\t")
        elif node.tag == _w("br"):
            out.append("\n")
    return "".join(out)


def numbered_paragraphs(docx: DocxSource) -> list[NumberedParagraph]:
    """Return each numbered body paragraph with the number Word would display.

    The numbering comes from the paragraph's own ``w:numPr`` or, failing that, its style's
    (following ``w:basedOn``); the level text and format come from ``numbering.xml``.
    Counters are kept per abstract list, lower levels reset when a higher level advances,
    and a ``w:num`` with ``w:startOverride`` restarts its levels the first time it is used.
    """
    parts = read_parts(docx)
    document = etree.fromstring(parts["word/document.xml"])
    styles = etree.fromstring(parts["word/styles.xml"])
    numbering = etree.fromstring(parts["word/numbering.xml"])
    model = _NumberingModel(styles, numbering)
    found: list[NumberedParagraph] = []
    for p in document.iterfind("w:body/w:p", NS):
        resolved = model.resolve(p)
        if resolved is None:
            continue
        style, num_id, ilvl = resolved
        number = model.advance(num_id, ilvl)
        if number is not None:
            found.append(NumberedParagraph(number, paragraph_text(p), style, ilvl, num_id))
    return found


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _format(value: int, fmt: str) -> str:
    if fmt == "decimal":
        return str(value)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = _LETTERS[(value - 1) % 26] * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "none":
        return ""
    raise ValueError(f"numbering format {fmt!r} is not simulated")


def _roman(value: int) -> str:
    table = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
             (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for amount, numeral in table:
        while value >= amount:
            out += numeral
            value -= amount
    return out


def _val(node: etree._Element | None, default: str | None = None) -> str | None:
    return default if node is None else node.get(_w("val"), default)


class _NumberingModel:
    def __init__(self, styles: etree._Element, numbering: etree._Element) -> None:
        self.styles = {s.get(_w("styleId")): s for s in styles.iterfind("w:style", NS)}
        self.default_style = next(
            (s.get(_w("styleId")) for s in styles.iterfind("w:style", NS)
             if s.get(_w("type")) == "paragraph" and s.get(_w("default")) in ("1", "true")),
            None,
        )
        self.abstracts = {a.get(_w("abstractNumId")): a
                          for a in numbering.iterfind("w:abstractNum", NS)}
        self.nums = {n.get(_w("numId")): n for n in numbering.iterfind("w:num", NS)}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()

    def _style_chain(self, style_id: str | None) -> Iterator[etree._Element]:
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            style_id = _val(style.find("w:basedOn", NS))

    def resolve(self, p: etree._Element) -> tuple[str, int, int] | None:
        style_id = _val(p.find("w:pPr/w:pStyle", NS), self.default_style) or ""
        num_id = _val(p.find("w:pPr/w:numPr/w:numId", NS))
        ilvl = _val(p.find("w:pPr/w:numPr/w:ilvl", NS))
        for style in self._style_chain(style_id):
            if num_id is None:
                num_id = _val(style.find("w:pPr/w:numPr/w:numId", NS))
            if ilvl is None:
                ilvl = _val(style.find("w:pPr/w:numPr/w:ilvl", NS))
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        if ilvl is None:
            ilvl = self._level_for_style(num_id, style_id)
        return style_id, int(num_id), int(ilvl)

    def _abstract(self, num_id: str) -> etree._Element:
        return self.abstracts[_val(self.nums[num_id].find("w:abstractNumId", NS))]

    def _level_for_style(self, num_id: str, style_id: str) -> str:
        for lvl in self._abstract(num_id).iterfind("w:lvl", NS):
            if _val(lvl.find("w:pStyle", NS)) == style_id:
                return lvl.get(_w("ilvl"), "0")
        return "0"

    def _lvl(self, num_id: str, ilvl: int) -> etree._Element | None:
        for override in self.nums[num_id].iterfind("w:lvlOverride", NS):
            if override.get(_w("ilvl")) == str(ilvl) and override.find("w:lvl", NS) is not None:
                return override.find("w:lvl", NS)
        for lvl in self._abstract(num_id).iterfind("w:lvl", NS):
            if lvl.get(_w("ilvl")) == str(ilvl):
                return lvl
        return None

    def _start(self, num_id: str, ilvl: int) -> int:
        lvl = self._lvl(num_id, ilvl)
        return int(_val(lvl.find("w:start", NS) if lvl is not None else None, "0") or 0)

    def advance(self, num_id_int: int, ilvl: int) -> str | None:
        num_id = str(num_id_int)
        abstract_id = _val(self.nums[num_id].find("w:abstractNumId", NS)) or ""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for override in self.nums[num_id].iterfind("w:lvlOverride", NS):
                start = override.find("w:startOverride", NS)
                if start is not None:
                    level = int(override.get(_w("ilvl"), "0"))
                    counters[level] = int(_val(start, "1") or 1) - 1
        lvl = self._lvl(num_id, ilvl)
        if lvl is None:
            return None
        counters[ilvl] = counters.get(ilvl, self._start(num_id, ilvl) - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = _val(lvl.find("w:lvlText", NS), "") or ""
        for level in range(9):
            token = f"%{level + 1}"
            if token in text:
                value = counters.get(level, self._start(num_id, level))
                fmt_lvl = self._lvl(num_id, level)
                fmt_node = fmt_lvl.find("w:numFmt", NS) if fmt_lvl is not None else None
                text = text.replace(token, _format(value, _val(fmt_node, "decimal") or "decimal"))
        return text
