"""What the recognisers of one document share: settings fixed before reading, results found.

Settings are decided before the body is read and never change while reading; results grow as
the body is read, in source order, and become the document's people and warnings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from .. import model as m
from ..registry import Registry


@dataclass(frozen=True)
class Settings:
    """Fixed for the whole document before its body is read."""

    registry: Registry  # the people and places that can be named (resolves labels and names)
    date: dt.date | None = None  # the conversation's date: titles resolve to who held them then
    editorial_brackets: bool = True  # [ … ] is an editor's note (memos), not text (articles)
    frus_pages: bool = False  # the source has printed page markers; no implicit page 1
    # a State Department record: its bare ``The Secretary`` is the Secretary of State
    state_record: bool = False
    # speaker labels the OCR left without their colon, found before reading (turns.bare_labels)
    bare_labels: frozenset[str] = frozenset()


@dataclass
class Results:
    """Found while reading, in source order."""

    warnings: list[m.Warning] = field(default_factory=list)  # messages for the user, by line
    people: dict[str, m.Person] = field(default_factory=dict)  # everyone named, by id
    labels: dict[str, str | None] = field(default_factory=dict)  # speaker label -> person id
    head_people: list[str] = field(default_factory=list)  # ids of the heading's parties
    described: dict[str, str] = field(default_factory=dict)  # id -> words describing them


@dataclass
class Context:
    """Settings and results of the document being read; recognisers take it as ``ctx``."""

    settings: Settings
    results: Results = field(default_factory=Results)

    @cached_property
    def reserved(self) -> frozenset[str]:
        """Ids of registry people and places: a local person's id must differ from them."""
        reg = self.settings.registry
        return frozenset(p.id for p in reg.people) | frozenset(p.id for p in reg.places)

    def warn(self, line: int | None, message: str) -> None:
        self.results.warnings.append(m.Warning(line, message))
