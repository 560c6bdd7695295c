"""The vocabularies of ``encoder/data/vocab.json``, compiled once into typed recognisers.

Every stage reads the vocabularies through ``vocab()``; nothing outside this module looks into
the raw JSON, so a key renamed in the data file is renamed in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .jsondata import data_file, load_json


@dataclass(frozen=True)
class Level:
    """A classification level (``S``): its rank, and how banners and portion markings write it."""

    id: str  # the category id (``S``), also the TEI category's xml:id
    rank: int  # higher is more secret
    label: str  # the level's name in the header's taxonomy
    banner: tuple[str, ...]  # banner words (``SECRET``)
    marking: tuple[str, ...]  # portion-marking letters (``S``)


@dataclass(frozen=True)
class Caveat:
    """A dissemination caveat (``NF``) and the ways it is written (``NOFORN``, ``NF``)."""

    id: str
    label: str
    forms: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Vocab:
    """Compiled recognisers built once from ``vocab.json``. Compared and hashed by identity,
    so that what is derived from it can be cached per vocabulary (``functools.lru_cache``)."""

    levels: dict[str, Level]  # classification levels by id, in file order
    caveats: list[Caveat]  # dissemination caveats in file order
    caveat_ids: dict[str, str]  # a caveat as written (``NOFORN``) -> its category id
    banner_re: re.Pattern[str]  # a whole banner line: level word, then caveats
    marking_re: re.Pattern[str]  # a portion marking: ``(S)``, ``(C//NF)``
    marking_alt: str  # every portion marking's letters as one alternation, longest first
    banner_fixes: dict[str, str]  # OCR confusions in banner words (``0`` for ``O``)
    banner_words: frozenset[str]  # every word of a banner (levels and caveats), for OCR repair
    letterhead: list[re.Pattern[str]]  # lines that are a letterhead
    heads: list[tuple[re.Pattern[str], str]]  # memo headings and the document kind each names
    head_any: re.Pattern[str]  # every heading pattern in one: a window no heading opens, at once
    field_words: dict[str, str]  # a memo-field label word -> its field kind
    field_joiners: frozenset[str]  # words joining field words in one label (``AND``)
    office_words: frozenset[str]  # words of an office, read as a description after a name
    gap_rules: list[tuple[re.Pattern[str], str]]  # bracketed notes of an omission, and reason
    interruption: re.Pattern[str]  # a bracketed interruption naming who interrupts
    sic: str  # the pattern of a ``(sic)`` note, for the inline regex
    supplied_max_words: int  # a bracket of at most this many words is a supplied reading
    summary_min_words: int  # a whole-paragraph bracket of at least this many is a summary
    clarification_after: frozenset[str]  # lower-case words after which ``[Name]`` clarifies
    redaction: re.Pattern[str]  # an exemption citation standing for withheld text
    zones: dict[str, str]  # time-zone abbreviations -> UTC offsets
    place_zones: dict[str, str]  # a place whose clock a time without a zone is read on -> IANA
    pivot: int  # two-digit years below it are 20yy, others 19yy
    page_re: re.Pattern[str]  # a printed edition's page marker (``[Page 12]``)

    def level_of_banner(self, word: str) -> str | None:
        word = re.sub(r"\s+", " ", word.strip().upper())
        for lid, lv in self.levels.items():
            if word in lv.banner:
                return lid
        return None

    def zone_of_place(self, text: str) -> str | None:
        """The clock a time is read on when ``text`` names one place of ``place_zones``
        (``Oval Office``: Washington's), else None."""
        zones = {z for place, z in self.place_zones.items()
                 if re.search(rf"\b{re.escape(place)}\b", text)}
        return zones.pop() if len(zones) == 1 else None

    def level_of_marking(self, marking: str) -> str:
        return next(k for k, lv in self.levels.items() if marking in lv.marking)

    def rank(self, level: str) -> int:
        return self.levels[level].rank


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    raw = load_json(data_file("vocab.json"), "vocab.schema.json")
    levels = {
        lv["id"]: Level(lv["id"], int(lv["rank"]), lv["label"], tuple(lv["banner"]),
                        tuple(lv["marking"]))
        for lv in raw["classification"]["levels"]
    }
    caveats = [Caveat(c["id"], c["label"], tuple(c["forms"]))
               for c in raw["classification"]["caveats"]]
    caveat_ids = {form: cav.id for cav in caveats for form in cav.forms}
    banner_words = sorted(
        {b for lv in levels.values() for b in lv.banner}, key=len, reverse=True
    )
    caveat_forms = sorted(caveat_ids, key=len, reverse=True)
    banner_alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in banner_words)
    caveat_alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in caveat_forms)
    banner_re = re.compile(
        rf"^(?P<body>(?P<level>{banner_alt})(?:\s*(?://?|-|–)\s*(?:{caveat_alt}))*)$"
    )
    markings = sorted(
        {mk for lv in levels.values() for mk in lv.marking}, key=len, reverse=True
    )
    marking_re = re.compile(
        rf"\((?P<level>{'|'.join(map(re.escape, markings))})"
        rf"(?P<caveats>(?:\s*//?\s*(?:{caveat_alt}))*)\)"
    )
    field_words: dict[str, str] = {}
    for f in raw["fields"]:
        for w in f["words"]:
            field_words[w] = f["kind"]
    brackets = raw["brackets"]
    return Vocab(
        levels=levels,
        caveats=caveats,
        caveat_ids=caveat_ids,
        banner_re=banner_re,
        marking_re=marking_re,
        marking_alt="|".join(re.escape(mk) for mk in markings),
        banner_fixes=dict(raw.get("ocr_banner_fixes", {})),
        banner_words=frozenset(w for b in banner_words + caveat_forms for w in b.split()),
        letterhead=[re.compile(p) for p in raw["letterhead"]],
        heads=[(re.compile(h["pattern"]), h["kind"]) for h in raw["heads"]],
        head_any=re.compile("|".join(f"(?:{re.sub(r'[(][?]P<[^>]+>', '(?:', h['pattern'])})"
                                     for h in raw["heads"])),
        field_words=field_words,
        field_joiners=frozenset(raw["field_joiners"]),
        office_words=frozenset(raw.get("office_words", [])),
        gap_rules=[(re.compile(g["pattern"], re.I), g["reason"]) for g in brackets["gap"]],
        interruption=re.compile(brackets["interruption"]),
        sic=brackets.get("sic", r"\(sic\)"),
        supplied_max_words=brackets["supplied_max_words"],
        summary_min_words=brackets.get("summary_min_words", 8),
        clarification_after=frozenset(w.lower() for w in brackets.get("clarification_after", [])),
        redaction=re.compile(raw["redaction"]),
        zones=raw["timezones"],
        place_zones=dict(raw.get("place_zones", {})),
        pivot=raw["two_digit_year_pivot"],
        page_re=re.compile(raw.get("page_marker", r"\[Page (?P<n>\d{1,5})\]")),
    )
