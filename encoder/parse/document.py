"""The whole document: segment, tell a memorandum from an article, lay out, then run passes.

Order of work: ``normalise`` the lines, ``segment`` them into units, read the heading's
parties, lay each division out (``layout``) and find its footnote calls, read the back
matter, then run ``PASSES`` over the finished document in the order listed.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import model as m
from ..errors import EncodeError
from ..ids import article_id, memo_id
from ..registry import Registry
from ..vocab import vocab
from .article import parse_article
from .fields import field_label
from .footnotes import mark_calls
from .layout import layout
from .memo import back_matter, divisions, memo_date
from .mentions import tag_mentions
from .meta import memo_meta
from .normalise import normalise
from .people import head_people
from .segment import FOOTER, Unit, segment
from .source import numbered
from .speakers import speaker_label
from .state import Context, Settings


def header_facts(doc: m.Document, ctx: Context) -> None:
    """Date, place, classification and identifiers for the header (``meta``)."""
    doc.meta = memo_meta(doc.meta.kind, doc.divs, doc.back, ctx)


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
    if not is_memo(units):
        article, actx = parse_article(source, units, lines[footer:], reg)
        for _name, run in ARTICLE_PASSES:
            run(article, actx)
        return article

    heads = [i for i, u in enumerate(units) if u.kind == "head"]
    ctx = Context(Settings(reg, date=memo_date(units, heads[0] if heads else 0),
                           frus_pages=bool(v.page_re.search(source.text))))
    kind = "telcon"
    number = None
    if heads:
        head_text = units[heads[0]].text.strip()
        hit, kind = next((h, k) for p, k in v.heads if (h := p.match(head_text)))
        number = hit.groupdict().get("n")
        head_people(head_text, source.text, ctx)

    divs: list[m.Div] = []
    strays: list[m.Stray] = []
    for dtype, sub, dunits in divisions(units, heads, kind):
        blocks, stray = layout(dunits, ctx, memo=dtype == "memorandum")
        divs.append(m.Div(dtype, sub, blocks, number if dtype == "memorandum" else None))
        mark_calls(divs[-1], ctx)
        strays.extend(stray)

    back = back_matter(strays, lines[footer:], ctx)
    doc = m.Document("", source, m.Meta(kind=kind), divs, back, people=ctx.results.people,
                     places={}, warnings=ctx.results.warnings)
    for _name, run in PASSES:
        run(doc, ctx)
    return doc
