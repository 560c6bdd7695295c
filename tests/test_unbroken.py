"""Text layers with line ends but no blank lines (``pdftotext`` of a scan), and the header
layouts found with them (tests/fixtures/unseen/26, 27, 48: invented documents)."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, fragment, xpath
from lxml import etree

UNSEEN = ROOT / "tests" / "fixtures" / "unseen"


@pytest.fixture(scope="module")
def doc(unseen_outcomes):
    def get(stem: str) -> etree._Element:
        o = unseen_outcomes[stem]
        assert o.error is None and o.data is not None, o.error
        return etree.fromstring(o.data, etree.XMLParser(resolve_entities=False,
                                                        no_network=True))
    return get


def compact(node) -> str:
    return re.sub(r">\n\s*<", "><", fragment(node))


def test_speeches_without_blank_lines_are_one_each(doc):
    t = doc("26_ocr-no-blank-lines")
    assert xpath(t, "//t:sp/@who") == ["#bush-gw", "#blair-tony"] * 3
    assert compact(xpath(t, "//t:sp")[0]) == (
        '<sp who="#bush-gw"><speaker>The President:</speaker><p><persName ref="#blair-tony">'
        'Tony</persName>, good morning. How are things in London? '
        '<seg type="portion-marking" ana="#U">(U)</seg></p></sp>')


def test_fields_without_blank_lines_end_at_the_first_speech(doc):
    t = doc("26_ocr-no-blank-lines")
    item = xpath(t, "//t:list[@type='memo-fields']/t:item")[-1]
    assert compact(item) == (
        '<item><date from="2003-02-10T08:02:00-05:00" to="2003-02-10T08:31:00-05:00">'
        'February 10, 2003, 8:02 - 8:31 a.m. EST</date>, <placeName>Oval Office</placeName>'
        '</item>')


def test_page_foot_and_head_without_blank_lines(doc):
    """``CONFIDENTIAL`` / ``CONFIDENTIAL 2`` between two speeches: the old page's foot, a
    page break, the new page's banner and number."""
    t = doc("26_ocr-no-blank-lines")
    pb = xpath(t, "//t:pb[@n='2']")[0]
    around = [pb.getprevious(), pb, pb.getnext(), pb.getnext().getnext()]
    assert [compact(x) for x in around] == [
        '<fw type="classification" place="bottom" ana="#C">CONFIDENTIAL</fw>',
        '<pb n="2"/>',
        '<fw type="classification" place="top" ana="#C">CONFIDENTIAL</fw>',
        '<fw type="pageNum" place="top">2</fw>',
    ]


def test_stamp_after_the_last_banner_without_blank_lines(doc):
    """The library's stamp at the foot of the last page, after the trailer and the banner:
    page furniture (TEI allows no ``ab`` after a trailer), and the trailer stays one."""
    t = doc("26_ocr-no-blank-lines")
    assert xpath(t, "//t:stamp/@when") == ["2016-05-02"]
    last = xpath(t, "//t:body/t:div/*")[-3:]
    assert [x.tag.split("}")[1] for x in last] == ["trailer", "fw", "fw"]
    assert (last[2].get("type"), last[2].get("place")) == ("stamps", "bottom")
    assert xpath(t, "//t:custEvent[@type='declassification']/@when") == ["2016-05-02"]


def test_two_column_header_with_more_values_than_labels(doc):
    """PARTICIPANTS, DATE TIME, AND PLACE, SUBJECT over six value lines: the participants
    take the surplus; the date, place and subject lines are read as theirs."""
    t = doc("27_ocr-two-column-no-blank-lines")
    assert xpath(t, "string(//t:titleStmt/t:title[@type='main'])") == "Theater Nuclear Forces"
    assert xpath(t, "string(//t:origDate/@when)") == "1979-07-17"
    assert xpath(t, "string(//t:origPlace)") == "The Cabinet Room"
    assert xpath(t, "//t:person[@role='participant']/@xml:id") == [
        "carter", "schmidt-helmut", "brzezinski"]
    assert xpath(t, "//t:sp/@who") == ["#carter", "#schmidt-helmut"] * 2


def test_authority_block_in_capitals_is_no_speaker(doc):
    t = doc("48_memcon-caps-authority-wrapped-label")
    assert compact(xpath(t, "//t:fw[@type='classification-authority']")[0]) == (
        '<fw type="classification-authority" place="bottom">DECLASSIFY ON: OADR</fw>')
    assert not xpath(t, "//t:person[contains(@xml:id, 'declassify')]")
    assert xpath(t, "//t:sp/@who") == ["#reagan", "#kohl"]


def test_label_typed_over_two_lines_gives_the_date(doc):
    t = doc("48_memcon-caps-authority-wrapped-label")
    assert xpath(t, "//t:list[@type='memo-fields']/t:label/text()")[-1] == (
        "DATE, TIME AND PLACE:")
    assert xpath(t, "string(//t:origDate/@when)") == "1984-11-30"
    assert xpath(t, "string(//t:custEvent[@type='classification'])") == (
        "Classified by an unnamed authority; declassify on: OADR (as written).")
