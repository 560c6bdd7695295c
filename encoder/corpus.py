"""Encode a folder of sources as one edition, in one pass per document, incrementally.

Each source goes through :func:`encoder.step.encode_step` in a worker (read, parse, TEI,
validate, write) and only its small :class:`~encoder.facts.DocFacts` come back. From the facts
of all documents this process decides what needs the whole corpus -- unique ids, article <->
call links (:func:`encoder.facts.plan_corpus`), speaker colours -- and encodes again only
the documents whose plan differs from the one their file was written with (the second release
of a call, an article and the calls it discusses). Then each page that changed is rendered in
a worker (:func:`encoder.step.page_step`), and ``people.xml``, ``index.html`` and
``people.html`` are made from the facts. No process holds more than one document's tree.

Everything is written into a staging folder and moved into the edition at the end, so an
edition is never left half-made: a run that fails or is stopped leaves the edition as it was.

``OUT/.manifest.json`` (:mod:`encoder.manifest`) records each source's digest and facts, so a
rerun encodes only sources that changed and rebuilds only pages whose inputs changed; a source
that is gone takes its files with it. The output is byte-identical to a full build.
"""

from __future__ import annotations

import multiprocessing
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from . import interrupt, manifest
from .facts import DocFacts, Plan, plan_corpus
from .files import write_if_changed
from .personography import personography
from .step import Check, Outcome, encode_one, encode_step, page_step, parse_one, render

__all__ = ["Check", "Outcome", "encode_corpus", "encode_one", "parse_one", "render"]


#: documents per task sent to a worker: small, so that the largest (sent first) spread out
CHUNK = 2

#: The project schemas copied into OUT/schema/ (see :meth:`_Build._schemas`).
EDITION_SCHEMAS = ("memcon.rng", "memcon.sch")


def _preload() -> None:
    """Load registry, vocabularies, schemas and stylesheets once, before workers are forked
    (they inherit them instead of each loading its own)."""
    from .html.pages import stylesheets
    from .registry import _default_registry
    from .validate import _project_rng, _project_schematron
    from .vocab import vocab

    vocab()
    _default_registry()
    _project_rng()
    _project_schematron()
    stylesheets()


