"""The document model: what ``parse`` recognised, before any TEI is written.

The model names phenomena of the source (a struck portion marking, a stamp, a speech), not
TEI elements, so that recognising a thing (``parse``) and writing it (``tei``) stay in one
place each. Every node that comes from a source line keeps that line number, for messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# --- inline nodes ---------------------------------------------------------------------------


@dataclass
class Text:
    text: str


@dataclass
class LineBreak:
    """A line end that the TEI keeps (letterheads, stamps, memo fields), as ``lb``."""


@dataclass
class Portion:
    """A portion marking such as ``(S)``; ``text`` is as written, ``struck`` if in ``~~``."""

    level: str
    caveats: tuple[str, ...]
    struck: bool
    text: str


@dataclass
class Struck:
    """Struck-through text that is not a classification marking."""

    text: str


@dataclass
class Gap:
    reason: str
    desc: str  # the source's words for what is missing; empty when the source has none
    pages: int | None = None  # pages missing between two fragments (``reason="missing"``)


@dataclass
class Interruption:
    who: str | None
    text: str


@dataclass
class Supplied:
    text: str
    reason: str = "omitted-in-original"


@dataclass
class Note:
    """An editor's note kept where the source has it: ``(sic)``, a bracketed summary."""

    type: str
    children: list[Inline]
    n: str | None = None
    target: str | None = None


@dataclass
class Bold:
    children: list[Inline]


@dataclass
class Link:
    target: str | None
    children: list[Inline]


@dataclass
class Email:
    address: str


@dataclass
class Date:
    text: str
    when: str | None = None
    start: str | None = None
    end: str | None = None


@dataclass
class Name:
    """A person or place name; ``ref`` is the id of a ``person`` or ``place`` in the header."""

    kind: str
    ref: str | None
    children: list[Inline]


@dataclass
class Quote:
    open: str
    close: str
    children: list[Inline]


@dataclass
class Foreign:
    lang: str
    children: list[Inline]


@dataclass
class NoteCall:
    """A footnote call glued to a word (``letter4``): ``n`` is its number as printed."""

    n: str


@dataclass
class Idno:
    """An identifier printed in the text (an ISSN in a journal's imprint)."""

    type: str
    text: str


@dataclass
class Addressees:
    """The addressees under ``MEMORANDUM FOR``: one block of lines per addressee."""

    blocks: list[list[Inline]]


Inline = (
    Text | LineBreak | Portion | Struck | Gap | Interruption | Supplied | Bold | Link | Email
    | Date | Name | Quote | Foreign | Idno | Addressees | Note
)

# --- page furniture and stamps: block-level, or inline inside a paragraph they interrupt -----


@dataclass
class Furniture:
    """Letterhead, banner, authority block, docId, log or page number (TEI ``fw``)."""

    kind: str
    lines: list[list[Inline]]
    line: int
    place: str | None = None
    level: str | None = None
    caveats: tuple[str, ...] = ()


@dataclass
class Stamp:
    lines: list[list[Inline]]
    line: int
    when: str | None = None


@dataclass
class PageBreak:
    n: str | None


Interrupter = Furniture | Stamp | PageBreak

# --- blocks -------------------------------------------------------------------------------


@dataclass
class Para:
    content: list[Inline | Interrupter]
    line: int


@dataclass
class Speech:
    label: str
    who: str | None
    paras: list[Para]
    line: int


@dataclass
class Head:
    content: list[Inline]
    line: int


@dataclass
class FieldEntry:
    label: str
    kind: str
    value: list[Inline]
    line: int
    # a two-column header's values, all in the last label's item: each line's own field kind
    # and value, for the header facts (the subject's line is the title, not the whole item)
    columns: list[tuple[str, list[Inline]]] | None = None


@dataclass
class Fields:
    entries: list[FieldEntry]


@dataclass
class Opener:
    items: list[Interrupter | Dateline]


@dataclass
class Dateline:
    content: list[Inline]
    line: int


@dataclass
class Closer:
    lines: list[list[Inline]]
    line: int


@dataclass
class Attachments:
    label: str
    items: list[list[Inline]]
    line: int


@dataclass
class Trailer:
    text: str
    line: int


@dataclass
class Footnote:
    """A numbered footnote where the source has it (after the trailer); ``called`` when a
    call with its number was found in the text."""

    n: str
    content: list[Inline]
    line: int
    called: bool = False


@dataclass
class Stray:
    """Text kept as found where no structure is recognised (e.g. after the trailer)."""

    content: list[Inline]
    line: int


@dataclass
class Section:
    """A headed division of an article; ``head`` is None for text before the first heading."""

    head: list[Inline] | None
    blocks: list[Block]


@dataclass
class NavList:
    items: list[list[Inline]]


Block = (
    Para | Speech | Head | Fields | Opener | Closer | Attachments | Trailer | Footnote | Stray
    | Furniture
    | Stamp | PageBreak | Section | NavList | Gap | Note
)


@dataclass
class Div:
    type: str
    subtype: str | None
    blocks: list[Block]
    n: str | None = None


@dataclass
class ArticleFront:
    """The article's front in source order: ``parts`` holds ("imprint", inlines),
    ("title", text) and ("byline", inlines) as they come."""

    parts: list[tuple[str, Any]]


# --- the document -------------------------------------------------------------------------


@dataclass
class Person:
    """A person referenced in the document (registry person or local one)."""

    id: str
    name: str
    wikidata: str | None
    roles: set[str] = field(default_factory=set)
    local: bool = False
    named: bool = False  # named in the heading or a memo field (not only by a speaker label)

    def role_list(self) -> list[str]:
        """Roles in a fixed order; "mentioned" only for someone with no other part."""
        order = ["participant", "notetaker", "interpreter", "author"]
        roles = [r for r in order if r in self.roles]
        return roles or ["mentioned"]


@dataclass
class Place:
    id: str
    name: str
    wikidata: str | None


@dataclass
class Classification:
    """A ``Classified by / Reason / Declassify on`` block, as header facts."""

    by: str | None
    reason: str | None
    declassify_on: str | None
    declassify_text: str | None
    line: int


@dataclass
class Declassification:
    text: str
    when: str | None
    line: int


@dataclass
class Source:
    name: str
    sha256: str
    text: str
    encoding: str
    encoding_note: str | None = None


@dataclass
class Warning:
    line: int | None
    message: str


@dataclass
class Meta:
    kind: str
    subject: str | None = None
    date: str | None = None
    start: str | None = None
    end: str | None = None
    place: str | None = None
    overall: str | None = None
    repository: str | None = None
    collection: str | None = None  # the rest of a source note's citation (printed editions)
    caveats: list[str] = field(default_factory=list)  # of the overall classification
    idnos: list[tuple[str, str]] = field(default_factory=list)
    classifications: list[Classification] = field(default_factory=list)
    declassifications: list[Declassification] = field(default_factory=list)
    pages: int = 0
    participants: list[str] = field(default_factory=list)
    related: list[tuple[str, str]] = field(default_factory=list)
    imprint: dict[str, str] = field(default_factory=dict)
    author: str | None = None
    title: str | None = None
    subtitle: str | None = None
    # languages the text shows (an article's Italian imprint adds ``it``); empty: none claimed
    languages: list[str] = field(default_factory=lambda: ["en"])


@dataclass
class Document:
    id: str
    source: Source
    meta: Meta
    divs: list[Div]
    back: list[Div]
    front: ArticleFront | None = None
    people: dict[str, Person] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    warnings: list[Warning] = field(default_factory=list)

    def speeches(self) -> list[Speech]:
        return [b for d in self.divs for b in d.blocks if isinstance(b, Speech)]
