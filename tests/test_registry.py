"""The people and place registries: identities that are right, dated and never guessed.

Each test pins one behaviour of ``encoder.registry`` on real text from the seeds.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from encoder.errors import EncodeError
from encoder.jsondata import data_file
from encoder.registry import Registry

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed(prefix: str) -> str:
    """The text of the seed whose file name starts with ``prefix`` ("000" … "004")."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def paragraph(prefix: str, start: str) -> str:
    """The first paragraph of a seed that starts with ``start``."""
    return next(p.strip() for p in seed(prefix).split("\n\n") if p.strip().startswith(start))


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load()


def mentions(reg: Registry, text: str, context: str = "") -> list[tuple[str, str | None]]:
    return [(m.text, m.id) for m in reg.find_mentions(text, context)]


# --- speaker labels and participants -------------------------------------------------------


def test_the_president_on_1_january_2000_is_clinton_q1124(reg: Registry) -> None:
    person = reg.resolve_label("The President", date(2000, 1, 1))
    assert person is not None and person.wikidata == "Q1124"


def test_the_president_on_18_march_2003_is_bush_q207(reg: Registry) -> None:
    person = reg.resolve_label("The President:", date(2003, 3, 18))
    assert person is not None and person.wikidata == "Q207"


@pytest.mark.parametrize(
    "label",
    [
        "Acting President Putin",  # seed 000
        "President-elect Putin",  # seed 001
        "Russian President-elect Vladimir Putin",  # seed 001, PARTICIPANTS
        "President Putin",  # seed 003
    ],
)
def test_every_putin_label_is_one_person_q7747(reg: Registry, label: str) -> None:
    person = reg.resolve_label(label, date(2000, 3, 27))
    assert person is not None and (person.id, person.wikidata) == ("putin", "Q7747")


def test_president_yeltsin_is_q34453(reg: Registry) -> None:
    person = reg.resolve_label("President Yeltsin", date(1998, 3, 24))
    assert person is not None and person.wikidata == "Q34453"


@pytest.mark.parametrize("label", ["Chancellor Schmutzler", "Operator", "Mr. Smith"])
def test_unknown_label_resolves_to_none(reg: Registry, label: str) -> None:
    assert reg.resolve_label(label, date(2000, 1, 1)) is None


def test_bare_title_without_a_date_is_not_guessed(reg: Registry) -> None:
    assert reg.resolve_label("The President", None) is None


def test_title_before_a_shared_surname_is_not_guessed(reg: Registry) -> None:
    # Two Ivanovs in the registry: a label must not pick one.
    assert reg.resolve_label("Foreign Minister Ivanov", date(2003, 3, 18)) is None


def test_a_participant_string_naming_two_people_is_not_resolved(reg: Registry) -> None:
    assert reg.resolve_label("The President and Acting President Putin", date(2000, 1, 1)) is None


# --- names in memo fields -------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, expected",
    [
        ("Robert A. Bradtke", "robert-a-bradtke"),  # seed 000, authority block
        ("Peter Afanasenko", "peter-afanasenko"),  # seeds 001 and 003, Interpreter
        ("MR. LEWIS LIBBY", "libby"),  # seed 003, transmittal addressee in capitals
        ("Gregory L. Schulte", "gregory-l-schulte"),  # seed 003, signer
    ],
)
def test_memo_field_name_resolves_to_registry_person(
    reg: Registry, written: str, expected: str
) -> None:
    person = reg.resolve_name(written)
    assert person is not None and person.id == expected


@pytest.mark.parametrize("surname", ["Rogers", "Manning", "Williams"])
def test_surname_only_notetakers_are_not_guessed(reg: Registry, surname: str) -> None:
    # Seed 000: "NOTETAKERS: Rogers, Manning, and Williams" — local persons, not registry ones.
    assert reg.resolve_name(surname) is None


# --- names in running text ------------------------------------------------------------------


def test_boris_nikolayevich_is_an_alias_of_yeltsin(reg: Registry) -> None:
    text = paragraph("000", "Acting President Putin: Thank you once again")
    assert ("Boris Nikolayevich", "yeltsin") in mentions(reg, text)
    assert ("Boris", "yeltsin") not in mentions(reg, text)  # the longer form wins


