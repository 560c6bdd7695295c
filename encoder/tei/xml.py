"""Building TEI elements: the namespace, and element, text and child helpers."""

from __future__ import annotations

import re
from contextvars import ContextVar
from typing import Any

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
#: Where a TEI file finds its schemas: the edition's own copies in OUT/schema/, written by
#: `encode all`, so the edition folder (and the deposit's data/ folder, which mirrors it)
#: validates on open in any editor wherever it is copied.
SCHEMA_HREF = "../schema/"
T = f"{{{TEI_NS}}}"

# characters XML 1.0 cannot hold (apart from NUL, which the source reader refuses)
XML_ILLEGAL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

#: Elements the writer fills whose TEI content model has no g (macro.phraseSeq.limited:
#: repository, collection, resp, language; macro.limitedContent: desc, catDesc): there a
#: character XML cannot hold is written as U+FFFD, and the warning names it. memcon.rng gives
#: them no g either, and a test holds this list to tei_all's content models.
NO_G = frozenset({"catDesc", "collection", "desc", "language", "repository", "resp"})

#: (source line, message) for what the writer had to change, collected by ``to_tei``
REPORT: ContextVar[list[tuple[int | None, str]] | None] = ContextVar("report", default=None)
#: the source line of the block being written, for those messages
LINE: ContextVar[int | None] = ContextVar("line", default=None)


#: the xml:ids written so far in the document being written
IDS: ContextVar[set[str] | None] = ContextVar("ids", default=None)


def unique_id(base: str) -> str:
    """``base``, or ``base-2``, ``base-3`` … when a damaged source repeats what it is minted
    from (two footnotes numbered 2): xml:ids must be unique."""
    used = IDS.get()
    if used is None:
        return base
    found, k = base, 1
    while found in used:
        k += 1
        found = f"{base}-{k}"
    used.add(found)
    return found


def report(message: str) -> None:
    found = REPORT.get()
    if found is not None:
        found.append((LINE.get(), message))


def code_point(c: str) -> str:
    return f"U+{ord(c):04X}"


def _attr(value: str) -> str:
    """An attribute value XML can hold: an illegal character percent-encoded (the only
    attributes that can carry one are URLs typed in the source)."""
    return XML_ILLEGAL.sub(
        lambda h: "".join(f"%{b:02X}" for b in h.group().encode("utf-8", "surrogatepass")), value)


_NSMAP = {None: TEI_NS}


def el(tag: str, attrs: dict[str, Any] | None = None, *children: Any) -> etree._Element:
    """A TEI element standing alone (its own default namespace), to be attached later."""
    return _fill(etree.Element(T + tag, nsmap=_NSMAP), attrs, children)


def _fill(node: etree._Element, attrs: dict[str, Any] | None,
          children: tuple[Any, ...]) -> etree._Element:
    """Set ``attrs`` (None values left out) and add ``children`` to a new element."""
    if attrs:
        for key, value in attrs.items():
            if value is None:
                continue
            name = f"{{{XML_NS}}}{key[4:]}" if key.startswith("xml:") else key
            value = str(value)
            node.set(name, _attr(value) if XML_ILLEGAL.search(value) else value)
    for child in children:
        add(node, child)
    return node


def last_child(parent: etree._Element) -> etree._Element | None:
    """The last child, found from the end: ``len(parent)`` counts the children one by one in
    lxml, which made writing a paragraph of thousands of markings quadratic."""
    return next(parent.iterchildren(reversed=True), None)


def added_after(parent: etree._Element, before: etree._Element | None) -> list[etree._Element]:
    """The children of ``parent`` after ``before`` (all of them when it is None)."""
    return list(before.itersiblings()) if before is not None else list(parent)


def add(parent: etree._Element, child: Any) -> None:
    """Append an element or a string to mixed content (strings go to text or the last tail)."""
    if child is None:
        return
    if isinstance(child, str) and XML_ILLEGAL.search(child):
        _add_illegal(parent, child)
    elif isinstance(child, str):
        last = last_child(parent)
        if last is not None:
            last.tail = (last.tail or "") + child
        else:
            parent.text = (parent.text or "") + child
    else:
        parent.append(child)


def _add_illegal(parent: etree._Element, text: str) -> None:
    """Text with characters XML cannot hold: each becomes ``g type="xml-illegal"`` naming its
    code point, where it stands (visible and lossless; the header's editorialDecl says so)."""
    local = etree.QName(parent).localname
    if local in NO_G:
        for hit in XML_ILLEGAL.finditer(text):
            report(f"character {code_point(hit.group())}, which XML cannot hold, written as "
                   f"U+FFFD in <{local}> (TEI allows no g there)")
        add(parent, XML_ILLEGAL.sub("\ufffd", text))
        return
    pos = 0
    for hit in XML_ILLEGAL.finditer(text):
        add(parent, text[pos : hit.start()] or None)
        g = etree.SubElement(parent, T + "g", {"type": "xml-illegal"})
        g.text = code_point(hit.group())
        report(f"character {g.text}, which XML cannot hold, kept as <g type=\"xml-illegal\">")
        pos = hit.end()
    add(parent, text[pos:] or None)


def sub(parent: etree._Element, tag: str, attrs: dict[str, Any] | None = None,
        *children: Any) -> etree._Element:
    """A TEI element added to ``parent``. Made in place, it takes the namespace declared
    above it: an element made alone declares its own, which lxml must then reconcile with
    its new parent's, walking its subtree (twice the cost of the whole writing of a node)."""
    return _fill(etree.SubElement(parent, T + tag), attrs, children)
