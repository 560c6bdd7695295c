"""`encode serve`: the edition over HTTP and its OAI-PMH 2.0 endpoint, harvested by ``sickle``
(an independent harvester) and every response checked against the OAI-PMH XML Schema."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import sickle.oaiexceptions as oaierr
from lxml import etree
from sickle import Sickle
from sickle.iterator import OAIResponseIterator
from standards import errors, oai_dc_schema, oai_pmh_schema

from encoder.oai import Repository
from encoder.serve import make_server

NS = {"oai": "http://www.openarchives.org/OAI/2.0/", "dc": "http://purl.org/dc/elements/1.1/",
      "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
      "t": "http://www.tei-c.org/ns/1.0"}
PREFIX = "oai:memcon-encoder.example.org:"
CALL = "telcon-2000-01-01-clinton-putin"
PAGE_SIZE = 2


@pytest.fixture(scope="module")
def server(published: Path) -> Iterator[str]:
    """The edition served on a free loopback port, two records per list page."""
    srv = make_server(published, "127.0.0.1", 0, page_size=PAGE_SIZE)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    host, port = srv.server_address[:2]
    yield f"http://{host}:{port}"
    srv.shutdown()
    srv.server_close()
    thread.join(5)


def ids(edition: Path) -> list[str]:
    return sorted(p.stem for p in (edition / "tei").glob("*.xml"))


def oai(server: str, query: str) -> etree._Element:
    """One OAI-PMH response, which must be valid against OAI-PMH.xsd (and its oai_dc inside)."""
    with urllib.request.urlopen(f"{server}/oai?{query}") as resp:
        assert resp.status == 200
        assert resp.headers["Content-Type"] == "text/xml; charset=utf-8"
        root = etree.fromstring(resp.read())
    assert errors(oai_pmh_schema(), root) == [], query
    for dc in root.iterfind(".//oai:metadata/oai_dc:dc", NS):
        assert errors(oai_dc_schema(), dc) == [], query
    return root


def error_code(root: etree._Element) -> str | None:
    return root.findtext("oai:error", namespaces=NS) and root.find("oai:error", NS).get("code")


def get(server: str, raw_path: str) -> tuple[int, bytes]:
    """GET with the path sent exactly as written (no client-side normalisation of ``..``)."""
    host, port = server.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=5)
    conn.putrequest("GET", raw_path, skip_accept_encoding=True)
    conn.endheaders()
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, body


# --- harvesting with sickle ------------------------------------------------------------------


def test_sickle_harvests_every_record_across_resumption_tokens(server: str,
                                                               published: Path) -> None:
    records = Sickle(f"{server}/oai").ListRecords(metadataPrefix="oai_dc")
    harvested, tokens = [], set()
    for record in records:
        harvested.append(record.header.identifier)
        if records.resumption_token and records.resumption_token.token:
            tokens.add(records.resumption_token.token)
        assert record.metadata["title"]
    assert sorted(harvested) == [PREFIX + i for i in ids(published)]
    assert len(tokens) >= 2  # five records, two per page: two tokens lead to pages 2 and 3


def test_get_record_in_tei_returns_the_tei(server: str, published: Path) -> None:
    record = Sickle(f"{server}/oai").GetRecord(identifier=PREFIX + CALL, metadataPrefix="tei")
    tei = record.xml.find(".//oai:metadata/t:TEI", NS)
    source = etree.parse(str(published / "tei" / f"{CALL}.xml")).getroot()
    assert tei.get("{http://www.w3.org/XML/1998/namespace}id") == CALL
    # sickle drops blank text; the words are the TEI's, all of them, in order
    assert " ".join(tei.itertext()).split() == " ".join(source.itertext()).split()
    # byte for byte as the server sends it: the TEI element is the file's, unchanged
    raw = oai(server, f"verb=GetRecord&identifier={PREFIX}{CALL}&metadataPrefix=tei")
    sent = raw.find(".//oai:metadata/t:TEI", NS)
    assert etree.tostring(sent, method="c14n", exclusive=True) == \
        etree.tostring(source, method="c14n", exclusive=True)


def test_unknown_identifier_is_id_does_not_exist(server: str) -> None:
    with pytest.raises(oaierr.IdDoesNotExist):
        Sickle(f"{server}/oai").GetRecord(identifier=PREFIX + "telcon-1900-01-01-nobody",
                                          metadataPrefix="oai_dc")


def test_bad_verb_is_bad_verb(server: str) -> None:
    harvester = Sickle(f"{server}/oai", iterator=OAIResponseIterator)
    with pytest.raises(oaierr.BadVerb):
        harvester.iterator(harvester, {"verb": "ListEverything"})


# --- the protocol, response by response ------------------------------------------------------


def test_identify(server: str) -> None:
    root = oai(server, "verb=Identify")
    ident = root.find("oai:Identify", NS)
    assert ident.findtext("oai:baseURL", namespaces=NS) == f"{server}/oai"
    assert ident.findtext("oai:granularity", namespaces=NS) == "YYYY-MM-DD"
    assert ident.findtext("oai:earliestDatestamp", namespaces=NS) == "2018-03-05"
    assert ident.findtext("oai:deletedRecord", namespaces=NS) == "no"


def test_list_metadata_formats_oai_dc_and_tei(server: str) -> None:
    root = oai(server, f"verb=ListMetadataFormats&identifier={PREFIX}{CALL}")
    assert root.xpath("//oai:metadataPrefix/text()", namespaces=NS) == ["oai_dc", "tei"]


def test_sets_per_kind_and_decade(server: str) -> None:
    root = oai(server, "verb=ListSets")
    assert root.xpath("//oai:setSpec/text()", namespaces=NS) == [
        "kind", "kind:article", "kind:telcon",
        "decade", "decade:1990s", "decade:2000s", "decade:2020s"]
    article = oai(server, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=kind:article")
    assert article.xpath("//oai:identifier/text()", namespaces=NS) == [
        PREFIX + "article-2024-tamponi-twilight-calls"]
    nineties = oai(server, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=decade:1990s")
    assert nineties.xpath("//oai:identifier/text()", namespaces=NS) == [
        PREFIX + "telcon-1998-03-24-clinton-yeltsin"]


def test_from_until_select_by_declassification_date(server: str) -> None:
    root = oai(server, "verb=ListIdentifiers&metadataPrefix=oai_dc"
                       "&from=2019-03-07&until=2019-03-07")
    assert root.xpath("//oai:identifier/text()", namespaces=NS) == [
        PREFIX + "telcon-2000-01-01-clinton-putin", PREFIX + "telcon-2000-03-27-clinton-putin"]
    assert root.xpath("//oai:datestamp/text()", namespaces=NS) == ["2019-03-07"] * 2


def test_last_page_has_an_empty_token_with_the_list_size(server: str) -> None:
    query = "verb=ListIdentifiers&metadataPrefix=oai_dc"
    seen: list[str] = []
    while True:
        root = oai(server, query)
        seen += root.xpath("//oai:identifier/text()", namespaces=NS)
        token = root.find(".//oai:resumptionToken", NS)
        assert token is not None and token.get("completeListSize") == "5"
        if not token.text:
            break
        query = f"verb=ListIdentifiers&resumptionToken={token.text}"
    assert len(seen) == len(set(seen)) == 5


@pytest.mark.parametrize(("query", "code"), [
    ("verb=Nope", "badVerb"),
    ("", "badVerb"),
    ("verb=Identify&verb=Identify", "badVerb"),
    ("verb=Identify&metadataPrefix=oai_dc", "badArgument"),
    ("verb=ListRecords", "badArgument"),
    ("verb=ListRecords&metadataPrefix=", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2019-03-07T00:00:00Z", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01&until=2019-01-01", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=x", "badArgument"),
    ("verb=ListRecords&resumptionToken=not-a-token", "badResumptionToken"),
    ("verb=ListRecords&metadataPrefix=mods", "cannotDisseminateFormat"),
    (f"verb=GetRecord&identifier={PREFIX}{CALL}&metadataPrefix=marc", "cannotDisseminateFormat"),
    ("verb=GetRecord&identifier=oai:elsewhere.org:x&metadataPrefix=oai_dc", "idDoesNotExist"),
    ("verb=ListMetadataFormats&identifier=oai:x:y", "idDoesNotExist"),
    ("verb=ListRecords&metadataPrefix=oai_dc&set=kind:memcon", "noRecordsMatch"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2030-01-01", "noRecordsMatch"),
])
def test_protocol_errors(server: str, query: str, code: str) -> None:
    root = oai(server, query)
    assert error_code(root) == code
    if code in ("badVerb", "badArgument"):
        assert root.find("oai:request", NS).attrib == {}


def test_token_of_another_verb_is_bad(server: str) -> None:
    first = oai(server, "verb=ListIdentifiers&metadataPrefix=oai_dc")
    token = first.findtext(".//oai:resumptionToken", namespaces=NS)
    root = oai(server, f"verb=ListRecords&resumptionToken={token}")
    assert error_code(root) == "badResumptionToken"


def test_post_is_answered_like_get(server: str) -> None:
    req = urllib.request.Request(f"{server}/oai", data=b"verb=ListSets", method="POST",
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(req) as resp:
        root = etree.fromstring(resp.read())
    assert errors(oai_pmh_schema(), root) == []
    assert "kind:telcon" in root.xpath("//oai:setSpec/text()", namespaces=NS)


def test_empty_edition_has_no_sets_and_no_records(tmp_path: Path) -> None:
    (tmp_path / "tei").mkdir()
    repo = Repository(tmp_path)
    for query, code in (("ListSets", "noSetHierarchy"), ("ListIdentifiers", "noRecordsMatch")):
        body = repo.respond({"verb": [query], "metadataPrefix": ["oai_dc"]}
                            if query != "ListSets" else {"verb": [query]}, "http://x/oai")
        root = etree.fromstring(body)
        assert errors(oai_pmh_schema(), root) == []
        assert error_code(root) == code


# --- static files ----------------------------------------------------------------------------


def test_edition_pages_are_served(server: str, published: Path) -> None:
    status, body = get(server, "/")
    assert status == 200 and body == (published / "index.html").read_bytes()
    status, body = get(server, f"/html/{CALL}.html")
    assert status == 200 and body == (published / "html" / f"{CALL}.html").read_bytes()
    status, body = get(server, f"/tei/{CALL}.xml")
    assert status == 200 and body == (published / "tei" / f"{CALL}.xml").read_bytes()
    pagefind = sorted((published / "html" / "pagefind").glob("pagefind*.js"))
    assert pagefind
    status, _ = get(server, f"/html/pagefind/{pagefind[0].name}")
    assert status == 200


@pytest.mark.parametrize("path", [
    "/../pyproject.toml",
    "/../../etc/passwd",
    "/tei/../../pyproject.toml",
    "/%2e%2e/pyproject.toml",
    "/%2E%2E/%2E%2E/etc/passwd",
    "/tei/%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/html/..%2f..%2fpyproject.toml",
    "/tei/..%5c..%5cpyproject.toml",
    "/./index.html",
    "/index.html%00.xml",
    "/nothing-here.html",
])
def test_paths_outside_the_edition_are_not_found(server: str, path: str) -> None:
    status, body = get(server, path)
    assert status == 404
    assert body == b"not found\n"


def test_symlink_out_of_the_edition_is_not_found(published: Path, tmp_path: Path) -> None:
    edition = tmp_path / "edition"
    (edition / "tei").mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("outside")
    (edition / "leak.txt").symlink_to(secret)
    (edition / "fifo").mkdir()
    os.mkfifo(edition / "fifo" / "index.html")
    srv = make_server(edition, "127.0.0.1", 0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        base = "http://{}:{}".format(*srv.server_address[:2])
        assert get(base, "/leak.txt")[0] == 404
        assert get(base, "/fifo/")[0] == 404  # not a regular file: never opened
    finally:
        srv.shutdown()
        srv.server_close()


# --- the command -----------------------------------------------------------------------------


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_serve_command_binds_loopback_and_stops_quietly(published: Path,
                                                        stop: signal.Signals) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "encoder.cli", "serve", "--edition", str(published),
         "--port", "0", "--namespace", "archive.example.edu",
         "--admin-email", "curator@archive.example.edu"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        line = proc.stderr.readline()
        m = re.search(r"at (http://127\.0\.0\.1:\d+)/ \(OAI-PMH at \1/oai\)", line)
        assert m, line
        root = oai(m[1], "verb=Identify")
        assert root.findtext(".//oai:baseURL", namespaces=NS) == f"{m[1]}/oai"
        assert root.findtext(".//oai:adminEmail", namespaces=NS) == "curator@archive.example.edu"
        ids = oai(m[1], "verb=ListIdentifiers&metadataPrefix=oai_dc&set=kind:article")
        assert ids.xpath("//oai:identifier/text()", namespaces=NS) == [
            "oai:archive.example.edu:article-2024-tamponi-twilight-calls"]
        proc.send_signal(stop)
        out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0
    # after the start line, only the access log: no traceback, no "stopped by" message
    assert [line.split('"')[1].split("?")[0] for line in err.splitlines()] == [
        "GET /oai", "GET /oai"]
