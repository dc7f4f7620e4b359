"""``alliancedocs diff GENERATED.docx EDITED.docx``: a lawyer's edits, made the ways Word
writes them, are found in the clause they were made in, and nowhere else.

Each test edits the XML of a generated agreement as Word saves it (runs split by revision
ids, proofing marks, smart tags, content controls, tracked changes, comments) and checks
the report: what it names, and that it names no clause the lawyer did not touch.
"""

from __future__ import annotations

import copy
import io
import json
import re
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from alliancedocs.build import build_documents
from alliancedocs.cli import main
from diff_pairs import ROOT, example
from test_diff_libreoffice import UNO_PYTHON, _uno_available, needs_uno

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
LAWYER = {f"{{{W}}}author": "Jane Lawyer", f"{{{W}}}date": "2025-06-02T14:31:00Z"}

Edit = Callable[[etree._Element, dict[str, bytes]], None]


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("built") / "alliance-agreement.docx"
    path.write_bytes(build_documents(example("lambeth-rehabilitation"))
                     .files["alliance-agreement.docx"])
    return path


def edited(source: Path, target: Path, edit: Edit) -> Path:
    """Write a copy of ``source`` with ``edit`` applied to its document XML (and parts)."""
    with zipfile.ZipFile(source) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    edit(root, parts)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True,
                                                encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    target.write_bytes(out.getvalue())
    return target


def _text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(_w("t")))


def paragraph(root: etree._Element, needle: str) -> etree._Element:
    return next(p for p in root.iter(_w("p")) if needle in _text(p))


def replace_text(p: etree._Element, old: str, new: str) -> None:
    """Replace ``old`` with ``new`` across a paragraph's runs, as typing over it does."""
    texts = list(p.iter(_w("t")))
    full = "".join(t.text or "" for t in texts)
    start = full.index(old)
    end, at, placed = start + len(old), 0, False
    for t in texts:
        text = t.text or ""
        lo, hi = max(start - at, 0), min(end - at, len(text))
        at += len(text)
        if lo >= len(text) or hi <= 0:
            continue
        t.text = text[:lo] + ("" if placed else new) + text[hi:]
        t.set(XML_SPACE, "preserve")
        placed = True


def word_runs(p: etree._Element) -> None:
    """Rewrite a paragraph's runs as Word leaves them after editing: each split in
    three-letter pieces with revision ids, some wrapped in a smart tag or an inline content
    control, some with a language or bold and italic switched off (``w:val="0"``,
    ``"false"``), with proofing marks and the ``_GoBack`` bookmark between them."""
    for r in list(p.findall(_w("r"))):
        t = r.find(_w("t"))
        if t is None or not t.text:
            continue
        props = r.find(_w("rPr"))
        for n, start in enumerate(range(0, len(t.text), 3)):
            piece = etree.Element(_w("r"), {_w("rsidR"): f"00{n:06X}"})
            rpr = copy.deepcopy(props) if props is not None else etree.Element(_w("rPr"))
            if props is None or props.find(_w("b")) is None:
                etree.SubElement(rpr, _w("b"), {_w("val"): "0"})
            etree.SubElement(rpr, _w("i"), {_w("val"): "false"})
            etree.SubElement(rpr, _w("lang"), {_w("val"): "en-GB"})
            piece.append(rpr)
            etree.SubElement(piece, _w("t"), {XML_SPACE: "preserve"}).text = \
                t.text[start:start + 3]
            node = piece
            if n % 5 == 1:
                node = etree.Element(_w("smartTag"), {_w("element"): "place"})
                node.append(piece)
            elif n % 5 == 3:
                node = etree.Element(_w("sdt"))
                etree.SubElement(etree.SubElement(node, _w("sdtPr")), _w("id"),
                                 {_w("val"): "7"})
                etree.SubElement(node, _w("sdtContent")).append(piece)
            r.addprevious(etree.Element(_w("proofErr"), {_w("type"): "spellStart"}))
            r.addprevious(node)
            r.addprevious(etree.Element(_w("proofErr"), {_w("type"): "spellEnd"}))
        r.addprevious(etree.Element(_w("bookmarkStart"), {_w("id"): "9990",
                                                          _w("name"): "_GoBack"}))
        r.addprevious(etree.Element(_w("bookmarkEnd"), {_w("id"): "9990"}))
        p.remove(r)


