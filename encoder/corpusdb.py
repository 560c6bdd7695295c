"""The bulky facts of an edition's documents, on disk: what the corpus-wide files are made of.

``index.html``, ``people.html`` and ``people.xml`` list every document, but the process that
writes them must not hold every document (issue 13: memory flat in the corpus's size). So
each document's summary (a few kB), the keys the pages order and join it by
(:class:`~encoder.html.pages.Entry`) and its people's appearances live in an SQLite database
-- the incremental build's manifest (:mod:`encoder.manifest`) -- and the corpus-wide files are
written from ordered queries, a few hundred rows at a time.

The orders are those the stylesheets' ``xsl:sort`` gave when they sorted the whole corpus:
libxslt compares strings by their UTF-8 bytes, as SQLite's default (BINARY) collation does,
sorts NaN before every number, and keeps ties in document order, which is the order of the
documents' file names (``<id>.xml``, the ``file`` column): the last key of every query.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS doc (
    source TEXT PRIMARY KEY, id TEXT NOT NULL, file TEXT NOT NULL, call INTEGER NOT NULL,
    start TEXT NOT NULL, "when" TEXT NOT NULL, year TEXT NOT NULL, year_number REAL,
    speeches INTEGER NOT NULL, title TEXT NOT NULL, summary BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS doc_file ON doc (file);
CREATE INDEX IF NOT EXISTS doc_id ON doc (id);
CREATE INDEX IF NOT EXISTS doc_timeline ON doc (call, "when", file);
CREATE INDEX IF NOT EXISTS doc_table ON doc (call, start, "when", id, file);
CREATE INDEX IF NOT EXISTS doc_commentary ON doc (call, id, file);
CREATE TABLE IF NOT EXISTS appearance (
    source TEXT NOT NULL, doc TEXT NOT NULL, pid TEXT NOT NULL, name TEXT NOT NULL,
    wikidata TEXT, roles TEXT NOT NULL, label TEXT NOT NULL, surname TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS appearance_pid ON appearance (pid, doc);
CREATE INDEX IF NOT EXISTS appearance_source ON appearance (source);
CREATE TABLE IF NOT EXISTS person (
    source TEXT NOT NULL, file TEXT NOT NULL, pid TEXT NOT NULL, q TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS person_pid ON person (pid, file);
CREATE INDEX IF NOT EXISTS person_source ON person (source);
CREATE TABLE IF NOT EXISTS place (
    source TEXT NOT NULL, file TEXT NOT NULL, pid TEXT NOT NULL, name TEXT NOT NULL,
    q TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS place_pid ON place (pid, file);
CREATE INDEX IF NOT EXISTS place_source ON place (source);
CREATE TABLE IF NOT EXISTS naming (source TEXT NOT NULL, ref TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS naming_ref ON naming (ref);
CREATE INDEX IF NOT EXISTS naming_source ON naming (source);
"""
#: rows per batch read, and so documents (people, places) per piece of the corpus-wide files:
#: a stylesheet run over this many summaries holds a few MB; small enough for flat memory,
#: large enough that the runs' own cost does not show
CHUNK = 200

TABLES = ("doc", "appearance", "person", "place", "naming")

#: the orders of index.xsl's lists: the timeline (by date), the table (by the call's start,
#: date and id) and the commentary (articles by id)
ORDERS = {  # each walks an index (no sort of the summaries in memory or temporary files)
    "timeline": 'WHERE call = 1 ORDER BY "when", file',
    "table": 'WHERE call = 1 ORDER BY start, "when", id, file',
    "commentary": "WHERE call = 0 AND id != 'people' ORDER BY id, file",
}

# what XML cannot hold, written into a persName as a g naming its code point (encoder.tei)
_ILLEGAL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_XSLT_SPACE = re.compile("[ \t\n\r]+")  # EXSLT str:tokenize's default delimiters


def label(name: str) -> str:
    """A person's name as ``people.xml``'s persName reads (its string value)."""
    return _ILLEGAL.sub(lambda m: f"U+{ord(m.group()):04X}", name)


def surname(text: str) -> str:
    """``str:tokenize(persName)[last()]``: people.xsl's first sort key."""
    tokens = [t for t in _XSLT_SPACE.split(text) if t]
    return tokens[-1] if tokens else ""


def _batches(cursor: sqlite3.Cursor, size: int) -> Iterator[list[Any]]:
    while rows := cursor.fetchmany(size):
        yield rows


