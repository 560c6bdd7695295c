"""Write the document model as TEI P5, following ENCODING.md.

One function per kind of model node; the header is derived from ``Document.meta`` and the
people of the document, never from text the transcription does not contain. Serialisation is
deterministic: no clock, fixed attribute order, indentation only inside element-only content
(mixed content such as ``p`` is written exactly as read, so no whitespace is invented).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from .. import model as m
from .fit import fit
from .header import header
from .text import blocks, front
from .xml import IDS, LINE, REPORT, SCHEMA_HREF, TEI_NS, el, sub

__all__ = ["el", "serialize", "sub", "to_tei"]

# element-only containers: indentation whitespace there changes no text
BLOCKY = {
    "TEI", "teiHeader", "fileDesc", "titleStmt", "publicationStmt", "sourceDesc", "msDesc",
    "msIdentifier", "physDesc", "objectDesc", "supportDesc", "history", "origin",
    "additional", "adminInfo", "custodialHist", "encodingDesc", "classDecl", "taxonomy",
    "category", "editorialDecl", "appInfo", "application", "profileDesc", "textClass",
    "particDesc", "listPerson", "person", "settingDesc", "setting", "text", "front", "body",
    "back", "div", "sp", "opener", "closer", "postscript", "respStmt", "availability",
    "notesStmt", "listPlace", "place", "titlePage", "docTitle", "ab", "list", "langUsage",
    "extent", "note",
}
BLOCKY_TAGS = [f"{{{TEI_NS}}}{tag}" for tag in sorted(BLOCKY)]
LB = f"{{{TEI_NS}}}lb"


def to_tei(doc: m.Document) -> etree._ElementTree:
    """The TEI tree of ``doc``, after ``fit`` made the model fit the schema; what had to be
    repaired or written as text is added to the document's warnings (once)."""
    nodes = fit(doc)
    degraded: list[tuple[int | None, str]] = []
    token, line, ids = REPORT.set(degraded), LINE.set(None), IDS.set(set())
    try:
        tree = _write(doc, nodes)
    finally:
        REPORT.reset(token)
        LINE.reset(line)
        IDS.reset(ids)
    for line, message in degraded:
        w = m.Warning(line, message)
        if w not in doc.warnings:
            doc.warnings.append(w)
    return tree


def _write(doc: m.Document, nodes: list[Any]) -> etree._ElementTree:
    root = el("TEI", {"xml:id": doc.id, "xml:lang": "en"})
    root.append(header(doc, nodes))
    text = sub(root, "text")
    if doc.front is not None:
        text.append(front(doc))
    body = sub(text, "body")
    for d in doc.divs:
        div = sub(body, "div", {"type": d.type, "subtype": d.subtype, "n": d.n})
        blocks(div, d.blocks)
    if doc.back:
        back = sub(text, "back")
        for d in doc.back:
            lang = "it" if d.type == "site-navigation" else None
            div = sub(back, "div", {"type": d.type, "xml:lang": lang})
            blocks(div, d.blocks)
    return etree.ElementTree(root)


def indent(root: etree._Element, level: int = 0) -> None:
    """Indent element-only containers; mixed content is left exactly as written. ``level``:
    the depth of ``root`` in the file it will be written into.

    Each container is indented from its own children, and each line end the writer put
    before an ``lb`` from its neighbours, so neither depends on the other's result but for
    the order: containers first, as a walk from the root meets them. lxml finds both kinds
    of element by tag, without a Python call for every element.
    """
    base = level - _depth(root)
    for node in root.iter(*BLOCKY_TAGS):
        children = list(node)
        if children and not (node.text or "").strip() and all(
            not (c.tail or "").strip() for c in children
        ):
            depth = base + _depth(node)
            pad = "\n" + "  " * (depth + 1)
            node.text = pad
            for c in children:
                c.tail = pad
            children[-1].tail = "\n" + "  " * depth
    for lb in root.iter(LB):
        _indent_line_end(lb, base + _depth(lb))


def _depth(node: etree._Element) -> int:
    return sum(1 for _ in node.iterancestors())


def _indent_line_end(lb: etree._Element, level: int) -> None:
    """Indent the line end the writer put before an ``lb``, for a readable file."""
    prev = lb.getprevious()
    pad = "  " * level
    if prev is not None:
        if prev.tail and prev.tail.endswith("\n"):
            prev.tail += pad
    else:
        parent = lb.getparent()
        if parent is not None and parent.text and parent.text.endswith("\n"):
            parent.text += pad


def serialize(tree: etree._ElementTree, schema_pis: bool = True) -> bytes:
    """The TEI file's bytes: XML declaration, xml-model PIs, indented where it is safe."""
    root = tree.getroot()
    indent(root)
    body = etree.tostring(root, encoding="unicode")
    pis = "" if not schema_pis else (
        f'<?xml-model href="{SCHEMA_HREF}memcon.rng" type="application/xml" '
        'schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
        f'<?xml-model href="{SCHEMA_HREF}memcon.sch" type="application/xml" '
        'schematypens="http://purl.oclc.org/dsdl/schematron"?>\n'
    )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + pis + body + "\n").encode("utf-8")
