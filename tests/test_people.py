"""People, places and the journal article (issue 4), on the encoded seeds."""

from __future__ import annotations

from conftest import NS, fragment, xpath
from lxml import etree


def wikidata_of(tree, label: str) -> str:
    """The Wikidata id of the person whose speeches carry ``label``."""
    who = xpath(tree, f"//t:sp[t:speaker='{label}']/@who")[0][1:]
    return xpath(tree, f"//t:person[@xml:id='{who}']/t:idno[@type='wikidata']/text()")[0]


def test_the_president_resolves_by_the_documents_date(docs):
    assert [wikidata_of(docs[k], "The President:") for k in ("000", "001", "004")] == [
        "Q1124"
    ] * 3
    assert wikidata_of(docs["003"], "The President:") == "Q207"


def test_putin_is_one_person_under_all_three_labels(docs):
    assert wikidata_of(docs["000"], "Acting President Putin:") == "Q7747"
    assert wikidata_of(docs["001"], "President-elect Putin:") == "Q7747"
    assert wikidata_of(docs["003"], "President Putin:") == "Q7747"


def test_yeltsin(docs):
    assert wikidata_of(docs["004"], "President Yeltsin:") == "Q34453"


def test_notetakers_and_interpreters_listed_with_their_roles(docs):
    roles = {
        p.findtext("t:persName", namespaces=NS): p.get("role")
        for p in xpath(docs["001"], "//t:listPerson/t:person")
    }
    assert roles["Peter Afanasenko"] == "interpreter"
    assert roles["Andrew Weiss"] == "notetaker"
    assert roles["William J. Clinton"] == "participant"


def test_surname_only_notetakers_become_local_persons_without_wikidata(docs):
    person = xpath(docs["000"], "//t:person[@xml:id='rogers']")[0]
    assert fragment(person) == (
        '<person xml:id="rogers" role="notetaker"><persName>Rogers</persName></person>'
    )


def test_alias_in_running_text_is_tagged(docs):
    name = xpath(docs["000"], "//t:sp//t:persName[.='Boris Nikolayevich']")[0]
    assert name.get("ref") == "#yeltsin"


def test_ambiguous_surname_settled_by_the_document(docs):
    refs = xpath(docs["001"], "//t:sp//t:persName[contains(., 'Ivanov')]/@ref")
    assert set(refs) == {"#ivanov-sergey"}


def test_ambiguous_surname_left_untagged_when_the_document_does_not_settle_it(docs):
    assert xpath(docs["003"], "//t:text//t:persName[contains(., 'Ivanov')]") == []
    assert "Ivanov to go to New York" in xpath(docs["003"], "string(//t:body)")


def test_seed_004_tags_six_people_and_four_places(docs):
    people = set(xpath(docs["004"], "//t:body//t:p//t:persName/@ref"))
    places = set(xpath(docs["004"], "//t:body//t:p//t:placeName/@ref"))
    assert len(people) >= 6, people
    assert len(places) >= 4, places
    assert {"#milosevic", "#chirac", "#blair-tony"} <= people
    assert {"#kosovo", "#serbia", "#bosnia"} <= places


def test_places_listed_in_the_header_with_wikidata(docs):
    place = xpath(docs["004"], "//t:settingDesc/t:listPlace/t:place[@xml:id='kosovo']")[0]
    assert fragment(place) == (
        '<place xml:id="kosovo"><placeName>Kosovo</placeName>'
        '<idno type="wikidata">Q1246</idno></place>'
    )


# --- the journal article ------------------------------------------------------------------


