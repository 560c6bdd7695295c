"""Re-flow cut rules for a printed edition's parts (FRUS style) run together on one line.

A printed edition sets its participants as a list with bullets, labels a speech with a surname
or ``The President:`` right after the last participant or the subject, and ends with numbered
notes whose first is the source note. These rules find those places in a one-line text; like
every rule of ``reflow.CUT_RULES`` they only say where a line breaks and change no character.
"""

from __future__ import annotations

import re

from ..vocab import Vocab
from .cut import HEAD_ZONE, Cut

BULLET = re.compile(r"(?<!\S)[•·▪◦*-](?= [A-Z])")
SOURCE_NOTE = re.compile(r"(?<!\S)1\.? Source: ")


def shortest_label(label: list[str], text: str, in_list: bool = False) -> list[str]:
    """Of a label that takes up the words before it (``… Walt W. Rostow President:``, ``The
    Middle East Gromyko:``), the shortest ending the document also uses as a label after a
    sentence's end (``… we feared. President: Bob?``). Right after a list's last item, with
    no such evidence, the label is its last word (with its article: ``The President:``)."""
    for k in range(len(label) - 1, 0, -1):
        tail = " ".join(label[k:])
        if re.search(rf"[.?!\"”’)\]]\d{{0,3}} {re.escape(tail)}:(?=\s)", text):
            return label[k:]
    if in_list and len(label) > 1:
        return label[-2:] if label[-2] == "The" else label[-1:]
    return label


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
