"""``OUT/.manifest.json``: what the last ``encode all`` made, so the next one can skip it.

It records the encoder's fingerprint (its version and a digest of its code and of every
data file, schema and stylesheet it reads), the options that change output (``--strict``,
the validation used) and, per source file, the digest of its bytes and its
:class:`~encoder.facts.DocFacts`: the facts ids and links are decided from, the plan its TEI
was written with, and the key its page was rendered from. A source whose digest and the
fingerprint are unchanged is not encoded again. The manifest is a cache, not part of the
edition: it is not committed (``.gitignore``), a missing or unreadable one means a full build,
and ``encode all --force`` ignores it.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from . import __version__
from .facts import DocFacts
from .files import read_regular, write_atomic

NAME = ".manifest.json"
FORMAT = 1
#: a manifest is read with a bound like every other input (about 4 kB per document)
MAX_BYTES = 512 * 2**20
#: sources are hashed up to this size; the encoder itself refuses those over 4 MiB
HASH_LIMIT = 64 * 2**20


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


def load(out: Path, options: str) -> dict[str, DocFacts]:
    """The facts of the last build into ``out`` by source name; {} when there is none usable."""
    try:
        data = json.loads(read_regular(out / NAME, MAX_BYTES))
        if (data.get("format") != FORMAT or data.get("fingerprint") != fingerprint()
                or data.get("options") != options):
            return {}
        return {name: DocFacts.from_json(f) for name, f in data["documents"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def save(out: Path, options: str, facts: list[DocFacts]) -> None:
    data = {"format": FORMAT, "encoder": __version__, "fingerprint": fingerprint(),
            "options": options, "documents": {f.source: f.as_json() for f in facts}}
    write_atomic(out / NAME, json.dumps(data, sort_keys=True).encode())


def digest(path: Path) -> str | None:
    """The SHA-256 of a source's bytes; None when it cannot be read (the encoder says why)."""
    try:
        return hashlib.sha256(read_regular(path, HASH_LIMIT)).hexdigest()
    except OSError:
        return None
