"""The TEI of the text: one writer per kind of model node (inline, blocks, an article's front)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lxml import etree

from .. import model as m
from ..model.tree import plain
from .xml import LINE, TEI_NS, add, added_after, el, last_child, report, sub, unique_id

# --- where each element may stand ------------------------------------------------------------

# What an element may hold besides text, as schema/memcon.rng has it (TEI's macro.phraseSeq and
# macro.paraContent, narrowed): a node whose element is not allowed in its parent is written
# as its text instead, with a warning, so that no arrangement of the model is invalid TEI.
PHRASE = frozenset({"anchor", "lb", "fw", "pb", "note", "stamp", "seg", "del", "gap",
                    "supplied", "hi", "ref", "email", "date", "persName", "placeName", "q"})
PARA = PHRASE | {"stage", "list"}
ALLOWED: dict[str, frozenset[str]] = {
    "p": PARA, "item": PARA, "ab": PARA, "signed": PARA,
    "head": PHRASE, "dateline": PHRASE, "seg": PHRASE, "note": PHRASE, "hi": PHRASE,
    "ref": PHRASE, "q": PHRASE, "foreign": PHRASE,
    "stamp": frozenset({"lb", "date"}),
    "div": frozenset({"gap", "note"}),  # the editor's omission note or summary between speeches
    "sp": frozenset({"gap"}),  # pages missing between fragments (fit.py leaves only those here)
    "docImprint": frozenset({"idno", "foreign"}), "byline": frozenset({"docAuthor", "foreign"}),
}
FW_ALLOWED: dict[str, frozenset[str]] = {
    "classification": frozenset({"del"}),
    "classification-authority": frozenset({"lb", "persName", "date"}),
    "letterhead": frozenset({"lb"}), "docId": frozenset({"lb"}),
}
TAG = {m.LineBreak: "lb", m.Portion: "seg", m.Struck: "del", m.Gap: "gap",
       m.Interruption: "stage", m.Supplied: "supplied", m.Note: "note", m.Bold: "hi",
       m.Link: "ref", m.Email: "email", m.Date: "date", m.Quote: "q", m.Foreign: "foreign",
       m.NoteCall: "anchor", m.Idno: "idno", m.Addressees: "list", m.Furniture: "fw",
       m.Stamp: "stamp", m.PageBreak: "pb"}


def _allowed(parent: etree._Element) -> frozenset[str]:
    local = etree.QName(parent).localname
    if local == "fw":
        return FW_ALLOWED.get(parent.get("type") or "", frozenset())
    if local == "seg" and parent.get("type") == "portion-marking":
        return frozenset({"del"})
    return ALLOWED.get(local, frozenset())


def _tag(n: Any) -> str | None:
    if isinstance(n, m.Name):
        return "placeName" if n.kind == "place" else "persName"
    return TAG.get(type(n))


def _as_text(parent: etree._Element, n: Any) -> None:
    """A node that cannot stand in ``parent``, as the characters the source has for it."""
    report(f"{type(n).__name__.lower()} cannot stand inside "
           f"<{etree.QName(parent).localname}>; kept as text")
    if isinstance(n, (m.Furniture, m.Stamp)):
        lines: list[Any] = []
        for i, line in enumerate(n.lines):
            lines.extend(([m.LineBreak()] if i else []) + line)
        inline(parent, lines)
    elif isinstance(n, m.Addressees):
        inline(parent, [x for i, b in enumerate(n.blocks)
                        for x in ([m.LineBreak()] if i else []) + b])
    elif isinstance(n, m.Bold):
        inline(parent, [m.Text("**"), *n.children, m.Text("**")])
    elif isinstance(n, m.Link):
        inline(parent, [m.Text("["), *n.children, m.Text(f"]({n.target or ''})")])
    elif isinstance(n, m.Quote):
        inline(parent, [m.Text(n.open), *n.children, m.Text(n.close)])
    elif isinstance(n, (m.Name, m.Foreign, m.Note)):
        inline(parent, n.children)
    elif isinstance(n, m.LineBreak):
        add(parent, "\n")
    elif isinstance(n, (m.Portion, m.Struck)):
        struck = isinstance(n, m.Struck) or n.struck
        add(parent, f"~~{n.text}~~" if struck else n.text)
    elif isinstance(n, (m.Interruption, m.Supplied)):
        add(parent, f"[{n.text}]")
    elif isinstance(n, m.Gap):  # bracketed in the source, but for a redaction's citation
        add(parent, n.desc if n.reason in ("redacted", "missing") else f"[{n.desc}]")
    elif isinstance(n, m.Email):
        add(parent, n.address)
    elif isinstance(n, m.NoteCall):
        add(parent, n.n)
    elif isinstance(n, m.PageBreak):
        add(parent, f"[Page {n.n}]" if n.n else "")
    else:
        add(parent, getattr(n, "text", ""))


# --- inline nodes -------------------------------------------------------------------------


def ana(level: str, caveats: Iterable[str] = ()) -> str:
    return " ".join(f"#{x}" for x in [level, *caveats])


def inline(parent: etree._Element, nodes: Iterable[Any]) -> None:
    allowed = _allowed(parent)
    for n in nodes:
        tag = _tag(n)
        if tag is not None and tag not in allowed:
            _as_text(parent, n)
        elif isinstance(n, m.Text):
            add(parent, n.text)
        elif isinstance(n, m.LineBreak):
            line_break(parent)
        elif isinstance(n, m.Portion):
            seg = sub(parent, "seg", {"type": "portion-marking", "ana": ana(n.level, n.caveats)})
            if n.struck:
                sub(seg, "del", {"rend": "strikethrough", "type": "declassification"}, n.text)
            else:
                add(seg, n.text)
        elif isinstance(n, m.Struck):
            sub(parent, "del", {"rend": "strikethrough"}, n.text)
        elif isinstance(n, m.Gap):
            pages = {"unit": "page", "quantity": str(n.pages)} if n.pages else {}
            gap = sub(parent, "gap", {"reason": n.reason, **pages})
            if n.desc:
                sub(gap, "desc", None, n.desc)
        elif isinstance(n, m.Interruption):
            who = f"#{n.who}" if n.who else None
            sub(parent, "stage", {"type": "interruption", "who": who}, n.text)
        elif isinstance(n, m.Supplied):
            sub(parent, "supplied", {"reason": n.reason}, n.text)
        elif isinstance(n, m.Note):
            target = f"#{n.target}" if n.target else None
            inline(sub(parent, "note", {"type": n.type, "n": n.n, "target": target}), n.children)
        elif isinstance(n, m.Bold):
            inline(sub(parent, "hi", {"rend": "bold"}), n.children)
        elif isinstance(n, m.Link):
            inline(sub(parent, "ref", {"target": n.target}), n.children)
        elif isinstance(n, m.Email):
            sub(parent, "email", None, n.address)
        elif isinstance(n, m.Date):
            sub(parent, "date", {"when": n.when, "from": n.start, "to": n.end}, n.text)
        elif isinstance(n, m.Name):
            tag = {"person": "persName", "place": "placeName", "author": "persName"}[n.kind]
            inline(sub(parent, tag, {"ref": f"#{n.ref}" if n.ref else None}), n.children)
        elif isinstance(n, m.Quote):
            q = sub(parent, "q")
            add(q, n.open)
            inline(q, n.children)
            add(q, n.close)
        elif isinstance(n, m.Foreign):
            inline(sub(parent, "foreign", {"xml:lang": n.lang}), n.children)
        elif isinstance(n, m.NoteCall):
            sub(parent, "anchor", {"type": "noteCall", "xml:id": unique_id(f"fncall-{n.n}")})
            sub(parent, "hi", {"rend": "superscript"}, n.n)
        elif isinstance(n, m.Idno):
            sub(parent, "idno", {"type": n.type}, n.text)
        elif isinstance(n, m.Addressees):
            lst = sub(parent, "list", {"type": "addressees"})
            for block in n.blocks:
                inline(sub(lst, "item"), block)
        elif isinstance(n, (m.Furniture, m.Stamp, m.PageBreak)):
            interrupter(parent, n)
        else:  # pragma: no cover - a model node without a writer is a programming error
            raise TypeError(f"no TEI writer for {type(n).__name__}")


def line_break(parent: etree._Element) -> None:
    """``lb`` preceded by the source's own line end, so the text's words stay apart."""
    add(parent, "\n")
    sub(parent, "lb")


def lines_into(parent: etree._Element, lines: list[list[Any]]) -> None:
    for i, line in enumerate(lines):
        if i:
            line_break(parent)
        inline(parent, line)


def interrupter(parent: etree._Element, n: Any) -> etree._Element:
    if isinstance(n, m.PageBreak):
        return sub(parent, "pb", {"n": n.n})
    if isinstance(n, m.Stamp):
        stamp = sub(parent, "stamp", {"type": "declassification", "when": n.when})
        lines_into(stamp, n.lines)
        return stamp
    attrs = {"type": n.kind, "place": n.place,
             "ana": ana(n.level, n.caveats) if n.level else None}
    fw = sub(parent, "fw", attrs)
    if n.kind == "classification":
        for line in n.lines:
            for x in line:
                if isinstance(x, m.Struck):
                    sub(fw, "del", {"rend": "strikethrough", "type": "declassification"}, x.text)
                else:
                    inline(fw, [x])
    else:
        lines_into(fw, n.lines)
    return fw


# --- blocks -------------------------------------------------------------------------------


def _from_line(elements: Iterable[etree._Element], line: int | None) -> None:
    """Record the source line an element was written from, as its ``sourceline``.

    Not serialised; it lets a message about the TEI (a validation error) name the line of the
    transcription to fix, since the TEI file itself is never written when it is invalid.
    """
    if line and line < 65536:  # lxml keeps sourceline in 16 bits
        for e in elements:
            e.sourceline = line


TEXT_TAGS = frozenset(f"{{{TEI_NS}}}{t}" for t in ("p", "sp", "ab", "list", "gap", "note"))
BOTTOM_TAGS = frozenset(f"{{{TEI_NS}}}{t}" for t in ("trailer", "closer", "postscript"))


def _stamps(parent: etree._Element, tags: set[str]) -> etree._Element:
    """The container of a run of stamps: ``ab type="stamps"`` among the division's text;
    before the text begins or after its trailer, where TEI allows no ``ab``, page furniture
    (``fw type="stamps"``) at the top or the foot of the page. ``tags``: those of the
    parent's children so far (kept by ``blocks``: a division may have thousands)."""
    if tags & BOTTOM_TAGS or not tags & TEXT_TAGS:
        place = "bottom" if tags & BOTTOM_TAGS else "top"
        return sub(parent, "fw", {"type": "stamps", "place": place})
    return sub(parent, "ab", {"type": "stamps"})


