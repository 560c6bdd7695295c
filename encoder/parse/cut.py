"""A cut: where the re-flow breaks a run-together line, shared by the modules of its rules."""

from __future__ import annotations

from typing import NamedTuple

HEAD_ZONE = 3000  # the heading, dateline and colon-less field labels: in the first characters


class Cut(NamedTuple):
    pos: int  # where the line breaks
    kind: str  # ``block`` or ``line``
    rule: str  # the rule of ``CUT_RULES`` that made it
