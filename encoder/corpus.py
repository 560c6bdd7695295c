"""Encode a folder of sources as one edition, in one pass per document, incrementally.

Each source goes through :func:`encoder.step.encode_step` in a worker (read, parse, TEI,
validate, write) and only its small :class:`~encoder.facts.DocFacts` come back. From the facts
of all documents this process decides what needs the whole corpus -- unique ids, article <->
call links (:func:`encoder.facts.plan_corpus`), speaker colours -- and encodes again only
the documents whose plan differs from the one their file was written with (the second release
of a call, an article and the calls it discusses). Then each page that changed is rendered in
a worker (:func:`encoder.step.page_step`), and ``people.xml``, ``index.html`` and
``people.html`` are made from the facts. No process holds more than one document's tree, and
this one keeps the facts out of memory: each document's small facts (packed), its summary and
its people's appearances go to the working manifest's tables as they arrive
(:mod:`encoder.corpusdb`), and the corpus-wide files are written from there in pieces, so
memory stays flat in the corpus's size.

Everything is written into a staging folder and moved into the edition at the end, so an
edition is never left half-made: a run that fails or is stopped leaves the edition as it was.

``OUT/.manifest.sqlite`` (:mod:`encoder.manifest`) records each source's digest and facts, so a
rerun encodes only sources that changed and rebuilds only pages whose inputs changed; a source
that is gone takes its files with it. The output is byte-identical to a full build.
"""

from __future__ import annotations

import collections
import json
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import corpusdb, interrupt, manifest
from .corpusdb import CorpusDB
from .facts import DocFacts, Plan, plan_corpus
from .files import write_if_changed
from .personography import personography_pieces
from .runner import PAGE_TASK, Runner
from .step import Check, Outcome, encode_one, encode_step, page_step, parse_one, render

__all__ = ["Check", "Outcome", "encode_corpus", "encode_one", "parse_one", "render"]


#: The project schemas copied into OUT/schema/ (see :meth:`_Build._schemas`).
EDITION_SCHEMAS = ("memcon.rng", "memcon.sch")


def _largest_first(paths: list[Path]) -> list[Path]:
    def size(p: Path) -> int:
        try:
            return p.stat().st_size
        except OSError:
            return 0
    return sorted(paths, key=lambda p: (-size(p), p.name))


def encode_corpus(
    sources: Iterable[Path],
    out: Path,
    jobs: int = 1,
    check: Check | None = None,
    progress: Callable[[Iterable[Outcome]], Iterable[Outcome]] | None = None,
    strict: bool = False,
    force: bool = False,
    html: bool = False,
) -> list[Outcome]:
    """Encode every source into ``out/tei/<id>.xml`` (and with ``html`` its page, the index
    and the people page); failures are reported, not raised. ``force`` ignores what the last
    build recorded and encodes everything."""
    paths = sorted(sources, key=lambda p: p.name)
    options = manifest.options_key(strict, check)
    staging = _staging(out)
    work = staging / "manifest.sqlite"
    runner = Runner(jobs)
    db = None
    try:
        previous, db = manifest.open_copy(out, options, work, fresh=force)
        build = _Build(out, staging, paths, previous, check, strict, runner, db)
        del previous
        build.encode(progress)
        if html:
            build.pages()
        runner.close()  # the workers' part is done: they exit before the corpus-wide pages
        with interrupt.deferred():
            build.publish(html)
            # read before the manifest is closed: the facts are in its working copy
            outcomes = [build.outcome(p) for p in paths] + build.errors
            try:
                if build.changed:
                    manifest.save(db, work, out, options, (build.get(p.name) for p in paths))
            except (OSError, sqlite3.Error):
                pass  # only a cache: the next run is a full build
    except BaseException:
        runner.stop()
        raise
    finally:
        runner.close()
        if db is not None:
            db.conn.close()
        shutil.rmtree(staging, ignore_errors=True)
    return outcomes


def _staging(out: Path) -> Path:
    """A fresh folder beside (or, when it exists, inside) the edition, on its file system."""
    if out.is_dir():
        return Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))


