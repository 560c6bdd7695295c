"""Lay a division's units out as blocks: opener, heading, fields, then speeches and paragraphs.

Two ordered tables read as the specification: ``BODY_RULES`` says what each unit of the body
becomes, ``PARAGRAPH_RULES`` what a paragraph of text becomes. Furniture between stretches of
text is collected as a run and placed where the text resumes (see ``pages``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from .. import dates
from .. import model as m
from ..vocab import vocab
from .fields import field_label, read_fields
from .footnotes import footnotes, is_note_block, note_number
from .inline import inlines, with_dates
from .memo import closing, closing_kind, dateline
from .pages import Pages
from .redaction import prose
from .segment import Unit
from .speakers import speaker_label, speaker_who
from .state import Context

CLOSED_END = re.compile(r"[.?!:;\"”’)\]]\s*$")
WHOLE_BRACKET = re.compile(r"\[(?P<inner>[^\[\]\n]+)\]")


def is_open(para: m.Para) -> bool:
    """A paragraph whose last words do not end a sentence (broken by a page end)."""
    last = next((n for n in reversed(para.content) if not isinstance(n, m.LineBreak)), None)
    if not isinstance(last, m.Text):
        return False
    s = last.text.rstrip()
    return bool(s) and not CLOSED_END.search(s)


def continues(text: str, ctx: Context | None = None) -> bool:
    """Text that carries on a sentence: it starts in lower case and opens no speech."""
    s = text.lstrip()
    return bool(s) and s[0].islower() and speaker_label(s, ctx) is None


def struck_marking(text: str) -> bool:
    s = text.strip()
    return s.startswith("~~") and s.endswith("~~") and bool(
        vocab().marking_re.fullmatch(s[2:-2].strip()) or s[2:-2].strip() in vocab().levels
    )


def editorial_kind(inner: str) -> str | None:
    """Whether a paragraph wholly in square brackets is the editor's omission note (``gap``)
    or summary (``summary``); a check, it builds nothing."""
    v = vocab()
    if any(reason == "editorial" and pattern.search(inner.strip())
           for pattern, reason in v.gap_rules):
        return "gap"
    if len(inner.split()) >= v.summary_min_words:
        return "summary"
    return None


def editorial_block(inner: str, line: int, ctx: Context) -> m.Gap | m.Note | None:
    """A paragraph wholly in square brackets: the editor's omission note or summary."""
    kind = editorial_kind(inner)
    if kind == "gap":
        return m.Gap("editorial", inner.strip())
    if kind == "summary":
        return m.Note("summary", inlines(inner.strip(), line, ctx))
    return None


def split_speeches(unit: Unit, ctx: Context | None = None) -> list[tuple[int, str]]:
    """A text unit's paragraphs: its lines joined, split again where a line opens a speech."""
    paras: list[tuple[int, list[str]]] = []
    for n, t in unit.lines:
        if not paras or speaker_label(t, ctx) is not None:
            paras.append((n, [t.strip()]))
        else:
            paras[-1][1].append(t.strip())
    return [(n, " ".join(ts)) for n, ts in paras]


class Layout:
    """Lays one division's units out as blocks, tracking pages and the open paragraph."""

    def __init__(self, ctx: Context, memo: bool) -> None:
        self.ctx = ctx
        self.memo = memo  # a memorandum (not a transmittal: no signature block or attachments)
        self.pages = Pages(ctx)
        self.blocks: list[m.Block] = []
        self.speech: m.Speech | None = None  # the speech being read, if any
        self.para: m.Para | None = None  # the paragraph a continuation would join
        self.after_trailer = False  # past ``End of Conversation``: notes and strays
        self.notes = False  # in the numbered notes that end the division
        self.next_note = 1  # the number the next footnote must have
        self.stray: list[m.Stray] = []  # lines after the trailer, for the back matter
        self.run: list[Unit] = []  # furniture met since the last text

    def take_run(self) -> list[Unit]:
        run, self.run = self.run, []
        return run

    def flush_run(self) -> None:
        """Furniture met since the last text, placed as blocks (before a non-text block)."""
        run = self.take_run()
        if run:
            self.blocks.extend(self.pages.items(run, self.after_trailer))

    def end_speech(self) -> None:
        self.speech = None
        self.para = None

    def paragraph(self, text: str, line: int, run: list[Unit]) -> None:
        """One paragraph of text, with the furniture run before it: placed by the first rule
        of ``PARAGRAPH_RULES`` that accepts it."""
        for known in [k for k, who in self.ctx.results.labels.items() if who]:
            if f"{known}:" in text and re.search(rf"\s{re.escape(known)}:\s", text):
                self.ctx.warn(line, f"possible speaker label inside the line, not split: {known}:")
        rule = next(r for r in PARAGRAPH_RULES if r.accepts(self, text, run))
        rule.apply(self, text, line, run)


class ParagraphRule(NamedTuple):
    """``accepts`` only answers (it changes nothing: markdown-it's silent mode); ``apply``
    places the paragraph."""

    name: str
    accepts: Callable[[Layout, str, list[Unit]], bool]
    apply: Callable[[Layout, str, int, list[Unit]], None]


