"""OAI-PMH 2.0 for the edition: requests in, response documents out (no networking here).

An aggregator harvests what this answers, so it follows the protocol to the letter
(https://www.openarchives.org/OAI/openarchivesprotocol.html): the six verbs, the ``oai_dc``
and ``tei`` formats, sets, ``from``/``until``, resumption tokens and the error codes. The
server (:mod:`encoder.serve`) only turns HTTP into :meth:`Repository.respond`.

Decisions:

* Identifiers are ``oai:<namespace>:<id>`` with a namespace naming the edition, not the host
  serving it (:data:`encoder.catalogue.DEFAULT_NAMESPACE`, or ``--namespace``).
* Datestamps (and so ``from``/``until``) are the day each document became public: its
  declassification, or an article's issue (see :mod:`encoder.catalogue`). Granularity is
  ``YYYY-MM-DD``; a finer ``from``/``until`` is a ``badArgument``, as the protocol says.
* Sets: ``kind:<kind>`` (``kind:telcon``, ``kind:article`` …) and ``decade:<decade>``
  (``decade:1990s``, by the document's own date), under the parent sets ``kind`` and
  ``decade``; asking for a parent selects its children's records.
* Resumption tokens carry the request and the position (base64 of JSON) with a fingerprint of
  the repository, so a token from before a change of the edition is a
  ``badResumptionToken`` rather than a silently shifted page. No records are ever deleted
  (``deletedRecord`` is ``no``): the edition is rebuilt, not edited in place.
"""

from __future__ import annotations

import base64
import binascii
import copy
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from lxml import etree

from .catalogue import (
    DEFAULT_NAMESPACE,
    OAI_DC_NS,
    TEI_NS,
    Record,
    dublin_core,
    load_records,
    oai_identifier,
)

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_LOCATION = f"{OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
_O = f"{{{OAI_NS}}}"


@dataclass(frozen=True)
class Format:
    prefix: str
    schema: str
    namespace: str


