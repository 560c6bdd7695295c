"""Make a document model fit the places the schema gives each thing, before it is written.

The parser recognises what it can and puts it where the source has it; a damaged or unusual
source can leave a model that no valid TEI expresses (a heading after the speeches, a trailer
before any text, a pointer to a person the header does not describe, portion markings with no
overall classification). ``fit`` is the one place that knows the schema's constraints on
the model's arrangement (``schema/memcon.rng``, ``schema/memcon.sch``, TEI's own div and sp
content) and repairs the model by a fixed rule: what cannot stand where it is degrades to a
plain paragraph, keeping every character, and a warning names the line. A model that
already fits is left exactly as it is (no warning), so ``fit`` changes nothing in a valid
edition and running it twice changes nothing the second time.

Inline nodes in a place their element cannot stand (a portion marking inside a stamp) are
written as text by the writer itself (``text.inline``), which knows the element it writes
into; see ``text.ALLOWED``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import model as m
from ..model.tree import named_child_lists, walk
from ..vocab import vocab

Warn = Callable[[int | None, str], None]

TOP = (m.Head, m.Opener)  # TEI model.divTop: before the division's text
BOTTOM = (m.Trailer, m.Closer, m.Attachments)  # model.divBottom: after it
GLOBAL = (m.Furniture, m.PageBreak, m.Footnote)  # model.global: anywhere between blocks
FIT_ATTRS = ("blocks", "paras", "items", "content", "lines", "children", "value")


def fit(doc: m.Document) -> list[Any]:
    """Repair ``doc`` in place so that the TEI written from it is valid; warn for each repair.

    Returns every node of the divisions and back matter as fitted (:func:`everything`),
    which the header reads too: one walk of the document fewer."""

    def warn(line: int | None, message: str) -> None:
        doc.warnings.append(m.Warning(line, message))

    if not doc.divs:
        doc.divs.append(m.Div("article", None, []) if doc.meta.kind == "article"
                        else m.Div("memorandum", doc.meta.kind, []))
    dates: list[m.Date] = []
    for d in [*doc.divs, *doc.back]:
        found = list(walk(d.blocks))
        if any(_misplaced(n) for n in found):  # rare: else there is nothing to replace
            _furniture(d.blocks, "blocks", warn)
            found = list(walk(d.blocks))
            for n in found:
                for attr, lst in named_child_lists(n, FIT_ATTRS):
                    if attr == "lines":
                        for line in lst:
                            _furniture(line, "content", warn)
                    else:
                        _furniture(lst, "items" if isinstance(n, m.Opener) else attr, warn)
        dates.extend(n for n in found if isinstance(n, m.Date))
        d.blocks = arrange(d.blocks, warn)
    if not any(_zone(b) in ("text", "section") for d in doc.divs for b in d.blocks):
        warn(None, "no running text recognised: the body holds only a heading, page "
             "furniture or nothing")
    nodes = everything([*doc.divs, *doc.back])  # _pointers changes attributes only
    _pointers(nodes, doc, warn)
    _overall(nodes, doc, warn)
    _ranges(doc, dates, warn)  # changes attributes only: ``nodes`` stays the document's
    return nodes


# --- a time range read as ending before it starts ------------------------------------------

def _ranges(doc: m.Document, dates: list[m.Date], warn: Warn) -> None:
    """``@from`` after ``@to`` breaks the Schematron's date-order rule; such a range comes
    from a damaged time (``1107-111(6``), so its end is left out (the text keeps it).
    ``dates``: those of the divisions and back matter, gathered before they were arranged
    (arranging moves nodes and makes paragraphs and text, never a date)."""
    meta = doc.meta
    if meta.start and meta.end and _after(meta.start, meta.end):
        warn(None, f"time range {meta.start} to {meta.end} ends before it starts: its end is "
             "left out of the header; check the source")
        meta.end = None
    for n in dates:
        if n.start and n.end and _after(n.start, n.end):
            # memcon.rng pairs @from with @to: the date keeps only its start, as @when
            n.when, n.start, n.end = n.when or n.start, None, None


def _after(start: str, end: str) -> bool:
    from datetime import datetime

    try:
        return datetime.fromisoformat(start) > datetime.fromisoformat(end)
    except (TypeError, ValueError):  # a date with an offset beside one without: not comparable
        return False


# --- page furniture of a kind fw cannot be ------------------------------------------------

FW_KINDS = {"classification", "classification-authority", "letterhead", "docId", "pageNum",
            "logNum"}


def _misplaced(n: Any) -> bool:
    """Furniture of a kind TEI's fw is not given here."""
    return isinstance(n, m.Furniture) and n.kind not in FW_KINDS


def _furniture(items: list[Any], attr: str, warn: Warn) -> None:
    """Replace, in place, furniture of a kind TEI's fw is not given here (a trailer line the
    page splitter took for furniture) by its text: a paragraph among blocks, an unrecognised
    segment in an opener, the lines themselves in running text."""
    for i in range(len(items) - 1, -1, -1):
        f = items[i]
        if not _misplaced(f):
            continue
        warn(f.line, f"{f.kind} line where page furniture stands; kept as text")
        content = _lines(f.lines)
        if attr in ("blocks", "paras"):
            items[i] = m.Para(content, f.line)
        elif attr == "items":
            items[i] = m.Stray(content, f.line)
        else:
            items[i : i + 1] = content


# --- the order of a division: top, text, bottom -----------------------------------------------


def _zone(b: Any) -> str:
    if isinstance(b, m.Stamp):  # written as fw where an ab may not stand (text.blocks)
        return "global"
    if isinstance(b, TOP):
        return "top"
    if isinstance(b, BOTTOM):
        return "bottom"
    if isinstance(b, GLOBAL):
        return "global"
    if isinstance(b, m.Section):
        return "section"
    return "text"


def _line(b: Any) -> int | None:
    line = getattr(b, "line", None)
    if line is None and isinstance(b, m.Opener):
        line = next((x.line for x in b.items if getattr(x, "line", None)), None)
    return line


def arrange(blocks: list[Any], warn: Warn) -> list[Any]:
    """A division's blocks in an order TEI allows: ``(head|opener|global)*`` then text blocks
    (or sections) then ``(trailer|closer|postscript)*``; a section is followed only by
    sections. A top block after the text began, or a bottom block before text that follows
    it, becomes plain paragraphs; text after a section goes into that section."""
    blocks = [_fit_block(b, warn) for b in blocks if not _empty(b)]
    zones = [_zone(b) for b in blocks]
    last_text = max((i for i, z in enumerate(zones) if z in ("text", "top")), default=-1)
    out: list[Any] = []
    begun = False  # text (or a section) has begun: no more head or opener
    for i, b in enumerate(blocks):
        z = zones[i]
        if z == "top" and begun or z == "bottom" and (i < last_text or not begun):
            what = type(b).__name__.lower()
            warn(_line(b), f"{_NAMES.get(what, what)} cannot stand here in the division's "
                 "order (top, text, bottom); kept as plain text")
            for x in _as_text(b):
                _place(out, x, warn)
            begun = True
            continue
        if z == "text":
            _place(out, b, warn)
        else:
            out.append(b)
        begun = begun or z in ("text", "section")
    return out


_NAMES = {"head": "a heading", "opener": "an opener (letterhead, stamps, dateline)",
          "trailer": "a trailer", "closer": "a signature", "attachments": "a list of attachments"}


def _place(out: list[Any], b: Any, warn: Warn) -> None:
    """Append a text block; after a section it joins that section (TEI: no text after
    a subdivision)."""
    last = next((x for x in reversed(out) if not isinstance(x, GLOBAL)), None)
    if isinstance(last, m.Section):
        last.blocks.append(b)
        last.blocks = arrange(last.blocks, warn)
    else:
        out.append(b)


def _empty(b: Any) -> bool:
    """Containers the schema requires to hold something, and which hold nothing."""
    if isinstance(b, m.Opener):
        return not b.items
    if isinstance(b, m.Fields):
        return not b.entries
    if isinstance(b, m.NavList):
        return not b.items
    return False


def _fit_block(b: Any, warn: Warn) -> Any:
    if isinstance(b, m.Speech):
        b.paras = _speech(b, warn)
    elif isinstance(b, m.Section):
        b.blocks = arrange(b.blocks, warn)
    elif isinstance(b, m.Attachments) and not b.items:
        return m.Para([m.Text(b.label)], b.line)
    return b


def _speech(sp: m.Speech, warn: Warn) -> list[Any]:
    """``sp``: a speaker, then paragraphs with page furniture between; at least one ``p``.
    A stamp or an editor's note inside a turn goes into a paragraph of its own."""
    out: list[Any] = []
    for b in sp.paras:
        if isinstance(b, (m.Para, m.Furniture, m.PageBreak, m.Footnote)) or _missing_pages(b):
            out.append(b)
        elif isinstance(b, (m.Stamp, m.Gap, m.Note)):
            out.append(m.Para([b], getattr(b, "line", sp.line)))
        else:
            warn(_line(b) or sp.line, "a block inside a speech kept as a paragraph")
            out.extend(_as_text(b))
    if not any(isinstance(b, m.Para) for b in out):
        out.append(m.Para([], sp.line))  # a label with no words: the turn is empty
    return out


def _missing_pages(b: Any) -> bool:
    """Pages missing between two fragments stand with the page's furniture (``gap.pages`` in
    memcon.rng is model.global, like ``pb``), not in a paragraph of their own."""
    return isinstance(b, m.Gap) and bool(b.pages)


def _as_text(b: Any) -> list[Any]:
    """A block that cannot stand where it is, as paragraphs (and page furniture) keeping
    its characters in order."""
    line = _line(b) or 0
    if isinstance(b, m.Head):
        return [m.Para(list(b.content), line)]
    if isinstance(b, m.Opener):
        out: list[Any] = []
        for x in b.items:
            if isinstance(x, (m.Furniture, m.PageBreak)):
                out.append(x)
            elif isinstance(x, m.Stamp):
                out.append(x)
            else:
                out.append(m.Para(list(getattr(x, "content", [])), getattr(x, "line", line)))
        return out
    if isinstance(b, m.Trailer):
        return [m.Para([m.Text(b.text)], line)]
    if isinstance(b, m.Closer):
        return [m.Para(_lines(b.lines), line)]
    if isinstance(b, m.Attachments):
        return [m.Para(_lines([[m.Text(b.label)], *b.items]), line)]
    return [m.Para([b], line)]


def _lines(lines: list[list[Any]]) -> list[Any]:
    out: list[Any] = []
    for i, line in enumerate(lines):
        if i:
            out.append(m.LineBreak())
        out.extend(line)
    return out


def everything(blocks: list[Any]) -> list[Any]:
    """``walk``, and the heading of each article section (held apart from its blocks)."""
    out: list[Any] = []
    for n in walk(blocks):
        out.append(n)
        if isinstance(n, m.Section) and n.head:
            out.extend(walk(n.head))
    return out


# --- pointers resolve -------------------------------------------------------------------------


def _pointers(nodes: list[Any], doc: m.Document, warn: Warn) -> None:
    """Every ``who`` and ``ref`` names a person or place the header describes; one that does
    not (an interrupting person the parser resolved but did not record) is dropped.
    ``nodes``: everything in the divisions and back matter."""
    for n in nodes:
        if isinstance(n, (m.Speech, m.Interruption)) and n.who and n.who not in doc.people:
            warn(getattr(n, "line", None), f"'{n.who}' is not a person of this document; "
                 "its pointer is dropped")
            n.who = None
        elif isinstance(n, m.Name) and n.ref:
            known = doc.places if n.kind == "place" else doc.people
            if n.ref not in known:
                warn(None, f"'{n.ref}' is not described in the header; its pointer is dropped")
                n.ref = None


# --- the overall classification covers every portion marking ---------------------------------


def _overall(nodes: list[Any], doc: m.Document, warn: Warn) -> None:
    """A document with portion markings has an overall classification at least as high as
    the highest of them (memcon.sch ``classification-overall``/``-floor``), wherever they
    stand (body, back matter or front). ``nodes``: everything in the divisions and back
    matter."""
    v = vocab()
    front: list[Any] = []
    if doc.front is not None:
        front.extend(x for _, c in doc.front.parts if isinstance(c, list) for x in c)
    levels = [n.level for n in [*nodes, *everything(front)]
              if isinstance(n, m.Portion) and n.level in v.levels]
    if not levels:
        return
    top = max(levels, key=v.rank)
    current = doc.meta.overall
    if current is None or v.rank(current) < v.rank(top):
        stated = f"the stated {current}" if current else "no stated classification"
        warn(None, f"overall classification {top} derived from the portion markings "
             f"({stated} is lower than the highest marking)")
        doc.meta.overall = top
