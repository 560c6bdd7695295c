"""Windows of capitalised words over a long line, for the re-flow's furniture rules.

A banner or letterhead inside a run-together line is found by trying, from each word that
can open one, the longest run of up to ``WINDOW`` words first. Prose offers many such words
(``The``, ``President``), so each window is first ruled out by the case of its letters, with
counts worked out once per line, before the recogniser tries OCR repairs on it.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, repeat
from operator import add, mul, neg, sub

from .cut import Cut
from .segment import CASES

WINDOW = 8  # words a heading, banner or letterhead may span
CAPSISH = re.compile(r"^[-~*]*[A-Z0-9$|][A-Za-z0-9$|/,.&'’-]*[-~*]*$")
_OPENS = frozenset("-~*$|" + string.ascii_uppercase + string.digits)  # CAPSISH's first character



def windows(text: str, offset: int, limit: int | None, accepts: Callable[[str], bool],
            rule: str, ratio: int | None) -> list[Cut]:
    """Cuts around the longest run of up to ``WINDOW`` capitalised words ``accepts`` takes.
    Every window ``accepts`` takes has at least ``ratio`` times as many upper- as lower-case
    letters (``None``: no lower-case letter at all): worked out from counts per word, this
    rules out most windows of prose before ``accepts`` would try OCR repairs on them."""
    out: list[Cut] = []
    if limit is not None and offset > limit:
        return out
    line = scan(text)
    starts, ends = line.starts, line.ends
    # a window i..j is plausible when score[j + 1] >= score[i]: its letters' balance (with
    # no ratio, minus the lower-case letters so far: none may come between i and j)
    if ratio is None:
        score = list(map(neg, line.lower))
    else:
        score = list(map(sub, line.upper, map(mul, line.lower, repeat(ratio))))
    after = 0  # tokens before it are inside a window already taken
    for i in line.capitalised:
        start = starts[i]
        if limit is not None and offset + start > limit:
            break
        if i < after:
            continue
        last = min(i + WINDOW, len(starts))
        floor = score[i]
        if max(score[i + 1 : last + 1]) < floor:
            continue
        for j in range(last - 1, i - 1, -1):
            if score[j + 1] < floor:
                continue
            end = ends[j]
            if accepts(text[start:end]):
                out += [Cut(start, "block", rule), Cut(end, "block", rule)]
                after = j + 1
                break
    return out


@dataclass(frozen=True)
class _Line:
    """What the windowed rules need of a line, worked out once: its words' bounds, which
    words can open a window (``CAPSISH``), and the upper- and lower-case letters of the
    words before each word (between words there are none)."""

    starts: list[int]
    ends: list[int]
    capitalised: list[int]
    upper: list[int]
    lower: list[int]


@lru_cache(maxsize=2)
def scan(text: str) -> _Line:
    words = text.split()  # the words as ``TOKEN`` reads them: split at Py_UNICODE_ISSPACE
    lengths = list(map(len, words))
    if " ".join(words) == text:  # one space between words (most lines): bounds summed in C
        starts = list(accumulate(map(add, lengths, repeat(1)), initial=0))
        starts.pop()
    else:  # each word is next at or after the last one's end (only spaces between)
        starts, at = [], 0
        for w in words:
            at = text.find(w, at)
            starts.append(at)
            at += len(w)
    # counted per word, not per character (a 4 MiB line's running counts per character held
    # 8 million integers, 400 MB): ASCII letters become U and l in one pass over the line,
    # then counted word by word in C; a word with other characters is counted as it is
    cases = text.translate(CASES).split()
    upper = list(map(str.count, cases, repeat("U")))
    lower = list(map(str.count, cases, repeat("l")))
    if not text.isascii():
        for i, w in enumerate(words):
            if not w.isascii():
                upper[i], lower[i] = sum(map(str.isupper, w)), sum(map(str.islower, w))
    return _Line(starts, list(map(add, starts, lengths)),
                 [i for i, w in enumerate(words) if w[0] in _OPENS and CAPSISH.match(w)],
                 [0, *accumulate(upper)], [0, *accumulate(lower)])
