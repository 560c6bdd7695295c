"""The whole document: segment, tell a memorandum from an article, lay out, then run passes.

Order of work: ``normalise`` the lines, ``segment`` them into units, read the heading's
parties, lay each division out (``layout``) and find its footnote calls, read the back
matter, then run ``PASSES`` over the finished document in the order listed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .. import model as m
from ..errors import EncodeError
from ..ids import article_id, memo_id
from ..registry import Registry
from ..vocab import vocab
from .article import article_evidence, parse_article
from .fields import field_label
from .footnotes import mark_calls
from .layout import layout
from .memo import back_matter, divisions, memo_date
from .mentions import tag_mentions
from .meta import memo_meta
from .normalise import normalise
from .people import head_parties, head_people
from .reflow import Evidence
from .segment import FOOTER, Unit, head_match, segment
from .source import numbered
from .speakers import speaker_label
from .state import Context, Settings


def header_facts(doc: m.Document, ctx: Context) -> None:
    """Date, place, classification and identifiers for the header (``meta``)."""
    doc.meta = memo_meta(doc.meta.kind, doc.divs, doc.back, ctx)
    if doc.meta.kind == "document":  # English only where its commonest words show it
        doc.meta.languages = ["en"] if len(set(ENGLISH.findall(doc.source.text))) >= 3 else []


def mentions(doc: m.Document, ctx: Context) -> None:
    """Registry people and places tagged in running text (``mentions``)."""
    tag_mentions(doc.divs, ctx, doc.source.text, doc.places)


def document_id(doc: m.Document, ctx: Context) -> None:
    """The document's id from its kind, date and speakers (``encoder.ids``)."""
    doc.id = memo_id(doc)


def article_document_id(doc: m.Document, ctx: Context) -> None:
    """An article's id from its year, author and title (``encoder.ids``)."""
    doc.id = article_id(doc.meta)


Pass = Callable[[m.Document, Context], None]

# post-parse passes over a memorandum, in order: the header facts need the body as read (before
# names are tagged in it), the id needs the speakers
PASSES: list[tuple[str, Pass]] = [
    ("header facts", header_facts),
    ("names in running text", mentions),
    ("document id", document_id),
]
ARTICLE_PASSES: list[tuple[str, Pass]] = [
    ("names in running text", mentions),
    ("document id", article_document_id),
]


def parse(source: m.Source, registry: Registry | None = None) -> m.Document:
    """The document model of one decoded source (memorandum or article).

    An EncodeError raised while reading is located in this source's file."""
    try:
        return _parse(source, registry)
    except EncodeError as exc:
        if exc.file is None:
            exc.file = source.name
        raise


STATE_RECORD = re.compile(r"\b(?:Department of State|State Department)\b")
TELEPHONE = re.compile(r"\b(?:tele(?:phone|con)|telcon|phone call)", re.I)
ENGLISH = re.compile(r"\b(?:the|and|of|to|that|with|is|was|for)\b")


def kind_of(units: list[Unit]) -> str:
    """``memorandum``, ``article`` or ``document``: each only on its own evidence (a memo
    heading, fields or speeches; an imprint or byline); a text with neither is not claimed to
    be either."""
    if is_memo(units):
        return "memorandum"
    if article_evidence(units):
        return "article"
    return "document"


def memo_kind(head: str | None, units: list[Unit]) -> str:
    """``telcon`` when the heading or the subject says telephone, else ``memcon``."""
    subject = next((lab.rest for u in units if u.kind == "text" for _, t in u.lines
                    if (lab := field_label(t)) is not None and lab.kind == "subject"), "")
    return "telcon" if TELEPHONE.search(f"{head or ''} {subject}") else "memcon"


def is_memo(units: list[Unit]) -> bool:
    """A memorandum has a heading, memo fields, or speeches by two or more labels."""
    if any(u.kind == "head" for u in units):
        return True
    if any(u.kind == "text" and field_label(u.lines[0][1]) for u in units):
        return True
    labels = {
        lab.label for u in units if u.kind == "text" for _, t in u.lines
        if (lab := speaker_label(t)) is not None and lab.rest.strip()
    }
    return len(labels) >= 2


def _parse(source: m.Source, registry: Registry | None = None) -> m.Document:
    v = vocab()
    reg = registry or Registry.load()
    lines = numbered(source.text)
    footer = next((i for i, (_, t) in enumerate(lines) if FOOTER.match(t.strip())), len(lines))
    units = segment(normalise(lines[:footer]), v)
    kind_found = kind_of(units)
    if kind_found == "article":
        article, actx = parse_article(source, units, lines[footer:], reg)
        for _name, run in ARTICLE_PASSES:
            run(article, actx)
        return article

    heads = [i for i, u in enumerate(units) if u.kind == "head"]
    ctx = Context(Settings(reg, date=memo_date(units, heads[0] if heads else 0),
                           frus_pages=bool(v.page_re.search(source.text)),
                           state_record=bool(STATE_RECORD.search(source.text)),
                           bare_labels=Evidence.of(
                               "\n".join(t for _, t in lines[:footer][:200]), v).bare))
    number = None
    head_text = None
    if heads:
        head_text = units[heads[0]].text.strip()
        # a heading joined from two lines (segment.heading_goes_on) may match only line by
        # line: then it has no number or repair to report, and is still the heading
        found = head_match(head_text, v)
        if found is not None:
            hit, _, reading = found
            number = hit.groupdict().get("n")
            if reading:
                ctx.warn(units[heads[0]].line,
                         f"heading '{head_text}' read as '{reading}' (OCR damage; kept as "
                         "written)")
        head_people(head_text, source.text, ctx)
        head_parties([t for _, t in units[heads[0]].lines[1:]], ctx)
    kind = memo_kind(head_text, units) if kind_found == "memorandum" else "document"
    if kind == "document":
        ctx.warn(None, "no memorandum heading, memo fields or speaker labels and no article "
                       "imprint or byline: encoded as a document of undetermined kind")

    divs: list[m.Div] = []
    strays: list[m.Stray] = []
    for dtype, sub, dunits in divisions(units, heads, kind):
        if kind == "document":
            dtype, sub = "document", None
        blocks, stray = layout(dunits, ctx, memo=dtype in ("memorandum", "document"))
        divs.append(m.Div(dtype, sub, blocks, number if dtype == "memorandum" else None))
        mark_calls(divs[-1], ctx)
        strays.extend(stray)

    back = back_matter(strays, lines[footer:], ctx)
    doc = m.Document("", source, m.Meta(kind=kind), divs, back, people=ctx.results.people,
                     places={}, warnings=ctx.results.warnings)
    for _name, run in PASSES:
        run(doc, ctx)
    return doc
