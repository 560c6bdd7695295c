"""Line passes run before segmentation: each turns the numbered lines into cleaner ones.

A pass keeps every line's number (a line split in two gives two lines of the same number), so
messages still point at the source. Passes run in the order of ``PASSES``.
"""

from __future__ import annotations

from collections.abc import Callable

from ..vocab import Vocab, vocab
from .reflow import reflow
from .source import Line
from .unbroken import unbroken


def glued_page_markers(lines: list[Line], v: Vocab) -> list[Line]:
    """``[Page 12]The text …``: a printed edition's page marker run into the first line of
    its page stands on a line of its own."""
    out: list[Line] = []
    for n, t in lines:
        s = t.strip()
        glued = v.page_re.match(s) if s else None
        if glued and glued.end() < len(s):
            out.append((n, glued.group(0)))
            t = s[glued.end() :]
        out.append((n, t))
    return out


PASSES: list[tuple[str, Callable[[list[Line], Vocab], list[Line]]]] = [
    ("text layer without blank lines re-flowed", unbroken),  # see unbroken.py
    ("one-line OCR re-flowed", reflow),  # see reflow.CUT_RULES
    ("glued page markers", glued_page_markers),
]


def normalise(lines: list[Line]) -> list[Line]:
    """The lines after every pass of ``PASSES``, in order."""
    v = vocab()
    for _name, run in PASSES:
        lines = run(lines, v)
    return lines
