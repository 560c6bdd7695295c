"""The corpus personography: every person of the edition and where they speak, take notes,
interpret or are mentioned.

It answers "everything Putin said, across all calls" and "who took the notes" without opening
each file: one ``person`` per identity (registry people by their registry id; people the
registry does not know are merged only when their names are identical), each with a list of
the documents and the role the person has in each.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from . import __version__
from . import model as m
from .tei import el, serialize, sub

#: one document's part in the personography: (person id, name, Wikidata id, roles)
Appearance = tuple[str, str, "str | None", str]


def appearances(doc: m.Document) -> list[Appearance]:
    """Each person of a document with their roles in it (``speaker`` first, for one who speaks)."""
    speakers = {s.who for s in doc.speeches()}
    out = []
    for p in doc.people.values():
        roles = p.role_list()
        if p.id in speakers:
            roles = ["speaker", *[r for r in roles if r != "participant"]]
        out.append((p.id, p.name, p.wikidata, " ".join(roles)))
    return out


def personography(docs: Iterable[tuple[str, list[Appearance]]]) -> bytes:
    """TEI bytes for ``people.xml``: a ``listPerson`` over the documents given, each as its id
    and its :func:`appearances` (a person's name and Wikidata id come from the first document
    in id order)."""
    people: dict[str, tuple[str, str | None]] = {}
    where: dict[str, list[tuple[str, str]]] = {}
    for doc_id, entries in sorted(docs, key=lambda d: d[0]):
        for pid, name, wikidata, roles in entries:
            people.setdefault(pid, (name, wikidata))
            where.setdefault(pid, []).append((doc_id, roles))

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
        name, wikidata = people[pid]
        person = sub(lp, "person", {"xml:id": pid})
        sub(person, "persName", None, name)
        if wikidata:
            sub(person, "idno", {"type": "wikidata"}, wikidata)
        note = sub(person, "note", {"type": "appearances"})
        lst = sub(note, "list")
        for doc_id, roles in where[pid]:
            item = sub(lst, "item", {"n": roles})
            sub(item, "ref", {"target": f"tei/{doc_id}.xml#{pid}"}, doc_id)
            item[-1].tail = f" ({roles.replace(' ', ', ')})"
    return serialize(etree.ElementTree(root), schema_pis=False)