def test_ivanov_is_resolved_by_the_full_name_elsewhere_in_the_document(reg: Registry) -> None:
    text = paragraph("001", "President-elect Putin: As for the Berger-Ivanov channel")
    found = mentions(reg, text, context=seed("001"))
    assert ("Berger", "berger") in found
    assert ("Ivanov", "ivanov-sergey") in found


def test_ivanov_is_ambiguous_without_that_context(reg: Registry) -> None:
    text = paragraph("001", "President-elect Putin: As for the Berger-Ivanov channel")
    assert ("Ivanov", None) in mentions(reg, text, context=text)


def test_ivanov_stays_ambiguous_where_the_document_gives_no_full_name(reg: Registry) -> None:
    # Seed 003 says "Igor" and "Ivanov" but never "Igor Ivanov": not enough to decide.
    text = paragraph("003", "President Putin: Thank you, George.")
    assert ("Ivanov", None) in mentions(reg, text, context=seed("003"))


def test_possessive_is_a_mention_of_the_name(reg: Registry) -> None:
    straight = paragraph("000", "The President: I think you are off")  # "Yeltsin's resignation"
    curly = paragraph("002", "Boris Yeltsin resigned")  # "Yeltsin’s successor"
    for text, possessive in [(straight, "Yeltsin's"), (curly, "Yeltsin\u2019s")]:
        start = text.index(possessive)
        hit = next(m for m in reg.find_mentions(text) if m.start == start)
        assert (hit.text, hit.end, hit.id) == ("Yeltsin", start + len("Yeltsin"), "yeltsin")


def test_office_titles_alone_are_not_mentions(reg: Registry) -> None:
    text = paragraph("004", "President Yeltsin: I think that now")  # "convince the President"
    assert all(m.text != "President" for m in reg.find_mentions(text))
    assert "President" not in {m.text for m in reg.find_mentions("Thank you, Mr. President.")}


def test_seed_004_names_at_least_six_people_and_four_places(reg: Registry) -> None:
    text = seed("004")
    found = reg.find_mentions(text, text)
    people = {m.id for m in found if m.kind == "person" and m.id}
    places = {m.id for m in found if m.kind == "place" and m.id}
    assert {"chirac", "blair-tony", "schroeder", "milosevic", "holbrooke", "yeltsin"} <= people
    assert {"serbia", "kosovo", "bosnia", "rambouillet", "balkans", "macedonia"} <= places


def test_mentions_do_not_overlap_and_match_whole_words(reg: Registry) -> None:
    text = paragraph("004", "The President: But the problem is, Boris")  # "Kosovar Albanians"
    found = reg.find_mentions(seed("004"))
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
    assert "Albania" not in {m.text for m in reg.find_mentions("the Kosovar Albanians")}
    hits = reg.find_mentions(text, speakers={"clinton", "yeltsin"})
    assert ("Boris", "yeltsin") in [(m.text, m.id) for m in hits]


def test_not_within_phrase_blocks_an_alias(reg: Registry) -> None:
    footer = "Suite 701, Gelman Library, The George Washington University"  # seed 000
    assert mentions(reg, footer) == []
    # seed 003: "George" is shared by the two Presidents Bush; the caller settles it
    hits = reg.find_mentions("Thank you, George.", speakers={"bush-gw"})
    assert [(m.text, m.id) for m in hits] == [("George", "bush-gw")]


def test_a_participant_settles_an_ambiguous_name(reg: Registry) -> None:
    text = "As for the Berger-Ivanov channel"
    hits = reg.find_mentions(text, text, speakers={"ivanov-igor"})
    assert [(m.text, m.id) for m in hits] == [("Berger", "berger"), ("Ivanov", "ivanov-igor")]


# --- the unseen fixtures (tests/fixtures/unseen): 1963-2006 ---------------------------------