class BodyRule(NamedTuple):
    """``accepts`` only answers whether the rule takes ``units[j]``; ``apply`` lays it out and
    returns the index of the next unit."""

    name: str
    accepts: Callable[[Layout, list[Unit], int], bool]
    apply: Callable[[Layout, list[Unit], int], int]


# --- what a paragraph of text becomes -------------------------------------------------------


def stray(lay: Layout, text: str, line: int, run: list[Unit]) -> None:
    """After the trailer, text is a stray line for the back matter (no speech can start)."""
    label = speaker_label(text)
    if label is not None and not label.rest.strip():
        lay.ctx.warn(line, f"speaker label with no speech, kept as text: {label.label}")
    if run:
        lay.blocks.extend(lay.pages.items(run, lay.after_trailer))
    lay.stray.append(m.Stray(inlines(text, line, lay.ctx), line))


def continues_para(lay: Layout, text: str, run: list[Unit]) -> bool:
    return (lay.para is not None and is_open(lay.para) and continues(text, lay.ctx)
            and not lay.pages.missing(run))  # two fragments with pages between: not one p


def join_para(lay: Layout, text: str, line: int, run: list[Unit]) -> None:
    """Lower-case text after an open paragraph continues it, across the page's furniture."""
    assert lay.para is not None
    if run:
        items = lay.pages.items(run, lay.after_trailer)
        lay.para.content.append(m.Text(" "))
        for k, item in enumerate(items):
            # a line end between blocks of furniture keeps their words apart
            lay.para.content.extend([m.Text("\n"), item] if k else [item])
    lay.para.content.append(m.Text(" "))
    lay.para.content.extend(inlines(text, line, lay.ctx))


def lone_marking(lay: Layout, text: str, run: list[Unit]) -> bool:
    """A portion marking alone on its line (``(S)``, ``~~(C)~~``) ends the paragraph before
    (furniture between them would have said the paragraph ended)."""
    only = vocab().marking_re.fullmatch(text.strip()) or struck_marking(text)
    return bool(only) and lay.para is not None and not run


def append_marking(lay: Layout, text: str, line: int, run: list[Unit]) -> None:
    assert lay.para is not None
    lay.para.content.append(m.Text(" "))
    lay.para.content.extend(inlines(text, line, lay.ctx))


def editorial(lay: Layout, text: str, run: list[Unit]) -> bool:
    """A paragraph wholly in brackets that is the editor's omission note or summary."""
    whole = WHOLE_BRACKET.fullmatch(text.strip())
    return (whole is not None and not vocab().page_re.fullmatch(text.strip())
            and editorial_kind(whole.group(1)) is not None)


def editorial_note(lay: Layout, text: str, line: int, run: list[Unit]) -> None:
    """The editor's note, after the run; it ends the speech."""
    whole = WHOLE_BRACKET.fullmatch(text.strip())
    assert whole is not None
    node = editorial_block(whole.group(1), line, lay.ctx)
    assert node is not None
    lay.blocks.extend(lay.pages.items(run, lay.after_trailer) if run else [])
    lay.blocks.append(node)
    lay.end_speech()


def speech_or_para(lay: Layout, text: str, line: int, run: list[Unit]) -> None:
    """A speaker label opens a speech; other text is a paragraph of the speech being read,
    or of the division when there is none."""
    ctx = lay.ctx
    label = speaker_label(text, ctx)
    if label is not None and not label.rest.strip():
        # a turn with no words (a truncated transcription): no speech is invented for it
        ctx.warn(line, f"speaker label with no speech, kept as text: {label.label}")
        label = None
    items = lay.pages.items(run, lay.after_trailer) if run else []
    if label is None and lay.speech is not None:
        lay.speech.paras.extend(items)  # type: ignore[arg-type]
    else:
        lay.blocks.extend(items)
    if label is not None:
        who = speaker_who(label, line, ctx)
        lay.para = m.Para(prose(label.rest, line, ctx), line)
        lay.speech = m.Speech(label.label, who, [lay.para], line)
        lay.blocks.append(lay.speech)
    elif lay.speech is not None:
        lay.para = m.Para(prose(text, line, ctx), line)
        lay.speech.paras.append(lay.para)
    else:
        lay.para = m.Para(prose(text, line, ctx), line)
        lay.blocks.append(lay.para)


def junk(lay: Layout, text: str, run: list[Unit]) -> bool:
    """No letter or digit at all (``~ ' , ; :``): what OCR makes of a stamp or signature;
    not the editor's omission mark (``[...]``), which has none either."""
    return not re.search(r"[^\W_]", text) and not editorial(lay, text, run)


def junk_block(lay: Layout, text: str, line: int, run: list[Unit]) -> None:
    """OCR junk is kept as written in a stray block (ending the speech: nobody said it)."""
    lay.blocks.extend(lay.pages.items(run, lay.after_trailer) if run else [])
    lay.blocks.append(m.Stray([m.Text(text.strip())], line))
    lay.ctx.warn(line, f"text not understood (OCR junk?), kept as a stray block: {text[:40]}")
    lay.end_speech()


