"""The corpus personography: every person of the edition and where they speak, take notes,
interpret or are mentioned.

It answers "everything Putin said, across all calls" and "who took the notes" without opening
each file: one ``person`` per identity (registry people by their registry id; people the
registry does not know are merged only when their names are identical), each with a list of
the documents and the role the person has in each.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator

from lxml import etree

from . import __version__
from . import model as m
from .tei import el, indent, serialize, sub
from .tei.xml import TEI_NS

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
    return b"".join(personography_pieces(
        ((pid, *people[pid]) for pid in sorted(people)), lambda pid: [where[pid]]))


#: stands in the tree for the elements written apart (it cannot be a TEI element's name)
_SLOT = "memcon-encoder-slot"
#: levels of the elements written apart (TEI 0, text 1, body 2, listPerson 3)
_PERSON, _LIST = 4, 6


def personography_pieces(people: Iterable[tuple[str, str, str | None]],
                         where: Callable[[str], Iterable[list[tuple[str, str]]]]
                         ) -> Iterator[bytes]:
    """``people.xml`` in pieces, for an edition of any size: ``people`` gives each person
    (id, name, Wikidata id) in id order, ``where(id)`` their (document id, roles) in document
    id order, a batch at a time. The pieces make the bytes of one serialisation of the whole
    tree: each person (and each batch of a person's documents) is serialised on its own at
    the level it has there and joined with the indentation ``serialize`` gives it."""
    root = el("TEI", {"xml:id": "people", "xml:lang": "en"})
    h = sub(root, "teiHeader")
    fd = sub(h, "fileDesc")
    sub(sub(fd, "titleStmt"), "title", None, "Persons in the edition")
    ps = sub(fd, "publicationStmt")
    sub(ps, "publisher", None, "memcon-encoder digital edition")
    sub(sub(ps, "availability"), "licence", None, "Public domain.")
    sub(sub(fd, "sourceDesc"), "p", None,
        f"Compiled by memcon-encoder {__version__} from the documents of the edition.")
    listing = sub(sub(sub(root, "text"), "body"), "listPerson")
    people = iter(people)
    first = next(people, None)
    if first is None:
        yield serialize(etree.ElementTree(root), schema_pis=False)
        return
    sub(listing, _SLOT)
    head, tail = serialize(etree.ElementTree(root), schema_pis=False).split(_slot_tag())
    yield head
    for k, (pid, name, wikidata) in enumerate(itertools.chain([first], people)):
        person = el("person", {"xml:id": pid})
        sub(person, "persName", None, name)
        if wikidata:
            sub(person, "idno", {"type": "wikidata"}, wikidata)
        sub(sub(sub(person, "note", {"type": "appearances"}), "list"), _SLOT)
        before, after = _serialized(person, _PERSON).split(_slot_tag())
        yield (_pad(_PERSON) if k else "").encode() + before
        for n, batch in enumerate(where(pid)):
            items = el("list")
            for doc_id, roles in batch:
                item = sub(items, "item", {"n": roles})
                sub(item, "ref", {"target": f"tei/{doc_id}.xml#{pid}"}, doc_id)
                item[-1].tail = f" ({roles.replace(' ', ', ')})"
            inner = _serialized(items, _LIST)
            start = inner.index(b">") + 1 + len(_pad(_LIST + 1))
            end = len(inner) - len(_pad(_LIST) + "</list>")
            yield (_pad(_LIST + 1) if n else "").encode() + inner[start:end]
        yield after
    yield tail


def _pad(level: int) -> str:
    return "\n" + "  " * level


def _slot_tag() -> bytes:
    return f"<{_SLOT}/>".encode()


def _serialized(node: etree._Element, level: int) -> bytes:
    """An element as ``serialize`` writes it at ``level`` of a TEI file (no namespace
    declaration: its root declares it)."""
    indent(node, level)
    text = etree.tostring(node, encoding="unicode")
    return text.replace(f' xmlns="{TEI_NS}"', "", 1).encode("utf-8")
