"""The cache of compiled clause templates: shared between processes, safe to lose, bounded."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from alliancedocs import cache as cache_files
from alliancedocs.library import compiled_cache, templating
from alliancedocs.library.compiled_cache import CompiledCache, entry_key
from alliancedocs.library.templating import environment

ROOT = Path(__file__).resolve().parents[1]


def _code(source: str) -> object:
    return environment().compile(source)


def _render(code: object) -> str:
    """Render compiled clause text as ``render_text`` does: printed values become tokens."""
    env = environment()
    reset = templating._VALUES.set([])
    try:
        return env.template_class.from_code(env, code, env.make_globals(None), None).render(n=3)
    finally:
        templating._VALUES.reset(reset)


def test_entries_survive_a_new_process_and_render_the_same(tmp_path: Path) -> None:
    path = tmp_path / "jinja-x.cache"
    first = CompiledCache(path)
    first.put(entry_key("text", "{{ n }} [[days]]"), _code("{{ n }} [[days]]"))
    first.save()
    again = CompiledCache(path)
    code = again.get(entry_key("text", "{{ n }} [[days]]"))
    assert code is not None and again.compiled == 0
    assert _render(code) == _render(_code("{{ n }} [[days]]")) != ""
    assert again.get(entry_key("expression", "{{ n }} [[days]]")) is None


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "empty"])
def test_a_damaged_cache_file_is_ignored_then_replaced(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "jinja-x.cache"
    cache = CompiledCache(path)
    cache.put("k", _code("{{ n }}"))
    cache.save()
    data = path.read_bytes()
    path.write_bytes({"garbage": os.urandom(200), "truncated": data[: len(data) // 2],
                      "flipped": data[:-1] + bytes([data[-1] ^ 1]), "empty": b""}[damage])
    damaged = CompiledCache(path)
    assert damaged.get("k") is None
    damaged.put("k", _code("{{ n }}"))
    damaged.save()
    assert CompiledCache(path).get("k") is not None
    assert [p.name for p in tmp_path.iterdir()] == ["jinja-x.cache"]  # no temporary left


def test_the_cache_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled_cache, "MAX_ENTRIES", 2)
    path = tmp_path / "jinja-a.cache"
    old = CompiledCache(path)
    for key in ("a", "b"):
        old.put(key, _code("x"))
    old.save()
    new = CompiledCache(path)
    new.get("a")
    new.put("c", _code("y"))
    new.save()
    kept = CompiledCache(path)
    assert kept.get("a") and kept.get("c") and kept.get("b") is None
    # Only MAX_FILES cache files are kept, the newest; the one just written always stays.
    for index in range(6):
        stale = tmp_path / f"jinja-old{index}.cache"
        stale.write_bytes(b"x")
        os.utime(stale, (index, index))
    kept.put("d", _code("z"))
    kept.save()
    names = sorted(p.name for p in tmp_path.glob("jinja-*.cache"))
    assert len(names) == cache_files.MAX_FILES and "jinja-a.cache" in names
    assert "jinja-old5.cache" in names and "jinja-old0.cache" not in names


def test_an_unwritable_cache_folder_never_fails_a_build(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = CompiledCache(blocker / "alliancedocs" / "jinja-x.cache")
    cache.put("k", _code("{{ n }}"))
    cache.save()  # no exception
    assert cache.get("k") is not None


def test_a_second_build_process_compiles_nothing(tmp_path: Path) -> None:
    """The second process finds the clause templates compiled and the house template filled
    with its markers, so it neither compiles nor imports docxtpl, and writes the same bytes."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from alliancedocs.build import build_documents\n"
        "from alliancedocs.library.templating import compiled_cache\n"
        "result = build_documents(Path(sys.argv[1]))\n"
        "Path(sys.argv[2]).write_bytes(result.files['alliance-agreement.docx'])\n"
        "print(compiled_cache().compiled, 'docxtpl' in sys.modules)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    example = str(ROOT / "examples" / "lambeth-rehabilitation.yaml")
    runs = []
    for name in ("first.docx", "second.docx"):
        done = subprocess.run([sys.executable, "-c", script, example, str(tmp_path / name)],
                              env=env, capture_output=True, text=True, check=True)
        runs.append(done.stdout.split())
    assert int(runs[0][0]) > 100 and runs[0][1] == "True"
    assert runs[1] == ["0", "False"]
    assert (tmp_path / "first.docx").read_bytes() == (tmp_path / "second.docx").read_bytes()
    cached = sorted(p.name.split("-")[0] for p in (tmp_path / "cache" / "alliancedocs").iterdir())
    assert cached == ["jinja", "template"]
