"""``alliancedocs questionnaire`` on the command line: the server it starts, and what a
plain install without the questionnaire's packages says."""

from __future__ import annotations

import importlib
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2
from click.testing import CliRunner

from alliancedocs.cli import main
from alliancedocs.questionnaire.server import loopback_socket
from questionnaire_support import EXAMPLES

command = importlib.import_module("alliancedocs.cli.questionnaire")


def test_without_the_extra_packages_one_line_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(command, "_installed", lambda name: name != "uvicorn")
    result = CliRunner().invoke(main, ["questionnaire", str(tmp_path / "a.yaml"),
                                       "--no-browser"])
    assert result.exit_code == 1
    assert result.output == ("error: the questionnaire needs uvicorn: pip install "
                             "'alliancedocs[questionnaire]'\n")
    assert not (tmp_path / "a.yaml").exists()


def test_a_folder_is_not_an_answers_file(tmp_path):
    result = CliRunner().invoke(main, ["questionnaire", str(tmp_path), "--no-browser"])
    assert result.exit_code == 1 and "is not a file" in result.output


def test_it_listens_on_the_loopback_interface_only():
    sock = loopback_socket(0)
    try:
        assert sock.getsockname()[0] == "127.0.0.1"
        # Declared TCP, so that asyncio sets TCP_NODELAY on every accepted connection.
        assert sock.proto == socket.IPPROTO_TCP
        result = CliRunner().invoke(main, ["questionnaire", "--no-browser", "--port",
                                           str(sock.getsockname()[1])])
        assert result.exit_code == 1 and "cannot listen on 127.0.0.1:" in result.output
        assert "Traceback" not in result.output
    finally:
        sock.close()


def test_the_command_serves_the_answers_file_behind_its_launch_link(tmp_path):
    answers = tmp_path / "lambeth.yaml"
    shutil.copy(EXAMPLES / "lambeth-rehabilitation.yaml", answers)
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "alliancedocs"), "questionnaire", str(answers),
         "--no-browser"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        cwd=tmp_path)
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(3)]
        link = next(line.strip() for line in lines if "/start?token=" in line)
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/start\?token=[\w-]{40,}", link)
        origin = link.split("/start")[0]
        deadline = time.monotonic() + 20
        with httpx2.Client(base_url=origin) as client:
            while True:
                try:
                    assert client.get("/").status_code == 403
                    break
                except httpx2.ConnectError:
                    assert time.monotonic() < deadline
                    time.sleep(0.1)
            assert client.get(link.removeprefix(origin)).status_code == 303
            assert "Lambeth" in client.get("/page/alliance").text
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert sorted(p.name for p in Path(tmp_path).iterdir()) == ["lambeth.yaml"]
