"""The search index: Pagefind run over the edition's pages in shards, merged in the browser.

Pagefind keeps every page it indexes in memory until it writes the index, so one run over
the whole edition grows with it (160 MiB at 400 pages, 1.8 GiB at 5,000). The pages are
therefore indexed in shards of at most :data:`SHARD_PAGES` pages (and about
:data:`SHARD_BYTES` of HTML: Pagefind's memory follows the text, and a long memorandum is
many times a short one), a Pagefind process per shard (:data:`SHARD_PROCESSES` at a time),
each into its own bundle ``html/pagefind/shard-N/``. ``html/pagefind/shards.json`` lists
the bundles, and the page script (``edition.js``) reads it and merges them in the browser
with Pagefind's ``mergeIndex``: the pages stay the same whatever the number of shards.

Pages are dealt to the shards in turn, in the order of their date sort key (then file name).
Every shard is then a like sample of the edition, so Pagefind's relevance scores (which use
a shard's own word statistics) compare across shards; and a page's rank in its shard's date
order is its rank in the edition's divided by the number of shards, which is the score
Pagefind merges a sorted search by, so a search sorted by date ascending comes out in the
edition's date order (newest first: reverse it).

The index is built beside the edition and swapped in whole: Pagefind names its files by
content hash and never removes old ones, and a failed shard must leave the old index.
"""

from __future__ import annotations

import importlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

from .pages import HtmlError

#: Pages a Pagefind process indexes at most. Measured (bench.py corpus, pages of 27 kB on
#: average): 67 MiB at 100 pages, 93 MiB at 200, 126 MiB at 300, 163 MiB at 400.
SHARD_PAGES = 250
#: HTML a shard holds about at most: Pagefind needs about 12 bytes of memory per byte of
#: page on top of its 30 MiB, so 8 MiB of pages stay near 130 MiB however long they are.
SHARD_BYTES = 8 * 2**20
#: The list of bundles the browser merges, written last: its presence means a whole index.
SHARDS_FILE = "shards.json"
#: Pagefind's default UI, which every page loads from ``html/pagefind/`` whatever the shards.
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")
#: Pagefind's code in a bundle: merged bundles are searched with the first bundle's code, so
#: the other shards keep only their index data.
CODE_FILES = ("pagefind*.js", "pagefind*.css", "wasm.*.pagefind")
#: Pagefind processes at a time. A shard's run is mostly one thread (a run over the whole
#: edition spread over both cores of a small machine), so two keep two cores busy, at two
#: shards' memory in all.
SHARD_PROCESSES = 2
#: The program, as a command (a test puts a failing one in its place); ``None``: the one
#: :func:`pagefind_command` finds.
PAGEFIND: tuple[str, ...] | None = None
TIMEOUT_S = 300

#: The page's date sort key, as document.xsl writes it for Pagefind.
_SORT_KEY = re.compile(rb'data-pagefind-sort="date:([^"]*)"')


class Page(NamedTuple):
    """What the shard plan needs to know of a page."""

    date: str
    name: str
    size: int


def read_pages(folder: Path) -> list[Page]:
    """The document pages ``folder/*.html`` (regular files) with their date key and size."""
    pages = []
    for path in sorted(folder.glob("*.html")):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            key = _SORT_KEY.search(data)
            pages.append(Page(key.group(1).decode("utf-8", "replace") if key else "",
                              path.name, len(data)))
    return pages


def plan_shards(pages: Iterable[Page], max_pages: int = SHARD_PAGES,
                max_bytes: int = SHARD_BYTES) -> list[list[str]]:
    """The pages' file names in shards: as few shards as keep each within ``max_pages``
    pages and, on average, ``max_bytes`` bytes; pages dealt in turn in (date, name) order.

    Depends only on the set of pages, not on the order they are listed in; shards differ in
    size by one page at most. Each shard's names are in file-name order.
    """
    ordered = sorted(pages)
    if not ordered:
        return []
    count = max(math.ceil(len(ordered) / max(max_pages, 1)),
                math.ceil(sum(p.size for p in ordered) / max(max_bytes, 1)))
    count = min(count, len(ordered))
    return [sorted(p.name for p in ordered[i::count]) for i in range(count)]


