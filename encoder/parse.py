"""Recognise the phenomena of a memorandum's transcription and build the document model.

Reading order: ``read_source`` decodes the bytes; ``segment`` cuts the text into units (runs
of prose lines, and page furniture such as banners, authority blocks, stamps, letterheads,
numbers, heads, trailers), each kept with its source line; ``parse`` lays the units out as
divisions (transmittal, memorandum), opener, memo fields, speeches and paragraphs, and puts
furniture that interrupts a paragraph inline, with a page break where the evidence is a
page's foot or head. ``inlines`` reads a run of prose: portion markings, strikes, gaps,
interruptions, supplied words, bold, links, e-mail addresses.

Recognisers work on the kind of thing (any all-caps classification word, any ``Title Name:``
label, any bracketed note of a known kind), driven by the vocabularies in
``encoder/data/vocab.json``, not on the seeds' exact strings.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from . import dates
from . import model as m
from .errors import EncodeError
from .files import RefusedFile, read_regular
from .jsondata import data_file, load_json
from .registry import Registry

MAX_BYTES = 4 * 1024 * 1024  # a transcription is a few hundred kB; 10 MB is not one


# --- vocabularies -------------------------------------------------------------------------


@dataclass
class Vocab:
    """Compiled recognisers built once from ``vocab.json``."""

    raw: dict[str, Any]
    levels: dict[str, dict[str, Any]]
    banner_re: re.Pattern[str]
    marking_re: re.Pattern[str]
    letterhead: list[re.Pattern[str]]
    heads: list[tuple[re.Pattern[str], str]]
    field_words: dict[str, str]
    gap_rules: list[tuple[re.Pattern[str], str]]
    interruption: re.Pattern[str]
    zones: dict[str, str]
    pivot: int
    caveat_ids: dict[str, str] = field(default_factory=dict)
    page_re: re.Pattern[str] = re.compile(r"\[Page (?P<n>\d{1,5})\]")

    def level_of_banner(self, word: str) -> str | None:
        word = re.sub(r"\s+", " ", word.strip().upper())
        for lid, lv in self.levels.items():
            if word in lv["banner"]:
                return lid
        return None

    def rank(self, level: str) -> int:
        return int(self.levels[level]["rank"])


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    raw = load_json(data_file("vocab.json"), "vocab.schema.json")
    levels = {lv["id"]: lv for lv in raw["classification"]["levels"]}
    caveat_ids = {
        form: cav["id"] for cav in raw["classification"]["caveats"] for form in cav["forms"]
    }
    banner_words = sorted(
        {b for lv in levels.values() for b in lv["banner"]}, key=len, reverse=True
    )
    caveat_forms = sorted(caveat_ids, key=len, reverse=True)
    banner_alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in banner_words)
    caveat_alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in caveat_forms)
    banner_re = re.compile(
        rf"^(?P<body>(?P<level>{banner_alt})(?:\s*(?://?|-|–)\s*(?:{caveat_alt}))*)$"
    )
    markings = sorted(
        {mk for lv in levels.values() for mk in lv["marking"]}, key=len, reverse=True
    )
    marking_re = re.compile(
        rf"\((?P<level>{'|'.join(map(re.escape, markings))})"
        rf"(?P<caveats>(?:\s*//?\s*(?:{caveat_alt}))*)\)"
    )
    field_words: dict[str, str] = {}
    for f in raw["fields"]:
        for w in f["words"]:
            field_words[w] = f["kind"]
    return Vocab(
        raw=raw,
        levels=levels,
        banner_re=banner_re,
        marking_re=marking_re,
        letterhead=[re.compile(p) for p in raw["letterhead"]],
        heads=[(re.compile(h["pattern"]), h["kind"]) for h in raw["heads"]],
        field_words=field_words,
        gap_rules=[(re.compile(g["pattern"], re.I), g["reason"]) for g in raw["brackets"]["gap"]],
        interruption=re.compile(raw["brackets"]["interruption"]),
        zones=raw["timezones"],
        pivot=raw["two_digit_year_pivot"],
        caveat_ids=caveat_ids,
        page_re=re.compile(raw.get("page_marker", r"\[Page (?P<n>\d{1,5})\]")),
    )


# --- reading the source -------------------------------------------------------------------


def read_source(path: Path) -> m.Source:
    """Read and decode a source file: UTF-8 (BOM allowed), else Windows-1252 with a note.

    Refuses what is not a transcription (empty, binary, control characters) with an
    EncodeError naming the file, so that nothing is written for it.
    """
    name = path.name
    try:
        raw = read_regular(path, MAX_BYTES)
    except RefusedFile as exc:
        raise EncodeError(str(exc.strerror), name) from None
    except OSError as exc:
        raise EncodeError(f"cannot read: {exc.strerror or exc}", name) from None
    return decode_source(raw, name)


def decode_source(raw: bytes, name: str) -> m.Source:
    sha = hashlib.sha256(raw).hexdigest()
    note = None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        note = "The source began with a UTF-8 byte-order mark, which was removed."
    try:
        text = raw.decode("utf-8")
        encoding = "UTF-8"
    except UnicodeDecodeError as exc:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            line = raw[: exc.start].count(b"\n") + 1
            raise EncodeError(
                "not text: bytes that no known encoding decodes", name, line
            ) from None
        encoding = "windows-1252"
        note = (
            "The source is not UTF-8; it was decoded as Windows-1252 (its bytes 0x80-0x9F are "
            "typographic quotes and dashes in that encoding)."
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for i, line in enumerate(text.split("\n"), start=1):
        bad = [c for c in line if unicodedata.category(c) == "Cc" and c != "\t"]
        if bad:
            raise EncodeError(
                f"not text: control character U+{ord(bad[0]):04X} (a binary file?)", name, i
            )
    if not text.strip():
        raise EncodeError("empty file: no text to encode", name)
    return m.Source(name=name, sha256=sha, text=text, encoding=encoding, encoding_note=note)


# --- segmentation into units --------------------------------------------------------------

Line = tuple[int, str]


@dataclass
class Unit:
    """A run of source lines of one kind; ``kind`` is ``text`` or a furniture kind."""

    kind: str
    lines: list[Line]
    first_in_block: bool = True

    @property
    def line(self) -> int:
        return self.lines[0][0]

    @property
    def text(self) -> str:
        return " ".join(t.strip() for _, t in self.lines)


STAMP_START = re.compile(r"^(DECLASSIFIED\b|Declassified\b|SANITIZED\b|Authority\s+N[NL][DK]\b)")
AUTHORITY = re.compile(
    r"^(Classified\s+[Bb]y|Reasons?|Declassify\s+[Oo]n|Derived\s+[Ff]rom|Classification\s+[Rr]eason)"
    r"\s*:"
)
DOCID = re.compile(r"^(NW#|DocId)\s*:?\s*\S")
NUMBER = re.compile(r"^(?:-\s*)?(?:Page\s+)?(\d{1,6})(?:\s*-)?$")
TRAILER = re.compile(r"^-+\s*End\s+of\s+(?:Telephone\s+)?Conversation\s*-+$", re.I)
FOOTER = re.compile(r"^This document is from the holdings of", re.I)


def _strip_strike(text: str) -> tuple[str, bool]:
    s = text.strip()
    if s.startswith("~~") and s.endswith("~~") and len(s) > 4:
        return s[2:-2].strip(), True
    return s, False


def banner_match(body: str, v: Vocab) -> tuple[re.Match[str] | None, str | None]:
    """A banner line's match, and its repaired reading when OCR garbled it (``C0NFIDENTIAL``,
    ``CONFIDENTIA L``); the repair is only for recognising, the text is kept as written."""
    hit = v.banner_re.match(body)
    if hit or not re.fullmatch(r"[A-Z0-9$/ -]{4,60}", body) or not re.search(r"[A-Z]{3}", body):
        return hit, None
    fixes = v.raw.get("ocr_banner_fixes", {})
    fixed = re.sub(r"(?<=[A-Z])[0-9$]|[0-9$](?=[A-Z])", lambda x: fixes.get(x.group(0), x.group(0)),
                   body)
    fixed = re.sub(r"(?<=[A-Z]{3}) (?=[A-Z]\b)|(?<=\b[A-Z]) (?=[A-Z]{3})", "", fixed)
    if fixed == body:
        return None, None
    hit = v.banner_re.match(fixed)
    return (hit, fixed) if hit else (None, None)


def line_kind(text: str, v: Vocab) -> str:
    """The furniture kind of one source line, or ``text``."""
    s = text.strip()
    body, _ = _strip_strike(s)
    if banner_match(body, v)[0]:
        return "banner"
    if v.page_re.fullmatch(s):
        return "pagemarker"
    if any(p.match(s) for p in v.letterhead):
        return "letterhead"
    if AUTHORITY.match(s):
        return "authority"
    if DOCID.match(s):
        return "docid"
    if NUMBER.match(s):
        return "number"
    if any(p.match(s) for p, _ in v.heads):
        return "head"
    if TRAILER.match(s):
        return "trailer"
    return "text"


MERGING = {"letterhead", "authority", "docid"}


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
            elif kind in MERGING and prev and prev.kind == kind:
                prev.lines.append((n, t))
            else:
                units.append(Unit(kind, [(n, t)], first_in_block=first))
            first = False
        block.clear()

    for n, t in lines:
        if t.strip():
            glued = v.page_re.match(t.strip())
            if glued and glued.end() < len(t.strip()):
                block.append((n, glued.group(0)))
                t = t.strip()[glued.end() :]
            block.append((n, t.rstrip()))
        else:
            flush()
    flush()
    return units


# --- inline content -----------------------------------------------------------------------

LINK = r"\[(?P<ltext>[^\]\n]*)\]\((?P<ltarget>[^)\s]*)\)"
BOLD = r"\*\*(?P<bold>.+?)\*\*"
STRUCK = r"~~(?P<struck>.+?)~~"
BRACKET = r"\[(?P<bracket>[^\]\n]+)\]"
# a portion marking whose parentheses or strike OCR turned into other characters
JUNK = (r"(?:[-~][({{]\s*(?P<jlevel>{levels})\s*[)}}][-~]?"
        r"|[({{]\s*(?P<jlevel2>{levels})\s*[)}}][-~]"
        r"|\(\s*(?P<jlevel3>{levels})\s*\}}|\{{\s*(?P<jlevel4>{levels})\s*[)}}])")
EMAIL = r"(?P<email>\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b)"


@lru_cache(maxsize=1)
def _inline_re() -> re.Pattern[str]:
    v = vocab()
    levels = "|".join(
        re.escape(mk) for mk in sorted({mk for lv in v.levels.values() for mk in lv["marking"]},
                                       key=len, reverse=True)
    )
    marking = v.marking_re.pattern.replace("(?P<level>", "(?P<mlevel>").replace(
        "(?P<caveats>", "(?P<mcaveats>"
    )
    return re.compile(
        "|".join([LINK, BOLD, STRUCK, rf"(?P<marking>(?<![\w(]){marking})",
                  "(?P<page>" + v.page_re.pattern.replace("(?P<n>", "(?P<pn>") + ")",
                  rf"(?P<junk>(?<![\w(]){JUNK.format(levels=levels)}(?![\w)]))",
                  "(?P<sic>" + v.raw["brackets"].get("sic", r"\(sic\)") + ")",
                  BRACKET, EMAIL])
    )


def _caveats(text: str, v: Vocab) -> tuple[str, ...]:
    parts = [p.strip() for p in re.split(r"/+", text) if p.strip()]
    return tuple(v.caveat_ids.get(re.sub(r"\s+", " ", p), p) for p in parts)


@dataclass
class Context:
    """What the inline reader needs to know about the document it is reading."""

    registry: Registry
    date: Any = None
    warnings: list[m.Warning] = field(default_factory=list)
    labels: dict[str, str | None] = field(default_factory=dict)
    repairs: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    people: dict[str, m.Person] = field(default_factory=dict)
    editorial_brackets: bool = True
    head_people: list[str] = field(default_factory=list)
    frus_pages: bool = False
    described: dict[str, str] = field(default_factory=dict)

    @cached_property
    def reserved(self) -> frozenset[str]:
        """Ids of registry people and places: a local person's id must differ from them."""
        return frozenset(p.id for p in self.registry.people) | frozenset(
            p.id for p in self.registry.places)

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(m.Warning(line, message))


