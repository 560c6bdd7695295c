"""Issue 8: the HTML reading edition, checked with XPath on the pages the XSLT writes.

One test per phenomenon, on the pages ``encode all`` made from the seeds (fixture
``encoded``), from the layouts in tests/fixtures/unseen, and from a hostile source.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from lxml import etree, html

from encoder.cli import main
from encoder.html import build_html, stale_pages

UNSEEN = ROOT / "tests" / "fixtures" / "unseen"
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
CALL_2000 = "telcon-2000-01-01-clinton-putin"
CALL_2003 = "telcon-2003-03-18-bush-putin"
CALL_1998 = "telcon-1998-03-24-clinton-yeltsin"  # seed 004, the "1999" call dated 1998
ARTICLE = "article-2024-tamponi-twilight-calls"


def encode_into(seeds: Path, out: Path) -> Path:
    result = CliRunner().invoke(main, ["all", "--seeds", str(seeds), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def page(edition: Path, rel: str) -> etree._ElementTree:
    """A written page parsed as HTML (as a browser would), for XPath."""
    return html.parse(str(edition / rel))


def doc(edition: Path, doc_id: str) -> etree._ElementTree:
    return page(edition, f"html/{doc_id}.html")


def text(node: etree._Element) -> str:
    return " ".join(node.text_content().split())


@pytest.fixture(scope="module")
def unseen_edition(tmp_path_factory) -> Path:
    return encode_into(UNSEEN, tmp_path_factory.mktemp("unseen-edition"))


def unseen_page(edition: Path, prefix: str) -> etree._ElementTree:
    """The page of the unseen fixture whose source file starts with ``prefix``."""
    for path in sorted((edition / "tei").glob("*.xml")):
        tei = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
        if tei.xpath("//*[local-name()='idno'][@type='source-file']")[0].text.startswith(prefix):
            return doc(edition, path.stem)
    raise AssertionError(f"no page for fixture {prefix}")


# --- the edition's files -------------------------------------------------------------------


def test_every_tei_document_has_a_page_and_the_index_links_each(encoded):
    ids = sorted(p.stem for p in (encoded / "tei").glob("*.xml"))
    assert sorted(p.stem for p in (encoded / "html").glob("*.html")) == ids
    links = page(encoded, "index.html").xpath("//main//a/@href")
    for doc_id in ids:
        assert f"html/{doc_id}.html" in links, doc_id
    assert (encoded / "people.html").is_file()
    assert (encoded / "html" / "assets" / "edition.css").is_file()


def test_pages_are_byte_identical_on_rerun(encoded, tmp_path):
    copy = tmp_path / "edition"
    shutil.copytree(encoded / "tei", copy / "tei")
    shutil.copy(encoded / "people.xml", copy / "people.xml")
    build_html(copy)
    for rel in ["index.html", "people.html", *(f"html/{p.name}"
                                               for p in (encoded / "html").glob("*.html"))]:
        assert (copy / rel).read_bytes() == (encoded / rel).read_bytes(), rel


def test_stale_pages_names_a_changed_or_missing_page(encoded, tmp_path):
    copy = tmp_path / "edition"
    shutil.copytree(encoded, copy)
    assert stale_pages(copy) == []
    (copy / "html" / f"{CALL_2000}.html").write_text("<!DOCTYPE html><title>old</title>")
    (copy / "people.html").unlink()
    assert stale_pages(copy) == [f"html/{CALL_2000}.html", "people.html"]


def test_encode_html_rebuilds_pages_and_search_index_from_tei(encoded, tmp_path):
    copy = tmp_path / "edition"
    shutil.copytree(encoded / "tei", copy / "tei")
    shutil.copy(encoded / "people.xml", copy / "people.xml")
    (copy / "html").mkdir()
    (copy / "html" / "telcon-gone.html").write_text("a page whose TEI was removed")
    result = CliRunner().invoke(main, ["html", "--edition", str(copy)])
    assert result.exit_code == 0, result.output
    assert stale_pages(copy) == []
    assert not (copy / "html" / "telcon-gone.html").exists()
    assert (copy / "html" / "pagefind" / "pagefind-ui.js").is_file()
    assert list((copy / "html" / "pagefind" / "shard-0" / "fragment").glob("*.pf_fragment"))


def test_encode_html_without_tei_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["html", "--edition", str(tmp_path)])
    assert result.exit_code == 2
    assert "no TEI folder" in result.output


def test_stylesheets_and_assets_are_package_data():
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert '"encoder.html" = ["*.xsl", "*.css", "*.js", "*.svg"]' in pyproject
    files = {p.suffix for p in (ROOT / "encoder" / "html").iterdir()}
    assert {".xsl", ".css", ".js", ".svg"} <= files


# --- the header card -----------------------------------------------------------------------


def test_header_card_date_time_zone_and_place(encoded):
    facts = doc(encoded, CALL_2000).xpath("//header[@class='card']//dl")[0]
    assert text(facts.xpath("dt[.='Date']/following-sibling::dd[1]")[0]) == (
        "1 January 2000, 11:07–11:16 (UTC−05:00)")
    assert facts.xpath("dd//time[@datetime='2000-01-01T11:07:00-05:00']")
    assert text(facts.xpath("dt[.='Place']/following-sibling::dd[1]")[0]) == "Residence"


def test_header_card_people_by_role_linked_to_people_page_and_wikidata(encoded):
    card = doc(encoded, CALL_2003).xpath("//header[@class='card']")[0]

    def names(label: str) -> list[str]:
        return [text(a) for a in card.xpath(
            f"//dt[.='{label}']/following-sibling::dd[1]//a[starts-with(@href, '../people')]")]

    assert names("Participants") == ["George W. Bush", "Vladimir Vladimirovich Putin"]
    assert names("Notetakers") == ["Andy Green", "Marko Broz", "Jeff Blair"]
    assert names("Interpreters") == ["Peter Afanasenko"]
    assert card.xpath("//a[@href='../people.html#putin']")
    assert card.xpath("//a[@href='https://www.wikidata.org/wiki/Q7747']")


def test_header_card_overall_classification_and_declassification_history(encoded):
    card = doc(encoded, CALL_2000).xpath("//header[@class='card']")[0]
    assert text(card.xpath("//span[@class='classification']")[0]) == "Secret"
    events = [text(li) for li in card.xpath("//ol[@class='history']/li")]
    assert events == [
        "1 January 2000 — Classification: Classified by Robert A. Bradtke; reason 1.5 (d); "
        "to be declassified on 01/01/1910.",
        "7 March 2019 — Declassification: DECLASSIFIED PER E.O. 13526 2017-0222-M (1.17) "
        "3/7/2019 KBH",
    ]


# --- the conversation ----------------------------------------------------------------------


def test_every_speech_is_a_labelled_group_with_its_speaker(encoded):
    tree = doc(encoded, CALL_2000)
    speeches = tree.xpath("//div[contains(concat(' ', @class, ' '), ' sp ')]")
    assert len(speeches) == 14
    first = speeches[0]
    assert first.get("role") == "group"
    label = tree.xpath(f"//*[@id='{first.get('aria-labelledby')}']")[0]
    assert text(label) == "The President: (William J. Clinton)"


def test_same_person_has_the_same_colour_on_every_page(encoded):
    def colours(doc_id: str) -> dict[str, str]:
        return {sp.get("data-who"): sp.get("class").split()[1]
                for sp in doc(encoded, doc_id).xpath("//div[@data-who]")}

    a, b, c = colours(CALL_2000), colours(CALL_1998), colours(CALL_2003)
    assert a["clinton"] == b["clinton"] and a["putin"] == c["putin"]
    assert len({a["clinton"], a["putin"], b["yeltsin"], c["bush-gw"]}) == 4


def test_struck_markings_are_del_announced_as_declassification_strikes(encoded):
    tree = doc(encoded, CALL_2003)
    struck = tree.xpath("//del[@class='struck']")
    assert len(struck) == 16
    assert len(tree.xpath("//span[contains(@class, 'portion')]/del[@class='struck']")) == 8
    assert len(tree.xpath("//span[contains(@class, 'fw-classification ')]/del")) == 8
    for d in struck:
        assert d.xpath("string(span[@class='visually-hidden'])") == (
            "[struck through at declassification:] ")


def test_portion_markings_are_badges_named_for_their_level(encoded):
    badges = doc(encoded, CALL_2000).xpath("//span[contains(@class, 'portion ')]")
    assert [text(b) for b in badges[:2]] == ["(S)", "(U)"]
    assert badges[0].get("title") == "Portion marking: Secret"
    assert all("furniture" in b.get("class").split() for b in badges)


def test_banner_authority_block_and_stamp_are_boxed_in_place(encoded):
    tree = doc(encoded, CALL_2000)
    p = tree.xpath("//p[span[contains(@class, 'authority')]]")[0]  # the page end's paragraph
    assert p.getparent().get("data-who") == "putin"
    boxes = [(e.get("class"), text(e)) for e in p.xpath("span[contains(@class, 'fw ')]")]
    assert boxes == [
        ("fw fw-classification furniture",
         "Classification banner: [struck through at declassification:] CONFIDENTIAL"),
        ("fw fw-classification-authority furniture",
         "Classification authority block: Classified by: Robert A. Bradtke Reason: 1.5 (d) "
         "Declassify on: 01/01/1910"),
    ]
    assert len(p.xpath("span[contains(@class, 'authority')]/br")) == 2
    stamp = tree.xpath("//div[@class='opener']/span[contains(@class, 'stamp')]")[0]
    assert text(stamp) == ("Declassification stamp: DECLASSIFIED PER E.O. 13526 "
                           "2017-0222-M (1.17) 3/7/2019 KBH")


def test_page_breaks_are_visible_citable_markers(encoded):
    tree = doc(encoded, CALL_2000)
    marks = tree.xpath("//a[@class='pb']")
    assert [(m.get("id"), m.get("href"), text(m)) for m in marks] == [
        ("page-1", "#page-1", "p. 1"), ("page-2", "#page-2", "p. 2")]
    # the page-2 marker stands inside the paragraph, after the foot of page 1
    assert marks[1].getparent().tag == "p"
    assert "authority" in marks[1].getprevious().get("class")


def test_pages_of_transmittal_and_memorandum_have_distinct_anchors(encoded):
    ids = doc(encoded, CALL_2003).xpath("//a[@class='pb']/@id")
    assert len(ids) == len(set(ids)) == 5
    assert "page-1" in ids and "d2-page-1" in ids


def test_unintelligible_gaps_show_wording_and_reason(encoded):
    gaps = doc(encoded, CALL_1998).xpath("//span[@class='gap gap-inaudible']")
    assert [text(g) for g in gaps] == ["inaudible [unintelligible]"] * 2


def test_gap_in_transmission_shows_wording_and_reason(encoded):
    gaps = doc(encoded, CALL_2000).xpath("//span[@class='gap gap-transmission']")
    assert [text(g) for g in gaps] == ["lost in transmission [gap in transmission]"]


def test_interruption_is_distinct_with_its_wording(encoded):
    stage = doc(encoded, CALL_1998).xpath("//span[@class='stage stage-interruption']")
    assert [text(s) for s in stage] == ["interruption [Yeltsin interrupts]"]


def test_supplied_word_is_bracketed_and_explained(encoded):
    supplied = doc(encoded, CALL_1998).xpath("//span[contains(@class, 'supplied')]")
    assert [text(s) for s in supplied] == ["(supplied by the notetaker:) [services]"]
    assert supplied[0].get("title") == "supplied by the notetaker"


def test_redaction_shows_its_exemption_citation(unseen_edition):
    gaps = unseen_page(unseen_edition, "09_").xpath("//span[@class='gap gap-redacted']")
    assert [text(g) for g in gaps] == [
        "redacted [E.O. 13526, section 1.4(b)(d)]", "redacted [(b)(1)]",
        "redacted [E.O. 13526, section 1.4(b)(d)]"]


def test_editorial_omission_summary_and_clarification_are_distinct(unseen_edition):
    tree = unseen_page(unseen_edition, "08_")
    assert [text(g) for g in tree.xpath("//span[@class='gap gap-editorial']")] == [
        "omitted by the editors [Omitted here is discussion of the grain negotiations "
        "with the Soviet Union.]"]
    summary = tree.xpath("//aside[@class='note-summary']")
    assert len(summary) == 1
    assert text(summary[0]).startswith("editorial note The President and Chancellor Schmidt")
    clar = tree.xpath("//span[@class='supplied supplied-clarification']")
    assert [c.get("title") for c in clar] == ["supplied by the notetaker to clarify"] * 2
    assert [text(s) for s in tree.xpath("//span[@class='sic']")] == ["(sic)"]


def test_footnotes_and_their_calls_link_both_ways(unseen_edition):
    tree = unseen_page(unseen_edition, "07_")
    calls = tree.xpath("//sup/a[@class='fn-call']")
    notes = tree.xpath("//div[@class='footnote']")
    assert len(calls) == len(notes) == 7
    for call, note in zip(calls, notes, strict=True):
        assert call.get("href") == f"#{note.get('id')}"
        back = note.xpath("a[@class='backref']")[0].get("href")
        anchor = tree.xpath(f"//*[@id='{back[1:]}']")
        assert anchor and anchor[0].getnext() is call.getparent()


def test_people_and_places_link_to_the_people_page(encoded):
    tree = doc(encoded, CALL_2000)
    assert tree.xpath("//p/a[@class='person'][@href='../people.html#yeltsin'][.='Yeltsin']")
    assert tree.xpath("//p/a[@class='place'][@href='../people.html#place-chechnya']")
    people = page(encoded, "people.html")
    yeltsin = people.xpath("//dt[@id='yeltsin']")[0]
    assert yeltsin.xpath("a[@href='https://www.wikidata.org/wiki/Q34453']")
    assert people.xpath(f"//dt[@id='yeltsin']/following-sibling::dd[1]"
                        f"//a[@href='html/{CALL_2000}.html']")
    chechnya = people.xpath("//dt[@id='place-chechnya']")[0]
    assert chechnya.xpath("a[@href='https://www.wikidata.org/wiki/Q5187']")
    linked = people.xpath("//dt[@id='place-chechnya']/following-sibling::dd[1]//a/@href")
    assert f"html/{CALL_2000}.html" in linked and f"html/{ARTICLE}.html" in linked


# --- pictures ------------------------------------------------------------------------------


def test_word_share_chart_is_inline_svg_per_speaker(encoded):
    svg = doc(encoded, CALL_2003).xpath("//figure[contains(@class, 'word-share')]/svg")[0]
    bars = svg.xpath("rect")
    assert [b.get("class") for b in bars] == ["bar c0", "bar c2"]
    title = svg.xpath("string(title)")
    shares = [int(x) for x in re.findall(r"\((\d+)%\)", title)]
    assert title.startswith("George W. Bush: ") and sum(shares) == 100


def test_index_timeline_places_every_call_by_date(encoded):
    svg = page(encoded, "index.html").xpath("//figure[contains(@class, 'timeline')]/svg")[0]
    links = svg.xpath("a/@href")
    assert links == [f"html/{CALL_1998}.html", f"html/{CALL_2000}.html",
                     "html/telcon-2000-03-27-clinton-putin.html", f"html/{CALL_2003}.html"]
    xs = [int(c) for c in svg.xpath("a/circle/@cx")]
    assert xs == sorted(xs) and xs[0] < xs[-1]


# --- index ---------------------------------------------------------------------------------


def test_index_lists_documents_by_date_with_their_facts(encoded):
    rows = page(encoded, "index.html").xpath("//table[@class='documents']/tbody/tr")
    cells = [[text(c) for c in r.xpath("td|th")] for r in rows]
    assert [c[0] for c in cells] == ["1998-03-24", "2000-01-01", "2000-03-27", "2003-03-18"]
    assert cells[1] == ["2000-01-01", "Telcon with Acting President Putin of Russia",
                        "William J. Clinton, Vladimir Vladimirovich Putin", "Secret",
                        "2019-03-07", "2", "14"]


def test_article_is_commentary_linked_both_ways_with_the_call(encoded):
    index = page(encoded, "index.html")
    item = index.xpath("//ul[@class='commentary']/li")[0]
    assert item.xpath(f"a[@href='html/{ARTICLE}.html']")
    assert item.xpath(f"a[@href='html/{CALL_2000}.html']")
    article = doc(encoded, ARTICLE)
    assert article.xpath(f"//p/a[@class='doc-link'][@href='{CALL_2000}.html']")
    call = doc(encoded, CALL_2000)
    back = call.xpath("//dt[.='Commentary']/following-sibling::dd[1]/a")[0]
    assert back.get("href") == f"{ARTICLE}.html" and text(back) == "Twilight Calls"


def test_cite_this_document_and_tei_download(encoded):
    tree = doc(encoded, CALL_2000)
    cite = tree.xpath("//section[@class='cite']")[0]
    assert text(cite.xpath("h2")[0]) == "Cite this document"
    assert text(cite.xpath("p[@class='citation']")[0]).startswith(
        "Telcon with Acting President Putin of Russia, Memorandum of telephone conversation, "
        "1 January 2000. The National Security Archive, 2017-0222-M.")
    href = cite.xpath("p/a[@download]/@href")[0]
    assert href == f"../tei/{CALL_2000}.xml"
    assert (encoded / "html" / href).resolve() == (encoded / "tei" / f"{CALL_2000}.xml")


# --- search --------------------------------------------------------------------------------


def test_search_indexes_speech_text_not_furniture(encoded):
    tree = doc(encoded, CALL_2003)
    body = tree.xpath("//*[@data-pagefind-body]")
    assert len(body) == 1 and body[0].get("class") == "transcription"
    for cls in ("fw ", "stamp ", "portion "):
        marks = tree.xpath(f"//span[contains(concat(@class, ' '), '{cls}')]")
        assert marks and all(m.get("data-pagefind-ignore") is not None for m in marks), cls
    assert tree.xpath("//p[@class='speaker'][@data-pagefind-ignore]")
    assert not doc(encoded, CALL_2003).xpath("//header[@class='card']//*[@data-pagefind-body]")


def test_search_filters_speaker_year_kind_classification(encoded):
    filters = doc(encoded, CALL_2003).xpath("//*[@data-pagefind-filter]/@data-pagefind-filter")
    assert filters == ["speaker:George W. Bush", "speaker:Vladimir Vladimirovich Putin",
                       "year:2003", "kind:Telephone conversation",
                       "classification:Top Secret"]
    assert doc(encoded, ARTICLE).xpath("//*[@data-pagefind-filter='kind:Article']")


def test_search_index_is_built_beside_the_pages(encoded):
    bundle = encoded / "html" / "pagefind"
    assert (bundle / "pagefind-ui.js").is_file() and (bundle / "shards.json").is_file()
    assert (bundle / "shard-0" / "pagefind-entry.json").is_file()
    assert not list((encoded / "html").glob(".pagefind-*"))
    assert not page(encoded, "index.html").xpath("//*[@data-pagefind-body]")


# --- security ------------------------------------------------------------------------------


def test_csp_allows_only_the_editions_own_files(encoded):
    for path in [encoded / "index.html", encoded / "people.html",
                 *(encoded / "html").glob("*.html")]:
        tree = html.parse(str(path))
        csp = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert csp and csp[0].startswith("default-src 'self'; script-src 'self' "
                                         "'wasm-unsafe-eval'; style-src 'self';"), path.name
        assert "object-src 'none'" in csp[0]
        loads = tree.xpath("//script/@src | //link/@href | //img/@src")
        assert loads and not [u for u in loads if ":" in u or u.startswith("/")], path.name
        assert not tree.xpath("//script[not(@src)] | //*[@style] | //style"), path.name


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> etree._ElementTree:
    out = encode_into(HOSTILE, tmp_path_factory.mktemp("hostile"))
    (path,) = (out / "html").glob("*.html")
    return html.parse(str(path))


def test_hostile_source_text_is_inert(hostile):
    scripts = hostile.xpath("//script")
    assert [s.get("src") for s in scripts] == ["pagefind/pagefind-ui.js", "assets/edition.js"]
    assert not hostile.xpath("//body//script | //iframe | //img | //style | //body//link")
    attrs = [a for el in hostile.iter() if isinstance(el.tag, str) for a in el.attrib]
    assert not [a for a in attrs if a.lower().startswith("on")]
    hrefs = hostile.xpath("//@href | //@src")
    assert not [h for h in hrefs if h.strip().lower().startswith(("javascript:", "data:"))]
    body = hostile.xpath("string(//section[@class='transcription'])")
    assert '<script>alert(1)</script>' in body
    assert '<a href="#" onmouseover="alert(3)">hover me</a>' in body
    assert "<iframe" in body


def test_hostile_link_target_is_not_linked(hostile):
    # "https://example.org/\"><script>alert(5" is not a URL: its text stays, with no link
    assert not hostile.xpath("//section[@class='transcription']//a[@rel]")
    assert not hostile.xpath("//a[starts-with(@href, 'javascript')]")
    body = hostile.xpath("string(//section[@class='transcription'])")
    assert "click here" in body and "the docs" in body


def test_only_web_mail_and_edition_links_are_links(encoded, tmp_path):
    copy = tmp_path / "edition"
    shutil.copytree(encoded / "tei", copy / "tei")
    tei = copy / "tei" / f"{CALL_2000}.xml"
    targets = ["JavaScript:alert(1)", " javascript:alert(2)", "data:text/html,x",
               "https://example.org/a b", "https://example.org/ok?q=1#f", "tei/other.xml"]
    refs = "".join(f'<ref target="{t}">link{i}</ref> ' for i, t in enumerate(targets))
    tei.write_text(tei.read_text().replace("<p>Hello? ", f"<p>Hello? {refs}", 1))
    build_html(copy)
    tree = doc(copy, CALL_2000)
    links = [(text(a), a.get("href")) for a in tree.xpath("//p/a[starts-with(., 'link')]")]
    assert links == [("link4", "https://example.org/ok?q=1#f")]
    assert [text(s) for s in tree.xpath("//p[contains(., 'link0')]")][0].count("link") == 6


def test_unreadable_tei_is_a_located_error_and_writes_no_page(encoded, tmp_path):
    copy = tmp_path / "edition"
    shutil.copytree(encoded / "tei", copy / "tei")
    shutil.copy(encoded / "people.xml", copy / "people.xml")
    (copy / "tei" / "broken.xml").write_text("<TEI><text>unclosed</TEI>")
    result = CliRunner().invoke(main, ["html", "--edition", str(copy)])
    assert result.exit_code == 1
    assert f"{copy / 'tei' / 'broken.xml'}: error: cannot read TEI" in result.output
    assert "Traceback" not in result.output
    assert not (copy / "html").exists() and not (copy / "index.html").exists()


def test_people_page_lists_people_by_surname(encoded):
    names = [n.strip() for n in page(encoded, "people.html").xpath(
        "//section[@aria-labelledby='people-title']//dt/text()[1]")]
    assert names[:3] == ["Peter Afanasenko", "Miguel Aguilo", "Samuel R. Berger"]
    assert names.index("Jeff Blair") < names.index("Tony Blair") < names.index("George W. Bush")
