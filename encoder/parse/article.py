"""Recognise a journal article saved from a web page: imprint, title, byline, sections, and the
site's navigation text after the article.

An article has no memo head and no memo fields. Its front is everything up to the byline
(``di …``/``by …``); a section heading is a short one-line block without a full stop that is
followed by prose; the navigation is the run of short blocks after the last paragraph of prose.
"""

from __future__ import annotations

import re

from .. import model as m
from ..registry import Registry
from .inline import inlines, with_dates
from .people import person_name
from .segment import Unit
from .source import Line
from .state import Context, Settings

BYLINE = re.compile(
    r"^(?P<word>di|by|von|par|de)\s+(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})$"
)
ISSUE = re.compile(r"^(?P<issue>\d+)\s*/\s*(?P<month>[A-Z]+)\s+(?P<year>\d{4})")
ISSN = re.compile(r"ISSN\s+(?P<issn>\d{4}-\d{3}[\dX])")
QUOTE = re.compile(r"“(?P<q>[^“”\n]+)”")
ITALIAN_MONTHS = {
    "GENNAIO": "01", "FEBBRAIO": "02", "MARZO": "03", "APRILE": "04", "MAGGIO": "05",
    "GIUGNO": "06", "LUGLIO": "07", "AGOSTO": "08", "SETTEMBRE": "09", "OTTOBRE": "10",
    "NOVEMBRE": "11", "DICEMBRE": "12",
}


def article_evidence(units: list[Unit]) -> bool:
    """An article shows itself by an imprint (ISSN, issue and month) or a byline alone on its
    line before the prose; without one, text is not claimed to be a journal article."""
    return any(
        ISSN.search(u.text) or ISSUE.match(u.text.strip())
        or (len(u.lines) == 1 and BYLINE.match(u.text.strip()))
        for u in units[:40] if u.kind == "text"
    )


def prose(unit: Unit) -> bool:
    text = unit.text
    return len(text) > 200 or (len(text.split()) > 15 and text.rstrip().endswith("."))


def quoted(text: str, line: int, ctx: Context) -> list[m.Inline]:
    """Prose in which balanced curly quotations become quotations (unbalanced ones stay)."""
    out: list[m.Inline] = []
    pos = 0
    for hit in QUOTE.finditer(text):
        out.extend(with_dates(text[pos : hit.start()], line, ctx) if hit.start() > pos else [])
        out.append(m.Quote("“", "”", inlines(hit.group("q"), line, ctx)))
        pos = hit.end()
    if pos < len(text):
        out.extend(with_dates(text[pos:], line, ctx))
    return out


def parse_article(
    source: m.Source, units: list[Unit], tail: list[Line], registry: Registry
) -> tuple[m.Document, Context]:
    """The article's model (its id and tagged names are left to the passes of ``document``)."""
    ctx = Context(Settings(registry, editorial_brackets=False))
    texts = list(units)
    byline_at = next(
        (i for i, u in enumerate(texts) if len(u.lines) == 1 and BYLINE.match(u.text.strip())),
        None,
    )
    front_units = texts[: byline_at + 1] if byline_at is not None else []
    body_units = texts[byline_at + 1 :] if byline_at is not None else texts
    last_prose = max((i for i, u in enumerate(body_units) if prose(u)), default=-1)
    nav_units = body_units[last_prose + 1 :]
    body_units = body_units[: last_prose + 1]

    meta = m.Meta(kind="article")
    parts: list[tuple[str, object]] = []
    titles: list[str] = []
    for u in front_units:
        text = u.text.strip()
        if hit := ISSN.search(text):
            meta.imprint["ISSN"] = hit.group("issn")
            parts.append(("imprint", [*inlines(text[: hit.start("issn")], u.line, ctx),
                                      m.Idno("ISSN", hit.group("issn")),
                                      *inlines(text[hit.end("issn") :], u.line, ctx)]))
        elif hit := ISSUE.match(text):
            meta.imprint["issue"] = hit.group("issue")
            month = ITALIAN_MONTHS.get(hit.group("month"))
            meta.imprint["date"] = f"{hit.group('year')}-{month}" if month else hit.group("year")
            parts.append(("imprint", [m.Foreign("it", inlines(text, u.line, ctx))]))
        elif hit := BYLINE.match(text):
            meta.author = hit.group("name")
            author = person_name(meta.author, u.line, ctx, "author")
            word = hit.group("word")
            parts.append(("byline", [
                m.Foreign("it", [m.Text(word)]) if word == "di" else m.Text(word),
                m.Text(" "), m.Name("author", author.ref, [m.Text(hit.group("name"))])]))
        else:
            for _, t in u.lines:
                titles.append(t.strip())
                parts.append(("title", t.strip()))
    meta.title = titles[0] if titles else None
    meta.subtitle = titles[1] if len(titles) > 1 else None

    sections: list[m.Section] = [m.Section(None, [])]
    for k, u in enumerate(body_units):
        nxt = body_units[k + 1] if k + 1 < len(body_units) else None
        text = u.text.strip()
        if len(u.lines) == 1 and not prose(u) and not text.endswith(".") and nxt and prose(nxt):
            sections.append(m.Section(inlines(text, u.line, ctx), []))
        else:
            sections[-1].blocks.append(m.Para(quoted(text, u.line, ctx), u.line))
    if not sections[0].blocks:
        sections.pop(0)
    nav = m.NavList([inlines(u.text.strip(), u.line, ctx) for u in nav_units])
    nav.items.extend(inlines(t.strip(), n, ctx) for n, t in tail if t.strip())
    meta.date = meta.imprint.get("date")
    italian = any(word == "it" for kind, part in parts if kind in ("imprint", "byline")
                  for word in [getattr(x, "lang", None) for x in part])  # type: ignore[attr-defined]
    meta.languages = ["en", "it"] if italian else ["en"]
    front = m.ArticleFront(parts)
    back = [m.Div("site-navigation", None, [nav])] if nav.items else []
    doc = m.Document(
        "", source, meta, [m.Div("article", None, list(sections))], back, front=front,
        people=ctx.results.people, places={}, warnings=ctx.results.warnings,
    )
    return doc, ctx