def simple_field(p: etree._Element) -> None:
    """Rewrite a paragraph's first field (a REF) as the ``w:fldSimple`` some tools write."""
    runs = list(p)
    chars = [n for n, r in enumerate(runs) if r.find(_w("fldChar")) is not None]
    begin, end = chars[0], chars[2]
    code = "".join(t.text or "" for r in runs[begin:end] for t in r.iter(_w("instrText")))
    assert code.strip().startswith("REF ")
    simple = etree.Element(_w("fldSimple"), {_w("instr"): code})
    for r in runs[begin:end + 1]:
        if r.find(_w("t")) is not None:
            simple.append(r)
        else:
            p.remove(r)
    runs[end + 1].addprevious(simple)


def edits_reported(out: str) -> list[str]:
    """Return the clauses the report says were edited or removed."""
    return re.findall(r"^  ~ alliance-agreement\.docx: (.+?) (?:edited|removed|added|moved)",
                      out, flags=re.M)


def test_word_markup_that_changes_no_text_is_no_edit(generated: Path, tmp_path: Path) -> None:
    """Word's own markup is not an edit: split runs, switched-off bold and italic, smart
    tags, content controls around runs and around whole paragraphs, a comment, the hidden
    bookmark Word puts on a heading a new cross-reference points to, and a cross-reference
    written as a simple field."""
    def edit(root: etree._Element, parts: dict[str, bytes]) -> None:
        word_runs(paragraph(root, "The ALT decides every Key Matter unanimously."))
        word_runs(paragraph(root, "Nothing in this Agreement transfers or delegates"))
        whole = paragraph(root, "Each member of the ALT has an equal say")
        control = etree.Element(_w("sdt"))
        etree.SubElement(control, _w("sdtPr"))
        whole.addprevious(control)
        etree.SubElement(control, _w("sdtContent")).append(whole)
        heading = next(p for p in root.iter(_w("p")) if _text(p) == "Decision making")
        heading.find(_w("pPr")).addnext(etree.Element(
            _w("bookmarkStart"), {_w("id"): "9991", _w("name"): "_Ref201234567"}))
        heading.append(etree.Element(_w("bookmarkEnd"), {_w("id"): "9991"}))
        commented = paragraph(root, "A Key Matter is decided only when")
        commented.find(_w("r")).addprevious(
            etree.Element(_w("commentRangeStart"), {_w("id"): "0"}))
        commented.append(etree.Element(_w("commentRangeEnd"), {_w("id"): "0"}))
        etree.SubElement(etree.SubElement(commented, _w("r")), _w("commentReference"),
                         {_w("id"): "0"})
        simple_field(paragraph(root, "The rule in clause"))
        parts["word/comments.xml"] = (
            f'<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="Jane Lawyer">'
            '<w:p><w:r><w:t>Client wants majority voting here.</w:t></w:r></w:p>'
            '</w:comment></w:comments>').encode()

    copy_ = edited(generated, tmp_path / "markup.docx", edit)
    code, out = run("diff", str(generated), str(copy_))
    assert code == 0, out
    assert "No changes." in out, out


def test_edit_among_word_markup_is_shown_word_by_word(generated: Path,
                                                       tmp_path: Path) -> None:
    def edit(root: etree._Element, _parts: dict[str, bytes]) -> None:
        rule = paragraph(root, "The ALT decides every Key Matter unanimously.")
        replace_text(rule, "Key Matter unanimously.", "Key Matter by a majority of the "
                     "members present.")
        word_runs(rule)
        word_runs(paragraph(root, "Nothing in this Agreement transfers or delegates"))

    code, out = run("diff", str(generated), str(edited(generated, tmp_path / "e.docx", edit)))
    assert code == 0, out
    assert edits_reported(out) == ["Clause 9 (Decision making)"], out
    assert "9.3: …every Key Matter [-unanimously-]{+by a majority of the members " \
        "present+}. A Key Matter…" in out
    assert "The edit reads like variant `majority` (watered-down, raising " \
        "`majority-decisions`) (chosen when `governance.decision_rule == 'majority'`)" in out



