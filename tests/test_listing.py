"""The corpus-wide files written in pieces (issue 13: memory flat in the corpus's size):
``index.html``, ``people.html`` and ``people.xml`` made a few documents at a time from the
store are the bytes one run over the whole corpus makes, wherever the pieces are cut."""

from __future__ import annotations

import math
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from encoder import corpusdb
from encoder.cli import main
from encoder.corpusdb import CorpusDB, label, surname
from encoder.html import _tei_files
from encoder.html.listing import _appearances, render_in_memory
from encoder.html.pages import entry, page_facts
from encoder.personography import personography_pieces
from encoder.safexml import parse_xml
from encoder.step import encode_step
from encoder.validate import validate

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def edition(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and "pagefind" not in p.parts and p.name != ".manifest.sqlite"}


@pytest.fixture(scope="module")
def summaries(encoded: Path) -> list[bytes]:
    return [page_facts(parse_xml(p).getroot()).summary for p in _tei_files(encoded)]


@pytest.mark.parametrize("src", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem[:3])
def test_page_facts_from_the_written_tree_are_those_of_the_file(tmp_path, src):
    """A worker reads a document's page facts (summary included) from the tree it has just
    serialised, not from the file read back: the two must give the same facts."""
    staged = tmp_path / f"{src.stem}.xml"
    facts = encode_step(src, staged, validate, False, None)
    assert facts.error is None and facts.page is not None
    assert facts.page == page_facts(parse_xml(staged).getroot())


@pytest.mark.parametrize("chunk", [1, 2, 3])
def test_pages_in_pieces_are_the_pages_of_one_piece(encoded, summaries, chunk):
    people = (encoded / "people.xml").read_bytes()
    whole = render_in_memory(summaries, people, chunk=1000)
    assert render_in_memory(summaries, people, chunk=chunk) == whole
    assert whole["index.html"] == (encoded / "index.html").read_bytes()
    assert whole["people.html"] == (encoded / "people.html").read_bytes()


@pytest.mark.parametrize("chunk", [1, 2])
def test_people_xml_in_pieces_is_people_xml(encoded, chunk):
    data = (encoded / "people.xml").read_bytes()
    people: dict[str, tuple[str, str | None]] = {}
    where: dict[str, list[tuple[str, str]]] = {}
    for _, rows in _appearances(data):
        for doc, pid, name, q, roles in rows:
            people.setdefault(pid, (name, q))
            where.setdefault(pid, []).append((doc, roles))
    assert any(len(w) > chunk for w in where.values())  # a person's list is cut too
    pieces = personography_pieces(
        [(pid, *people[pid]) for pid in sorted(people)],
        lambda pid: [where[pid][k:k + chunk] for k in range(0, len(where[pid]), chunk)])
    assert b"".join(pieces) == data


def test_encode_all_with_tiny_pieces_writes_the_same_edition(encoded, tmp_path, monkeypatch):
    """The whole pipeline with two documents (people) per piece: every list of the seeds'
    pages, and Putin's appearances in people.xml, cross a boundary."""
    monkeypatch.setattr(corpusdb, "CHUNK", 2)
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["all", "--seeds", str(seeds), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert edition(out) == edition(encoded)


# --- the store's orders are the stylesheets' ------------------------------------------------

SORT = etree.XSLT(etree.XML(b"""<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text"/>
  <xsl:template match="/">
    <xsl:for-each select="//d"><xsl:sort select="@k"/><xsl:value-of select="@n"/>,</xsl:for-each>
    <xsl:text>|</xsl:text>
    <xsl:for-each select="//d"><xsl:sort select="@k" data-type="number"/>
      <xsl:value-of select="@n"/>,</xsl:for-each>
  </xsl:template>
</xsl:stylesheet>"""))

KEYS = ["b", "a", "Z", "\u00c9mile", "z", "a", "", "10", "9", "ab", "\u00e9", "e", "a", "2"]


def test_xsl_sort_orders_strings_by_their_bytes_as_sqlite_does_and_keeps_ties_in_order():
    doc = etree.XML("<r>" + "".join(f'<d n="{n}" k="{k}"/>' for n, k in enumerate(KEYS)) + "</r>")
    by_xslt = [int(n) for n in str(SORT(doc)).split("|")[0].strip(",").split(",")]
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (k TEXT, n INTEGER)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", [(k, n) for n, k in enumerate(KEYS)])
    by_sqlite = [n for n, in conn.execute("SELECT n FROM t ORDER BY k, n")]
    assert by_xslt == by_sqlite


def test_xsl_sort_puts_what_is_no_number_first_as_the_years_query_does():
    doc = etree.XML("<r>" + "".join(f'<d n="{n}" k="{k}"/>' for n, k in enumerate(KEYS)) + "</r>")
    by_xslt = [int(n) for n in str(SORT(doc)).split("|")[1].strip(",").split(",")]
    numbers = [float(k) if k.isdigit() else math.nan for k in KEYS]
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (y REAL, n INTEGER)")
    conn.executemany("INSERT INTO t VALUES (?, ?)",
                     [(None if math.isnan(y) else y, n) for n, y in enumerate(numbers)])
    by_sqlite = [n for n, in conn.execute("SELECT n FROM t ORDER BY y IS NOT NULL, y, n")]
    assert by_xslt == by_sqlite


def test_surname_is_the_last_word_split_at_xml_whitespace_only():
    """people.xsl sorted by str:tokenize(persName)[last()]: a no-break space joins."""
    assert surname("Boris Nikolayevich\tYeltsin") == "Yeltsin"
    assert surname("Jean-Marie Le\u00a0Pen") == "Le\u00a0Pen"
    assert surname("  ") == ""


def test_a_name_xml_cannot_hold_is_listed_as_people_xml_writes_it():
    assert label("Smith\x01") == "SmithU+0001"


def test_years_of_the_timeline_are_the_first_and_last_in_number_order(encoded, summaries):
    db = CorpusDB(sqlite3.connect(":memory:"))
    for s in summaries:
        e = entry(parse_xml(s).getroot())
        db.put(f"{e.id}.xml", e.id, e, s, [])
    assert db.years() == "1998-2003"
    assert db.calls() == (4, 69)  # the index's "4 documents, 69 speeches"