def bracket(text: str, line: int, ctx: Context) -> m.Inline:
    """A square-bracketed editorial insertion: a gap, an interruption, or a supplied word."""
    v = vocab()
    inner = text.strip()
    for pattern, reason in v.gap_rules:
        if pattern.search(inner):
            return m.Gap(reason, inner)
    hit = v.interruption.match(inner)
    if hit:
        person = ctx.registry.resolve_label(hit.group("who"), ctx.date)
        who = person.id if person else ctx.labels.get(hit.group("who"))
        return m.Interruption(who, inner)
    if len(inner.split()) <= v.raw["brackets"]["supplied_max_words"]:
        return m.Supplied(inner)
    ctx.warn(line, f"bracketed text not understood, kept as text: [{inner}]")
    return m.Text(f"[{inner}]")


def inlines(text: str, line: int, ctx: Context) -> list[m.Inline]:
    """Read a run of prose into inline nodes (markup of the source replaced by the model)."""
    v = vocab()
    out: list[m.Inline] = []
    pos = 0
    for hit in _inline_re().finditer(text):
        if hit.start() > pos:
            out.append(m.Text(text[pos : hit.start()]))
        pos = hit.end()
        g = hit.groupdict()
        if g["ltext"] is not None:
            target = g["ltarget"] if re.match(r"^(https?:|mailto:)", g["ltarget"]) else None
            out.append(m.Link(target, inlines(g["ltext"], line, ctx)))
        elif g["bold"] is not None:
            out.append(m.Bold(inlines(g["bold"], line, ctx)))
        elif g["struck"] is not None:
            out.append(struck(g["struck"], ctx))
        elif g["marking"] is not None:
            out.append(
                m.Portion(g["mlevel"], _caveats(g["mcaveats"] or "", v), False, g["marking"])
            )
        elif g["page"] is not None:
            out.append(m.PageBreak(g["pn"]))  # type: ignore[arg-type]
        elif g["junk"] is not None:
            level = g["jlevel"] or g["jlevel2"] or g["jlevel3"] or g["jlevel4"]
            lid = next(k for k, lv in v.levels.items() if level in lv["marking"])
            ctx.warn(line, f"damaged portion marking '{g['junk']}' read as ({level})")
            out.append(m.Portion(lid, (), False, g["junk"]))
        elif g["sic"] is not None:
            out.append(m.Note("sic", [m.Text(g["sic"])]))
        elif g["bracket"] is not None and not ctx.editorial_brackets:
            out.extend([m.Text("["), *inlines(g["bracket"], line, ctx), m.Text("]")])
        elif g["bracket"] is not None:
            before = re.search(r"(\w+)\s*$", text[: hit.start()])
            after = {w.lower() for w in v.raw["brackets"].get("clarification_after", [])}
            inner = g["bracket"].strip()
            if before and before.group(1).lower() in after and re.fullmatch(
                r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}", inner
            ):
                out.append(m.Supplied(inner, "clarification"))
            else:
                out.append(bracket(g["bracket"], line, ctx))
        elif g["email"] is not None:
            out.append(m.Email(g["email"]))
    if pos < len(text):
        out.append(m.Text(text[pos:]))
    if "~~" in "".join(n.text for n in out if isinstance(n, m.Text)):
        raise EncodeError("unbalanced '~~' strike-through marker", None, line)
    return out


def struck(inner: str, ctx: Context) -> m.Inline:
    """``~~…~~``: a declassified portion marking (``(S)`` or bare ``TS``) or other struck text."""
    v = vocab()
    s = inner.strip()
    hit = v.marking_re.fullmatch(s)
    if hit:
        return m.Portion(hit.group("level"), _caveats(hit.group("caveats") or "", v), True, s)
    for lid, lv in v.levels.items():
        if s in lv["marking"]:
            return m.Portion(lid, (), True, s)
    return m.Struck(inner)


