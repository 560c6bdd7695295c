"""A Nixon-era memorandum of conversation (tests/fixtures/unseen/49, invented): a banner with
the caveats of its time, a family name written first, a notetaker named in parentheses, and a
date whose time follows a dash."""

from __future__ import annotations

import re

import pytest
from conftest import fragment, xpath
from lxml import etree


@pytest.fixture(scope="module")
def t(unseen_outcomes) -> etree._Element:
    return encoded(unseen_outcomes, "49_memcon-family-name-first")


def encoded(outcomes, stem: str) -> etree._Element:
    o = outcomes[stem]
    assert o.error is None and o.data is not None, o.error
    return etree.fromstring(o.data, etree.XMLParser(resolve_entities=False, no_network=True))


def compact(node) -> str:
    return re.sub(r">\n\s*<", "><", fragment(node))


def test_banner_with_exclusively_eyes_only(t):
    assert xpath(t, "//t:catRef/@target") == ["#TS #SENSITIVE #EYES-ONLY"]
    assert compact(xpath(t, "//t:opener/t:fw[@type='classification']")[0]) == (
        '<fw type="classification" place="top" ana="#TS #SENSITIVE #EYES-ONLY">'
        'TOP SECRET/SENSITIVE/EXCLUSIVELY EYES ONLY</fw>')


def test_label_names_a_family_name_written_first(t):
    """``Prime Minister Chou:`` and ``PM Chou:`` are the participant ``Prime Minister Chou
    En-lai``: one person, never two."""
    chou = xpath(t, "//t:person[t:persName='Prime Minister Chou En-lai']/@xml:id")
    assert len(chou) == 1
    assert xpath(t, "//t:sp/@who") == [f"#{chou[0]}", "#nixon", f"#{chou[0]}", "#kissinger"]
    assert not xpath(t, "//t:person[contains(@xml:id, 'pm-chou')]")


def test_notetaker_named_in_parentheses(t):
    assert xpath(t, "//t:person[t:persName='Winston Lord']/@role") == ["notetaker"]
    assert xpath(t, "//t:person[t:persName='Chi Chao-chu']/@role") == ["interpreter"]


def test_time_range_after_a_dash(t):
    assert compact(xpath(t, "//t:list[@type='memo-fields']/t:item[2]")[0]) == (
        '<item>Tuesday, <date from="1972-02-22T14:10:00" to="1972-02-22T18:00:00">'
        'February 22, 1972 - 2:10 p.m.-6:00 p.m.</date></item>')


# --- 50: a telcon in the Kissinger transcripts' style -----------------------------------------


@pytest.fixture(scope="module")
def telcon(unseen_outcomes) -> etree._Element:
    return encoded(unseen_outcomes, "50_kissinger-telcon")


def test_telcon_heading_with_its_parties_line(telcon):
    """``TELCON`` / ``The President/Kissinger``: a telcon's heading and its parties, ``The
    President`` his holder on the date; ``P:`` and ``K:`` resolve through them."""
    assert xpath(telcon, "string(//t:body/t:div/@subtype)") == "telcon"
    assert compact(xpath(telcon, "//t:head")[0]) == (
        '<head>TELCON The President/<persName ref="#kissinger">Kissinger</persName></head>')
    assert xpath(telcon, "//t:person[@role='participant']/@xml:id") == ["kissinger", "nixon"]
    assert xpath(telcon, "//t:sp/@who") == ["#nixon", "#kissinger"] * 3


def test_time_before_its_date_dates_the_telcon(telcon):
    assert compact(xpath(telcon, "//t:opener/t:dateline")[0]) == (
        '<dateline><date when="1971-03-03T10:35:00">10:35 a.m.    March 3, 1971</date>'
        '</dateline>')
    assert xpath(telcon, "string(//t:origDate/@when)") == "1971-03-03"


# --- 51: a State Department FOIA release ------------------------------------------------------


@pytest.fixture(scope="module")
def foia(unseen_outcomes) -> etree._Element:
    return encoded(unseen_outcomes, "51_state-foia-release")


def test_foia_page_header_and_release_line_are_document_identifiers(foia):
    assert compact(xpath(foia, "//t:opener/t:fw[@type='docId']")[0]) == (
        '<fw type="docId" place="top">U.S. Department of State Case No. F-2016-07895 Doc No. '
        'C06123456 Date: 05/14/2019<lb/>RELEASE IN PART B1,1.4(B),1.4(D)</fw>')
    assert [(i.get("type"), i.text) for i in xpath(foia, "//t:msIdentifier/t:idno")
            if i.get("type") in ("FOIA-case", "State-doc")] == [
        ("FOIA-case", "F-2016-07895"), ("State-doc", "C06123456")]


def test_the_secretary_of_a_state_department_record(foia):
    """``The Secretary`` in a State Department record is the Secretary of State on the date
    (Warren Christopher in July 1994), as a participant and as a speaker."""
    assert xpath(foia, "//t:sp/@who") == ["#christopher", "#kozyrev", "#christopher"]


def test_a_country_heading_a_side_is_no_person(foia):
    assert not xpath(foia, "//t:person[starts-with(@xml:id, 'russia')]")


def test_state_exemption_code_alone_is_a_redaction(foia):
    assert compact(xpath(foia, "//t:gap[@reason='redacted']")[0]) == (
        '<gap reason="redacted"><desc>B1</desc></gap>')


# --- 52: a translated record of conversation (another government's archive) ----------------


@pytest.fixture(scope="module")
def record(unseen_outcomes) -> etree._Element:
    return encoded(unseen_outcomes, "52_record-of-conversation-translated")


def test_a_shared_name_in_the_heading_is_the_one_in_office(record):
    """``… between M. S. Gorbachev and G. Bush`` on 2 December 1989: of the two G. Bushes,
    the one in office on the date is the party; ``Bush:`` is he."""
    assert xpath(record, "//t:person[@role='participant']/@xml:id") == [
        "gorbachev", "bush-ghw"]
    assert xpath(record, "//t:sp/@who") == ["#gorbachev", "#bush-ghw"] * 2 + ["#gorbachev"]


def test_editors_omission_mark_is_a_gap(record):
    assert compact(xpath(record, "//t:gap")[0]) == (
        '<gap reason="editorial"><desc>...</desc></gap>')
