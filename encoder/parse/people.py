"""The persons of a document: the parties a heading names, and names written in fields.

Also who of them may be meant by a label or a bare title (``parties``, ``office_holder``):
the heading's parties first, then the participants the fields name; a title that names no
one of the document (``no_one``) never becomes a person.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from .. import model as m
from ..ids import local_id, surname
from ..registry import BARE_TITLES, TITLE_WORDS, Person
from ..vocab import vocab
from .segment import PARTIES
from .state import Context

# office words a label or a party's description uses as a title (``P:`` for the President)
OFFICES = frozenset("""president chancellor secretary ambassador minister premier chairman
    governor senator general admiral king queen""".split())
# a middle initial the registry's form of the name may lack (``Anatoliy F. Dobrynin``)
MIDDLE_INITIAL = re.compile(r"(?<=\w) [A-Z]\. (?=[A-Z])")


def as_office(text: str, ctx: Context) -> str:
    """``The Secretary`` of a State Department record is the Secretary of State: the
    Department's own usage for its head; elsewhere the text as it is."""
    if ctx.settings.state_record and re.fullmatch(r"(?:[Tt]he\s+)?Secretary", text.strip()):
        return "Secretary of State"
    return text


def person_name(text: str, line: int, ctx: Context, role: str) -> m.Name:
    """A name written in a memo field or authority block, tied to a person of the document."""
    reg, people = ctx.settings.registry, ctx.results.people
    text_as = as_office(text, ctx)
    bare = MIDDLE_INITIAL.sub(" ", text_as)
    person = (reg.resolve_name(text) or reg.resolve_name(bare)
              or reg.resolve_label(text_as, ctx.settings.date)
              or reg.resolve_label(bare, ctx.settings.date) or ended_by(text, ctx))
    if person and ctx.settings.date and not person.alive(ctx.settings.date):
        person = None  # a John Kennedy among the participants of 1995 is not the President
    if person:
        ref = person.id
        if ref not in people:
            people[ref] = m.Person(ref, person.name, person.wikidata)
    elif (same := office_holder(text, ctx) or local_party(text, ctx)) is not None:
        ref = same  # the heading's ``President Nixon``; its ``McNamara`` (``Secretary McNamara``)
    elif no_one(text.strip()):
        ctx.warn(line, f"a title that names no one of the document, not a person: {text.strip()}")
        return m.Name("person", None, [m.Text(text)])
    else:
        ref = local_id(text, people, ctx.reserved, id_titles())
        if ref not in people:
            people[ref] = m.Person(ref, text.strip(), None, local=True)
            if role == "participant":  # notetakers, interpreters, officials: the normal case
                ctx.warn(line, f"person not in the registry, described locally: {text.strip()}")
    people[ref].roles.add(role)
    people[ref].named = True
    described = ctx.results.described
    described[ref] = (described.get(ref, "") + " " + text.strip()).strip()
    return m.Name("person", ref, [m.Text(text)])


@lru_cache(maxsize=1)
def id_titles() -> frozenset[str]:
    """Words a local person's id leaves out before the name: the registry's title words and
    the vocabulary's office words (``Assistant``, ``Deputy``, ``Director``), case-folded."""
    return TITLE_WORDS | {w.casefold() for w in vocab().office_words}


def local_party(text: str, ctx: Context) -> str | None:
    """The heading's local party a name in a field stands for: titles aside, it ends in the
    one surname the heading gives (``Secretary McNamara``, ``Robert S. McNamara``)."""
    words = [w for w in text.split() if w.casefold() not in TITLE_WORDS]
    if not words:
        return None
    people = ctx.results.people
    hits = [pid for pid in ctx.results.head_people
            if people[pid].local and people[pid].name == words[-1].strip(",")]
    return hits[0] if len(hits) == 1 else None


