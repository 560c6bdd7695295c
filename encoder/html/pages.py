"""Render the edition's pages from one document at a time plus small facts about the others.

A document's page needs its own TEI, the colour number of each of its speakers and the id,
title and date of the documents it links to; the index and the people page need only a
summary of each document (:func:`summary`), the keys they are ordered and joined by
(:class:`Entry`) and the personography, and are written in bounded pieces from those
(:mod:`.listing`). So no step holds more than one document's tree, and ``encode all`` can
render each page in the worker that wrote its TEI.

**Speaker colours.** A speaker's colour is their rank in the sorted list of every ``sp/@who``
of the edition, modulo 8 (:func:`speaker_numbers`): derived from the corpus alone, so the same
person has the same colour on every page and every rebuild of the same corpus, whatever order
documents are processed in. A speaker new to the edition can shift the colours of speakers
sorted after them; the incremental build sees that as a change of those pages' inputs
(:func:`page_key`) and re-renders them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from copy import deepcopy
from dataclasses import dataclass
from importlib import resources

from lxml import etree

from ..safexml import parse_xml
from .listing import Entry, entry
from .xslt import NS, PAGE_NS, TEI_NS, XML_ID, page_ns, transform
from .xslt import HtmlError as HtmlError  # re-exported: the html stage's error
from .xslt import stylesheets as stylesheets  # re-exported: loaded before workers fork

ASSETS = ("edition.css", "edition.js", "icon.svg")
#: what the index and the people page read of a document (with common.xsl's templates): a
#: summary keeps these elements whole, their ancestors as shells (attributes, no text), the
#: elements of SUMMARY_SHELLS as shells too, and nothing else
SUMMARY_KEEP = etree.XPath(
    "t:teiHeader/t:fileDesc/t:titleStmt/t:title | t:teiHeader/t:fileDesc/t:titleStmt/t:author"
    " | t:teiHeader//t:sourceDesc//t:date | t:teiHeader//t:setting/t:date"
    " | t:teiHeader//t:origDate | t:teiHeader//t:person[@role='participant']/t:persName"
    " | t:teiHeader//t:person/t:idno[@type='wikidata'] | t:teiHeader//t:place/t:placeName"
    " | t:teiHeader//t:place/t:idno[@type='wikidata'] | t:teiHeader//t:catRef"
    " | t:teiHeader//t:taxonomy/t:category[concat('#', @xml:id) = //t:catRef/@target]"
    " | t:teiHeader//t:extent/t:measure[@unit='pages'] | t:teiHeader//t:relatedItem",
    namespaces=NS)
SUMMARY_SHELLS = etree.XPath(
    "t:teiHeader//t:custEvent[@type='declassification'] | t:teiHeader//t:place"
    " | t:text/t:body/t:div", namespaces=NS)


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What the corpus-wide steps need to know of one document's TEI to render pages."""

    id: str
    title: str
    date: str
    speakers: tuple[str, ...]
    links: tuple[str, ...]
    summary: bytes = b""
    entry: Entry | None = None

    def brief(self) -> tuple[str, str, str]:
        """Id, title and date: what a page that links here shows of this document."""
        return self.id, self.title, self.date


#: what page_facts and summary read of every document, compiled once
_DATE = etree.XPath("string(//t:origDate/@when)", namespaces=NS)
_SOURCE_DATE = etree.XPath("string(//t:sourceDesc//t:date/@when)", namespaces=NS)
_SPEAKERS = etree.XPath("//t:sp/@who", namespaces=NS)
_LINKS = etree.XPath("//t:relatedItem/@target | //t:ref/@target", namespaces=NS)
_SPEECHES = etree.XPath("//t:sp", namespaces=NS)
_PLACE_REFS = etree.XPath("t:text//t:placeName/@ref", namespaces=NS)


def page_facts(tei: etree._Element) -> PageFacts:
    doc_id = tei.get(XML_ID) or ""
    title = tei.findtext(".//t:titleStmt/t:title[@type='main']", namespaces=NS) or doc_id
    date = _DATE(tei) or _SOURCE_DATE(tei)
    speakers = sorted({w.lstrip("#") for w in _SPEAKERS(tei)})
    links = sorted(set(_LINKS(tei)))
    cut = summary(tei)
    return PageFacts(doc_id, " ".join(title.split()), date, tuple(speakers), tuple(links),
                     cut, entry(parse_xml(cut).getroot()))


def summary(tei: etree._Element) -> bytes:
    """The document cut down to what ``index.xsl`` and ``people.xsl`` read (about a kB instead
    of tens): ``SUMMARY_KEEP`` whole, the shells around them, the place names the text refers
    to, and the number of speeches as ``@e:speeches``. Indentation is dropped."""
    keep = set(SUMMARY_KEEP(tei))
    shells = set(SUMMARY_SHELLS(tei))
    shells |= {a for k in keep | shells for a in k.iterancestors()}
    # the elements with something to copy: a division's speeches are not gone through
    parents = {e.getparent() for e in keep | shells}
    root = etree.Element(tei.tag, {XML_ID: tei.get(XML_ID) or "",
                                   f"{{{PAGE_NS}}}speeches": str(len(_SPEECHES(tei)))},
                         nsmap={None: TEI_NS})

    def copy_into(parent: etree._Element, node: etree._Element) -> None:
        if node not in parents:
            return
        for child in node:
            if child in keep:
                copy = deepcopy(child)
                copy.tail = None
                parent.append(copy)
            elif child in shells:
                copy_into(etree.SubElement(parent, child.tag, dict(child.attrib)), child)

    copy_into(root, tei)
    text = root.find("t:text", NS)
    if text is None:
        text = etree.SubElement(root, f"{{{TEI_NS}}}text")
    for ref in sorted(set(_PLACE_REFS(tei))):
        etree.SubElement(text, f"{{{TEI_NS}}}placeName", ref=ref)
    for node in root.iter():  # element-only content: its whitespace is indentation
        if len(node) and not (node.text or "").strip() and all(
                not (c.tail or "").strip() for c in node):
            node.text = None
            for c in node:
                c.tail = None
    return etree.tostring(root, encoding="utf-8")


def speaker_numbers(speakers: Iterable[str]) -> dict[str, int]:
    """Every speaker of the edition numbered in id order: their colour (modulo 8)."""
    return {w: n for n, w in enumerate(sorted(set(speakers)))}


def page_key(tei_digest: str, facts: PageFacts, numbers: dict[str, int],
             linked: list[tuple[str, str, str]]) -> str:
    """A digest of everything a document's page is rendered from: same key, same page."""
    data = [tei_digest, [(w, numbers.get(w)) for w in facts.speakers], linked]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()


def asset(name: str) -> bytes:
    return resources.files(__package__).joinpath(name).read_bytes()


def render_page(tei: etree._Element, numbers: dict[str, int],
                linked: list[tuple[str, str, str]]) -> bytes:
    """One document's page. ``numbers``: its speakers' numbers in the edition's list;
    ``linked``: id, title and date of each document it links to."""
    page = etree.Element(page_ns("page"))
    speakers = etree.SubElement(page, page_ns("speakers"))
    for w, n in sorted(numbers.items(), key=lambda item: item[1]):
        etree.SubElement(speakers, page_ns("speaker"), who=w, n=str(n))
    for doc_id, title, date in linked:
        etree.SubElement(page, page_ns("doc"), id=doc_id, file=f"{doc_id}.xml", title=title,
                         date=date)
    page.append(tei)
    try:
        doc_id = tei.get(XML_ID)
        return transform("document.xsl", page, f"tei/{doc_id}.xml")
    finally:
        page.remove(tei)



