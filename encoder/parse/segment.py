"""Cut numbered lines into units: runs of prose, and page furniture, each kind by one rule.

A blank line ends a block. A block that opens with a declassification stamp is one stamp unit;
any other block is read line by line, each line taking the kind of the first rule in
``LINE_RULES`` that accepts it (``text`` when none does). Consecutive prose lines of a block
join one unit, and so do consecutive lines of a letterhead, authority block or docId.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ..dates import find_date
from ..vocab import Vocab
from .ocr import opening, repair
from .rx import Openers, openers
from .source import Line


@dataclass
class Unit:
    """A run of source lines of one kind; ``kind`` is ``text`` or a furniture kind."""

    kind: str  # ``text``, ``stamp``, or a kind of ``LINE_RULES``
    lines: list[Line]  # the source lines, stripped of trailing blanks only
    first_in_block: bool = True  # the unit opens its block (no line of the block before it)

    @property
    def line(self) -> int:
        return self.lines[0][0]

    @property
    def text(self) -> str:
        return " ".join(t.strip() for _, t in self.lines)


STAMP_START = re.compile(r"^(DECLASSIFIED\b|Declassified\b|SANITIZED\b|Authority\s+N[NL][DK]\b)")
# the labels of a classification-authority block, as typed or in capitals (``DECLASSIFY ON:
# OADR`` closes many memoranda of the 1980s); one word in capitals alone is not enough
AUTHORITY_LABEL = (
    r"(?:Classified\s+[Bb]y|Reasons?|Declassify\s+[Oo]n|Derived\s+[Ff]rom|Classification\s+[Rr]eason"
    r"|CLASSIFIED\s+BY|REASONS?|DECLASSIFY\s+ON|DERIVED\s+FROM|CLASSIFICATION\s+REASON)"
)
AUTHORITY = re.compile(rf"^{AUTHORITY_LABEL}\s*:")
# document identifiers: NARA's (``NW#: 12345``, ``DocId: 678``), and a State Department FOIA
# release's page header and release line (``UNCLASSIFIED U.S. Department of State Case No.
# F-2016-07895 Doc No. C06123456 Date: 05/14/2019``, ``RELEASE IN PART B1,1.4(B)``)
DOCID = re.compile(r"^(?:(NW#|DocId)\s*:?\s*\S|(?:UNCLASSIFIED\s+)?U\.\s?S\.\s+Department\s+of"
                   r"\s+State\s+Case\s+No\.|RELEASE\s+IN\s+(?:PART|FULL)\b)")
NUMBER = re.compile(r"^(?:-\s*)?(?:Page\s+)?(\d{1,6})(?:\s*-)?$")
TRAILER = re.compile(r"^-+\s*End\s+of\s+(?:Telephone\s+)?Conversation\s*-+$", re.I)
FOOTER = re.compile(r"^This document is from the holdings of", re.I)


def strip_strike(text: str) -> tuple[str, bool]:
    """A line wholly struck through (``~~SECRET~~``): its text and True."""
    s = text.strip()
    if s.startswith("~~") and s.endswith("~~") and len(s) > 4:
        return s[2:-2].strip(), True
    return s, False


_BANNERISH = re.compile(r"[A-Z0-9$/ -]{4,60}")
_THREE_CAPS = re.compile(r"[A-Z]{3}")


CAPITALS_RATIO = 3  # upper- to lower-case letters a banner has at least


# ASCII capitals read as U and small letters as l, so that each can be counted in C
CASES = str.maketrans(string.ascii_uppercase + string.ascii_lowercase, "U" * 26 + "l" * 26)


def letter_cases(text: str) -> tuple[int, int]:
    """How many upper- and lower-case letters ``text`` has (every line is asked, by the
    banner rule)."""
    if text.isascii():
        cases = text.translate(CASES)
        return cases.count("U"), cases.count("l")
    return sum(map(str.isupper, text)), sum(map(str.islower, text))


def capitals(upper: int, lower: int) -> bool:
    """Set in capitals as a banner is: OCR may read up to a quarter of its letters as lower
    case (``-C0NFIDENTlAL-``), never more. Counts, not text, so that a recogniser scanning
    windows of a long line can rule a window out before building it."""
    return upper >= CAPITALS_RATIO * lower


def banner_match(body: str, v: Vocab) -> tuple[re.Match[str] | None, str | None]:
    """A banner line's match, and its repaired reading when OCR garbled it (``C0NFIDENTIAL``,
    ``CONFIDENTIA L``); the repair is only for recognising, the text is kept as written.
    Banner words are capitals (the vocabulary's schema says so), so a line that is not
    ``capitals`` is none."""
    if not capitals(*letter_cases(body)):
        return None, None
    hit = v.banner_re.match(body)
    if hit:
        return hit, None
    if not _BANNERISH.fullmatch(body) or not _THREE_CAPS.search(body):
        return _near_banner(body, v)
    fixes = v.banner_fixes
    fixed = re.sub(r"(?<=[A-Z])[0-9$]|[0-9$](?=[A-Z])", lambda x: fixes.get(x.group(0), x.group(0)),
                   body)
    fixed = re.sub(r"(?<=[A-Z]{3}) (?=[A-Z]\b)|(?<=\b[A-Z]) (?=[A-Z]{3})", "", fixed)
    hit = v.banner_re.match(fixed) if fixed != body else None
    return (hit, fixed) if hit else _near_banner(body, v)


def _near_banner(body: str, v: Vocab) -> tuple[re.Match[str] | None, str | None]:
    """A banner whose word OCR misread (``SEGRET``, ``-C0NFIDENTlAL-``, ``SECRE T``): the
    closest banner word within the tolerance of ``ocr.near``, with wrapping dashes dropped
    for the reading only."""
    core = body.strip("-*_ ")
    if "~" in body or not 4 <= len(core) <= 60:
        return None, None
    if core.isascii():  # every ASCII upper-case character is a letter: counted in C
        letters, upper = sum(map(str.isalpha, core)), sum(map(str.isupper, core))
    else:
        letters = sum(c.isalpha() for c in core)
        upper = sum(c.isalpha() and c.isupper() for c in core)
    if upper * 4 < letters * 3:
        return None, None
    fixed = repair(core, v.banner_words)
    hit = v.banner_re.match(fixed) if fixed != body else None
    return (hit, fixed) if hit else (None, None)


HEAD_WORDS = frozenset({"MEMORANDUM", "TELEPHONE", "CONVERSATION", "TRANSCRIPT", "RECORD",
                        "MINUTES", "BETWEEN", "MEETING"})
LETTERHEAD_WORDS = frozenset({"THE", "WHITE", "HOUSE", "WASHINGTON", "NATIONAL", "SECURITY",
                              "COUNCIL", "EXECUTIVE", "OFFICE", "PRESIDENT"})


_GLUED_NUMBER = re.compile(r"(?<=[a-z])\d{1,2}$")
HEAD_MAX = 400  # characters: a printed edition's longest heading names a few parties


def head_match(text: str, v: Vocab) -> tuple[re.Match[str], str, str | None] | None:
    """A memorandum heading (``MEMORANDUM OF TELEPHONE CONVERSATION``, ``41. Telephone
    Conversation Between …``), also as OCR damaged it (``MEMORANDUH OF TELEPHONE
    CONVERSATI0N``, ``Conver sation``) or with a footnote number glued to its last word
    (``Memorandum of Conversation3``): the match on the reading, the kind of document it
    names, and the repaired reading when one was needed."""
    s = text.strip()
    if len(s) > HEAD_MAX:  # a whole document on one line is no heading (its start may be)
        return None
    opens = _head_opens(v)
    if opens is not None and not _may_open(s, opens):
        return None
    fixed = repair(s, HEAD_WORDS)
    unglued = _GLUED_NUMBER.sub("", s)
    for reading in dict.fromkeys([s, fixed, unglued, fixed.upper()]):
        if not v.head_any.match(reading):
            continue
        for pattern, kind in v.heads:
            hit = pattern.match(reading)
            if hit:
                return hit, kind, (reading if reading != s else None)
    return None


@lru_cache(maxsize=4)
def _head_opens(v: Vocab) -> Openers | None:
    return openers(v.head_any)


def _may_open(s: str, opens: Openers) -> bool:
    """Whether a reading ``head_match`` tries can start as a heading does: ``s`` as written,
    unglued or in capitals opens with its first character (or that in capitals), its OCR
    repair with the reading of its first words. Most lines and windows that are tried open
    with no heading's first character, and are ruled out before the whole is repaired."""
    if not s:
        return False
    first = s[0]
    if opens(first) or opens(first.upper()[:1]):
        return True
    first = opening(s, HEAD_WORDS)[0]
    return opens(first) or opens(first.upper()[:1])


def letterhead_match(text: str, v: Vocab) -> bool:
    """A letterhead line, also with words split or misread by OCR (``TH E WHITE HOU SE``).
    A letterhead is set in capitals: a line with a lower-case letter is none."""
    if any(map(str.islower, text)):
        return False
    if any(p.match(text) for p in v.letterhead):
        return True
    if not re.fullmatch(r"[A-Z0-9 ,.]{6,60}", text):
        return False
    fixed = repair(text, LETTERHEAD_WORDS)
    return fixed != text and any(p.match(fixed) for p in v.letterhead)


LineRule = Callable[[str, Vocab], object]

# The kinds of a line, in order: the first rule that accepts the (stripped) line names it.
LINE_RULES: list[tuple[str, LineRule]] = [
    ("banner", lambda s, v: banner_match(strip_strike(s)[0], v)[0]),  # SECRET, ~~SECRET~~
    ("pagemarker", lambda s, v: v.page_re.fullmatch(s)),  # [Page 12]
    ("letterhead", letterhead_match),  # THE WHITE HOUSE, TH E WHITE HOU SE
    ("authority", lambda s, v: AUTHORITY.match(s)),  # Classified by: …, Reason: 1.5(b)
    ("docid", lambda s, v: DOCID.match(s)),  # NW#: 12345, DocId: 678
    ("number", lambda s, v: NUMBER.match(s)),  # 2, - 2 -, Page 2, a log number
    ("head", lambda s, v: head_match(s, v)),  # MEMORANDUM OF CONVERSATION, MEMORANOUM …
    ("trailer", lambda s, v: TRAILER.match(s)),  # -- End of Conversation --
]


def line_kind(text: str, v: Vocab) -> str:
    """The furniture kind of one source line, or ``text``."""
    s = text.strip()
    return next((kind for kind, accepts in LINE_RULES if accepts(s, v)), "text")


# the parties of a call in the Kissinger telcons' style, under the heading ``TELCON``:
# ``The President/Kissinger``, ``Kissinger/Amb. Dobrynin`` (up to four words a party)
_PARTY = r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}"
PARTY_RUN = rf"{_PARTY}(?:\s*/\s*{_PARTY})+"
PARTIES = re.compile(rf"^{PARTY_RUN}$")