def plain(nodes: list[m.Inline]) -> str:
    """The text of inline nodes as read (for titles and header facts)."""
    out = []
    for n in nodes:
        if isinstance(n, m.Text):
            out.append(n.text)
        elif isinstance(n, m.LineBreak):
            out.append(" ")
        elif isinstance(n, (m.Bold, m.Link, m.Name, m.Quote, m.Foreign)):
            out.append(plain(n.children))
        elif isinstance(n, m.Email):
            out.append(n.address)
        elif isinstance(n, (m.Portion, m.Struck, m.Gap, m.Interruption, m.Supplied, m.Date)):
            out.append(getattr(n, "text", getattr(n, "desc", "")))
    return re.sub(r"\s+", " ", "".join(out)).strip()


def with_dates(text: str, line: int, ctx: Context, *, spans: bool = False) -> list[m.Inline]:
    """Inline content in which calendar dates (and, with ``spans``, times) become Dates."""
    v = vocab()
    found = (
        dates.find_datetime(text, v.zones, v.pivot) if spans else dates.find_date(text, v.pivot)
    )
    if not found:
        return inlines(text, line, ctx)
    out = inlines(text[: found.start], line, ctx) if found.start else []
    out.append(m.Date(text[found.start : found.end], found.when, found.begin, found.finish))
    out.extend(with_dates(text[found.end :], line, ctx) if found.end < len(text) else [])
    return out


# --- furniture ----------------------------------------------------------------------------


def furniture(unit: Unit, ctx: Context) -> m.Furniture | m.Stamp:
    """A furniture unit as a model node (banner, letterhead, authority, docId, number, stamp)."""
    v = vocab()
    if unit.kind == "banner":
        body, is_struck = _strip_strike(unit.lines[0][1])
        hit, fixed = banner_match(body, v)
        level = v.level_of_banner(hit.group("level")) if hit else None
        caveats: tuple[str, ...] = ()
        if hit:
            rest = hit.group("body")[len(hit.group("level")) :].strip(" /-–")
            caveats = _caveats(rest, v) if rest else ()
        if fixed:
            ctx.warn(unit.line, f"banner '{body}' read as {fixed} (OCR damage; kept as written)")
        content: list[m.Inline] = [m.Struck(body)] if is_struck else [m.Text(body)]
        return m.Furniture("classification", [content], unit.line, level=level, caveats=caveats)
    if unit.kind == "stamp":
        lines = [with_dates(t.strip(), n, ctx) for n, t in unit.lines]
        found = [d for ln in lines for d in ln if isinstance(d, m.Date)]
        return m.Stamp(lines, unit.line, found[-1].when if found else None)
    if unit.kind == "authority":
        return m.Furniture(
            "classification-authority",
            [authority_line(t.strip(), n, ctx) for n, t in unit.lines],
            unit.line,
        )
    kind = {"letterhead": "letterhead", "docid": "docId", "number": "pageNum"}.get(
        unit.kind, unit.kind
    )
    return m.Furniture(kind, [inlines(t.strip(), n, ctx) for n, t in unit.lines], unit.line)


def authority_line(text: str, line: int, ctx: Context) -> list[m.Inline]:
    hit = re.match(r"^(Classified\s+[Bb]y\s*:\s*)(.+)$", text)
    if hit:
        return [m.Text(hit.group(1)), person_name(hit.group(2), line, ctx, "mentioned")]
    if re.match(r"^Declassify\s+[Oo]n", text):
        return with_dates(text, line, ctx)
    return inlines(text, line, ctx)


def person_name(text: str, line: int, ctx: Context, role: str) -> m.Name:
    """A name written in a memo field or authority block, tied to a person of the document."""
    people = ctx.people
    person = ctx.registry.resolve_name(text) or ctx.registry.resolve_label(text, ctx.date)
    if person:
        ref = person.id
        if ref not in people:
            people[ref] = m.Person(ref, person.name, person.wikidata)
    else:
        ref = local_id(text, people, ctx.reserved)
        if ref not in people:
            people[ref] = m.Person(ref, text.strip(), None, local=True)
            if role == "participant":  # notetakers, interpreters, officials: the normal case
                ctx.warn(line, f"person not in the registry, described locally: {text.strip()}")
    people[ref].roles.add(role)
    people[ref].named = True
    ctx.described[ref] = (ctx.described.get(ref, "") + " " + text.strip()).strip()
    return m.Name("person", ref, [m.Text(text)])


def local_id(name: str, people: dict[str, m.Person], reserved: frozenset[str] = frozenset()
             ) -> str:
    """An xml:id for a person the registry does not know, from the name.

    It must not be an id the document may also use for someone or something else: another
    person, a registry person or place mentioned later (``reserved``), or a footnote.
    """
    base = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", name).lower()).strip("-")
    base = base or "person"
    if not base[0].isalpha() or base.startswith(("fn-", "fncall-")):
        base = "p-" + base
    for existing in people.values():
        if existing.local and existing.name == name.strip():
            return existing.id
    ident, i = base, 2
    while ident in people or ident in reserved:
        ident, i = f"{base}-{i}", i + 1
    return ident


# --- memo fields --------------------------------------------------------------------------

FIELD_COLON = re.compile(r"^(?P<label>[A-Za-z][A-Za-z ,&/-]{0,40}?)\s*:(?:\s+(?P<rest>.*))?$")
CAPS_WORD = re.compile(r"[A-Z][A-Z&-]*\b,?\s*")


@dataclass
class FieldLabel:
    label: str
    kind: str
    rest: str
    place_only: bool


def _field_kind(label: str) -> tuple[str, bool] | None:
    """The field kind of a label's words (all must be field words or joiners), or None."""
    v = vocab()
    norm = re.sub(r"\s+", " ", label.upper()).strip(" ,")
    if norm in v.field_words:
        return v.field_words[norm], norm in ("PLACE", "LOCATION")
    joiners = set(v.raw["field_joiners"])
    words = [w for w in re.split(r"[\s,/]+", norm) if w and w not in joiners]
    if not words or any(w not in v.field_words for w in words):
        return None
    return v.field_words[words[0]], all(w in ("PLACE", "LOCATION") for w in words)


def field_label(text: str) -> FieldLabel | None:
    """A memo-field label at the start of a line (``SUBJECT:``, ``DATE, TIME``, ``AND PLACE:``).

    A label without a colon is accepted only in capitals and only for the fields typists
    split around their value (``DATE, TIME`` … ``AND PLACE:``) or set alone on a line
    (``MEMORANDUM FOR``); the longest run of field words wins.
    """
    s = text.strip()
    hit = FIELD_COLON.match(s)
    if hit and (found := _field_kind(hit.group("label"))):
        verbatim = s[: s.index(":", hit.end("label") - 1) + 1]
        return FieldLabel(verbatim, found[0], (hit.group("rest") or "").strip(), found[1])
    ends = []
    pos = 0
    while (w := CAPS_WORD.match(s, pos)) is not None:
        pos = w.end()
        ends.append(pos)
    for end in reversed(ends):
        label = s[:end].rstrip()
        found = _field_kind(label)
        if found and found[0] in ("datetime", "addressees") and ":" not in label:
            rest = s[end:].strip()
            if (rest and not rest[0].isalnum()) or (
                found[0] == "addressees" and not label.upper().startswith("MEMORANDUM")
            ):
                continue
            return FieldLabel(label, found[0], rest, found[1])
    return None


NAME_SPLIT = re.compile(r"(\s*,\s*(?:and\s+)?|\s+and\s+|\s*;\s*)")


def is_description(part: str) -> bool:
    """``Chancellor``, ``Minister of Foreign Affairs``, ``III``: what follows a name's comma."""
    words = part.split()
    if not words:
        return False
    if SUFFIX.match(words[0]) or words[0] in vocab().raw.get("office_words", []):
        return True
    return any(w in ("of", "the", "for", "to", "in", "at", "on") for w in words)


