"""Where a speaker's turn opens inside a run-together line: re-flow cut rules for labels.

A raw OCR layer runs every turn of a conversation onto one line. A turn opens at a speaker
label whose last word names someone of the heading, subject or participants (``Evidence``),
after a sentence's end, a bracket, a portion marking or an exemption citation, never after
prose (two turns a typist ran together stay as they are). The OCR damages labels as it does
other words, and a label is still found when its reading, not its letters, is a participant's:
a word split by a space (``Th e President:``), a stray mark inside a word (``The
Pres.ident:``) or before it (``•Secretary Baker:``), a page marker glued before it
(``[Page 41]Rusk:``), or a semicolon for its colon (``The President;``: only a label the
document also writes with its colon). The line is cut before the label as written; the
speaker reader repairs and reports it (``speakers.damaged_label``).

When the OCR lost every colon (``bare_labels``), a label is known only by the evidence that
survives: a participant's form (``The President``, ``Chancellor Kohl``) opening a turn after a
sentence's end or a portion marking, followed by a capitalised word, and used so at least
twice. Prose (``… agreed. The President said that …``) has a lower-case word after the name
and opens no turn; precision matters more than recall.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import NamedTuple, Protocol

from ..registry import BARE_TITLES
from ..vocab import Vocab
from .cut import HEAD_ZONE, Cut
from .printed import BULLET, shortest_label
from .rx import Scan

HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Gen|Amb|Sen|Adm|Col|Lt|St)\.$")
LABEL_WORD = re.compile(r"^(?:[A-Z][\w'’-]*\.?|of|the|de|von|van|der|da|al|bin|ibn)$")
NOT_SPEAKERS = {"note", "notes", "reason", "reasons", "subject", "source", "tab", "attachment",
                "case", "date", "time", "page", "authority", "classified", "declassify", "re",
                "cc", "by", "on", "from", "to"}
# words a label may carry before the name besides the document's own (``Acting President``)
TITLE_WORDS = frozenset({"The", "President", "Vice", "Acting", "Prime", "Minister", "Foreign",
                         "Secretary", "Chancellor", "Ambassador", "General", "Premier",
                         "Chairman", "King", "Senator", "Governor", "of", "State"})
LEADING_SPACE = re.compile(r"\s*")
SENTENCE_END = re.compile(r"[.?!\"”’)\]]$")
GLUED = re.compile(r"^(?P<before>\S*\])(?P<word>[A-Z][\w'’-]*)$")  # ``41]Rusk``
STRAY_INSIDE = re.compile(r"(?<=[a-z])[.•·*'’](?=[a-z])")
STRAY_BEFORE = re.compile(r"^[^\w\s\[(]{1,2}(?=[A-Z])")
WORD = re.compile(r"\S+")
LABEL_END = Scan(r"(?<=\S)[:;](?=\s)")  # a colon (or semicolon) after a word
COMMON = {"I", "A"}  # single letters that are words of prose, never a label without its colon


class Evidence(Protocol):
    names: frozenset[str]
    bare: frozenset[str]


class Word(NamedTuple):
    start: int  # where the word as written starts (a cut before the label cuts here)
    text: str  # its reading


def _known(word: str, ev: Evidence) -> bool:
    return word in ev.names or word in TITLE_WORDS


def reading(text: str, end: int, ev: Evidence, v: Vocab, count: int = 6) -> list[Word]:
    """The last words before ``end`` as read through OCR damage, each with where it starts
    as written: a word split by a space, a stray mark inside or before a word, read as the
    participant's or title word it makes; a word glued after a page marker starts at the
    marker and nothing before it belongs to the label."""
    raw = [(w.start(), w.group()) for w in WORD.finditer(text, max(0, end - 200), end)]
    out: list[Word] = []
    i = len(raw) - 1
    while i >= 0 and len(out) < count:
        start, tok = raw[i]
        glued = GLUED.match(tok)
        if glued:
            bracket = text.rfind("[", max(0, start - 20), start + len(glued.group("before")))
            marker = text[bracket : start + len(glued.group("before"))] if bracket >= 0 else ""
            if v.page_re.fullmatch(marker):
                out.insert(0, Word(bracket, glued.group("word")))
            break
        if (i and re.fullmatch(r"[a-z]{1,3}", tok) and re.fullmatch(r"[A-Z][a-z]?", raw[i - 1][1])
                and _known(raw[i - 1][1] + tok, ev)):  # ``Th e``
            out.insert(0, Word(raw[i - 1][0], raw[i - 1][1] + tok))
            i -= 2
            continue
        inner = STRAY_INSIDE.sub("", tok)
        lead = STRAY_BEFORE.match(inner)
        if lead and _known(inner[lead.end() :], ev):
            inner = inner[lead.end() :]
        out.insert(0, Word(start, inner if _known(inner, ev) else tok))
        i -= 1
    return out


Shortest = dict[tuple[tuple[str, ...], bool], list[str]]


def label_before(text: str, colon: int, v: Vocab, ev: Evidence,
                 known: Shortest | None = None) -> tuple[int, str] | None:
    """The speaker label ending at ``colon`` (where it starts, and its reading), or None;
    ``known`` keeps the shortest form of each label already read in ``text`` (each look-up
    searches the whole text, and a long conversation repeats its few labels)."""
    words = reading(text, colon, ev, v)
    label: list[Word] = []
    for w in reversed(words):
        if not LABEL_WORD.match(w.text) or (w.text.endswith(".") and not HONORIFIC.match(w.text)):
            break
        label.insert(0, w)
    if "The" in [w.text for w in label]:  # a label opens with its article
        label = label[[w.text for w in label].index("The") :]
    while label and not (label[0].text[0].isupper() and (label[0].text in ev.names
                                                         or label[0].text == "The")
                         or re.fullmatch(r"[A-Z]", label[0].text)):
        label.pop(0)  # words before the label that are not a participant's
    if not label:
        return None
    last = label[-1].text
    if re.fullmatch(r"[A-Z]", last):  # R: the one party named R…
        if len([n for n in ev.names if n.startswith(last)]) != 1:
            return None
    elif last.lower() in NOT_SPEAKERS or last not in ev.names or last.upper() in v.field_words:
        return None
    item = list(BULLET.finditer(text, max(0, colon - 120), colon))
    in_list = bool(item) and not re.search(r"[.?!]\s", text[item[-1].end() : colon])
    key = (tuple(w.text for w in label), in_list)
    known = {} if known is None else known
    if key not in known:
        known[key] = shortest_label(list(key[0]), text, in_list)
    texts = known[key]
    label = label[len(label) - len(texts) :]
    start = label[0].start
    # only white space before it: found by matching that, not by copying all the text before
    # each label (a 4 MiB line has thousands)
    if LEADING_SPACE.match(text).end() >= start or not (opens_turn(text, start, v) or in_list):
        return None  # the label opens the line, or follows prose (two turns run together)
    return start, " ".join(texts)


def opens_turn(text: str, start: int, v: Vocab) -> bool:
    """Whether a label at ``start`` follows what ends a turn: a sentence's end (a footnote
    call after it: ``agreements.2``), a bracket, a capitalised word (a field's value), a
    portion marking or an exemption citation (``l.4(b)(d``), not a word of prose."""
    before = text[max(0, start - 60) : start].split()
    if not before:
        return False  # the label opens the line
    last = re.sub(r"(?<=\D)\d{1,3}$", "", before[-1])
    return not (last[:1].islower() and not SENTENCE_END.search(last)
                and not v.redaction.fullmatch(last))


def speakers(text: str, v: Vocab, ev: Evidence, offset: int) -> list[Cut]:
    """A speaker label inside the line (``… (U) Acting President Putin: Yes …``) when its last
    word names someone of the heading, subject or participants, also under OCR damage; a
    semicolon stands for the colon only after a label the line also writes with its colon."""
    out: list[Cut] = []
    colons: set[str] = set()
    semis: list[tuple[int, str]] = []
    known: Shortest = {}
    for hit in LABEL_END.finditer(text):
        if hit.group() == ";" and not re.match(r"\s+[A-Z]", text[hit.end() : hit.end() + 3]):
            continue
        found = label_before(text, hit.start(), v, ev, known)
        if found is None:
            continue
        if hit.group() == ":":
            colons.add(found[1])
            out.append(Cut(found[0], "block", "speaker"))
        else:
            semis.append(found)
    out += [Cut(start, "block", "speaker") for start, label in semis if label in colons]
    return out


# --- labels whose colon the OCR lost -----------------------------------------------------------


def _is_marking(word: str, marking: re.Pattern[str]) -> bool:
    """A portion marking, also without its parentheses (``U``, ``S//NF``)."""
    return bool(marking.fullmatch(word) or marking.fullmatch(f"({word})"))


def strong_opening(text: str, start: int, marking: re.Pattern[str]) -> bool:
    """Whether ``start`` follows a sentence's end, a bracket, a portion marking that ends one
    (``… dinner. U``) or OCR junk."""
    before = text[max(0, start - 80) : start].split()
    if not before:
        return False
    last = re.sub(r"(?<=\D)\d{1,3}$", "", before[-1]).strip("~-*")  # ``~~(S)~~``, ``-(C)-``
    if re.fullmatch(r"[A-Z]\.", last) or HONORIFIC.match(last):
        return False  # an initial or ``Mr.``: inside a name, not after a sentence
    if SENTENCE_END.search(last) or marking.fullmatch(last):
        return True
    if len(before[-1]) > 1 and not re.search(r"\w", before[-1]):
        return True  # OCR junk of a stamp or a signature (``~ . '' ,,``)
    return len(before) > 1 and _is_marking(last, marking) and bool(
        SENTENCE_END.search(before[-2]))


def forms_at(text: str, start: int, ev: Evidence, v: Vocab) -> list[str]:
    """The participant's forms a turn could open with at ``start`` (``Acting President
    Putin``, ``Acting President``), longest first: capitalised words of the document's names
    or titles ending in a name (or a bare title: ``The Chancellor``, ``President``), with a
    capitalised word or an exemption citation after them."""
    toks = [w.group() for w in WORD.finditer(text[start : start + 120])][:6]
    out = []
    for j in range(min(4, len(toks) - 1), 0, -1):
        words, nxt = toks[:j], toks[j]
        if not all(re.fullmatch(r"[A-Z][\w'’-]*|of", w) and (w in ev.names or w in TITLE_WORDS)
                   for w in words):
            continue
        last, form = words[-1], " ".join(words)
        if last.lower() in NOT_SPEAKERS or last not in ev.names:
            continue
        if last in TITLE_WORDS and not (words[0] == "The" and j > 1
                                        or form.casefold() in BARE_TITLES):
            continue  # ``Foreign Minister`` is no one's label; ``The Chancellor`` may be
        if not (re.match(r"[A-Z\"“‘]", nxt) and not _is_marking(nxt, v.marking_re)
                or v.redaction.fullmatch(nxt)):
            continue  # a portion marking without parentheses (``… Kozyrev S``) ends a line
        if last in TITLE_WORDS and _name_goes_on(text, last, nxt, v.marking_re):
            continue
        out.append(form)
    letter = toks[0] if toks else ""
    if (len(toks) > 1 and re.fullmatch(r"[A-Z]", letter) and letter not in COMMON
            and not _is_marking(letter, v.marking_re)  # ``C`` is ``(C)`` without its parentheses
            and len([n for n in ev.names if n.startswith(letter)]) == 1
            and re.match(r"[A-Z\"“‘]", toks[1])):
        out.append(letter)
    return out


@lru_cache(maxsize=256)
def _name_goes_on(text: str, title: str, word: str, marking: re.Pattern[str]) -> bool:
    """Whether ``title word`` is a title and a name somewhere no turn opens (``… Between
    President Bush and …``, ``… told President Yeltsin …``): then ``President`` alone is no
    label before ``word``."""
    for hit in re.finditer(rf"(?<!\S){re.escape(title)} {re.escape(word)}(?!\w)", text):
        before = text[max(0, hit.start() - 40) : hit.start()].split()
        if before and before[-1] != "The" and not strong_opening(text, hit.start(), marking) \
                and not _is_marking(before[-1], marking):
            return True
    return False


def _openings(text: str) -> list[int]:
    """Where a word starts that a turn could open with: a capitalised word after a space."""
    return [w.start() for w in re.finditer(r"(?<=\s)[A-Z]", text)]


def bare_labels(text: str, names: frozenset[str], v: Vocab) -> frozenset[str]:
    """The label forms that open turns without a colon in ``text``: none when any label of a
    participant keeps its colon; otherwise each form found at two or more strong openings."""
    if not names:
        return frozenset()
    has_colon = re.compile(r"(?<![\w'’-])([A-Z][\w'’-]*):(?=\s)")
    if any(h.group(1) in names or len(h.group(1)) == 1 for h in has_colon.finditer(text)):
        return frozenset()
    ev = _Names(names, frozenset())
    found = [forms for at in _openings(text) if strong_opening(text, at, v.marking_re)
             and (forms := forms_at(text, at, ev, v))]
    seen = Counter(forms[0] for forms in found)  # the longest: ``Acting President Putin``
    # a form used twice opens turns; so does a title with a name used once where another form
    # opens turns too (the two parties of a short call: ``… (U) Prime Minister Major We …``)
    titled = {forms[0] for forms in found
              if len(forms[0].split()) > 1 and forms[0].split()[0] in TITLE_WORDS}
    firsts = {forms[0] for forms in found}
    return frozenset(f for f, n in seen.items() if n >= 2 or f in titled and len(firsts) >= 2)


class _Names(NamedTuple):
    names: frozenset[str]
    bare: frozenset[str]


def bare_form(text: str, start: int, ev: Evidence, v: Vocab) -> str | None:
    """The longest confirmed colon-less label opening at ``start``, or None."""
    return next((f for f in forms_at(text, start, ev, v) if f in ev.bare), None)


def bare_speakers(text: str, v: Vocab, ev: Evidence, offset: int) -> list[Cut]:
    """Labels without their colon (``bare_labels``) at a strong opening after the header's
    first date, time or place field; the first turn may also be the first such label inside
    such a field's value (``… 1107-1116 EST Residence The President Hello?``) or the last
    field's, when that is the subject."""
    if not ev.bare:
        return []
    values = _field_values(text, v, offset)
    floor = values[0][0] if values else 0
    found = [at for at in _openings(text) if at >= floor and bare_form(text, at, ev, v)]
    weak = {next((at for at in found if a <= at < b), -1) for a, b in values}
    return [Cut(at, "block", "speaker without colon") for at in found
            if at in weak or strong_opening(text, at, v.marking_re)]


def _field_values(text: str, v: Vocab, offset: int) -> list[tuple[int, int]]:
    """Where the value of each date, time or place field of the header zone begins and ends
    (at the next field's label; the last runs on), and of the subject when it is the last
    field (a printed edition's ``SUBJECT The Middle East Gromyko We …``); none in a header of
    two columns read as all its labels, then all its values."""
    words = "|".join(re.escape(w) for w in sorted(v.field_words, key=len, reverse=True))
    hits = list(re.finditer(rf"(?<!\S)(?:{words})(?=\s)", text[: max(0, HEAD_ZONE - offset)]))
    ends = [h.start() for h in hits[1:]] + [len(text)] if hits else []
    kinds = [v.field_words[h.group()] for h in hits]
    if any(kinds[k] != kinds[k + 1] and not text[hits[k].end() : ends[k]].strip()
           for k in range(len(hits) - 1)):
        return []  # all labels, then all values (a two-column header): no value is its own
    return [(h.end(), end) for k, (h, end) in enumerate(zip(hits, ends, strict=True))
            if v.field_words[h.group()] == "datetime" or (
                v.field_words[h.group()] == "subject" and k == len(hits) - 1)]