def heading_goes_on(head: Unit, line: str) -> bool:
    """A printed edition's heading wrapped onto the next line (``… Between the President's
    Assistant for National`` / ``Security Affairs (Kissinger) and …``): the heading names its
    parties and has not yet closed, and the line is no field, label, note or dateline. A bare
    heading's line of parties (``TELCON`` / ``The President/Kissinger``) goes on it too."""
    text = head.text
    if len(head.lines) == 1 and PARTIES.match(line.strip()) and " " not in text.strip():
        return True
    return (" Between " in text and not re.search(r"\)\d{0,3}$", text)
            and ":" not in line and len(head.lines) < 3 and find_date(line) is None)


MERGING = {"letterhead", "authority", "docid"}  # kinds whose consecutive lines are one unit


def segment(lines: list[Line], v: Vocab) -> list[Unit]:
    """Cut numbered lines into units; blank lines separate blocks of prose."""
    units: list[Unit] = []
    block: list[Line] = []

    def flush() -> None:
        if not block:
            return
        if STAMP_START.match(block[0][1].strip()):
            units.append(Unit("stamp", list(block)))
            block.clear()
            return
        first = True
        for n, t in block:
            kind = line_kind(t, v)
            prev = units[-1] if units else None
            if kind == "text" and prev and prev.kind == "text" and not first:
                prev.lines.append((n, t))
            elif (kind == "text" and prev and prev.kind == "head"
                  and (not first or PARTIES.match(t.strip())) and heading_goes_on(prev, t)):
                prev.lines.append((n, t))
            elif kind in MERGING and prev and prev.kind == kind:
                prev.lines.append((n, t))
            else:
                units.append(Unit(kind, [(n, t)], first_in_block=first))
            first = False
        block.clear()

    for n, t in lines:
        if t.strip():
            block.append((n, t.rstrip()))
        else:
            flush()
    flush()
    return units