@pytest.mark.parametrize(
    "on, expected",
    [
        (date(1963, 10, 1), "kennedy"),  # 01
        (date(1963, 11, 22), "johnson-lyndon"),  # sworn in the day Kennedy died
        (date(1966, 2, 10), "johnson-lyndon"),  # 05
        (date(1972, 6, 1), "nixon"),
        (date(1975, 8, 26), "ford"),  # 08
        (date(1978, 3, 30), "carter"),  # 06
        (date(1985, 1, 1), "reagan"),
        (date(1989, 1, 20), "bush-ghw"),  # inauguration day: the new President
        (date(1990, 8, 22), "bush-ghw"),  # 11
        (date(1992, 12, 20), "bush-ghw"),  # 07
        (date(1995, 9, 27), "clinton"),  # 10
        (date(2006, 7, 21), "bush-gw"),  # 09
    ],
)
def test_the_president_resolves_by_date_kennedy_to_bush(
    reg: Registry, on: date, expected: str
) -> None:
    for label in ("The President", "President:"):
        person = reg.resolve_label(label, on)
        assert person is not None and person.id == expected, (label, on)


@pytest.mark.parametrize(
    "title",
    [
        "President of the United States",
        "United States Secretary of State",
        "United States National Security Advisor",
        "General Secretary of the Communist Party of the Soviet Union",
        "Chairman of the Council of Ministers of the Soviet Union",
        "Minister of Foreign Affairs of the Soviet Union",
        "Minister of Foreign Affairs of Russia",
        "Prime Minister of Russia",
        "Prime Minister of the United Kingdom",
        "Chancellor of Germany",
        "President of France",
    ],
)
def test_terms_of_one_office_do_not_overlap(reg: Registry, title: str) -> None:
    terms = sorted(
        (o.start, o.end, p.id)
        for p in reg.people
        for o in p.offices
        if o.title == title
    )
    for (_, end, a), (start, _, b) in zip(terms, terms[1:], strict=False):
        assert end is not None and end <= start, (a, b)


@pytest.mark.parametrize(
    "label, on, expected",
    [
        ("Rusk", date(1964, 6, 9), "rusk"),
        ("Secretary of State Rusk", date(1963, 10, 1), "rusk"),
        ("Foreign Minister Gromyko", date(1963, 10, 1), "gromyko"),
        ("Chancellor Kohl", date(1989, 5, 30), "kohl"),
        ("Secretary Baker", date(1989, 5, 3), "baker-james"),
        ("Secretary of State James A. Baker", date(1989, 5, 30), "baker-james"),
        ("Foreign Minister Genscher", date(1989, 5, 30), "genscher"),
        ("Ambassador Vernon A. Walters", date(1989, 5, 3), "walters"),
        ("Chancellor Schmidt", date(1978, 3, 30), "schmidt-helmut"),
        ("Chancellor Merkel", date(2006, 7, 21), "merkel"),
        ("Foreign Minister Kozyrev", date(1995, 9, 27), "kozyrev"),
        ("Secretary Christopher", date(1995, 9, 27), "christopher"),
        ("President Francois Mitterrand", date(1990, 8, 22), "mitterrand"),
        ("Prime Minister Blair", date(2002, 9, 3), "blair-tony"),
        ("Prime Minister Chrétien", date(1997, 9, 16), "chretien"),
        ("Prime Minister Hashimoto", date(1996, 4, 3), "hashimoto"),
        ("Prime Minister Mulroney", date(1990, 2, 12), "mulroney"),
        ("Prime Minister Major", date(1995, 3, 9), "major"),
        ("The Secretary of State", date(1992, 12, 20), "eagleburger"),
        ("The Secretary of State", date(1978, 3, 30), "vance"),
    ],
)
def test_unseen_labels_resolve_to_registry_people(
    reg: Registry, label: str, on: date, expected: str
) -> None:
    person = reg.resolve_label(label, on)
    assert person is not None and person.id == expected


def test_bare_bundy_is_ambiguous(reg: Registry) -> None:
    assert reg.resolve_label("Bundy", date(1964, 6, 9)) is None
    assert mentions(reg, "R said he would talk to Bundy.") == [("Bundy", None)]


def test_bundy_of_the_national_security_title_is_mcgeorge(reg: Registry) -> None:
    head = (
        "Transcript of Telephone Conversation Between Secretary of State Rusk and the "
        "President's Special Assistant for National Security Affairs (Bundy)"
    )  # unseen 02
    assert ("Bundy", "bundy-mcgeorge") in mentions(reg, head)


