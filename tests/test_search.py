"""Issue 13: the search index built in shards (Pagefind's memory bounded by a shard, not by
the edition), and merged again in the browser (tests/test_browser.py searches across them).

The plan is checked on made-up pages; the built index on the seeds' edition rebuilt in shards
of two pages (fixture ``sharded``), read back from Pagefind's own fragment files.
"""

from __future__ import annotations

import gzip
import json
import random
import shutil
import sys
from pathlib import Path

import pytest

from encoder.html import HtmlError, build_search_index, search, stale_pages
from encoder.html.search import Page, plan_shards, read_pages


def pages(n: int, size: int = 20_000) -> list[Page]:
    """n pages, a day apart, named out of date order (as kind-date ids are)."""
    return [Page(f"2000-{1 + i // 28:02d}-{1 + i % 28:02d}", f"{'mt'[i % 2]}-{i:04d}.html", size)
            for i in range(n)]


def indexed_pages(bundle: Path) -> list[str]:
    """The pages a Pagefind bundle holds, from its fragments (gzip: a signature, then JSON)."""
    urls = []
    for frag in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(frag.read_bytes()).removeprefix(b"pagefind_dcd")
        urls.append(json.loads(data)["url"].rsplit("/", 1)[-1])
    return sorted(urls)


def bundles(edition: Path) -> list[Path]:
    index = edition / "html" / "pagefind"
    listed = json.loads((index / "shards.json").read_text())["shards"]
    return [index / name for name in listed]


# --- the plan --------------------------------------------------------------------------------


def test_every_page_is_in_one_shard_and_no_shard_exceeds_the_page_limit():
    plan = plan_shards(pages(1001), max_pages=250)
    assert len(plan) == 5
    assert sorted(len(s) for s in plan) == [200, 200, 200, 200, 201]
    names = [n for s in plan for n in s]
    assert sorted(names) == sorted(p.name for p in pages(1001))
    assert plan_shards(pages(250), max_pages=250) == [sorted(p.name for p in pages(250))]


def test_the_plan_does_not_depend_on_the_order_pages_are_listed_in():
    shuffled = pages(600)
    random.Random(13).shuffle(shuffled)
    assert plan_shards(shuffled, max_pages=250) == plan_shards(pages(600), max_pages=250)


def test_pages_are_dealt_to_the_shards_in_turn_in_date_order():
    # the names sort differently from the dates: the date decides
    listed = [Page("2003-03-18", "a.html", 1), Page("1998-03-24", "b.html", 1),
              Page("2000-01-01", "c.html", 1), Page("2024-01", "d.html", 1),
              Page("2000-03-27", "e.html", 1)]
    assert plan_shards(listed, max_pages=2) == [["a.html", "b.html"], ["c.html", "d.html"],
                                                ["e.html"]]


def test_long_pages_make_more_shards_than_their_number_needs():
    assert len(plan_shards(pages(10, size=2**20), max_pages=250, max_bytes=4 * 2**20)) == 3
    assert len(plan_shards(pages(3, size=50 * 2**20), max_pages=250, max_bytes=2**20)) == 3


def test_the_page_list_has_each_documents_date_sort_key(encoded):
    listed = {p.name: p.date for p in read_pages(encoded / "html")}
    assert listed == {"article-2024-tamponi-twilight-calls.html": "2024-01",
                      "telcon-1998-03-24-clinton-yeltsin.html": "1998-03-24",
                      "telcon-2000-01-01-clinton-putin.html": "2000-01-01",
                      "telcon-2000-03-27-clinton-putin.html": "2000-03-27",
                      "telcon-2003-03-18-bush-putin.html": "2003-03-18"}


# --- the built index -------------------------------------------------------------------------


def test_each_shard_is_a_bundle_of_the_planned_pages_and_only_the_first_carries_the_code(
        sharded):
    index = sharded / "html" / "pagefind"
    assert [b.name for b in bundles(sharded)] == ["shard-0", "shard-1", "shard-2"]
    plan = plan_shards(read_pages(sharded / "html"), max_pages=2)
    assert [indexed_pages(b) for b in bundles(sharded)] == plan
    assert (index / "pagefind-ui.js").is_file() and (index / "pagefind-ui.css").is_file()
    first, *others = bundles(sharded)
    assert (first / "pagefind.js").is_file() and list(first.glob("wasm.*.pagefind"))
    for bundle in others:
        assert (bundle / "pagefind-entry.json").is_file()
        assert not list(bundle.glob("pagefind*.js")) and not list(bundle.glob("wasm.*"))
    assert not list((sharded / "html").glob(".pagefind-*"))


