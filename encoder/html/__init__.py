"""The HTML reading edition: every TEI file of an edition rendered by XSLT 1.0, plus search.

The stage reads TEI files only (``OUT/tei/*.xml`` and ``OUT/people.xml``) and writes
``OUT/html/<id>.html``, ``OUT/index.html``, ``OUT/people.html`` and ``OUT/html/assets/``, then
builds the Pagefind search index in ``OUT/html/pagefind/``. The stylesheets are package data
(``*.xsl``), compiled once per process and run with every file and network access denied:
each page's input is one small tree assembled here (the document, the edition's speaker list
and a summary of every document), so the XSLT never needs ``document()``.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path

from lxml import etree

from ..files import write_atomic
from ..safexml import parse_xml

__all__ = ["build_html", "stale_pages"]

TEI_NS = "http://www.tei-c.org/ns/1.0"
PAGE_NS = "urn:x-memcon-encoder:page"
NS = {"t": TEI_NS}
ASSETS = ("edition.css", "edition.js", "icon.svg")
DOCTYPE = b"<!DOCTYPE html>\n"


class HtmlError(Exception):
    """The edition cannot be rendered (a TEI file is unreadable, or Pagefind failed)."""


@cache
def _stylesheet(name: str) -> etree.XSLT:
    """A page stylesheet, compiled once per process, denied all file and network access."""
    path = resources.files(__package__).joinpath(name)
    with resources.as_file(path) as file:
        xsl = etree.parse(str(file), etree.XMLParser(resolve_entities=False, no_network=True))
        return etree.XSLT(xsl, access_control=etree.XSLTAccessControl.DENY_ALL)


def _asset(name: str) -> bytes:
    return resources.files(__package__).joinpath(name).read_bytes()


def _read(path: Path) -> etree._Element:
    try:
        return parse_xml(path).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise HtmlError(f"{path}: error: cannot read TEI: {exc}") from exc


def _documents(edition: Path) -> list[etree._Element]:
    """The edition's TEI documents, in file-name order (regular files only)."""
    files = sorted(p for p in (edition / "tei").glob("*.xml") if p.is_file())
    return [_read(p) for p in files]


def _page_ns(tag: str) -> str:
    return f"{{{PAGE_NS}}}{tag}"


def _speakers(docs: list[etree._Element]) -> etree._Element:
    """Every person who speaks anywhere, numbered in id order: the colour of their speeches.

    Numbering over the whole edition (not per document) gives a person the same colour on
    every page.
    """
    who = sorted({w.lstrip("#") for d in docs for w in d.xpath("//t:sp/@who", namespaces=NS)})
    speakers = etree.Element(_page_ns("speakers"))
    for n, w in enumerate(who):
        etree.SubElement(speakers, _page_ns("speaker"), who=w, n=str(n))
    return speakers


def _summaries(docs: list[etree._Element]) -> list[etree._Element]:
    """Id, file name, title and date of each document, for links between documents.

    A page gets the summaries of the documents it links to only, so that rendering an
    edition stays linear in its size.
    """
    out = []
    for d in docs:
        doc_id = d.get("{http://www.w3.org/XML/1998/namespace}id") or ""
        title = d.findtext(".//t:titleStmt/t:title[@type='main']", namespaces=NS) or doc_id
        date = (d.xpath("string(//t:origDate/@when)", namespaces=NS)
                or d.xpath("string(//t:sourceDesc//t:date/@when)", namespaces=NS))
        out.append(etree.Element(_page_ns("doc"), id=doc_id, file=f"{doc_id}.xml",
                                 title=" ".join(title.split()), date=date))
    return out


def _transform(name: str, tree: etree._Element, what: str) -> bytes:
    """Run a page stylesheet; an XSLT failure names the page it was making."""
    try:
        result = _stylesheet(name)(tree)
    except etree.XSLTError as exc:
        raise HtmlError(f"{what}: error: cannot render HTML: {exc}") from exc
    body = bytes(result)
    return DOCTYPE + body.lstrip() + (b"" if body.endswith(b"\n") else b"\n")


def render(edition: Path) -> dict[str, bytes]:
    """Every file of the HTML edition except the search index: relative posix path -> bytes."""
    docs = _documents(edition)
    people_file = edition / "people.xml"
    people = _read(people_file) if people_file.is_file() else None
    speakers = _speakers(docs)
    summaries = _summaries(docs)
    pages: dict[str, bytes] = {}
    for doc in docs:
        page = etree.Element(_page_ns("page"))
        page.append(copy.deepcopy(speakers))
        linked = set(doc.xpath("//t:relatedItem/@target | //t:ref/@target", namespaces=NS))
        page.extend(copy.deepcopy(s) for s in summaries if s.get("file") in linked)
        page.append(copy.deepcopy(doc))
        doc_id = doc.get("{http://www.w3.org/XML/1998/namespace}id")
        pages[f"html/{doc_id}.html"] = _transform("document.xsl", page, f"tei/{doc_id}.xml")
    whole = etree.Element(_page_ns("edition"))
    whole.extend(copy.deepcopy(d) for d in docs)
    if people is not None:
        whole.append(copy.deepcopy(people))
    pages["index.html"] = _transform("index.xsl", whole, "index.html")
    pages["people.html"] = _transform("people.xsl", whole, "people.html")
    for name in ASSETS:
        pages[f"html/assets/{name}"] = _asset(name)
    return pages


def stale_pages(edition: Path) -> list[str]:
    """Pages missing or differing from a fresh render of the current TEI ([] means current).

    The Pagefind index is not compared: it is rebuilt from the pages.
    """
    fresh = render(edition)
    return sorted(
        rel for rel, data in fresh.items()
        if not (edition / rel).is_file() or (edition / rel).read_bytes() != data
    )


def _index(edition: Path) -> None:
    """Build Pagefind's static search index from the written pages (offline, no server).

    Pagefind names its files by content hash and never removes old ones, so the index is
    built beside the edition and swapped in whole: no stale index files accumulate.
    """
    target = edition / "html" / "pagefind"
    fresh = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=edition / "html"))
    cmd = [sys.executable, "-m", "pagefind", "--site", str(edition), "--output-path", str(fresh),
           "--glob", "html/*.html", "--silent"]
    try:
        try:
            run = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise HtmlError(f"{edition}: error: pagefind could not run: {exc}") from exc
        if run.returncode != 0:
            detail = (run.stderr or run.stdout).strip().splitlines()[-1:] or ["no message"]
            raise HtmlError(f"{edition}: error: pagefind failed: {detail[0]}")
        old = target.with_name(fresh.name + "-old")
        if target.exists():
            target.rename(old)
        fresh.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def build_html(edition: Path) -> None:
    """Render every TEI document of ``edition`` to its page, the index and the people page,
    copy the assets, drop pages whose TEI is gone, then build the Pagefind index.

    Deterministic: the same TEI gives byte-identical pages.
    """
    pages = render(edition)
    for rel, data in pages.items():
        target = edition / rel
        if not target.is_file() or target.read_bytes() != data:
            write_atomic(target, data)
    for old in (edition / "html").glob("*.html"):
        if f"html/{old.name}" not in pages:
            old.unlink()
    _index(edition)
