"""Dates and times as US government typists wrote them, read into ISO 8601.

Only what the text says is normalised: a time without a stated zone gets no offset, and a
date that contradicts another is returned as written (Schematron flags it; we never "fix").
Two-digit years: ``yy`` below the pivot in ``vocab.json`` (50) is 20yy, otherwise 19yy — the
classification-authority blocks of 1990s and 2000s memoranda write ``3/25/09`` for 2009.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"  # noqa: E501
# OCR reads ``1`` as ``l`` or ``I`` and ``0`` as ``O`` in a day or year (``June l, 1996``)
_DAY = r"(?:\d{1,2}|[lI]\d?|\d[lIO])"
_YEAR = r"(?:1[9l]|l[9l]|20)[\dlIO]{2}"
OCR_DIGITS = str.maketrans({"l": "1", "I": "1", "O": "0"})
DATE_RE = re.compile(
    rf"(?P<mdy>(?P<m1>{_MONTH})\s+(?P<d1>{_DAY}),?\s+(?P<y1>{_YEAR}))(?![\w])"
    rf"|(?P<dmy>(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})\s+(?P<y2>{_YEAR}))(?![\w])"
    r"|(?P<iso>(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))(?![\d-])"
    r"|(?P<num>(?<![\d/.-])(?P<m4>\d{1,2})(?P<sep>[/-])(?P<d4>\d{1,2})(?P=sep)(?P<y4>\d{4}|\d{2}))(?![\d/-])",
    re.IGNORECASE,
)

# ``9:15 a.m.``, ``0915``, and as OCR left it: ``9 15 a m`` (a space for the colon only
# with a.m./p.m. after it); an hour alone only with a.m./p.m. (``10 a.m.``, ``9 a m``,
# ``10 - 11:30 a.m.``)
TIME_RE = re.compile(
    r"(?:(?P<h1>\d{1,2})(?P<s1>[:.]|\s)?(?P<m1>\d{2})|(?P<o1>\d{1,2})(?!\d))"
    r"\s*(?P<ap1>[ap]\.?\s?m\b\.?)?"
    r"(?:\s*(?:-|–|—|to)\s*(?:(?P<h2>\d{1,2})(?P<s2>[:.]|\s)?(?P<m2>\d{2})"
    r"|(?P<o2>\d{1,2})(?!\d))\s*(?P<ap2>[ap]\.?\s?m\b\.?)?)?"
    r"(?:\s*\(?(?P<tz>[A-Z]{1,4})\b\)?)?"
)


@dataclass(frozen=True)
class Found:
    """A date or time span found in text: its extent and its ISO values."""

    start: int
    end: int
    when: str | None = None
    begin: str | None = None
    finish: str | None = None


def _year(text: str, pivot: int) -> int:
    y = int(text)
    if len(text) == 2:
        y += 2000 if y < pivot else 1900
    return y


def _num(text: str) -> int:
    return int(text.translate(OCR_DIGITS))


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def find_date(text: str, pivot: int = 50, start: int = 0) -> Found | None:
    """The first calendar date in ``text`` from ``start``, or None (invalid dates are skipped)."""
    for m in DATE_RE.finditer(text, start):
        g = m.groupdict()
        if g["mdy"]:
            iso = _iso(_num(g["y1"]), MONTHS[g["m1"].lower().rstrip(".")], _num(g["d1"]))
        elif g["dmy"]:
            iso = _iso(_num(g["y2"]), MONTHS[g["m2"].lower().rstrip(".")], _num(g["d2"]))
        elif g["iso"]:
            iso = _iso(int(g["y3"]), int(g["m3"]), int(g["d3"]))
        else:
            iso = _iso(_year(g["y4"], pivot), int(g["m4"]), int(g["d4"]))
        if iso:
            return Found(m.start(), m.end(), when=iso)
    return None


def _clock(h: str, m: str | None, ap: str | None) -> tuple[int, int] | None:
    if m is None and not ap:
        return None  # ``1964, 10``: an hour alone is a time only with a.m./p.m.
    hour, minute = int(h), int(m or 0)
    if ap:
        pm = ap.lower().startswith("p")
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if pm else 0)
    if hour > 23 or minute > 59:
        return None
    return hour, minute


def local_offset(day: str, hm: tuple[int, int], zone: str) -> str:
    """The UTC offset (``-04:00``) of a wall-clock time on ``day`` in an IANA zone: US Eastern
    is -05:00 (EST) or, under daylight saving time as US law set it for that date, -04:00
    (EDT)."""
    at = dt.datetime.fromisoformat(f"{day}T{hm[0]:02d}:{hm[1]:02d}").replace(tzinfo=ZoneInfo(zone))
    off = at.utcoffset() or dt.timedelta(0)
    minutes = int(off.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def find_datetime(text: str, zones: dict[str, str], pivot: int = 50,
                  local: str | None = None) -> Found | None:
    """A date optionally followed by a time or time span and a zone, as in memo DATE fields.

    ``1107-1116 EST`` and ``11:13 - 11:29 a.m. EST`` (after a comma, ``at`` or a dash:
    ``February 22, 1972 - 2:10 p.m.-6:00 p.m.``) give ``begin``/``finish`` date-times with
    the zone's offset; a single time gives ``when``; a date alone gives ``when``. A time with
    no zone written gets an offset only when ``local`` names the IANA zone of the place the
    text gives (a dateline in Washington: US Eastern, daylight saving time by date).
    """
    date = find_date(text, pivot)
    if date is None:
        return None
    rest = text[date.end :]
    lead = re.match(r"[,\s]*(?:[-–—]\s*)?(?:at\s+)?", rest)  # ``1972 - 2:10 p.m.``
    offset = date.end + (lead.end() if lead else 0)
    tm = TIME_RE.match(text, offset)
    if not tm or not (tm.group("ap1") or tm.group("h2") or tm.group("o2") or ":" in tm.group(0)):
        return date
    if (tm.group("o1") or tm.group("o2")) and not (tm.group("ap1") or tm.group("ap2")):
        return date  # ``10-12``: hours alone, no a.m./p.m.: not a time
    if (tm.group("s1") or "").isspace() and not (tm.group("ap1") or tm.group("ap2")) or (
            (tm.group("s2") or "").isspace() and not tm.group("ap2")):
        # ``2000 1107``: a space stands for a colon only before a.m./p.m. (the range's own,
        # as in ``8 10 - 8 25 a m``)
        return date
    g = tm.groupdict()
    ap1 = g["ap1"] or g["ap2"]
    first = _clock(g["h1"] or g["o1"], g["m1"], ap1)
    later = g["h2"] or g["o2"]
    second = _clock(later, g["m2"], g["ap2"] or g["ap1"]) if later else None
    if first is None or (later and second is None):
        return date
    zone = g["tz"]
    end = tm.end()
    if zone and zone not in zones:
        # not a zone we know: leave it out of the date's extent rather than guess an offset
        end = tm.start("tz")
        zone = None
    suffix = zones[zone] if zone else ""
    end = len(text[:end].rstrip(" ("))
    day = date.when

    def stamp(hm: tuple[int, int]) -> str:
        off = suffix or (local_offset(day, hm, local) if local and day else "")
        return f"{day}T{hm[0]:02d}:{hm[1]:02d}:00{off}"

    if second is None:
        return Found(date.start, end, when=stamp(first))
    return Found(date.start, end, begin=stamp(first), finish=stamp(second))


TIME_FIRST = re.compile(r"(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?\s*(?P<ap>[ap]\.?\s?m\b\.?)\s+")


def find_time_first(text: str, pivot: int = 50) -> Found | None:
    """A time before its date, the whole of ``text`` (``10:35 a.m.    March 3, 1971``, as the
    Kissinger telcons give it): one date-time, without an offset (no zone is written)."""
    tm = TIME_FIRST.match(text)
    if tm is None:
        return None
    date = find_date(text, pivot, tm.end())
    clock = _clock(tm.group("h"), tm.group("m") or "00", tm.group("ap"))
    if date is None or date.start != tm.end() or clock is None or not date.when:
        return None
    if text[date.end :].strip(" ."):
        return None
    return Found(0, date.end, when=f"{date.when}T{clock[0]:02d}:{clock[1]:02d}:00")