def run_together_names(text: str, ctx: Context) -> tuple[str, str] | None:
    """Two persons' labels run together without a separator (``The President Prime Minister
    Blair``, OCR of a two-line field): a split where each side resolves to a different
    registry person on its own; otherwise None (the text stays one name)."""
    words = text.split()
    if len(words) < 4 or ctx.registry.resolve_name(text):
        return None
    for i in range(1, len(words)):
        left, right = " ".join(words[:i]), " ".join(words[i:])
        a = ctx.registry.resolve_label(left, ctx.date)
        b = ctx.registry.resolve_label(right, ctx.date) if a else None
        if a and b and a.id != b.id:
            return left, right
    return None


def names_value(text: str, line: int, ctx: Context, role: str) -> list[m.Inline]:
    """A list of names (``Rogers, Manning, and Williams``) as persons with a role."""
    out: list[m.Inline] = []
    prev: m.Name | None = None
    sep = ""
    for part in NAME_SPLIT.split(text):
        if not part:
            continue
        if NAME_SPLIT.fullmatch(part) or not re.search(r"[A-Za-z]", part):
            out.append(m.Text(part))
            sep = part
            continue
        if prev is not None and "," in sep and "and" not in sep and is_description(part):
            out.append(m.Text(part))
            if prev.ref:
                ctx.described[prev.ref] = ctx.described.get(prev.ref, "") + " " + part.strip()
            continue
        core = part.strip()
        trail = ""
        mark = vocab().marking_re.search(core)
        if mark:
            trail, core = core[mark.start() :], core[: mark.start()].rstrip()
        lead = part[: len(part) - len(part.lstrip())]
        if lead:
            out.append(m.Text(lead))
        pair = run_together_names(core, ctx)
        if pair:
            out.extend([person_name(pair[0], line, ctx, role), m.Text(" ")])
            ctx.warn(line, f"two names run together, read as '{pair[0]}' and '{pair[1]}'")
            core = pair[1]
        prev = person_name(core, line, ctx, role)
        out.append(prev)
        if trail:
            out.append(m.Text(" "))
            out.extend(inlines(trail, line, ctx))
        tail = part[len(part.rstrip()) :]
        if tail:
            out.append(m.Text(tail))
    return out


BULLET = re.compile(r"^[•·*\-–]\s*")


def field_value(kind: str, place_only: bool, lines: list[Line], ctx: Context,
                label: str = "") -> list[m.Inline]:
    out: list[m.Inline] = []
    for i, (n, t) in enumerate(lines):
        if i:
            out.append(m.LineBreak())
        t = t.strip()
        if kind in ("participants", "notetakers", "interpreters"):
            role = {"participants": "participant", "notetakers": "notetaker"}.get(
                kind, "interpreter"
            )
            bullet = BULLET.match(t)
            if bullet:
                out.append(m.Text(bullet.group(0)))
                t = t[bullet.end() :]
            note = re.search(r"\s*\([^()]*\)$", t)
            if note and not vocab().marking_re.fullmatch(note.group(0).strip()):
                out.extend(names_value(t[: note.start()], n, ctx, role))
                out.append(m.Text(note.group(0)))
            else:
                out.extend(names_value(t, n, ctx, role))
        elif kind == "datetime" and (place_only or i > 0):
            out.append(m.Name("place", None, [m.Text(t)]))
        elif kind == "datetime":
            read = with_dates(t, n, ctx, spans=True)
            tail = read[-1] if read and isinstance(read[-1], m.Text) else None
            place = re.match(r"^(\s*,\s*)(\S.*\S)\s*$", tail.text) if tail else None
            if place and "PLACE" in label.upper() and any(isinstance(x, m.Date) for x in read):
                # DATE, TIME AND PLACE: September 3, 2002, 7:40 - 7:58 a.m. EDT, Oval Office
                read[-1:] = [m.Text(place.group(1)), m.Name("place", None,
                                                            [m.Text(place.group(2))])]
            out.extend(read)
        else:
            out.extend(inlines(t, n, ctx))
    return out


def addressees(blocks: list[list[Line]], ctx: Context) -> m.Addressees:
    return m.Addressees(
        [
            [x for i, (n, t) in enumerate(b) for x in ([m.LineBreak()] if i else [])
             + inlines(t.strip(), n, ctx)]
            for b in blocks
        ]
    )


INNER_LABEL = re.compile(r"\s+(?=[A-Z][A-Z ,&/-]{2,40}:)")


def split_run_together(line: Line) -> list[Line]:
    """A line holding several memo fields (``SUBJECT: … (S) PARTICIPANTS: …``), one per field.

    Only a capitalised label of the closed set of field labels, with its colon, splits a line.
    """
    n, text = line
    parts: list[Line] = []
    start = 0
    for hit in INNER_LABEL.finditer(text):
        rest = text[hit.end() :]
        lab = field_label(rest)
        before = text[start : hit.start()]
        if (lab is not None and lab.label == lab.label.upper() and ":" in before
                and before.split(":", 1)[1].strip()):
            parts.append((n, text[start : hit.start()]))
            start = hit.end()
    parts.append((n, text[start:]))
    return parts


def read_fields(units: list[Unit], start: int, ctx: Context) -> tuple[m.Fields | None, int]:
    """Memo fields from ``units[start]`` on; returns the fields and the index after them."""
    raw: list[tuple[FieldLabel, int, list[list[Line]]]] = []
    i = start
    while i < len(units) and units[i].kind == "text":
        unit = units[i]
        first = field_label(unit.lines[0][1])
        if first is None:
            if not raw:
                break
            label = raw[-1][0]
            if label.kind != "addressees" and any(raw[-1][2]):
                break
            raw[-1][2].append(list(unit.lines))
            i += 1
            continue
        for n, t in (x for line in unit.lines for x in split_run_together(line)):
            lab = field_label(t)
            if lab is not None:
                raw.append((lab, n, [[(n, lab.rest)]] if lab.rest else []))
            elif not raw[-1][2]:
                raw[-1][2].append([(n, t)])
            else:
                raw[-1][2][-1].append((n, t))
        i += 1
    if not raw:
        return None, start
    entries = []
    for lab, n, blocks in raw:
        if lab.kind == "addressees":
            value: list[m.Inline] = [addressees(blocks, ctx)] if blocks else []
        else:
            value = field_value(lab.kind, lab.place_only, [ln for b in blocks for ln in b], ctx,
                                lab.label)
        entries.append(m.FieldEntry(lab.label, lab.kind, value, n))
    return m.Fields(entries), i


# --- speeches -----------------------------------------------------------------------------

SPEAKER = re.compile(r"^(?P<label>[A-Z][^:\n]{0,60}?):(?:\s+(?P<rest>.*))?$")
LABEL_WORD = re.compile(r"^(?:[A-Z][\w.'’-]*|of|the|de|von|van|der|da|al|bin|ibn)$")
NOT_SPEAKERS = {"note", "notes", "reason", "reasons", "subject", "source", "tab", "attachment",
                "cc", "phone", "fax", "e-mail", "email", "tel", "ps", "p.s", "re", "date", "time"}


def speaker_label(text: str, ctx: Context | None = None) -> tuple[str, str] | None:
    """``The President: Hello`` → (``The President:``, ``Hello``), or None if not a label.

    With ``ctx``, a label damaged by OCR (``.The President:``, ``Th e President:``,
    ``The Pres.ident:``, ``•Secretary Baker:``, ``The President;``) is accepted when its
    repaired form resolves to a person; the label stays verbatim and the repair is noted in
    ``ctx.repairs`` for the warning.
    """
    hit = SPEAKER.match(text.strip())
    if hit and _label_ok(hit.group("label").strip(), text):
        label = hit.group("label").strip() + ":"
        if ctx is None or not re.search(r"[a-z]\.[a-z]", label) or _resolvable(label[:-1], ctx):
            return label, (hit.group("rest") or "")
    if ctx is None:
        return None
    return damaged_label(text, ctx)


def _label_ok(label: str, text: str) -> bool:
    words = label.split()
    if not 1 <= len(words) <= 6 or any(ch.isdigit() for ch in label):
        return False
    if not all(LABEL_WORD.match(w) for w in words) or label.lower() in NOT_SPEAKERS:
        return False
    return field_label(text) is None and not AUTHORITY.match(text.strip())