def test_bill_bundy_settles_bare_bundy_as_william(reg: Registry) -> None:
    text = "Bill Bundy had the lead on the political side. R said he would talk to Bundy."
    assert mentions(reg, text) == [("Bill Bundy", "bundy-william"), ("Bundy", "bundy-william")]


def test_helmut_is_settled_by_the_call(reg: Registry) -> None:
    text = "Helmut, I am calling because I want you to hear it from me."  # unseen 06
    assert mentions(reg, text) == []  # neither Helmut takes part in this sentence alone
    hits = reg.find_mentions(text, speakers={"carter", "schmidt-helmut"})
    assert [(m.text, m.id) for m in hits] == [("Helmut", "schmidt-helmut")]


def test_mrs_rusk_and_mrs_clinton_are_not_their_husbands(reg: Registry) -> None:
    assert mentions(reg, "please give my regards to Mrs. Rusk.") == []
    assert mentions(reg, "welcoming you and Mrs. Clinton.") == [("Mrs. Clinton", "hillary-clinton")]


def test_first_names_in_address(reg: Registry) -> None:
    # unseen 06, Carter and Schmidt: Carter takes part, Genscher is named ("Cy will call
    # Genscher tonight"), Vance is not named at all, so "Cy" stays text
    text = "Let Cy and Hans-Dietrich work out the language. Thank you, Jimmy."
    context = text + " Cy will call Genscher tonight."
    hits = reg.find_mentions(text, context, speakers={"carter", "schmidt-helmut"})
    assert [(m.text, m.id) for m in hits] == [("Hans-Dietrich", "genscher"), ("Jimmy", "carter")]


# --- who could be there (issue 11) ------------------------------------------------------------


def test_a_first_name_alone_is_not_someone_absent_from_the_document(reg: Registry) -> None:
    # a "Bill" in a call of 1985 is not Clinton; a "Boris" who is no participant is not Yeltsin
    assert reg.find_mentions("Bill will be there too.", speakers={"reagan", "kohl"}) == []
    assert reg.find_mentions("Boris tells me so.", speakers={"clinton", "blair-tony"}) == []
    # Madeleine Albright neither takes part in seed 004 nor is named there
    text = paragraph("004", "a chance. Madeleine is ready")
    assert ("Madeleine", "albright") not in mentions(reg, text, context=seed("004"))


def test_a_first_name_names_a_participant(reg: Registry) -> None:
    hits = reg.find_mentions("Thank you, Boris.", speakers={"clinton", "yeltsin"})
    assert [(m.text, m.id) for m in hits] == [("Boris", "yeltsin")]


def test_a_first_name_names_someone_the_document_names_otherwise(reg: Registry) -> None:
    # unseen 07: "before Larry and Andrei meet in Geneva", and footnote 2 names both in full
    text = "I wanted to talk to you before Larry and Andrei meet in Geneva"
    note = (
        "Secretary of State Lawrence S. Eagleburger and Russian Foreign Minister "
        "Andrei V. Kozyrev met in Geneva on January 2 and 3, 1993."
    )
    hits = reg.find_mentions(text, text + "\n" + note, speakers={"bush-ghw", "yeltsin"})
    assert [(m.text, m.id) for m in hits] == [("Larry", "eagleburger"), ("Andrei", "kozyrev")]
    # seed 003 never writes "Igor Ivanov", but it says "Ivanov": the Igor of the call is he
    igor = paragraph("003", "The President: Thank you and a couple points")
    assert ("Igor", "ivanov-igor") in mentions(reg, igor, context=seed("003"))


def test_a_first_name_alone_is_never_a_label_or_memo_name(reg: Registry) -> None:
    assert reg.resolve_label("Boris:", date(1995, 5, 10)) is None
    assert reg.resolve_name("Bill") is None


