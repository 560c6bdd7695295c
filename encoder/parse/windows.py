"""Windows of capitalised words over a long line, for the re-flow's furniture rules.

A banner or letterhead inside a run-together line is found by trying, from each word that
can open one, the longest run of up to ``WINDOW`` words first. Prose offers many such words
(``The``, ``President``), so each window is first ruled out by the case of its letters, with
counts worked out once per line, before the recogniser tries OCR repairs on it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from .cut import Cut
from .ocr import tokens

WINDOW = 8  # words a heading, banner or letterhead may span
CAPSISH = re.compile(r"^[-~*]*[A-Z0-9$|][A-Za-z0-9$|/,.&'’-]*[-~*]*$")


def windows(text: str, offset: int, limit: int | None, accepts: Callable[[str], bool],
             rule: str, plausible: Callable[[int, int], bool]) -> list[Cut]:
    """Cuts around the longest run of up to ``WINDOW`` capitalised words ``accepts`` takes.
    ``plausible(upper, lower)``, on the counts of upper- and lower-case letters, must hold
    for every window ``accepts`` takes: it rules out most windows of prose at the cost of two
    subtractions, where ``accepts`` would try OCR repairs on each."""
    out: list[Cut] = []
    if limit is not None and offset > limit:
        return out
    line = scan(text)
    starts, ends, upper, lower = line.starts, line.ends, line.upper, line.lower
    after = 0  # tokens before it are inside a window already taken
    for i in line.capitalised:
        start = starts[i]
        if limit is not None and offset + start > limit:
            break
        if i < after:
            continue
        u, lo = upper[start], lower[start]
        for j in range(min(i + WINDOW, len(starts)) - 1, i - 1, -1):
            end = ends[j]
            if plausible(upper[end] - u, lower[end] - lo) and accepts(text[start:end]):
                out += [Cut(start, "block", rule), Cut(end, "block", rule)]
                after = j + 1
                break
    return out


@dataclass(frozen=True)
class _Line:
    """What the windowed rules need of a line, worked out once: its words' bounds, which
    words can open a window (``CAPSISH``), and the upper- and lower-case letters before
    each position."""

    starts: list[int]
    ends: list[int]
    capitalised: list[int]
    upper: list[int]
    lower: list[int]


@lru_cache(maxsize=2)
def scan(text: str) -> _Line:
    toks = tokens(text)
    return _Line([t.start() for t in toks], [t.end() for t in toks],
                 [i for i, t in enumerate(toks) if CAPSISH.match(t.group(0))],
                 [0, *accumulate(map(str.isupper, text))],
                 [0, *accumulate(map(str.islower, text))])
