"""Speaker labels (``The President:``, ``R:``, ``Kohl:``): is a line a speech, and whose.

The checks are pure: ``speaker_label`` only answers whether a line opens a speech (and how a
label damaged by OCR reads when repaired), so it can be asked ahead of time; ``speaker_who``,
called once the speech is laid out, records the speaker and warns of the repair.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .. import model as m
from ..ids import local_id, surname
from ..vocab import vocab
from .fields import field_label
from .people import OFFICES, id_titles, no_one, office_holder, one, parties
from .segment import AUTHORITY
from .state import Context

SPEAKER = re.compile(r"^(?P<label>[A-Z][^:\n]{0,60}?):(?:\s+(?P<rest>.*))?$")
LABEL_WORD = re.compile(r"^(?:[A-Z][\w.'’-]*|of|the|de|von|van|der|da|al|bin|ibn)$")
NOT_SPEAKERS = {"note", "notes", "reason", "reasons", "subject", "source", "tab", "attachment",
                "cc", "phone", "fax", "e-mail", "email", "tel", "ps", "p.s", "re", "date", "time"}
DAMAGED = re.compile(
    r"^(?P<label>[^\w\s]{0,2}[A-Z][^:;\n]{0,50}?)(?P<colon>[:;])\s+(?P<rest>\S.*)$"
)


class Repair(NamedTuple):
    """How a damaged label reads: the repaired name and what was wrong."""

    name: str
    fixes: list[str]


class Label(NamedTuple):
    """A speaker label as written (with its colon), the speech after it, and its repair."""

    label: str
    rest: str
    repair: Repair | None = None


def speaker_label(text: str, ctx: Context | None = None) -> Label | None:
    """``The President: Hello`` → (``The President:``, ``Hello``), or None if not a label.

    With ``ctx``, a label damaged by OCR (``.The President:``, ``Th e President:``,
    ``The Pres.ident:``, ``•Secretary Baker:``, ``The President;``) is accepted when its
    repaired form resolves to a person; the label stays verbatim and the repair is returned.
    """
    hit = SPEAKER.match(text.strip())
    if hit and _label_ok(hit.group("label").strip(), text):
        label = hit.group("label").strip() + ":"
        if ctx is None or not re.search(r"[a-z]\.[a-z]", label) or _resolvable(label[:-1], ctx):
            return Label(label, hit.group("rest") or "")
    if ctx is None:
        return None
    return damaged_label(text, ctx) or bare_label(text, ctx)


def bare_label(text: str, ctx: Context) -> Label | None:
    """A label the OCR left without its colon (``The President Hello?``), when the document
    uses that form so (``Settings.bare_labels``) and a capitalised word or an exemption
    citation (``(b)(1)``) follows."""
    s = text.strip()
    for form in sorted(ctx.settings.bare_labels, key=len, reverse=True):
        rest = s[len(form) :]
        if s.startswith(form + " ") and (re.match(r"\s+[A-Z\"“‘]", rest) or vocab().redaction
                                         .fullmatch(rest.split()[0])):
            return Label(form, rest.strip())
    return None


def _label_ok(label: str, text: str) -> bool:
    words = label.split()
    if not 1 <= len(words) <= 6 or any(ch.isdigit() for ch in label):
        return False
    if not all(LABEL_WORD.match(w) for w in words) or label.lower() in NOT_SPEAKERS:
        return False
    return field_label(text) is None and not AUTHORITY.match(text.strip())


def repair_label(label: str) -> Repair:
    """A label's OCR repair: stray symbols removed, a word split by a space re-joined."""
    fixes: list[str] = []
    lead = re.match(r"^[^\w\s]+", label)
    if lead:
        fixes.append(f"stray character '{lead.group(0)}' before speaker label")
        label = label[lead.end() :]
    inner = re.sub(r"(?<=[a-z])[.•·*'’](?=[a-z])", "", label)
    if inner != label:
        fixes.append("stray character inside speaker label")
        label = inner
    joined = re.sub(r"\b([A-Z][a-z]?) ([a-z]{1,3})\b", r"\1\2", label)
    if joined != label:
        fixes.append("space inside a word of the speaker label")
        label = joined
    return Repair(label, fixes)


def _resolvable(name: str, ctx: Context) -> bool:
    return name in ctx.results.labels or resolve_speaker(name, ctx) is not None


def damaged_label(text: str, ctx: Context) -> Label | None:
    hit = DAMAGED.match(text.strip())
    if not hit:
        return None
    verbatim = hit.group("label")
    name, fixes = repair_label(verbatim.strip())
    if hit.group("colon") == ";":
        fixes.append("semicolon for the colon after speaker label")
    if not fixes or not _label_ok(name, name + ": x") or not _resolvable(name, ctx):
        return None
    return Label(verbatim + hit.group("colon"), hit.group("rest"), Repair(name, fixes))


def by_initial(letter: str, ctx: Context) -> str | None:
    """``R:`` is the one party whose surname starts with R (the heading's first, then the
    fields'); failing that, the one party whose title starts with it (``P:``, the President
    the heading or the fields name)."""
    people, described = ctx.results.people, ctx.results.described
    tiers = parties(ctx)
    for tier in tiers:
        hits = [pid for pid in tier if surname(people[pid].name).startswith(letter)]
        if hits:
            return one(hits)
    titled = [pid for tier in tiers for pid in tier
              if any(w.startswith(letter) for w in titles(described.get(pid, "")))]
    return one(titled)


