"""The edition as a catalogue of records: what the deposit and the OAI-PMH endpoint describe.

Both stages describe the same documents the same way, so both read them here: one
:class:`Record` per ``OUT/tei/<id>.xml``, with the Dublin Core made from its teiHeader by
``encoder/data/tei2dc.xsl``. The personography (``people.xml``) is part of the edition but not
a document, so it has no record.

Dates. ``date`` is the document's own date (the conversation, or the article's issue);
``datestamp`` is the day the document entered the public record: its newest declassification
(``custEvent type="declassification"``), or for a publication its date of issue. That is the
date a harvester selects by (``from``/``until``) and the deposit dates its bag by: it is a fact
of the source, so the same edition gives the same datestamps on every machine, where file
modification times would change with every checkout. Datestamps are days
(``YYYY-MM-DD``, the OAI-PMH day granularity); a month (``2024-01``) counts from its first day.
A document with no release date falls back to its own date, and one with no date at all to
1970-01-01, so that every record has a datestamp.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from lxml import etree

from .safexml import parse_xml

TEI_NS = "http://www.tei-c.org/ns/1.0"
NS = {"t": TEI_NS}
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"

#: The default namespace of OAI identifiers and of the deposit's identifiers. It names the
#: edition, not the host that serves it, so identifiers survive a move; a publisher sets its
#: own domain with ``--namespace``.
DEFAULT_NAMESPACE = "memcon-encoder.example.org"

_DAY = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")

_DOC_DATE = (
    "t:teiHeader/t:fileDesc/t:sourceDesc/t:msDesc/t:history/t:origin/t:origDate/@when"
    " | t:teiHeader/t:fileDesc/t:sourceDesc/t:bibl/t:date/@when"
)
_RELEASES = (
    "t:teiHeader/t:fileDesc/t:sourceDesc/t:msDesc/t:additional/t:adminInfo/t:custodialHist"
    "/t:custEvent[@type='declassification']/@when"
)
# a memorandum's subtype (telcon, memcon), even behind a transmittal memo; else the first
# division's type (article)
_KINDS = ("t:text/t:body//t:div[@type='memorandum']/@subtype", "t:text/t:body/t:div[1]/@type")


@dataclass(frozen=True)
class Record:
    """One document of the edition as the catalogue describes it."""

    id: str
    path: Path
    kind: str  #: telcon, memcon, article … (see ``_KINDS``); '' if none
    date: str  #: the document's own date as a day, '' if it has none
    datestamp: str  #: the day it became public (see the module docstring)
    tree: etree._ElementTree

    @property
    def decade(self) -> str:
        """``1990s`` … from the document's own date; '' when it has none."""
        return f"{self.date[:3]}0s" if self.date else ""


def day(value: str) -> str:
    """An ISO date, month or year (or date-time) as the first day it covers, ``YYYY-MM-DD``."""
    m = _DAY.match(value or "")
    if not m:
        return ""
    return f"{m[1]}-{m[2] or '01'}-{m[3] or '01'}"


def load_record(path: Path) -> Record:
    """Read one TEI file of the edition (through the project's safe parser)."""
    tree = parse_xml(Path(path))
    root = tree.getroot()
    doc_id = root.get("{http://www.w3.org/XML/1998/namespace}id") or Path(path).stem
    kind = next((str(k[0]) for k in (root.xpath(x, namespaces=NS) for x in _KINDS) if k), "")
    dates = [day(v) for v in root.xpath(_DOC_DATE, namespaces=NS)]
    date = next((d for d in dates if d), "")
    releases = sorted(d for d in (day(v) for v in root.xpath(_RELEASES, namespaces=NS)) if d)
    datestamp = releases[-1] if releases else date or "1970-01-01"
    return Record(doc_id, Path(path), kind, date, datestamp, tree)


def load_records(edition: Path) -> list[Record]:
    """Every document of the edition, in file-name order."""
    return [load_record(p) for p in sorted((Path(edition) / "tei").glob("*.xml")) if p.is_file()]


def oai_identifier(namespace: str, doc_id: str) -> str:
    """``oai:<namespace>:<id>`` (the OAI identifier scheme, host-independent)."""
    return f"oai:{namespace}:{doc_id}"


@cache
def _tei2dc() -> etree.XSLT:
    xsl = parse_xml(Path(str(resources.files("encoder.data").joinpath("tei2dc.xsl"))))
    return etree.XSLT(xsl, access_control=etree.XSLTAccessControl.DENY_ALL)


def dublin_core(record: Record, identifier: str) -> etree._Element:
    """The record's ``oai_dc:dc`` element, made from its teiHeader by ``tei2dc.xsl``."""
    result = _tei2dc()(
        record.tree,
        identifier=etree.XSLT.strparam(identifier),
        kind=etree.XSLT.strparam(record.kind),
    )
    return result.getroot()


#: Media types of the edition's files by suffix. A fixed table rather than :mod:`mimetypes`,
#: which reads the host's /etc/mime.types: the METS and the server must not depend on the
#: machine. Pagefind's index files (.pf_*) are opaque binary data.
MEDIA_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".xml": "application/xml",
    ".rng": "application/xml",
    ".sch": "application/xml",
    ".xsl": "application/xslt+xml",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/vnd.microsoft.icon",
    ".woff2": "font/woff2",
    ".wasm": "application/wasm",
    ".txt": "text/plain",
}


def media_type(rel: str) -> str:
    """Media type of an edition file from its path relative to the edition (posix)."""
    if rel == "people.xml" or (rel.startswith("tei/") and rel.endswith(".xml")):
        return "application/tei+xml"
    return MEDIA_TYPES.get(Path(rel).suffix.lower(), "application/octet-stream")