def test_the_redline_of_an_edited_copy_keeps_the_minus_signs(generated: Path,
                                                             tmp_path: Path) -> None:
    """The worked example's negative amounts are written with non-breaking hyphens: read
    back, and drawn again in the redline of a lawyer's edit, they are still minus signs."""
    from alliancedocs.render.revisions import accept_all, paragraph_texts, reject_all

    def edit(root: etree._Element, _parts: dict[str, bytes]) -> None:
        replace_text(paragraph(root, "The ALT decides every Key Matter unanimously."),
                     "Key Matter unanimously.", "Key Matter by a majority of the members "
                     "present.")

    copy_ = edited(generated, tmp_path / "e.docx", edit)
    assert b"<w:noBreakHyphen/><w:t xml:space=\"preserve\">4.5" in \
        zipfile.ZipFile(copy_).read("word/document.xml")
    code, out = run("diff", str(generated), str(copy_), "--redline", str(tmp_path / "red"))
    assert code == 0, out
    red = (tmp_path / "red" / "alliance-agreement.docx").read_bytes()
    for view, words in ((accept_all, "by a majority of the members present"),
                        (reject_all, "every Key Matter unanimously")):
        texts = [text for _style, text in paragraph_texts(view(red))]
        assert any(words in text for text in texts)
        assert "-4.5" in texts and "4.5" not in texts and "\u20114.5" not in texts


def test_a_tracked_paragraph_deletion_touches_only_its_clause(generated: Path,
                                                              tmp_path: Path) -> None:
    """The last paragraph of clause 16 deleted with its mark, as Word tracks it: accepted,
    the paragraph's bookmark goes with it, so the next clause keeps its own heading."""
    def edit(root: etree._Element, _parts: dict[str, bytes]) -> None:
        p = paragraph(root, "restates the mechanism in this clause step by step")
        ppr = p.find(_w("pPr"))
        etree.SubElement(etree.SubElement(ppr, _w("rPr")), _w("del"),
                         {_w("id"): "9001", **LAWYER})
        for n, r in enumerate(p.findall(_w("r"))):
            wrapper = etree.Element(_w("del"), {_w("id"): str(9100 + n), **LAWYER})
            r.addprevious(wrapper)
            wrapper.append(r)
            for t in r.findall(_w("t")):
                t.tag = _w("delText")
            for code in r.findall(_w("instrText")):
                code.tag = _w("delInstrText")

    code, out = run("diff", str(generated), str(edited(generated, tmp_path / "d.docx", edit)))
    assert code == 0, out
    assert edits_reported(out) == ["Clause 16 (Risk and reward)"], out
    assert "16.12 deleted: “Schedule 4 restates the mechanism" in out
    assert "17 inserted" not in out and "No fault, no blame, no dispute) " not in out


@pytest.mark.parametrize(("old", "new", "suggested"), [
    # Taking out words only the chosen variant has is not enough to read like another.
    (" No Participant's share depends on its own costs or on its own performance, so that "
     "all the Parties win or lose together.", "", None),
    ("No Participant's share depends on its own costs or on its own performance, so that "
     "all the Parties win or lose together.",
     "Each Participant's gain and pain are calculated separately by reference to its own "
     "allocated target and its own KPIs.",
     "`individual` (watered-down, raising `individual-risk-share`) (chosen when "
     "`risk_share.basis == 'individual'`)"),
])
def test_the_variant_suggested_is_one_the_edit_reads_like(generated: Path, tmp_path: Path,
                                                          old: str, new: str,
                                                          suggested: str | None) -> None:
    def edit(root: etree._Element, _parts: dict[str, bytes]) -> None:
        replace_text(paragraph(root, "No Participant's share depends"), old, new)

    code, out = run("diff", str(generated), str(edited(generated, tmp_path / "r.docx", edit)))
    assert code == 0, out
    assert edits_reported(out) == ["Clause 16 (Risk and reward)"], out
    assert "the clause holds a true-alliance position: it is the standard variant " \
        "`gain-pain`" in out
    if suggested is None:
        assert "No variant of this clause says what the edit says" in out, out
    else:
        assert f"The edit reads like variant {suggested}" in out, out



@pytest.mark.parametrize(("new", "hint"), [
    ("by consensus", "The edit reads like this clause as drafted when "
     "`governance.decision_rule` is `consensus`: change that answer to draft it"),
    # The consensus wording lacks "unanimously" too, but says nothing of a majority.
    ("by a simple majority", "No variant of this clause says what the edit says"),
])
def test_an_answer_the_clause_text_depends_on_is_suggested(generated: Path, tmp_path: Path,
                                                           new: str, hint: str) -> None:
    """The principles clause has no majority variant: its wording follows the decision
    rule, so the answer that drafts the edit is named instead."""
    def edit(root: etree._Element, _parts: dict[str, bytes]) -> None:
        replace_text(paragraph(root, "Key Matter unanimously, by reference to these"),
                     "unanimously, by", f"{new}, by")

    code, out = run("diff", str(generated), str(edited(generated, tmp_path / "p.docx", edit)))
    assert code == 0, out
    assert edits_reported(out) == ["Clause 3 (Alliance Principles)"], out
    assert "the clause holds a true-alliance position" in out
    assert hint in out, out