def by_initials(label: str, ctx: Context) -> str | None:
    """``HAK:`` is the one party whose full name (or a registry form of it) has those
    initials (Henry A. Kissinger)."""
    reg, people = ctx.settings.registry, ctx.results.people
    hits = []
    for pid in (p for tier in parties(ctx) for p in tier):
        forms = [people[pid].name]
        if not people[pid].local:
            forms += reg.person(pid).aliases
        if any("".join(w[0] for w in f.split()) == label for f in forms):
            hits.append(pid)
    return one(hits)


def titles(text: str) -> list[str]:
    """The office words of a person's description (``President``, ``Ambassador``)."""
    return [w for w in re.findall(r"[A-Z][a-z]+(?![\w'’])", text) if w.casefold() in OFFICES]


def resolve_speaker(name: str, ctx: Context) -> str | None:
    """The person a (repaired) label names, or None; never a guess.

    A one-letter label (``R``) or a bare surname (``Rusk``) names the one person of the
    heading (or else of the memo fields) whose surname it is (or starts), initials (``HAK``)
    the one whose name has them; a bare office title
    (``The President``) the party who held that office, else the registry's holder on the
    date; a title with no name (``The Chancellor``) the one participant described by that
    title; anything else goes to the registry.
    """
    people, described = ctx.results.people, ctx.results.described
    if re.fullmatch(r"[A-Z]", name):
        return by_initial(name, ctx)
    if re.fullmatch(r"[A-Z]{2,4}", name) and (initials := by_initials(name, ctx)):
        return initials
    if re.fullmatch(r"[A-Z][\w'’-]+", name):
        for tier in parties(ctx):
            hits = _by_name_word(name, tier, ctx)
            if len(hits) == 1:
                return hits[0]
    holder = office_holder(name, ctx)
    if holder:
        return holder
    person = ctx.settings.registry.resolve_label(name, ctx.settings.date)
    if person:
        return person.id
    last = name.split()[-1]
    if len(name.split()) > 1 and re.fullmatch(r"[A-Z][\w'’-]+", last):
        # Title Surname (Chancellor Kohl) naming a participant the registry does not know
        hits = _by_name_word(last, [pid for pid in dict.fromkeys(
            [*ctx.results.head_people, *described])
            if pid in people and "participant" in people[pid].roles], ctx)
        if len(hits) == 1:
            return hits[0]
    title = re.sub(r"^The\s+", "", name)
    if title != name:
        # ``The Secretary:`` is the participant written ``The Secretary of State`` before one
        # whose title merely contains the word (``Assistant Secretary Hartman``)
        for form in (rf"(?:^|\s)The {re.escape(title)}\b", rf"\b{re.escape(title)}\b"):
            hits = [pid for pid, desc in described.items() if re.search(form, desc)]
            if len(hits) == 1:
                return hits[0]
    return None


def _by_name_word(word: str, pids: list[str], ctx: Context) -> list[str]:
    """The persons of ``pids`` whose surname is ``word``; when none, those whose name has it
    as another word that is no title: a family name written first (``Chou En-lai``,
    ``Deng Xiaoping``, ``Kim Dae-jung``) is what a label calls its bearer."""
    people = ctx.results.people
    hits = [pid for pid in pids if surname(people[pid].name) == word]
    if hits or word.casefold() in OFFICES:
        return hits
    return [pid for pid in pids if word in re.findall(r"[\w'’-]+", people[pid].name)]


def speaker_who(label: Label, line: int, ctx: Context) -> str | None:
    """The id of the person who speaks under ``label``, recorded as a participant.

    A label no person answers to becomes a local person, with a warning; a label that is no
    one's name (``G``, ``The President``) and resolves to no one is left unattributed."""
    people, labels = ctx.results.people, ctx.results.labels
    name = label.label.rstrip(":;").strip()
    if label.repair is not None:
        name, fixes = label.repair
        ctx.warn(line, f"damaged speaker label {label.label!r} read as '{name}:' "
                       f"({'; '.join(fixes)})")
    if label.label == name and name not in labels:
        ctx.warn(line, f"speaker label without its colon read as '{name}:' (OCR loss; kept "
                       "as written)")
    if name in labels:
        who = labels[name]
        if who:
            people[who].roles.add("participant")
        return who
    found = resolve_speaker(name, ctx)
    if found:
        if found not in people:
            person = ctx.settings.registry.person(found)
            people[found] = m.Person(found, person.name, person.wikidata)
        people[found].roles.add("participant")
        labels[name] = found
        return found
    if no_one(name):
        ctx.warn(line, f"speaker label names no one of the document, speech left "
                       f"unattributed: {label.label}")
        labels[name] = None
        return None
    ref = local_id(name, people, ctx.reserved, id_titles())
    if ref not in people:
        people[ref] = m.Person(ref, name, None, local=True)
        ctx.warn(line, f"speaker label not resolved to a known person: {label.label}")
    people[ref].roles.add("participant")
    labels[name] = ref
    return ref