DAMAGED = re.compile(
    r"^(?P<label>[^\w\s]{0,2}[A-Z][^:;\n]{0,50}?)(?P<colon>[:;])\s+(?P<rest>\S.*)$"
)


def repair_label(label: str) -> tuple[str, list[str]]:
    """A label's OCR repair: stray symbols removed, a word split by a space re-joined."""
    fixes: list[str] = []
    lead = re.match(r"^[^\w\s]+", label)
    if lead:
        fixes.append(f"stray character '{lead.group(0)}' before speaker label")
        label = label[lead.end() :]
    inner = re.sub(r"(?<=[a-z])[.•·*'’](?=[a-z])", "", label)
    if inner != label:
        fixes.append("stray character inside speaker label")
        label = inner
    joined = re.sub(r"\b([A-Z][a-z]?) ([a-z]{1,3})\b", r"\1\2", label)
    if joined != label:
        fixes.append("space inside a word of the speaker label")
        label = joined
    return label, fixes


def _resolvable(name: str, ctx: Context) -> bool:
    return name in ctx.labels or resolve_speaker(name, ctx) is not None


def damaged_label(text: str, ctx: Context) -> tuple[str, str] | None:
    hit = DAMAGED.match(text.strip())
    if not hit:
        return None
    verbatim = hit.group("label")
    name, fixes = repair_label(verbatim.strip())
    if hit.group("colon") == ";":
        fixes.append("semicolon for the colon after speaker label")
    if not fixes or not _label_ok(name, name + ": x") or not _resolvable(name, ctx):
        return None
    label = verbatim + hit.group("colon")
    ctx.repairs[label] = (name, fixes)
    return label, hit.group("rest")


SUFFIX = re.compile(r"^(?:Jr\.?|Sr\.?|II|III|IV)$")


def surname(name: str) -> str:
    words = [w.strip(",") for w in name.split()]
    while len(words) > 1 and SUFFIX.match(words[-1]):
        words.pop()
    return words[-1] if words else name


def resolve_speaker(name: str, ctx: Context) -> str | None:
    """The person a (repaired) label names, or None; never a guess.

    A one-letter label (``R``) or a bare surname (``Rusk``) names the one person of the
    heading whose surname it is (or starts); a title with no name (``The Chancellor``) the one
    participant described by that title; anything else goes to the registry.
    """
    head = [(pid, surname(ctx.people[pid].name)) for pid in ctx.head_people if pid in ctx.people]
    if re.fullmatch(r"[A-Z]", name):
        hits = [pid for pid, sn in head if sn.startswith(name)]
        return hits[0] if len(hits) == 1 else None
    if re.fullmatch(r"[A-Z][\w'’-]+", name):
        hits = [pid for pid, sn in head if sn == name]
        if len(hits) == 1:
            return hits[0]
    person = ctx.registry.resolve_label(name, ctx.date)
    if person:
        if person.id not in ctx.people:
            ctx.people[person.id] = m.Person(person.id, person.name, person.wikidata)
        return person.id
    last = name.split()[-1]
    if len(name.split()) > 1 and re.fullmatch(r"[A-Z][\w'’-]+", last):
        # Title Surname (Chancellor Kohl) naming a participant the registry does not know
        hits = [pid for pid in dict.fromkeys([*ctx.head_people, *ctx.described])
                if pid in ctx.people and "participant" in ctx.people[pid].roles
                and surname(ctx.people[pid].name) == last]
        if len(hits) == 1:
            return hits[0]
    title = re.sub(r"^The\s+", "", name)
    if title != name:
        hits = [pid for pid, desc in ctx.described.items()
                if re.search(rf"\b{re.escape(title)}\b", desc)]
        if len(hits) == 1:
            return hits[0]
    return None


def speaker_who(label: str, line: int, ctx: Context) -> str:
    name = label.rstrip(":;").strip()
    if label in ctx.repairs:
        name, fixes = ctx.repairs[label]
        ctx.warn(line, f"damaged speaker label {label!r} read as '{name}:' ({'; '.join(fixes)})")
    if name in ctx.labels:
        who = ctx.labels[name]
        if who:
            ctx.people[who].roles.add("participant")
            return who
    found = resolve_speaker(name, ctx)
    if found:
        ctx.people[found].roles.add("participant")
        ctx.labels[name] = found
        return found
    ref = local_id(name, ctx.people, ctx.reserved)
    if ref not in ctx.people:
        ctx.people[ref] = m.Person(ref, name, None, local=True)
        ctx.warn(line, f"speaker label not resolved to a known person: {label}")
    ctx.people[ref].roles.add("participant")
    ctx.labels[name] = ref
    return ref


# --- layout of a division -----------------------------------------------------------------

PAGE_EVIDENCE = {"banner", "authority", "docid", "number", "letterhead"}
FOOT = {"authority", "docid", "stamp"}
CLOSED_END = re.compile(r"[.?!:;\"”’)\]]\s*$")


def split_run(run: list[Unit]) -> tuple[list[Unit], list[Unit]]:
    """Split furniture between two stretches of text into the old page's foot and the new head.

    Banners bracket a page's foot: ``banner [authority|docId|stamp…] banner`` or one banner
    alone end a page; authority blocks, docIds and stamps (with one closing banner) do too.
    What follows (more banners, page and log numbers, letterheads) heads the next page.
    """
    i = 0
    if run and run[0].kind == "banner":
        i = 1
        j = i
        while j < len(run) and run[j].kind in FOOT:
            j += 1
        if j > i:
            i = j
            if i < len(run) and run[i].kind == "banner":
                i += 1
    elif run and run[0].kind in FOOT:
        while i < len(run) and run[i].kind in FOOT:
            i += 1
        if i < len(run) and run[i].kind == "banner":
            i += 1
    return run[:i], run[i:]


def is_open(para: m.Para) -> bool:
    """A paragraph whose last words do not end a sentence (broken by a page end)."""
    last = next((n for n in reversed(para.content) if not isinstance(n, m.LineBreak)), None)
    if not isinstance(last, m.Text):
        return False
    s = last.text.rstrip()
    return bool(s) and not CLOSED_END.search(s)


def continues(text: str, ctx: Context | None = None) -> bool:
    s = text.lstrip()
    return bool(s) and s[0].islower() and speaker_label(s, ctx) is None


NAME_LINE = re.compile(r"^[A-Z][a-z]+(?:\s+[A-Z]\.)*(?:\s+[A-Z][a-z'’-]+){1,2}$")
ATTACH = re.compile(r"^(Attachments?|Enclosures?)$")
TAB = re.compile(r"^Tab\s+[A-Z0-9]\b")


