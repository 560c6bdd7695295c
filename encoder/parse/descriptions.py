"""What follows a name in a field of persons: its description, and the role it gives.

``Helmut Kohl, Chancellor``: what follows a name's comma and reads as a description (an office
word, a suffix, ``of``/``the``…) describes that person and is no other person. Its words may
give the person a role other than the field's (``Viktor M. Sukhodrev, Interpreter`` among the
participants); in a list run onto one line the description ends where the next name begins,
and a description set on the line after its name is still that person's.
"""

from __future__ import annotations

import re

from .. import model as m
from ..ids import SUFFIX
from ..vocab import vocab
from .people import name_cuts
from .state import Context

INTERPRETER = re.compile(r"\binterpreter\b", re.I)
NOTETAKER = re.compile(r"\bnote-?takers?\b", re.I)


def is_description(part: str) -> bool:
    """``Chancellor``, ``Minister of Foreign Affairs``, ``III``: what follows a name's comma."""
    words = part.split()
    if not words:
        return False
    office = vocab().office_words
    if SUFFIX.match(words[0]) or words[0] in office:
        return True
    if words[-1].strip(",;").capitalize() in office:
        return True  # ``Soviet Ambassador``, ``NSC Staff`` (not ``Foreign Minister Genscher``)
    return any(w in ("of", "the", "for", "to", "in", "at", "on") for w in words)


def described_role(parts: list[str], k: int, ctx: Context, role: str) -> str:
    """The role of the last name of ``parts[k]``: an interpreter or a notetaker when the
    description after its comma says so (``Viktor M. Sukhodrev, Soviet interpreter``), else
    the field's. Only
    that person's: in a participants list run onto one line the description ends where the
    next name begins (``…, Interpreter US | The Secretary of State``)."""
    if k + 2 >= len(parts) or "," not in parts[k + 1] or "and" in parts[k + 1]:
        return role
    desc = parts[k + 2]
    if not is_description(desc):
        return role
    cuts = name_cuts(desc, ctx, description=True)
    own = desc[: cuts[0] if cuts else None]
    return "interpreter" if INTERPRETER.search(own) else "notetaker" if NOTETAKER.search(
        own) else role


def split_description(before: str, text: str, out: list[m.Inline], line: int,
                      ctx: Context) -> bool:
    """A line that describes the person the line before ends with (``Helmut Kohl,`` then
    ``Chancellor of the Federal Republic of Germany``: a name and its description split
    across a line end or a cut) is that person's description, not another person: kept as
    text, added to what describes them, with a warning naming the line. A line that names a
    registry person is a new name."""
    last = next((x for x in reversed(out) if isinstance(x, m.Name)), None)
    if (last is None or last.ref is None or not before.rstrip().endswith(",")
            or not is_description(text) or any(
                h.kind == "person" for h in ctx.settings.registry.find_mentions(text))):
        return False
    described = ctx.results.described
    described[last.ref] = (described.get(last.ref, "") + " " + text).strip()
    name = "".join(x.text for x in last.children if isinstance(x, m.Text))
    ctx.warn(line, f"description of '{name}' split from the name on the line before, read as "
                   f"that person's description: {text}")
    out.append(m.Text(text))
    return True
