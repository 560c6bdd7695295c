"""The encoder core, phenomenon by phenomenon, on the real seed texts (ENCODING.md §2–§3).

Each test names one phenomenon and asserts the exact TEI the encoder writes for it.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from click.testing import CliRunner
from conftest import NS, ROOT, SEEDS, fragment, require_jing, require_tei_all, xpath
from lxml import etree

from encoder.cli import main
from encoder.html import stale_pages

# --- the front of a memorandum ------------------------------------------------------------


def test_letterhead_is_fw_with_lb(docs):
    fw = xpath(docs["000"], "//t:fw[@type='letterhead']")[0]
    assert fragment(fw) == '<fw type="letterhead" place="top">THE WHITE HOUSE<lb/>WASHINGTON</fw>'


def test_eo_13526_stamp_in_opener_before_head(docs):
    stamp = xpath(docs["000"], "//t:opener/t:stamp")[0]
    assert fragment(stamp) == (
        '<stamp type="declassification" when="2019-03-07">DECLASSIFIED<lb/>PER E.O. 13526<lb/>'
        '2017-0222-M (1.17)<lb/><date when="2019-03-07">3/7/2019</date> KBH</stamp>'
    )
    assert xpath(docs["000"], "//t:opener/following-sibling::*[1]")[0].tag.endswith("head")


def test_iscap_stamp_inline_in_the_paragraph_it_interrupts(docs):
    stamp = xpath(docs["004"], "//t:p/t:stamp")[0]
    assert fragment(stamp) == (
        '<stamp type="declassification" when="2018-03-05">DECLASSIFIED UNDER AUTHORITY OF THE'
        "<lb/>INTERAGENCY SECURITY CLASSIFICATION APPEALS PANEL,<lb/>E.O. 13526, SECTION 5.3(b)(3)"
        "<lb/>ISCAP APPEAL NO. 2016-156, document no. 14<lb/>DECLASSIFICATION DATE: "
        '<date when="2018-03-05">March 05, 2018</date></stamp>'
    )


def test_nara_case_stamp_with_date_on_next_line(docs):
    stamp = xpath(docs["003"], "//t:stamp")[0]
    assert fragment(stamp) == (
        '<stamp type="declassification" when="2025-08-25">Declassified Case: NW# 78134 Date:'
        '<lb/><date when="2025-08-25">08-25-2025</date></stamp>'
    )


def test_struck_banner_is_fw_with_declassification_del(docs):
    fw = xpath(docs["000"], "//t:fw[@type='classification']")
    assert [fragment(f) for f in fw] == [
        '<fw type="classification" place="bottom" ana="#C"><del rend="strikethrough" '
        'type="declassification">CONFIDENTIAL</del></fw>'
    ]


def test_banner_not_struck_is_plain_fw(docs):
    plain = xpath(docs["003"], "//t:fw[@type='classification'][not(t:del)]")
    assert [fragment(f) for f in plain] == [
        '<fw type="classification" place="bottom" ana="#C">CONFIDENTIAL</fw>'
    ] * 2


def test_one_fw_per_banner_line_with_top_and_bottom_places(docs):
    fws = xpath(docs["003"], "//t:fw[@type='classification']")
    assert len(fws) == 10
    assert len([f for f in fws if f.find("t:del", NS) is not None]) == 8
    assert [f.get("place") for f in fws] == [
        "top", "top", "bottom", "bottom", "top", "bottom", "bottom", "bottom", "bottom", "bottom"
    ]


def test_bare_struck_ts_is_a_struck_portion_marking(docs):
    seg = xpath(docs["003"], "//t:div[@type='transmittal']//t:seg[@ana='#TS']")[0]
    assert fragment(seg) == (
        '<seg type="portion-marking" ana="#TS"><del rend="strikethrough" '
        'type="declassification">TS</del></seg>'
    )


def test_classification_authority_block(docs):
    fw = xpath(docs["000"], "//t:fw[@type='classification-authority']")[0]
    assert fragment(fw) == (
        '<fw type="classification-authority" place="bottom">Classified by: <persName '
        'ref="#robert-a-bradtke">Robert A. Bradtke</persName><lb/>Reason: 1.5 (d)<lb/>'
        'Declassify on: <date when="1910-01-01">01/01/1910</date></fw>'
    )


def test_authority_block_with_declassify_on_capitalised_and_two_digit_year(docs):
    fw = xpath(docs["004"], "//t:fw[@type='classification-authority']")[0]
    assert fragment(fw).endswith('Declassify On: <date when="2009-03-25">3/25/09</date></fw>')


def test_docid_lines_one_fw_each_block(docs):
    fws = xpath(docs["003"], "//t:fw[@type='docId']")
    assert [fragment(f) for f in fws] == [
        '<fw type="docId" place="bottom">NW#: 78134<lb/>DocId: 34685315</fw>',
        '<fw type="docId" place="bottom">NW#: 78134 DocId: 34685315</fw>',
    ]
    idnos = xpath(docs["003"], "//t:msIdentifier/t:idno")
    assert [(i.get("type"), i.text) for i in idnos] == [("NW", "78134"), ("DocId", "34685315")]


def test_log_number_is_lognum(docs):
    assert [fragment(f) for f in xpath(docs["003"], "//t:fw[@type='logNum']")] == [
        '<fw type="logNum" place="top">2569</fw>'
    ] * 2


def test_memo_head(docs):
    head = xpath(docs["000"], "//t:div[@type='memorandum']/t:head")[0]
    assert fragment(head) == "<head>MEMORANDUM OF TELEPHONE CONVERSATION</head>"
    assert xpath(docs["000"], "//t:div[@type='memorandum']/@subtype") == ["telcon"]


# --- memo fields --------------------------------------------------------------------------


def test_memo_fields_on_one_block(docs):
    lst = xpath(docs["000"], "//t:list[@type='memo-fields']")[0]
    assert fragment(lst) == (
        '<list type="memo-fields"><label>SUBJECT:</label><item>Telcon with Acting President '
        'Putin of Russia <seg type="portion-marking" ana="#S">(S)</seg></item>'
        '<label>PARTICIPANTS:</label><item><persName ref="#clinton">The President</persName> '
        'and <persName ref="#putin">Acting President Putin</persName></item>'
        '<label>NOTETAKERS:</label><item><persName ref="#rogers">Rogers</persName>, '
        '<persName ref="#manning">Manning</persName>, and <persName ref="#williams">Williams'
        '</persName></item><label>DATE, TIME AND PLACE:</label><item><date '
        'from="2000-01-01T11:07:00-05:00" to="2000-01-01T11:16:00-05:00">January 1, 2000, '
        '1107-1116 EST</date><lb/><placeName>Residence</placeName></item></list>'
    )


def test_label_split_around_its_value_becomes_two_labels(docs):
    lst = xpath(docs["001"], "//t:list[@type='memo-fields']")[0]
    labels = [fragment(x) for x in lst.iterchildren()][-4:]
    assert labels == [
        "<label>DATE, TIME</label>",
        '<item><date from="2000-03-27T11:13:00-05:00" to="2000-03-27T11:29:00-05:00">March 27, '
        "2000, 11:13 - 11:29 a.m. EST</date>,</item>",
        "<label>AND PLACE:</label>",
        "<item><placeName>Oval Office</placeName></item>",
    ]


def test_field_value_over_several_lines_keeps_lb(docs):
    item = xpath(docs["001"], "//t:label[.='Notetakers:']/following-sibling::t:item[1]")[0]
    assert fragment(item) == (
        '<item><persName ref="#roger-merletti">Roger Merletti</persName>, <persName '
        'ref="#don-gentile">Don Gentile</persName>,<lb/><persName ref="#joel-ehrendreich">Joel '
        'Ehrendreich</persName>, <persName ref="#miguel-aguilo">Miguel Aguilo</persName>, '
        '<persName ref="#jenny-mcgee">Jenny McGee</persName>,<lb/><persName '
        'ref="#andrew-weiss">Andrew Weiss</persName></item>'
    )


def test_portion_marking_on_its_own_line_stays_with_its_text(docs):
    item = xpath(docs["001"], "//t:label[.='SUBJECT:']/following-sibling::t:item[1]")[0]
    assert fragment(item) == (
        '<item>Telecon with President-elect Putin of Russia<lb/><seg type="portion-marking" '
        'ana="#C">(C)</seg></item>'
    )


def test_time_without_zone_read_on_its_places_clock(docs):
    """``9:20 - 9:56 a.m.`` / ``AND PLACE: Oval Office``: no zone written, but the place is
    in Washington: Eastern Standard Time on 24 March 1998 (daylight time began 5 April)."""
    assert xpath(docs["004"], "//t:setting/t:date/@from") == ["1998-03-24T09:20:00-05:00"]


# --- speeches -----------------------------------------------------------------------------


def test_speech_with_speaker_label_verbatim(docs):
    sp = xpath(docs["000"], "//t:sp")[0]
    assert fragment(sp) == (
        '<sp who="#clinton"><speaker>The President:</speaker><p>Hello? <seg '
        'type="portion-marking" ana="#U">(U)</seg></p></sp>'
    )


def test_unlabelled_following_paragraphs_stay_in_the_speech(docs):
    sp = xpath(docs["000"], "//t:sp[t:p[starts-with(., 'We are ready')]]")[0]
    assert len(sp.findall("t:p", NS)) == 3
    assert sp.findall("t:p", NS)[2].text.startswith("Once again, I would like")


def test_struck_portion_marking(docs):
    seg = xpath(docs["004"], "//t:seg[t:del]")[0]
    assert fragment(seg) == (
        '<seg type="portion-marking" ana="#S"><del rend="strikethrough" '
        'type="declassification">(S)</del></seg>'
    )


def test_gap_in_transmission(docs):
    gap = xpath(docs["000"], "//t:gap")[0]
    assert fragment(gap) == '<gap reason="transmission"><desc>gap in transmission</desc></gap>'


def test_unintelligible_is_inaudible_gap(docs):
    gaps = xpath(docs["004"], "//t:gap")
    assert [fragment(g) for g in gaps] == [
        '<gap reason="inaudible"><desc>unintelligible</desc></gap>'
    ] * 2


def test_interruption_is_stage_with_who(docs):
    p = xpath(docs["004"], "//t:p[t:stage]")[0]
    assert fragment(p) == (
        "<p>Well, let me just say this, I believe we should not give up on diplomacy. After "
        'what -- <stage type="interruption" who="#yeltsin">Yeltsin interrupts</stage> <seg '
        'type="portion-marking" ana="#S">(S)</seg></p>'
    )


def test_supplied_word(docs):
    sup = xpath(docs["004"], "//t:supplied")[0]
    assert fragment(sup) == '<supplied reason="omitted-in-original">services</supplied>'
    before = sup.getprevious()
    assert (before.tail if before is not None else sup.getparent().text).endswith(
        "Foreign intelligence "
    )


def test_bold(docs):
    assert [fragment(h) for h in xpath(docs["003"], "//t:hi")] == [
        '<hi rend="bold">eyes only</hi>'
    ]


def test_markdown_links_keep_only_web_and_mail_targets(docs):
    assert [fragment(r) for r in xpath(docs["001"], "//t:back//t:ref")] == [
        '<ref target="mailto:nsarchiv@gwu.edu"><email>nsarchiv@gwu.edu</email></ref>',
    ]
    # a target that is not http(s)/mailto is kept whole, as text (issue 12)
    assert xpath(docs["000"], "//t:back//t:ref") == []
    assert xpath(docs["000"], "//t:back//t:p[starts-with(., '[Read')]/text()") == [
        "[Read related article:](#)"]


# --- pages --------------------------------------------------------------------------------


def test_page_break_after_the_foot_inside_the_paragraph(docs):
    p = xpath(docs["000"], "//t:p[t:pb]")[0]
    kids = [etree.QName(k).localname for k in p if not k.tag.endswith("Name")]
    assert kids == ["fw", "fw", "pb", "gap", "seg"]
    assert p.find("t:fw", NS).getprevious().tail.endswith("the nature and level of ")
    assert p.find("t:pb", NS).tail.startswith(" these relations.")
    assert p.find("t:pb", NS).get("n") == "2"


def test_printed_page_number_is_pagenum_after_pb(docs):
    pb = xpath(docs["003"], "//t:pb[@n='2']")[0]
    assert fragment(pb.getnext()) == '<fw type="pageNum" place="top">2</fw>'


def test_pages_counted_within_each_document(docs):
    assert xpath(docs["003"], "//t:div[@type='transmittal']//t:pb/@n") == ["1"]
    assert xpath(docs["003"], "//t:div[@type='memorandum']//t:pb/@n") == ["1", "2", "3", "4"]


def test_paragraph_broken_without_furniture_is_rejoined(docs):
    assert xpath(docs["001"], "count(//t:p[contains(., 'common basis for a common approach')])")
    assert xpath(docs["004"], "count(//t:p[contains(., 'give diplomacy a chance')])") == 1


def test_paragraphs_broken_by_page_furniture_are_rejoined_in_003(docs):
    p1 = xpath(docs["003"], "//t:p[contains(., 'not enflaming anti-American')]")[0]
    assert p1.find("t:pb", NS).getnext().tail.startswith(" sentiment but in some capitals")
    p2 = xpath(docs["003"], "//t:p[contains(., 'We have sent them there')]")[0]
    assert p2.find("t:pb", NS).tail.startswith(" to facilitate the process")


def test_paragraph_broken_by_authority_block_and_stamp_in_004(docs):
    p = xpath(docs["004"], "//t:p[t:stamp]")[0]
    assert [etree.QName(k).localname for k in p][-4:] == ["fw", "stamp", "pb", "seg"]
    assert p.find("t:pb", NS).tail == (
        " many steps to aim against your decision, maybe inadmissible steps. "
    )


# --- end of the document ------------------------------------------------------------------


def test_trailer(docs):
    assert fragment(xpath(docs["000"], "//t:trailer")[0]) == (
        "<trailer>-- End of Conversation --</trailer>"
    )


def test_transmittal_memo_is_its_own_div_before_the_memorandum(docs):
    divs = xpath(docs["003"], "//t:body/t:div")
    assert [(d.get("type"), d.get("subtype")) for d in divs] == [
        ("transmittal", None), ("memorandum", "telcon")
    ]
    trans = divs[0]
    assert fragment(trans.find("t:closer", NS)) == (
        '<closer><signed><persName ref="#gregory-l-schulte">Gregory L. Schulte</persName>'
        "<lb/>Executive Secretary</signed></closer>"
    )
    assert xpath(trans, "t:list[@type='memo-fields']/t:label/text()") == [
        "MEMORANDUM FOR", "SUBJECT:"
    ]


def test_archive_footer_and_stray_line_in_back(docs):
    div = xpath(docs["000"], "//t:back/t:div[@type='provenance']")[0]
    assert fragment(div[0]) == '<ab type="stray">Conversation</ab>'
    assert fragment(div[-1]) == '<p><date when="2020-11-02">2020-11-02</date></p>'
    assert xpath(docs["000"], "//t:msIdentifier/t:repository/text()") == [
        "The National Security Archive"
    ]


# --- header -------------------------------------------------------------------------------


def test_header_dates_are_iso_with_offsets(docs):
    setting = xpath(docs["000"], "//t:setting/t:date")[0]
    assert (setting.get("from"), setting.get("to")) == (
        "2000-01-01T11:07:00-05:00", "2000-01-01T11:16:00-05:00"
    )
    assert xpath(docs["000"], "//t:origDate/@when") == ["2000-01-01"]


def test_header_custodial_events(docs):
    events = xpath(docs["003"], "//t:custEvent")
    assert [(e.get("type"), e.get("when")) for e in events] == [
        ("classification", "2003-03-18"), ("classification", "2003-03-18"),
        ("declassification", "2025-08-25"),
    ]


def test_overall_classification_is_highest_marking(docs):
    got = {k: xpath(t, "//t:catRef/@target") for k, t in docs.items()}
    assert got == {"000": ["#S"], "001": ["#S"], "002": [], "003": ["#TS"], "004": ["#S"]}


def test_document_ids_are_readable_slugs(encoded):
    names = sorted(p.name for p in (encoded / "tei").glob("*.xml"))
    assert names == [
        "article-2024-tamponi-twilight-calls.xml",
        "telcon-1998-03-24-clinton-yeltsin.xml",
        "telcon-2000-01-01-clinton-putin.xml",
        "telcon-2000-03-27-clinton-putin.xml",
        "telcon-2003-03-18-bush-putin.xml",
    ]


def test_source_file_and_sha256_kept_as_idnos(docs):
    import hashlib

    raw = (SEEDS / "004_3e0c0cfbfa184648.txt").read_bytes()
    assert xpath(docs["004"], "//t:publicationStmt/t:idno/text()") == [
        "004_3e0c0cfbfa184648.txt", hashlib.sha256(raw).hexdigest()
    ]


def test_xml_model_processing_instructions(encoded):
    head = next((encoded / "tei").glob("telcon-2000-01-01*.xml")).read_text().splitlines()[:3]
    assert head[1].startswith('<?xml-model href="../schema/memcon.rng"')
    assert head[2].startswith('<?xml-model href="../schema/memcon.sch"')


def test_edition_carries_the_schemas_its_tei_points_to(encoded):
    for name in ("memcon.rng", "memcon.sch"):
        assert (encoded / "schema" / name).read_bytes() == (ROOT / "schema" / name).read_bytes()


# --- counts from the issue ----------------------------------------------------------------


def counts(tree):
    return {
        "speeches": len(xpath(tree, "//t:sp")),
        "portions": len(xpath(tree, "//t:seg[@type='portion-marking']")),
        "struck portions": len(xpath(tree, "//t:seg[@type='portion-marking'][t:del]")),
        "banners": len(xpath(tree, "//t:fw[@type='classification']")),
        "struck banners": len(xpath(tree, "//t:fw[@type='classification'][t:del]")),
        "authority": len(xpath(tree, "//t:fw[@type='classification-authority']")),
        "stamps": len(xpath(tree, "//t:stamp")),
        "gaps": len(xpath(tree, "//t:gap")),
        "pages": len(xpath(tree, "//t:pb")),
        "interruptions": len(xpath(tree, "//t:stage[@type='interruption']")),
        "supplied": len(xpath(tree, "//t:supplied")),
    }


def test_counts_seed_000(docs):
    c = counts(docs["000"])
    assert (c["speeches"], c["portions"], c["struck banners"], c["authority"], c["stamps"],
            c["gaps"]) == (14, 17, 1, 1, 1, 1)


def test_counts_seed_003(docs):
    c = counts(docs["003"])
    assert (c["speeches"], c["portions"], c["struck portions"], c["banners"],
            c["struck banners"], c["authority"], c["stamps"]) == (28, 31, 8, 10, 8, 2, 1)
    assert c["pages"] >= 5


def test_counts_seed_004(docs):
    c = counts(docs["004"])
    assert (c["speeches"], c["portions"], c["struck portions"], c["gaps"], c["interruptions"],
            c["supplied"]) == (14, 22, 4, 2, 1, 1)


# --- fidelity, determinism, validity ------------------------------------------------------

LINK_TARGET = re.compile(r"\]\([^)\s]*\)")


def source_tokens(path: Path) -> list[str]:
    return re.findall(r"\w+", LINK_TARGET.sub("]", path.read_text(encoding="utf-8")))


def test_token_fidelity_nothing_lost_nothing_invented(docs):
    for key, tree in docs.items():
        source = next(SEEDS.glob(f"{key}_*.txt"))
        text = xpath(tree, "//t:text")[0].xpath("string()")
        assert re.findall(r"\w+", text) == source_tokens(source), source.name


def test_output_is_byte_identical_across_runs(tmp_path, encoded):
    out = tmp_path / "again"
    result = CliRunner().invoke(main, ["all", "--seeds", str(SEEDS), "--out", str(out),
                                       "--jobs", "2"])
    assert result.exit_code == 0, result.output
    for first in (encoded / "tei").glob("*.xml"):
        assert (out / "tei" / first.name).read_bytes() == first.read_bytes(), first.name


def test_every_output_valid_against_tei_all_with_jing(encoded):
    rng = require_tei_all()
    jing = require_jing()
    files = sorted(str(p) for p in (encoded / "tei").glob("*.xml"))
    run = subprocess.run([jing, str(rng), *files], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout


def test_committed_edition_is_not_stale(encoded):
    committed = ROOT / "edition" / "tei"
    fresh = {p.name: p.read_bytes() for p in (encoded / "tei").glob("*.xml")}
    have = {p.name: p.read_bytes() for p in committed.glob("*.xml")}
    assert have.keys() == fresh.keys(), "edition/tei is stale: run `encode all` and commit"
    stale = [name for name in fresh if have[name] != fresh[name]]
    assert not stale, f"edition/tei is stale for {stale}: run `encode all` and commit"
    # the HTML too: the committed pages are those of the committed TEI, which is current
    pages = {p.relative_to(encoded).as_posix() for p in encoded.glob("**/*.html")
             if "pagefind" not in p.parts}
    assert {p.relative_to(committed.parent).as_posix() for p in committed.parent.glob("**/*.html")
            if "pagefind" not in p.parts} == pages, "edition HTML is stale: run `encode all`"
    assert stale_pages(committed.parent) == [], "edition HTML is stale: run `encode all`"
    # and the schemas its TEI points at (xml-model ../schema/): the project's, as they are now
    copies = {p.name: p.read_bytes() for p in (committed.parent / "schema").iterdir()}
    assert copies == {n: (encoded / "schema" / n).read_bytes() for n in copies}, (
        "edition/schema is stale: run `encode all`")