def _link_pages(pages: Sequence[str], source: Path, site: Path) -> None:
    """``site/html/`` holding the shard's pages (hard links; copies where links fail), so
    that Pagefind indexes them at the URLs they have in the edition."""
    folder = site / "html"
    folder.mkdir(parents=True)
    for name in pages:
        try:
            os.link(source / name, folder / name)
        except OSError:
            shutil.copyfile(source / name, folder / name)


def pagefind_command() -> tuple[str, ...]:
    """Pagefind's binary, run directly. ``python -m pagefind`` finds the same binary but
    first starts an interpreter that imports the package's asyncio service only to exec it:
    0.3 s a shard, in the part of a build that nothing runs beside. The order is the
    package's (``PAGEFIND_BINARY_PATH``, then the ``pagefind_bin`` wheel); a Pagefind found
    another way (on the path) is left to ``python -m pagefind``."""
    if PAGEFIND is not None:
        return PAGEFIND
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named:
        return (named,)
    for wheel in ("pagefind_bin_extended", "pagefind_bin"):  # the binaries of ``pagefind[…]``
        try:
            found = importlib.import_module(wheel).get_executable()
        except (ImportError, OSError):
            continue
        return (str(found.absolute()),)
    return (sys.executable, "-m", "pagefind")


def _run_pagefind(site: Path, output: Path, edition: Path, label: str) -> None:
    cmd = [*pagefind_command(), "--site", str(site), "--output-path", str(output),
           "--glob", "html/*.html", "--silent"]
    try:
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise HtmlError(f"{edition}: error: pagefind could not run ({label}): {exc}") from exc
    if run.returncode != 0:
        detail = (run.stderr or run.stdout).strip().splitlines()[-1:] or ["no message"]
        raise HtmlError(f"{edition}: error: pagefind failed ({label}): {detail[0]}")


def _keep_index_data_only(bundle: Path) -> None:
    for pattern in CODE_FILES:
        for path in bundle.glob(pattern):
            path.unlink()


def _build_shard(edition: Path, fresh: Path, index: int, pages: list[str], count: int) -> str:
    """Index one shard into ``fresh/shard-N/``; the first keeps Pagefind's code and gives up
    the UI files to ``fresh/``, the others keep their index data only."""
    name = f"shard-{index}"
    site = fresh / f".site-{index}"
    try:
        _link_pages(pages, edition / "html", site)
        _run_pagefind(site, fresh / name, edition,
                      f"shard {index + 1} of {count}, {len(pages)} pages")
    finally:
        shutil.rmtree(site, ignore_errors=True)
    if index == 0:
        for ui in UI_FILES:
            (fresh / name / ui).rename(fresh / ui)
    else:
        _keep_index_data_only(fresh / name)
    return f"{name}/"


def build_search_index(edition: Path, shard_pages: int = SHARD_PAGES,
                       shard_bytes: int = SHARD_BYTES) -> None:
    """Build Pagefind's static search index of ``edition/html/*.html`` into
    ``edition/html/pagefind/``: one bundle per shard and the list of them (offline, no
    server). A failure raises :class:`HtmlError` and leaves the old index as it was.
    """
    html = edition / "html"
    shards = plan_shards(read_pages(html), shard_pages, shard_bytes)
    if not shards:
        raise HtmlError(f"{edition}: error: pagefind failed: no pages to index (html/*.html)")
    target = html / "pagefind"
    fresh = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=html))
    fresh.chmod(0o755)  # mkdtemp makes it private; the index is published like the pages
    at_once = max(1, min(SHARD_PROCESSES, os.cpu_count() or 1, len(shards)))
    try:
        with ThreadPoolExecutor(at_once) as pool:
            runs = [pool.submit(_build_shard, edition, fresh, i, pages, len(shards))
                    for i, pages in enumerate(shards)]
            try:
                names = [run.result() for run in runs]  # the first failure, in shard order
            except BaseException:
                pool.shutdown(cancel_futures=True)
                raise
        (fresh / SHARDS_FILE).write_text(json.dumps({"shards": names}) + "\n", encoding="utf-8")
        old = target.with_name(fresh.name + "-old")
        if target.exists():
            target.rename(old)
        fresh.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
