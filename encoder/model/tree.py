"""The one walk over the document model, and the text of inline nodes as read."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from . import (
    Bold,
    Date,
    Email,
    Foreign,
    Gap,
    Interruption,
    LineBreak,
    Link,
    Name,
    Portion,
    Quote,
    Struck,
    Supplied,
    Text,
)

# the attributes of a node that hold its children, in reading order
CHILDREN = ("blocks", "paras", "content", "items", "children", "entries", "value", "lines")


@functools.cache
def _child_attrs(cls: type, attrs: tuple[str, ...]) -> tuple[str, ...]:
    """Of ``attrs``, those a model class has (all of them for a class that is not a dataclass)."""
    fields = getattr(cls, "__dataclass_fields__", None)
    return attrs if fields is None else tuple(a for a in attrs if a in fields)


def child_lists(node: Any, attrs: tuple[str, ...] = CHILDREN) -> Iterator[list[Any]]:
    """The lists of children a node holds (the lists themselves, so a pass may edit them)."""
    for attr in _child_attrs(type(node), attrs):
        sub = getattr(node, attr, None)
        if isinstance(sub, list):
            yield sub


def walk(blocks: list[Any]) -> Iterator[Any]:
    """Every model node below ``blocks``, depth first, in source order."""
    for b in blocks:
        yield b
        for attr in _child_attrs(type(b), CHILDREN):
            sub = getattr(b, attr, None)
            if isinstance(sub, list):
                for x in sub:
                    yield from walk(x if isinstance(x, list) else [x])


def plain(nodes: list[Any]) -> str:
    """The text of inline nodes as read (for titles and header facts)."""
    out = []
    for n in nodes:
        if isinstance(n, Text):
            out.append(n.text)
        elif isinstance(n, LineBreak):
            out.append(" ")
        elif isinstance(n, (Bold, Link, Name, Quote, Foreign)):
            out.append(plain(n.children))
        elif isinstance(n, Email):
            out.append(n.address)
        elif isinstance(n, (Portion, Struck, Gap, Interruption, Supplied, Date)):
            out.append(getattr(n, "text", getattr(n, "desc", "")))
    return re.sub(r"\s+", " ", "".join(out)).strip()
