"""``build --pdf``: a PDF beside each .docx, rendered by LibreOffice, written with the set."""

from __future__ import annotations

import stat
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from alliancedocs import pdf as pdf_module
from alliancedocs.cli import main
from alliancedocs.pdf import DEBIAN_PACKAGE, find_soffice, page_count, settle
from office import docx_to_pdf, pdf_pages, pdf_text, requires_libreoffice

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "lambeth-rehabilitation.yaml"
DOCUMENTS = ["alliance-agreement", "schedules/certitude", "schedules/slam",
             "schedules/thames-reach"]
TINY_PDF = b"%PDF-1.4\n1 0 obj <</Type /Page>> endobj\ntrailer <<>>\n%%EOF\n"

FAKE_SOFFICE = """#!{python}
# A stand-in for LibreOffice: writes a one-page PDF per .docx, or (mode "fail") nothing,
# exiting 0 either way, as soffice does.
import sys
from pathlib import Path
args = sys.argv[1:]
out = Path(args[args.index("--outdir") + 1])
out.mkdir(parents=True, exist_ok=True)
if "{mode}" == "hang":
    import subprocess, time
    child = subprocess.Popen(["sleep", "60"])
    (out / "child.pid").write_text(str(child.pid))
    time.sleep(60)
if "{mode}" == "ok":
    for arg in args:
        if arg.endswith(".docx"):
            (out / (Path(arg).stem + ".pdf")).write_bytes({pdf!r})
"""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def _fake_soffice(folder: Path, mode: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "soffice"
    script.write_text(FAKE_SOFFICE.format(python=sys.executable, mode=mode, pdf=TINY_PDF))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return folder


def _tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@requires_libreoffice
def test_one_pdf_per_document_with_libreoffices_own_page_count(tmp_path: Path) -> None:
    if find_soffice() is None:
        pytest.fail("LibreOffice is required here (apt-get install libreoffice-writer-nogui)")
    out = tmp_path / "out"
    code, output = run("build", str(EXAMPLE), "-o", str(out), "--pdf")
    assert code == 0, output
    for name in DOCUMENTS:
        assert f"{out / name}.pdf" in output
        ours = out / f"{name}.pdf"
        # LibreOffice's own conversion of the same .docx, in a profile of its own.
        theirs = docx_to_pdf(out / f"{name}.docx", tmp_path / "theirs" / name)
        assert pdf_pages(ours) == pdf_pages(theirs) >= 1
        assert page_count(ours.read_bytes()) == pdf_pages(ours)
        # Only the clock time and the random ids differ, and those are settled.
        assert settle(theirs.read_bytes(), (out / f"{name}.docx").read_bytes()) == \
            ours.read_bytes()
    assert "Lambeth" in pdf_text(out / "alliance-agreement.pdf")


def test_pdfs_join_the_file_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(_fake_soffice(tmp_path / "bin", "ok")))
    out = tmp_path / "out"
    code, output = run("build", str(EXAMPLE), "-o", str(out), "--pdf")
    assert code == 0, output
    pdfs = [n for n in _tree(out) if n.endswith(".pdf")]
    assert pdfs == sorted(f"{name}.pdf" for name in DOCUMENTS)
    assert (out / "schedules" / "slam.pdf").read_bytes() == TINY_PDF
    # Existing PDFs are not overwritten without --force, and nothing else is written. The
    # refusal comes before LibreOffice runs: a failing one here would say so instead.
    (out / "alliance-agreement.pdf").write_bytes(b"mine")
    before = {n: (out / n).read_bytes() for n in _tree(out)}
    monkeypatch.setenv("PATH", str(_fake_soffice(tmp_path / "failing", "fail")))
    code, output = run("build", str(EXAMPLE), "-o", str(out), "--pdf")
    assert code == 1 and "already exist" in output and "--force" in output
    assert "did not render" not in output
    assert {n: (out / n).read_bytes() for n in _tree(out)} == before
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    code, output = run("build", str(EXAMPLE), "-o", str(out), "--pdf", "--force")
    assert code == 0 and (out / "alliance-agreement.pdf").read_bytes() == TINY_PDF


def test_a_failed_conversion_writes_nothing(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(_fake_soffice(tmp_path / "bin", "fail")))
    out = tmp_path / "out"
    code, output = run("build", str(EXAMPLE), "-o", str(out), "--pdf")
    assert code == 1 and "did not render alliance-agreement.docx to PDF" in output
    assert "Traceback" not in output and not out.exists()


def test_a_hung_libreoffice_is_stopped_with_everything_it_started(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(_fake_soffice(tmp_path / "bin", "hang")) + ":/usr/bin:/bin")
    monkeypatch.setattr(pdf_module, "TIMEOUT_SECONDS", 2)
    monkeypatch.setattr(pdf_module, "TIMEOUT_PER_DOCUMENT", 0)
    monkeypatch.setattr(pdf_module.tempfile, "TemporaryDirectory",
                        lambda prefix: _Kept(tmp_path / "work"))
    out = tmp_path / "out"
    code, output = run("build", str(EXAMPLE), "-o", str(out), "--pdf")
    assert code == 1 and "took longer than 2 s" in output and not out.exists()
    child = int((tmp_path / "work" / "out" / "child.pid").read_text())
    for _ in range(50):
        if not _running(child):
            break
        time.sleep(0.1)
    assert not _running(child)


class _Kept:
    """A stand-in for TemporaryDirectory that keeps the folder, to look inside afterwards."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> str:
        self.path.mkdir()
        return str(self.path)

    def __exit__(self, *exc: object) -> None:
        return None


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_missing_libreoffice_is_one_line_naming_the_package(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "out"
    code, output = run("build", str(EXAMPLE), "-o", str(out), "--pdf")
    assert code == 1 and not out.exists()
    lines = output.strip().splitlines()
    assert len(lines) == 1 and DEBIAN_PACKAGE in lines[0] and "LibreOffice" in lines[0]


def test_page_count_and_settle_on_bytes() -> None:
    assert page_count(b"not a pdf /Type /Page") == 0
    assert page_count(TINY_PDF + b"/Type/Page /Type /Pages") == 2
    stamped = (b"%PDF-1.6\n/CreationDate(D:20261201175654Z')\n/ID [ <" + b"A" * 32 + b">\n<"
               + b"B" * 32 + b"> ]\n/DocChecksum /" + b"C" * 32 + b"\n")
    settled = settle(stamped, b"not a zip")
    assert len(settled) == len(stamped) and b"D:19800101000000Z'" in settled
    assert settled == settle(stamped.replace(b"175654", b"180000"), b"not a zip")
