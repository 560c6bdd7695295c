"""Deposit: the edition as one BagIt 1.0 bag (RFC 8493) a digital library can ingest.

What a repository (Archivematica, DSpace, APTrust …) checks is what we must get right, so the
bag is written by the Library of Congress ``bagit`` library and described by standard
metadata:

* payload ``data/`` mirrors the published edition (``index.html``, ``people.html``,
  ``html/…``, ``tei/…``, ``people.xml``) plus ``schema/`` (the RELAX NG, the Schematron and the
  bag's own BagIt profile), so every relative link of the HTML still works inside the bag;
* tag files ``metadata/mets.xml`` (Dublin Core per document, every payload file with its
  SHA-512, a structMap edition → document → TEI and HTML, a PREMIS validation event) and
  ``metadata/oai_dc/<id>.xml`` (the records the OAI-PMH endpoint serves);
* sha256 and sha512 manifests and tag manifests; ``bag-info.txt`` naming the profile
  (``schema/bagit-profile.json``) the bag conforms to.

Refusal comes first and writes nothing: an edition whose TEI does not validate or whose HTML
is not a fresh render of its TEI is not deposited. The bag is built in a temporary folder
beside ``OUT`` and renamed into place at the end.

Determinism: the same edition gives the same bag. ``Bagging-Date`` is not the day the command
ran but the newest datestamp of the edition (the latest declassification or publication, see
:mod:`encoder.catalogue`), or ``SOURCE_DATE_EPOCH`` when set (reproducible-builds convention);
the METS dates come from it too, and a zip has that date on every entry, in sorted order.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import bagit
from lxml import etree

from . import __version__
from .catalogue import (
    DEFAULT_NAMESPACE,
    Record,
    dublin_core,
    load_records,
    oai_identifier,
)
from .errors import EncodeError
from .files import RefusedFile, read_regular
from .mets import mets
from .safexml import parse_xml
from .validate import project_schema, validate_file

PROFILE_FILE = "bagit-profile.json"
#: Files of the project's schema/ folder that travel with the edition.
SCHEMA_FILES = ("memcon.rng", "memcon.sch", PROFILE_FILE)
#: The published edition, relative to its folder: the pages and the TEI (see CONTRACT.md).
EDITION_FILES = ("index.html", "people.html", "people.xml")
EDITION_TREES = ("html", "tei")
CHECKSUMS = ("sha256", "sha512")
#: The largest payload file copied: pages and index files are kilobytes, a TEI file at most
#: a few MB; anything far larger is not part of an edition.
MAX_FILE_BYTES = 256 * 2**20
#: The list of the search index's shards, written after all of them: the index is complete.
SEARCH_INDEX = "html/pagefind/shards.json"


def profile() -> dict:
    """The BagIt profile every deposit conforms to (``schema/bagit-profile.json``)."""
    return json.loads(project_schema(PROFILE_FILE).read_text(encoding="utf-8"))


def profile_identifier() -> str:
    return profile()["BagIt-Profile-Info"]["BagIt-Profile-Identifier"]


# --- refusal ---------------------------------------------------------------------------------


def _stale_pages(edition: Path) -> list[str]:
    """Pages of the edition that are missing or differ from a fresh render (the HTML stage)."""
    from .html import HtmlError, stale_pages  # the HTML stage's contract (CONTRACT.md)

    try:
        return stale_pages(edition)
    except HtmlError as exc:  # a page cannot be rendered: it cannot be current either
        raise EncodeError(f"cannot check the HTML: {exc}", str(edition)) from None


def check_edition(edition: Path) -> tuple[list[Record], str]:
    """Refuse an edition that is not fit to deposit; else its records and a validation summary.

    Raises :class:`EncodeError` naming the first problem: no TEI, a TEI error (RELAX NG or
    Schematron, as ``encode validate`` reports it), or HTML pages that are stale or missing.
    """
    tei = sorted(p for p in (edition / "tei").glob("*.xml") if p.is_file())
    if not tei:
        raise EncodeError("no TEI documents (tei/*.xml) in the edition", str(edition))
    errors, warnings = [], 0
    for path in tei:
        for msg in validate_file(path):
            if msg.severity == "error":
                errors.append(msg)
            else:
                warnings += 1
    if errors:
        raise EncodeError(
            f"{errors[0]} ({len(errors)} TEI error(s); run `encode validate`): not deposited",
            str(edition),
        )
    people = edition / "people.xml"
    if people.is_file():
        try:
            parse_xml(people)
        except etree.XMLSyntaxError as exc:
            raise EncodeError(f"people.xml is not well-formed: {exc}", str(edition)) from None
    stale = _stale_pages(edition)
    if stale:
        shown = ", ".join(stale[:3]) + (f" and {len(stale) - 3} more" if len(stale) > 3 else "")
        raise EncodeError(
            f"HTML is stale or missing ({shown}); run `encode html`: not deposited", str(edition)
        )
    if not (edition / SEARCH_INDEX).is_file():
        raise EncodeError(
            f"no search index ({SEARCH_INDEX}); run `encode html`: not deposited", str(edition)
        )
    summary = (
        f"{len(tei)} TEI documents checked against schema/memcon.rng (RELAX NG) and "
        f"schema/memcon.sch (ISO Schematron): 0 errors, {warnings} warnings; "
        f"{len(_edition_files(edition))} edition files, HTML current with its TEI"
    )
    return load_records(edition), summary


# --- payload ---------------------------------------------------------------------------------


def _regular_files(root: Path) -> Iterator[Path]:
    """Regular files under ``root``, never following a symbolic link out of the edition.

    Hidden names (``.DS_Store``, an editor's swap file, a half-built ``.pagefind-…`` folder)
    are not part of the published edition and stay out of the bag.
    """
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames
                             if not d.startswith(".") and not (Path(dirpath) / d).is_symlink())
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if not name.startswith(".") and path.is_file() and not path.is_symlink():
                yield path


def _edition_files(edition: Path) -> dict[str, Path]:
    """The published edition's files by their path relative to the edition (posix)."""
    files = {}
    for name in EDITION_FILES:
        path = edition / name
        if path.is_file() and not path.is_symlink():
            files[name] = path
    for tree in EDITION_TREES:
        for path in _regular_files(edition / tree):
            files[path.relative_to(edition).as_posix()] = path
    return files


def payload(edition: Path) -> dict[str, Path]:
    """What goes under ``data/``: the edition's files and ``schema/…``, sorted by path."""
    files = _edition_files(edition)
    for name in SCHEMA_FILES:
        files[f"schema/{name}"] = project_schema(name)
    return dict(sorted(files.items()))


# --- dates and identifiers -------------------------------------------------------------------


def bagging_date(records: list[Record]) -> str:
    """``SOURCE_DATE_EPOCH`` as a UTC day when set, else the edition's newest datestamp."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc).strftime("%Y-%m-%d")
    return max(r.datestamp for r in records)


def _edition_digest(files: dict[str, Path]) -> str:
    """A short digest of the payload's TEI: the same texts give the same bag identifier."""
    h = hashlib.sha256()
    for rel, path in files.items():
        if rel.startswith("tei/") or rel == "people.xml":
            h.update(rel.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:12]


def _bag_info(records: list[Record], files: dict[str, Path], date: str, ns: str) -> dict:
    publisher = records[0].tree.findtext(
        "{*}teiHeader/{*}fileDesc/{*}publicationStmt/{*}publisher"
    )
    kinds = sorted({r.kind for r in records})
    counts = ", ".join(f"{sum(r.kind == k for r in records)} {k}" for k in kinds)
    years = sorted(r.date[:4] for r in records if r.date)
    span = f", {years[0]}-{years[-1]}" if years else ""
    return {
        "Source-Organization": (publisher or "memcon-encoder digital edition").strip(),
        "External-Identifier": f"{ns}:edition:{_edition_digest(files)}",
        "External-Description": (
            f"TEI P5 digital edition of declassified diplomatic records ({counts}{span}) "
            "with its HTML reading edition and schemas; METS and Dublin Core in metadata/."
        ),
        "Bag-Group-Identifier": f"{ns}:edition",
        "Bagging-Date": date,
        "BagIt-Profile-Identifier": profile_identifier(),
        "Bag-Software-Agent": f"memcon-encoder {__version__} (bagit.py {bagit.VERSION})",
    }


# --- the bag ---------------------------------------------------------------------------------


def _xml_bytes(node: etree._Element | etree._ElementTree) -> bytes:
    return etree.tostring(node, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _write_bag(bag_dir: Path, edition: Path, records: list[Record], summary: str,
               ns: str) -> None:
    files = payload(edition)
    date = bagging_date(records)
    info = _bag_info(records, files, date, ns)
    bag_dir.mkdir(mode=0o755)
    for rel, src in files.items():
        dest = bag_dir / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            dest.write_bytes(read_regular(src, MAX_FILE_BYTES))
        except RefusedFile as exc:
            raise EncodeError(f"{rel}: {exc.strerror}", str(edition)) from None
    bagit.make_bag(str(bag_dir), dict(info), checksums=list(CHECKSUMS))
    meta = bag_dir / "metadata"
    (meta / "oai_dc").mkdir(parents=True)
    (meta / "mets.xml").write_bytes(_xml_bytes(mets(records, files, info, summary, ns)))
    for rec in records:
        dc = dublin_core(rec, oai_identifier(ns, rec.id))
        (meta / "oai_dc" / f"{rec.id}.xml").write_bytes(_xml_bytes(dc))
    # bagit.py writes BagIt 0.97; the profile asks for 1.0 (RFC 8493), same layout. Re-saving
    # rewrites bag-info.txt and the tag manifests (which now cover metadata/ too).
    (bag_dir / "bagit.txt").write_text(
        "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n", encoding="utf-8"
    )
    bag = bagit.Bag(str(bag_dir))
    bag.info = {**info, "Payload-Oxum": bag.info["Payload-Oxum"]}
    bag.save()
    _sort_manifests(bag_dir)


def _sort_manifests(bag_dir: Path) -> None:
    """Order the tag manifests by path, as bagit.py already orders the payload manifests.

    bagit.py lists tag files in directory order, which differs between file systems, and the
    same edition must give the same manifests. Nothing lists the tag manifests, so sorting
    them changes no checksum.
    """
    for alg in CHECKSUMS:
        path = bag_dir / f"tagmanifest-{alg}.txt"
        lines = sorted(path.read_text(encoding="utf-8").splitlines(),
                       key=lambda line: line.split(maxsplit=1)[1])
        path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")


def _zip(bag_dir: Path, target: Path, date: str) -> None:
    """The bag as one zip (its folder at the top), byte-identical for the same bag."""
    stamp = tuple(int(x) for x in date.split("-")) + (0, 0, 0)
    stamp = max(stamp, (1980, 1, 1, 0, 0, 0))  # the zip format's epoch
    entries = sorted(p for p in bag_dir.rglob("*") if p.is_file())
    with zipfile.ZipFile(target, "w") as zf:
        for path in entries:
            name = f"{bag_dir.name}/{path.relative_to(bag_dir).as_posix()}"
            zi = zipfile.ZipInfo(name, date_time=stamp)  # type: ignore[arg-type]
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o100644 << 16
            zi.create_system = 3  # unix, so the permission bits mean what they say
            zf.writestr(zi, path.read_bytes(), compresslevel=9)


def deposit(edition: Path, out: Path, *, as_zip: bool = False,
            namespace: str = DEFAULT_NAMESPACE) -> Path:
    """Check the edition, then write its bag at ``out`` (a folder, or a zip with ``as_zip``).

    Nothing is written unless the whole bag is: it is built in a temporary folder beside
    ``out`` and renamed at the end. An existing non-empty ``out`` folder is refused rather than
    replaced; an existing zip is replaced atomically.
    """
    edition, out = Path(edition), Path(out)
    if not edition.is_dir():
        raise EncodeError("no such edition folder", str(edition))
    if out.is_dir() and (as_zip or any(out.iterdir())):
        raise EncodeError("already exists: remove it or choose another --out", str(out))
    if out.exists() and not out.is_dir() and not as_zip:
        raise EncodeError("already exists and is not a folder", str(out))
    records, summary = check_edition(edition)
    parent = out.resolve().parent
    # the folders above the bag are made as `mkdir -p` would (README: --out deposit/name)
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EncodeError(f"cannot make the folder for the bag: {exc.strerror}",
                          str(out.parent)) from None
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=parent))
    try:
        name = out.name.removesuffix(".zip") if as_zip else out.name
        bag_dir = work / name
        _write_bag(bag_dir, edition, records, summary, namespace)
        if as_zip:
            tmp_zip = work / "bag.zip"
            _zip(bag_dir, tmp_zip, bagging_date(records))
            os.chmod(tmp_zip, 0o644)
            os.replace(tmp_zip, out)
        else:
            os.replace(bag_dir, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out
