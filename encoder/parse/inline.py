"""Read a run of prose into inline nodes: one table of name, pattern and handler.

The text is read as the alternation of the rules' patterns would read it: left to right, where
two patterns could match at the same place the earlier rule wins, and each match is handed to
its rule's handler. Text between matches is kept as written.

Each rule is searched on its own (``_hits``), not as one alternation: an alternation of ten
patterns tries each at every character, where one pattern alone skips ahead to its first
literal; over the seeds' paragraphs the same matches came nine times faster.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from .. import dates
from .. import model as m
from ..vocab import Vocab, vocab
from .rx import Scan
from .state import Context

# a portion marking whose parentheses or strike OCR turned into other characters
JUNK = (r"(?:[-~][({{]\s*(?P<jlevel>{levels})\s*[)}}][-~]?"
        r"|[({{]\s*(?P<jlevel2>{levels})\s*[)}}][-~]"
        r"|\(\s*(?P<jlevel3>{levels})\s*\}}|\{{\s*(?P<jlevel4>{levels})\s*[)}}])")

Handler = Callable[[re.Match[str], str, int, Context], list[m.Inline]]


def caveats(text: str, v: Vocab) -> tuple[str, ...]:
    """The caveats after a level (``//NOFORN``) as category ids (unknown ones as written)."""
    parts = [p.strip() for p in re.split(r"/+", text) if p.strip()]
    return tuple(v.caveat_ids.get(re.sub(r"\s+", " ", p), p) for p in parts)


# RFC 3986's generic syntax, as the anyURI of memcon.rng's externalPointer checks it (libxml2
# escapes other characters first): a percent sign starts an escape, one fragment, and in an
# http(s) URL's authority one user before ``@`` and a port of digits after the host's ``:``
_URI_CHAR = r"(?:[^\s<>\"{}|\\^`\[\]%#]|%[0-9A-Fa-f]{2})"
_FRAGMENT = rf"(?:#{_URI_CHAR}*)?"
_USER = r"(?:[^\s<>\"{}|\\^`\[\]%#@/?]|%[0-9A-Fa-f]{2})"
_HOST = r"(?:[^\s<>\"{}|\\^`\[\]%#@/?:]|%[0-9A-Fa-f]{2})"
WEB_TARGET = re.compile(
    rf"https?://(?=\S)(?:{_USER}*@)?{_HOST}*(?::\d+)?(?:[/?]{_URI_CHAR}*)?{_FRAGMENT}"
    rf"|mailto:(?=\S)(?!//){_URI_CHAR}*{_FRAGMENT}")


def web_target(target: str) -> bool:
    """An http(s) or mailto URL that is a well-formed URI (memcon.rng's externalPointer, an
    anyURI): ``https:(S``, ``https://[example.org``, ``…/[inaudible]a``, ``https://e:xample``
    (a port is digits), ``…/a%`` are not, and stay text."""
    return WEB_TARGET.fullmatch(target) is not None


def on_link(hit: re.Match[str], text: str, line: int, ctx: Context) -> list[m.Inline]:
    if web_target(hit["ltarget"]):
        return [m.Link(hit["ltarget"], inlines(hit["ltext"], line, ctx))]
    # ENCODING.md: other targets are dropped from the attribute, their text kept; all of it,
    # target too (a web page's "(#)" is text of the source, not a fault to warn about)
    return [m.Text("["), *inlines(hit["ltext"], line, ctx), m.Text(f"]({hit['ltarget']})")]


def on_bold(hit: re.Match[str], text: str, line: int, ctx: Context) -> list[m.Inline]:
    return [m.Bold(inlines(hit["btext"], line, ctx))]


def on_struck(hit: re.Match[str], text: str, line: int, ctx: Context) -> list[m.Inline]:
    return [struck(hit["stext"], ctx)]


def on_marking(hit: re.Match[str], text: str, line: int, ctx: Context) -> list[m.Inline]:
    return [m.Portion(hit["mlevel"], caveats(hit["mcaveats"] or "", vocab()), False,
                      hit["marking"])]


def on_page(hit: re.Match[str], text: str, line: int, ctx: Context) -> list[m.Inline]:
    return [m.PageBreak(hit["pn"])]


def on_junk(hit: re.Match[str], text: str, line: int, ctx: Context) -> list[m.Inline]:
    level = hit["jlevel"] or hit["jlevel2"] or hit["jlevel3"] or hit["jlevel4"]
    ctx.warn(line, f"damaged portion marking '{hit['junk']}' read as ({level})")
    return [m.Portion(vocab().level_of_marking(level), (), False, hit["junk"])]


def on_bare(hit: re.Match[str], text: str, line: int, ctx: Context) -> list[m.Inline]:
    level = hit["blevel"]
    ctx.warn(line, f"portion marking without its parentheses '{level}' read as ({level})")
    return [m.Portion(vocab().level_of_marking(level), (), False, level)]


def on_sic(hit: re.Match[str], text: str, line: int, ctx: Context) -> list[m.Inline]:
    return [m.Note("sic", [m.Text(hit["sic"])])]


def on_bracket(hit: re.Match[str], text: str, line: int, ctx: Context) -> list[m.Inline]:
    if not ctx.settings.editorial_brackets:
        return [m.Text("["), *inlines(hit["btext2"], line, ctx), m.Text("]")]
    before = re.search(r"(\w+)\s*$", text[: hit.start()])
    inner = hit["btext2"].strip()
    if before and before.group(1).lower() in vocab().clarification_after and re.fullmatch(
        r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}", inner
    ):
        return [m.Supplied(inner, "clarification")]
    return [bracket(hit["btext2"], line, ctx)]


