"""Accept or reject every tracked change in a ``.docx``, as Word's "Accept All" and
"Reject All" do, over the XML itself.

Common readers drop either inserted or deleted text, so they cannot check a redline; these
transforms give the two views a redline stands for, to compare with the builds of its two
versions. They also give the text a lawyer's edited copy stands for (its accept-all view).
"""

from __future__ import annotations

from lxml import etree

from .ooxml import parse, serialize, w
from .package import main_document, read_zip, zip_parts

_RUN_CONTAINERS = ("ins", "del", "moveFrom", "moveTo")


def accept_all(docx: bytes) -> bytes:
    """Return ``docx`` with every tracked change accepted."""
    return _transform(docx, accept=True)


def reject_all(docx: bytes) -> bytes:
    """Return ``docx`` with every tracked change rejected."""
    return _transform(docx, accept=False)


def _transform(docx: bytes, *, accept: bool) -> bytes:
    parts = read_zip(docx)
    main = main_document(parts)
    root = parse(parts[main])
    resolve(root, accept=accept)
    parts[main] = serialize(root)
    return zip_parts(parts)


def resolve(root: etree._Element, *, accept: bool) -> None:
    """Accept (or reject) every revision under ``root`` in place."""
    gone, kept = ("del", "ins") if accept else ("ins", "del")
    gone_move, kept_move = ("moveFrom", "moveTo") if accept else ("moveTo", "moveFrom")
    # Rows first: a removed row takes its content with it.
    for tr in list(root.iter(w("tr"))):
        trpr = tr.find(w("trPr"))
        if trpr is None:
            continue
        if trpr.find(w(gone)) is not None:
            tr.getparent().remove(tr)
            continue
        for marker in trpr.findall(w(kept)):
            trpr.remove(marker)
    # Paragraph marks: a removed mark joins the paragraph to the next one.
    for p in list(root.iter(w("p"))):
        rpr = p.find(f"{w('pPr')}/{w('rPr')}")
        if rpr is None:
            continue
        removed = rpr.find(w(gone)) is not None
        for tag in (gone, kept, gone_move, kept_move):
            for marker in rpr.findall(w(tag)):
                rpr.remove(marker)
        if not len(rpr):
            rpr.getparent().remove(rpr)
        if removed:
            _join_with_next(p, gone=(gone, gone_move))
    # Property changes.
    for change in list(root.iter(w("pPrChange"), w("rPrChange"), w("tblPrChange"),
                                 w("trPrChange"), w("tcPrChange"), w("sectPrChange"))):
        parent = change.getparent()
        if accept:
            parent.remove(change)
            continue
        old = change[0] if len(change) else None
        keep = [c for c in parent if etree.QName(c).localname in ("rPr", "sectPr")
                and c is not change]
        for child in list(parent):
            parent.remove(child)
        if old is not None:
            for child in list(old):
                parent.append(child)
        if etree.QName(parent).localname == "pPr":
            for child in keep:
                parent.append(child)
    # Runs.
    for tag in (gone, gone_move):
        for node in list(root.iter(w(tag))):
            if node.getparent() is not None:
                _remove_keeping_bookmarks(node)
    for tag in (kept, kept_move):
        for node in list(root.iter(w(tag))):
            _unwrap(node)
    if not accept:
        for node in root.iter(w("delText")):
            node.tag = w("t")
        for node in root.iter(w("delInstrText")):
            node.tag = w("instrText")
    for tag in ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart",
                "moveToRangeEnd"):
        for node in list(root.iter(w(tag))):
            node.getparent().remove(node)


def _remove_keeping_bookmarks(node: etree._Element) -> None:
    """Remove a revision with its content, but not the ends of bookmarks that reach out of
    it: LibreOffice writes a heading's bookmark start inside the deletion of its old words,
    and the bookmark must stay on the heading. A bookmark wholly inside goes with it."""
    marks = list(node.iter(w("bookmarkStart"), w("bookmarkEnd")))
    starts = {m.get(w("id")) for m in marks if m.tag == w("bookmarkStart")}
    ends = {m.get(w("id")) for m in marks if m.tag == w("bookmarkEnd")}
    for mark in marks:
        if mark.get(w("id")) not in starts & ends:
            node.addprevious(mark)
    node.getparent().remove(node)


def _unwrap(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is None:
        return
    for child in list(node):
        node.addprevious(child)
    parent.remove(node)


def _join_with_next(p: etree._Element, *, gone: tuple[str, ...]) -> None:
    """Join ``p`` to the paragraph after it, whose properties the joined paragraph keeps.

    Content that stays (not itself removed by this pass) moves to the start of the next
    paragraph; with nothing left and no next paragraph, ``p`` goes.
    """
    content = [c for c in p if c.tag != w("pPr") and etree.QName(c).localname not in gone]
    following = p.getnext()
    has_text = any(c.tag not in (w("bookmarkStart"), w("bookmarkEnd"), w("proofErr"))
                   for c in content)
    parent = p.getparent()
    if not has_text:
        # A bookmark around nothing but the removed text goes with it, as in Word; it
        # would otherwise land on the next paragraph and name it (a heading's anchor).
        ends = {c.get(w("id")) for c in content if c.tag == w("bookmarkEnd")}
        inside = ends & {c.get(w("id")) for c in content if c.tag == w("bookmarkStart")}
        content = [c for c in content if c.get(w("id")) not in inside]
    if following is not None and following.tag == w("p"):
        anchor = following.find(w("pPr"))
        for node in reversed(content):
            if anchor is not None:
                anchor.addnext(node)
            else:
                following.insert(0, node)
        parent.remove(p)
    elif not has_text:
        parent.remove(p)


def paragraph_texts(docx: bytes) -> list[tuple[str, str]]:
    """Return (style id, visible text) for each body paragraph, table cells included.

    Visible text is what Word shows with no markup: text, tabs and breaks, field results
    (never field codes), and no deleted text.
    """
    parts = read_zip(docx)
    root = parse(parts[main_document(parts)])
    out = []
    for p in root.iter(w("p")):
        style = p.find(f"{w('pPr')}/{w('pStyle')}")
        out.append((style.get(w("val")) if style is not None else "", visible_text(p)))
    return out


def visible_text(p: etree._Element) -> str:
    """Return the text a paragraph shows: ``w:t``, tabs and breaks outside deletions."""
    parts: list[str] = []
    for node in p.iter(w("t"), w("tab"), w("br")):
        if any(a.tag == w("del") for a in node.iterancestors()):
            continue
        if node.tag == w("t"):
            parts.append(node.text or "")
        elif node.tag == w("tab") and node.getparent().tag == w("r"):
            parts.append("\t")
        elif node.tag == w("br"):
            parts.append("\n")
    return "".join(parts)
