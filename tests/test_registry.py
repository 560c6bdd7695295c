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


@pytest.mark.parametrize("label", ["Chancellor Kohl", "Rusk", "Mr. Smith"])
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
    assert {"chirac", "blair-tony", "schroeder", "milosevic", "holbrooke", "albright"} <= people
    assert {"serbia", "kosovo", "bosnia", "rambouillet", "balkans", "macedonia"} <= places


def test_mentions_do_not_overlap_and_match_whole_words(reg: Registry) -> None:
    text = paragraph("004", "The President: But the problem is, Boris")  # "Kosovar Albanians"
    found = reg.find_mentions(seed("004"))
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
    assert "Albania" not in {m.text for m in reg.find_mentions("the Kosovar Albanians")}
    assert ("Boris", "yeltsin") in mentions(reg, text)


def test_not_within_phrase_blocks_an_alias(reg: Registry) -> None:
    footer = "Suite 701, Gelman Library, The George Washington University"  # seed 000
    assert mentions(reg, footer) == []
    assert mentions(reg, "Thank you, George.") == [("George", "bush-gw")]  # seed 003


def test_a_participant_settles_an_ambiguous_name(reg: Registry) -> None:
    text = "As for the Berger-Ivanov channel"
    hits = reg.find_mentions(text, text, speakers={"ivanov-igor"})
    assert [(m.text, m.id) for m in hits] == [("Berger", "berger"), ("Ivanov", "ivanov-igor")]


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
        (lambda p: p.update(born="1946-08-19"), "$.people[0]"),
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