@pytest.mark.parametrize(
    "label, on, expected",
    [
        ("General Secretary Brezhnev", date(1979, 6, 18), "brezhnev"),
        ("General Secretary Brezhnev", date(1985, 1, 1), None),  # died 1982-11-10
        ("Chancellor Kohl", date(1998, 10, 1), "kohl"),
        ("Chancellor Kohl", date(2018, 1, 1), None),  # died 2017-06-16
        ("President Kennedy", date(1963, 11, 22), "kennedy"),  # the day of his death
        ("President Medvedev", date(1964, 1, 1), None),  # born 1965
    ],
)
def test_a_label_resolves_only_to_someone_alive_on_the_document_date(
    reg: Registry, label: str, on: date, expected: str | None
) -> None:
    person = reg.resolve_label(label, on)
    assert (person.id if person else None) == expected


def test_died_before_born_is_rejected_with_its_path(tmp_path: Path) -> None:
    path = _broken_copy(tmp_path, lambda p: p.update(born="2001-01-01", died="2000-01-01"))
    with pytest.raises(EncodeError) as info:
        Registry.load(people=path)
    assert info.value.message.startswith("$.people[0]: died 2000-01-01 is before born")


# --- the registry of the era: presidents, secretaries, advisers, Soviet/Russian leaders ------


@pytest.mark.parametrize(
    "label, on, expected",
    [
        ("The President", date(2010, 6, 24), "obama"),
        ("The President", date(2018, 7, 16), "trump"),
        ("The President", date(2021, 6, 16), "biden"),
        ("The President", date(2025, 8, 15), "trump"),
        ("The Secretary of State", date(1971, 5, 20), "rogers-william"),
        ("The Secretary of State", date(1975, 8, 1), "kissinger"),
        ("The Secretary of State", date(1980, 9, 1), "muskie"),
        ("The Secretary of State", date(1982, 1, 1), "haig"),
        ("The Secretary of State", date(1987, 12, 8), "shultz"),
        ("The Secretary of State", date(2003, 2, 5), "powell-colin"),
        ("The Secretary of State", date(2010, 4, 8), "hillary-clinton"),
        ("The Secretary of State", date(2015, 7, 14), "kerry"),
        ("The Secretary of State", date(2017, 4, 12), "tillerson"),
        ("The Secretary of State", date(2019, 5, 14), "pompeo"),
        ("The Secretary of State", date(2022, 1, 21), "blinken"),
        ("The National Security Advisor", date(1967, 6, 23), "rostow"),
        ("The National Security Advisor", date(1979, 6, 18), "brzezinski"),
        ("The National Security Advisor", date(1984, 1, 1), "mcfarlane"),
        ("The National Security Advisor", date(1988, 5, 29), "powell-colin"),
        ("The National Security Advisor", date(1995, 5, 10), "lake"),
        ("The National Security Advisor", date(2006, 7, 21), "hadley"),
        ("The National Security Advisor", date(2015, 9, 28), "rice-susan"),
        ("The National Security Advisor", date(2018, 7, 16), "bolton"),
        ("The National Security Advisor", date(2021, 12, 7), "sullivan-jake"),
        ("Chairman Khrushchev", date(1961, 6, 4), "khrushchev"),
        ("Chairman Kosygin", date(1967, 6, 23), "kosygin"),
        ("General Secretary Andropov", date(1983, 6, 1), "andropov"),
        ("General Secretary Chernenko", date(1984, 6, 1), "chernenko"),
        ("President Medvedev", date(2009, 7, 6), "medvedev"),
        ("Foreign Minister Shevardnadze", date(1987, 9, 15), "shevardnadze"),
        ("Foreign Minister Bessmertnykh", date(1991, 3, 15), "bessmertnykh"),
        ("Foreign Minister Lavrov", date(2009, 7, 6), "lavrov"),
        ("Ambassador Dobrynin", date(1962, 10, 27), "dobrynin"),
        ("Ambassador Dubinin", date(1988, 5, 29), "dubinin"),
        ("Ambassador Ushakov", date(2001, 6, 16), "ushakov"),
        ("Ambassador Matlock", date(1989, 12, 2), "matlock"),
        ("Prime Minister Thatcher", date(1989, 12, 3), "thatcher"),
    ],
)
def test_era_registry_resolves_labels_by_date(
    reg: Registry, label: str, on: date, expected: str
) -> None:
    person = reg.resolve_label(label, on)
    assert person is not None and person.id == expected


