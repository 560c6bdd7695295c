"""Write the document model as TEI P5, following ENCODING.md.

One function per kind of model node; the header is derived from ``Document.meta`` and the
people of the document, never from text the transcription does not contain. Serialisation is
deterministic: no clock, fixed attribute order, indentation only inside element-only content
(mixed content such as ``p`` is written exactly as read, so no whitespace is invented).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from typing import Any

from lxml import etree

from . import __version__
from . import model as m
from .parse import plain, vocab

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
SCHEMA_HREF = "../../schema/"
T = f"{{{TEI_NS}}}"

# element-only containers: indentation whitespace there changes no text
BLOCKY = {
    "TEI", "teiHeader", "fileDesc", "titleStmt", "publicationStmt", "sourceDesc", "msDesc",
    "msIdentifier", "physDesc", "objectDesc", "supportDesc", "history", "origin",
    "additional", "adminInfo", "custodialHist", "encodingDesc", "classDecl", "taxonomy",
    "category", "editorialDecl", "appInfo", "application", "profileDesc", "textClass",
    "particDesc", "listPerson", "person", "settingDesc", "setting", "text", "front", "body",
    "back", "div", "sp", "opener", "closer", "postscript", "respStmt", "availability",
    "notesStmt", "listPlace", "place", "titlePage", "docTitle", "ab", "list", "langUsage",
    "extent", "note",
}


def el(tag: str, attrs: dict[str, Any] | None = None, *children: Any) -> etree._Element:
    node = etree.Element(T + tag, nsmap={None: TEI_NS})
    for key, value in (attrs or {}).items():
        if value is None:
            continue
        name = f"{{{XML_NS}}}{key[4:]}" if key.startswith("xml:") else key
        node.set(name, str(value))
    for child in children:
        add(node, child)
    return node


def add(parent: etree._Element, child: Any) -> None:
    """Append an element or a string to mixed content (strings go to text or the last tail)."""
    if child is None:
        return
    if isinstance(child, str):
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + child
        else:
            parent.text = (parent.text or "") + child
    else:
        parent.append(child)


def sub(parent: etree._Element, tag: str, attrs: dict[str, Any] | None = None,
        *children: Any) -> etree._Element:
    node = el(tag, attrs, *children)
    parent.append(node)
    return node


# --- inline nodes -------------------------------------------------------------------------


def ana(level: str, caveats: Iterable[str] = ()) -> str:
    return " ".join(f"#{x}" for x in [level, *caveats])


def inline(parent: etree._Element, nodes: Iterable[Any]) -> None:
    for n in nodes:
        if isinstance(n, m.Text):
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
            gap = sub(parent, "gap", {"reason": n.reason})
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
            sub(parent, "anchor", {"type": "noteCall", "xml:id": f"fncall-{n.n}"})
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
    if line:
        for e in elements:
            e.sourceline = line


def blocks(parent: etree._Element, items: list[Any]) -> None:
    stamps: etree._Element | None = None
    for b in items:
        line = getattr(b, "line", None)
        if isinstance(b, m.Stamp):
            if stamps is None:
                stamps = sub(parent, "ab", {"type": "stamps"})
                _from_line([stamps], line)
            _from_line([interrupter(stamps, b)], line)
            continue
        stamps = None
        first_new = len(parent)
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
            for e in b.entries:
                k = len(lst)
                sub(lst, "label", None, e.label)
                inline(sub(lst, "item"), e.value)
                _from_line(lst[k:], e.line)
        elif isinstance(b, m.Opener):
            opener = sub(parent, "opener")
            for x in b.items:
                k = len(opener)
                if isinstance(x, m.Dateline):
                    inline(sub(opener, "dateline"), x.content)
                elif isinstance(x, m.Stray):
                    inline(sub(opener, "seg", {"type": "unrecognised"}), x.content)
                else:
                    interrupter(opener, x)
                _from_line(opener[k:], getattr(x, "line", None))
        elif isinstance(b, m.Closer):
            lines_into(sub(sub(parent, "closer"), "signed"), b.lines)
        elif isinstance(b, m.Attachments):
            lst = sub(sub(parent, "postscript"), "list", {"type": "attachments"})
            sub(lst, "head", None, b.label)
            for item in b.items:
                inline(sub(lst, "item"), item)
        elif isinstance(b, m.Footnote):
            target = f"#fncall-{b.n}" if b.called else None
            note = sub(parent, "note", {"type": "footnote", "xml:id": f"fn-{b.n}", "n": b.n,
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
        _from_line(parent[first_new:], line)


# --- header -------------------------------------------------------------------------------

KIND_TITLE = {
    "telcon": "Memorandum of telephone conversation",
    "memcon": "Memorandum of conversation",
    "article": "Journal article",
}


def human_date(iso: str | None) -> str:
    if not iso:
        return "undated"
    parts = iso[:10].split("-")
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
    if len(parts) == 3:
        return f"{int(parts[2])} {months[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{months[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def header(doc: m.Document) -> etree._Element:
    meta = doc.meta
    v = vocab()
    h = el("teiHeader")
    fd = sub(h, "fileDesc")
    ts = sub(fd, "titleStmt")
    main = meta.subject or meta.title or doc.source.name
    sub(ts, "title", {"type": "main"}, main.rstrip(" ."))
    described = f"{KIND_TITLE[meta.kind]}, {human_date(meta.date)}"
    if meta.kind == "article":
        if meta.subtitle:
            sub(ts, "title", {"type": "sub"}, meta.subtitle)
        sub(ts, "title", {"type": "desc"}, described)
    else:
        # ENCODING.md §2: the subtitle of a memorandum is its kind and date
        sub(ts, "title", {"type": "sub"}, described)
    if meta.author:
        sub(ts, "author", None, meta.author)
    rs = sub(ts, "respStmt")
    sub(rs, "resp", None, "Encoded in TEI P5 by")
    sub(rs, "name", None, f"memcon-encoder {__version__}")

    ps = sub(fd, "publicationStmt")
    sub(ps, "publisher", None, "memcon-encoder digital edition")
    av = sub(ps, "availability")
    if meta.kind == "article":
        sub(av, "licence", None, "Rights reserved by the publisher of the journal; the text is "
            "included for scholarly reference only.")
    else:
        sub(av, "licence", None, "Public domain: a work of the United States Government "
            "(17 U.S.C. § 105).")
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        sub(ps, "date", {"when": time.strftime("%Y-%m-%d", time.gmtime(int(epoch)))})
    sub(ps, "idno", {"type": "source-file"}, doc.source.name)
    sub(ps, "idno", {"type": "sha256"}, doc.source.sha256)

    if meta.related:
        ns = sub(fd, "notesStmt")
        for target, rel in meta.related:
            sub(ns, "relatedItem", {"type": rel, "target": target})

    sd = sub(fd, "sourceDesc")
    if meta.kind == "article":
        bibl = sub(sd, "bibl")
        if meta.author:
            sub(bibl, "author", None, meta.author)
        sub(bibl, "title", {"level": "a"}, meta.title or "")
        for key, value in sorted(meta.imprint.items()):
            if key == "ISSN":
                sub(bibl, "idno", {"type": "ISSN"}, value)
            elif key == "issue":
                sub(bibl, "biblScope", {"unit": "issue"}, value)
            elif key == "date":
                sub(bibl, "date", {"when": value}, human_date(value))
    else:
        header_msdesc(sd, doc)

    ed = sub(h, "encodingDesc")
    app = sub(sub(ed, "appInfo"), "application",
              {"ident": "memcon-encoder", "version": __version__})
    sub(app, "label", None, "memcon-encoder")
    edecl = sub(ed, "editorialDecl")
    for text in EDITORIAL:
        sub(edecl, "p", None, text)
    if doc.source.encoding_note:
        sub(edecl, "p", None, doc.source.encoding_note)
    tax = sub(sub(ed, "classDecl"), "taxonomy", {"xml:id": "classification"})
    for lid, lv in v.levels.items():
        sub(sub(tax, "category", {"xml:id": lid}), "catDesc", None, lv["label"])
    used_caveats = sorted({c for n in _portions(doc) for c in n.caveats})
    for cav in v.raw["classification"]["caveats"]:
        if cav["id"] in used_caveats:
            sub(sub(tax, "category", {"xml:id": cav["id"]}), "catDesc", None, cav["label"])

    pd = sub(h, "profileDesc")
    lu = sub(pd, "langUsage")
    sub(lu, "language", {"ident": "en"}, "English")
    if meta.kind == "article":
        sub(lu, "language", {"ident": "it"}, "Italian")
    if meta.overall:
        tc = sub(pd, "textClass")
        sub(tc, "catRef", {"scheme": "#classification", "target": f"#{meta.overall}"})
    if doc.people:
        part = sub(pd, "particDesc")
        if doc.people:
            lp = sub(part, "listPerson")
            for p in doc.people.values():
                roles = " ".join(p.role_list())
                person = sub(lp, "person", {"xml:id": p.id, "role": roles})
                sub(person, "persName", None, p.name)
                if p.wikidata:
                    sub(person, "idno", {"type": "wikidata"}, p.wikidata)
    has_setting = meta.kind != "article" and (meta.date or meta.place)
    if has_setting or doc.places:
        sd_ = sub(pd, "settingDesc")
        if has_setting:
            setting = sub(sd_, "setting")
            if meta.start:
                sub(setting, "date", {"from": meta.start, "to": meta.end} if meta.end
                    else {"when": meta.start})
            elif meta.date:
                sub(setting, "date", {"when": meta.date})
            if meta.place:
                sub(setting, "placeName", None, meta.place)
        if doc.places:
            lpl = sub(sd_, "listPlace")
            for pl in doc.places.values():
                place = sub(lpl, "place", {"xml:id": pl.id})
                sub(place, "placeName", None, pl.name)
                if pl.wikidata:
                    sub(place, "idno", {"type": "wikidata"}, pl.wikidata)
    return h



EDITORIAL = [
    "Nothing lost, nothing invented: every character of the source, apart from whitespace "
    "and the markdown syntax the markup replaces, appears in the text once and in source "
    "order; normalised values (ISO dates, person ids, classification categories) stand only "
    "in attributes and in this header.",
    "Classification banners, portion markings, classification-authority blocks and "
    "declassification stamps are encoded where they stand; markings struck through at "
    "declassification are encoded as deletions of type declassification.",
    "A paragraph broken by a page end is re-joined, with the page furniture and a page "
    "break inline at the break; without page furniture, a paragraph whose last words do not "
    "end a sentence and whose continuation begins in lower case is re-joined without a page "
    "break.",
    "Two-digit years are read as 20yy below 50 and 19yy from 50; dates that contradict each "
    "other are kept as written and reported by the Schematron rules.",
]


def _portions(doc: m.Document) -> list[m.Portion]:
    from .parse import walk

    return [n for d in doc.divs for n in walk(d.blocks)
            if isinstance(n, m.Portion) or (isinstance(n, m.Furniture) and n.caveats)]


def header_msdesc(sd: etree._Element, doc: m.Document) -> None:
    meta = doc.meta
    ms = sub(sd, "msDesc")
    mi = sub(ms, "msIdentifier")
    if meta.repository:
        sub(mi, "repository", None, meta.repository)
    for kind, value in meta.idnos:
        sub(mi, "idno", {"type": kind}, value)
    if not meta.repository and not meta.idnos:
        sub(mi, "idno", {"type": "source-file"}, doc.source.name)
    phys = sub(ms, "physDesc")
    sup = sub(sub(phys, "objectDesc", {"form": "sheet"}), "supportDesc")
    ext = sub(sup, "extent")
    sub(ext, "measure", {"unit": "pages", "quantity": str(meta.pages)},
        f"{meta.pages} page{'s' if meta.pages != 1 else ''}")
    origin = sub(sub(ms, "history"), "origin")
    if meta.date:
        sub(origin, "origDate", {"when": meta.date}, human_date(meta.date))
    if meta.place:
        sub(origin, "origPlace", None, meta.place)
    if any(meta.date or c.declassify_on for c in meta.classifications) or any(
        d.when for d in meta.declassifications
    ):
        ch = sub(sub(sub(ms, "additional"), "adminInfo"), "custodialHist")
        for c in meta.classifications:
            when = meta.date or c.declassify_on
            if when is None:
                continue  # undated: the block stays in the text, with no event to date
            ev = sub(ch, "custEvent", {"type": "classification", "when": when})
            add(ev, f"Classified by {c.by or 'an unnamed authority'}")
            add(ev, f"; reason {c.reason}" if c.reason else "")
            if c.declassify_on:
                add(ev, "; to be declassified on ")
                sub(ev, "date", {"when": c.declassify_on}, c.declassify_text)
            add(ev, ".")
        for d in meta.declassifications:
            if d.when:
                sub(ch, "custEvent", {"type": "declassification", "when": d.when}, d.text)


# --- the document -------------------------------------------------------------------------


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


def to_tei(doc: m.Document) -> etree._ElementTree:
    root = el("TEI", {"xml:id": doc.id, "xml:lang": "en"})
    root.append(header(doc))
    text = sub(root, "text")
    if doc.front is not None:
        text.append(front(doc))
    body = sub(text, "body")
    for d in doc.divs:
        div = sub(body, "div", {"type": d.type, "subtype": d.subtype, "n": d.n})
        blocks(div, d.blocks)
    if doc.back:
        back = sub(text, "back")
        for d in doc.back:
            lang = "it" if d.type == "site-navigation" else None
            div = sub(back, "div", {"type": d.type, "xml:lang": lang})
            blocks(div, d.blocks)
    return etree.ElementTree(root)


def indent(node: etree._Element, level: int = 0) -> None:
    """Indent element-only containers; mixed content is left exactly as written."""
    local = etree.QName(node).localname
    children = list(node)
    blocky = local in BLOCKY
    if blocky and children and not (node.text or "").strip() and all(
        not (c.tail or "").strip() for c in children
    ):
        pad = "\n" + "  " * (level + 1)
        node.text = pad
        for c in children:
            c.tail = pad
        children[-1].tail = "\n" + "  " * level
    for c in children:
        if etree.QName(c).localname == "lb":
            _indent_line_end(c, level + 1)
        indent(c, level + 1)


def _indent_line_end(lb: etree._Element, level: int) -> None:
    """Indent the line end the writer put before an ``lb``, for a readable file."""
    prev = lb.getprevious()
    pad = "  " * level
    if prev is not None:
        if prev.tail and prev.tail.endswith("\n"):
            prev.tail += pad
    else:
        parent = lb.getparent()
        if parent is not None and parent.text and parent.text.endswith("\n"):
            parent.text += pad


def serialize(tree: etree._ElementTree, schema_pis: bool = True) -> bytes:
    """The TEI file's bytes: XML declaration, xml-model PIs, indented where it is safe."""
    root = tree.getroot()
    indent(root)
    body = etree.tostring(root, encoding="unicode")
    pis = "" if not schema_pis else (
        f'<?xml-model href="{SCHEMA_HREF}memcon.rng" type="application/xml" '
        'schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
        f'<?xml-model href="{SCHEMA_HREF}memcon.sch" type="application/xml" '
        'schematypens="http://purl.oclc.org/dsdl/schematron"?>\n'
    )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + pis + body + "\n").encode("utf-8")
