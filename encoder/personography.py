"""The corpus personography: every person of the edition and where they speak, take notes,
interpret or are mentioned.

It answers "everything Putin said, across all calls" and "who took the notes" without opening
each file: one ``person`` per identity (registry people by their registry id; people the
registry does not know are merged only when their names are identical), each with a list of
the documents and the role the person has in each.
"""

from __future__ import annotations

from lxml import etree

from . import __version__
from . import model as m
from .tei import el, serialize, sub


def personography(docs: list[m.Document]) -> bytes:
    """TEI bytes for ``people.xml``: a ``listPerson`` over the documents given."""
    people: dict[str, m.Person] = {}
    where: dict[str, list[tuple[m.Document, str]]] = {}
    for doc in sorted(docs, key=lambda d: d.id):
        speakers = {s.who for s in doc.speeches()}
        for p in doc.people.values():
            people.setdefault(p.id, p)
            roles = p.role_list()
            if p.id in speakers:
                roles = ["speaker", *[r for r in roles if r != "participant"]]
            where.setdefault(p.id, []).append((doc, " ".join(roles)))

    root = el("TEI", {"xml:id": "people", "xml:lang": "en"})
    h = sub(root, "teiHeader")
    fd = sub(h, "fileDesc")
    sub(sub(fd, "titleStmt"), "title", None, "Persons in the edition")
    ps = sub(fd, "publicationStmt")
    sub(ps, "publisher", None, "memcon-encoder digital edition")
    sub(sub(ps, "availability"), "licence", None, "Public domain.")
    sub(sub(fd, "sourceDesc"), "p", None,
        f"Compiled by memcon-encoder {__version__} from the documents of the edition.")
    body = sub(sub(root, "text"), "body")
    lp = sub(body, "listPerson")
    for pid in sorted(people):
        p = people[pid]
        person = sub(lp, "person", {"xml:id": pid})
        sub(person, "persName", None, p.name)
        if p.wikidata:
            sub(person, "idno", {"type": "wikidata"}, p.wikidata)
        note = sub(person, "note", {"type": "appearances"})
        lst = sub(note, "list")
        for doc, roles in where[pid]:
            item = sub(lst, "item", {"n": roles})
            sub(item, "ref", {"target": f"tei/{doc.id}.xml#{pid}"}, doc.id)
            item[-1].tail = f" ({roles.replace(' ', ', ')})"
    return serialize(etree.ElementTree(root), schema_pis=False)