def test_article_front_title_author_and_imprint(docs):
    front = xpath(docs["002"], "//t:front")[0]
    assert fragment(front) == (
        '<front><docImprint>[ISSN <idno type="ISSN">1974-028X</idno>]</docImprint>'
        '<docImprint><foreign xml:lang="it">193 / GENNAIO 2024\u00a0(CCXXIV)</foreign></docImprint>'
        '<docTitle><titlePart type="main">Twilight Calls</titlePart>'
        '<titlePart type="sub">Reflections on US-Russia Relations</titlePart></docTitle>'
        '<byline><foreign xml:lang="it">di</foreign> <docAuthor ref="#augusto-tamponi">Augusto '
        'Tamponi</docAuthor>'
        "</byline></front>"
    )
    assert xpath(docs["002"], "//t:sourceDesc/t:bibl/t:biblScope[@unit='issue']/text()") == [
        "193"
    ]
    assert xpath(docs["002"], "//t:sourceDesc/t:bibl/t:date/@when") == ["2024-01"]


def test_article_body_divided_at_its_headings(docs):
    heads = xpath(docs["002"], "//t:body//t:div[@type='section']/t:head/text()")
    assert heads == [
        "Focus on the content of the phone call: premises for a new and positive partnership?",
        "Final considerations",
    ]


def test_article_quotations_keep_their_marks(docs):
    qs = [fragment(q) for q in xpath(docs["002"], "//t:q")]
    assert "<q>“personal”</q>" in qs
    assert "<q>“simple”</q>" in qs


def test_article_links_to_the_call_it_discusses_and_the_call_links_back(docs):
    ref = xpath(docs["002"], "//t:body//t:ref[contains(@target, 'telcon-2000-01-01')]")[0]
    assert fragment(ref) == (
        '<ref target="telcon-2000-01-01-clinton-putin.xml"><date when="2000-01-01">January 1, '
        "2000</date></ref>"
    )
    back = xpath(docs["000"], "//t:notesStmt/t:relatedItem")[0]
    assert (back.get("type"), back.get("target")) == (
        "discussed-by", "article-2024-tamponi-twilight-calls.xml"
    )


def test_article_site_navigation_in_back_marked_italian(docs):
    div = xpath(docs["002"], "//t:back/t:div")[0]
    assert (div.get("type"), div.get("{http://www.w3.org/XML/1998/namespace}lang")) == (
        "site-navigation", "it"
    )
    assert xpath(div, "t:list/t:item[1]/text()", ) == ["filosofia & religione"]


def test_article_people_and_places_tagged(docs):
    assert {"#clinton", "#putin", "#yeltsin"} <= set(
        xpath(docs["002"], "//t:body//t:persName/@ref")
    )
    assert {"#chechnya", "#russia"} <= set(xpath(docs["002"], "//t:body//t:placeName/@ref"))


# --- the corpus personography -------------------------------------------------------------


def test_personography_lists_every_document_of_a_person(encoded):
    tree = etree.parse(str(encoded / "people.xml"))
    putin = tree.xpath("//t:person[@xml:id='putin']", namespaces=NS)[0]
    items = putin.xpath(".//t:item", namespaces=NS)
    assert [(i.get("n"), i.findtext("t:ref", namespaces=NS)) for i in items] == [
        ("mentioned", "article-2024-tamponi-twilight-calls"),
        ("speaker", "telcon-2000-01-01-clinton-putin"),
        ("speaker", "telcon-2000-03-27-clinton-putin"),
        ("speaker", "telcon-2003-03-18-bush-putin"),
    ]
    assert putin.findtext("t:idno[@type='wikidata']", namespaces=NS) == "Q7747"


def test_personography_answers_who_took_the_notes(encoded):
    tree = etree.parse(str(encoded / "people.xml"))
    notetakers = tree.xpath("//t:person[.//t:item[@n='notetaker']]/t:persName/text()",
                            namespaces=NS)
    assert "Jenny McGee" in notetakers and "Rogers" in notetakers
    mcgee = tree.xpath("//t:person[t:persName='Jenny McGee']//t:item/t:ref/text()",
                       namespaces=NS)
    assert mcgee == ["telcon-1998-03-24-clinton-yeltsin", "telcon-2000-03-27-clinton-putin"]


def test_personography_valid_against_tei_all(encoded):
    import subprocess

    from conftest import require_jing, require_tei_all

    rng, jing = require_tei_all(), require_jing()
    run = subprocess.run([jing, str(rng), str(encoded / "people.xml")], capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stdout
