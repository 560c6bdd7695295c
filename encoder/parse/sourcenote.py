"""A printed edition's source note (``1. Source: National Archives, …. Secret; Nodis. …``).

The note says where the original is kept and how it was classified; both are header facts
(``msDesc``, ``catRef``) that a printed edition gives nowhere else. The note itself stays in
the text where it is printed; this module only reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import model as m
from ..model.tree import plain
from ..vocab import vocab
from .state import Context

SOURCE = re.compile(r"^(?:1\.?\s+)?Source:\s+")
# the classification sentence: a level, then caveats after semicolons (``Secret; Nodis.``)
CLASSIFICATION = re.compile(
    r"(?:^|(?<=\.)\s+)(?P<level>Top Secret|Secret|Confidential|Unclassified|Limited Official Use"
    r"|No classification marking)(?P<caveats>(?:;\s*[A-Z][A-Za-z -]*?)*)\.(?=\s|$)"
)

# words that make the citation's first part an archive (``National Archives``, ``Ford Library``)
ARCHIVE = re.compile(r"\b(Archives?|Library|Department|Agency|Center|Centre|Council|Office"
                     r"|Ministry|Institution|Museum|Foundation|University|Institute)\b")


@dataclass
class SourceNote:
    """What a source note says: the archive's name, the rest of the citation, and the
    original's classification (a level id of ``vocab.json`` and caveat ids)."""

    repository: str | None = None
    collection: str | None = None
    level: str | None = None
    caveats: list[str] = field(default_factory=list)


def read_source_note(notes: list[m.Footnote], ctx: Context) -> SourceNote | None:
    """The first footnote, when it is a source note: its citation and classification.

    The citation before the classification sentence is the archive (up to its first comma,
    when that names an institution: ``National Archives``, ``Department of State``) and, as
    the note gives it, the collection and file (``Nixon Presidential Materials, NSC Files,
    Box 490``); a citation that names no archive is all collection. A caveat the vocabulary
    does not know is reported, not invented.
    """
    if not notes:
        return None
    text = plain(notes[0].content)
    head = SOURCE.match(text)
    if not head:
        return None
    body = text[head.end() :]
    cls = CLASSIFICATION.search(body)
    citation = (body[: cls.start()] if cls else body).strip().rstrip(".")
    note = SourceNote()
    repository, _, rest = citation.partition(", ")
    if ARCHIVE.search(repository):
        note.repository, note.collection = repository.strip(), rest.strip() or None
    else:  # no archive named (``Presidential memoranda of telephone conversations, …``)
        note.collection = citation or None
    if cls is None:
        return note
    v = vocab()
    note.level = v.level_of_banner(cls.group("level").upper())
    for written in filter(None, (c.strip() for c in cls.group("caveats").split(";"))):
        found = [cav.id for cav in v.caveats
                 if any(re.search(rf"\b{re.escape(f)}\b", written, re.I) for f in cav.forms)]
        if found:
            note.caveats.append(found[0])
        else:
            ctx.warn(notes[0].line, f"caveat in the source note not in the vocabulary, kept "
                                    f"as text only: {written}")
    return note
