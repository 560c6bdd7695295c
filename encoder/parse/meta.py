"""Header facts derived from what was recognised: date, place, classification, identifiers."""

from __future__ import annotations

import re

from .. import dates
from .. import model as m
from ..model.tree import plain, walk
from ..vocab import vocab
from .segment import FOOTER
from .sourcenote import read_source_note
from .state import Context


def memo_meta(kind: str, divs: list[m.Div], back: list[m.Div], ctx: Context) -> m.Meta:
    """Header facts derived from what was recognised."""
    v = vocab()
    meta = m.Meta(kind=kind)
    memo = divs[-1]
    nodes = list(walk(memo.blocks))
    entries = [n for n in nodes if isinstance(n, m.FieldEntry)]
    # a two-column header: each of the last label's lines as the field it is the value of
    read = [(kind, value) for e in entries
            for kind, value in (e.columns or [(e.kind, e.value)])]
    for kind, value in read:
        if kind == "subject" and meta.subject is None:
            meta.subject = plain([x for x in value if not isinstance(x, m.Portion)])
        if kind == "datetime":
            for x in value:
                if isinstance(x, m.Date) and meta.date is None:
                    meta.date = (x.when or x.start or "")[:10] or None
                    meta.start, meta.end = x.start, x.end
                    if x.when and "T" in x.when:
                        meta.start = x.when
                if isinstance(x, m.Name) and x.kind == "place":
                    meta.place = plain(x.children)
    everything = [n for d in divs[:-1] for n in walk(d.blocks)] + nodes  # memo's walked once
    for line in (n for n in everything if isinstance(n, m.Dateline)):
        for x in line.content:
            if isinstance(x, m.Date) and meta.date is None and (x.when or x.start):
                meta.date = (x.when or x.start or "")[:10]
                meta.start, meta.end = (x.when, None) if x.when else (x.start, x.end)
            if isinstance(x, m.Name) and x.kind == "place" and meta.place is None:
                meta.place = plain(x.children)
    if meta.date is None and ctx.settings.date is not None and meta.subject and dates.find_date(
            meta.subject, v.pivot):  # only the subject dates it (memo.memo_date)
        meta.date = ctx.settings.date.isoformat()
    heading = next((b for b in memo.blocks if isinstance(b, m.Head)), None)
    if heading is not None:  # a printed edition's heading, without its number: the title
        meta.title = re.sub(r"^\d{1,4}\.\s+", "", plain(heading.content)) or None
    note = read_source_note([b for b in memo.blocks if isinstance(b, m.Footnote)], ctx)
    banners = [n.level for n in everything if isinstance(n, m.Furniture) and n.level]
    meta.caveats = list(dict.fromkeys(
        c for n in everything if isinstance(n, m.Furniture) and n.level for c in n.caveats))
    if note is not None:
        banners += [note.level] if note.level else []
        meta.caveats += [c for c in note.caveats if c not in meta.caveats]
    portions = [n.level for n in everything if isinstance(n, m.Portion)]
    ranked = [lv for lv in banners + portions if lv in v.levels]
    heads = [lv for lv in banners if lv in v.levels]
    subject_marks = [
        x.level for e in everything if isinstance(e, m.FieldEntry) and e.kind == "subject"
        for x in e.value if isinstance(x, m.Portion)
    ]
    if subject_marks:
        heads.append(subject_marks[-1])
    if ranked or heads:
        meta.overall = max(ranked + heads, key=v.rank)
        top_marked = max(heads, key=v.rank) if heads else None
        if top_marked and portions and v.rank(max(portions, key=v.rank)) > v.rank(top_marked):
            ctx.warn(
                None,
                f"a portion is marked ({max(portions, key=v.rank)}) above the document's banner "
                f"or subject marking ({top_marked}); overall classification set to the higher",
            )
    meta.pages = sum(1 for n in everything if isinstance(n, m.PageBreak))
    for n in everything:
        if isinstance(n, m.Furniture) and n.kind == "classification-authority":
            meta.classifications.append(authority_facts(n))
        elif isinstance(n, m.Stamp):
            text = " ".join(plain(ln) for ln in n.lines)
            meta.declassifications.append(m.Declassification(text, n.when, n.line))
            meta.idnos.extend(stamp_idnos(text))
        elif isinstance(n, m.Furniture) and n.kind == "docId":
            meta.idnos.extend(stamp_idnos(" ".join(plain(ln) for ln in n.lines)))
    seen: set[tuple[str, str]] = set()
    meta.idnos = [x for x in meta.idnos if not (x in seen or seen.add(x))]
    for d in back:
        paras = [b for b in d.blocks if isinstance(b, m.Para)]
        for k, p in enumerate(paras[:-1]):
            if FOOTER.match(plain(p.content)):
                meta.repository = plain(paras[k + 1].content)
    if note is not None and meta.repository is None:  # the archive of the original
        meta.repository, meta.collection = note.repository, note.collection
    meta.participants = [
        p.id for p in ctx.results.people.values() if "participant" in p.roles
    ]
    return meta


def authority_facts(node: m.Furniture) -> m.Classification:
    by = reason = when = text = None
    for ln in node.lines:
        s = plain(ln)
        for x in ln:
            if isinstance(x, m.Name):
                by = plain(x.children)
            if isinstance(x, m.Date):
                when, text = x.when, x.text
        if re.match(r"^(?:Reasons?|REASONS?)\s*:", s):
            reason = s.split(":", 1)[1].strip()
        elif when is None and re.match(r"^(?:Declassify\s+[Oo]n|DECLASSIFY\s+ON)\s*:", s):
            text = s.split(":", 1)[1].strip() or None  # an event, not a date: ``OADR``
    return m.Classification(by, reason, when, text, node.line)


IDNO_RULES = [
    (re.compile(r"\b(\d{4}-\d{4}-[A-Z])\b"), "declassification-case"),
    (re.compile(r"ISCAP APPEAL NO\.?\s*([\d-]+)", re.I), "ISCAP-appeal"),
    (re.compile(r"NW#\s*:?\s*(\d+)"), "NW"),
    (re.compile(r"DocId\s*:?\s*(\d+)"), "DocId"),
    (re.compile(r"Case No\.\s*([A-Z]-\d{4}-\d{4,6})"), "FOIA-case"),  # State's FOIA header
    (re.compile(r"Doc No\.\s*(C\d{6,10})"), "State-doc"),
]


def stamp_idnos(text: str) -> list[tuple[str, str]]:
    return [(kind, hit.group(1)) for rx, kind in IDNO_RULES for hit in rx.finditer(text)]

