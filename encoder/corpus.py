"""Encode a set of sources as one edition: ids, cross-links, validation and atomic writes.

Parsing is per file (and parallel); what needs the whole corpus is done here afterwards: two
sources that would share an id get a stable suffix from the second one's file name, and an
article that discusses a call in the corpus is linked to it (and the call back to it).
A file is written only once its TEI is complete and valid, through a temporary file that is
renamed into place, so a failure never leaves a partial file behind.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import model as m
from .errors import EncodeError
from .ids import slug
from .model.tree import plain, walk
from .parse import parse, read_source
from .personography import personography
from .tei import serialize, to_tei


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



def render(o: Outcome, check: Callable[[bytes, str], list[str]] | None) -> None:
    """TEI bytes for a parsed document; ``check`` returns blocking errors (validation)."""
    assert o.doc is not None
    try:
        data = serialize(to_tei(o.doc))
        errors = check(data, f"{o.doc.id}.xml") if check else []
    except Exception as exc:  # noqa: BLE001
        o.error = f"{o.source.name}: error: internal error ({type(exc).__name__}: {exc})"
        return
    if errors:
        o.error = f"{o.source.name}: error: encoded TEI is invalid: " + "; ".join(errors[:3])
        return
    o.data = data
    o.warnings = [
        f"{o.source.name}:{w.line}: warning: {w.message}" if w.line
        else f"{o.source.name}: warning: {w.message}"
        for w in o.doc.warnings
    ]


def _chunk(n: int, jobs: int) -> int:
    """Batches of a few documents per task: fewer round trips, still balanced."""
    return max(1, n // (jobs * 4))


def _render(o: Outcome, check: Callable[[bytes, str], list[str]] | None) -> Outcome:
    render(o, check)
    return o


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def encode_corpus(
    sources: Iterable[Path],
    out: Path,
    jobs: int = 1,
    check: Callable[[bytes, str], list[str]] | None = None,
    progress: Callable[[Iterable[Outcome]], Iterable[Outcome]] | None = None,
) -> list[Outcome]:
    """Encode every source into ``out/tei/<id>.xml``; failures are reported, not raised."""
    paths = sorted(sources, key=lambda p: p.name)
    pool = ProcessPoolExecutor(max_workers=jobs) if jobs > 1 and len(paths) > 1 else None
    try:
        results: Iterable[Outcome] = (
            pool.map(parse_one, paths, chunksize=_chunk(len(paths), jobs))
            if pool else map(parse_one, paths)
        )
        outcomes = list(progress(results) if progress else results)
        assign_ids(outcomes)
        link_articles(outcomes)
        todo = [o for o in outcomes if o.doc is not None]
        if pool:
            # writing and validating is the larger half of the work: do it in the workers too
            done = list(pool.map(_render, todo, [check] * len(todo),
                                 chunksize=_chunk(len(todo), jobs)))
        else:
            done = [_render(o, check) for o in todo]
    finally:
        if pool:
            pool.shutdown()
    by_source = {o.source: o for o in done}
    outcomes = [by_source.get(o.source, o) for o in outcomes]
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
    return outcomes


def encode_one(path: Path, check: Callable[[bytes, str], list[str]] | None = None) -> Outcome:
    o = parse_one(path)
    if o.doc is not None:
        render(o, check)
    return o
