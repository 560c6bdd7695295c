"""The people and place registries, and the rules that turn text into their ids.

The edition promises identities that are right, dated and linked: "The President" in a 2000 call
is Clinton and in a 2003 call Bush; "Acting President Putin", "President-elect Putin" and
"President Putin" are one person; the Ivanov of one memo is not the Ivanov of another. Those
facts live in hand-edited JSON files (``encoder/data/people.json`` and ``places.json``, checked
against ``schema/people.schema.json`` and ``places.schema.json``), not in code, so that an editor
can correct or extend them without touching the encoder.

Everything here refuses to guess: a label, name or alias that does not lead to exactly one entry
resolves to ``None`` (or a ``Mention`` whose id is ``None``), and the caller turns that into a
local person and a warning.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import EncodeError
from .jsondata import data_file, load_json
from .names import Entry, Mention, NameIndex

PEOPLE_FILE = "people.json"
PLACES_FILE = "places.json"
PEOPLE_SCHEMA = "people.schema.json"
PLACES_SCHEMA = "places.schema.json"

#: Bare office titles as memoranda use them, and the registry office each one means. These are
#: US memoranda, so an unqualified "President" is the President of the United States.
BARE_TITLES: Mapping[str, str] = {
    "president": "President of the United States",
    "mr. president": "President of the United States",
    "vice president": "Vice President of the United States",
    "secretary of state": "United States Secretary of State",
    "secretary of defense": "United States Secretary of Defense",
    "national security advisor": "United States National Security Advisor",
}

#: Words that may stand before a name in a speaker label or participant string ("Russian
#: President-elect Vladimir Putin", "Foreign Minister Ivanov"). Compared case-insensitively.
#: Anything else before the name makes the label unresolvable: we would rather warn than guess.
TITLE_WORDS: frozenset[str] = frozenset(
    """
    the a mr. mr mrs. mrs ms. ms dr. dr col col. colonel gen. general adm. admiral amb.
    ambassador president president-elect vice-president acting interim former first elect
    vice prime minister foreign defense defence chancellor premier secretary deputy under
    assistant special envoy executive national security advisor adviser state of senator
    governor chairman king queen russian american u.s. us german french british chinese
    iraqi serbian yugoslav soviet
    """.split()
)

#: Honorifics stripped from the front of a name in a memo field ("MR. LEWIS LIBBY").
_HONORIFICS = frozenset(
    "mr. mr mrs. mrs ms. ms dr. dr col col. colonel gen. general amb. ambassador".split()
)

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})
_INITIAL = re.compile(r"^[A-Z]\.$")


@dataclass(frozen=True)
class Office:
    """One tenure of one office; ``end`` is the day the office passed on (exclusive)."""

    title: str
    start: date
    end: date | None

    def covers(self, on: date) -> bool:
        """True if the office was held on ``on`` (start inclusive, end exclusive)."""
        return self.start <= on and (self.end is None or on < self.end)


@dataclass(frozen=True)
class Person:
    """A registry person: ``id`` is the xml:id used in ``@ref``/``@who``."""

    id: str
    name: str
    wikidata: str | None
    aliases: tuple[str, ...]
    offices: tuple[Office, ...]
    first_names: tuple[str, ...] = ()
    born: date | None = None
    died: date | None = None

    def held(self, title: str, on: date) -> bool:
        """True if this person held the office ``title`` on ``on``."""
        return any(o.title == title and o.covers(on) for o in self.offices)

    def alive(self, on: date) -> bool:
        """False only if the registry knows this person was not yet born or already dead on
        ``on`` (the day of death still counts): a name in a 1995 call is not a man dead in 1982.
        """
        return (self.born is None or self.born <= on) and (self.died is None or on <= self.died)


@dataclass(frozen=True)
class Place:
    """A registry place: ``id`` is the xml:id used in ``@ref``."""

    id: str
    name: str
    wikidata: str | None
    aliases: tuple[str, ...]


def _normalise(text: str) -> str:
    """Collapse whitespace and straighten apostrophes so that labels compare as written."""
    return " ".join(text.translate(_APOSTROPHES).split())


def _parse_date(value: str, file: str, path: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise EncodeError(f"{path}: {value!r} is not a valid date", file) from None


class Registry:
    """People and places, with lookups by id, by label, by name and in running text."""

    def __init__(
        self,
        people: Iterable[Person],
        places: Iterable[Place],
        not_within: Mapping[tuple[str, str], tuple[str, ...]] | None = None,
    ) -> None:
        self._people: dict[str, Person] = {}
        self._places: dict[str, Place] = {}
        for p in people:
            if p.id in self._people:
                raise ValueError(f"duplicate person id {p.id!r}")
            self._people[p.id] = p
        for pl in places:
            if pl.id in self._places or pl.id in self._people:
                raise ValueError(f"duplicate id {pl.id!r}")
            self._places[pl.id] = pl
        not_within = not_within or {}
        entries = [
            Entry("person", p.id, (p.name, *p.aliases, *p.first_names),
                   not_within.get(("person", p.id), ()), p.first_names)
            for p in self._people.values()
        ] + [
            Entry("place", pl.id, (pl.name, *pl.aliases), not_within.get(("place", pl.id), ()))
            for pl in self._places.values()
        ]
        self._names = NameIndex(entries)
        # Case-insensitive person lookup for labels and memo fields.
        self._people_by_folded: dict[str, set[str]] = {}
        for p in self._people.values():
            for form in self._name_variants(p):
                self._people_by_folded.setdefault(form.casefold(), set()).add(p.id)
        # Offices by title (casefolded: the first spelling in file order) and who held each:
        # every label of every document asks, and a walk over all offices took 20 µs.
        self._titles: dict[str, str] = {}
        self._office_holders: dict[str, list[Person]] = {}
        for p in self._people.values():
            for o in p.offices:
                self._titles.setdefault(o.title.casefold(), o.title)
                held_by = self._office_holders.setdefault(o.title, [])
                if not held_by or held_by[-1] is not p:
                    held_by.append(p)

    # -- loading ---------------------------------------------------------------------------

    @classmethod
    def load(cls, people: Path | None = None, places: Path | None = None) -> Registry:
        """Load and validate the registries; the bundled files by default (cached)."""
        if people is None and places is None:
            return _default_registry()
        return cls._load(people or data_file(PEOPLE_FILE), places or data_file(PLACES_FILE))

    @classmethod
    def _load(cls, people_path: Path, places_path: Path) -> Registry:
        people_data = load_json(people_path, PEOPLE_SCHEMA)
        places_data = load_json(places_path, PLACES_SCHEMA)
        not_within: dict[tuple[str, str], tuple[str, ...]] = {}
        people: list[Person] = []
        seen: dict[str, str] = {}
        for i, raw in enumerate(people_data["people"]):
            where = f"$.people[{i}]"
            _check_unique(raw["id"], f"{where}.id", seen, str(people_path))
            people.append(_person(raw, where, str(people_path)))
            not_within[("person", raw["id"])] = tuple(raw.get("notWithin", ()))
        places: list[Place] = []
        for i, raw in enumerate(places_data["places"]):
            where = f"$.places[{i}]"
            _check_unique(raw["id"], f"{where}.id", seen, str(places_path))
            places.append(
                Place(raw["id"], raw["name"], raw.get("wikidata"), tuple(raw.get("aliases", ())))
            )
            not_within[("place", raw["id"])] = tuple(raw.get("notWithin", ()))
        try:
            return cls(people, places, not_within)
        except ValueError as exc:
            raise EncodeError(str(exc), f"{people_path}, {places_path}") from None

    # -- lookups ---------------------------------------------------------------------------

    @property
    def people(self) -> tuple[Person, ...]:
        """Every registry person, in file order (for the corpus personography)."""
        return tuple(self._people.values())

    @property
    def places(self) -> tuple[Place, ...]:
        """Every registry place, in file order."""
        return tuple(self._places.values())

    def person(self, id: str) -> Person:
        """The person with this id; KeyError if there is none."""
        return self._people[id]

    def place(self, id: str) -> Place:
        """The place with this id; KeyError if there is none."""
        return self._places[id]

    def holders(self, title: str, on: date) -> list[Person]:
        """Everyone who held the office ``title`` on ``on``."""
        return [p for p in self._office_holders.get(title, ()) if p.held(title, on)]

    def resolve_label(self, label: str, on: date | None) -> Person | None:
        """The person a speaker label or participant string names, or None.

        Title words followed by a registry name ("Acting President Putin", "Russian
        President-elect Vladimir Putin", "President Putin of Russia") give that person whatever
        the date, so long as that person was alive on ``on`` (a "Kennedy" in 1995 is not the
        President). A bare office title ("The President") gives whoever held the office on
        ``on``; without a date it cannot be resolved. A first name alone is never a label.
        Unknown or ambiguous labels give None.
        """
        text = _normalise(label).rstrip(":").strip()
        if not text:
            return None
        bare = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE).casefold()
        office = BARE_TITLES.get(bare)
        if office is None:
            office = self._titles.get(bare)
        if office is not None:
            if on is None:
                return None
            found = self.holders(office, on)
            return found[0] if len(found) == 1 else None
        ids = self._ids_after_titles(text.split())
        if on is not None:
            ids = {i for i in ids if self._people[i].alive(on)}
        if len(ids) > 1 and on is not None:
            # two people share the name (the Bushes): the label's own title words, for an
            # office held on the document's date, settle it ("President Bush" on 1992-12-20
            # is G. H. W. Bush); a bare shared surname stays unresolved
            words = {w.casefold() for w in text.split()}
            in_office = {i for i in ids if any(o.covers(on) for o in self._people[i].offices)}
            titled = {
                i for i in in_office
                if any(o.covers(on) and set(o.title.casefold().split()) & words
                       for o in self._people[i].offices)
            }
            ids = titled
        return self._people[next(iter(ids))] if len(ids) == 1 else None

    def named(self, text: str) -> list[Person]:
        """Everyone ``text`` (title words and a name) may name, in id order: more than one
        when people share the name (the Bushes)."""
        return [self._people[i] for i in sorted(self._ids_after_titles(_normalise(text).split()))]

    def resolve_name(self, name: str) -> Person | None:
        """The person a memo field names ("Robert A. Bradtke", "MR. LEWIS LIBBY"), or None.

        Matching is case-insensitive (transmittals are in capitals) and tolerant of a missing
        middle initial, but a bare surname that is not a registry alias ("Rogers") or that
        belongs to two people ("Ivanov") gives None.
        """
        tokens = _normalise(name).strip(" ,;:").split()
        while tokens and tokens[0].casefold() in _HONORIFICS:
            tokens = tokens[1:]
        if not tokens:
            return None
        ids = self._people_by_folded.get(" ".join(tokens).casefold(), set())
        return self._people[next(iter(ids))] if len(ids) == 1 else None

    def find_mentions(
        self, text: str, context: str = "", speakers: Collection[str] = ()
    ) -> list[Mention]:
        """Registry people and places named in ``text``, in order, without overlaps; see
        :meth:`encoder.names.NameIndex.find`."""
        return self._names.find(text, context, speakers)

    # -- helpers ---------------------------------------------------------------------------

    @staticmethod
    def _name_variants(person: Person) -> set[str]:
        """Name and aliases, plus each without middle initials ("Robert Bradtke").

        First names are not among them: a label or memo field that says only "Boris" does not
        show that Yeltsin takes part, which is the only ground on which "Boris" is his.
        """
        variants: set[str] = set()
        for form in (person.name, *person.aliases):
            variants.add(form)
            words = form.split()
            bare = [
                w for i, w in enumerate(words) if not (0 < i < len(words) - 1 and _INITIAL.match(w))
            ]
            if len(bare) >= 2:
                variants.add(" ".join(bare))
        return variants

    def _ids_after_titles(self, tokens: list[str]) -> set[str]:
        """Person ids named by ``tokens`` = title words + name (+ "of <country>")."""
        ends = [len(tokens)] + [i for i, t in enumerate(tokens) if t.casefold() == "of" and i]
        for end in ends:
            for i in range(end):
                if i and tokens[i - 1].casefold() not in TITLE_WORDS:
                    break
                ids = self._people_by_folded.get(" ".join(tokens[i:end]).casefold())
                if ids:
                    return ids
        return set()

def _check_unique(id: str, path: str, seen: dict[str, str], file: str) -> None:
    """Ids must be unique across both registries: they share one xml:id space per document."""
    if id in seen:
        raise EncodeError(f"{path}: duplicate id {id!r} (first at {seen[id]})", file)
    seen[id] = path


def _person(raw: dict[str, Any], where: str, file: str) -> Person:
    offices = []
    for j, o in enumerate(raw.get("offices", ())):
        start = _parse_date(o["start"], file, f"{where}.offices[{j}].start")
        end = _parse_date(o["end"], file, f"{where}.offices[{j}].end") if "end" in o else None
        if end is not None and end < start:
            raise EncodeError(f"{where}.offices[{j}]: end {end} is before start {start}", file)
        offices.append(Office(o["title"], start, end))
    born = _parse_date(raw["born"], file, f"{where}.born") if "born" in raw else None
    died = _parse_date(raw["died"], file, f"{where}.died") if "died" in raw else None
    if born and died and died < born:
        raise EncodeError(f"{where}: died {died} is before born {born}", file)
    return Person(
        raw["id"], raw["name"], raw.get("wikidata"), tuple(raw.get("aliases", ())),
        tuple(offices), tuple(raw.get("firstNames", ())), born, died,
    )


@lru_cache(maxsize=1)
def _default_registry() -> Registry:
    return Registry._load(data_file(PEOPLE_FILE), data_file(PLACES_FILE))
