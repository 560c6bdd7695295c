"""Encode a set of sources as one edition: ids, cross-links, validation and atomic writes.

Parsing is per file (and parallel); what needs the whole corpus is done here afterwards: two
sources that would share an id get a stable suffix from the second one's file name, and an
article that discusses a call in the corpus is linked to it (and the call back to it).
A file is written only once its TEI is complete and valid, through a temporary file that is
renamed into place, so a failure never leaves a partial file behind.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from . import interrupt
from . import model as m
from .errors import EncodeError
from .files import write_atomic
from .ids import slug
from .model.tree import plain, walk
from .parse import parse, read_source
from .personography import personography
from .safexml import parse_xml
from .tei import serialize, to_tei
from .validate import Message

#: Validation of fresh TEI bytes (named as the file would be): the errors that block writing.
Check = Callable[[bytes, str], list[Message]]


@dataclass
class Outcome:
    """What happened to one source: its document, or the error that stopped it."""

    source: Path
    doc: m.Document | None = None
    error: str | None = None
    data: bytes | None = None
    written: Path | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


def _located(exc: EncodeError, source: Path) -> str:
    if exc.file is None:
        exc.file = source.name
    return str(exc)


def parse_one(path: Path) -> Outcome:
    """Read and parse one source; every failure becomes a one-line message, never a raise."""
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


def assign_ids(outcomes: list[Outcome]) -> None:
    """Make document ids unique: a later duplicate gets a suffix from its file name."""
    seen: dict[str, Path] = {}
    for o in outcomes:
        if o.doc is None:
            continue
        base = o.doc.id
        if base in seen:
            o.doc.id = f"{base}-{slug(o.source.stem)}"
            o.doc.warnings.append(m.Warning(None, (
                f"same document id as {seen[base].name} (another release of the same call?); "
                f"encoded as {o.doc.id}")))
        seen[o.doc.id] = o.source


def link_articles(outcomes: list[Outcome]) -> None:
    """Link an article to the calls it discusses, and each such call back to the article.

    A call is discussed when the article names its date (``January 1, 2000``) in a sentence
    that also names one of the call's participants.
    """
    calls = [o.doc for o in outcomes if o.doc and o.doc.meta.kind != "article" and o.doc.meta.date]
    for o in outcomes:
        doc = o.doc
        if doc is None or doc.meta.kind != "article":
            continue
        for node in walk([b for d in doc.divs for b in d.blocks]):
            if not isinstance(node, m.Para):
                continue
            for i, x in enumerate(node.content):
                if not isinstance(x, m.Date) or not x.when:
                    continue
                sentence = plain(node.content)
                for call in calls:
                    if call.meta.date != x.when:
                        continue
                    names = {call.people[p].name.split()[-1] for p in call.meta.participants}
                    if any(re.search(rf"\b{re.escape(n)}\b", sentence) for n in names):
                        target = f"{call.id}.xml"
                        node.content[i] = m.Link(target, [x])
                        doc.meta.related.append((target, "discusses"))
                        call.meta.related.append((f"{doc.id}.xml", "discussed-by"))
                        break



def render(o: Outcome, check: Check | None, strict: bool = False) -> None:
    """TEI bytes for a parsed document; ``check`` returns blocking errors (validation).

    Under ``strict`` a document with any warning fails too: for editors who want a clean
    transcription, a tolerated artefact is something to fix in the source.
    """
    assert o.doc is not None
    o.data = o.error = None
    try:
        tree = to_tei(o.doc)
        data = serialize(tree)
        errors = check(data, f"{o.doc.id}.xml") if check else []
    except Exception as exc:  # noqa: BLE001
        o.error = f"{o.source.name}: error: internal error ({type(exc).__name__}: {exc})"
        return
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


def _chunk(n: int, jobs: int) -> int:
    """Batches of a few documents per task: fewer round trips, still balanced."""
    return max(1, n // (jobs * 4))


def _render(o: Outcome, check: Check | None, strict: bool) -> Outcome:
    render(o, check, strict)
    return o


def _merge(outcomes: list[Outcome], done: list[Outcome]) -> list[Outcome]:
    """``outcomes`` with those re-made (in a worker: copies) in ``done`` put in their place."""
    by_source = {o.source: o for o in done}
    return [by_source.get(o.source, o) for o in outcomes]


def _identity(o: Outcome) -> tuple[str, tuple[tuple[str, str], ...]]:
    """What corpus-wide steps change in a document: its id and its links to others."""
    assert o.doc is not None
    return o.doc.id, tuple(o.doc.meta.related)


def encode_corpus(
    sources: Iterable[Path],
    out: Path,
    jobs: int = 1,
    check: Check | None = None,
    progress: Callable[[Iterable[Outcome]], Iterable[Outcome]] | None = None,
    strict: bool = False,
) -> list[Outcome]:
    """Encode every source into ``out/tei/<id>.xml``; failures are reported, not raised."""
    paths = sorted(sources, key=lambda p: p.name)
    pool = (ProcessPoolExecutor(max_workers=jobs, initializer=interrupt.in_worker)
            if jobs > 1 and len(paths) > 1 else None)

    def render_all(todo: list[Outcome]) -> list[Outcome]:
        if pool:
            # rendering and validating is the larger half of the work: do it in the workers too
            n = len(todo)
            return list(pool.map(_render, todo, [check] * n, [strict] * n,
                                 chunksize=_chunk(n, jobs)))
        return [_render(o, check, strict) for o in todo]

    def parse_all(todo: list[Path]) -> Iterable[Outcome]:
        return (pool.map(parse_one, todo, chunksize=_chunk(len(todo), jobs)) if pool
                else map(parse_one, todo))

    try:
        outcomes = list(progress(parse_all(paths)) if progress else parse_all(paths))
        parsed = [o for o in outcomes if o.doc is not None]
        assign_ids(parsed)
        link_articles(parsed)
        outcomes = _merge(outcomes, render_all(parsed))
        if any(o.doc is not None and o.data is None for o in outcomes):
            # A document that failed after parsing must not keep its id (another release of
            # the call got a suffix because of it) or its links: redo ids and links among the
            # documents that are valid (from a fresh parse, since linking changes a document)
            # and render again only those that this changes.
            valid = [o for o in outcomes if o.data is not None]
            first = {o.source: _identity(o) for o in valid}
            fresh = list(parse_all([o.source for o in valid]))
            reparsed = [o for o in fresh if o.doc is not None]  # unless the file just changed
            assign_ids(reparsed)
            link_articles(reparsed)
            outcomes = _merge(outcomes, [o for o in fresh if o.doc is None] + render_all(
                [o for o in reparsed if _identity(o) != first[o.source]]))
    except BaseException:
        if pool:
            _stop_workers(pool)
        raise
    finally:
        if pool:
            pool.shutdown()
    with interrupt.deferred():
        write_edition(outcomes, out)
    return outcomes


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """End the workers now (on a signal or error): ``shutdown`` alone waits for every queued
    task, which left workers running for minutes after Ctrl-C."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        terminate()
        return
    workers = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.terminate()


def write_edition(outcomes: list[Outcome], out: Path) -> None:
    """Write each rendered document and the personography of those written."""
    for o in outcomes:
        if o.data is None or o.doc is None:
            continue
        target = out / "tei" / f"{o.doc.id}.xml"
        try:
            write_atomic(target, o.data)
            o.written = target
        except OSError as exc:
            o.error = f"{target}: error: cannot write: {exc.strerror or exc}"
    written = [o.doc for o in outcomes if o.written and o.doc]
    if written:
        try:
            write_atomic(out / "people.xml", personography(written))
        except OSError as exc:
            outcomes.append(Outcome(out / "people.xml", error=(
                f"{out / 'people.xml'}: error: cannot write: {exc.strerror or exc}")))


def encode_one(path: Path, check: Check | None = None, strict: bool = False) -> Outcome:
    o = parse_one(path)
    if o.doc is not None:
        render(o, check, strict)
    return o
