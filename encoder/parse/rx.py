"""Patterns that open with a lookbehind, searched as fast as patterns that open with a word.

``re`` skips ahead to where a pattern can start only when the pattern opens with a literal or
a set of characters; a leading lookbehind (``(?<!\\S)DECLASSIFIED``: at a word's start) hides
that, and ``re`` then tries the whole pattern at every character (``(?<![\\w(])\\(``: 12 µs a
line, 0.6 without). :class:`Scan` looks for the pattern without its leading lookbehinds and
tries the whole pattern only where that matches: the same matches, in a fraction of the time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


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
