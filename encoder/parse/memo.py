"""The parts of a memorandum around its body: divisions, date, dateline, closing, provenance."""

from __future__ import annotations

import datetime as dt
import re

from .. import dates
from .. import model as m
from ..vocab import vocab
from .fields import field_label
from .inline import inlines
from .pages import split_run
from .people import person_name
from .segment import Unit
from .source import Line
from .state import Context

MEMO_FOR = re.compile(r"^MEMORANDUM\s+FOR\b")
# ``Bonn``, ``New York``, ``San Clemente, California``: the place, then a comma and the date
PLACE_WORDS = r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)"
DATELINE_PLACE = re.compile(rf"^(?P<place>{PLACE_WORDS}{{0,3}}(?:, {PLACE_WORDS}?)?), ")
# a time the date reader does not read (``10 a.m.``, ``noon``): kept as text of the dateline
LOOSE_TIME = re.compile(r",\s*(?:\d{1,2}\s*[ap]\.\s?m\.|noon|midnight)(?:\s*[A-Z]{1,4})?\.?\s*")
NAME_LINE = re.compile(r"^[A-Z][a-z]+(?:\s+[A-Z]\.)*(?:\s+[A-Z][a-z'’-]+){1,2}$")
ATTACH = re.compile(r"^(Attachments?|Enclosures?)$")
TAB = re.compile(r"^Tab\s+[A-Z0-9]\b")


def divisions(units: list[Unit], heads: list[int], kind: str
              ) -> list[tuple[str, str | None, list[Unit]]]:
    """A transmittal (``MEMORANDUM FOR …`` before the heading) and the memorandum, or the
    memorandum alone; the furniture between them split at the transmittal's last page."""
    trans = next(
        (i for i, u in enumerate(units) if u.kind == "text" and MEMO_FOR.match(u.lines[0][1])),
        None,
    )
    if trans is not None and heads and trans < heads[0]:
        j = heads[0]
        while j - 1 > trans and units[j - 1].kind != "text":
            j -= 1
        foot, top = split_run(units[j : heads[0]])
        return [("transmittal", None, units[:j] + foot),
                ("memorandum", kind, top + units[heads[0] :])]
    return [("memorandum", kind, units)]


def memo_date(units: list[Unit], start: int) -> dt.date | None:
    """The date of the conversation (for resolving office titles): DATE field or dateline."""
    for u in units[start : start + 3]:
        if u.kind == "text" and len(u.lines) == 1 and (parts := dateline_parts(u.text.strip())
                                                       or _time_first(u.text.strip())):
            iso = parts[1].when or parts[1].begin
            if iso:
                return dt.date.fromisoformat(iso[:10])

    for u in units[start:]:
        if u.kind != "text":
            continue
        for idx, (_, t) in enumerate(u.lines):
            lab = field_label(t)
            if lab and lab.kind == "datetime" and not lab.place_only:
                text = " ".join(x for _, x in u.lines[idx : idx + 2])
                # a two-column header has its date some lines below the label
                found = dates.find_date(text, vocab().pivot) or dates.find_date(
                    " ".join(x for _, x in u.lines[idx:]), vocab().pivot)
                if found and found.when:
                    return dt.date.fromisoformat(found.when)
    subject = _subject_date(units[start:])
    return dt.date.fromisoformat(subject) if subject else None


def _subject_date(units: list[Unit]) -> str | None:
    """The date a subject line gives (``SUBJECT: Telephone Call from Chancellor Kohl,
    October 3, 1990``), when nothing else dates the document (a memorandum for the
    record)."""
    for u in units:
        for _, t in u.lines if u.kind == "text" else []:
            lab = field_label(t)
            if lab and lab.kind == "subject":
                found = dates.find_date(lab.rest, vocab().pivot)
                return found.when if found else None
    return None