def test_the_last_variant_is_named_with_the_condition_that_chooses_it(
        generated: Path, tmp_path: Path) -> None:
    def edit(root: etree._Element, _parts: dict[str, bytes]) -> None:
        waiver = paragraph(root, "each Party waives, and releases every other Party from")
        replace_text(waiver, _text(waiver), "Each Party keeps every right and remedy it has "
                     "against any other Party under this Agreement or at law.")

    code, out = run("diff", str(generated), str(edited(generated, tmp_path / "n.docx", edit)))
    assert code == 0, out
    assert edits_reported(out) == ["Clause 17 (No fault, no blame, no dispute)"], out
    assert "The edit reads like variant `litigation-retained` (watered-down, raising " \
        "`right-to-sue-retained`) (chosen when `governance.dispute_approach == 'no-blame'` " \
        "does not hold)" in out


def test_edits_to_a_table_a_definition_and_whole_clauses_are_named(
        generated: Path, tmp_path: Path) -> None:
    def edit(root: etree._Element, _parts: dict[str, bytes]) -> None:
        replace_text(paragraph(root, "means each matter listed in clause"),
                     "means each matter listed", "means each matter (other than a Reserved "
                     "Matter) listed")
        kpis = next(t for t in root.iter(_w("tbl")) if _text(t).startswith("KRA and KPI"))
        threshold = kpis.findall(_w("tr"))[2].findall(_w("tc"))[1]
        next(threshold.iter(_w("t"))).text = "95"
        body = root.find(_w("body"))
        start = next(i for i, p in enumerate(body) if _text(p) == "Force majeure and "
                     "emergencies" and p.find(f"{_w('pPr')}/{_w('pStyle')}") is not None)
        end = next(i for i in range(start + 1, len(body)) if body[i].find(
            f"{_w('pPr')}/{_w('pStyle')}[@{_w('val')}='ClauseHeading']") is not None)
        heading, text = (copy.deepcopy(body[start + n]) for n in (0, 1))
        for p in list(body)[start:end]:
            body.remove(p)
        for p, words in ((heading, "Anti-bribery"),
                         (text, "Each Party must comply with the Bribery Act 2010.")):
            for node in p:
                if node.tag != _w("pPr"):
                    p.remove(node)
            etree.SubElement(etree.SubElement(p, _w("r")), _w("t")).text = words
        body[start].addprevious(heading)
        heading.addnext(text)

    code, out = run("diff", str(generated), str(edited(generated, tmp_path / "t.docx", edit)))
    assert code == 0, out
    assert edits_reported(out) == ["Clause 1 (Definitions and interpretation)",
                                   "Clause 28 (Force majeure and emergencies)",
                                   "Clause 28 (Anti-bribery)",
                                   "Schedule 3 (Performance framework)"], out
    assert "Clause 28 (Anti-bribery) added" in out
    assert "No answer drafts this clause: add it to the clause library" in out
    assert "definition of “Key Matter”: …means each matter {+(other than a Reserved " \
        "Matter) +}listed in clause 9.1" in out
    assert "Clause 28 (Force majeure and emergencies) removed: standard variant" in out
    assert "Every agreement has this clause, whatever the answers" in out
    assert re.search(r"table row “People whose mental wellbeing score imp…”, "
                     r"Gamebreaking: \[-\d+-\]\{\+95\+\}", out), out
    assert "The tables are drawn from the answers" in out