class CorpusDB:
    """The tables of one edition's bulky facts, in an open SQLite connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        conn.executescript(SCHEMA)
        # the sources with rows: a new one (every source of a first build) has none to delete
        # before it is recorded (five deletions a document, a third of recording it)
        self._stored = {source for (source,) in conn.execute(
            " UNION ".join(f"SELECT source FROM {table}" for table in TABLES))}

    # --- writing -------------------------------------------------------------------------

    def put(self, source: str, doc_id: str, entry: Any, summary: bytes,
            people: Iterable[tuple[str, str, str | None, str]]) -> None:
        """Record (or replace) one valid document: its summary with its
        :class:`~encoder.html.pages.Entry` (the store reads the summaries' keys, it does not
        make them) and its :func:`~encoder.personography.appearances`."""
        self.drop(source)
        self._stored.add(source)
        file = f"{entry.id}.xml"
        c = self.conn
        c.execute("INSERT INTO doc VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  (source, entry.id, file, entry.call, entry.start, entry.when, entry.year,
                   entry.year_number, entry.speeches, entry.title, summary))
        self.add_appearances(source, ((doc_id, *a) for a in people))
        c.executemany("INSERT INTO person VALUES (?, ?, ?, ?)",
                      [(source, file, pid, q) for pid, q in entry.persons])
        c.executemany("INSERT INTO place VALUES (?, ?, ?, ?, ?)",
                      [(source, file, *p) for p in entry.places])
        c.executemany("INSERT INTO naming VALUES (?, ?)", [(source, r) for r in entry.refs])

    def add_appearances(self, source: str,
                        rows: Iterable[tuple[str, str, str, str | None, str]]) -> None:
        """Appearances (document id, person id, name, Wikidata id, roles) of one source."""
        self._stored.add(source)
        self.conn.executemany(
            "INSERT INTO appearance VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(source, doc, pid, name, q, roles, label(name), surname(label(name)))
             for doc, pid, name, q, roles in rows])

    def drop(self, source: str) -> None:
        if source not in self._stored:
            return
        for table in TABLES:
            self.conn.execute(f"DELETE FROM {table} WHERE source = ?", (source,))
        self._stored.discard(source)

    def keep_only(self, sources: set[str]) -> None:
        """Forget every source but these (sources that are gone)."""
        gone = [s for (s,) in self.conn.execute("SELECT source FROM doc") if s not in sources]
        for source in gone:
            self.drop(source)

    # --- index.html ----------------------------------------------------------------------

    def calls(self) -> tuple[int, int]:
        """How many calls (memoranda), and their speeches."""
        n, speeches = self.conn.execute("SELECT count(*), total(speeches) FROM doc WHERE call = 1"
                                        ).fetchone()
        return n, int(speeches)

    def years(self) -> str:
        """The first and last year of the calls as index.xsl's timeline read them
        (``first-last``, numbers sorted with NaN first, ties in file order); '' for none."""
        order = "year_number IS NOT NULL {0}, year_number {0}, file {0}"
        ends = [self.conn.execute(f"SELECT year FROM doc WHERE call = 1 ORDER BY {order} LIMIT 1"
                                  .format(d)).fetchone() for d in ("ASC", "DESC")]
        return f"{ends[0][0]}-{ends[1][0]}" if ends[0] else ""

    def has_articles(self) -> bool:
        return self.conn.execute(f"SELECT 1 FROM doc {ORDERS['commentary']} LIMIT 1"
                                 ).fetchone() is not None

    def summaries(self, order: str, size: int) -> Iterator[list[bytes]]:
        """Summaries in one of the index's orders (:data:`ORDERS`), ``size`` at a time."""
        cursor = self.conn.execute(f"SELECT summary FROM doc {ORDERS[order]}")
        for rows in _batches(cursor, size):
            yield [r[0] for r in rows]

    def summaries_of(self, files: Iterable[str]) -> list[bytes]:
        """The summaries of the documents with these file names, in file order."""
        wanted = sorted(set(files))
        return [r[0] for r in self.conn.execute(
            f"SELECT summary FROM doc WHERE file IN ({', '.join('?' * len(wanted))}) "
            "ORDER BY file", wanted)] if wanted else []

    # --- people.xml ------------------------------------------------------------------------

    def personography(self, size: int) -> Iterator[tuple[str, str, str | None]]:
        """Each person by id: their id, and name and Wikidata id from their first document
        in id order (see :meth:`appearances`)."""
        cursor = self.conn.execute(
            "SELECT pid, name, wikidata FROM appearance a WHERE doc = "
            "(SELECT min(doc) FROM appearance WHERE pid = a.pid) ORDER BY pid")
        for rows in _batches(cursor, size):
            yield from rows

    def appearances(self, pid: str, size: int) -> Iterator[list[tuple[str, str, str]]]:
        """A person's documents in id order: (id, roles, main title), ``size`` at a time."""
        cursor = self.conn.execute(
            "SELECT a.doc, a.roles, coalesce((SELECT title FROM doc WHERE id = a.doc "
            "ORDER BY file LIMIT 1), '') FROM appearance a WHERE pid = ? ORDER BY a.doc",
            (pid,))
        yield from _batches(cursor, size)

    # --- people.html -----------------------------------------------------------------------

    def persons(self, size: int) -> Iterator[list[tuple[str, str, str | None]]]:
        """The people page's persons: (id, name, first Wikidata id in file order), by
        surname, then name (then id: people.xml's order)."""
        cursor = self.conn.execute(
            "SELECT pid, label, (SELECT q FROM person WHERE pid = a.pid ORDER BY file LIMIT 1)"
            " FROM appearance a WHERE doc = (SELECT min(doc) FROM appearance WHERE pid = a.pid)"
            " ORDER BY surname, label, pid")
        yield from _batches(cursor, size)

    def places(self, size: int) -> Iterator[list[tuple[str, str, str]]]:
        """Each place by id: (id, name, Wikidata id) from its first occurrence in file
        order."""
        cursor = self.conn.execute(
            "SELECT pid, name, q FROM place p WHERE file = "
            "(SELECT min(file) FROM place WHERE pid = p.pid) ORDER BY pid")
        yield from _batches(cursor, size)

    def naming(self, pid: str, size: int) -> Iterator[list[tuple[str, str]]]:
        """The documents whose text names a place: (id, main title) by id."""
        cursor = self.conn.execute(
            "SELECT d.id, d.title FROM naming n JOIN doc d ON d.source = n.source "
            "WHERE n.ref = ? ORDER BY d.id, d.file", ("#" + pid,))
        yield from _batches(cursor, size)
