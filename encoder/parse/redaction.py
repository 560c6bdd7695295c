"""Exemption citations that stand for withheld text (``E.O. 13526, section 1.4(b)(d)``).

A citation alone in a paragraph (or a turn) is a redaction (``prose`` reads a paragraph's
text, a citation as a ``Gap``); OCR of a redaction box may read the
box's edge as a letter or bar beside it (``I E.O. 13526, section 1.4(b)``, ``| (b)(1) |``),
which stays part of the redaction's text. ``is_citation`` is a check: it only answers, and
warns of an edge.
"""

from __future__ import annotations

import re

from .. import model as m
from ..vocab import vocab
from .inline import inlines
from .state import Context

# the edges of a redaction box that OCR read as a letter or bar beside the citation
BOX_EDGE = re.compile(r"(?:(?P<before>[|Il!])\s+)?(?P<cite>\S.*?)(?:\s+(?P<after>[|Il!]))?")


# a citation between sentences stands for the sentences withheld there (``… see it. (b)(1)
# (C)``): a FOIA exemption ``(b)(1)`` (``(b)(7)(C)``, several with commas) or an E.O. section,
# after a sentence's end (or the paragraph's start) and before its portion marking, another
# sentence or the paragraph's end. A bare ``(b)`` is a list item, not a citation.
_FOIA = r"\(b\)\s?\(\d\)(?:\([A-Z]\))?"
_EO = r"E\.\s?O\.\s?1\d{4},?\s+[Ss]ection\s+1\.\d\s*(?:\([a-h]\)\s*)+"
IN_PROSE = re.compile(
    rf"(?:^|(?<=[.?!\"”)\]])\s+)(?P<cite>(?:{_FOIA}(?:\s*,?\s*{_FOIA})*|{_EO}))"
    rf"(?=\s*$|\s+\([A-Z/ ]{{1,12}}\)|\s+[A-Z\"“])")


def is_citation(text: str, line: int, ctx: Context) -> bool:
    """Whether ``text`` (stripped, without its portion marking) is an exemption citation,
    box edges allowed; an edge is reported."""
    v = vocab()
    if v.redaction.fullmatch(text):
        return True
    edge = BOX_EDGE.fullmatch(text) if len(text) <= 80 else None  # a citation is short
    if edge is None or not (edge.group("before") or edge.group("after")):
        return False
    if not v.redaction.fullmatch(edge.group("cite")):
        return False
    junk = " and ".join(f"'{x}'" for x in (edge.group("before"), edge.group("after")) if x)
    ctx.warn(line, f"box edge read as {junk} beside an exemption citation, kept in the "
                   "redaction's description")
    return True


def prose(text: str, line: int, ctx: Context) -> list[m.Inline]:
    """A paragraph's inline content; an exemption citation standing alone (with at most its
    portion marking) is a redaction, its text kept verbatim in the gap's description
    (``redaction``)."""
    v = vocab()
    core, trail = text.strip(), ""
    tail = re.search(r"\s+(\([^()]*\))$", core)
    if tail and v.marking_re.fullmatch(tail.group(1)):
        core, trail = core[: tail.start()], core[tail.start() :]
    if is_citation(core, line, ctx):
        out: list[m.Inline] = [m.Gap("redacted", core)]
        if trail:
            out.append(m.Text(" "))
            out.extend(inlines(trail.strip(), line, ctx))
        return out
    out, start = [], 0
    # a citation has ``(b)`` or ``E.``: the pattern, tried at every character, is not run
    # on the many paragraphs without either
    for hit in IN_PROSE.finditer(text) if "(b)" in text or "E." in text else ():
        out += inlines(text[start : hit.start("cite")], line, ctx) if hit.start("cite") else []
        out.append(m.Gap("redacted", hit.group("cite")))
        start = hit.end("cite")
    return out + inlines(text[start:], line, ctx) if out else inlines(text, line, ctx)
