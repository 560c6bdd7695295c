"""Render the edition's pages from one document at a time plus small facts about the others.

A document's page needs its own TEI, the colour number of each of its speakers and the id,
title and date of the documents it links to; the index and the people page need only a
summary of each document (:func:`summary`) and the personography. So no step holds more than
one document's tree, and ``encode all`` can render each page in the worker that wrote its TEI.

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
from functools import cache
from importlib import resources

from lxml import etree

from ..safexml import parse_xml

TEI_NS = "http://www.tei-c.org/ns/1.0"
PAGE_NS = "urn:x-memcon-encoder:page"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NS = {"t": TEI_NS}
ASSETS = ("edition.css", "edition.js", "icon.svg")
DOCTYPE = b"<!DOCTYPE html>\n"

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

class HtmlError(Exception):
    """The edition cannot be rendered (a TEI file is unreadable, or Pagefind failed)."""


@dataclass(frozen=True)
class PageFacts:
    """What the corpus-wide steps need to know of one document's TEI to render pages."""

    id: str
    title: str
    date: str
    speakers: tuple[str, ...]
    links: tuple[str, ...]
    summary: bytes

    def brief(self) -> tuple[str, str, str]:
        """Id, title and date: what a page that links here shows of this document."""
        return self.id, self.title, self.date


def page_facts(tei: etree._Element) -> PageFacts:
    doc_id = tei.get(XML_ID) or ""
    title = tei.findtext(".//t:titleStmt/t:title[@type='main']", namespaces=NS) or doc_id
    date = (tei.xpath("string(//t:origDate/@when)", namespaces=NS)
            or tei.xpath("string(//t:sourceDesc//t:date/@when)", namespaces=NS))
    speakers = sorted({w.lstrip("#") for w in tei.xpath("//t:sp/@who", namespaces=NS)})
    links = sorted(set(tei.xpath("//t:relatedItem/@target | //t:ref/@target", namespaces=NS)))
    return PageFacts(doc_id, " ".join(title.split()), date, tuple(speakers), tuple(links),
                     summary(tei))


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
                                   f"{{{PAGE_NS}}}speeches": str(len(tei.xpath(
                                       "//t:sp", namespaces=NS)))}, nsmap={None: TEI_NS})

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
    for ref in sorted(set(tei.xpath("t:text//t:placeName/@ref", namespaces=NS))):
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


@cache
def _stylesheet(name: str) -> etree.XSLT:
    """A page stylesheet, compiled once per process, denied all file and network access."""
    path = resources.files(__package__).joinpath(name)
    with resources.as_file(path) as file:
        xsl = etree.parse(str(file), etree.XMLParser(resolve_entities=False, no_network=True))
        return etree.XSLT(xsl, access_control=etree.XSLTAccessControl.DENY_ALL)


def stylesheets() -> None:
    """Compile every stylesheet now (before worker processes are forked, which inherit them)."""
    for name in ("document.xsl", "index.xsl", "people.xsl"):
        _stylesheet(name)


def asset(name: str) -> bytes:
    return resources.files(__package__).joinpath(name).read_bytes()


def _page_ns(tag: str) -> str:
    return f"{{{PAGE_NS}}}{tag}"


def _transform(name: str, tree: etree._Element, what: str) -> bytes:
    """Run a page stylesheet; an XSLT failure names the page it was making."""
    try:
        result = _stylesheet(name)(tree)
    except etree.XSLTError as exc:
        raise HtmlError(f"{what}: error: cannot render HTML: {exc}") from exc
    body = bytes(result)
    return DOCTYPE + body.lstrip() + (b"" if body.endswith(b"\n") else b"\n")


def render_page(tei: etree._Element, numbers: dict[str, int],
                linked: list[tuple[str, str, str]]) -> bytes:
    """One document's page. ``numbers``: its speakers' numbers in the edition's list;
    ``linked``: id, title and date of each document it links to."""
    page = etree.Element(_page_ns("page"))
    speakers = etree.SubElement(page, _page_ns("speakers"))
    for w, n in sorted(numbers.items(), key=lambda item: item[1]):
        etree.SubElement(speakers, _page_ns("speaker"), who=w, n=str(n))
    for doc_id, title, date in linked:
        etree.SubElement(page, _page_ns("doc"), id=doc_id, file=f"{doc_id}.xml", title=title,
                         date=date)
    page.append(tei)
    try:
        doc_id = tei.get(XML_ID)
        return _transform("document.xsl", page, f"tei/{doc_id}.xml")
    finally:
        page.remove(tei)


def render_corpus_pages(summaries: Iterable[bytes], people: bytes | None) -> dict[str, bytes]:
    """``index.html`` and ``people.html`` from every document's summary (in the order of
    their file names, ``<id>.xml``, as the TEI folder lists them) and ``people.xml``."""
    whole = etree.Element(_page_ns("edition"))
    places: set[str] = set()
    for s in summaries:
        doc = parse_xml(s).getroot()
        # people.xsl describes a place by its first occurrence: later ones only slow its
        # grouping down (a key lookup per occurrence that returns all of them)
        for place in doc.iterfind(".//t:place", NS):
            if place.get(XML_ID) in places:
                place.getparent().remove(place)
            places.add(place.get(XML_ID) or "")
        whole.append(doc)
    if people is not None:
        whole.append(parse_xml(people).getroot())
    return {"index.html": _transform("index.xsl", whole, "index.html"),
            "people.html": _transform("people.xsl", whole, "people.html")}
