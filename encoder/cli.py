"""The ``encode`` command: the contract every other part of the project relies on.

``encode all`` encodes a folder of sources into an edition, ``encode file`` one source, and
``encode validate`` checks TEI files. Exit codes: 0 success, 1 when any input failed (the
others are still done), 2 for usage errors (click's own), 130/143 when stopped by SIGINT/SIGTERM.
"""

from __future__ import annotations

import json
import os
import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__, interrupt

if TYPE_CHECKING:
    from .corpus import Outcome
    from .validate import Message

STRICT_HELP = ("Fail a document that has any warning (exit 1, nothing written for it): "
               "for a clean transcription in CI.")

# Each command imports the stages it runs (parser, TEI writer, lxml, the schemas) when it
# runs: `encode --help` and usage errors answer at once, and `encode validate` does not
# load the parser.


def _check(data: bytes, name: str) -> list[Message]:
    """Project RNG + Schematron errors for freshly written TEI (warnings do not block)."""
    from .validate import validate

    return validate(data, name)


def _counts(o: Outcome) -> str:
    return f"{o.speeches:3d} speeches  {len(o.warnings):2d} warnings"


class _Commands(click.Group):
    """The command group; a SIGINT or SIGTERM stops any command cleanly (see ``interrupt``)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            with interrupt.handled():
                return super().invoke(ctx)
        except interrupt.Interrupted as stop:
            click.echo(f"encode: stopped by {stop}; nothing half-written is left", err=True)
            ctx.exit(stop.exit_code)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="memcon-encoder")
def main() -> None:
    """Encode transcriptions of declassified telephone memoranda as a TEI P5 edition.

    \b
    Example:
      encode all                      # seeds/*.txt -> edition/tei/<id>.xml
      encode file seeds/000_x.txt     # one source, TEI on stdout
      encode validate edition/tei     # RELAX NG + Schematron
      encode html                     # edition/tei -> edition/index.html, html/
    """


@main.command("all")
@click.option("--seeds", "seeds", type=click.Path(path_type=Path, file_okay=False),
              default=Path("seeds"), show_default=True, help="Folder of *.txt sources.")
@click.option("--out", type=click.Path(path_type=Path),
              default=Path("edition"), show_default=True, help="Edition folder (TEI in OUT/tei).")
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Parallel worker processes.")
@click.option("--strict", is_flag=True, help=STRICT_HELP)
@click.option("--force", is_flag=True,
              help="Encode every source again, even those unchanged since the last run.")
def all_command(seeds: Path, out: Path, jobs: int, strict: bool, force: bool) -> None:
    """Encode every SEEDS/*.txt into OUT/tei/<id>.xml, validating each before writing,
    then render the HTML edition (OUT/index.html, OUT/html/) as `encode html` does.

    One line per file (id, speeches, warnings) and a total; warnings and errors go to
    stderr as file:line: messages. A failed file leaves nothing behind and the others are
    still written; the exit status is then 1. Incremental: sources unchanged since the last
    run (OUT/.manifest.json) are not encoded again, unless --force.

    \b
    Example:
      encode all --seeds seeds --out edition --jobs 2
    """
    from .corpus import encode_corpus

    if not seeds.is_dir():
        raise click.UsageError(f"no such folder: {seeds}")
    sources = sorted(seeds.glob("*.txt"))
    if not sources:
        raise click.UsageError(f"no *.txt sources in {seeds}")
    progress = None
    if sys.stderr.isatty():
        def progress(items):  # type: ignore[no-untyped-def]
            with click.progressbar(items, length=len(sources), label="encoding",
                                   file=sys.stderr) as bar:
                yield from bar
    try:
        outcomes = encode_corpus(sources, out, jobs=jobs, check=_check, progress=progress,
                                 strict=strict, force=force, html=True)
    except BrokenProcessPool:
        click.echo("encode: error: a worker process died (killed, or out of memory?); nothing "
                   "was written; try again, or with --jobs 1", err=True)
        sys.exit(1)
    failed = 0
    for o in outcomes:
        for w in o.warnings:
            click.echo(w, err=True)
        if o.error:
            failed += 1
            click.echo(o.error, err=True)
            click.echo(f"FAILED  {o.source.name}")
        elif o.id is not None:
            click.echo(f"{o.id:<48} {_counts(o)}  <- {o.source.name}")
    documents = sum(1 for o in outcomes if o.source.suffix == ".txt")
    failed_docs = sum(1 for o in outcomes if o.source.suffix == ".txt" and o.error)
    click.echo(f"{documents - failed_docs} encoded, {failed_docs} failed, into {out / 'tei'}")
    sys.exit(1 if failed else 0)


def _html(edition: Path) -> bool:
    """Render the HTML edition; False (after saying why) when it could not be built."""
    from .html import HtmlError, build_html

    try:
        build_html(edition)
    except (HtmlError, OSError) as exc:
        click.echo(str(exc), err=True)
        return False
    return True


@main.command("html")
@click.option("--edition", type=click.Path(path_type=Path, file_okay=False),
              default=Path("edition"), show_default=True,
              help="Edition folder holding tei/*.xml and people.xml.")
def html_command(edition: Path) -> None:
    """Rebuild the HTML reading edition and its search index from the edition's TEI.

    Writes EDITION/html/<id>.html, EDITION/index.html and EDITION/people.html with XSLT 1.0,
    then the Pagefind index in EDITION/html/pagefind.

    \b
    Example:
      encode html --edition edition
    """
    if not (edition / "tei").is_dir():
        raise click.UsageError(f"no TEI folder: {edition / 'tei'}")
    if not _html(edition):
        sys.exit(1)
    click.echo(f"HTML edition in {edition}: open {edition / 'index.html'} (search needs HTTP)")


@main.command("file")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the TEI here instead of stdout.")
@click.option("--strict", is_flag=True, help=STRICT_HELP)
def file_command(source: Path, output: Path | None, strict: bool) -> None:
    """Encode one SOURCE text as TEI, on stdout or into OUTPUT.

    \b
    Example:
      encode file seeds/000_3d4b95dd175e6bd4.txt -o /tmp/call.xml
    """
    from .corpus import encode_one
    from .files import write_atomic

    o = encode_one(source, check=_check, strict=strict)
    for w in o.warnings:
        click.echo(w, err=True)
    if o.error or o.data is None:
        click.echo(o.error, err=True)
        sys.exit(1)
    if output is None:
        sys.stdout.buffer.write(o.data)
        return
    try:
        write_atomic(output, o.data)
    except OSError as exc:
        click.echo(f"{output}: error: cannot write: {exc.strerror or exc}", err=True)
        sys.exit(1)


@main.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--tei-all", "tei_all", type=click.Path(path_type=Path, dir_okay=False),
              help="Also check conformance against this official tei_all.rng.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Message format.")
def validate_command(paths: tuple[Path, ...], tei_all: Path | None, fmt: str) -> None:
    """Check TEI files against the project's RELAX NG and Schematron (and tei_all).

    Messages read file:line:col: error|warning: message [rule-id]. Exit 1 when any error,
    0 when there are only warnings. PATHS are files or folders (default edition/tei).

    \b
    Example:
      encode validate edition/tei/*.xml --tei-all ../shared/tei/tei_all.rng
    """
    from .validate import check_tei_all, validate_file

    targets: list[Path] = []
    for p in paths or (Path("edition/tei"),):
        if p.is_dir():
            targets.extend(sorted(p.glob("*.xml")))
        elif p.exists():
            targets.append(p)
        else:
            raise click.UsageError(f"no such file or folder: {p}")
    messages = []
    for t in targets:
        messages.extend(validate_file(t))
    if tei_all is not None:
        if not tei_all.is_file():
            raise click.UsageError(f"no such schema: {tei_all}")
        messages.extend(check_tei_all(targets, tei_all))
        messages = list(dict.fromkeys(messages))  # an unreadable file is reported by both
    errors = sum(1 for msg in messages if msg.severity == "error")
    if fmt == "json":
        click.echo(json.dumps([msg.as_dict() for msg in messages], indent=2))
    else:
        for msg in messages:
            click.echo(str(msg))
        click.echo(f"{len(targets)} files, {errors} errors, {len(messages) - errors} warnings",
                   err=True)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":  # pragma: no cover
    main(prog_name=os.path.basename(sys.argv[0]))
