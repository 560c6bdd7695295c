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
from itertools import accumulate

from .cut import Cut
from .ocr import TOKEN, tokens

WINDOW = 8  # words a heading, banner or letterhead may span
CAPSISH = re.compile(r"^[-~*]*[A-Z0-9$|][A-Za-z0-9$|/,.&'’-]*[-~*]*$")
_OPENS = frozenset("-~*$|" + string.ascii_uppercase + string.digits)  # CAPSISH's first character
# an ASCII word's capitals and small letters, counted by deleting them (in C)
_NO_UPPER = str.maketrans("", "", string.ascii_uppercase)
_NO_LOWER = str.maketrans("", "", string.ascii_lowercase)


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
        u, lo = upper[i], lower[i]
        for j in range(min(i + WINDOW, len(starts)) - 1, i - 1, -1):
            end = ends[j]
            if plausible(upper[j + 1] - u, lower[j + 1] - lo) and accepts(text[start:end]):
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
    toks = tokens(text)
    words = text.split()  # the tokens' text: both split at Py_UNICODE_ISSPACE
    # counted per word, not per character (a 4 MiB line's running counts per character held
    # 8 million integers, 400 MB); a word of prose in lower case is counted in C
    upper = [0 if w.islower() else len(w) - len(w.translate(_NO_UPPER)) if w.isascii()
             else sum(map(str.isupper, w)) for w in words]
    lower = [len(w) - len(w.translate(_NO_LOWER)) if w.isascii()
             else sum(map(str.islower, w)) for w in words]
    return _Line([t.start() for t in toks], [t.end() for t in toks],
                 [i for i, w in enumerate(words) if w[0] in _OPENS and CAPSISH.match(w)],
                 [0, *accumulate(upper)], [0, *accumulate(lower)])


def tokens_to(text: str, offset: int, limit: int) -> list[re.Match[str]]:
    """The words of ``text`` that start by ``limit`` and the ``WINDOW`` - 1 after them, which
    a window opened by one may reach: a rule that looks only at a document's head need not
    split a 4 MiB line into words."""
    out: list[re.Match[str]] = []
    more = WINDOW - 1
    for tok in TOKEN.finditer(text):
        if offset + tok.start() > limit:
            if not more:
                break
            more -= 1
        out.append(tok)
    return out
