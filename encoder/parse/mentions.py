"""Names in running text: registry people and places tagged where the text mentions them."""

from __future__ import annotations

from typing import Any

from .. import model as m
from ..model.tree import walk
from .state import Context


def tag_mentions(divs: list[m.Div], ctx: Context, context: str,
                 places: dict[str, m.Place]) -> None:
    """Tag registry people and places in the paragraphs' running text (persName/placeName).

    An ambiguous name (two registry people share it and the document does not settle which)
    is left as text with a warning: a wrong identity is worse than none.
    """
    # the call's participants settle shared names; tagging adds only people mentioned
    speakers = {p.id for p in ctx.results.people.values() if "participant" in p.roles}
    for node in walk([b for d in divs for b in d.blocks]):
        if isinstance(node, (m.Para, m.Quote, m.Head)):
            attr = "children" if isinstance(node, m.Quote) else "content"
            setattr(node, attr, _mention_nodes(getattr(node, attr), node, ctx, context, places,
                                               speakers))


def _mention_nodes(nodes: list[Any], owner: Any, ctx: Context, context: str,
                   places: dict[str, m.Place], speakers: set[str]) -> list[Any]:
    out: list[Any] = []
    line = getattr(owner, "line", None)
    for n in nodes:
        if not isinstance(n, m.Text):
            out.append(n)
            continue
        pos = 0
        for hit in ctx.settings.registry.find_mentions(n.text, context, speakers):
            if hit.id is None:
                ctx.warn(line, f"ambiguous name left untagged: {hit.text}")
                continue
            if hit.start > pos:
                out.append(m.Text(n.text[pos : hit.start]))
            if hit.kind == "person":
                person = ctx.settings.registry.person(hit.id)
                if hit.id not in ctx.results.people:
                    ctx.results.people[hit.id] = m.Person(hit.id, person.name, person.wikidata)
                ctx.results.people[hit.id].roles.add("mentioned")
            else:
                place = ctx.settings.registry.place(hit.id)
                places.setdefault(hit.id, m.Place(hit.id, place.name, place.wikidata))
            out.append(m.Name(hit.kind, hit.id, [m.Text(n.text[hit.start : hit.end])]))
            pos = hit.end
        if pos < len(n.text):
            out.append(m.Text(n.text[pos:]))
    return out
