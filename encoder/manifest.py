"""``OUT/.manifest.sqlite``: what the last ``encode all`` made, so the next one can skip it.

It records the encoder's fingerprint (its version and a digest of its code and of every
data file, schema and stylesheet it reads), the options that change output (``--strict``,
the validation used) and, per source file, the digest of its bytes and its
:class:`~encoder.facts.DocFacts`: the facts ids and links are decided from, the plan its TEI
was written with, and the key its page was rendered from. A source whose digest and the
fingerprint are unchanged is not encoded again.

It is an SQLite database because it also holds what the corpus-wide files are made of -- each
document's summary and its people's appearances (:mod:`encoder.corpusdb`): a build works in
a copy of it in its staging folder, keeps only the small facts in memory, and writes
``people.xml``, ``index.html`` and ``people.html`` from it in pieces. The copy replaces the
manifest when the build is done.

The manifest is a cache, not part of the edition: it is not committed (``.gitignore``), a
missing, unreadable or corrupt one means a full build, and ``encode all --force`` ignores it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import stat
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from . import __version__
from .corpusdb import CorpusDB
from .facts import DocFacts
from .files import read_regular

NAME = ".manifest.sqlite"
#: the name of the JSON manifest of earlier versions, removed when a new one is written
OLD_NAME = ".manifest.json"
FORMAT = 2
#: sources are hashed up to this size; the encoder itself refuses those over 4 MiB
HASH_LIMIT = 64 * 2**20

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS facts (source TEXT PRIMARY KEY, data TEXT NOT NULL);
"""


@cache
def fingerprint() -> str:
    """A digest of the encoder's code and of every data file, schema and stylesheet."""
    package = Path(__file__).resolve().parent
    from .validate import project_schema

    schema = project_schema("memcon.rng").parent
    h = hashlib.sha256(__version__.encode())
    for folder in (package, schema):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in {".py", ".json", ".rng", ".sch", ".xsl",
                                                  ".css", ".js", ".svg"}:
                h.update(str(path.relative_to(folder)).encode() + b"\0")
                h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def options_key(strict: bool, check: object) -> str:
    name = getattr(check, "__qualname__", None) if check is not None else "none"
    return f"strict={strict} check={getattr(check, '__module__', '')}.{name}"


def _connect(path: Path) -> CorpusDB:
    conn = sqlite3.connect(path)
    # a working copy in the staging folder, thrown away if the build fails: no journal
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    # the tables are written once and read in order once: a small page cache does (SQLite's
    # default, 2 MB, fills as the corpus grows and is memory the build keeps)
    conn.execute("PRAGMA cache_size = -256")
    conn.executescript(_TABLES)
    return CorpusDB(conn)


def open_copy(out: Path, options: str, work: Path, fresh: bool = False
              ) -> tuple[dict[str, str], CorpusDB]:
    """A working copy of the last build's manifest at ``work`` and its facts by source name
    (as JSON: :meth:`DocFacts.from_json`); an empty one and {} when there is none usable (or
    with ``fresh``)."""
    if not fresh:
        try:
            if not stat.S_ISREG(os.stat(out / NAME).st_mode):
                raise OSError("not a regular file")
            shutil.copyfile(out / NAME, work)
            db = _connect(work)
            try:
                meta = dict(db.conn.execute("SELECT key, value FROM meta"))
                if (meta.get("format") == str(FORMAT) and meta.get("options") == options
                        and meta.get("fingerprint") == fingerprint()):
                    return dict(db.conn.execute("SELECT source, data FROM facts")), db
            except (sqlite3.Error, ValueError, KeyError, TypeError, IndexError):
                pass
            db.conn.close()
        except (OSError, sqlite3.Error):
            pass
        work.unlink(missing_ok=True)
    return {}, _connect(work)


def save(db: CorpusDB, work: Path, out: Path, options: str, facts: Iterable[DocFacts]
         ) -> None:
    """Record this build's facts in the working copy and make it the manifest."""
    c = db.conn
    c.execute("DELETE FROM meta")
    c.executemany("INSERT INTO meta VALUES (?, ?)", [
        ("format", str(FORMAT)), ("encoder", __version__), ("fingerprint", fingerprint()),
        ("options", options)])
    c.execute("DELETE FROM facts")
    c.executemany("INSERT INTO facts VALUES (?, ?)",
                  ((f.source, json.dumps(f.as_json(), sort_keys=True)) for f in facts))
    c.execute("DROP TABLE IF EXISTS build_facts")  # the build's working store (corpus.py)
    c.commit()
    c.close()
    os.replace(work, out / NAME)
    (out / OLD_NAME).unlink(missing_ok=True)


def digest(path: Path) -> str | None:
    """The SHA-256 of a source's bytes; None when it cannot be read (the encoder says why)."""
    try:
        return hashlib.sha256(read_regular(path, HASH_LIMIT)).hexdigest()
    except OSError:
        return None
