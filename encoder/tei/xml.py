"""Building TEI elements: the namespace, and element, text and child helpers."""

from __future__ import annotations

from typing import Any

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
#: Where a TEI file finds its schemas: the edition's own copies in OUT/schema/, written by
#: `encode all`, so the edition folder (and the deposit's data/ folder, which mirrors it)
#: validates on open in any editor wherever it is copied.
SCHEMA_HREF = "../schema/"
T = f"{{{TEI_NS}}}"


def el(tag: str, attrs: dict[str, Any] | None = None, *children: Any) -> etree._Element:
    node = etree.Element(T + tag, nsmap={None: TEI_NS})
    for key, value in (attrs or {}).items():
        if value is None:
            continue
        name = f"{{{XML_NS}}}{key[4:]}" if key.startswith("xml:") else key
        node.set(name, str(value))
    for child in children:
        add(node, child)
    return node


def add(parent: etree._Element, child: Any) -> None:
    """Append an element or a string to mixed content (strings go to text or the last tail)."""
    if child is None:
        return
    if isinstance(child, str):
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + child
        else:
            parent.text = (parent.text or "") + child
    else:
        parent.append(child)


def sub(parent: etree._Element, tag: str, attrs: dict[str, Any] | None = None,
        *children: Any) -> etree._Element:
    node = el(tag, attrs, *children)
    parent.append(node)
    return node
