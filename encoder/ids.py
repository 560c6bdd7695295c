"""Every identifier the edition mints: document ids, local person ids, slugs."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from . import model as m

SUFFIX = re.compile(r"^(?:Jr\.?|Sr\.?|II|III|IV)$")


def slug(text: str) -> str:
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def surname(name: str) -> str:
    words = [w.strip(",") for w in name.split()]
    while len(words) > 1 and SUFFIX.match(words[-1]):
        words.pop()
    return words[-1] if words else name


def local_id(name: str, people: dict[str, m.Person], reserved: frozenset[str] = frozenset(),
             titles: frozenset[str] = frozenset()) -> str:
    """An xml:id for a person the registry does not know, from the name without the titles
    and offices before it (``titles``, case-folded: ``Assistant Secretary John Q. Smithers``
    is ``john-q-smithers``), so that the id names the person, not the post they held that day.

    It must not be an id the document may also use for someone or something else: another
    person, a registry person or place mentioned later (``reserved``), or a footnote.
    """
    words = name.split()
    while len(words) > 1 and words[0].casefold() in titles:
        words.pop(0)
    base = " ".join(words)
    base = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", base).lower()).strip("-")
    base = base or "person"
    if not base[0].isalpha() or base.startswith(("fn-", "fncall-")):
        base = "p-" + base
    for existing in people.values():
        if existing.local and existing.name == name.strip():
            return existing.id
    ident, i = base, 2
    while ident in people or ident in reserved:
        ident, i = f"{base}-{i}", i + 1
    return ident


def memo_id(doc: m.Document) -> str:
    """``telcon-2000-01-01-clinton-putin``: kind, date, and the speakers' surnames.

    The speakers (in order of first speech, at most three) name the call; a document with no
    speeches falls back to its listed participants, and one with neither to its file name.
    """
    parts = [doc.meta.kind]
    if doc.meta.date:
        parts.append(doc.meta.date)
    who = list(dict.fromkeys(s.who for s in doc.speeches() if s.who in doc.people))
    known = [p for p in who if not doc.people[p].local or doc.people[p].named]
    who = known or who
    who = who or [p for p in doc.meta.participants if p in doc.people]
    names = list(dict.fromkeys(slug(surname(doc.people[p].name)) for p in who[:3]))
    parts.extend(n for n in names if n)
    if len(parts) == 1:
        parts.append(slug(Path(doc.source.name).stem))
    return "-".join(parts)


def article_id(meta: m.Meta) -> str:
    """``article-2024-tamponi-twilight-calls``: year, author's surname, start of the title."""
    year = (meta.date or "")[:4]
    author = slug(meta.author.split()[-1]) if meta.author else ""
    title = slug(meta.title or "")[:40].strip("-")
    return "-".join(x for x in ["article", year, author, title] if x)
