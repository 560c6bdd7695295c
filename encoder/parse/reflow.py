"""One-line OCR re-flowed: where a line that holds several units of a document breaks.

The raw OCR layer of an archive PDF often comes as one line (or a few very long ones) holding
banners, letterhead, stamp, heading, memo fields and every speech. ``reflow`` finds the units
that survive in such a line and breaks it before (and after) each of them, so that the usual
segmentation reads them; it never changes a character. ``CUT_RULES`` lists what is found, in
order of precedence where two rules cut at the same place; each names where it cuts:
``block`` (a blank line: a new paragraph or unit) or ``line`` (a line end inside the block,
as between memo fields or the lines of an authority block).

A line is re-flowed only when it is run together: two or more cuts inside it, or one that
opens furniture (heading, letterhead, banner, stamp, trailer). A single speaker label inside
a line of a laid-out transcription (two turns run together) is left alone, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from .. import dates
from ..vocab import Vocab
from .cut import HEAD_ZONE, Cut
from .printed import BULLET, bullets, source_notes
from .rx import Scan
from .segment import (
    AUTHORITY,
    AUTHORITY_LABEL,
    CAPITALS_RATIO,
    PARTY_RUN,
    banner_match,
    head_match,
    letterhead_match,
    strip_strike,
)
from .source import Line
from .turns import bare_labels, bare_speakers, speakers
from .windows import WINDOW, scan, windows

# ``Scan``: a pattern that opens with a lookbehind, searched first where the rest matches
STAMP = Scan(r"(?<!\S)(?:DECLASSIFIED|Declassified|SANITIZED|Authority\s+N[NL][DKX])\b")
TRAILER = Scan(r"(?<!\S)-+\s*End\s+of\s+(?:Telephone\s+)?Conversation\s*-+", re.I)
DECLASSIFY_VALUE = re.compile(
    r"\s*(?:\d{1,2}/\d{1,2}/\d{2,4}|[A-Z][a-z]+\.? \d{1,2},? \d{4}|[A-Z0-9]{1,6})(?=\s|$)"
)
# a month's name, its day (OCR may read 1 as l or I) and the year
MONTH_DAY_YEAR = (r"(?:January|February|March|April|May|June|July|August|September|October"
                  r"|November|December) [\dlI]{1,2},? \d{4}")
DATE_ALONE = Scan(rf"(?<!\S){MONTH_DAY_YEAR}(?=\s)")
STAMP_END = re.compile(
    r"(?:\d{1,2}[/-]\d{1,2}[/-]\d{2,4}|[A-Z][a-z]+\.? \d{1,2},? \d{4})(?: [A-Z0-9]{2,4}(?=\s|$))?"
)
SPACES = re.compile(r"\s*")
CAPITAL_NEXT = re.compile(r"\s+(?=[A-Z\"“‘\[(~-])")
HEADER_NEXT = re.compile(r"\s+(?:MEMORANDUM|SUBJECT|THE WHITE|[A-Z]{4,})")
PAGE_NUMBER = re.compile(r"\s*(?:-\s*)?\d{1,3}(?:\s*-)?(?=\s)")
TITLES = frozenset({"President", "Minister", "Secretary", "Chancellor", "Ambassador", "Prime",
                    "Premier", "King", "General", "Chairman", "Senator", "Governor", "State"})
DATELINE = re.compile(
    r"(?<!\S)[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}(?:, [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)?)?"
    rf", (?P<date>{MONTH_DAY_YEAR})"
)
GLUED_CALL = re.compile(r"[a-z][).,]?\d{1,3}$")  # ``McNamara1``: a footnote call ends a heading
# a time the date reader leaves (``…, 1973, 10 a.m.``) stays on the dateline
TIME_TAIL = re.compile(r",? \d{1,2}(?::\d{2})?(?:[–-]\d{1,2}(?::\d{2})?)? ?[ap]\.\s?m\.")
PARTIES_IN = re.compile(PARTY_RUN)
TIME_DATE = Scan(
    rf"(?<!\S)\d{{1,2}}(?::?\d{{2}})?\s*[ap]\.?\s?m\.?\s+{MONTH_DAY_YEAR}(?=\s|$)")
LONE_LABELS = {"SUBJECT", "PARTICIPANTS", "PARTICIPANT", "NOTETAKERS", "NOTETAKER",
               "INTERPRETER", "INTERPRETERS", "MEMORANDUM FOR"}


@dataclass(frozen=True)
class Evidence:
    """What the whole document says about itself, for telling a label from prose."""

    names: frozenset[str]  # capitalised words of the heading, subject and participants
    bare: frozenset[str]  # speaker labels that lost their colon (``turns.bare_labels``)

    @classmethod
    def of(cls, text: str, v: Vocab) -> Evidence:
        """Names are read from each ``PARTICIPANTS``/``SUBJECT`` field (to the next label or
        the end of a sentence) and from a heading's ``Conversation Between …``. The last
        answer is kept: the passes and the parser ask it of the same head of a document."""
        return _evidence(text, v)

    @classmethod
    def _read(cls, text: str, v: Vocab) -> Evidence:
        names: set[str] = set()
        label = _field_re(v)
        for hit in _labels_of_names(text):
            value = text[hit.end() : hit.end() + 300]
            nxt = next((f for f in label.finditer(value) if f.group("colon") or f.start() and (
                f.group("label").isupper() or not value[: f.start()].rstrip().endswith(","))),
                None)
            value = value[: nxt.start() if nxt else None]
            date, colon = DATELINE.search(value), re.search(r"\S:\s", value)
            # a value without a label after it runs into the speeches: it ends with a sentence
            prose = re.search(r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)\b[a-z]{2,}[.?!](?=\s)", value)
            ends = [x for x in (date and date.start("date"), colon and colon.start(),
                                prose and prose.end()) if x]
            names.update(_capitalised(value[: min(ends, default=None)]))
        for item in re.finditer(r"\bTELCON\s+([^\n]{0,120})", text[:HEAD_ZONE]):
            parties = PARTIES_IN.match(item.group(1))  # ``TELCON The President/Kissinger``
            if parties:
                names.update(_capitalised(parties.group(0)))
        for item in BULLET.finditer(text[:HEAD_ZONE]):  # a participant list with bullets
            names.update(_capitalised(text[item.end() : item.end() + 60].split(":")[0]))
        names -= {"The", "And", "Mr", "Mrs"}
        return cls(frozenset(names), bare_labels(text, frozenset(names), v))


_NAMES_AFTER = r"(?:participants?|subject|conversation between)\b"
_NAMES_AFTER_ANY_CASE = re.compile(_NAMES_AFTER, re.I)
_NAMES_AFTER_LOWER = re.compile(_NAMES_AFTER)


def _labels_of_names(text: str) -> Iterator[re.Match[str]]:
    """Where ``Participants``, ``SUBJECT`` or ``Conversation between`` ends, in any case. An
    ASCII text is searched in lower case (same length, same places), where ``re`` skips to
    the words' first letters instead of trying each case at every character: 5x faster."""
    if text.isascii():
        return _NAMES_AFTER_LOWER.finditer(text.lower())
    return _NAMES_AFTER_ANY_CASE.finditer(text)


