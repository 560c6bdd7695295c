"""The small facts of one encoded document, and the corpus-wide decisions made from them.

A worker encodes a document on its own; what the edition as a whole decides -- unique ids,
links between an article and the calls it discusses, speaker colours, the index, the
personography -- needs only a few facts of each document (:class:`DocFacts`, a few hundred
bytes), never its tree. :func:`plan_corpus` makes those decisions as :class:`Plan` s, one per
document, which a worker applies to a freshly parsed document (:func:`apply_plan`); a document
whose plan is not the one its written file was made with is encoded again, the others are
left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import model as m
from .html.pages import PageFacts
from .ids import slug
from .model.tree import plain, walk
from .personography import appearances


@dataclass(frozen=True)
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


@dataclass
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
    surnames: list[str] = field(default_factory=list)
    dated: list[tuple[int, int, str, str]] = field(default_factory=list)
    speeches: int = 0
    tei_digest: str = ""
    page: PageFacts | None = None
    people: list[tuple[str, str, str | None, str]] = field(default_factory=list)
    page_key: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def id(self) -> str:
        return self.plan.id if self.plan else self.base_id

    def as_json(self) -> dict[str, Any]:
        data = dict(vars(self))  # flat: lists of tuples and strings serialise as they are
        data["plan"] = self.plan.as_json() if self.plan else None
        if self.page is not None:
            data["page"] = {**vars(self.page), "summary": self.page.summary.decode()}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocFacts:
        data = dict(data)
        data["plan"] = Plan.from_json(data["plan"]) if data["plan"] else None
        page = data["page"]
        if page is not None:
            data["page"] = PageFacts(page["id"], page["title"], page["date"],
                                     tuple(page["speakers"]), tuple(page["links"]),
                                     page["summary"].encode())
        data["dated"] = [tuple(x) for x in data["dated"]]
        data["people"] = [tuple(x) for x in data["people"]]
        return cls(**data)


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


def plan_corpus(valid: list[DocFacts]) -> dict[str, Plan]:
    """Ids and links for the documents that encode, in source-name order.

    Ids: a later document with the same id as an earlier one gets a suffix from its file name.
    Links: an article sentence that names a call's date and one of its participants' surnames
    links the date to that call (the first such call in source order), and both headers list
    the other as a related item.
    """
    ids: dict[str, str] = {}
    warnings: dict[str, str] = {}
    seen: dict[str, str] = {}
    for f in valid:
        ident = f.base_id
        if ident in seen:
            ident = f"{f.base_id}-{slug(Path(f.source).stem)}"
            warnings[f.source] = (f"same document id as {seen[f.base_id]} (another release of "
                                  f"the same call?); encoded as {ident}")
        ids[f.source] = ident
        seen[ident] = f.source
    links: dict[str, list[tuple[int, int, str]]] = {f.source: [] for f in valid}
    related: dict[str, list[tuple[str, str]]] = {f.source: [] for f in valid}
    calls = [f for f in valid if f.kind != "article" and f.date]
    for f in valid:
        if f.kind != "article":
            continue
        for k, i, when, sentence in f.dated:
            for call in calls:
                if call.date != when:
                    continue
                if any(re.search(rf"\b{re.escape(n)}\b", sentence) for n in call.surnames):
                    target = f"{ids[call.source]}.xml"
                    links[f.source].append((k, i, target))
                    related[f.source].append((target, "discusses"))
                    related[call.source].append((f"{ids[f.source]}.xml", "discussed-by"))
                    break
    return {f.source: Plan(ids[f.source], warnings.get(f.source), tuple(links[f.source]),
                           tuple(related[f.source])) for f in valid}