class _Runner:
    """Runs a step over many inputs: in this process, or in a pool of forked workers, started
    when there is first more than one input to run (a rerun with nothing to do starts none)."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.pool: ProcessPoolExecutor | None = None

    def map(self, fn: Callable[..., Any], *args: list[Any]) -> Iterator[Any]:
        if self.pool is None and self.jobs > 1 and len(args[0]) > 1:
            _preload()
            self.pool = ProcessPoolExecutor(
                max_workers=self.jobs, initializer=interrupt.in_worker,
                mp_context=multiprocessing.get_context("fork"))
        if self.pool is None:
            return map(fn, *args)
        return self.pool.map(fn, *args, chunksize=CHUNK)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None

    def stop(self) -> None:
        """End the workers now (on a signal or error): ``shutdown`` alone waits for every
        queued task, which left workers running for minutes after Ctrl-C."""
        pool = self.pool
        if pool is None:
            return
        terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
        if terminate is not None:
            terminate()
            return
        workers = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for worker in workers:
            worker.terminate()


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
    previous = {} if force else manifest.load(out, options)
    staging = _staging(out)
    runner = _Runner(jobs)
    try:
        build = _Build(out, staging, paths, previous, check, strict, runner)
        build.encode(progress)
        if html:
            build.pages()
        runner.close()  # the workers' part is done: they exit before the corpus-wide pages
        with interrupt.deferred():
            build.publish(html)
            try:
                if build.changed:
                    manifest.save(out, options, [build.facts[p.name] for p in paths])
            except OSError:
                pass  # only a cache: the next run is a full build
    except BaseException:
        runner.stop()
        raise
    finally:
        runner.close()
        shutil.rmtree(staging, ignore_errors=True)
    return [build.outcome(p) for p in paths] + build.errors


def _staging(out: Path) -> Path:
    """A fresh folder beside (or, when it exists, inside) the edition, on its file system."""
    if out.is_dir():
        return Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))


class _Build:
    """One run of ``encode all``: the facts of every source, and what is staged to publish."""

    def __init__(self, out: Path, staging: Path, paths: list[Path],
                 previous: dict[str, DocFacts], check: Check | None, strict: bool,
                 runner: _Runner) -> None:
        self.out, self.staging, self.paths = out, staging, paths
        self.check, self.strict, self.runner = check, strict, runner
        self.facts: dict[str, DocFacts] = {}
        self.todo: list[Path] = []
        for p in paths:
            old = previous.get(p.name)
            if (old is not None and old.digest is not None
                    and old.digest == manifest.digest(p)
                    and (not old.ok or (out / "tei" / f"{old.id}.xml").is_file())):
                self.facts[p.name] = old
            else:
                self.todo.append(p)
        # which document's TEI, made with which plan, each tei/<id>.xml holds now
        self.on_disk: dict[str, tuple[str, Plan | None]] = {
            f.id: (f.source, f.plan) for f in self.facts.values() if f.ok}
        self.staged: set[str] = set()
        self.changed = bool(self.todo) or set(previous) != {p.name for p in paths}
        self.rendered: set[str] = set()
        self.errors: list[Outcome] = []

    def _staged_tei(self, name: str) -> Path:
        return self.staging / "tei" / f"{name}.xml"

    def _run(self, paths: list[Path], plans: dict[str, Plan]) -> Iterator[DocFacts]:
        ordered = _largest_first(paths)
        return self.runner.map(
            encode_step, ordered, [self._staged_tei(p.name) for p in ordered],
            [self.check] * len(ordered), [self.strict] * len(ordered),
            [plans.get(p.name) for p in ordered])

    def _record(self, f: DocFacts) -> None:
        self.facts[f.source] = f
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
        by_name = {p.name: p for p in self.paths}
        results = (self.outcome(by_name[f.source], f) for f in self._run(self.todo, {}))
        for _ in progress(results) if progress else results:
            pass
        while True:
            valid = [self.facts[p.name] for p in self.paths if self.facts[p.name].ok]
            plans = plan_corpus(valid)
            redo = [by_name[f.source] for f in valid if not self._current(f, plans[f.source])]
            if not redo:
                return
            self.changed = True
            for f in self._run(redo, plans):
                self._record(f)

    def outcome(self, path: Path, f: DocFacts | None = None) -> Outcome:
        if f is not None:
            self._record(f)
        f = self.facts[path.name]
        return Outcome(path, error=f.error, warnings=f.warnings, speeches=f.speeches,
                       doc_id=f.id or None,
                       written=self.out / "tei" / f"{f.id}.xml" if f.ok else None)

    def valid(self) -> list[DocFacts]:
        return [self.facts[p.name] for p in self.paths if self.facts[p.name].ok]

    def pages(self) -> None:
        """Render the page of every document whose page inputs changed."""
        from .html.pages import page_key, speaker_numbers

        valid = self.valid()
        numbers = speaker_numbers(w for f in valid if f.page for w in f.page.speakers)
        briefs = {f"{f.id}.xml": f.page.brief() for f in valid if f.page}
        todo: list[tuple[DocFacts, dict[str, int], list[tuple[str, str, str]]]] = []
        keys: dict[str, str] = {}
        for f in valid:
            assert f.page is not None
            linked = [briefs[t] for t in f.page.links if t in briefs]
            key = page_key(f.tei_digest, f.page, numbers, linked)
            if (key != f.page_key or f.source in self.staged
                    or not (self.out / "html" / f"{f.id}.html").is_file()):
                f.page_key = None  # until its page is rendered
                keys[f.source] = key
                todo.append((f, {w: numbers[w] for w in f.page.speakers}, linked))
        if todo:
            self.changed = True
        tei = [self._staged_tei(f.source) if f.source in self.staged
               else self.out / "tei" / f"{f.id}.xml" for f, _, _ in todo]
        staged_pages = [self.staging / "html" / f"{f.source}.html" for f, _, _ in todo]
        errors = list(self.runner.map(page_step, tei, staged_pages, [n for _, n, _ in todo],
                                      [linked for _, _, linked in todo]))
        self.rendered = {f.source for (f, _, _), e in zip(todo, errors, strict=True)
                         if e is None}
        for f, _, _ in todo:
            if f.source in self.rendered:
                f.page_key = keys[f.source]
        self.errors.extend(Outcome(self.out / "html", error=e) for e in errors if e)

    def publish(self, html: bool) -> None:
        """Move the staged files into the edition, remove what no source makes any more, and
        write the corpus-wide files from the facts."""
        from .html import HtmlError

        out = self.out
        valid = self.valid()
        try:
            (out / "tei").mkdir(parents=True, exist_ok=True)
            if self.changed:
                (out / manifest.NAME).unlink(missing_ok=True)  # written again when all is done
        except OSError as exc:
            for f in valid:
                self._unwritten(f, out / "tei", exc)
            return
        for f in valid:
            if f.source in self.staged:
                try:
                    self._staged_tei(f.source).replace(out / "tei" / f"{f.id}.xml")
                except OSError as exc:
                    self._unwritten(f, out / "tei" / f"{f.id}.xml", exc)
        valid = self.valid()
        ids = {f.id for f in valid}
        for old in (out / "tei").glob("*.xml"):
            if old.stem not in ids:
                old.unlink()
                self.changed = True
        if valid:
            self._schemas()
        people = out / "people.xml"
        if valid and (self.changed or not people.is_file()):
            try:
                write_if_changed(people, personography((f.id, f.people) for f in valid))
            except OSError as exc:
                self.errors.append(Outcome(people, error=(
                    f"{people}: error: cannot write: {exc.strerror or exc}")))
        if not html:
            return
        (out / "html").mkdir(exist_ok=True)
        for f in valid:
            if f.source in self.rendered:
                (self.staging / "html" / f"{f.source}.html").replace(
                    out / "html" / f"{f.id}.html")
        try:
            self._corpus_pages(valid)
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

    def _corpus_pages(self, valid: list[DocFacts]) -> None:
        from .html import ASSETS, asset, build_search_index, remove_orphan_pages
        from .html.pages import render_corpus_pages

        out = self.out
        remove_orphan_pages(out, {f.id for f in valid})
        for name in ASSETS:
            write_if_changed(out / "html" / "assets" / name, asset(name))
        wanted = ("index.html", "people.html")
        if self.changed or not all((out / n).is_file() for n in wanted):
            people = out / "people.xml"
            summaries = [f.page.summary for f in sorted(valid, key=lambda f: f"{f.id}.xml")
                         if f.page]
            pages = render_corpus_pages(summaries,
                                        people.read_bytes() if people.is_file() else None)
            for rel, data in pages.items():
                write_if_changed(out / rel, data)
        if self.changed or not (out / "html" / "pagefind").is_dir():
            build_search_index(out)

