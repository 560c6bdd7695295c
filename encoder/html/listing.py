"""``index.html`` and ``people.html`` written in bounded pieces, whatever the corpus's size.

Both pages list every document, but no process holds every document's summary or the whole
page as a tree: the stylesheets render a page in parts (their ``part`` parameter). The
``page`` part is the frame -- head, headings, counts, the timeline's axis -- with a comment
``<!--slot:NAME-->`` where each list goes; the counts and the years it needs are parameters,
computed by the store. Each list is then rendered a batch of documents (or people, or
places: :data:`encoder.corpusdb.CHUNK`) at a time, in the order the whole-corpus
``xsl:sort`` gave (the store's queries, :mod:`encoder.corpusdb`), the ``offset``
parameter saying how many came before, and its
output written into the slot without the element it was wrapped in (a ``tbody``, an ``svg``:
the same context, so the same serialisation). A person's or a place's list of documents is
itself a slot, filled the same way, so one person in every document costs no more memory.
The pieces make exactly the bytes one run over the whole corpus made.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from .. import corpusdb
from ..corpusdb import CorpusDB
from ..safexml import parse_xml
from .xslt import NS, PAGE_NS, XML_ID, page_ns, run, transform


@dataclass(frozen=True, slots=True)
class Entry:
    """What ``index.xsl`` and ``people.xsl`` order and join a document's summary by, read with
    their own XPath expressions: the corpus-wide pages are written a few hundred documents at
    a time in the order the stylesheets' ``xsl:sort`` would give, so the keys must be theirs.
    """

    id: str
    call: bool  # a memorandum: in the table and the timeline (else commentary)
    start: str  # the table's first key: the call's start (the setting's date/@from)
    when: str  # origDate/@when: the timeline's key, the table's second
    year: str  # its year: the timeline's span
    year_number: float | None  # number(year); None for NaN (XSLT sorts NaN first)
    speeches: int
    title: str  # the main title, as the pages show it
    persons: tuple[tuple[str, str], ...]  # (xml:id, Wikidata id) of the header's persons
    places: tuple[tuple[str, str, str], ...]  # (xml:id, name, Wikidata id) of its places
    refs: tuple[str, ...]  # the places its text names (placeName/@ref)


def _xpath(expression: str) -> etree.XPath:
    return etree.XPath(expression, namespaces=NS)


#: the expressions an Entry is read with, compiled once (every document's summary is read)
_CALL = _xpath("boolean(t:text/t:body/t:div[@type='memorandum'])")
_START = _xpath("string(substring(t:teiHeader//t:setting/t:date/@from, 1, 10))")
_WHEN = _xpath("string(t:teiHeader//t:origDate/@when)")
_YEAR = _xpath("string(substring(t:teiHeader//t:origDate/@when, 1, 4))")
_YEAR_NUMBER = _xpath("number(substring(t:teiHeader//t:origDate/@when, 1, 4))")
_TITLE = _xpath("string(t:teiHeader//t:titleStmt/t:title[@type='main'])")
_PERSONS = _xpath("t:teiHeader//t:person[@xml:id][t:idno[@type='wikidata']]")
_PLACES = _xpath("t:teiHeader//t:place[@xml:id]")
_NAME = _xpath("string(t:placeName)")
_WIKIDATA = _xpath("string(t:idno[@type='wikidata'])")
_REFS = _xpath("t:text//t:placeName/@ref")


def entry(root: etree._Element) -> Entry:
    """The :class:`Entry` of a summary (:func:`summary`), parsed."""
    year = _YEAR_NUMBER(root)
    return Entry(
        root.get(XML_ID) or "",
        bool(_CALL(root)),
        str(_START(root)),
        str(_WHEN(root)),
        str(_YEAR(root)),
        None if year != year else float(year),
        int(root.get(f"{{{PAGE_NS}}}speeches") or 0),
        str(_TITLE(root)),
        tuple((p.get(XML_ID) or "", str(_WIKIDATA(p))) for p in _PERSONS(root)),
        tuple((p.get(XML_ID) or "", str(_NAME(p)), str(_WIKIDATA(p))) for p in _PLACES(root)),
        tuple(sorted(set(_REFS(root)))))



_SLOT = re.compile(rb"<!--slot:([a-z]+)-->")

Fillers = dict[str, Callable[[], Iterator[bytes]]]


def _fill(page: bytes, fillers: Fillers) -> Iterator[bytes]:
    """The frame's pieces with each slot filled by its filler, in order."""
    parts = _SLOT.split(page)
    for k, part in enumerate(parts):
        if k % 2 == 0:
            yield part
        else:
            yield from fillers[part.decode()]()


def _inner(data: bytes, tag: bytes) -> bytes:
    """A part's output without the ``tag`` element it was rendered inside."""
    data = data.rstrip(b"\n")
    start, end = data.index(b">") + 1, data.rindex(b"</")
    assert data.startswith(b"<" + tag) and data[end:] == b"</" + tag + b">", data[:80]
    return data[start:end]


def _edition(summaries: Iterable[bytes]) -> etree._Element:
    tree = etree.Element(page_ns("edition"))
    for s in summaries:
        tree.append(parse_xml(s).getroot())
    return tree


def _records(rows: Iterable[dict[str, str | None]]) -> etree._Element:
    """A list part's input: one ``e:item`` per row, its fields as attributes."""
    tree = etree.Element(page_ns("list"))
    for row in rows:
        etree.SubElement(tree, page_ns("item"), {k: v for k, v in row.items() if v is not None})
    return tree


