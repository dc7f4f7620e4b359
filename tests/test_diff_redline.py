"""The redline is faithful: for every version pair, accepting all tracked changes gives
the NEW build's text and numbering, rejecting all gives the OLD build's, every XML part
parses strictly, openxml-audit finds no errors, and a rebuild is byte-identical."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from alliancedocs.answers_file import read_answers
from alliancedocs.build import build_documents
from alliancedocs.diff import compare, redlines
from alliancedocs.library.clause_files import LIBRARY_DIR
from alliancedocs.render.ooxml import W_NS
from alliancedocs.render.revisions import accept_all, paragraph_texts, reject_all
from diff_pairs import EXAMPLES, PAIR_NAMES, make_pair
from office import audit_docx, numbered_paragraphs, parse_all_parts_strictly, read_parts

# openxml-audit takes seconds per document, so the tests audit every redline of the pairs
# that exercise the most markup and the agreement of one pair of each other kind;
# scripts/audit_redlines.py audits every redline of every pair.
AUDIT_ALL = {"lambeth:party-added", "watered-down->lambeth",
             "lambeth-rehabilitation:overlay=none"}
AUDIT_AGREEMENT = {"lambeth-rehabilitation:decision_rule=majority",
                   "lambeth-rehabilitation:tier=strategic",
                   "symphony-long-term-conditions:regime=performance-pool",
                   "lambeth:party-removed", "lambeth:kras-reordered",
                   "lambeth:library-changed", "lambeth->watered-down"}

_BUILDS: dict[tuple[Path, Path], dict[str, bytes]] = {}


def _build(answers: Path, library: Path) -> dict[str, bytes]:
    """Return the files of a normal build (cached: the examples recur across pairs)."""
    key = (answers, library)
    if key not in _BUILDS:
        _BUILDS[key] = build_documents(answers, library_dir=library).files
    return _BUILDS[key]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("diff-pairs")


def _view(docx: bytes) -> tuple[list[tuple[str, bool, str]], list[tuple[str, str, str]]]:
    """Return every paragraph, empty ones included (style, whether it keeps with the next,
    text), and the numbered paragraphs (number Word shows, text, style) of a document."""
    from lxml import etree

    root = etree.fromstring(read_parts(docx)["word/document.xml"])
    keeps = [p.find(f"{{{W_NS}}}pPr/{{{W_NS}}}keepNext") is not None
             for p in root.iter(f"{{{W_NS}}}p")]
    texts = [(style, keep, text)
             for (style, text), keep in zip(paragraph_texts(docx), keeps, strict=True)]
    numbers = [(n.number, n.text, n.style) for n in numbered_paragraphs(docx)]
    return texts, numbers


def _first_difference(got: list, want: list) -> str:
    for index, (a, b) in enumerate(zip(got, want, strict=False)):
        if a != b:
            return f"at {index}: got {a!r}, want {b!r}"
    return f"lengths {len(got)} and {len(want)}"


@pytest.mark.parametrize("name", PAIR_NAMES)
def test_redline_accepts_to_new_and_rejects_to_old(name: str, folder: Path,
                                                   tmp_path: Path) -> None:
    pair = make_pair(name, folder)
    summary = compare(pair.old, pair.new, old_library=pair.old_library or LIBRARY_DIR,
                      new_library=pair.new_library or LIBRARY_DIR)
    files = redlines(summary, author="Reviewer A")
    old_build = _build(pair.old, pair.old_library or LIBRARY_DIR)
    new_build = _build(pair.new, pair.new_library or LIBRARY_DIR)
    documents = {n for n in (*old_build, *new_build) if n.endswith(".docx")}
    assert {n for n in files if n.endswith(".docx")} == documents
    assert {"diff.md", "diff.json"} <= set(files)
    tracked = 0
    for doc_name in sorted(documents):
        red = files[doc_name]
        parse_all_parts_strictly(red)
        document_xml = read_parts(red)["word/document.xml"].decode()
        tracked += sum(document_xml.count(f"<w:{tag} ") for tag in ("ins", "del"))
        for view, build, label in ((accept_all, new_build, "accept all"),
                                   (reject_all, old_build, "reject all")):
            if doc_name in build:
                got, want = _view(view(red)), _view(build[doc_name])
                assert got[0] == want[0], f"{doc_name} {label}: text differs " \
                    + _first_difference(got[0], want[0])
                assert got[1] == want[1], f"{doc_name} {label}: numbering differs " \
                    + _first_difference(got[1], want[1])
            else:  # the document exists only on the other side
                assert not any(t.strip() for _s, t in paragraph_texts(view(red)))
        if name in AUDIT_ALL or (name in AUDIT_AGREEMENT
                                 and doc_name == "alliance-agreement.docx"):
            path = tmp_path / Path(doc_name).name
            path.write_bytes(red)
            assert audit_docx(path) == []
    assert tracked > 0, "a pair that changes something must give tracked changes"


def test_redline_marks_whole_paragraphs_rows_and_fields(folder: Path) -> None:
    """Adding a party inserts whole paragraphs and table rows, tracked as such; a deleted
    cross-reference keeps its field code in w:delInstrText."""
    pair = make_pair("lambeth:party-added", folder)
    files = redlines(compare(pair.old, pair.new))
    xml = read_parts(files["alliance-agreement.docx"])["word/document.xml"]
    from lxml import etree

    root = etree.fromstring(xml)
    ns = {"w": W_NS}
    assert root.xpath("//w:trPr/w:ins", namespaces=ns), "an inserted table row"
    assert root.xpath("//w:pPr/w:rPr/w:ins", namespaces=ns), "an inserted paragraph mark"
    authors = {n.get(f"{{{W_NS}}}author") for n in root.xpath("//w:ins|//w:del",
                                                              namespaces=ns)}
    dates = {n.get(f"{{{W_NS}}}date") for n in root.xpath("//w:ins|//w:del", namespaces=ns)}
    assert authors == {"alliancedocs"}
    # The NEW agreement date, never the clock (times alternate: see render/tracked.py).
    agreed = read_answers(pair.new).alliance.agreement_date.isoformat()
    assert dates == {f"{agreed}T00:00:00Z", f"{agreed}T00:02:00Z"}
    # Deleted text is never in w:t, and field codes in deletions are w:delInstrText.
    assert not root.xpath("//w:del//w:t|//w:del//w:instrText", namespaces=ns)
    removed = redlines(compare(pair.new, pair.old))
    xml = read_parts(removed["alliance-agreement.docx"])["word/document.xml"]
    root = etree.fromstring(xml)
    assert root.xpath("//w:trPr/w:del", namespaces=ns), "a deleted table row"
    assert root.xpath("//w:pPr/w:rPr/w:del", namespaces=ns), "a deleted paragraph mark"


def test_renumbered_reference_shows_old_and_new_number(folder: Path) -> None:
    """A kept cross-reference whose target moves (a strategic tier has no management
    clause, so each later clause number drops by one) shows the OLD number deleted and the
    NEW number inserted as the result of the same REF field."""
    pair = make_pair("lambeth-rehabilitation:tier=strategic", folder)
    red = redlines(compare(pair.old, pair.new))["alliance-agreement.docx"]
    from lxml import etree

    root = etree.fromstring(read_parts(red)["word/document.xml"])
    ns = {"w": W_NS}
    results = root.xpath("//w:del[preceding-sibling::w:r[1]/w:fldChar"
                         "[@w:fldCharType='separate']]", namespaces=ns)
    pairs = {("".join(d.xpath(".//w:delText/text()", namespaces=ns)),
              "".join(d.getnext().xpath(".//w:t/text()", namespaces=ns))) for d in results}
    # Clause numbers after the omitted clause each drop by one (whatever the library's
    # numbering is today).
    clauses = {(o, n) for o, n in pairs if o.isdigit() and n.isdigit()}
    assert clauses and all(int(o) == int(n) + 1 for o, n in clauses)
    for deleted in results:
        following = deleted.getnext()
        assert following.tag == f"{{{W_NS}}}ins"
        assert following.getnext().xpath("w:fldChar/@w:fldCharType", namespaces=ns) == ["end"]


def test_redline_is_byte_identical_on_rebuild(folder: Path) -> None:
    pair = make_pair("lambeth:party-removed", folder)
    first = redlines(compare(pair.old, pair.new), author="Reviewer A")
    second = redlines(compare(pair.old, pair.new), author="Reviewer A")
    assert first == second
    assert first != redlines(compare(pair.old, pair.new), author="Reviewer B")


def test_numbered_paragraph_deleted_before_a_table_is_unnumbered_in_new(folder: Path) -> None:
    """In a pack only OLD has, each numbered paragraph deleted just before a table (or at the
    end of the body) is unnumbered in NEW and keeps its own numbered style in w:pPrChange,
    so a word processor that cannot join it to the table leaves no number behind."""
    from lxml import etree

    pair = make_pair("lambeth:party-removed", folder)
    red = redlines(compare(pair.old, pair.new))["schedules/thames-reach.docx"]
    body = etree.fromstring(read_parts(red)["word/document.xml"]).find(f"{{{W_NS}}}body")
    blocks = list(body)
    before = [p for p, after in pairwise(blocks)
              if p.tag == f"{{{W_NS}}}p" and after.tag in (f"{{{W_NS}}}tbl",
                                                          f"{{{W_NS}}}sectPr")]
    assert len(before) == 4, "three tables and the body's last paragraph"
    ns = {"w": W_NS}
    for p in before:
        assert p.xpath("w:pPr/w:rPr/w:del", namespaces=ns), "its mark is deleted"
        assert p.xpath("w:pPr/w:pStyle/@w:val", namespaces=ns) == ["ClauseContinuation"]
        assert p.xpath("w:pPr/w:pPrChange/w:pPr/w:pStyle/@w:val",
                       namespaces=ns) == ["ClauseText2"]
    # Rejected, each is its numbered self again; accepted, nothing is left.
    old_numbers = [n.number for n in numbered_paragraphs(reject_all(red))]
    assert old_numbers == [n.number for n in numbered_paragraphs(
        _build(pair.old, LIBRARY_DIR)["schedules/thames-reach.docx"])]
    assert not any(t.strip() for _s, t in paragraph_texts(accept_all(red)))


def test_replaced_table_puts_new_first_so_the_deleted_run_ends_before_kept_text(
        folder: Path) -> None:
    """The reserved-powers table of the watered-down example is replaced by Lambeth's, each
    with paragraphs after it: the redline puts Lambeth's table and paragraphs first, so the
    deleted run ends before a kept paragraph (which it can join) rather than before a
    table; Accept All and Reject All still give the two builds."""
    from lxml import etree

    pair = make_pair("watered-down->lambeth", folder)
    red = redlines(compare(pair.old, pair.new))["alliance-agreement.docx"]
    body = etree.fromstring(read_parts(red)["word/document.xml"]).find(f"{{{W_NS}}}body")
    ns = {"w": W_NS}
    reserved = [t for t in body.findall(f"{{{W_NS}}}tbl")
                if "".join(t.xpath(".//w:t/text()|.//w:delText/text()", namespaces=ns)
                           ).startswith("Reserved matter")]
    assert [t.xpath("boolean(w:tr[1]/w:trPr/w:ins)", namespaces=ns) for t in reserved] == [
        True, False], "the inserted table comes first"
    assert reserved[1].xpath("w:tr[1]/w:trPr/w:del", namespaces=ns)
    blocks = list(body)
    after_deleted = blocks[blocks.index(reserved[1]) + 1:]
    # The deleted table's spacer and paragraphs, then a kept paragraph: no table between.
    run = []
    for block in after_deleted:
        if block.tag != f"{{{W_NS}}}p" or not block.xpath("w:pPr/w:rPr/w:del",
                                                          namespaces=ns):
            break
        run.append(block)
    assert len(run) >= 2
    follower = after_deleted[len(run)]
    assert follower.tag == f"{{{W_NS}}}p" and not follower.xpath(
        "w:pPr/w:rPr/w:ins|w:pPr/w:rPr/w:del", namespaces=ns)
    assert paragraph_texts(accept_all(red)) == paragraph_texts(
        _build(pair.new, LIBRARY_DIR)["alliance-agreement.docx"])


def test_redline_of_several_answers_at_once_and_a_renamed_party(tmp_path: Path) -> None:
    """Pairs beyond the one-answer ones: four answers changed together (four flags, five
    variants, text across every document) and a party's names changed (a defined term
    changes everywhere). Accept All gives NEW, Reject All gives OLD, every part parses."""
    import yaml

    data = yaml.safe_load((EXAMPLES / "lambeth-rehabilitation.yaml").read_text())
    old = tmp_path / "old.yaml"
    old.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    several = yaml.safe_load(old.read_text())
    governance = several["governance"]
    governance.update(decision_rule="majority", dispute_approach="litigation-retained",
                      open_book=False)
    governance["leaving"]["exit_at_will"] = True
    renamed = yaml.safe_load(old.read_text())
    renamed["parties"][2].update(short_name="Maudsley Trust", legal_name="South London and "
                                 "Maudsley Mental Health NHS Foundation Trust")
    # One document of each (the suite's time is short): the agreement, where the four
    # answers meet, and the renamed party's own pack, which names it most.
    for name, new_data, doc_name in (("several", several, "alliance-agreement.docx"),
                                     ("renamed", renamed, "schedules/slam.docx")):
        new = tmp_path / f"{name}.yaml"
        new.write_text(yaml.safe_dump(new_data, sort_keys=False), encoding="utf-8")
        files = redlines(compare(old, new))
        old_build, new_build = _build(old, LIBRARY_DIR), _build(new, LIBRARY_DIR)
        red = files[doc_name]
        parse_all_parts_strictly(red)
        assert "<w:ins " in read_parts(red)["word/document.xml"].decode(), doc_name
        for view, build in ((accept_all, new_build), (reject_all, old_build)):
            got, want = _view(view(red)), _view(build[doc_name])
            assert got == want, f"{name} {doc_name}: " + _first_difference(got[0], want[0])