class Layout:
    """Lays one division's units out as blocks, tracking pages and the open paragraph."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.blocks: list[m.Block] = []
        self.page = 0
        self.speech: m.Speech | None = None
        self.para: m.Para | None = None
        self.after_trailer = False
        self.stray: list[m.Stray] = []

    # pages and furniture
    def furn(self, unit: Unit, place: str | None) -> m.Interrupter:
        if unit.kind == "pagemarker":
            n = vocab().page_re.fullmatch(unit.lines[0][1].strip()).group("n")  # type: ignore[union-attr]
            self.page = int(n)
            return m.PageBreak(n)
        if unit.kind == "number":
            value = int(NUMBER.match(unit.lines[0][1].strip()).group(1))  # type: ignore[union-attr]
            node = furniture(unit, self.ctx)
            assert isinstance(node, m.Furniture)
            node.kind = "pageNum" if value == self.page else "logNum"
            node.place = place
            return node
        node = furniture(unit, self.ctx)
        if isinstance(node, m.Furniture):
            node.place = place
        return node

    def new_page(self, top: list[Unit]) -> m.PageBreak:
        n = self.page + 1
        for u in top:
            if u.kind == "number":
                value = int(NUMBER.match(u.lines[0][1].strip()).group(1))  # type: ignore[union-attr]
                if self.page < value <= self.page + 10:
                    n = value
                    break
        self.page = n
        return m.PageBreak(str(n))

    def run_items(self, run: list[Unit]) -> list[m.Interrupter]:
        if self.after_trailer or not any(u.kind in PAGE_EVIDENCE for u in run):
            place = "bottom" if self.after_trailer else None
            return [self.furn(u, place) for u in run]
        foot, top = split_run(run)
        items = [self.furn(u, "bottom") for u in foot]
        if not any(u.kind == "pagemarker" for u in run):
            items.append(self.new_page(top))
        items.extend(self.furn(u, "top") for u in top)
        return items

    def place_items(self, items: list[m.Interrupter], inside_speech: bool) -> None:
        if inside_speech and self.speech is not None:
            self.speech.paras.extend(items)  # type: ignore[arg-type]
        else:
            self.blocks.extend(items)

    # prose
    def paragraph(self, text: str, line: int, run: list[Unit]) -> None:
        ctx = self.ctx
        for known in [k for k, who in ctx.labels.items() if who]:
            if re.search(rf"\s{re.escape(known)}:\s", text):
                ctx.warn(line, f"possible speaker label inside the line, not split: {known}:")
        if self.after_trailer:
            label = speaker_label(text)
            if label is not None and not label[1].strip():
                raise EncodeError(f"speaker label with no speech: {label[0]}", None, line)
            if run:
                self.blocks.extend(self.run_items(run))
            self.stray.append(m.Stray(inlines(text, line, ctx), line))
            return
        if self.para is not None and is_open(self.para) and continues(text, ctx):
            if run:
                items = self.run_items(run)
                self.para.content.append(m.Text(" "))
                for k, item in enumerate(items):
                    # a line end between blocks of furniture keeps their words apart
                    self.para.content.extend([m.Text("\n"), item] if k else [item])
            self.para.content.append(m.Text(" "))
            self.para.content.extend(inlines(text, line, ctx))
            return
        only = vocab().marking_re.fullmatch(text.strip()) or struck_marking(text)
        if only and self.para is not None and not run:
            self.para.content.append(m.Text(" "))
            self.para.content.extend(inlines(text, line, ctx))
            return
        whole = WHOLE_BRACKET.fullmatch(text.strip())
        if whole and not vocab().page_re.fullmatch(text.strip()):
            node = editorial_block(whole.group(1), line, ctx)
            if node is not None:
                self.blocks.extend(self.run_items(run) if run else [])
                self.blocks.append(node)
                self.speech = None
                self.para = None
                return
        label = speaker_label(text, ctx)
        if label is not None and not label[1].strip():
            raise EncodeError(f"speaker label with no speech: {label[0]}", None, line)
        items = self.run_items(run) if run else []
        self.place_items(items, inside_speech=label is None)
        if label is not None:
            who = speaker_who(label[0], line, ctx)
            self.para = m.Para(prose(label[1], line, ctx), line)
            self.speech = m.Speech(label[0], who, [self.para], line)
            self.blocks.append(self.speech)
        elif self.speech is not None:
            self.para = m.Para(prose(text, line, ctx), line)
            self.speech.paras.append(self.para)
        else:
            self.para = m.Para(prose(text, line, ctx), line)
            self.blocks.append(self.para)

    def trailer(self, unit: Unit, run: list[Unit]) -> None:
        if run:
            self.blocks.extend(self.run_items(run))
        self.blocks.append(m.Trailer(unit.lines[0][1].strip(), unit.line))
        self.after_trailer = True
        self.speech = None
        self.para = None


WHOLE_BRACKET = re.compile(r"\[(?P<inner>[^\[\]\n]+)\]")


def editorial_block(inner: str, line: int, ctx: Context) -> m.Gap | m.Note | None:
    """A paragraph wholly in square brackets: the editor's omission note or summary."""
    v = vocab()
    for pattern, reason in v.gap_rules:
        if reason == "editorial" and pattern.search(inner.strip()):
            return m.Gap(reason, inner.strip())
    if len(inner.split()) >= v.raw["brackets"].get("summary_min_words", 8):
        return m.Note("summary", inlines(inner.strip(), line, ctx))
    return None


def prose(text: str, line: int, ctx: Context) -> list[m.Inline]:
    """A paragraph's inline content; an exemption citation standing alone (with at most its
    portion marking) is a redaction, its text kept verbatim in the gap's description."""
    v = vocab()
    core, trail = text.strip(), ""
    tail = re.search(r"\s+(\([^()]*\))$", core)
    if tail and v.marking_re.fullmatch(tail.group(1)):
        core, trail = core[: tail.start()], core[tail.start() :]
    if re.fullmatch(v.raw["redaction"], core):
        out: list[m.Inline] = [m.Gap("redacted", core)]
        if trail:
            out.append(m.Text(" "))
            out.extend(inlines(trail.strip(), line, ctx))
        return out
    return inlines(text, line, ctx)


def struck_marking(text: str) -> bool:
    s = text.strip()
    return s.startswith("~~") and s.endswith("~~") and bool(
        vocab().marking_re.fullmatch(s[2:-2].strip()) or s[2:-2].strip() in vocab().levels
    )


def split_speeches(unit: Unit, ctx: Context | None = None) -> list[tuple[int, str]]:
    """A text unit's paragraphs: its lines joined, split again where a line opens a speech."""
    paras: list[tuple[int, list[str]]] = []
    for n, t in unit.lines:
        if not paras or speaker_label(t, ctx) is not None:
            paras.append((n, [t.strip()]))
        else:
            paras[-1][1].append(t.strip())
    return [(n, " ".join(ts)) for n, ts in paras]


def layout(units: list[Unit], ctx: Context, *, memo: bool) -> tuple[list[m.Block], list[m.Stray]]:
    """The blocks of one division: page 1, opener, head, fields, then body and trailer."""
    lay = Layout(ctx)
    lay.page = 1
    if not ctx.frus_pages:
        lay.blocks.append(m.PageBreak("1"))
    i = 0
    opener: list[m.Interrupter | m.Dateline | m.Stray] = []
    while i < len(units) and units[i].kind != "head":
        u = units[i]
        if u.kind == "text":
            if field_label(u.lines[0][1]) is not None:
                break
            if len(u.lines) == 1 and (d := dates.find_date(u.text, vocab().pivot)) and (
                u.text.strip() == u.text.strip()[d.start : d.end]
            ):
                opener.append(m.Dateline(with_dates(u.text.strip(), u.line, ctx), u.line))
            elif memo and any(x.kind == "head" for x in units[i:]):
                opener.append(m.Stray(inlines(u.text.strip(), u.line, ctx), u.line))
                ctx.warn(u.line, f"text before the heading not understood: {u.text[:60]}")
            else:
                break
        else:
            opener.append(lay.furn(u, "top"))
        i += 1
    if opener:
        lay.blocks.append(m.Opener(opener))
    if i < len(units) and units[i].kind == "head":
        u = units[i]
        lay.blocks.append(m.Head(inlines(u.text.strip(), u.line, ctx), u.line))
        i += 1
        if i < len(units) and units[i].kind == "text" and len(units[i].lines) == 1:
            line = dateline(units[i].text.strip(), units[i].line, ctx)
            if line is not None:
                lay.blocks.append(m.Opener([line]))
                i += 1
    fields, i = read_fields(units, i, ctx)
    if fields:
        lay.blocks.append(fields)
    run: list[Unit] = []
    rest = units[i:]
    j = 0
    while j < len(rest):
        u = rest[j]
        if u.kind == "trailer":
            lay.trailer(u, run)
            run = []
        elif u.kind == "text" and lay.after_trailer and NOTE_LINE.match(u.lines[0][1]):
            if run:
                lay.blocks.extend(lay.run_items(run))
                run = []
            lay.blocks.extend(footnotes(u, ctx))
        elif u.kind == "text":
            if not memo and lay.speech is None and not lay.after_trailer:
                special = closing(rest, j, ctx)
                if special:
                    block, j = special
                    if run:
                        lay.blocks.extend(lay.run_items(run))
                        run = []
                    lay.blocks.append(block)
                    continue
            for k, (n, text) in enumerate(split_speeches(u, ctx)):
                lay.paragraph(text, n, run if k == 0 else [])
                run = []
        elif u.kind == "head":
            if run:
                lay.blocks.extend(lay.run_items(run))
                run = []
            lay.blocks.append(m.Head(inlines(u.text.strip(), u.line, ctx), u.line))
            # what follows a heading is not the previous speech's (source order)
            lay.speech = None
            lay.para = None
        else:
            run.append(u)
        j += 1
    if run:
        if lay.after_trailer:
            lay.blocks.extend(lay.run_items(run))
        else:
            lay.blocks.extend(lay.furn(x, "bottom") for x in run)
    return lay.blocks, lay.stray