# --- index.html ------------------------------------------------------------------------------


def index_html(db: CorpusDB, chunk: int | None = None) -> Iterator[bytes]:
    """``index.html``: calls on a timeline and in a table, articles as commentary."""
    chunk = chunk or corpusdb.CHUNK
    count, speeches = db.calls()
    params: dict[str, Any] = {
        "calls": str(count), "speeches": str(speeches),
        "years": etree.XSLT.strparam(db.years()),
        "articles": "true()" if db.has_articles() else "false()"}

    def part(name: str, order: str, tag: bytes) -> Callable[[], Iterator[bytes]]:
        def fill() -> Iterator[bytes]:
            offset = 0
            for batch in db.summaries(order, chunk):
                tree = _edition(batch)
                if name == "commentary":
                    tree.append(_linked(db, tree))
                yield _inner(run("index.xsl", tree, "index.html", part=f"'{name}'",
                                 offset=str(offset), **params), tag)
                offset += len(batch)
        return fill

    page = transform("index.xsl", etree.Element(page_ns("edition")), "index.html",
                      part="'page'", **params)
    yield from _fill(page, {"titles": part("titles", "timeline", b"title"),
                            "dots": part("dots", "timeline", b"svg"),
                            "rows": part("rows", "table", b"tbody"),
                            "commentary": part("commentary", "commentary", b"ul")})


def _linked(db: CorpusDB, tree: etree._Element) -> etree._Element:
    """The summaries of the calls a batch of articles discusses (index.xsl's key 'tei')."""
    targets = tree.xpath("t:TEI/t:teiHeader//t:relatedItem[@type='discusses']/@target",
                         namespaces=NS)
    linked = _edition(db.summaries_of(targets))
    linked.tag = page_ns("linked")
    return linked


# --- people.html -----------------------------------------------------------------------------


def people_html(db: CorpusDB, chunk: int | None = None) -> Iterator[bytes]:
    """``people.html``: every person of the personography and every place, each with the
    documents they appear in."""
    chunk = chunk or corpusdb.CHUNK

    def people() -> Iterator[bytes]:
        return _entries("people", db.persons(chunk), lambda pid: (
            [{"id": doc, "title": title, "roles": roles} for doc, roles, title in rows]
            for rows in db.appearances(pid, chunk)), "appearances")

    def places() -> Iterator[bytes]:
        return _entries("places", db.places(chunk), lambda pid: (
            [{"id": doc, "title": title} for doc, title in rows]
            for rows in db.naming(pid, chunk)), "naming")

    page = transform("people.xsl", etree.Element(page_ns("edition")), "people.html",
                      part="'page'")
    yield from _fill(page, {"people": people, "places": places})


def _entries(name: str, batches: Iterable[list[tuple[str, str, str | None]]],
             docs: Callable[[str], Iterable[list[dict[str, str]]]],
             docs_part: str) -> Iterator[bytes]:
    """A register's entries (id, name, Wikidata id), each with its documents: the entries
    rendered a batch at a time, each with a slot for its list, filled a batch at a time."""
    for batch in batches:
        tree = _records({"id": pid, "name": label, "q": q} for pid, label, q in batch)
        pieces = _SLOT.split(_inner(run("people.xsl", tree, "people.html", part=f"'{name}'"),
                                    b"dl"))
        assert len(pieces) == 2 * len(batch) + 1, "one slot per entry"
        for k, (pid, _, _) in enumerate(batch):
            yield pieces[2 * k]
            for rows in docs(pid):
                yield _inner(run("people.xsl", _records(rows), "people.html",
                                 part=f"'{docs_part}'"), b"ul")
        yield pieces[-1]


# --- all in memory (encode html) -------------------------------------------------------------


def render_in_memory(summaries: Iterable[bytes], people: bytes | None,
                     chunk: int | None = None) -> dict[str, bytes]:
    """Both pages from summaries and ``people.xml`` in memory (``encode html``, tests)."""
    db = CorpusDB(sqlite3.connect(":memory:"))
    try:
        for s in summaries:
            e = entry(parse_xml(s).getroot())
            db.put(f"{e.id}.xml", e.id, e, s, [])
        if people is not None:
            for source, rows in _appearances(people):
                db.add_appearances(source, rows)
        return {"index.html": b"".join(index_html(db, chunk)),
                "people.html": b"".join(people_html(db, chunk))}
    finally:
        db.conn.close()


def _appearances(people: bytes) -> Iterator[tuple[str, list[tuple[str, str, str, str | None,
                                                                   str]]]]:
    """``people.xml`` read back as rows (document id, person id, name, Wikidata id, roles)."""
    root = parse_xml(people).getroot()
    xml_id = "{http://www.w3.org/XML/1998/namespace}id"
    for person in root.iterfind(".//t:listPerson/t:person", NS):
        pid = person.get(xml_id) or ""
        name = str(person.xpath("string(t:persName)", namespaces=NS))
        q = person.findtext("t:idno[@type='wikidata']", namespaces=NS)
        rows = []
        for item in person.iterfind(".//t:note[@type='appearances']//t:item", NS):
            ref = item.find("t:ref", NS)
            # people.xsl's substring-before(substring-after(@target, 'tei/'), '.xml')
            after = (ref.get("target", "") if ref is not None else "").partition("tei/")[2]
            doc = after.partition(".xml")[0] if ".xml" in after else ""
            rows.append((doc, pid, name, q, item.get("n") or ""))
        yield f"people.xml#{pid}", rows
