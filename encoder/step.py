"""The per-document step: one source to its TEI file (and its page), and its small facts.

:func:`encode_step` is a pure function of a source file and the :class:`~encoder.facts.Plan`
the corpus decided for it (id, links): it reads, parses, builds the TEI, validates it, writes
it and returns :class:`~encoder.facts.DocFacts`, a few hundred bytes. :func:`page_step`
renders that document's page from its TEI file and the facts of the documents it links to.
Both run in worker processes (``encode all --jobs N``) and write their own files, so only the
facts travel between processes. A file is written only once its TEI is complete and valid,
through a temporary file that is renamed into place, so a failure never leaves a partial file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from . import model as m
from .errors import EncodeError
from .facts import DocFacts, Plan, apply_plan, document_facts
from .files import write_atomic
from .html.pages import HtmlError, page_facts, render_page
from .safexml import parse_xml

if TYPE_CHECKING:
    from .validate import Message

#: Validation of fresh TEI bytes (named as the file would be): the errors that block writing.
Check = Callable[[bytes, str], "list[Message]"]


@dataclass(slots=True)
class Outcome:
    """What happened to one source: its document, or the error that stopped it."""

    source: Path
    doc: m.Document | None = None
    error: str | None = None
    data: bytes | None = None
    #: the folder its TEI was written into (one Path shared by every outcome of a corpus)
    folder: Path | None = None
    warnings: list[str] = field(default_factory=list)
    speeches: int = 0
    doc_id: str | None = None

    @property
    def written(self) -> Path | None:
        """The TEI file written, if any."""
        return self.folder / f"{self.id}.xml" if self.folder and self.ok and self.id else None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def id(self) -> str | None:
        """The document's id (also of one that failed after parsing); None if unparsed."""
        return self.doc.id if self.doc is not None else self.doc_id


def _located(exc: EncodeError, source: Path) -> str:
    if exc.file is None:
        exc.file = source.name
    return str(exc)


def parse_one(path: Path) -> Outcome:
    """Read and parse one source; every failure becomes a one-line message, never a raise."""
    from .parse import parse, read_source  # here: a rerun that encodes nothing never loads it

    try:
        doc = parse(read_source(path))
    except EncodeError as exc:
        return Outcome(path, error=_located(exc, path))
    except RecursionError:
        return Outcome(path, error=f"{path.name}: error: text nested too deeply to encode")
    except Exception as exc:  # noqa: BLE001 - an encoder bug must not stop the other files
        return Outcome(path, error=f"{path.name}: error: internal error "
                                    f"({type(exc).__name__}: {exc}); please report it")
    return Outcome(path, doc=doc)


def render(o: Outcome, check: Check | None, strict: bool = False) -> etree._ElementTree | None:
    """TEI bytes for a parsed document; ``check`` returns blocking errors (validation).

    Under ``strict`` a document with any warning fails too: for editors who want a clean
    transcription, a tolerated artefact is something to fix in the source. Returns the tree
    whose serialisation ``o.data`` is, indented as written: what reading ``o.data`` back
    would give, without the parse (None when there is nothing to write).
    """
    from .tei import serialize, to_tei

    assert o.doc is not None
    o.data = o.error = None
    try:
        tree = to_tei(o.doc)
        data = serialize(tree)
        errors = check(data, f"{o.doc.id}.xml") if check else []
    except Exception as exc:  # noqa: BLE001
        o.error = f"{o.source.name}: error: internal error ({type(exc).__name__}: {exc})"
        return None
    o.warnings = [
        f"{o.source.name}:{w.line}: warning: {w.message}" if w.line
        else f"{o.source.name}: warning: {w.message}"
        for w in o.doc.warnings
    ]
    if errors:
        o.error = "\n".join(_invalid(o.source.name, tree, data, e) for e in errors[:3])
    elif strict and o.warnings:
        o.error = (f"{o.source.name}: error: {len(o.warnings)} warning(s), and --strict makes "
                   "every warning a failure")
    else:
        o.data = data
        return tree
    return None


def _invalid(name: str, tree: etree._ElementTree, data: bytes, error: Message) -> str:
    """The message for a validation error, located in the source, not in the unwritten TEI."""
    line = _source_line(tree, data, error.line)
    where = f"{name}:{line}" if line else name
    return f"{where}: error: encoded TEI is invalid: {error.message} [{error.rule}]"


def _source_line(tree: etree._ElementTree, data: bytes, tei_line: int) -> int | None:
    """The source line of what was written at ``tei_line`` of ``data``.

    The writer records on each block element the line it came from (as ``sourceline``, which
    is not serialised); the TEI is read back to learn each element's line in the file, and the
    element at or before ``tei_line`` answers with its own line, else its nearest ancestor's,
    else its first content's (a division says where it begins). ``None`` for the header and
    other parts not written from a source line.
    """
    if tei_line <= 0:
        return None
    found: etree._Element | None = None
    for written, read in zip(tree.getroot().iter(), parse_xml(data).getroot().iter(), strict=True):
        if (read.sourceline or 0) > tei_line:
            break
        found = written
    if found is None:
        return None
    for node in (found, *found.iterancestors(), *found.iterdescendants()):
        if node.sourceline:
            return int(node.sourceline)
    return None


def encode_one(path: Path, check: Check | None = None, strict: bool = False) -> Outcome:
    o = parse_one(path)
    if o.doc is not None:
        render(o, check, strict)
    return o


def encode_step(path: Path, staged: Path, check: Check | None, strict: bool,
                plan: Plan | None) -> DocFacts:
    """Encode one source with the corpus's ``plan`` for it (none yet: its own id, no links)
    and write its TEI to ``staged``; the facts say what happened."""
    o = parse_one(path)
    facts = DocFacts(path.name, error=o.error)
    if o.doc is None:
        return facts
    doc = o.doc
    facts.digest = doc.source.sha256
    facts.base_id = doc.id
    for name, value in document_facts(doc).items():
        setattr(facts, name, value)
    facts.plan = plan = plan or Plan(doc.id)
    apply_plan(doc, plan)
    tree = render(o, check, strict)
    facts.warnings = o.warnings
    if o.data is None or tree is None:
        facts.error = o.error
        return facts
    try:
        write_atomic(staged, o.data)
    except OSError as exc:
        facts.error = f"{staged}: error: cannot write: {exc.strerror or exc}"
        return facts
    facts.tei_digest = hashlib.sha256(o.data).hexdigest()
    facts.page = page_facts(tree.getroot())  # tests/test_listing.py: as from the file
    return facts


def page_step(tei: Path, page: Path, numbers: dict[str, int],
              linked: list[tuple[str, str, str]]) -> str | None:
    """Render one document's page from its TEI file; an error message, or None."""
    try:
        root = parse_xml(tei).getroot()
        write_atomic(page, render_page(root, numbers, linked))
    except HtmlError as exc:
        return str(exc)
    except (OSError, etree.XMLSyntaxError) as exc:
        return f"{tei}: error: cannot render HTML: {exc}"
    return None