@lru_cache(maxsize=1)
def _evidence(text: str, v: Vocab) -> Evidence:
    return Evidence._read(text, v)


def _capitalised(text: str) -> set[str]:
    """The capitalised words of ``text``, a footnote call glued to one taken off
    (``Yeltsin1``)."""
    return {re.sub(r"(?<=[a-z])\d{1,3}$", "", w) for w in re.findall(r"\b[A-Z][\w'’-]+", text)}


Finder = Callable[[str, Vocab, Evidence, int], list[Cut]]


def headings(text: str, v: Vocab, ev: Evidence, offset: int) -> list[Cut]:
    """The first memorandum heading in the first part of the document, also under OCR damage;
    a bare heading ends where its words end, one that names the parties runs on. Inside a line
    it must follow furniture or a number (a capitalised word of two or more letters, or a
    digit), never prose: ``forwarding a Memorandum of Conversation`` is not a heading."""
    if offset > HEAD_ZONE:
        return []
    line = scan(text)  # the letterhead and banner rules scan this line too
    starts, ends = line.starts, line.ends
    for i in line.capitalised:
        start = starts[i]
        if offset + start > HEAD_ZONE:
            break
        if i and not _after_furniture(text[starts[i - 1] : ends[i - 1]], v):
            continue
        for k in range(min(WINDOW, len(starts) - i), 0, -1):
            found = head_match(text[start : ends[i + k - 1]], v)
            if found is None:
                continue
            if not found[0].re.pattern.endswith("$"):  # runs on: from where its pattern ends
                return [Cut(start, "block", "heading"),
                        *dateline_after(text, start + found[0].end(), v)]
            return [Cut(start, "block", "heading"), Cut(ends[i + k - 1], "block", "heading")]
    return []


