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
    for _, sub in named_child_lists(node, attrs):
        yield sub


def named_child_lists(node: Any, attrs: tuple[str, ...] = CHILDREN
                      ) -> Iterator[tuple[str, list[Any]]]:
    """``child_lists`` with the attribute each list is held in."""
    for attr in _child_attrs(type(node), attrs):
        sub = getattr(node, attr, None)
        if isinstance(sub, list):
            yield attr, sub


def walk(blocks: list[Any]) -> Iterator[Any]:
    """Every model node below ``blocks``, depth first, in source order (a list inside a list
    of children, as a line of an authority block, stands for its items). A node's children
    are read when the walk goes on from it, so a pass may replace them as it is handed the
    node. With a stack, not nested generators, and each class's child attributes looked up
    once: every node of every document passes here several times."""
    stack = blocks[::-1]
    pop = stack.pop
    while stack:
        b = pop()
        yield b
        cls = type(b)
        attrs = _ATTRS.get(cls)
        if attrs is None:
            attrs = _ATTRS[cls] = _child_attrs(cls, CHILDREN)
        if not attrs:  # a leaf: most nodes are text
            continue
        kids: list[Any] = []
        for attr in attrs:
            sub = getattr(b, attr, None)
            if isinstance(sub, list):
                for x in sub:
                    if isinstance(x, list):
                        kids += x
                    else:
                        kids.append(x)
        if kids:
            kids.reverse()
            stack += kids


_ATTRS: dict[type, tuple[str, ...]] = {}  # a class's attributes of CHILDREN, for walk


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