@pytest.mark.parametrize("edit_too", [False, True])
def test_a_clause_moved_is_reported_once_as_moved(generated: Path, tmp_path: Path,
                                                  edit_too: bool) -> None:
    """Clause 20 cut and pasted after clause 25 (its bookmarks go with it): one finding,
    not a removal and an addition; the clauses between are only renumbered."""
    def edit(root: etree._Element, _parts: dict[str, bytes]) -> None:
        body = root.find(_w("body"))
        kids = list(body)

        def heading(text: str) -> int:
            return next(i for i, p in enumerate(kids) if _text(p) == text and p.find(
                f"{_w('pPr')}/{_w('pStyle')}[@{_w('val')}='ClauseHeading']") is not None)

        start, end = heading("Conflicts of interest"), heading("Compliance with law and "
                                                               "public standards")
        after = heading("Leaving the Alliance")
        for p in kids[start:end]:
            kids[after].addprevious(p)
        if edit_too:
            replace_text(paragraph(root, "The Alliance Manager must keep a register of every"),
                         "must keep a register", "must keep an up-to-date register")

    code, out = run("diff", str(generated), str(edited(generated, tmp_path / "m.docx", edit)))
    assert code == 0, out
    assert edits_reported(out) == ["Clause 20 (Conflicts of interest)"], out
    if edit_too:
        assert "Clause 20 (Conflicts of interest) moved (now clause 25) and edited: " in out
        assert "must keep [-a-]{+an up-to-date+} register" in out, out
    else:
        assert "Clause 20 (Conflicts of interest) moved (now clause 25): " in out
        assert "The order of the clauses is the clause library's" in out



def test_a_term_renamed_or_defined_changes_no_clause_that_uses_it(generated: Path,
                                                                  tmp_path: Path) -> None:
    """“Key Matter” renamed “Key Decision” in its definition, and “Care Quality
    Commission” newly defined: only the definitions are edited. Found in each document
    apart, every unchanged use of both would compare as changed (a term against text)."""
    def edit(root: etree._Element, _parts: dict[str, bytes]) -> None:
        definition = paragraph(root, "means each matter listed in clause")
        replace_text(definition, "Key Matter”", "Key Decision”")
        added = copy.deepcopy(definition)
        for node in list(added):
            if node.tag != _w("pPr"):
                added.remove(node)
        etree.SubElement(etree.SubElement(added, _w("r")), _w("t")).text = \
            "“Care Quality Commission” means the regulator of health and adult social care"
        definition.addnext(added)

    code, out = run("diff", str(generated), str(edited(generated, tmp_path / "k.docx", edit)))
    assert code == 0, out
    assert edits_reported(out) == ["Clause 1 (Definitions and interpretation)"], out
    assert "definition of “Key Decision”: “Key [-Matter-]{+Decision+}” means each matter" in out
    assert "paragraph inserted: ““Care Quality Commission” means the regulator" in out



def test_a_cross_reference_inserted_in_word_edits_only_the_clause_it_is_in(
        generated: Path, tmp_path: Path) -> None:
    """Word's cross-reference dialog bookmarks the target paragraph ("_Ref" and digits)
    and inserts a REF field: the target's clause is not edited, only the one the
    reference went into."""
    def edit(root: etree._Element, _parts: dict[str, bytes]) -> None:
        target = paragraph(root, "approving the calculation and distribution of any gain")
        target.find(_w("pPr")).addnext(etree.Element(
            _w("bookmarkStart"), {_w("id"): "9995", _w("name"): "_Ref201234567"}))
        target.append(etree.Element(_w("bookmarkEnd"), {_w("id"): "9995"}))
        source = paragraph(root, "Each Party bears its own costs of taking part in the ALT")
        field = etree.fromstring(
            f'<x xmlns:w="{W}"><w:r><w:t xml:space="preserve"> See clause </w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
            'xml:space="preserve"> REF _Ref201234567 \\r \\h </w:instrText></w:r><w:r>'
            '<w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>9.1.3</w:t></w:r><w:r>'
            '<w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>.</w:t></w:r></x>')
        for run_ in list(field):
            source.append(run_)

    code, out = run("diff", str(generated), str(edited(generated, tmp_path / "x.docx", edit)))
    assert code == 0, out
    assert edits_reported(out) == ["Clause 8 (Alliance Leadership Team)"], out
    assert "{+ See clause 9.1.3.+}" in out
    assert "9.1.3:" not in out



def _without_provenance(source: Path, target: Path) -> Path:
    """Write a copy of ``source`` without its alliancedocs part, as a program that drops
    custom XML parts saves it."""
    with zipfile.ZipFile(source) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()
                 if not i.filename.startswith("customXml/")}
    for name in ("word/_rels/document.xml.rels", "[Content_Types].xml"):
        parts[name] = re.sub(rb"<(?:Relationship|Override) [^>]*customXml[^>]*/>", b"",
                             parts[name])
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