# --- the registry files ---------------------------------------------------------------------


def test_default_registry_is_loaded_once(reg: Registry) -> None:
    assert Registry.load() is reg


def test_bundled_wikidata_ids_are_not_shared(reg: Registry) -> None:
    ids = [e.wikidata for e in (*reg.people, *reg.places) if e.wikidata]
    assert len(ids) == len(set(ids))


def _broken_copy(tmp_path: Path, edit: Any) -> Path:
    data = json.loads(data_file("people.json").read_text(encoding="utf-8"))
    edit(data["people"][0])
    path = tmp_path / "people.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "edit, json_path",
    [
        (lambda p: p.update(wikidata="X12"), "$.people[0].wikidata"),
        (lambda p: p.pop("name"), "$.people[0]"),
        (lambda p: p.update(birthplace="Hope"), "$.people[0]"),
        (lambda p: p.update(id="1clinton"), "$.people[0].id"),
        (lambda p: p["offices"][0].update(start="20 January 1993"), "$.people[0].offices[0].start"),
    ],
    ids=["bad-wikidata", "missing-name", "unknown-key", "id-not-ncname", "date-not-iso"],
)
def test_schema_rejects_a_broken_registry_naming_file_and_path(
    tmp_path: Path, edit: Any, json_path: str
) -> None:
    path = _broken_copy(tmp_path, edit)
    with pytest.raises(EncodeError) as info:
        Registry.load(people=path)
    assert info.value.file == str(path)
    assert info.value.message.startswith(json_path + ":")


def test_impossible_office_date_is_rejected_with_its_path(tmp_path: Path) -> None:
    path = _broken_copy(tmp_path, lambda p: p["offices"][0].update(end="2001-02-30"))
    with pytest.raises(EncodeError) as info:
        Registry.load(people=path)
    assert info.value.file == str(path)
    assert info.value.message.startswith("$.people[0].offices[0].end: ")


def test_duplicate_id_is_rejected_with_its_path(tmp_path: Path) -> None:
    path = _broken_copy(tmp_path, lambda p: p.update(id="putin"))
    with pytest.raises(EncodeError) as info:
        Registry.load(people=path)
    assert info.value.file == str(path)
    assert info.value.message.startswith("$.people[2].id: duplicate id 'putin'")


def test_shared_surname_with_title_resolves_by_office_held_on_the_date(reg: Registry) -> None:
    assert reg.resolve_label("President Bush", date(1992, 12, 20)).id == "bush-ghw"
    assert reg.resolve_label("President Bush", date(2003, 3, 18)).id == "bush-gw"
    assert reg.resolve_label("Bush", date(1992, 12, 20)) is None


def test_mentions_are_the_same_as_trying_every_form_on_each_seed(
    reg: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tagging tries only the forms whose first word is in the text: never a mention less.

    The reference is tagging as it was, trying every form of the registry, longest first.
    """
    texts = [
        (para, text)
        for path in sorted(SEEDS.glob("*.txt"))
        for text in [path.read_text(encoding="utf-8")]
        for para in text.split("\n\n")
        if para.strip()
    ]
    fast = [reg.find_mentions(para, context) for para, context in texts]
    monkeypatch.setattr(reg._names, "candidates", lambda text: reg._names._forms)
    every_form = [reg.find_mentions(para, context) for para, context in texts]
    assert fast == every_form
    assert sum(map(len, fast)) > 50, "the seeds name people and places"


def test_a_form_with_punctuation_or_no_leading_word_is_still_found() -> None:
    """First words end at punctuation ("U.S."), and a form that starts with none is tried
    everywhere, so neither escapes the first-word index."""
    from encoder.registry import Place

    places = [Place("us", "U.S.", None, ()), Place("hague", "'s-Gravenhage", None, ())]
    small = Registry([], places)
    found = small.find_mentions("the U.S. envoy went to 's-Gravenhage, not U.S.A.")
    assert [(m.text, m.id) for m in found] == [("U.S.", "us"), ("'s-Gravenhage", "hague")]
