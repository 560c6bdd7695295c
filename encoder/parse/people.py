"""The persons of a document: the parties a heading names, and names written in fields."""

from __future__ import annotations

import dataclasses
import re

from .. import model as m
from ..ids import local_id, surname
from .state import Context


def person_name(text: str, line: int, ctx: Context, role: str) -> m.Name:
    """A name written in a memo field or authority block, tied to a person of the document."""
    reg, people = ctx.settings.registry, ctx.results.people
    person = reg.resolve_name(text) or reg.resolve_label(text, ctx.settings.date)
    if person:
        ref = person.id
        if ref not in people:
            people[ref] = m.Person(ref, person.name, person.wikidata)
    else:
        ref = local_id(text, people, ctx.reserved)
        if ref not in people:
            people[ref] = m.Person(ref, text.strip(), None, local=True)
            if role == "participant":  # notetakers, interpreters, officials: the normal case
                ctx.warn(line, f"person not in the registry, described locally: {text.strip()}")
    people[ref].roles.add(role)
    people[ref].named = True
    described = ctx.results.described
    described[ref] = (described.get(ref, "") + " " + text.strip()).strip()
    return m.Name("person", ref, [m.Text(text)])


def head_people(text: str, context: str, ctx: Context) -> None:
    """The persons a heading names (``… Between Secretary of State Rusk and …``): participants."""
    reg, people, heads = ctx.settings.registry, ctx.results.people, ctx.results.head_people
    text = re.sub(r"(?<=[a-z])\d{1,3}\b", "", text)  # footnote calls glued to names
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
            if by_date is None:
                continue
            hit = dataclasses.replace(hit, id=by_date.id)
        assert hit.id is not None
        person = reg.person(hit.id)
        if hit.id not in people:
            people[hit.id] = m.Person(hit.id, person.name, person.wikidata)
        people[hit.id].roles.add("participant")
        if hit.id not in heads:
            heads.append(hit.id)
    # the parties the heading names (… Between Secretary of State Rusk and … (Bundy)): a party
    # the registry does not know becomes a local person, so that R: and Rusk: still resolve
    between = re.search(r"\bBetween\s+(.+)$", text)
    if not between:
        return
    known = {surname(people[p].name) for p in heads}
    for part in re.split(r"\s+and\s+", between.group(1)):
        paren = re.search(r"\(([A-Z][\w'’-]+)\)\s*$", part)
        last = re.search(r"\b([A-Z][\w'’-]+)\W*$", part)
        name = paren.group(1) if paren else last.group(1) if last else None
        if not name or name in known:
            continue
        ref = local_id(name, people, ctx.reserved)
        if ref not in people:
            people[ref] = m.Person(ref, name, None, local=True)
            ctx.warn(None, f"person named in the heading not in the registry, described "
                           f"locally: {name}")
        people[ref].roles.add("participant")
        people[ref].named = True
        heads.append(ref)
        known.add(name)
