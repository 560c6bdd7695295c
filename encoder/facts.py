"""The small facts of one encoded document, and the corpus-wide decisions made from them.

A worker encodes a document on its own; what the edition as a whole decides -- unique ids,
links between an article and the calls it discusses, speaker colours, the index, the
personography -- needs only a few facts of each document (:class:`DocFacts`, a few hundred
bytes), never its tree; the bulkier ones (a summary for the index, the people's
appearances) go to the manifest's tables as they arrive (:mod:`encoder.corpusdb`).
:func:`plan_corpus` makes those decisions as :class:`Plan` s, one per document, which a
worker applies to a freshly parsed document (:func:`apply_plan`); a document whose plan is
not the one its written file was made with is encoded again, the others are left alone.
"""

from __future__ import annotations

import json
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from . import model as m
from .html.pages import PageFacts
from .ids import slug
from .model.tree import plain, walk
from .personography import appearances


@dataclass(frozen=True, slots=True)
class Plan:
    """What the corpus decides for one document: its id (and the warning when it had to be
    made unique) and its links: ``links`` are (paragraph number, content index, target) of
    dates in an article that become links, ``related`` the header's related items."""

    id: str
    warning: str | None = None
    links: tuple[tuple[int, int, str], ...] = ()
    related: tuple[tuple[str, str], ...] = ()

    def as_json(self) -> list[Any]:
        return [self.id, self.warning, [list(x) for x in self.links],
                [list(x) for x in self.related]]

    @classmethod
    def from_json(cls, data: list[Any]) -> Plan:
        return cls(data[0], data[1], tuple(tuple(x) for x in data[2]),
                   tuple(tuple(x) for x in data[3]))