def blocks(parent: etree._Element, items: list[Any]) -> None:
    stamps: etree._Element | None = None
    tags = {c.tag for c in parent}
    for b in items:
        line = getattr(b, "line", None)
        if line:
            LINE.set(line)
        if isinstance(b, m.Stamp):
            if stamps is None:
                stamps = _stamps(parent, tags)
                tags.add(stamps.tag)
                _from_line([stamps], line)
            _from_line([interrupter(stamps, b)], line)
            continue
        stamps = None
        before = last_child(parent)
        if isinstance(b, m.Para):
            inline(sub(parent, "p"), b.content)
        elif isinstance(b, m.Speech):
            sp = sub(parent, "sp", {"who": f"#{b.who}" if b.who else None})
            sub(sp, "speaker", None, b.label)
            blocks(sp, b.paras)
        elif isinstance(b, m.Head):
            inline(sub(parent, "head"), b.content)
        elif isinstance(b, m.Fields):
            lst = sub(parent, "list", {"type": "memo-fields"})
            # TEI's list is all label+item pairs or all items: an unlabelled entry (a printed
            # edition's bulleted participants) among labelled ones gets an empty label
            labelled = any(e.label for e in b.entries)
            for e in b.entries:
                k = last_child(lst)
                if labelled:
                    sub(lst, "label", None, e.label or None)
                inline(sub(lst, "item"), e.value)
                _from_line(added_after(lst, k), e.line)
        elif isinstance(b, m.Opener):
            opener = sub(parent, "opener")
            for x in b.items:
                k = last_child(opener)
                if isinstance(x, m.Dateline):
                    inline(sub(opener, "dateline"), x.content)
                elif isinstance(x, m.Stray):
                    inline(sub(opener, "seg", {"type": "unrecognised"}), x.content)
                else:
                    interrupter(opener, x)
                _from_line(added_after(opener, k), getattr(x, "line", None))
        elif isinstance(b, m.Closer):
            lines_into(sub(sub(parent, "closer"), "signed"), b.lines)
        elif isinstance(b, m.Attachments):
            lst = sub(sub(parent, "postscript"), "list", {"type": "attachments"})
            sub(lst, "head", None, b.label)
            for item in b.items:
                inline(sub(lst, "item"), item)
        elif isinstance(b, m.Footnote):
            target = f"#fncall-{b.n}" if b.called else None
            note = sub(parent, "note", {"type": "footnote", "xml:id": unique_id(f"fn-{b.n}"),
                                        "n": b.n,
                                        "target": target})
            inline(note, b.content)
        elif isinstance(b, m.Trailer):
            sub(parent, "trailer", None, b.text)
        elif isinstance(b, m.Stray):
            inline(sub(parent, "ab", {"type": "stray"}), b.content)
        elif isinstance(b, m.Section):
            div = sub(parent, "div", {"type": "section"})
            if b.head is not None:
                inline(sub(div, "head"), b.head)
            blocks(div, b.blocks)
        elif isinstance(b, m.NavList):
            lst = sub(parent, "list", {"type": "navigation"})
            for item in b.items:
                inline(sub(lst, "item"), item)
        elif isinstance(b, (m.Furniture, m.PageBreak)):
            interrupter(parent, b)
        elif isinstance(b, (m.Gap, m.Note)):
            inline(parent, [b])
        else:  # pragma: no cover
            raise TypeError(f"no TEI writer for {type(b).__name__}")
        added = added_after(parent, before)
        tags.update(c.tag for c in added)
        _from_line(added, line)


def front(doc: m.Document) -> etree._Element:
    assert doc.front is not None
    fr = el("front")
    title: etree._Element | None = None
    titled = False
    for kind, content in doc.front.parts:
        if kind == "title":
            if title is None:
                title = sub(fr, "docTitle")
            sub(title, "titlePart", {"type": "sub" if titled else "main"}, content)
            titled = True
            continue
        title = None
        if kind == "imprint":
            inline(sub(fr, "docImprint"), content)
        else:
            by = sub(fr, "byline")
            for n in content:
                if isinstance(n, m.Name) and n.kind == "author":
                    sub(by, "docAuthor", {"ref": f"#{n.ref}" if n.ref else None},
                        plain(n.children))
                else:
                    inline(by, [n])
    return fr