def test_an_edited_copy_that_lost_its_provenance_is_still_a_copy(generated: Path,
                                                                 tmp_path: Path) -> None:
    """Without the alliancedocs part, a copy with the generated document's clause bookmarks
    and title page is compared as an edited copy; another alliance's agreement, which has
    the same bookmarks, is compared as text, and no money is reported changed."""
    def edit(root: etree._Element, _parts: dict[str, bytes]) -> None:
        replace_text(paragraph(root, "The ALT decides every Key Matter unanimously."),
                     "Key Matter unanimously.", "Key Matter by a majority of the members "
                     "present.")

    copy_ = _without_provenance(edited(generated, tmp_path / "e.docx", edit),
                                tmp_path / "stripped.docx")
    code, out = run("diff", str(generated), str(copy_))
    assert code == 0, out
    assert f"{copy_} carries no alliancedocs part" in out
    assert "it is compared as an edited copy of it" in out
    assert edits_reported(out) == ["Clause 9 (Decision making)"], out
    assert "The edit reads like variant `majority`" in out
    other = tmp_path / "symphony.docx"
    other.write_bytes(build_documents(example("symphony-long-term-conditions"))
                      .files["alliance-agreement.docx"])
    code, out = run("diff", str(generated), str(_without_provenance(other, tmp_path / "s.docx")))
    assert code == 0, out
    assert "edited copy" not in out and "it carries no alliancedocs answers" in out
    assert "Money (the worked example)" not in out and "→ (none)" not in out



def test_edits_to_a_copy_built_by_an_older_clause_library_are_still_edits(
        tmp_path: Path) -> None:
    """The library changed since the agreement was generated: the generated document and
    the lawyer's copy are both compared as built, and the copy's changes are still read as
    the lawyer's edits, judged with the current library."""
    from alliancedocs.library.clause_files import LIBRARY_DIR
    from diff_pairs import edited_library

    older = edited_library(LIBRARY_DIR, tmp_path)
    generated = tmp_path / "generated.docx"
    generated.write_bytes(build_documents(example("lambeth-rehabilitation"), library_dir=older)
                          .files["alliance-agreement.docx"])

    def edit(root: etree._Element, _parts: dict[str, bytes]) -> None:
        replace_text(paragraph(root, "The ALT decides every Key Matter unanimously."),
                     "Key Matter unanimously.", "Key Matter by a majority of the members "
                     "present.")

    copy_ = edited(generated, tmp_path / "edited.docx", edit)
    code, out = run("diff", str(generated), str(copy_))
    assert code == 0, out
    assert "was built from another clause library" in out
    assert edits_reported(out) == ["Clause 9 (Decision making)"], out
    assert "the clause holds a true-alliance position: it is the standard variant " \
        "`unanimous`" in out
    assert "The edit reads like variant `majority`" in out
    assert "text changed, same variant" not in out


def test_the_edited_copy_given_first_shows_the_edits_as_made(generated: Path,
                                                              tmp_path: Path) -> None:
    def edit(root: etree._Element, _parts: dict[str, bytes]) -> None:
        replace_text(paragraph(root, "The ALT decides every Key Matter unanimously."),
                     "Key Matter unanimously.", "Key Matter by a majority of the members "
                     "present.")

    copy_ = edited(generated, tmp_path / "m.docx", edit)
    code, out = run("diff", str(copy_), str(generated))
    assert code == 0, out
    assert edits_reported(out) == ["Clause 9 (Decision making)"], out
    assert "9.3: …every Key Matter [-unanimously-]{+by a majority of the members " \
        "present+}. A Key Matter…" in out
    assert "The edit reads like variant `majority`" in out
    assert f"{copy_}, the edited copy, is given first: its edits are shown as the lawyer " \
        "made them" in out


def test_a_pack_compared_with_the_agreement_is_called_a_different_document(
        generated: Path, tmp_path: Path) -> None:
    pack = tmp_path / "slam.docx"
    pack.write_bytes(build_documents(example("lambeth-rehabilitation"))
                     .files["schedules/slam.docx"])
    code, out = run("diff", str(generated), str(pack))
    assert code == 0, out
    assert "the agreement is compared with the schedule pack of `slam`: these are " \
        "different documents, not two versions of one" in out
    code, out = run("diff", str(pack), str(pack))
    assert code == 0 and "different documents" not in out and "Text: no change" in out



