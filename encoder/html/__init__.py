"""The HTML reading edition: every TEI file of an edition rendered by XSLT 1.0, plus search.

The stage reads TEI files only (``OUT/tei/*.xml`` and ``OUT/people.xml``) and writes
``OUT/html/<id>.html``, ``OUT/index.html``, ``OUT/people.html`` and ``OUT/html/assets/``, then
builds the Pagefind search index in ``OUT/html/pagefind/`` (in shards, merged in the browser:
:mod:`.search`). The stylesheets are package data (``*.xsl``), compiled once per process and
run with every file and network access denied:
each page's input is one small tree assembled in :mod:`.pages` (one document, its speakers'
colour numbers, the documents it links to; or every document's summary), so the XSLT never
needs ``document()`` and no step holds more than one document's tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from ..files import write_if_changed
from ..safexml import parse_xml
from .listing import render_in_memory
from .pages import (
    ASSETS,
    HtmlError,
    PageFacts,
    asset,
    page_facts,
    render_page,
    speaker_numbers,
)
from .search import build_search_index

__all__ = ["HtmlError", "build_html", "build_search_index", "stale_pages"]


def _read(path: Path) -> etree._Element:
    try:
        return parse_xml(path).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise HtmlError(f"{path}: error: cannot read TEI: {exc}") from exc


def _tei_files(edition: Path) -> list[Path]:
    """The edition's TEI documents, in file-name order (regular files only)."""
    return sorted(p for p in (edition / "tei").glob("*.xml") if p.is_file())


def render(edition: Path) -> Iterator[tuple[str, bytes]]:
    """Every file of the HTML edition except the search index: (relative posix path, bytes).

    Two passes over the TEI files, one file in memory at a time: the facts of every document
    first (speakers, titles, summaries), then each page.
    """
    files = _tei_files(edition)
    facts: list[PageFacts] = [page_facts(_read(p)) for p in files]
    numbers = speaker_numbers(w for f in facts for w in f.speakers)
    briefs = {f"{f.id}.xml": f.brief() for f in facts}
    for path, f in zip(files, facts, strict=True):
        linked = [briefs[t] for t in f.links if t in briefs]
        yield (f"html/{f.id}.html",
               render_page(_read(path), {w: numbers[w] for w in f.speakers}, linked))
    people_file = edition / "people.xml"
    people = people_file.read_bytes() if people_file.is_file() else None
    yield from render_in_memory((f.summary for f in facts), people).items()
    for name in ASSETS:
        yield f"html/assets/{name}", asset(name)


def stale_pages(edition: Path) -> list[str]:
    """Pages missing or differing from a fresh render of the current TEI ([] means current).

    The Pagefind index is not compared: it is rebuilt from the pages.
    """
    return sorted(
        rel for rel, data in render(edition)
        if not (edition / rel).is_file() or (edition / rel).read_bytes() != data
    )


def remove_orphan_pages(edition: Path, ids: set[str]) -> None:
    """Drop pages whose TEI is gone."""
    for old in (edition / "html").glob("*.html"):
        if old.stem not in ids:
            old.unlink()


def build_html(edition: Path) -> None:
    """Render every TEI document of ``edition`` to its page, the index and the people page,
    copy the assets, drop pages whose TEI is gone, then build the Pagefind index.

    Deterministic: the same TEI gives byte-identical pages.
    """
    ids = set()
    for rel, data in render(edition):
        if rel.startswith("html/") and rel.count("/") == 1:
            ids.add(rel[5:-5])
        write_if_changed(edition / rel, data)
    remove_orphan_pages(edition, ids)
    build_search_index(edition)
