"""Regular expressions tried less often: where they cannot match, they are not run.

``re`` skips ahead to where a pattern can start only when the pattern opens with a literal or
a set of characters; a leading lookbehind (``(?<!\\S)DECLASSIFIED``: at a word's start) hides
that, and ``re`` then tries the whole pattern at every character (``(?<![\\w(])\\(``: 12 µs a
line, 0.6 without). :class:`Scan` looks for the pattern without its leading lookbehinds and
tries the whole pattern only where that matches: the same matches, in a fraction of the time.
:func:`openers` reads off the characters a pattern's match can start with, so that a caller
can tell at once that a text cannot be matched (a line that opens no heading) before building
the readings it would try the pattern on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

try:  # the parser ``re`` compiles with (the module's name before Python 3.11)
    from re import _constants as sre
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as sre  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]


def without_lookbehinds(rx: str) -> str:
    """``rx`` without the lookbehinds it starts with: it matches wherever ``rx`` does (and
    more), and a pattern that starts with a literal lets ``re`` skip ahead to it."""
    while rx.startswith("(?<"):
        depth, i, in_class = 0, 0, False
        while True:
            c = rx[i]
            if c == "\\":
                i += 2
                continue
            if in_class:
                in_class = c != "]"
            elif c == "[":
                in_class = True
            elif c in "()":
                depth += 1 if c == "(" else -1
                if not depth:
                    break
            i += 1
        rx = rx[i + 1 :]
    return rx


class Scan:
    """A pattern searched where its candidate (the pattern without its leading lookbehinds)
    matches; ``group`` names a group around the whole pattern (the inline rules' handlers read
    their match by the rule's name). For patterns that never match the empty string."""

    __slots__ = ("candidate", "pattern")

    def __init__(self, rx: str, flags: int = 0, group: str | None = None) -> None:
        self.pattern = re.compile(f"(?P<{group}>{rx})" if group else rx, flags)
        self.candidate = re.compile(without_lookbehinds(rx), flags)

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        """The first match at or after ``pos``, as ``pattern.search`` finds it: the candidate
        matches wherever the pattern does, so the first place both match is the first match."""
        while (at := self.candidate.search(text, pos)) is not None:
            hit = self.pattern.match(text, at.start())
            if hit is not None:
                return hit
            pos = at.start() + 1
        return None

    def finditer(self, text: str, pos: int = 0) -> Iterator[re.Match[str]]:
        """The matches from ``pos`` on, each search starting where the last match ended, as
        ``pattern.finditer`` gives them (no match is empty)."""
        while (hit := self.search(text, pos)) is not None:
            yield hit
            pos = hit.end()


class Openers(NamedTuple):
    """The characters a match can start with: these, and any decimal digit with ``digits``."""

    chars: frozenset[str]
    digits: bool

    def __call__(self, char: str) -> bool:
        return char in self.chars or (self.digits and char.isdecimal())


def openers(pattern: re.Pattern[str]) -> Openers | None:
    """The characters a match of ``pattern`` can start with, read from the pattern as ``re``
    parses it; None (anything may open a match) when that cannot be read plainly: the pattern
    ignores case, may match the empty string, or opens with something other than literals,
    sets of them, ``\\d``, groups, alternatives, repeats and zero-width assertions."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        found = _first(list(sre_parse.parse(pattern.pattern, pattern.flags)))
    except Exception:  # noqa: BLE001 - a parser of another Python: no shortcut, not an error
        return None
    if found is None or found[2]:
        return None
    return Openers(frozenset(found[0]), found[1])


def _first(items: list[tuple[object, object]]) -> tuple[set[str], bool, bool] | None:
    """(characters, any digit, may match empty) of a sequence of parsed items; None: unknown."""
    chars: set[str] = set()
    digits = False
    for op, av in items:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):  # zero-width: ``^``, ``\\b``, lookaround
            continue
        if op is sre.LITERAL:
            return chars | {chr(av)}, digits, False  # type: ignore[arg-type]
        if op is sre.IN:
            for kind, x in av:  # type: ignore[attr-defined]
                if kind is sre.LITERAL:
                    chars.add(chr(x))
                elif kind is sre.RANGE and x[1] - x[0] < 256:
                    chars.update(map(chr, range(x[0], x[1] + 1)))
                elif kind is sre.CATEGORY and x is sre.CATEGORY_DIGIT:
                    digits = True
                else:
                    return None
            return chars, digits, False
        if op is sre.SUBPATTERN:
            if av[1] & re.IGNORECASE:  # type: ignore[index]
                return None
            inner = _first(list(av[3]))  # type: ignore[index]
        elif op is sre.BRANCH:
            each = [_first(list(b)) for b in av[1]]  # type: ignore[index]
            if any(b is None for b in each):
                return None
            inner = (set().union(*(b[0] for b in each)), any(b[1] for b in each),  # type: ignore[index]
                     any(b[2] for b in each))  # type: ignore[index]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            least, _, body = av  # type: ignore[misc]
            inner = _first(list(body))
            if inner is not None and least == 0:
                inner = (inner[0], inner[1], True)
        else:
            return None
        if inner is None:
            return None
        chars |= inner[0]
        digits = digits or inner[1]
        if not inner[2]:
            return chars, digits, False
    return chars, digits, True