def on_email(hit: re.Match[str], text: str, line: int, ctx: Context) -> list[m.Inline]:
    return [m.Email(hit["email"])]


def _rules(v: Vocab) -> list[tuple[str, str, Handler]]:
    """The inline rules in order: name, pattern, handler."""
    marking = v.marking_re.pattern.replace("(?P<level>", "(?P<mlevel>").replace(
        "(?P<caveats>", "(?P<mcaveats>")
    return [
        # bracketed text holds no "[": each attempt stops at the next one, so a run of "["
        # is read in linear time (it was quadratic: each "[" scanned to the line's end)
        ("link", r"\[(?P<ltext>[^\[\]\n]*)\]\((?P<ltarget>[^)\s]*)\)", on_link),  # [text](url)
        ("bold", r"\*\*(?P<btext>.+?)\*\*", on_bold),  # **text**
        ("struck", r"~~(?P<stext>.+?)~~", on_struck),  # ~~(S)~~, ~~TS~~, ~~words~~
        ("marking", rf"(?<![\w(]){marking}", on_marking),  # (S), (C//NF)
        ("page", v.page_re.pattern.replace("(?P<n>", "(?P<pn>"), on_page),  # [Page 12]
        ("junk", rf"(?<![\w(]){JUNK.format(levels=v.marking_alt)}(?![\w)])", on_junk),  # -(S}-
        # ``(U)`` whose parentheses OCR lost, ending a paragraph after a sentence: ``call. U``
        ("bare", rf"(?<=[.?!]\s)(?<![A-Z]\.\s)(?P<blevel>{v.marking_alt})$", on_bare),
        ("sic", v.sic, on_sic),  # (sic)
        ("bracket", r"\[(?P<btext2>[^\[\]\n]+)\]", on_bracket),  # [omitted], [laughs], [Name]
        # starts only where no address character precedes (\b alone let every "." of a long
        # "a.a.a…" start a new scan to the end)
        ("email", r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b", on_email),  # name@example.org
    ]


#: what a text holds wherever the rule's pattern matches in it: a text without it is not
#: searched (a damaged marking has a brace, or a dash or tilde against its parenthesis)
NEEDS = {name: re.compile(rx) for name, rx in {
    "link": r"\[", "bold": r"\*\*", "struck": "~~", "bracket": r"\[", "email": "@",
    "junk": r"[{}]|[-~][({]|[)}][-~]"}.items()}


@dataclass(frozen=True)
class _Rule:
    name: str
    scan: Scan  # the pattern in a group named for the rule, as the handlers read it
    handler: Handler


@lru_cache(maxsize=1)
def _compiled() -> list[_Rule]:
    return [_Rule(name, Scan(rx, group=name), handler)
            for name, rx, handler in _rules(vocab())]


def _hits(text: str) -> Iterator[tuple[_Rule, re.Match[str]]]:
    """The rules' matches, left to right, as the alternation of all the rules finds them (at
    one place the earlier rule wins; the next search starts where a match ends), with each
    rule searched on its own: alternation tries every pattern at every character."""
    order = {}
    found: dict[str, tuple[_Rule, re.Match[str]]] = {}
    for k, rule in enumerate(_compiled()):
        order[rule.name] = k
        needs = NEEDS.get(rule.name)
        if needs is None or needs.search(text):
            hit = rule.scan.search(text)
            if hit is not None:
                found[rule.name] = rule, hit
    while found:
        rule, hit = min(found.values(), key=lambda f: (f[1].start(), order[f[0].name]))
        yield rule, hit
        pos = hit.end()
        for later, other in list(found.values()):
            if other.start() < pos:
                again = later.scan.search(text, pos)
                if again is None:
                    del found[later.name]
                else:
                    found[later.name] = later, again


def inlines(text: str, line: int, ctx: Context) -> list[m.Inline]:
    """Read a run of prose into inline nodes (markup of the source replaced by the model)."""
    out: list[m.Inline] = []
    pos = 0
    for rule, hit in _hits(text):
        if hit.start() > pos:
            out.append(m.Text(text[pos : hit.start()]))
        pos = hit.end()
        out.extend(rule.handler(hit, text, line, ctx))
    if pos < len(text):
        out.append(m.Text(text[pos:]))
    if any(isinstance(n, m.Text) and "~~" in n.text for n in out):
        # kept as text: a strike with no end is a typing slip, not a reason to lose the file
        ctx.warn(line, "unbalanced '~~' strike-through marker, kept as text")
    return out


def bracket(text: str, line: int, ctx: Context) -> m.Inline:
    """A square-bracketed editorial insertion: a gap, an interruption, or a supplied word."""
    v = vocab()
    inner = text.strip()
    for pattern, reason in v.gap_rules:
        if pattern.search(inner):
            return m.Gap(reason, inner)
    hit = v.interruption.match(inner)
    if hit:
        person = ctx.settings.registry.resolve_label(hit.group("who"), ctx.settings.date)
        who = person.id if person else ctx.results.labels.get(hit.group("who"))
        if person and who not in ctx.results.people:
            # whoever interrupts is on the call: described in the header like a speaker
            ctx.results.people[person.id] = m.Person(person.id, person.name, person.wikidata,
                                                     {"participant"})
        return m.Interruption(who, inner)
    if len(inner.split()) <= v.supplied_max_words:
        return m.Supplied(inner)
    ctx.warn(line, f"bracketed text not understood, kept as text: [{inner}]")
    return m.Text(f"[{inner}]")


def struck(inner: str, ctx: Context) -> m.Inline:
    """``~~…~~``: a declassified portion marking (``(S)`` or bare ``TS``) or other struck text."""
    v = vocab()
    s = inner.strip()
    hit = v.marking_re.fullmatch(s)
    if hit:
        return m.Portion(hit.group("level"), caveats(hit.group("caveats") or "", v), True, s)
    for lid, lv in v.levels.items():
        if s in lv.marking:
            return m.Portion(lid, (), True, s)
    return m.Struck(inner)


def with_dates(text: str, line: int, ctx: Context, *, spans: bool = False,
               local: str | None = None) -> list[m.Inline]:
    """Inline content in which calendar dates (and, with ``spans``, times) become Dates; a
    time with no zone written is read on the clock of ``local`` (an IANA zone), if given."""
    v = vocab()
    found = (
        dates.find_datetime(text, v.zones, v.pivot, local) if spans
        else dates.find_date(text, v.pivot)
    )
    if not found:
        return inlines(text, line, ctx)
    out = inlines(text[: found.start], line, ctx) if found.start else []
    out.append(m.Date(text[found.start : found.end], found.when, found.begin, found.finish))
    out.extend(with_dates(text[found.end :], line, ctx) if found.end < len(text) else [])
    return out