@dataclass(slots=True)
class DocFacts:
    """One source's result: its error, or what the corpus-wide steps need of its document."""

    source: str
    digest: str | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    base_id: str = ""
    plan: Plan | None = None
    kind: str = ""
    date: str | None = None
    surnames: Sequence[str] = ()
    dated: Sequence[tuple[int, int, str, str]] = ()
    speeches: int = 0
    tei_digest: str = ""
    page: PageFacts | None = None
    people: Sequence[tuple[str, str, str | None, str]] = ()
    page_key: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def id(self) -> str:
        return self.plan.id if self.plan else self.base_id

    def as_json(self) -> dict[str, Any]:
        """The small facts (the summary and the appearances are kept in the manifest's
        tables, :mod:`encoder.corpusdb`)."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "people"}
        data["plan"] = self.plan.as_json() if self.plan else None
        if self.page is not None:
            data["page"] = {k: getattr(self.page, k)
                            for k in ("id", "title", "date", "speakers", "links")}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocFacts:
        data = dict(data)
        data["plan"] = Plan.from_json(data["plan"]) if data["plan"] else None
        page = data["page"]
        if page is not None:
            data["page"] = PageFacts(page["id"], page["title"], page["date"],
                                     tuple(page["speakers"]), tuple(page["links"]))
        data["dated"] = tuple(tuple(x) for x in data["dated"])
        facts = cls(**data)
        facts.lighten()
        return facts

    def pack(self) -> bytes:
        """The facts compressed, as a build keeps them between uses (a few hundred bytes in
        one object, where the objects themselves took kilobytes)."""
        return zlib.compress(json.dumps(self.as_json()).encode())

    @classmethod
    def unpack(cls, data: bytes) -> DocFacts:
        return cls.from_json(json.loads(zlib.decompress(data)))

    def lighten(self) -> None:
        """Drop what the manifest's tables hold (the summary, its keys, the appearances) and
        share equal strings: the facts of every document stay in memory for the whole run, so
        what they weigh is what memory grows by per document."""
        ident = self.id
        if self.base_id == ident:
            self.base_id = ident
        self.kind = sys.intern(self.kind)
        self.surnames = tuple(sys.intern(n) for n in self.surnames)
        self.dated = tuple(self.dated)
        if self.page is not None:
            p = self.page
            self.page = PageFacts(
                ident if p.id == ident else p.id, p.title,
                self.date if p.date == self.date else p.date,
                tuple(sys.intern(w) for w in p.speakers), p.links)
        self.people = ()


def _paras(doc: m.Document) -> list[m.Para]:
    return [n for n in walk([b for d in doc.divs for b in d.blocks]) if isinstance(n, m.Para)]


def document_facts(doc: m.Document) -> dict[str, Any]:
    """The facts of a parsed document that ids and links are decided from."""
    dated = []
    if doc.meta.kind == "article":
        for k, para in enumerate(_paras(doc)):
            for i, x in enumerate(para.content):
                if isinstance(x, m.Date) and x.when:
                    dated.append((k, i, x.when, plain(para.content)))
    surnames = sorted({doc.people[p].name.split()[-1] for p in doc.meta.participants})
    return {"kind": doc.meta.kind, "date": doc.meta.date, "surnames": surnames, "dated": dated,
            "speeches": len(doc.speeches()), "people": appearances(doc)}


def apply_plan(doc: m.Document, plan: Plan) -> None:
    """Give a freshly parsed document the id and links the corpus decided for it."""
    doc.id = plan.id
    if plan.warning:
        doc.warnings.append(m.Warning(None, plan.warning))
    paras = _paras(doc) if plan.links else []
    for k, i, target in plan.links:
        paras[k].content[i] = m.Link(target, [paras[k].content[i]])
    doc.meta.related.extend(plan.related)


def plan_corpus(valid: Callable[[], Iterable[DocFacts]]) -> Iterator[tuple[DocFacts, Plan]]:
    """Ids and links for the documents that encode (``valid()`` gives them, in source-name
    order, once per pass): each document with its plan, one at a time (a caller compares it
    with the written one and keeps the few that differ: the facts and plans of a large corpus
    are never all in memory).

    Ids: a later document with the same id as an earlier one gets a suffix from its file name.
    Links: an article sentence that names a call's date and one of its participants' surnames
    links the date to that call (the first such call in source order), and both headers list
    the other as a related item.
    """
    renamed: dict[str, str] = {}  # the ids that are not the document's own
    warnings: dict[str, str] = {}
    seen: dict[str, str] = {}
    dates: set[str] = set()  # the dates an article's sentences name
    for f in valid():
        ident = f.base_id
        if ident in seen:
            ident = renamed[f.source] = f"{f.base_id}-{slug(Path(f.source).stem)}"
            warnings[f.source] = (f"same document id as {seen[f.base_id]} (another release of "
                                  f"the same call?); encoded as {ident}")
        seen[ident] = f.source
        if f.kind == "article":
            dates.update(when for _, _, when, _ in f.dated)
    del seen
    links: dict[str, list[tuple[int, int, str]]] = {}
    related: dict[str, list[tuple[str, str]]] = {}
    # the calls an article can name: (source, id, date, surnames), in source order (no
    # article names a date: no pass over the corpus for them)
    calls = [(f.source, renamed.get(f.source, f.base_id), f.date, f.surnames) for f in valid()
             if f.kind != "article" and f.date and f.date in dates] if dates else []
    for f in valid() if calls else ():
        if f.kind != "article":
            continue
        for k, i, when, sentence in f.dated:
            for call, call_id, date, surnames in calls:
                if date != when:
                    continue
                if any(re.search(rf"\b{re.escape(n)}\b", sentence) for n in surnames):
                    target = f"{call_id}.xml"
                    links.setdefault(f.source, []).append((k, i, target))
                    related.setdefault(f.source, []).append((target, "discusses"))
                    related.setdefault(call, []).append(
                        (f"{renamed.get(f.source, f.base_id)}.xml", "discussed-by"))
                    break
    for f in valid():
        yield f, Plan(renamed.get(f.source, f.base_id), warnings.get(f.source),
                      tuple(links.get(f.source, ())), tuple(related.get(f.source, ())))