def test_rebuilding_in_fewer_shards_leaves_no_stale_bundle_and_the_pages_unchanged(
        sharded, tmp_path):
    copy = tmp_path / "edition"
    shutil.copytree(sharded, copy)
    build_search_index(copy)
    assert [b.name for b in bundles(copy)] == ["shard-0"]
    assert sorted(p.name for p in (copy / "html" / "pagefind").iterdir()) == [
        "pagefind-ui.css", "pagefind-ui.js", "shard-0", "shards.json"]
    assert indexed_pages(bundles(copy)[0]) == sorted(p.name for p in read_pages(copy / "html"))
    assert stale_pages(copy) == []


#: Pagefind, but failing on the second shard
FAIL_SECOND = ("import os, sys; out = sys.argv[sys.argv.index('--output-path') + 1]\n"
               "if out.endswith('shard-1'): sys.exit('Error: disk full')\n"
               "os.execv(sys.executable, [sys.executable, '-m', 'pagefind', *sys.argv[1:]])")


def test_a_failed_shard_leaves_the_old_index_whole(sharded, tmp_path, monkeypatch):
    copy = tmp_path / "edition"
    shutil.copytree(sharded, copy)
    index = copy / "html" / "pagefind"
    before = {p: p.read_bytes() for p in index.rglob("*") if p.is_file()}
    monkeypatch.setattr(search, "PAGEFIND", (sys.executable, "-c", FAIL_SECOND))
    with pytest.raises(HtmlError) as failed:
        build_search_index(copy, shard_pages=2)
    assert str(failed.value) == (
        f"{copy}: error: pagefind failed (shard 2 of 3, 2 pages): Error: disk full")
    assert {p: p.read_bytes() for p in index.rglob("*") if p.is_file()} == before
    assert not list((copy / "html").glob(".pagefind-*"))


def test_an_edition_without_pages_has_no_index_to_build(tmp_path):
    (tmp_path / "html").mkdir()
    with pytest.raises(HtmlError, match="no pages to index"):
        build_search_index(tmp_path)
    assert not list((tmp_path / "html").iterdir())


def test_pagefind_runs_as_its_binary_not_through_an_interpreter(monkeypatch):
    """``python -m pagefind`` would start an interpreter per shard only to exec the binary
    that ``pagefind[bin]`` ships; the binary is run directly, found as the package finds it."""
    import pagefind_bin

    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    assert search.pagefind_command() == (str(pagefind_bin.get_executable().absolute()),)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/opt/pagefind/bin/pagefind")
    assert search.pagefind_command() == ("/opt/pagefind/bin/pagefind",)


def test_encode_all_reports_a_failed_index_and_still_writes_the_lists(tmp_path, monkeypatch):
    """``encode all`` builds the search index while it writes index.html and people.html:
    a Pagefind that fails is one error of the run (exit 1), and the two pages beside the
    index are written all the same; no half-built index is left."""
    from click.testing import CliRunner

    from encoder.cli import main

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for source in sorted((Path(__file__).parent.parent / "seeds").glob("00[12]_*.txt")):
        shutil.copy(source, seeds / source.name)
    monkeypatch.setattr(search, "PAGEFIND", (sys.executable, "-c", "import sys; "
                                             "sys.exit('Error: disk full')"))
    out = tmp_path / "edition"
    result = CliRunner().invoke(main, ["all", "--seeds", str(seeds), "--out", str(out)])
    assert result.exit_code == 1
    assert f"{out}: error: pagefind failed (shard 1 of 1, 2 pages): Error: disk full" \
        in result.output
    assert (out / "index.html").is_file() and (out / "people.html").is_file()
    assert not (out / "html" / "pagefind").exists()
    assert not list((out / "html").glob(".pagefind-*"))