FORMATS = {
    f.prefix: f
    for f in (
        Format("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC_NS),
        Format("tei", "https://tei-c.org/release/xml/tei/custom/schema/xsd/tei_all.xsd", TEI_NS),
    )
}


@dataclass(frozen=True)
class Verb:
    """What a verb accepts: the protocol's table of arguments, read as the spec."""

    required: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()
    resumable: bool = False  #: takes ``resumptionToken`` as its only (exclusive) argument


_LIST = Verb(frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"}), True)
VERBS: dict[str, Verb] = {
    "Identify": Verb(),
    "ListMetadataFormats": Verb(optional=frozenset({"identifier"})),
    "ListSets": Verb(resumable=True),
    "ListIdentifiers": _LIST,
    "ListRecords": _LIST,
    "GetRecord": Verb(frozenset({"identifier", "metadataPrefix"})),
}

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SECONDS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


class OAIError(Exception):
    """A protocol error: its ``code`` is one of OAI-PMH's error codes."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Repository:
    """The edition's documents as an OAI-PMH repository (loaded once, at start)."""

    def __init__(self, edition: Path, *, namespace: str = DEFAULT_NAMESPACE,
                 page_size: int = 100, admin_email: str | None = None) -> None:
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self.namespace = namespace
        self.page_size = page_size
        self.admin_email = admin_email or f"editor@{namespace}"
        self.records: list[Record] = sorted(load_records(Path(edition)), key=lambda r: r.id)
        self._by_id = {r.id: r for r in self.records}
        state = "\n".join(f"{r.id} {r.datestamp}" for r in self.records)
        self.fingerprint = hashlib.sha256(state.encode()).hexdigest()[:16]
        first = self.records[0].tree if self.records else None
        publisher = first.findtext("{*}teiHeader/{*}fileDesc/{*}publicationStmt/{*}publisher") \
            if first is not None else None
        self.name = (publisher or "memcon-encoder digital edition").strip()

    # --- sets and records ----------------------------------------------------------------

    def set_specs(self, record: Record) -> list[str]:
        specs = []
        if record.kind:
            specs.append(f"kind:{record.kind}")
        if record.decade:
            specs.append(f"decade:{record.decade}")
        return specs

    def sets(self) -> list[tuple[str, str]]:
        """``(setSpec, setName)`` of every set, parents first."""
        leaves = sorted({s for r in self.records for s in self.set_specs(r)})
        out = []
        for parent, name in (("kind", "Kind of document"), ("decade", "Decade of the document")):
            children = [s for s in leaves if s.startswith(parent + ":")]
            if children:
                out.append((parent, name))
                out.extend((s, f"{name}: {s.split(':', 1)[1]}") for s in children)
        return out

    def identifier(self, record: Record) -> str:
        return oai_identifier(self.namespace, record.id)

    def record_for(self, identifier: str) -> Record:
        prefix = f"oai:{self.namespace}:"
        record = self._by_id.get(identifier.removeprefix(prefix)) \
            if identifier.startswith(prefix) else None
        if record is None:
            raise OAIError("idDoesNotExist", f"no such item: {identifier}")
        return record

    def _selected(self, set_spec: str | None, since: str | None,
                  until: str | None) -> list[Record]:
        if set_spec is not None and set_spec not in {s for s, _ in self.sets()}:
            # a set this repository does not have matches nothing
            raise OAIError("noRecordsMatch", f"no such set: {set_spec}")
        out = [
            r for r in self.records
            if (since is None or r.datestamp >= since)
            and (until is None or r.datestamp <= until)
            and (set_spec is None
                 or any(s == set_spec or s.startswith(set_spec + ":") for s in self.set_specs(r)))
        ]
        if not out:
            raise OAIError("noRecordsMatch", "no records match the request")
        return out

    # --- the protocol --------------------------------------------------------------------

    def respond(self, args: Mapping[str, Sequence[str]], base_url: str,
                now: datetime | None = None) -> bytes:
        """The response document to a request's arguments (as ``urllib.parse.parse_qs`` gives)."""
        now = now or datetime.now(timezone.utc)
        root = etree.Element(_O + "OAI-PMH", nsmap={None: OAI_NS, "xsi": XSI_NS})
        root.set(f"{{{XSI_NS}}}schemaLocation", OAI_LOCATION)
        etree.SubElement(root, _O + "responseDate").text = now.strftime("%Y-%m-%dT%H:%M:%SZ")
        request = etree.SubElement(root, _O + "request")
        request.text = base_url
        try:
            params = self._arguments(args)
            for key, value in params.items():
                request.set(key, value)
            handlers = {
                "Identify": self._identify,
                "ListMetadataFormats": self._list_metadata_formats,
                "ListSets": self._list_sets,
                "ListIdentifiers": self._list_identifiers,
                "ListRecords": self._list_records,
                "GetRecord": self._get_record,
            }
            body = handlers[params["verb"]](params, base_url)
            root.append(body)
        except OAIError as err:
            if err.code in ("badVerb", "badArgument"):
                request.attrib.clear()  # the protocol: no attributes echo a malformed request
            error = etree.SubElement(root, _O + "error", code=err.code)
            error.text = err.message
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    def _arguments(self, args: Mapping[str, Sequence[str]]) -> dict[str, str]:
        verbs = args.get("verb", [])
        if len(verbs) != 1 or verbs[0] not in VERBS:
            shown = ", ".join(verbs) if verbs else "none"
            raise OAIError("badVerb", f"illegal or missing verb ({shown})")
        verb = VERBS[verbs[0]]
        params = {"verb": verbs[0]}
        for key, values in args.items():
            if key == "verb":
                continue
            if len(values) != 1:
                raise OAIError("badArgument", f"repeated argument: {key}")
            if not values[0]:
                raise OAIError("badArgument", f"empty argument: {key}")
            allowed = verb.required | verb.optional | ({"resumptionToken"} if verb.resumable
                                                       else set())
            if key not in allowed:
                raise OAIError("badArgument", f"illegal argument for {verbs[0]}: {key}")
            params[key] = values[0]
        if "resumptionToken" in params:
            if len(params) > 2:
                raise OAIError("badArgument", "resumptionToken is an exclusive argument")
            return params
        missing = sorted(verb.required - params.keys())
        if missing:
            raise OAIError("badArgument", f"missing argument: {', '.join(missing)}")
        for key in ("from", "until"):
            if key in params and not _DAY.match(params[key]):
                if _SECONDS.match(params[key]):
                    raise OAIError("badArgument", f"{key}: this repository's granularity is "
                                   "YYYY-MM-DD")
                raise OAIError("badArgument", f"{key}: not a date (YYYY-MM-DD)")
            if key in params:
                try:
                    datetime.strptime(params[key], "%Y-%m-%d")
                except ValueError:
                    raise OAIError("badArgument", f"{key}: no such day") from None
        if "from" in params and "until" in params and params["from"] > params["until"]:
            raise OAIError("badArgument", "from is later than until")
        return params

    def _identify(self, params: dict[str, str], base_url: str) -> etree._Element:
        el = etree.Element(_O + "Identify")
        earliest = min((r.datestamp for r in self.records), default="1970-01-01")
        for tag, text in (
            ("repositoryName", self.name),
            ("baseURL", base_url),
            ("protocolVersion", "2.0"),
            ("adminEmail", self.admin_email),
            ("earliestDatestamp", earliest),
            ("deletedRecord", "no"),
            ("granularity", "YYYY-MM-DD"),
        ):
            etree.SubElement(el, _O + tag).text = text
        return el

    def _list_metadata_formats(self, params: dict[str, str], base_url: str) -> etree._Element:
        if "identifier" in params:
            self.record_for(params["identifier"])  # every record has every format
        el = etree.Element(_O + "ListMetadataFormats")
        for fmt in FORMATS.values():
            mf = etree.SubElement(el, _O + "metadataFormat")
            etree.SubElement(mf, _O + "metadataPrefix").text = fmt.prefix
            etree.SubElement(mf, _O + "schema").text = fmt.schema
            etree.SubElement(mf, _O + "metadataNamespace").text = fmt.namespace
        return el

    def _list_sets(self, params: dict[str, str], base_url: str) -> etree._Element:
        if "resumptionToken" in params:
            raise OAIError("badResumptionToken", "ListSets is never split into pages")
        sets = self.sets()
        if not sets:
            raise OAIError("noSetHierarchy", "this repository has no sets")
        el = etree.Element(_O + "ListSets")
        for spec, name in sets:
            s = etree.SubElement(el, _O + "set")
            etree.SubElement(s, _O + "setSpec").text = spec
            etree.SubElement(s, _O + "setName").text = name
        return el

    def _get_record(self, params: dict[str, str], base_url: str) -> etree._Element:
        fmt = self._format(params["metadataPrefix"])
        record = self.record_for(params["identifier"])
        el = etree.Element(_O + "GetRecord")
        el.append(self._record(record, fmt))
        return el

    def _list_identifiers(self, params: dict[str, str], base_url: str) -> etree._Element:
        return self._list("ListIdentifiers", params)

    def _list_records(self, params: dict[str, str], base_url: str) -> etree._Element:
        return self._list("ListRecords", params)

    # --- lists and resumption tokens -----------------------------------------------------

    def _list(self, verb: str, params: dict[str, str]) -> etree._Element:
        if "resumptionToken" in params:
            request, offset = self._read_token(params["resumptionToken"], verb)
        else:
            request, offset = {k: params.get(k) for k in ("metadataPrefix", "set", "from",
                                                          "until")}, 0
        fmt = self._format(str(request["metadataPrefix"]))
        records = self._selected(request["set"], request["from"], request["until"])
        if offset >= len(records):
            raise OAIError("badResumptionToken", "the token points past the end of the list")
        page = records[offset:offset + self.page_size]
        el = etree.Element(_O + verb)
        for r in page:
            el.append(self._record(r, fmt) if verb == "ListRecords" else self._header(r))
        end = offset + len(page)
        if offset > 0 or end < len(records):
            token = etree.SubElement(el, _O + "resumptionToken",
                                     completeListSize=str(len(records)), cursor=str(offset))
            if end < len(records):
                token.text = self._token(verb, request, end)
        return el

    def _token(self, verb: str, request: dict, offset: int) -> str:
        state = {"verb": verb, "request": request, "offset": offset, "fp": self.fingerprint}
        raw = json.dumps(state, sort_keys=True, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def _read_token(self, token: str, verb: str) -> tuple[dict, int]:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            state = json.loads(raw)
            request, offset = state["request"], state["offset"]
            valid = (state["verb"] == verb and state["fp"] == self.fingerprint
                     and isinstance(offset, int) and offset > 0 and isinstance(request, dict)
                     and set(request) == {"metadataPrefix", "set", "from", "until"})
        except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError):
            valid = False
        if not valid:
            raise OAIError("badResumptionToken", "invalid or expired resumption token")
        return request, offset

    # --- records -------------------------------------------------------------------------

    def _format(self, prefix: str) -> Format:
        fmt = FORMATS.get(prefix)
        if fmt is None:
            raise OAIError("cannotDisseminateFormat", f"unsupported metadata format: {prefix}")
        return fmt

    def _header(self, record: Record) -> etree._Element:
        header = etree.Element(_O + "header")
        etree.SubElement(header, _O + "identifier").text = self.identifier(record)
        etree.SubElement(header, _O + "datestamp").text = record.datestamp
        for spec in self.set_specs(record):
            etree.SubElement(header, _O + "setSpec").text = spec
        return header

    def _record(self, record: Record, fmt: Format) -> etree._Element:
        el = etree.Element(_O + "record")
        el.append(self._header(record))
        metadata = etree.SubElement(el, _O + "metadata")
        if fmt.prefix == "oai_dc":
            metadata.append(dublin_core(record, self.identifier(record)))
        else:
            metadata.append(copy.deepcopy(record.tree.getroot()))
        return el