def dateline_after(text: str, start: int, v: Vocab) -> list[Cut]:
    """A heading that names the parties runs on to its dateline (``… Mulroney Washington,
    July 12, 1990, 9:15 a.m.``), which stands on a line of its own."""
    hit = DATELINE.search(text, start, start + 400)
    if not hit:
        return []
    found = dates.find_datetime(text[hit.start("date") : hit.start("date") + 80], v.zones,
                                v.pivot)
    end = hit.start("date") + found.end if found else hit.end()
    tail = TIME_TAIL.match(text, end)
    end = tail.end() if tail else end
    titles = v.office_words | TITLES
    place = text[hit.start() : hit.start("date") - 2].split()
    # a title and the name after it are the heading's: ``… Minister Gromyko New York``
    last = max((k for k, w in enumerate(place[:-1]) if w in titles), default=None)
    if last is not None:
        place = place[min(last + 2, len(place) - 1) :]
    called = max((k for k, w in enumerate(place[:-1]) if GLUED_CALL.search(w)), default=None)
    if called is not None:  # the heading ends at its footnote call
        place = place[called + 1 :]
    at = hit.start("date") - 2 - len(" ".join(place))
    return [Cut(at, "block", "heading"), Cut(end, "block", "heading")]


_ALNUM = re.compile(r"[A-Za-z0-9]")
_SMALL = re.compile(r"[a-z]")


def _after_furniture(word: str, v: Vocab) -> bool:
    """A word that can stand before a heading: furniture's, a number or OCR junk (no letter
    or digit at all), not a field label or prose."""
    if not _ALNUM.search(word):
        return True
    return not _SMALL.search(word) and not word.endswith(":") and (
        word not in v.field_words) and (
        len(word.strip("-~*.,")) >= 2
        or any(c.isdigit() for c in word))


def letterheads(text: str, v: Vocab, ev: Evidence, offset: int) -> list[Cut]:
    return windows(text, offset, HEAD_ZONE, lambda w: letterhead_match(w, v), "letterhead",
                   None)


def banners(text: str, v: Vocab, ev: Evidence, offset: int) -> list[Cut]:
    """A classification banner anywhere, by its wording under OCR damage; a page number right
    after a banner (``SECRET 2 follow it``) stands on its own line too."""
    cuts = windows(text, offset, None,
                   lambda w: banner_match(strip_strike(w)[0], v)[0] is not None, "banner",
                   CAPITALS_RATIO)
    for cut in list(cuts):
        number = PAGE_NUMBER.match(text, cut.pos)
        if cut.pos and number:
            cuts.append(Cut(number.end(), "block", "banner"))
    return cuts


