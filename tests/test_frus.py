"""Issue 11 part B: printed-edition (FRUS-style) texts in more variants; speakers and people.

Fixtures ``tests/fixtures/unseen/40``–``47`` (invented, see EXPECTED.md there): a telcon and
memcons with numbered or wrapped headings, parenthesised surnames, source notes at the end
without a trailer, fields in capitals without colons, a bulleted participant list with no
label, one-letter, surname and title labels, and redaction citations behind a box edge.
One test per phenomenon; each asserts the TEI the encoder writes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, tei_tokens, xpath
from conftest import fragment as _fragment
from lxml import etree

UNSEEN = ROOT / "tests" / "fixtures" / "unseen"
KEYS = ["40", "41", "42", "43", "44", "45", "46", "47"]


@pytest.fixture(scope="module")
def frus(unseen_outcomes) -> dict[str, tuple[etree._ElementTree, list[str], Path]]:
    docs = {}
    for src in sorted(UNSEEN.glob("4*.txt")):
        o = unseen_outcomes[src.stem]
        assert o.error is None and o.data is not None, o.error
        tree = etree.fromstring(o.data, etree.XMLParser(resolve_entities=False, no_network=True))
        docs[src.name[:2]] = (tree.getroottree(), o.warnings, src)
    return docs


def fragment(node) -> str:
    return re.sub(r">\n\s*<", "><", _fragment(node))


def t(frus, key):
    return frus[key][0]


def whos(tree) -> list[str]:
    return [s.get("who") for s in xpath(tree, "//t:sp")]


# --- notes without a trailer ----------------------------------------------------------------


def test_source_note_without_trailer_is_a_note_not_text_of_the_last_speech(frus):
    tree = t(frus, "40")
    last = xpath(tree, "//t:sp[last()]")[0]
    assert "Source" not in last.xpath("string()")
    notes = xpath(tree, "//t:body/t:div/t:note[@type='footnote']")
    assert [n.get("n") for n in notes] == ["1", "2", "3"]
    assert [n.get("target") for n in notes] == ["#fncall-1", "#fncall-2", "#fncall-3"]
    assert notes[0].xpath("string()").startswith("1. Source: Library of Congress")
    for n in notes:  # every note points at exactly one call
        assert len(xpath(tree, f"//t:anchor[@xml:id='{n.get('target')[1:]}']")) == 1


def test_footnote_call_after_a_closing_parenthesis_or_a_stop(frus):
    head = xpath(t(frus, "40"), "//t:head")[0]
    assert fragment(head).endswith(
        '(<persName ref="#dobrynin">Dobrynin</persName>)<anchor type="noteCall" '
        'xml:id="fncall-1"/><hi rend="superscript">1</hi></head>')
    p = xpath(t(frus, "41"), "//t:sp[2]/t:p")[0]
    assert fragment(p).endswith('agreements.<anchor type="noteCall" xml:id="fncall-2"/>'
                                '<hi rend="superscript">2</hi></p>')


# --- title and header ---------------------------------------------------------------------


def test_heading_without_its_number_is_the_title_never_the_file_name(frus):
    titles = {k: xpath(t(frus, k), "//t:titleStmt/t:title[@type='main']/text()")[0]
              for k in KEYS}
    assert titles["40"] == ("Telephone Conversation Between the President's Assistant for "
                            "National Security Affairs (Kissinger) and the Soviet Ambassador "
                            "(Dobrynin)")
    assert titles["44"] == ("Telephone Conversation Between President Nixon and the Soviet "
                            "Ambassador (Dobrynin)")
    assert titles["42"] == "Memorandum of Conversation"
    assert not any(".txt" in x for x in titles.values())


def test_subject_is_the_title_of_a_printed_memcon(frus):
    assert xpath(t(frus, "41"), "//t:titleStmt/t:title[@type='main']/text()") == [
        "Berlin and the Strategic Arms Talks"]


def test_source_note_archive_and_citation_go_to_msidentifier(frus):
    assert fragment(xpath(t(frus, "40"), "//t:msIdentifier")[0]) == (
        "<msIdentifier><repository>Library of Congress</repository><collection>Manuscript "
        "Division, Kissinger Papers, Box CL 368, Telephone Conversations, Chronological File"
        "</collection></msIdentifier>")
    assert xpath(t(frus, "45"), "//t:msIdentifier/t:repository/text()") == ["Johnson Library"]


def test_source_note_classification_and_caveats_are_the_overall_classification(frus):
    assert xpath(t(frus, "40"), "//t:catRef/@target") == ["#S #NODIS"]
    assert xpath(t(frus, "42"), "//t:catRef/@target") == ["#TS #SENSITIVE #EYES-ONLY"]
    assert {"SENSITIVE", "EYES-ONLY"} <= set(xpath(t(frus, "42"), "//t:category/@xml:id"))
    assert xpath(t(frus, "44"), "//t:catRef") == []  # "No classification marking."


def test_dateline_gives_the_header_dates(frus):
    # Washington in May: EDT, the offset the place and date give (issue 11 part A)
    assert xpath(t(frus, "40"), "//t:setting/t:date/@when") == ["1971-05-12T19:40:00-04:00"]
    assert [xpath(t(frus, "42"), f"//t:setting/t:date/@{a}")[0] for a in ("from", "to")] == [
        "1972-05-24T19:30:00", "1972-05-24T23:00:00"]
    assert xpath(t(frus, "45"), "//t:origDate/@when") == ["1967-06-05"]


# --- headings -----------------------------------------------------------------------------


def test_printed_headings_make_memoranda_never_articles(frus):
    kinds = {k: (xpath(t(frus, k), "//t:body/t:div/@type"), xpath(t(frus, k), "//t:div/@subtype"))
             for k in KEYS}
    assert kinds["40"] == (["memorandum"], ["telcon"])
    assert kinds["41"] == (["memorandum"], ["memcon"])
    assert kinds["45"] == (["memorandum"], ["memcon"])
    assert all(xpath(t(frus, k), "//t:docImprint") == [] for k in KEYS)


def test_wrapped_heading_is_one_head(frus):
    heads = xpath(t(frus, "44"), "//t:head")
    assert len(heads) == 1
    assert heads[0].xpath("string()") == (
        "118. Telephone Conversation Between President Nixon and the Soviet Ambassador "
        "(Dobrynin)1")


# --- speakers and people ------------------------------------------------------------------


def test_letter_labels_resolve_through_parenthesised_surnames(frus):
    assert whos(t(frus, "40")) == ["#kissinger", "#dobrynin"] * 4 + ["#kissinger"]


def test_letter_label_names_the_party_whose_title_starts_with_it(frus):
    assert set(xpath(t(frus, "44"), "//t:sp[t:speaker='P:']/@who")) == {"#nixon"}


def test_president_label_is_the_president_the_heading_or_participants_name(frus):
    assert set(xpath(t(frus, "41"), "//t:sp[t:speaker='The President:']/@who")) == {"#nixon"}
    # President Podgorny takes part too, but The President is the United States' President
    assert set(xpath(t(frus, "42"), "//t:sp[t:speaker='The President:']/@who")) == {"#nixon"}
    assert set(xpath(t(frus, "45"), "//t:sp[t:speaker='President:']/@who")) == {
        "#johnson-lyndon"}


def test_surname_label_resolves_through_the_participants(frus):
    tree = t(frus, "41")
    assert xpath(tree, "//t:sp[t:speaker='Rogers:']/@who") == ["#rogers-william"]
    assert xpath(tree, "//t:person[contains(t:persName, 'Rogers')]/@xml:id") == [
        "rogers-william"]


def test_heading_party_known_by_title_and_surname_is_the_office_holder(frus):
    tree, warnings, _ = frus["47"]  # Secretary of State Rogers, 1971: not a local Rogers
    assert set(xpath(tree, "//t:sp[t:speaker='R:']/@who")) == {"#rogers-william"}
    assert set(xpath(tree, "//t:sp[t:speaker='K:']/@who")) == {"#kissinger"}
    assert not [w for w in warnings if "Rogers" in w]


def test_page_marker_before_the_notes_stays_a_page_break(frus):
    body = xpath(t(frus, "47"), "//t:body/t:div")[0]
    tail = [etree.QName(e).localname for e in body][-4:]
    assert tail == ["sp", "pb", "note", "note"]


def test_one_id_per_man_across_heading_fields_and_labels(frus):
    assert xpath(t(frus, "41"), "//t:person[contains(t:persName, 'Dobrynin')]/@xml:id") == [
        "dobrynin"]
    tree = t(frus, "45")  # McNamara is not in the registry: one local person
    assert xpath(tree, "//t:person[contains(t:persName, 'McNamara')]/@xml:id") == ["mcnamara"]
    assert set(xpath(tree, "//t:list//t:persName[contains(., 'McNamara')]/@ref")) == {
        "#mcnamara"}
    assert set(xpath(tree, "//t:sp[t:speaker='McNamara:']/@who")) == {"#mcnamara"}


def test_field_labels_in_capitals_alone_on_a_line(frus):
    assert xpath(t(frus, "41"), "//t:list[@type='memo-fields']/t:label/text()") == [
        "PARTICIPANTS", "SUBJECT"]


def test_bulleted_participant_list_without_a_label_is_the_participants(frus):
    tree = t(frus, "42")
    lst = xpath(tree, "//t:list[@type='memo-fields']")[0]
    assert xpath(lst, "t:label") == []
    assert xpath(lst, "t:item/t:persName/@ref") == [
        "#brezhnev", "#kosygin", "#podgorny", "#nixon", "#kissinger", "#viktor-sukhodrev"]
    assert xpath(tree, "//t:person[@xml:id='viktor-sukhodrev']/@role") == ["interpreter"]
    assert xpath(tree, "//t:person[@xml:id='podgorny']/@role") == ["participant"]


def test_participants_grouped_by_side_in_blocks(frus):
    tree = t(frus, "46")
    item = xpath(tree, "//t:list[@type='memo-fields']/t:item")[0]
    assert item.text.strip() == "USSR"
    assert xpath(item, "t:persName/@ref") == [
        "#gromyko", "#dobrynin", "#viktor-m-sukhodrev", "#rogers-william", "#hartman-arthur",
        "#peter-w-rodman"]
    assert not xpath(tree, "//t:person[t:persName='USSR' or t:persName='US']")


def test_title_label_is_the_participant_with_that_title(frus):
    # The Secretary of State on 12 August 1973 was Rogers; Assistant Secretary Hartman is not
    assert set(xpath(t(frus, "46"), "//t:sp[t:speaker='The Secretary:']/@who")) == {
        "#rogers-william"}


def test_dateline_place_with_region_and_an_hour_without_minutes(frus):
    """``10 a.m.`` is read (an hour alone with a.m./p.m.), with San Clemente's offset on that
    date (vocab.json ``place_zones``: Pacific daylight time in August 1973)."""
    assert fragment(xpath(t(frus, "46"), "//t:dateline")[0]) == (
        '<dateline><placeName>San Clemente, California</placeName>, '
        '<date when="1973-08-12T10:00:00-07:00">August 12, 1973, 10 a.m.</date></dateline>')
    assert xpath(t(frus, "46"), "//t:origPlace/text()") == ["San Clemente, California"]


@pytest.mark.parametrize("key", KEYS)
def test_every_speaker_is_a_person_of_the_document(frus, key):
    tree = t(frus, key)
    ids = {f"#{i}" for i in xpath(tree, "//t:person/@xml:id")}
    assert whos(tree) and set(whos(tree)) <= ids
    assert not {"#president", "#the-president", "#g", "#k", "#d", "#p"} & ids


# --- redactions ---------------------------------------------------------------------------


def test_box_edge_before_a_redaction_citation_kept_verbatim(frus):
    tree, warnings, _ = frus["43"]
    assert [fragment(g) for g in xpath(tree, "//t:gap[@reason='redacted']")] == [
        '<gap reason="redacted"><desc>I E.O. 13526, section 1.4(b)</desc></gap>',
        '<gap reason="redacted"><desc>| (b)(1)</desc></gap>']
    assert sum("box edge" in w for w in warnings) == 2


def test_text_not_declassified_is_a_redaction(frus):
    tree, warnings, _ = frus["46"]
    assert [fragment(g) for g in xpath(tree, "//t:sp[4]//t:gap")] == [
        '<gap reason="redacted"><desc>less than 1 line not declassified</desc></gap>',
        '<gap reason="redacted"><desc>1 paragraph (3 lines) not declassified</desc></gap>']
    assert not [w for w in warnings if "bracket" in w]


# --- fidelity and validity ----------------------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
def test_frus_token_fidelity(frus, key):
    tree, _, src = frus[key]
    source = re.findall(r"\w+", re.sub(r"\[Page \d+\]", "", src.read_text(encoding="utf-8")))
    assert tei_tokens(xpath(tree, "//t:text")[0]) == source


# tei_all validity of these fixtures: tests/test_unseen.py::test_unseen_valid_against_tei_all
# (it reads every fixture of tests/fixtures/unseen)


def test_reading_edition_and_dublin_core_give_caveats_and_collection(frus, tmp_path):
    from encoder.catalogue import dublin_core, load_record
    from encoder.html import render

    (tmp_path / "tei").mkdir()
    src = tmp_path / "tei" / "doc.xml"
    t(frus, "40").write(str(src), encoding="UTF-8", xml_declaration=True)
    page = next(v for k, v in render(tmp_path) if k.startswith("html/telcon")).decode()
    assert 'class="classification">Secret; No distribution<' in page
    assert 'data-pagefind-filter="classification:Secret"' in page  # the level alone
    assert "<dd>Library of Congress; Manuscript Division, Kissinger Papers, Box CL 368" in page
    dc = dublin_core(load_record(src), "oai:x:doc")
    assert "Overall classification: Secret; No distribution" in dc.xpath("string(.)")
    assert xpath(dc, "//*[local-name()='source']/text()") == [
        "Library of Congress, Manuscript Division, Kissinger Papers, Box CL 368, Telephone "
        "Conversations, Chronological File"]


@pytest.mark.parametrize("key", KEYS)
def test_printed_edition_flattened_to_one_line_is_still_valid(frus, key):
    """A whole printed edition on one line is not one long heading (no document is lost to a
    heading with nothing after it); reading its parts is for the re-flow (test_ocr.py)."""
    from encoder.parse import decode_source, parse
    from encoder.tei import serialize, to_tei
    from encoder.validate import validate

    src = frus[key][2]
    flat = re.sub(r"\s+", " ", src.read_text(encoding="utf-8")).strip() + "\n"
    data = serialize(to_tei(parse(decode_source(flat.encode("utf-8"), src.name))))
    assert validate(data, src.name) == []