class _Build:
    """One run of ``encode all``: the facts of every source, and what is staged to publish."""

    def __init__(self, out: Path, staging: Path, paths: list[Path],
                 previous: dict[str, str], check: Check | None, strict: bool,
                 runner: Runner, db: CorpusDB) -> None:
        self.out, self.staging, self.paths = out, staging, paths
        self.check, self.strict, self.runner, self.db = check, strict, runner, db
        db.keep_only({p.name for p in paths})
        self.tei = out / "tei"
        # every source's facts, packed (DocFacts.pack), in the working manifest's table
        # ``build_facts`` rather than in memory: the main process's memory stays flat
        db.conn.execute("CREATE TABLE IF NOT EXISTS build_facts "
                        "(source TEXT PRIMARY KEY, data BLOB NOT NULL)")
        self.todo: list[Path] = []
        # which document's TEI, made with which plan, each tei/<id>.xml holds now
        self.on_disk: dict[str, tuple[str, Plan | None]] = {}
        for p in paths:
            data = previous.get(p.name)
            old = DocFacts.from_json(json.loads(data)) if data is not None else None
            if (old is not None and old.digest is not None
                    and old.digest == manifest.digest(p)
                    and (not old.ok or (out / "tei" / f"{old.id}.xml").is_file())):
                old.source = p.name
                self._put(old)
                if old.ok:
                    self.on_disk[old.id] = (old.source, old.plan)
            else:
                self.todo.append(p)
        self.staged: set[str] = set()
        self.changed = bool(self.todo) or set(previous) != {p.name for p in paths}
        self.rendered: set[str] = set()
        self.errors: list[Outcome] = []

    def _put(self, f: DocFacts) -> None:
        self.db.conn.execute("INSERT OR REPLACE INTO build_facts VALUES (?, ?)",
                             (f.source, f.pack()))

    def get(self, name: str) -> DocFacts:
        """A source's facts (a fresh copy: one changed is kept with :meth:`_put`)."""
        row = self.db.conn.execute("SELECT data FROM build_facts WHERE source = ?",
                                   (name,)).fetchone()
        if row is None:
            raise KeyError(name)
        return DocFacts.unpack(row[0])

    def _staged_tei(self, name: str) -> Path:
        return self.staging / "tei" / f"{name}.xml"

    def _run(self, paths: list[Path], plans: dict[str, Plan]
             ) -> Iterator[tuple[Path, DocFacts]]:
        ordered = _largest_first(paths)
        return zip(ordered, self.runner.map(encode_step, (
            (p, self._staged_tei(p.name), self.check, self.strict, plans.get(p.name))
            for p in ordered)), strict=True)

    def _record(self, f: DocFacts) -> None:
        if f.ok and f.page is not None and f.page.entry is not None:
            self.db.put(f.source, f.id, f.page.entry, f.page.summary, f.people)
        else:
            self.db.drop(f.source)
        f.lighten()
        self._put(f)
        if f.ok:
            self.staged.add(f.source)
        else:
            self.staged.discard(f.source)

    def _current(self, f: DocFacts, plan: Plan) -> bool:
        """Whether the TEI this run would publish for ``f`` was made with ``plan``."""
        if f.source in self.staged:
            return f.plan == plan
        return self.on_disk.get(plan.id) == (f.source, plan)

    def encode(self, progress: Callable[[Iterable[Outcome]], Iterable[Outcome]] | None) -> None:
        """Encode the sources that changed, then again those whose id or links the corpus
        changed, until every written file has its document's final plan."""
        results = (self.outcome(p, f) for p, f in self._run(self.todo, {}))
        for _ in progress(results) if progress else results:
            pass
        while True:
            plans = {f.source: plan for f, plan in plan_corpus(self.valid)
                     if not self._current(f, plan)}
            if not plans:
                return
            self.changed = True
            for _, f in self._run([p for p in self.paths if p.name in plans], plans):
                self._record(f)

    def outcome(self, path: Path, f: DocFacts | None = None) -> Outcome:
        """What became of a source: of ``f``, just encoded (recorded first), or as recorded."""
        if f is not None:
            self._record(f)
        else:
            f = self.get(path.name)
        return Outcome(path, error=f.error, warnings=f.warnings, speeches=f.speeches,
                       doc_id=f.id or None, folder=self.tei)

    def valid(self) -> Iterator[DocFacts]:
        """The facts of the sources that encode, in source-name order, one at a time."""
        return (f for f in map(self.get, (p.name for p in self.paths)) if f.ok)

    def pages(self) -> None:
        """Render the page of every document whose page inputs changed."""
        from .html.pages import page_key, speaker_numbers

        speakers: set[str] = set()
        targets: set[str] = set()
        for f in self.valid():  # one pass over the facts for both (each is read from SQLite)
            if f.page:
                speakers.update(f.page.speakers)
                targets.update(f.page.links)
        numbers = speaker_numbers(speakers)
        briefs = {f"{f.id}.xml": f.page.brief() for f in self.valid()
                  if f.page and f"{f.id}.xml" in targets} if targets else {}
        sent: collections.deque[tuple[DocFacts, str]] = collections.deque()

        def tasks() -> Iterator[tuple[Path, Path, dict[str, int], list[tuple[str, str, str]]]]:
            for f in self.valid():
                assert f.page is not None
                linked = [briefs[t] for t in f.page.links if t in briefs]
                key = page_key(f.tei_digest, f.page, numbers, linked)
                if (key != f.page_key or f.source in self.staged
                        or not (self.out / "html" / f"{f.id}.html").is_file()):
                    f.page_key = None  # until its page is rendered
                    self._put(f)
                    self.changed = True
                    sent.append((f, key))
                    tei = (self._staged_tei(f.source) if f.source in self.staged
                           else self.out / "tei" / f"{f.id}.xml")
                    yield (tei, self.staging / "html" / f"{f.source}.html",
                           {w: numbers[w] for w in f.page.speakers}, linked)

        for error in self.runner.map(page_step, tasks(), PAGE_TASK):
            f, key = sent.popleft()
            if error is None:
                self.rendered.add(f.source)
                f.page_key = key
                self._put(f)
            else:
                self.errors.append(Outcome(self.out / "html", error=error))

    def publish(self, html: bool) -> None:
        """Move the staged files into the edition, remove what no source makes any more, and
        write the corpus-wide files from the facts."""
        from .html import HtmlError

        out = self.out
        try:
            (out / "tei").mkdir(parents=True, exist_ok=True)
            if self.changed:
                (out / manifest.NAME).unlink(missing_ok=True)  # written again when all is done
        except OSError as exc:
            for f in self.valid():
                self._unwritten(f, out / "tei", exc)
            return
        ids: set[str] = set()  # the documents the edition has now
        for f in self.valid():
            if f.source in self.staged:
                try:
                    self._staged_tei(f.source).replace(out / "tei" / f"{f.id}.xml")
                except OSError as exc:
                    self._unwritten(f, out / "tei" / f"{f.id}.xml", exc)
                    continue
            ids.add(f.id)
        for old in (out / "tei").glob("*.xml"):
            if old.stem not in ids:
                old.unlink()
                self.changed = True
        valid = bool(ids)
        if valid:
            self._schemas()
        people = out / "people.xml"
        if valid and (self.changed or not people.is_file()):
            db = self.db
            try:
                write_if_changed(people, personography_pieces(
                    db.personography(corpusdb.CHUNK), lambda pid: (
                        [(doc, roles) for doc, roles, _ in rows]
                        for rows in db.appearances(pid, corpusdb.CHUNK))))
            except OSError as exc:
                self.errors.append(Outcome(people, error=(
                    f"{people}: error: cannot write: {exc.strerror or exc}")))
        if not html:
            return
        (out / "html").mkdir(exist_ok=True)
        for f in self.valid():
            if f.source in self.rendered:
                (self.staging / "html" / f"{f.source}.html").replace(
                    out / "html" / f"{f.id}.html")
        try:
            self._corpus_pages(ids)
        except (HtmlError, OSError) as exc:
            self.errors.append(Outcome(out / "html", error=str(exc)))

    def _schemas(self) -> None:
        """Copy the project's RNG and Schematron into OUT/schema/: each TEI file's xml-model
        points there (``../schema/``), so the edition validates on open wherever it goes."""
        from .validate import project_schema

        for name in EDITION_SCHEMAS:
            target = self.out / "schema" / name
            try:
                write_if_changed(target, project_schema(name).read_bytes())
            except OSError as exc:
                self.errors.append(Outcome(target, error=(
                    f"{target}: error: cannot write: {exc.strerror or exc}")))

    def _unwritten(self, f: DocFacts, target: Path, exc: OSError) -> None:
        """A document whose file could not be written has failed (and is encoded again by
        the next run: no digest recorded)."""
        f.error = f"{target}: error: cannot write: {exc.strerror or exc}"
        f.digest = None
        self.staged.discard(f.source)
        self.db.drop(f.source)
        self._put(f)

    def _corpus_pages(self, ids: set[str]) -> None:
        from .html import ASSETS, asset, build_search_index, remove_orphan_pages
        from .html.listing import index_html, people_html

        out = self.out
        remove_orphan_pages(out, ids)
        for name in ASSETS:
            write_if_changed(out / "html" / "assets" / name, asset(name))
        wanted = ("index.html", "people.html")
        with ThreadPoolExecutor(1) as pool:
            # Pagefind (other processes) indexes html/*.html while this one writes the pages
            # beside that folder: the two longest steps that run in series, side by side
            search = (pool.submit(build_search_index, out)
                      if self.changed or not (out / "html" / "pagefind").is_dir() else None)
            if self.changed or not all((out / n).is_file() for n in wanted):
                self.db.conn.commit()
                write_if_changed(out / "index.html", index_html(self.db))
                write_if_changed(out / "people.html", people_html(self.db))
            if search is not None:
                search.result()

