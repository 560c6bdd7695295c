"""Footnotes: the numbered notes after the trailer, and their calls glued to words in the text.

Two stages: ``footnotes`` reads the notes while the division is laid out; ``mark_calls``, a
pass over the finished division, finds each note's call in reading order.
"""

from __future__ import annotations

import re
from typing import Any

from .. import model as m
from ..model.tree import child_lists
from .inline import inlines
from .segment import Unit
from .state import Context

# ``1. Source: …``; copied from a printed page the number may lose its stop (``1 Source: …``)
NOTE_LINE = re.compile(r"^(?P<n>\d{1,3})(?:\.\s+\S|\s+[A-Z])")
SOURCE_NOTE = re.compile(r"^1\.?\s+Source:\s")
# a call is glued to a word ending in two lower-case letters, or to the closing parenthesis or
# stop right after such a word (``(Dobrynin)1``, ``agreements.2``)
CALL = re.compile(r"(?<![\w-])(?P<word>[A-Za-z]*[a-z]{2}[).,;:]?)(?P<n>\d{1,3})(?![\w])")
# a call is looked for in running text only: not in notes, furniture, stamps or memo fields
CALL_CHILDREN = ("blocks", "paras", "content", "children")
NO_CALLS = (m.Footnote, m.Furniture, m.Stamp, m.Fields)


def footnotes(unit: Unit, ctx: Context, expected: int = 1) -> list[m.Footnote]:
    """Numbered notes (``1. Source: …``), one per line numbered ``expected``, the next number,
    and so on: a line of a note that starts with another number (``1 May …``) goes on with
    the note, so no number (and no ``fn-N`` id) is taken twice."""
    notes: list[tuple[int, str, list[str]]] = []
    for n, t in unit.lines:
        hit = NOTE_LINE.match(t.strip())
        if (hit and int(hit.group("n")) == expected) or not notes:
            notes.append((n, hit.group("n") if hit else str(expected), [t.strip()]))
            expected += 1
        else:
            notes[-1][2].append(t.strip())
    return [m.Footnote(num, inlines(" ".join(ts), n, ctx), n) for n, num, ts in notes]


def note_number(unit: Unit) -> int | None:
    """The number a unit of notes opens with, or None."""
    hit = NOTE_LINE.match(unit.lines[0][1].strip()) if unit.kind == "text" else None
    return int(hit.group("n")) if hit else None


def is_note_block(units: list[Unit], j: int, after_trailer: bool) -> bool:
    """Whether ``units[j]`` opens the numbered notes that end a division (a check).

    After the trailer, lines numbered with a stop (``2.``) are notes. A printed edition has
    no trailer: there the notes are the numbered lines that end the division, numbered 1, 2,
    3 … and opening with the source note (``1. Source: …``), so a numbered list inside a
    speech is not taken.
    """
    first = units[j]
    if first.kind != "text" or not NOTE_LINE.match(first.lines[0][1].strip()):
        return False
    if after_trailer and re.match(r"\d{1,3}\.", first.lines[0][1].strip()):
        return True  # (a number without its stop is taken only when it opens a source note)
    if not SOURCE_NOTE.match(first.lines[0][1].strip()):
        return False
    numbers = [int(hit.group("n")) for u in units[j:] if u.kind == "text"
               for _, t in u.lines if (hit := NOTE_LINE.match(t.strip()))]
    starts = all(NOTE_LINE.match(u.lines[0][1].strip()) for u in units[j:] if u.kind == "text")
    return starts and numbers == list(range(1, len(numbers) + 1))


def mark_calls(div: m.Div, ctx: Context) -> None:
    """Footnote calls glued to words, found in reading order, for the div's numbered notes.

    A number glued to a word is a call only when the word ends in two lower-case letters
    (``letter4``, ``Yeltsin1``, not ``B52``, ``G7``, ``MiG29``, ``START2``) and the number is
    the next one the notes expect; so calls are read in sequence and nothing else is taken.
    """
    notes = [b for b in div.blocks if isinstance(b, m.Footnote)]
    if not notes:
        return
    pending = [note.n for note in notes]

    def visit(nodes: list[Any]) -> None:
        i = 0
        while i < len(nodes) and pending:
            node = nodes[i]
            if isinstance(node, m.Text):
                hit = next((h for h in CALL.finditer(node.text) if h.group("n") == pending[0]),
                           None)
                if hit:
                    pending.pop(0)
                    cut = hit.start("n")
                    nodes[i : i + 1] = [m.Text(node.text[:cut]), m.NoteCall(hit.group("n")),
                                        m.Text(node.text[hit.end("n") :])]
                    i += 2
                    continue
            elif not isinstance(node, NO_CALLS):
                for sub in child_lists(node, CALL_CHILDREN):
                    visit(sub)
            i += 1

    visit(div.blocks)
    called = {note.n for note in notes} - set(pending)
    for note in notes:
        note.called = note.n in called
        if not note.called:
            ctx.warn(note.line, f"footnote {note.n} has no call in the text")