NOTE_LINE = re.compile(r"^(?P<n>\d{1,3})\.\s+\S")
CALL = re.compile(r"(?<![\w-])(?P<word>[A-Za-z]*[a-z]{2})(?P<n>\d{1,3})(?![\w])")


def footnotes(unit: Unit, ctx: Context) -> list[m.Footnote]:
    """Numbered notes after the trailer (``1. Source: …``), one per numbered line."""
    notes: list[tuple[int, str, list[str]]] = []
    for n, t in unit.lines:
        hit = NOTE_LINE.match(t.strip())
        if hit:
            notes.append((n, hit.group("n"), [t.strip()]))
        else:
            notes[-1][2].append(t.strip())
    return [m.Footnote(num, inlines(" ".join(ts), n, ctx), n) for n, num, ts in notes]


def mark_calls(div: m.Div, ctx: Context) -> None:
    """Footnote calls glued to words, found in reading order, for the div's numbered notes.

    A number glued to a word is a call only when the word ends in two lower-case letters
    (``letter4``, ``Yeltsin1``, not ``B52``, ``G7``, ``MiG29``, ``START2``) and the number is
    the next one the notes expect; so calls are read in sequence and nothing else is taken.
    """
    notes = [b for b in div.blocks if isinstance(b, m.Footnote)]
    if not notes:
        return
    pending = [note.n for note in notes]

    def visit(nodes: list[Any]) -> None:
        i = 0
        while i < len(nodes) and pending:
            node = nodes[i]
            if isinstance(node, m.Text):
                hit = next((h for h in CALL.finditer(node.text) if h.group("n") == pending[0]),
                           None)
                if hit:
                    pending.pop(0)
                    cut = hit.start("n")
                    nodes[i : i + 1] = [m.Text(node.text[:cut]), m.NoteCall(hit.group("n")),
                                        m.Text(node.text[hit.end("n") :])]
                    i += 2
                    continue
            elif not isinstance(node, (m.Footnote, m.Furniture, m.Stamp, m.Fields)):
                for attr in ("blocks", "paras", "content", "children"):
                    sub = getattr(node, attr, None)
                    if isinstance(sub, list):
                        visit(sub)
            i += 1

    visit(div.blocks)
    called = {note.n for note in notes} - set(pending)
    for note in notes:
        note.called = note.n in called
        if not note.called:
            ctx.warn(note.line, f"footnote {note.n} has no call in the text")


DATELINE_PLACE = re.compile(r"^(?P<place>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}), ")


def dateline_parts(text: str) -> tuple[str, dates.Found] | None:
    """``Bonn, May 3, 1989, 4:05 p.m.``: the place and the date (and time) that follow it."""
    hit = DATELINE_PLACE.match(text)
    if not hit:
        return None
    v = vocab()
    found = dates.find_datetime(text[hit.end() :], v.zones, v.pivot)
    if not found or found.start != 0 or text[hit.end() + found.end :].strip(" .") != "":
        return None
    return hit.group("place"), found


def dateline(text: str, line: int, ctx: Context) -> m.Dateline | None:
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


def closing(units: list[Unit], j: int, ctx: Context) -> tuple[m.Block, int] | None:
    """A transmittal's signature block or its list of attachments, starting at ``units[j]``."""
    u = units[j]
    texts = [t.strip() for _, t in u.lines]
    if ATTACH.match(texts[0]) and len(texts) == 1:
        items: list[list[m.Inline]] = []
        k = j + 1
        while k < len(units) and units[k].kind == "text" and TAB.match(units[k].lines[0][1]):
            items.append(inlines(units[k].text.strip(), units[k].line, ctx))
            k += 1
        return m.Attachments(texts[0], items, u.line), k
    if 2 <= len(texts) <= 4 and NAME_LINE.match(texts[0]) and all(
        len(t) < 60 and not t.endswith(".") for t in texts
    ):
        lines = [[person_name(texts[0], u.line, ctx, "mentioned")]]
        lines += [inlines(t, n, ctx) for n, t in u.lines[1:]]
        return m.Closer(lines, u.line), j + 1
    return None



# --- the whole document -------------------------------------------------------------------

MEMO_FOR = re.compile(r"^MEMORANDUM\s+FOR\b")


def numbered(text: str) -> list[Line]:
    return [(i, t) for i, t in enumerate(text.split("\n"), start=1)]


def parse(source: m.Source, registry: Registry | None = None) -> m.Document:
    """The document model of one decoded source (memorandum or article).

    An EncodeError raised while reading is located in this source's file."""
    try:
        return _parse(source, registry)
    except EncodeError as exc:
        if exc.file is None:
            exc.file = source.name
        raise


def _parse(source: m.Source, registry: Registry | None = None) -> m.Document:
    v = vocab()
    reg = registry or Registry.load()
    lines = numbered(source.text)
    footer = next((i for i, (_, t) in enumerate(lines) if FOOTER.match(t.strip())), len(lines))
    units = segment(lines[:footer], v)
    heads = [i for i, u in enumerate(units) if u.kind == "head"]
    has_fields = any(u.kind == "text" and field_label(u.lines[0][1]) for u in units)
    labels = {
        lab[0] for u in units if u.kind == "text" for _, t in u.lines
        if (lab := speaker_label(t)) is not None and lab[1].strip()
    }
    if not heads and not has_fields and len(labels) < 2:
        from .article import parse_article

        return parse_article(source, units, lines[footer:], reg)

    ctx = Context(reg)
    ctx.frus_pages = bool(v.page_re.search(source.text))
    kind = "telcon"
    number = None
    ctx.date = memo_date(units, heads[0] if heads else 0)
    if heads:
        head_text = units[heads[0]].text.strip()
        hit, kind = next((h, k) for p, k in v.heads if (h := p.match(head_text)))
        number = hit.groupdict().get("n")
        head_people(head_text, source.text, ctx)

    trans = next(
        (i for i, u in enumerate(units) if u.kind == "text" and MEMO_FOR.match(u.lines[0][1])),
        None,
    )
    divisions: list[tuple[str, str | None, list[Unit]]] = []
    if trans is not None and heads and trans < heads[0]:
        j = heads[0]
        while j - 1 > trans and units[j - 1].kind != "text":
            j -= 1
        foot, top = split_run(units[j : heads[0]])
        divisions.append(("transmittal", None, units[:j] + foot))
        divisions.append(("memorandum", kind, top + units[heads[0] :]))
    else:
        divisions.append(("memorandum", kind, units))

    divs: list[m.Div] = []
    strays: list[m.Stray] = []
    for dtype, sub, dunits in divisions:
        blocks, stray = layout(dunits, ctx, memo=dtype == "memorandum")
        divs.append(m.Div(dtype, sub, blocks, number if dtype == "memorandum" else None))
        mark_calls(divs[-1], ctx)
        strays.extend(stray)

    back = back_matter(strays, lines[footer:], ctx)
    meta = memo_meta(kind, divs, back, ctx)
    places: dict[str, m.Place] = {}
    tag_mentions(divs, ctx, source.text, places)
    doc = m.Document("", source, meta, divs, back, people=ctx.people, places=places,
                     warnings=ctx.warnings)
    doc.id = memo_id(doc)
    return doc