def head_people(text: str, context: str, ctx: Context) -> None:
    """The persons a heading names (``… Between Secretary of State Rusk and …``): participants."""
    reg, people, heads = ctx.settings.registry, ctx.results.people, ctx.results.head_people
    text = re.sub(r"(?<=[a-z)])\d{1,3}\b", "", text)  # footnote calls glued to names
    for hit in reg.find_mentions(text, context):
        if hit.kind != "person":
            continue
        if hit.id is None:
            # a name two people share: the parties of a call are in office on its date
            words = text[: hit.start].split()
            by_date = next(
                (p for k in range(min(3, len(words)), 0, -1)
                 if (p := reg.resolve_label(" ".join([*words[-k:], hit.text]),
                                            ctx.settings.date))), None)
            if by_date is None:  # the one of them in any office on the date (a party)
                on = ctx.settings.date
                serving = [p for p in reg.named(hit.text)
                           if on and any(o.covers(on) for o in p.offices)]
                by_date = serving[0] if len(serving) == 1 else None
            if by_date is None:
                continue
            hit = dataclasses.replace(hit, id=by_date.id)
        assert hit.id is not None
        person = reg.person(hit.id)
        if ctx.settings.date and not person.alive(ctx.settings.date):
            continue  # not this man (a Johnson of 1995): the heading's name stays local below
        if hit.id not in people:
            people[hit.id] = m.Person(hit.id, person.name, person.wikidata)
        people[hit.id].roles.add("participant")
        if hit.id not in heads:
            heads.append(hit.id)
            # the words the heading gives this party (``the Soviet Ambassador (Dobrynin)``):
            # its titles resolve a title label or a title's initial (``P:``)
            cuts = [k + len(w) for w in (" and ", ", ", "Between ", "Among ", "/")
                    if (k := text.rfind(w, 0, hit.start)) >= 0]
            part = text[max(cuts, default=0) : hit.end].strip()
            ctx.results.described.setdefault(hit.id, part)
    # the parties the heading names (… Between Secretary of State Rusk and … (Bundy); … Among
    # A, B, and C): a party the registry does not know becomes a local person, so that R: and
    # Rusk: still resolve
    between = re.search(r"\b(?:Between|Among)\s+(.+)$", text)
    if not between:
        return
    known = {surname(people[p].name) for p in heads}
    for part in re.split(r",?\s+and\s+|,\s+", between.group(1)):
        paren = re.search(r"\(([A-Z][\w'’-]+)\)\s*$", part)
        last = re.search(r"\b([A-Z][\w'’-]+)\W*$", part)
        name = paren.group(1) if paren else last.group(1) if last else None
        if not name or name in known:
            continue
        # ``Secretary of State Rogers``: the office's holder on the date, if that is his name
        title = part[: (paren or last).start()].strip() if (paren or last) else ""
        holder = reg.resolve_label(title, ctx.settings.date) if title else None
        ref = _head_party(holder if holder and surname(holder.name) == name else None,
                          name, part.strip(), ctx)
        people[ref].named = True
        known.add(name)


def _head_party(holder: Person | None, name: str, described: str, ctx: Context) -> str:
    """A party of the heading, as a participant: the registry's ``holder``, or else a local
    person ``name`` (with a warning); its words in the heading describe it."""
    people, heads = ctx.results.people, ctx.results.head_people
    if holder is not None:
        ref = holder.id
        people.setdefault(ref, m.Person(ref, holder.name, holder.wikidata))
    else:
        ref = local_id(name, people, ctx.reserved)
        if ref not in people:
            people[ref] = m.Person(ref, name, None, local=True)
            ctx.warn(None, f"person named in the heading not in the registry, described "
                           f"locally: {name}")
    people[ref].roles.add("participant")
    ctx.results.described.setdefault(ref, described)
    if ref not in heads:
        heads.append(ref)
    return ref


def head_parties(lines: list[str], ctx: Context) -> None:
    """The parties line under a bare heading (``TELCON`` / ``The President/Kissinger``):
    each party a participant named by the heading, so that ``P:`` and ``K:`` resolve. A
    party the registry names was found by ``head_people``; an office (``The President``) is
    its holder on the date; any other name becomes a local person."""
    reg, heads = ctx.settings.registry, ctx.results.head_people
    for line in (x.strip() for x in lines):
        if not PARTIES.match(line):
            continue
        for part in re.split(r"\s*/\s*", line):
            if any(ctx.results.described.get(pid) == part for pid in heads):
                continue
            holder = reg.resolve_label(part, ctx.settings.date)
            if holder is None and all(w.casefold() in TITLE_WORDS or w == "The"
                                      for w in part.split()):
                ctx.warn(None, f"party of the heading names an office no one held on the "
                               f"date: {part}")
                continue
            _head_party(holder, part, part, ctx)


def side_heading(text: str, ctx: Context) -> bool:
    """A line that is a registry place and nothing else (``Russia``): a side's heading."""
    hits = ctx.settings.registry.find_mentions(text, text)
    return len(hits) == 1 and hits[0].kind == "place" and (hits[0].start, hits[0].end) == (
        0, len(text))


def parties(ctx: Context) -> tuple[list[str], list[str]]:
    """Who may speak, in two tiers: the heading's parties, then the people the memo fields
    name as participants (a label resolves in the first tier that settles it)."""
    people = ctx.results.people
    head = [pid for pid in ctx.results.head_people if pid in people]
    named = [pid for pid in ctx.results.described if pid in people and pid not in head
             and "participant" in people[pid].roles]
    return head, named


def one(ids: list[str]) -> str | None:
    """The only id found, or None: two candidates are a guess, and nothing is guessed."""
    return ids[0] if len(ids) == 1 else None