def test_a_copy_saved_and_edited_by_python_docx(generated: Path, tmp_path: Path) -> None:
    """python-docx rewrites the document part when it saves: unedited, that is no edit; a
    new paragraph giving the chair a casting vote reads like the casting-vote variant, the
    last of its clause, named with the condition that chooses it."""
    import docx

    docx.Document(str(generated)).save(str(tmp_path / "saved.docx"))
    code, out = run("diff", str(generated), str(tmp_path / "saved.docx"))
    assert code == 0 and "No changes." in out, out
    document = docx.Document(str(generated))
    equal_say = next(p for p in document.paragraphs
                     if p.text.startswith("Each member of the ALT has an equal say"))
    equal_say.insert_paragraph_before("The chair of the ALT has a second, casting vote if "
                                      "the votes are equal.", style=equal_say.style)
    document.save(str(tmp_path / "edited.docx"))
    code, out = run("diff", str(generated), str(tmp_path / "edited.docx"))
    assert code == 0, out
    assert edits_reported(out) == ["Clause 9 (Decision making)"], out
    assert "9.5 inserted: “The chair of the ALT has a second, casting vote if the votes are " \
        "equal.”" in out
    assert "The edit reads like variant `casting-vote` (watered-down, raising " \
        "`majority-decisions`) (chosen when `governance.decision_rule` is none of " \
        "'unanimous', 'consensus' and 'majority')" in out


@needs_uno
def test_edits_made_in_libreoffice_are_found_in_their_clauses(generated: Path,
                                                              tmp_path: Path) -> None:
    """LibreOffice rewrites the whole file when it saves it as .docx (styles, numbering,
    page breaks as break characters, column widths rounded): the embedded answers, the
    heading bookmarks, the numbers and the REF fields survive, and only the clauses the
    lawyer edited are reported."""
    assert _uno_available(), "LibreOffice (soffice) and python3-uno are needed"
    resaved, tracked = tmp_path / "resaved.docx", tmp_path / "tracked.docx"
    deleted = tmp_path / "deleted.docx"
    jobs = [{"in": str(generated), "out": str(resaved)},
            {"in": str(generated), "out": str(deleted), "track": True,
             "delete": ["restates the mechanism in this clause step by step"]},
            {"in": str(generated), "out": str(tracked), "track": True,
             "replace": [["Key Matter unanimously. A", "Key Matter by a majority of the "
                          "members present. A"],
                         [" so that all the Parties win or lose together", ""],
                         # LibreOffice puts the heading's bookmark start in the deletion.
                         ["Decision making", "Decisions of the ALT"]]}]
    (tmp_path / "jobs.json").write_text(json.dumps(jobs), encoding="utf-8")
    completed = subprocess.run([UNO_PYTHON, str(ROOT / "scripts" / "lo_edit.py"),
                                str(tmp_path / "jobs.json")], capture_output=True, text=True,
                               timeout=120, check=False)
    assert completed.returncode == 0, completed.stderr
    assert b"w:del " in zipfile.ZipFile(tracked).read("word/document.xml")
    code, out = run("diff", str(generated), str(resaved))
    assert code == 0 and "No changes." in out, out
    code, out = run("diff", str(generated), str(tracked))
    assert code == 0, out
    assert edits_reported(out) == ["Clause 9 (Decision making)",
                                   "Clause 16 (Risk and reward)"], out
    assert "9.3: …every Key Matter [-unanimously-]{+by a majority of the members " \
        "present+}. A Key Matter…" in out
    assert "16.1: …on its own performance,[- so that all the Parties win or lose " \
        "together-]." in out
    assert "9: [-Decision making-]{+Decisions of the ALT+}" in out
    assert "The edit reads like variant `majority`" in out
    # LibreOffice restyles the heading after a paragraph it deleted with tracking on.
    heading = etree.fromstring(zipfile.ZipFile(deleted).read("word/document.xml")).xpath(
        "//w:p[w:bookmarkStart[starts-with(@w:name, '_Ref_no_blame_')]]/w:pPr/w:pStyle/@w:val",
        namespaces={"w": W})
    assert heading and heading[0] != "ClauseHeading", heading
    code, out = run("diff", str(generated), str(deleted))
    assert code == 0, out
    assert edits_reported(out) == ["Clause 16 (Risk and reward)"], out
    assert "16.12 deleted: “Schedule 4 restates the mechanism" in out
    assert "the heading “No fault, no blame, no dispute” is no longer styled as a heading" in out