def dateline_parts(text: str) -> tuple[str, dates.Found] | None:
    """``Bonn, May 3, 1989, 4:05 p.m.``: the place and the date (and time) that follow it."""
    hit = DATELINE_PLACE.match(text)
    if not hit:
        return None
    v = vocab()
    found = dates.find_datetime(text[hit.end() :], v.zones, v.pivot,
                                v.place_zones.get(hit.group("place")))
    if not found or found.start != 0:
        return None
    rest = text[hit.end() + found.end :]
    if rest.strip(" .") != "" and not LOOSE_TIME.fullmatch(rest):
        return None
    return hit.group("place"), found


def _time_first(text: str) -> tuple[str, dates.Found] | None:
    found = dates.find_time_first(text, vocab().pivot)
    return ("", found) if found else None


def dateline(text: str, line: int, ctx: Context) -> m.Dateline | None:
    """The line under the heading that dates it: a place and its date (``Bonn, May 3, 1989,
    4:05 p.m.``), or a time and its date with no place (``10:35 a.m.  March 3, 1971``)."""
    if (timed := _time_first(text)) is not None:
        found = timed[1]
        return m.Dateline([m.Date(text[: found.end], found.when, None, None)], line)
    parts = dateline_parts(text)
    if parts is None:
        return None
    place, found = parts
    start = len(place) + 2
    date = m.Date(text[start : start + found.end], found.when, found.begin, found.finish)
    content: list[m.Inline] = [m.Name("place", None, [m.Text(place)]), m.Text(", "), date]
    if text[start + found.end :]:
        content.append(m.Text(text[start + found.end :]))
    return m.Dateline(content, line)


def closing_kind(units: list[Unit], j: int) -> str | None:
    """Whether ``units[j]`` opens a transmittal's ``attachments`` list or ``signature`` block
    (a check: it builds and records nothing)."""
    texts = [t.strip() for _, t in units[j].lines]
    if ATTACH.match(texts[0]) and len(texts) == 1:
        return "attachments"
    if 2 <= len(texts) <= 4 and NAME_LINE.match(texts[0]) and all(
        len(t) < 60 and not t.endswith(".") for t in texts
    ):
        return "signature"
    return None


def closing(units: list[Unit], j: int, ctx: Context) -> tuple[m.Block, int] | None:
    """A transmittal's signature block or its list of attachments, starting at ``units[j]``;
    returns it and the index after it."""
    u = units[j]
    kind = closing_kind(units, j)
    if kind == "attachments":
        items: list[list[m.Inline]] = []
        k = j + 1
        while k < len(units) and units[k].kind == "text" and TAB.match(units[k].lines[0][1]):
            items.append(inlines(units[k].text.strip(), units[k].line, ctx))
            k += 1
        return m.Attachments(u.lines[0][1].strip(), items, u.line), k
    if kind == "signature":
        lines = [[person_name(u.lines[0][1].strip(), u.line, ctx, "mentioned")]]
        lines += [inlines(t, n, ctx) for n, t in u.lines[1:]]
        return m.Closer(lines, u.line), j + 1
    return None


def back_matter(strays: list[m.Stray], lines: list[Line], ctx: Context) -> list[m.Div]:
    """The archive footer (and stray lines before it) as a provenance division."""
    if not lines and not strays:
        return []
    blocks: list[m.Block] = list(strays)
    block: list[Line] = []

    def flush() -> None:
        if block:
            text = " ".join(t.strip() for _, t in block)
            # a date alone (the footer's): tried where it must start, not searched for in
            # every stray paragraph (a 4 MiB file has thousands after its trailer)
            whole = dates.DATE_RE.match(text)
            found = dates.find_date(text, vocab().pivot) if whole and whole.end() == len(
                text) else None
            if found and (found.start, found.end) == (0, len(text)):
                content: list[m.Inline] = [m.Date(text, found.when)]
            else:
                content = inlines(text, block[0][0], ctx)
            blocks.append(m.Para(content, block[0][0]))
            block.clear()

    for n, t in lines:
        if t.strip():
            block.append((n, t))
        else:
            flush()
    flush()
    return [m.Div("provenance" if lines else "stray", None, blocks)]
