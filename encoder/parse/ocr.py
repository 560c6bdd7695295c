"""Words damaged by OCR, read for recognising only: the text itself is never changed.

Raw OCR layers of archive PDFs confuse letters (``0``/``O``, ``l``/``I``, ``MEMORANDUH``,
``MEMORANOUM``, ``SEGRET``) and split words with spaces (``TH E WHITE HOU SE``,
``Conver sation``). A recogniser asks ``repair(text, words)`` for the reading of ``text`` in
which fragments and near misses of a closed vocabulary (heading words, letterhead words,
banner words) are replaced by the vocabulary word; it then matches its usual pattern against
that reading and keeps the source text as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

# characters OCR reads for a capital letter (only inside a word that is otherwise letters)
CONFUSIONS = str.maketrans({"0": "O", "1": "I", "l": "I", "|": "I", "5": "S", "$": "S"})
TOKEN = re.compile(r"\S+")
FRAGMENT = re.compile(r"[\w$|]*[A-Za-z][\w$|]*")  # a piece of a word split by spaces
LEAD = re.compile(r"[.,;:\-~*'\"]*")


def distance(a: str, b: str, limit: int) -> int:
    """The edit distance of ``a`` and ``b``, or ``limit + 1`` once it is certainly above it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def tolerance(word: str) -> int:
    """How many letters may be wrong: none in a short word (``OF``, ``THE``), one in a long
    one (two would read ``DECLASSIFIED`` as ``UNCLASSIFIED``)."""
    return 0 if len(word) < 6 else 1


@lru_cache(maxsize=16384)
def near(fragment: str, words: frozenset[str], joined: bool = False) -> str | None:
    """The vocabulary word (upper case) that ``fragment`` is an OCR reading of, or None; a
    fragment ``joined`` from pieces split by spaces must read exactly (one letter may be wrong
    in a word of ten or more), so that a short word before it is not swallowed. Cached: the
    windows a recogniser tries over a line share most of their words."""
    core = fragment.strip(".,;:-~*'\"")
    if not core or not re.search(r"[A-Za-z]", core) or not re.fullmatch(r"[\w$|]+", core):
        return None
    up = core.translate(CONFUSIONS).upper()
    if up in words:
        return up
    def limit(w: str) -> int:
        return (1 if len(w) >= 10 else 0) if joined else tolerance(w)

    by_length = _by_length(words)  # at most one letter wrong: a length within one
    best = [w for n in (len(up) - 1, len(up), len(up) + 1) for w in by_length.get(n, ())
            if distance(up, w, limit(w)) <= limit(w)]
    return best[0] if len(best) == 1 else None


@lru_cache(maxsize=8)
def _by_length(words: frozenset[str]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for w in words:
        out.setdefault(len(w), []).append(w)
    return out


@lru_cache(maxsize=4096)
def repair(text: str, words: frozenset[str]) -> str:
    """``text`` with each OCR reading of a vocabulary word (up to three space-split fragments)
    replaced by that word, in the case it was written in; other words stay as written."""
    tokens = text.split()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        taken, reading = _reading_at(tuple(tokens[i : i + 3]), words)
        out.append(reading)
        i += taken
    return " ".join(out)


def opening(text: str, words: frozenset[str]) -> str:
    """The first word of ``repair(text, words)``, read without repairing the rest: the first
    group of up to three fragments as a vocabulary word, or the first word as written."""
    return _reading_at(tuple(text.split(maxsplit=3)[:3]), words)[1]


@lru_cache(maxsize=4096)
def _reading_at(ahead: tuple[str, ...], words: frozenset[str]) -> tuple[int, str]:
    """How many of the (up to three) words ``ahead`` are read as one vocabulary word, and
    that reading; else one word as written. Cached: the windows a recogniser tries over a
    line repair the same words again and again, each window a new text (a document's worth
    of entries: a worker's memory must not grow with the corpus)."""
    for k in range(len(ahead), 0, -1):
        joined = "".join(ahead[:k])
        if k > 1 and not all(FRAGMENT.fullmatch(t) for t in ahead[:k]):
            continue  # a page number is no fragment
        word = near(joined, words, joined=k > 1)
        if word is None:
            continue
        lead = LEAD.match(joined).group(0)  # type: ignore[union-attr]
        trail = joined[len(joined.rstrip(".,;:-~*'\"")) :]
        letters = [c for c in joined if c.isalpha()]
        upper = sum(c.isupper() for c in letters) * 2 >= len(letters)
        cased = word if upper else word.capitalize()
        return k, lead + cased + trail
    return 1, ahead[0]

