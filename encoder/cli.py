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
      encode deposit --out bag        # BagIt 1.0 bag with METS, for a digital library
      encode serve                    # the edition and OAI-PMH on 127.0.0.1:8000
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
    run (OUT/.manifest.sqlite) are not encoded again, unless --force.

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


@main.command("deposit")
@click.option("--edition", type=click.Path(path_type=Path, file_okay=False),
              default=Path("edition"), show_default=True, help="Edition folder to deposit.")
@click.option("--out", required=True, type=click.Path(path_type=Path),
              help="The bag: a new folder, or the zip file with --zip.")
@click.option("--zip", "as_zip", is_flag=True, help="Write the bag as one zip file.")
@click.option("--namespace", default=None,
              help="Namespace of the identifiers (a domain you control).")
def deposit_command(edition: Path, out: Path, as_zip: bool, namespace: str | None) -> None:
    """Write the edition as a BagIt 1.0 bag with METS, Dublin Core and PREMIS.

    Refuses (exit 1, nothing written) an edition whose TEI is invalid or whose HTML is
    stale. The bag conforms to schema/bagit-profile.json.

    \b
    Example:
      encode deposit --edition edition --out deposit/memcon-edition
      encode deposit --out memcon-edition.zip --zip
    """
    from .catalogue import DEFAULT_NAMESPACE
    from .deposit import deposit
    from .errors import EncodeError

    try:
        path = deposit(edition, out, as_zip=as_zip, namespace=namespace or DEFAULT_NAMESPACE)
    except EncodeError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"{out}: error: cannot write the bag: {exc.strerror or exc}", err=True)
        sys.exit(1)
    click.echo(f"bag written to {path}")


@main.command("serve")
@click.option("--edition", type=click.Path(path_type=Path, file_okay=False),
              default=Path("edition"), show_default=True, help="Edition folder to serve.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind (loopback by default).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--page-size", type=click.IntRange(1, 10000), default=100, show_default=True,
              help="OAI-PMH records per list response (then a resumption token).")
@click.option("--namespace", default=None,
              help="Namespace of the OAI identifiers (a domain you control).")
@click.option("--admin-email", default=None,
              help="Contact given by Identify (default editor@NAMESPACE).")
def serve_command(edition: Path, host: str, port: int, page_size: int,
                  namespace: str | None, admin_email: str | None) -> None:
    """Serve the HTML edition and an OAI-PMH 2.0 endpoint at /oai until Ctrl-C.

    \b
    Example:
      encode serve --edition edition --port 8000
      # then http://127.0.0.1:8000/  and  http://127.0.0.1:8000/oai?verb=Identify
    """
    from .catalogue import DEFAULT_NAMESPACE
    from .serve import serve

    if not edition.is_dir():
        raise click.UsageError(f"no such folder: {edition}")
    try:
        serve(edition, host, port, page_size=page_size, namespace=namespace or DEFAULT_NAMESPACE,
              admin_email=admin_email, log=lambda m: click.echo(m, err=True))
    except OSError as exc:
        click.echo(f"{host}:{port}: error: cannot serve: {exc.strerror or exc}", err=True)
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main(prog_name=os.path.basename(sys.argv[0]))
