#!/usr/bin/env bash
# Build the wheel and the sdist, check they carry the clause library, templates, schema and
# examples, install the wheel into a fresh virtual environment, and draft a document from a
# folder outside the checkout, as a new user would.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

.venv/bin/python -m build --outdir "$work/dist" . >"$work/build.log" 2>&1 \
  || { cat "$work/build.log"; exit 1; }
wheel=$(ls "$work"/dist/alliancedocs-*.whl)
sdist=$(ls "$work"/dist/alliancedocs-*.tar.gz)

# Both archives hold every data file the repository holds (and the wheel no tests).
.venv/bin/python - "$wheel" "$sdist" <<'PY'
import sys, tarfile, zipfile
from pathlib import Path

wheel, sdist = sys.argv[1:]
data = sorted(p.as_posix() for folder in ("clauses", "templates", "schemas", "examples")
              for p in Path(folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
in_wheel = set(zipfile.ZipFile(wheel).namelist())
with tarfile.open(sdist) as archive:
    in_sdist = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
missing = [f"wheel: alliancedocs/data/{p}" for p in data
           if f"alliancedocs/data/{p}" not in in_wheel]
missing += [f"sdist: {p}" for p in data if p not in in_sdist]
missing += [f"wheel: {p}" for p in ("alliancedocs/starter.yaml", "alliancedocs/__main__.py",
                                    "alliancedocs/questionnaire/templates/page.html",
                                    "alliancedocs/questionnaire/static/live.js",
                                    "alliancedocs/questionnaire/static/questionnaire.css")
            if p not in in_wheel]
if missing or any(name.startswith("tests/") for name in in_wheel):
    sys.exit("package contents are wrong:\n  " + "\n  ".join(missing or ["tests in the wheel"]))
print(f"wheel and sdist carry all {len(data)} data files")
PY

python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "$wheel"
outside=$(mktemp -d)
trap 'rm -rf "$work" "$outside"' EXIT
cd "$outside"
export XDG_CACHE_HOME="$outside/cache"
bin="$work/venv/bin"
"$bin/alliancedocs" --help >/dev/null
"$bin/python" -m alliancedocs --version
"$bin/alliancedocs" init answers.yaml
"$bin/alliancedocs" validate answers.yaml
"$bin/alliancedocs" build answers.yaml -o out
"$bin/alliancedocs" init lambeth.yaml --example lambeth-rehabilitation
"$bin/alliancedocs" build lambeth.yaml -o lambeth
if command -v soffice >/dev/null; then
  "$bin/alliancedocs" build answers.yaml -o with-pdf --pdf >/dev/null
  test -s with-pdf/alliance-agreement.pdf
fi
# Without the `questionnaire` extra, the questionnaire says in one line what to install.
if "$bin/alliancedocs" questionnaire q.yaml --no-browser >q.out 2>&1; then exit 1; fi
grep -qx "error: the questionnaire needs .*: pip install 'alliancedocs\[questionnaire\]'" q.out \
  || { cat q.out; exit 1; }
test "$(wc -l <q.out)" -eq 1 && test ! -e q.yaml
test -f answers.schema.json
head -1 answers.yaml | grep -qx '# yaml-language-server: $schema=answers.schema.json'
"$bin/python" - <<'PY'
import zipfile
from pathlib import Path

for folder in ("out", "lambeth"):
    docx = Path(folder) / "alliance-agreement.docx"
    with zipfile.ZipFile(docx) as archive:
        body = archive.read("word/document.xml")
    assert b"<w:body>" in body and len(body) > 10_000, docx
    print(f"{docx}: {docx.stat().st_size} bytes")
PY
case "$("$bin/python" -c 'import alliancedocs; print(alliancedocs.__file__)')" in
  "$repo"*) echo "the installed package is the checkout's, not the wheel's" >&2; exit 1 ;;
esac
echo "package check passed: installed from the wheel, drafted outside the checkout"