def office_holder(name: str, ctx: Context) -> str | None:
    """A bare office title (``The President``) names the one party of the document who held
    that office (on the document's date, when there is one): the President the heading or
    the participants name (``President Nixon``), before the registry's holder by date."""
    office = BARE_TITLES.get(re.sub(r"^the\s+", "", as_office(name, ctx),
                                    flags=re.I).casefold())
    if office is None:
        return None
    reg, on = ctx.settings.registry, ctx.settings.date
    hits = [pid for tier in parties(ctx) for pid in tier
            if not ctx.results.people[pid].local
            and any(o.title == office and (on is None or o.covers(on))
                    for o in reg.person(pid).offices)]
    return one(list(dict.fromkeys(hits)))


def no_one(name: str) -> bool:
    """A label that is no one's name (one letter, a bare title: ``G``, ``The President``):
    unresolved, it stays unattributed rather than become a pseudo-person ``#g``."""
    bare = re.sub(r"^the\s+", "", name, flags=re.I)
    return len(bare) == 1 or bare.casefold() in BARE_TITLES or all(
        w.casefold() in OFFICES for w in bare.split())


# a name's own words before a registry mention: initials and given names (``Anatoliy F.``)
GIVEN = re.compile(r"[A-Z]\.|[A-Z][a-z][\w'’-]*")


def name_cuts(text: str, ctx: Context, description: bool) -> list[int]:
    """Where a run of several persons (a participants list flattened to one line) splits:
    before each registry person's name with its given names and the title words before it
    (``… Soviet Ambassador | Secretary of State William P. Rogers | Dr. Henry A. Kissinger``).
    The first registry person of a name keeps its text; in a description (after a name's
    comma) every registry person starts a new name. A title stops at a second office word
    (``Ambassador`` ends the description before ``Secretary``), so one person never holds
    several registry names."""
    hits = [h for h in ctx.settings.registry.find_mentions(text) if h.kind == "person" and h.id]
    cuts: list[int] = []
    seen: set[str] = set()
    reg, on = ctx.settings.registry, ctx.settings.date
    for hit in hits:
        if hit.id in seen:
            continue
        first = not description and not seen
        seen.add(hit.id)
        words = [(w.start(), w.group()) for w in re.finditer(r"\S+", text[: hit.start])]
        k = given = len(words)
        while (k and GIVEN.fullmatch(words[k - 1][1])
               and words[k - 1][1].casefold() not in TITLE_WORDS):
            k = given = k - 1
        while k and words[k - 1][1].casefold() in TITLE_WORDS and not words[k - 1][1].isupper() \
                and not (k < len(words) and words[k - 1][1].casefold() in OFFICES
                and words[k][1].casefold() in OFFICES):
            k -= 1
        if description and k == 0 and given < len(words):
            k = given  # a description is never empty: ``…, Soviet Foreign Minister | Anatoliy``
        cut = words[k][0] if k < len(words) else hit.start
        # the first registry name of an entry starts a new person only after a title naming
        # another man (``The President | Secretary of State William P. Rogers``)
        before = reg.resolve_label(text[:cut].strip(), on) if first and cut > 0 else None
        if cut > 0 and (not first or (before and before.id != hit.id)) and (
                not cuts or cut > cuts[-1]):
            cuts.append(cut)
        after = re.match(r"\s+(?=[A-Z][a-z])", text[hit.end :])
        if after:  # a name not in the registry follows (``… Dobrynin Viktor M. Sukhodrev``)
            cuts.append(hit.end + after.end())
    # a title starting a new name (``Interpreter US | The Secretary of State Assistant
    # Secretary …``): ``The`` and an office word, or the leftmost title that names the office's
    # holder on the date, before a further title word
    if description:
        the = re.search(r"\bThe (?=(\w+)\b)", text)
        if the and the.start() > 0 and the.group(1).casefold() in OFFICES:
            cuts.append(the.start())
    for m_ in re.finditer(r"\s+(?=(\S+))", text):
        begin = max([0, *[c for c in cuts if c <= m_.start()]])
        left = text[begin : m_.start()]
        if (not (description and begin == 0)
                and m_.group(1).casefold() in TITLE_WORDS - {"of", "the", "state"}
                and left.split() and left.split()[-1].casefold() not in TITLE_WORDS - {"state"}
                and reg.resolve_label(left, on)):
            cuts.append(m_.end())
    return sorted(set(c for c in cuts if 0 < c < len(text)))


def ended_by(text: str, ctx: Context) -> Person | None:
    """The registry person whose full name ends an entry with words before it (``USSR
    Foreign Minister Andrei A. Gromyko``: a side's label run onto the name)."""
    hits = [h for h in ctx.settings.registry.find_mentions(text) if h.kind == "person" and h.id]
    if len(hits) == 1 and hits[0].end == len(text.rstrip()) and " " in hits[0].text:
        return ctx.settings.registry.person(hits[0].id)
    return None