def stamps(text: str, v: Vocab, ev: Evidence, offset: int) -> list[Cut]:
    """A declassification stamp runs from its first word to its date (and the reviewer's
    initials after it: ``3/7/2019 KBH``); nothing inside it is cut."""
    out = []
    for hit in STAMP.finditer(text):
        end = STAMP_END.search(text, hit.end(), hit.end() + 300)
        if end:
            out += [Cut(hit.start(), "block", "stamp"), Cut(end.end(), "block", "stamp end")]
        else:  # no date: the stamp runs to the next cut, whatever it is
            out.append(Cut(hit.start(), "block", "stamp open"))
    return out


def trailers(text: str, v: Vocab, ev: Evidence, offset: int) -> list[Cut]:
    return [c for h in TRAILER.finditer(text)
            for c in (Cut(h.start(), "block", "trailer"), Cut(h.end(), "block", "trailer"))]


def authority(text: str, v: Vocab, ev: Evidence, offset: int) -> list[Cut]:
    """``Classified by: … Reason: … Declassify on: 01/01/1910``: a line each; the block ends
    after the declassify-on value."""
    out = []
    for hit in re.finditer(rf"(?<!\S)(?={AUTHORITY_LABEL}\s*:)", text):
        if not AUTHORITY.match(text[hit.start() : hit.start() + 40]):
            continue
        out.append(Cut(hit.start(), "line", "authority"))
        if text[hit.start() : hit.start() + 10].upper() == "DECLASSIFY":
            colon = text.index(":", hit.start()) + 1
            value = DECLASSIFY_VALUE.match(text, colon)
            if value:
                out.append(Cut(value.end(), "line", "authority"))
    return out


@lru_cache(maxsize=4)
def _field_re(v: Vocab) -> re.Pattern[str]:
    """A memo-field label (field words joined by commas, ``AND``, ``&``), colon optional;
    built once per vocabulary (every line asks)."""
    words = sorted({w for f in v.field_words for w in (f, f.capitalize())}, key=len,
                   reverse=True)
    word = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    joiner = r"(?:\s*,\s*|\s+(?:AND|and|&)\s+|\s+)"
    return re.compile(rf"(?<!\S)(?P<label>(?:AND\s+)?(?:{word})(?:{joiner}(?:{word}))*)"
                      rf"(?P<colon>\s*:)?(?=\s|$)")


def fields(text: str, v: Vocab, ev: Evidence, offset: int) -> list[Cut]:
    """Memo-field labels: in capitals with their colon anywhere (a title-case one only of a
    field of persons or the subject); without a colon only in the header zone and only the
    labels typists set apart (``SUBJECT``, ``PARTICIPANTS``, ``DATE, TIME AND PLACE``), which
    then stand on a line of their own."""
    out = []
    for hit in _field_re(v).finditer(text):
        label = re.sub(r"\s+", " ", hit.group("label"))
        caps = label == label.upper()
        persons = label.upper().rstrip("S") in {"NOTETAKER", "INTERPRETER", "PARTICIPANT",
                                                "SUBJECT"}
        if hit.group("colon"):
            if caps or persons:
                out.append(Cut(hit.start(), "line", "field"))
            continue
        nxt = text[hit.end() : hit.end() + 20].lstrip()[:1]
        lone = label.upper() in LONE_LABELS or "," in label or " AND " in f" {label.upper()}"
        # a title-case word after a comma describes a person: ``Sukhodrev, Interpreter``
        described = not caps and text[: hit.start()].rstrip().endswith(",")
        if (offset + hit.start() < HEAD_ZONE and lone and (caps or persons) and not described
                and (nxt.isupper() or nxt.isdigit())):
            out += [Cut(hit.start(), "line", "field"), Cut(hit.end(), "line", "field value")]
    return out


def markings(text: str, v: Vocab, ev: Evidence, offset: int) -> list[Cut]:
    """A portion marking ends its paragraph: what follows in capitals is a new one."""
    out = []
    for hit in v.marking_re.finditer(text):
        nxt = CAPITAL_NEXT.match(text, hit.end())
        if nxt:
            out.append(Cut(nxt.end(), "block", "marking"))
    return out


