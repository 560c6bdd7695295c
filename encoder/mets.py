"""The METS document of a deposit: what a repository reads to know the bag's contents.

One ``dmdSec`` per document (Dublin Core from its teiHeader, the same record the OAI-PMH
endpoint serves), a ``fileSec`` with every payload file, its SHA-512 and media type, a logical
``structMap`` edition -> document -> TEI and HTML, and in ``digiprovMD`` a PREMIS 3 event
recording the validation the edition passed, linked to the tool (a PREMIS agent with its
version). File locations are relative to ``metadata/mets.xml``, where the METS lies in the
bag (``../data/…``). Dates are the bag's date, so the METS is the same for the same edition.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from lxml import etree

from . import __version__
from .catalogue import Record, dublin_core, media_type, oai_identifier

METS_NS = "http://www.loc.gov/METS/"
XLINK_NS = "http://www.w3.org/1999/xlink"
PREMIS_NS = "http://www.loc.gov/premis/v3"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
METS_LOCATION = "http://www.loc.gov/METS/ http://www.loc.gov/standards/mets/mets.xsd"

_M = f"{{{METS_NS}}}"
_P = f"{{{PREMIS_NS}}}"


def _file_id(rel: str) -> str:
    """An xs:ID for a payload file, readable: ``file.tei.telcon-….xml``."""
    return "file." + re.sub(r"[^A-Za-z0-9._-]", ".", rel)


def _group(rel: str) -> str:
    """The fileGrp USE of a payload file."""
    if rel.startswith("html/pagefind/"):
        return "search-index"
    if rel.startswith("html/assets/"):
        return "assets"
    if rel.startswith("schema/"):
        return "schema"
    if rel.endswith(".html"):
        return "html"
    return "tei"


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def _premis_event(parent: etree._Element, date: str, summary: str, tei: list[str]) -> None:
    ev = etree.SubElement(parent, _P + "event")
    ident = _el(ev, _P + "eventIdentifier")
    _el(ident, _P + "eventIdentifierType", "local")
    _el(ident, _P + "eventIdentifierValue", f"validation-{date}")
    _el(ev, _P + "eventType", "validation", authority="eventType",
        authorityURI="http://id.loc.gov/vocabulary/preservation/eventType",
        valueURI="http://id.loc.gov/vocabulary/preservation/eventType/val")
    _el(ev, _P + "eventDateTime", date)
    _el(_el(ev, _P + "eventDetailInformation"), _P + "eventDetail", summary)
    _el(_el(ev, _P + "eventOutcomeInformation"), _P + "eventOutcome", "pass")
    agent = _el(ev, _P + "linkingAgentIdentifier")
    _el(agent, _P + "linkingAgentIdentifierType", "local")
    _el(agent, _P + "linkingAgentIdentifierValue", f"memcon-encoder {__version__}")
    _el(agent, _P + "linkingAgentRole", "executing program")
    for rel in tei:
        obj = _el(ev, _P + "linkingObjectIdentifier")
        _el(obj, _P + "linkingObjectIdentifierType", "local")
        _el(obj, _P + "linkingObjectIdentifierValue", f"data/{rel}")


def _premis_agent(parent: etree._Element) -> None:
    agent = etree.SubElement(parent, _P + "agent")
    ident = _el(agent, _P + "agentIdentifier")
    _el(ident, _P + "agentIdentifierType", "local")
    _el(ident, _P + "agentIdentifierValue", f"memcon-encoder {__version__}")
    _el(agent, _P + "agentName", "memcon-encoder")
    _el(agent, _P + "agentType", "software")
    _el(agent, _P + "agentVersion", __version__)


def mets(
    records: list[Record], files: dict[str, Path], info: dict, summary: str, ns: str
) -> etree._ElementTree:
    """The METS document of the bag (``metadata/mets.xml``); file paths are relative to it."""
    date = info["Bagging-Date"]
    root = etree.Element(
        _M + "mets",
        nsmap={"mets": METS_NS, "xlink": XLINK_NS, "premis": PREMIS_NS, "xsi": XSI_NS},
        OBJID=info["External-Identifier"], LABEL=info["Source-Organization"], TYPE="edition",
    )
    root.set(f"{{{XSI_NS}}}schemaLocation", METS_LOCATION)
    hdr = _el(root, _M + "metsHdr", CREATEDATE=f"{date}T00:00:00Z")
    agent = _el(hdr, _M + "agent", ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    _el(agent, _M + "name", f"memcon-encoder {__version__}")
    _el(hdr, _M + "altRecordID", info["External-Identifier"], TYPE="External-Identifier")

    for rec in records:
        dmd = _el(root, _M + "dmdSec", ID=f"dmd.{rec.id}")
        wrap = _el(dmd, _M + "mdWrap", MDTYPE="DC", LABEL="Dublin Core from the teiHeader")
        dc = dublin_core(rec, oai_identifier(ns, rec.id))
        dc.attrib.pop(f"{{{XSI_NS}}}schemaLocation", None)
        _el(wrap, _M + "xmlData").append(dc)

    amd = _el(root, _M + "amdSec", ID="amd.edition")
    tei = [rel for rel in files if rel.startswith("tei/")]
    for md_id, label, build in (
        ("digiprov.validation", "PREMIS:EVENT", lambda p: _premis_event(p, date, summary, tei)),
        ("digiprov.agent", "PREMIS:AGENT", _premis_agent),
    ):
        wrap = _el(_el(amd, _M + "digiprovMD", ID=md_id), _M + "mdWrap", MDTYPE=label)
        build(_el(wrap, _M + "xmlData"))

    file_sec = _el(root, _M + "fileSec")
    groups: dict[str, etree._Element] = {}
    for rel, path in files.items():
        use = _group(rel)
        if use not in groups:
            groups[use] = _el(file_sec, _M + "fileGrp", USE=use)
        data = path.read_bytes()
        f = _el(groups[use], _M + "file", ID=_file_id(rel), MIMETYPE=media_type(rel),
                SIZE=str(len(data)), CHECKSUM=hashlib.sha512(data).hexdigest(),
                CHECKSUMTYPE="SHA-512")
        _el(f, _M + "FLocat", LOCTYPE="URL").set(f"{{{XLINK_NS}}}href", f"../data/{rel}")

    smap = _el(root, _M + "structMap", TYPE="logical", LABEL="edition")
    top = _el(smap, _M + "div", TYPE="edition", LABEL=info["Source-Organization"],
              ADMID="digiprov.validation digiprov.agent")
    for rel in ("index.html", "people.html", "people.xml"):
        if rel in files:
            _el(top, _M + "fptr", FILEID=_file_id(rel))
    for order, rec in enumerate(records, 1):
        title = rec.tree.findtext("{*}teiHeader/{*}fileDesc/{*}titleStmt/{*}title") or rec.id
        div = _el(top, _M + "div", TYPE=rec.kind or "document", LABEL=" ".join(title.split()),
                  ORDER=str(order), DMDID=f"dmd.{rec.id}", ORDERLABEL=rec.id)
        for rel in (f"tei/{rec.path.name}", f"html/{rec.id}.html"):
            if rel in files:
                _el(div, _M + "fptr", FILEID=_file_id(rel))
    return etree.ElementTree(root)
