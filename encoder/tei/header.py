"""The teiHeader: derived from ``Document.meta`` and the document's people, never from text
the transcription does not contain."""

from __future__ import annotations

import os
import time
from typing import Any

from lxml import etree

from .. import __version__
from .. import model as m
from ..vocab import vocab
from .xml import XML_ILLEGAL, add, el, sub

KIND_TITLE = {
    "telcon": "Memorandum of telephone conversation",
    "memcon": "Memorandum of conversation",
    "article": "Journal article",
    "document": "Document of undetermined kind",
}


LANGUAGES = {"en": "English", "it": "Italian"}


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


def header(doc: m.Document, nodes: list[Any]) -> etree._Element:
    """The teiHeader; ``nodes``: every node of the divisions and back matter (``fit`` gives
    them)."""
    meta = doc.meta
    v = vocab()
    h = el("teiHeader")
    fd = sub(h, "fileDesc")
    ts = sub(fd, "titleStmt")
    main = meta.subject or meta.title or f"{KIND_TITLE[meta.kind]}, {human_date(meta.date)}"
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
    if meta.kind == "article":
        sub(sub(ps, "availability"), "licence", None, "Rights reserved by the publisher of the "
            "journal; the text is included for scholarly reference only.")
    elif meta.kind != "document":  # a document of undetermined kind claims no licence
        sub(sub(ps, "availability"), "licence", None, "Public domain: a work of the United "
            "States Government (17 U.S.C. § 105).")
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
    if XML_ILLEGAL.search(doc.source.text):
        sub(edecl, "p", None, ILLEGAL_NOTE)
    tax = sub(sub(ed, "classDecl"), "taxonomy", {"xml:id": "classification"})
    for lid, lv in v.levels.items():
        sub(sub(tax, "category", {"xml:id": lid}), "catDesc", None, lv.label)
    # every division, the back matter's too: a caveat marked anywhere needs its category
    used_caveats = {c for n in nodes if _marked(n) for c in n.caveats} | set(meta.caveats)
    for cav in v.caveats:
        if cav.id in used_caveats:
            sub(sub(tax, "category", {"xml:id": cav.id}), "catDesc", None, cav.label)

    pd = sub(h, "profileDesc")
    if meta.languages:
        lu = sub(pd, "langUsage")
        for lang in meta.languages:
            sub(lu, "language", {"ident": lang}, LANGUAGES[lang])
    if meta.overall:
        tc = sub(pd, "textClass")
        # the overall level with its caveats (a banner's ``NOFORN``, a source note's ``Nodis``)
        target = " ".join(f"#{c}" for c in [meta.overall, *meta.caveats])
        sub(tc, "catRef", {"scheme": "#classification", "target": target})
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


ILLEGAL_NOTE = (
    "The source holds characters that XML cannot hold (control characters other than tab and "
    "line end, U+FFFE, U+FFFF); each is kept where it stands as a g element of type "
    "xml-illegal whose content names its code point (U+0007), except where TEI gives no g "
    "(a gap's desc, the repository and collection of a source note): there it is written "
    "as U+FFFD and a warning of the encoding run names the code point.")


def _marked(n: Any) -> bool:
    """A portion marking, or a classification banner with caveats."""
    return isinstance(n, m.Portion) or (isinstance(n, m.Furniture) and bool(n.caveats))


def header_msdesc(sd: etree._Element, doc: m.Document) -> None:
    meta = doc.meta
    ms = sub(sd, "msDesc")
    mi = sub(ms, "msIdentifier")
    if meta.repository:
        sub(mi, "repository", None, meta.repository)
    if meta.collection:
        sub(mi, "collection", None, meta.collection)
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
            elif c.declassify_text:  # OADR: originating agency's determination required
                add(ev, f"; declassify on: {c.declassify_text} (as written)")
            add(ev, ".")
        for d in meta.declassifications:
            if d.when:
                sub(ch, "custEvent", {"type": "declassification", "when": d.when}, d.text)


# --- the document -------------------------------------------------------------------------
