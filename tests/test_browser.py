"""Issue 8 in a real browser: Debian's chromium driven by playwright, the edition served over
HTTP on a loopback port (Pagefind fetches its index, which file:// pages cannot do). The edition
served is the seeds' with its search index in three shards (fixture ``sharded``, issue 13), so
that every search merges shards as a large edition's does.

Also the Nu HTML Checker (npm vnu-jar, run with Java) and axe-core (npm) in the same browser.
Both npm packages are installed by ``npm ci`` in tests/browser (see .ci/run). Screenshots of
every page go to tests/artifacts/ (gitignored).
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, _missing
from lxml import html
from test_html import HOSTILE, encode_into
from test_search import bundles, indexed_pages

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
NODE_MODULES = ROOT / "tests" / "browser" / "node_modules"
ARTIFACTS = ROOT / "tests" / "artifacts"
CALL_2000 = "telcon-2000-01-01-clinton-putin"
CALL_2003 = "telcon-2003-03-18-bush-putin"
CALL_1998 = "telcon-1998-03-24-clinton-yeltsin"
CALL_2000_MARCH = "telcon-2000-03-27-clinton-putin"
ARTICLE = "article-2024-tamponi-twilight-calls"


def pages(edition: Path) -> list[str]:
    return ["index.html", "people.html",
            *sorted(f"html/{p.name}" for p in (edition / "html").glob("*.html"))]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


@pytest.fixture(scope="session")
def site(sharded: Path) -> Iterator[str]:
    """The encoded edition served on 127.0.0.1 (a free port) by a threaded http.server.

    It is served below the server's root (``/<folder>/``), as inside a deposit bag's
    ``data/``, so that every test also checks that no link or search result assumes the root.
    """
    handler = functools.partial(_Quiet, directory=str(sharded.parent))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{sharded.name}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[test]')")
    if not CHROMIUM.is_file():
        _missing("chromium is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield b
        b.close()


class Console:
    """Console errors and uncaught exceptions of a page, collected as they happen."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def take(self) -> list[str]:
        errors, self.errors = self.errors, []
        return errors


