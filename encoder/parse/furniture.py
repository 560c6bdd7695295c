"""Page furniture as model nodes: banners, stamps, authority blocks, letterheads, numbers."""

from __future__ import annotations

import re

from .. import model as m
from ..vocab import vocab
from .inline import caveats, inlines, with_dates
from .people import person_name
from .segment import Unit, banner_match, strip_strike
from .state import Context

KINDS = {"letterhead": "letterhead", "docid": "docId", "number": "pageNum"}  # unit -> model


def furniture(unit: Unit, ctx: Context) -> m.Furniture | m.Stamp:
    """A furniture unit as a model node (banner, letterhead, authority, docId, number, stamp)."""
    v = vocab()
    if unit.kind == "banner":
        body, is_struck = strip_strike(unit.lines[0][1])
        hit, fixed = banner_match(body, v)
        level = v.level_of_banner(hit.group("level")) if hit else None
        cavs: tuple[str, ...] = ()
        if hit:
            rest = hit.group("body")[len(hit.group("level")) :].strip(" /-–")
            cavs = caveats(rest, v) if rest else ()
        if fixed:
            ctx.warn(unit.line, f"banner '{body}' read as {fixed} (OCR damage; kept as written)")
        content: list[m.Inline] = [m.Struck(body)] if is_struck else [m.Text(body)]
        return m.Furniture("classification", [content], unit.line, level=level, caveats=cavs)
    if unit.kind == "stamp":
        lines = [with_dates(t.strip(), n, ctx) for n, t in unit.lines]
        found = [d for ln in lines for d in ln if isinstance(d, m.Date) and d.when]
        if not found:
            ctx.warn(unit.line, "declassification stamp without a readable date; kept as "
                     "written, with no @when")
        return m.Stamp(lines, unit.line, found[-1].when if found else None)
    if unit.kind == "authority":
        return m.Furniture(
            "classification-authority",
            [authority_line(t.strip(), n, ctx) for n, t in unit.lines],
            unit.line,
        )
    kind = KINDS.get(unit.kind, unit.kind)
    return m.Furniture(kind, [inlines(t.strip(), n, ctx) for n, t in unit.lines], unit.line)


def authority_line(text: str, line: int, ctx: Context) -> list[m.Inline]:
    """One line of a classification-authority block: who classified, until when, why."""
    hit = re.match(r"^((?:Classified\s+[Bb]y|CLASSIFIED\s+BY)\s*:\s*)(.+)$", text)
    if hit:
        return [m.Text(hit.group(1)), person_name(hit.group(2), line, ctx, "mentioned")]
    if re.match(r"^(?:Declassify\s+[Oo]n|DECLASSIFY\s+ON)", text):
        return with_dates(text, line, ctx)
    return inlines(text, line, ctx)
