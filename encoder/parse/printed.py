"""Re-flow cut rules for a printed edition's parts (FRUS style) run together on one line.

A printed edition sets its participants as a list with bullets, labels a speech with a surname
or ``The President:`` right after the last participant or the subject, and ends with numbered
notes whose first is the source note. These rules find those places in a one-line text; like
every rule of ``reflow.CUT_RULES`` they only say where a line breaks and change no character.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..vocab import Vocab
from .cut import HEAD_ZONE, Cut

BULLET = re.compile(r"(?<!\S)[•·▪◦*-](?= [A-Z])")
SOURCE_NOTE = re.compile(r"(?<!\S)1\.? Source: ")


SENTENCE_END = frozenset(".?!\"”’)]")
#: words a label may have (``reflow.speakers`` reads at most six)
LABEL_WORDS = 6


def shortest_label(label: list[str], text: str, in_list: bool = False) -> list[str]:
    """Of a label that takes up the words before it (``… Walt W. Rostow President:``, ``The
    Middle East Gromyko:``), the shortest ending the document also uses as a label after a
    sentence's end (``… we feared. President: Bob?``). Right after a list's last item, with
    no such evidence, the label is its last word (with its article: ``The President:``)."""
    used = labels_after_sentences(text)
    for k in range(len(label) - 1, 0, -1):
        if " ".join(label[k:]) in used:
            return label[k:]
    if in_list and len(label) > 1:
        return label[-2:] if label[-2] == "The" else label[-1:]
    return label


def _sentence_ends(text: str, space: int) -> bool:
    """Whether ``text`` ends a sentence before the space at ``space``: a closing mark, then
    at most three digits (a footnote's call: ``agreements.2``)."""
    for at in range(space - 1, max(space - 5, -1), -1):
        if text[at] in SENTENCE_END:
            return True
        if not text[at].isdecimal():
            return False
    return False


@lru_cache(maxsize=2)
def labels_after_sentences(text: str) -> frozenset[str]:
    """Every label ``text`` uses after a sentence's end: the one to six words, one space
    apart, between ``. `` (or ``.2 ``, a footnote's call) and ``:`` before white space.

    One pass over the text's colons, once per text (cached): ``shortest_label`` asks for
    every speaker label of a one-line text, and searching the whole text each time made a
    4 MiB line take minutes."""
    found: set[str] = set()
    for colon in re.finditer(r"(?<=\S):(?=\s)", text):
        end = start = colon.start()
        for _ in range(LABEL_WORDS):
            while start > 0 and not text[start - 1].isspace():
                start -= 1  # back to the start of the word
            if start == 0 or text[start - 1] != " ":
                break  # a label's words are one space apart, after one space
            if _sentence_ends(text, start - 1):
                found.add(text[start:end])
            start -= 1  # over the space, to the previous word
            if start == 0 or text[start - 1].isspace():
                break
    return frozenset(found)


def bullets(text: str, v: Vocab, ev: object, offset: int) -> list[Cut]:
    """A participant list set with bullets (``• Chairman Kosygin • The President``, ``- Secretary
    Rusk``) in the header zone: a line per item, the first opening a block. Two or more of the
    same bullet, so that a dash in prose is no list."""
    hits = [h for h in BULLET.finditer(text) if offset + h.start() < HEAD_ZONE]
    out = []
    for mark in {h.group(0) for h in hits}:
        same = [h for h in hits if h.group(0) == mark]
        if len(same) >= 2:
            out += [Cut(h.start(), "block" if k == 0 else "line", "bullet")
                    for k, h in enumerate(same)]
    return out


def source_notes(text: str, v: Vocab, ev: object, offset: int) -> list[Cut]:
    """A printed edition's notes at the end: the source note (``1. Source: …``) opens their
    block, and each next number after a sentence's end (``… Oval Office. 2. The talks …``)
    begins a line of its own."""
    first = SOURCE_NOTE.search(text)
    if not first:
        return []
    out = [Cut(first.start(), "block", "source note")]
    expected, at = 2, first.end()
    while hit := re.compile(rf"(?<=[.?!\"”’)\]] ){expected}\.? (?=[A-Z\[(])").search(text, at):
        out.append(Cut(hit.start(), "line", "source note"))
        expected, at = expected + 1, hit.end()
    return out