PARAGRAPH_RULES: list[ParagraphRule] = [
    ParagraphRule("stray line after the trailer", lambda lay, text, run: lay.after_trailer, stray),
    ParagraphRule("OCR junk", junk, junk_block),
    ParagraphRule("continuation of an open paragraph", continues_para, join_para),
    ParagraphRule("portion marking alone", lone_marking, append_marking),
    ParagraphRule("editor's note or summary", editorial, editorial_note),
    ParagraphRule("speech, or paragraph", lambda lay, text, run: True, speech_or_para),
]


# --- what a unit of the body becomes --------------------------------------------------------


def trailer(lay: Layout, units: list[Unit], j: int) -> int:
    """``End of Conversation`` ends the speeches; what follows is notes and strays."""
    u = units[j]
    lay.flush_run()
    lay.blocks.append(m.Trailer(u.lines[0][1].strip(), u.line))
    lay.after_trailer = True
    lay.end_speech()
    return j + 1


def is_notes(lay: Layout, units: list[Unit], j: int) -> bool:
    """Notes go on in number order; a block numbered out of turn is not notes."""
    if lay.notes and not lay.after_trailer:
        return True
    return is_note_block(units, j, lay.after_trailer) and note_number(units[j]) == lay.next_note


def notes(lay: Layout, units: list[Unit], j: int) -> int:
    """Numbered lines after the trailer, or the numbered notes ending a printed edition's
    document, are footnotes; they end the speech."""
    lay.flush_run()
    lay.end_speech()
    lay.notes = True
    if units[j].kind == "text":
        found = footnotes(units[j], lay.ctx, lay.next_note)
        lay.next_note += len(found)
        lay.blocks.extend(found)
    else:
        lay.run.append(units[j])
    return j + 1


def is_closing(lay: Layout, units: list[Unit], j: int) -> bool:
    """Outside speeches, a transmittal ends with a signature block or a list of attachments."""
    return (not lay.memo and units[j].kind == "text" and lay.speech is None
            and not lay.after_trailer and closing_kind(units, j) is not None)


def transmittal_closing(lay: Layout, units: list[Unit], j: int) -> int:
    special = closing(units, j, lay.ctx)
    assert special is not None
    block, k = special
    lay.flush_run()
    lay.blocks.append(block)
    return k


def text(lay: Layout, units: list[Unit], j: int) -> int:
    """Text: its paragraphs (one per speech label), the first placed after the run."""
    for k, (n, para) in enumerate(split_speeches(units[j], lay.ctx)):
        lay.paragraph(para, n, lay.take_run() if k == 0 else [])
    return j + 1


def heading(lay: Layout, units: list[Unit], j: int) -> int:
    """A heading inside the body; what follows it is not the previous speech's."""
    u = units[j]
    lay.flush_run()
    lay.blocks.append(m.Head(inlines(u.text.strip(), u.line, lay.ctx), u.line))
    lay.end_speech()
    return j + 1


def furniture_run(lay: Layout, units: list[Unit], j: int) -> int:
    """Any other unit is furniture, kept until the text resumes."""
    lay.run.append(units[j])
    return j + 1


def kind_is(kind: str) -> Callable[[Layout, list[Unit], int], bool]:
    return lambda lay, units, j: units[j].kind == kind


BODY_RULES: list[BodyRule] = [
    BodyRule("trailer", kind_is("trailer"), trailer),
    BodyRule("footnotes: after the trailer, or ending a printed edition", is_notes, notes),
    BodyRule("a transmittal's signature or attachments", is_closing, transmittal_closing),
    BodyRule("text", kind_is("text"), text),
    BodyRule("heading", kind_is("head"), heading),
    BodyRule("furniture", lambda lay, units, j: True, furniture_run),
]


def front(lay: Layout, units: list[Unit]) -> int:
    """Page 1, the opener (furniture, dateline), the heading and its dateline, the fields;
    returns the index of the body's first unit."""
    ctx = lay.ctx
    lay.pages.page = 1
    if not ctx.settings.frus_pages:
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
            elif lay.memo and any(x.kind == "head" for x in units[i:]):
                opener.append(m.Stray(inlines(u.text.strip(), u.line, ctx), u.line))
                ctx.warn(u.line, f"text before the heading not understood: {u.text[:60]}")
            else:
                break
        else:
            opener.append(lay.pages.furn(u, "top"))
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
    return i


def layout(units: list[Unit], ctx: Context, *, memo: bool) -> tuple[list[m.Block], list[m.Stray]]:
    """The blocks of one division: its front, then each body unit by the first rule of
    ``BODY_RULES`` that takes it; furniture left at the end closes the last page."""
    lay = Layout(ctx, memo)
    rest = units[front(lay, units) :]
    j = 0
    while j < len(rest):
        j = next(r for r in BODY_RULES if r.accepts(lay, rest, j)).apply(lay, rest, j)
    if lay.after_trailer:
        lay.flush_run()
    else:
        lay.blocks.extend(lay.pages.furn(x, "bottom") for x in lay.take_run())
    return lay.blocks, lay.stray