def head_people(text: str, context: str, ctx: Context) -> None:
    """The persons a heading names (``… Between Secretary of State Rusk and …``): participants."""
    text = re.sub(r"(?<=[a-z])\d{1,3}\b", "", text)  # footnote calls glued to names
    for hit in ctx.registry.find_mentions(text, context):
        if hit.kind != "person":
            continue
        if hit.id is None:
            # a name two people share: the parties of a call are in office on its date
            words = text[: hit.start].split()
            by_date = next(
                (p for k in range(min(3, len(words)), 0, -1)
                 if (p := ctx.registry.resolve_label(" ".join([*words[-k:], hit.text]),
                                                     ctx.date))), None)
            if by_date is None:
                continue
            hit = dataclasses.replace(hit, id=by_date.id)
        assert hit.id is not None
        person = ctx.registry.person(hit.id)
        if hit.id not in ctx.people:
            ctx.people[hit.id] = m.Person(hit.id, person.name, person.wikidata)
        ctx.people[hit.id].roles.add("participant")
        if hit.id not in ctx.head_people:
            ctx.head_people.append(hit.id)
    # the parties the heading names (… Between Secretary of State Rusk and … (Bundy)): a party
    # the registry does not know becomes a local person, so that R: and Rusk: still resolve
    between = re.search(r"\bBetween\s+(.+)$", text)
    if not between:
        return
    known = {surname(ctx.people[p].name) for p in ctx.head_people}
    for part in re.split(r"\s+and\s+", between.group(1)):
        paren = re.search(r"\(([A-Z][\w'’-]+)\)\s*$", part)
        last = re.search(r"\b([A-Z][\w'’-]+)\W*$", part)
        name = paren.group(1) if paren else last.group(1) if last else None
        if not name or name in known:
            continue
        ref = local_id(name, ctx.people, ctx.reserved)
        if ref not in ctx.people:
            ctx.people[ref] = m.Person(ref, name, None, local=True)
            ctx.warn(None, f"person named in the heading not in the registry, described "
                           f"locally: {name}")
        ctx.people[ref].roles.add("participant")
        ctx.people[ref].named = True
        ctx.head_people.append(ref)
        known.add(name)


def memo_date(units: list[Unit], start: int) -> Any:
    """The date of the conversation (for resolving office titles): DATE field or dateline."""
    import datetime as dt

    for u in units[start : start + 3]:
        if u.kind == "text" and len(u.lines) == 1 and (parts := dateline_parts(u.text.strip())):
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
                found = dates.find_date(text, vocab().pivot)
                if found and found.when:
                    return dt.date.fromisoformat(found.when)
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
            found = dates.find_date(text, vocab().pivot)
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


def walk(blocks: list[Any]) -> Any:
    """Every model node below ``blocks``, depth first, in source order."""
    for b in blocks:
        yield b
        for attr in ("blocks", "paras", "content", "items", "children", "entries", "value",
                     "lines"):
            sub = getattr(b, attr, None)
            if isinstance(sub, list):
                for x in sub:
                    yield from walk(x if isinstance(x, list) else [x])


def memo_meta(kind: str, divs: list[m.Div], back: list[m.Div], ctx: Context) -> m.Meta:
    """Header facts derived from what was recognised."""
    v = vocab()
    meta = m.Meta(kind=kind)
    memo = divs[-1]
    nodes = list(walk(memo.blocks))
    for entry in (n for n in nodes if isinstance(n, m.FieldEntry)):
        if entry.kind == "subject" and meta.subject is None:
            meta.subject = plain([x for x in entry.value if not isinstance(x, m.Portion)])
        if entry.kind == "datetime":
            for x in entry.value:
                if isinstance(x, m.Date) and meta.date is None:
                    meta.date = (x.when or x.start or "")[:10] or None
                    meta.start, meta.end = x.start, x.end
                    if x.when and "T" in x.when:
                        meta.start = x.when
                if isinstance(x, m.Name) and x.kind == "place":
                    meta.place = plain(x.children)
    everything = [n for d in divs for n in walk(d.blocks)]
    for line in (n for n in everything if isinstance(n, m.Dateline)):
        for x in line.content:
            if isinstance(x, m.Date) and meta.date is None and (x.when or x.start):
                meta.date = (x.when or x.start or "")[:10]
                meta.start, meta.end = (x.when, None) if x.when else (x.start, x.end)
            if isinstance(x, m.Name) and x.kind == "place" and meta.place is None:
                meta.place = plain(x.children)
    banners = [n.level for n in everything if isinstance(n, m.Furniture) and n.level]
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
    meta.participants = [
        p.id for p in ctx.people.values() if "participant" in p.roles
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
        if re.match(r"^Reasons?\s*:", s):
            reason = s.split(":", 1)[1].strip()
    return m.Classification(by, reason, when, text, node.line)


IDNO_RULES = [
    (re.compile(r"\b(\d{4}-\d{4}-[A-Z])\b"), "declassification-case"),
    (re.compile(r"ISCAP APPEAL NO\.?\s*([\d-]+)", re.I), "ISCAP-appeal"),
    (re.compile(r"NW#\s*:?\s*(\d+)"), "NW"),
    (re.compile(r"DocId\s*:?\s*(\d+)"), "DocId"),
]


def stamp_idnos(text: str) -> list[tuple[str, str]]:
    return [(kind, hit.group(1)) for rx, kind in IDNO_RULES for hit in rx.finditer(text)]


def slug(text: str) -> str:
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def memo_id(doc: m.Document) -> str:
    """``telcon-2000-01-01-clinton-putin``: kind, date, and the speakers' surnames.

    The speakers (in order of first speech, at most three) name the call; a document with no
    speeches falls back to its listed participants, and one with neither to its file name.
    """
    parts = [doc.meta.kind]
    if doc.meta.date:
        parts.append(doc.meta.date)
    who = list(dict.fromkeys(s.who for s in doc.speeches() if s.who in doc.people))
    known = [p for p in who if not doc.people[p].local or doc.people[p].named]
    who = known or who
    who = who or [p for p in doc.meta.participants if p in doc.people]
    names = list(dict.fromkeys(slug(surname(doc.people[p].name)) for p in who[:3]))
    parts.extend(n for n in names if n)
    if len(parts) == 1:
        parts.append(slug(Path(doc.source.name).stem))
    return "-".join(parts)


# --- names in running text ----------------------------------------------------------------


def tag_mentions(divs: list[m.Div], ctx: Context, context: str,
                 places: dict[str, m.Place]) -> None:
    """Tag registry people and places in the paragraphs' running text (persName/placeName).

    An ambiguous name (two registry people share it and the document does not settle which)
    is left as text with a warning: a wrong identity is worse than none.
    """
    for node in walk([b for d in divs for b in d.blocks]):
        if isinstance(node, (m.Para, m.Quote, m.Head)):
            attr = "children" if isinstance(node, m.Quote) else "content"
            setattr(node, attr, _mention_nodes(getattr(node, attr), node, ctx, context, places))


def _mention_nodes(nodes: list[Any], owner: Any, ctx: Context, context: str,
                   places: dict[str, m.Place]) -> list[Any]:
    out: list[Any] = []
    line = getattr(owner, "line", None)
    for n in nodes:
        if not isinstance(n, m.Text):
            out.append(n)
            continue
        pos = 0
        speakers = {p.id for p in ctx.people.values() if "participant" in p.roles}
        for hit in ctx.registry.find_mentions(n.text, context, speakers):
            if hit.id is None:
                ctx.warn(line, f"ambiguous name left untagged: {hit.text}")
                continue
            if hit.start > pos:
                out.append(m.Text(n.text[pos : hit.start]))
            if hit.kind == "person":
                person = ctx.registry.person(hit.id)
                if hit.id not in ctx.people:
                    ctx.people[hit.id] = m.Person(hit.id, person.name, person.wikidata)
                ctx.people[hit.id].roles.add("mentioned")
            else:
                place = ctx.registry.place(hit.id)
                places.setdefault(hit.id, m.Place(hit.id, place.name, place.wikidata))
            out.append(m.Name(hit.kind, hit.id, [m.Text(n.text[hit.start : hit.end])]))
            pos = hit.end
        if pos < len(n.text):
            out.append(m.Text(n.text[pos:]))
    return out