@pytest.fixture(scope="session")
def tab(browser):
    """One page shared by the tests (one browser per session keeps CI lean)."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.console = Console(page)
    yield page
    context.close()


def load(tab, site: str, rel: str) -> None:
    tab.goto(f"{site}/{rel}", wait_until="networkidle")


def test_every_page_renders_without_console_errors(tab, site, sharded):
    ARTIFACTS.mkdir(exist_ok=True)
    tab.console.take()
    for rel in pages(sharded):
        load(tab, site, rel)
        assert tab.locator("h1").first.is_visible(), rel
        # the Pagefind search box was built by its script (and allowed by the CSP)
        tab.wait_for_selector(".pagefind-ui__search-input", timeout=5000)
        tab.screenshot(path=str(ARTIFACTS / (rel.replace("/", "_") + ".png")), full_page=True)
        assert tab.console.take() == [], rel


def test_struck_markings_show_line_through_in_the_2003_call(tab, site):
    load(tab, site, f"html/{CALL_2003}.html")
    struck = tab.evaluate("""() => [...document.querySelectorAll('del.struck')]
        .filter(d => d.getClientRects().length > 0)
        .map(d => getComputedStyle(d).textDecorationLine)""")
    assert len(struck) >= 16
    assert all("line-through" in s for s in struck)
    assert len(struck) == 16


def test_unintelligible_gaps_are_shown_in_the_1998_call(tab, site):
    load(tab, site, f"html/{CALL_1998}.html")
    gaps = tab.locator(".gap-inaudible")
    assert gaps.count() == 2
    for i in range(2):
        assert gaps.nth(i).is_visible()
        assert gaps.nth(i).inner_text().strip().endswith("[unintelligible]")


def test_reading_view_hides_markings_and_furniture_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site}/html/{CALL_2003}.html")
        portions, furniture = page.locator(".portion"), page.locator(".fw, .stamp")
        assert portions.first.is_visible() and furniture.first.is_visible()
        page.click("label[for='view-reading']")
        assert page.is_checked("#view-reading")
        for marks in (portions, furniture):
            assert marks.count() > 0
            assert not [i for i in range(marks.count()) if marks.nth(i).is_visible()]
        assert page.locator(".sp p").first.is_visible()  # the conversation stays
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"reading-view_{CALL_2003}.png"), full_page=True)
        page.click("label[for='view-diplomatic']")
        assert portions.first.is_visible()
    finally:
        context.close()


def results(tab, before: int | None = None) -> list[str]:
    """The result links once Pagefind has shown as many as its message counts.

    With ``before``, first wait for the count to change from that number (a filter applied).
    """
    changed = "true" if before is None else f"n !== {before}"
    tab.wait_for_function(f"""() => {{
        const m = (document.querySelector('.pagefind-ui__message') || {{}}).textContent || '';
        const n = parseInt(m, 10);
        return /results? for/.test(m) && {changed}
            && document.querySelectorAll('.pagefind-ui__result-link').length === n;
    }}""")
    return tab.eval_on_selector_all(".pagefind-ui__result-link", "as => as.map(a => a.href)")


def shards_of(sharded: Path, urls: list[str]) -> set[str]:
    """The shards whose bundles hold the pages of these result URLs."""
    shard = {name: b.name for b in bundles(sharded) for name in indexed_pages(b)}
    return {shard[u.rsplit("/", 1)[-1]] for u in urls}


def choose(tab, name: str, value: str) -> None:
    tab.click(f".pagefind-ui__filter-name:has-text('{name}')")
    tab.click(f".pagefind-ui__filter-label:has-text('{value}')")


def test_search_finds_chechnya_in_the_2000_call_and_a_filter_narrows(tab, site, sharded):
    load(tab, site, "index.html")
    tab.fill(".pagefind-ui__search-input", "Chechnya")
    found = results(tab)
    assert f"{site}/html/{CALL_2000}.html" in found
    assert len(shards_of(sharded, found)) == 2  # merged from two shards
    choose(tab, "kind", "Telephone conversation")
    narrowed = results(tab, before=len(found))
    assert f"{site}/html/{CALL_2000}.html" in narrowed
    assert len(narrowed) < len(found)
    assert all("/html/telcon-" in u for u in narrowed)
    assert len(shards_of(sharded, narrowed)) == 2
    assert tab.console.take() == []


def test_speaker_and_year_filters_count_and_select_across_shards(tab, site, sharded):
    load(tab, site, "index.html")
    tab.fill(".pagefind-ui__search-input", "Putin")
    found = results(tab)
    tab.click(".pagefind-ui__filter-name:has-text('speaker')")
    putin = tab.locator(".pagefind-ui__filter-label:has-text('Vladimir Vladimirovich Putin')")
    assert "(3)" in putin.inner_text()  # one page in each of the three shards
    putin.click()
    spoke = results(tab, before=len(found))
    assert sorted(spoke) == [f"{site}/html/{c}.html" for c in (CALL_2000, CALL_2000_MARCH,
                                                                  CALL_2003)]
    assert len(shards_of(sharded, spoke)) == 3
    choose(tab, "year", "2000")
    in_2000 = results(tab, before=len(spoke))
    assert sorted(in_2000) == [f"{site}/html/{c}.html" for c in (CALL_2000, CALL_2000_MARCH)]
    assert tab.console.take() == []


def test_result_titles_are_the_documents_titles_from_every_shard(tab, site, sharded):
    load(tab, site, "index.html")
    tab.fill(".pagefind-ui__search-input", "Putin")
    found = results(tab)
    shown = tab.eval_on_selector_all(
        ".pagefind-ui__result-link", "as => as.map(a => [a.href, a.textContent.trim()])")
    titles = {u: t for u, t in shown}
    assert len(shards_of(sharded, list(titles))) == 3 and set(titles) == set(found)
    for url, title in titles.items():
        h1 = html.parse(str(sharded / url.removeprefix(f"{site}/"))).xpath("//h1")[0]
        assert title == " ".join(h1.text_content().split())


#: Pagefind's JS API on the served index, merged as edition.js merges it; all pages by date
SORTED_BY_DATE = """async ([bundle, root, direction]) => {
    const base = new URL(bundle, location.href);
    const listed = (await (await fetch(new URL("shards.json", base))).json()).shards;
    const [first, ...others] = listed.map(s => new URL(s, base).pathname);
    const pagefind = await import(first + "pagefind.js");
    await pagefind.options({baseUrl: root});
    for (const path of others) await pagefind.mergeIndex(path, {baseUrl: root});
    const search = await pagefind.search(null, {sort: {date: direction}});
    return Promise.all(search.results.map(async r => (await r.data()).url));
}"""


def test_a_search_sorted_by_date_comes_in_date_order_across_shards(tab, site, sharded):
    tab.goto(f"{site}/tei/")  # a page of the same origin without the search box's instance
    root = urlsplit(site).path + "/"
    urls = tab.evaluate(SORTED_BY_DATE, [f"{site}/html/pagefind/", root, "asc"])
    assert urls == [f"{root}html/{c}.html"
                    for c in (CALL_1998, CALL_2000, CALL_2000_MARCH, CALL_2003, ARTICLE)]
    assert len(shards_of(sharded, urls)) == 3


def test_axe_finds_no_serious_or_critical_violations(tab, site, sharded):
    axe = NODE_MODULES / "axe-core" / "axe.min.js"
    if not axe.is_file():
        _missing("axe-core is not installed (npm ci in tests/browser)")
    source = axe.read_text()
    found = {}
    for rel in pages(sharded):
        load(tab, site, rel)
        tab.wait_for_selector(".pagefind-ui__search-input", timeout=5000)
        tab.evaluate(source)  # through the devtools protocol: the page's CSP does not apply
        violations = tab.evaluate("""async () => (await axe.run()).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""")
        if violations:
            found[rel] = violations
    assert found == {}


def test_nu_html_checker_reports_no_errors(encoded, tmp_path):
    java = shutil.which("java")
    vnu = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if java is None:
        _missing("java is not installed (the Nu HTML Checker needs it)")
    if not vnu.is_file():
        _missing("vnu-jar is not installed (npm ci in tests/browser)")
    hostile = encode_into(HOSTILE, tmp_path / "hostile")  # escaped source text stays valid
    files = [str(encoded / rel) for rel in pages(encoded)]
    files += [str(p) for p in (hostile / "html").glob("*.html")]
    run = subprocess.run([java, "-jar", str(vnu), "--format", "json", *files],
                         capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [f"{m.get('url')}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m["type"] == "error"]
    assert errors == []
    assert len(files) == 8
