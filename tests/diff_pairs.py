"""Version pairs for the diff tests: each example with one answer changed, and more.

Each pair is made from an example's YAML text or data, written to a folder, and checked
to be valid answers, so a pair never silently stops testing what it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from alliancedocs.answers_file import read_answers_text
from alliancedocs.library.clause_files import LIBRARY_DIR

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

# (example, answer key, new value): one enum answer changed, each to a value valid for
# that example (the framework tier and the two regimes without an alternative are left).
ENUM_CHANGES: tuple[tuple[str, str, str], ...] = (
    ("lambeth-rehabilitation", "decision_rule", "majority"),
    ("lambeth-rehabilitation", "dispute_approach", "litigation-retained"),
    ("lambeth-rehabilitation", "regime", "gain-only"),
    ("lambeth-rehabilitation", "tier", "strategic"),
    ("lambeth-rehabilitation", "overlay", "none"),
    ("framework-packages", "decision_rule", "consensus"),
    ("framework-packages", "dispute_approach", "litigation-retained"),
    ("framework-packages", "regime", "gain-pain"),
    ("framework-packages", "overlay", "nhs-standard-shorter"),
    ("stockport-enablement", "decision_rule", "unanimous"),
    ("stockport-enablement", "dispute_approach", "litigation-retained"),
    ("stockport-enablement", "tier", "strategic"),
    ("stockport-enablement", "overlay", "nhs-standard-full"),
    ("symphony-long-term-conditions", "decision_rule", "casting-vote"),
    ("symphony-long-term-conditions", "dispute_approach", "litigation-retained"),
    ("symphony-long-term-conditions", "regime", "performance-pool"),
    ("symphony-long-term-conditions", "tier", "strategic"),
    ("symphony-long-term-conditions", "overlay", "non-nhs"),
    ("watered-down-partnership", "decision_rule", "unanimous"),
    ("watered-down-partnership", "dispute_approach", "no-blame"),
    ("watered-down-partnership", "tier", "strategic"),
    ("watered-down-partnership", "overlay", "non-nhs"),
)

PAIR_NAMES = [
    *(f"{name}:{key}={value}" for name, key, value in ENUM_CHANGES),
    "lambeth:party-removed", "lambeth:party-added", "lambeth:kras-reordered",
    "lambeth:library-changed", "watered-down->lambeth", "lambeth->watered-down",
]
"""Every version pair the redline tests check, by name."""


@dataclass(frozen=True)
class VersionPair:
    """Two answers files (or build folders) and the clause library each is built with."""

    name: str
    old: Path
    new: Path
    old_library: Path | None = None
    new_library: Path | None = None


def example(name: str) -> Path:
    """Return the path of an example answers file."""
    return EXAMPLES / f"{name}.yaml"


def with_enum(name: str, key: str, value: str, folder: Path) -> Path:
    """Write the example with the first ``key:`` answer set to ``value``; return its path."""
    text = example(name).read_text(encoding="utf-8")
    match = re.search(rf"^(\s*{key}: )([\w-]+)", text, re.M)
    assert match is not None, f"{name} has no {key}"
    assert match.group(2) != value, f"{name}: {key} is already {value}"
    return _write(folder / f"{name}--{key}-{value}.yaml",
                  text[: match.start(2)] + value + text[match.end(2):])


def without_party(name: str, party: str, folder: Path) -> Path:
    """Write the example without ``party`` (and its ALT/AMT seats and contract)."""
    data = yaml.safe_load(example(name).read_text(encoding="utf-8"))
    data["parties"] = [p for p in data["parties"] if p["id"] != party]
    governance = data["governance"]
    alt = governance["alt"]
    alt["members"] = [m for m in alt["members"] if m["party"] != party]
    if alt.get("chair") == party:
        alt["chair"] = alt["members"][0]["party"]
    governance["amt"] = [m for m in governance.get("amt", []) if m.get("party") != party]
    contracts = data["contracts"]
    contracts["service_contracts"] = [c for c in contracts["service_contracts"]
                                      if c["provider"] != party]
    return _write(folder / f"{name}--without-{party}.yaml",
                  yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def kras_swapped(name: str, folder: Path) -> Path:
    """Write the example with its first two KRAs in the other order."""
    data = yaml.safe_load(example(name).read_text(encoding="utf-8"))
    data["kras"][0], data["kras"][1] = data["kras"][1], data["kras"][0]
    return _write(folder / f"{name}--kras-swapped.yaml",
                  yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def edited_library(source: Path, folder: Path) -> Path:
    """Copy the clause library to ``folder`` with one line of one clause edited."""
    import shutil

    target = folder / "clauses"
    shutil.copytree(source, target)
    clause = target / "agreement" / "280-confidentiality.yaml"
    text = clause.read_text(encoding="utf-8")
    edited = text.replace("who need to know it", "who need to know it and are named to the "
                          "[[ALT]]", 1)
    assert edited != text, "the edit must change the clause"
    clause.write_text(edited, encoding="utf-8")
    return target


def make_pair(name: str, folder: Path) -> VersionPair:
    """Return the pair called ``name`` (one of :data:`PAIR_NAMES`), its files in ``folder``."""
    lambeth = example("lambeth-rehabilitation")
    if name == "lambeth:party-removed":
        return VersionPair(name, lambeth, without_party("lambeth-rehabilitation",
                                                        "thames-reach", folder))
    if name == "lambeth:party-added":
        return VersionPair(name, without_party("lambeth-rehabilitation", "thames-reach",
                                               folder), lambeth)
    if name == "lambeth:kras-reordered":
        return VersionPair(name, lambeth, kras_swapped("lambeth-rehabilitation", folder))
    if name == "lambeth:library-changed":
        library = folder / "library"
        if not library.exists():
            library.mkdir()
            edited_library(LIBRARY_DIR, library)
        return VersionPair(name, lambeth, lambeth, LIBRARY_DIR, library / "clauses")
    if name == "watered-down->lambeth":
        return VersionPair(name, example("watered-down-partnership"), lambeth)
    if name == "lambeth->watered-down":
        return VersionPair(name, lambeth, example("watered-down-partnership"))
    stem, change = name.split(":")
    key, value = change.split("=")
    return VersionPair(name, example(stem), with_enum(stem, key, value, folder))


def _write(path: Path, text: str) -> Path:
    read_answers_text(text, str(path))  # the pair must be valid answers
    path.write_text(text, encoding="utf-8")
    return path