def datelines(text: str, v: Vocab, ev: Evidence, offset: int) -> list[Cut]:
    """A date alone before the heading or fields (``March 20, 2003 MEMORANDUM FOR``); a time
    and its date under a telcon's parties (``10:35 a.m. March 3, 1971``), a line of its own."""
    if offset >= HEAD_ZONE:
        return []
    out = [Cut(h.start(), "block", "date") for h in DATE_ALONE.finditer(text)
           if offset + h.start() < HEAD_ZONE
           and HEADER_NEXT.match(text, h.end())]
    for h in TIME_DATE.finditer(text[: max(0, HEAD_ZONE - offset)]):
        out += [Cut(h.start(), "block", "date"), Cut(h.end(), "block", "date")]
    return out


# what a run-together line is cut at, in precedence order where two cut at one place
CUT_RULES: list[tuple[str, Finder]] = [
    ("declassification stamp", stamps),  # first: where a stamp starts and ends must be known
    ("heading", headings),
    ("letterhead", letterheads),
    ("banner", banners),
    ("trailer", trailers),
    ("classification authority", authority),
    ("memo field label", fields),
    ("participant list with bullets", bullets),
    ("speaker label of a participant", speakers),  # see turns.py
    ("speaker label without its colon", bare_speakers),
    ("portion marking ending a paragraph", markings),
    ("date before the heading", datelines),
    ("printed edition's source note and notes", source_notes),
]
FURNITURE = {"heading", "letterhead", "banner", "stamp", "stamp end", "stamp open", "trailer"}


def cuts_of(text: str, v: Vocab, ev: Evidence, offset: int) -> list[Cut]:
    """Every cut inside ``text`` (none at its ends), one per place, the first rule's kept."""
    found: dict[int, Cut] = {}
    first = len(text) - len(text.lstrip())  # a cut before the first word is no cut
    for _name, finder in CUT_RULES:
        for cut in finder(text, v, ev, offset):
            at = SPACES.match(text, cut.pos).end()  # type: ignore[union-attr]
            if cut.pos > first and at < len(text) and at not in found:
                found[at] = Cut(at, cut.kind, cut.rule)
    cuts = sorted(found.values())
    kept: list[Cut] = []
    in_stamp = False  # nothing is cut inside a stamp, up to its end
    for c in cuts:
        if not in_stamp or c.rule == "stamp end":
            kept.append(c)
            in_stamp = c.rule == "stamp" or (in_stamp and c.rule != "stamp end")
    cuts = kept
    # the first memo field after other text opens a block of fields
    cuts = [c._replace(kind="block") if c.rule == "field" and (
        not k or not cuts[k - 1].rule.startswith("field")) else c for k, c in enumerate(cuts)]
    # a stamp runs to the next cut, which must end its block
    return [c._replace(kind="block") if k and cuts[k - 1].rule.startswith("stamp") else c
            for k, c in enumerate(cuts)]


def run_together(cuts: list[Cut]) -> bool:
    return len(cuts) >= 2 or any(c.rule in FURNITURE for c in cuts)



def reflow(lines: list[Line], v: Vocab) -> list[Line]:
    """Each run-together line broken at its cuts (same line number; a ``block`` cut adds a
    blank line); other lines as they are."""
    ev = Evidence.of("\n".join(t for _, t in lines[:200]), v)
    out: list[Line] = []
    offset = 0
    for n, t in lines:
        cuts = cuts_of(t, v, ev, offset) if len(t) > 40 else []
        offset += len(t) + 1
        if not run_together(cuts):
            out.append((n, t))
            continue
        start = 0
        for cut in cuts:
            out.append((n, t[start : cut.pos].rstrip()))
            if cut.kind == "block":
                out.append((n, ""))
            start = cut.pos
        out.append((n, t[start:]))
    return out
