"""`encode deposit`: a BagIt 1.0 bag a digital library ingests, checked by independent tools
(LoC ``bagit``, ``bagit-profile``, the METS and oai_dc XML Schemas via ``xmlschema``)."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import bagit
import bagit_profile
import pytest
from click.testing import CliRunner
from lxml import etree
from standards import errors, mets_schema, oai_dc_schema

from encoder import __version__
from encoder.cli import main

ROOT = Path(__file__).resolve().parent.parent
PROFILE = json.loads((ROOT / "schema" / "bagit-profile.json").read_text(encoding="utf-8"))
PROFILE_ID = PROFILE["BagIt-Profile-Info"]["BagIt-Profile-Identifier"]
M = {"mets": "http://www.loc.gov/METS/", "xlink": "http://www.w3.org/1999/xlink",
     "premis": "http://www.loc.gov/premis/v3", "dc": "http://purl.org/dc/elements/1.1/",
     "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/"}
CALL = "telcon-2000-01-01-clinton-putin"


def deposit(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["deposit", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def bag(published: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("deposit") / "memcon-edition"
    code, output = deposit("--edition", str(published), "--out", str(out))
    assert code == 0, output
    return out


@pytest.fixture(scope="module")
def mets(bag: Path) -> etree._ElementTree:
    return etree.parse(str(bag / "metadata" / "mets.xml"))


def doc_ids(edition: Path) -> list[str]:
    return sorted(p.stem for p in (edition / "tei").glob("*.xml"))


def manifest(bag: Path, alg: str) -> dict[str, str]:
    lines = (bag / f"manifest-{alg}.txt").read_text(encoding="utf-8").splitlines()
    return {path: digest for digest, path in (line.split(maxsplit=1) for line in lines)}


# --- the bag ---------------------------------------------------------------------------------


def test_bag_is_valid_bagit_1_0(bag: Path) -> None:
    b = bagit.Bag(str(bag))
    b.validate()  # raises BagValidationError on any fixity or completeness problem
    assert b.version_info == (1, 0)
    assert (bag / "bagit.txt").read_text() == (
        "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    )
    assert sorted(b.algorithms) == ["sha256", "sha512"]


def test_payload_mirrors_the_published_edition(bag: Path, published: Path) -> None:
    payload = set(manifest(bag, "sha256"))
    for doc in doc_ids(published):
        assert f"data/tei/{doc}.xml" in payload
        assert f"data/html/{doc}.html" in payload
    for rel in ("index.html", "people.html", "people.xml", "schema/memcon.rng",
                "schema/memcon.sch", "schema/bagit-profile.json", "html/assets/edition.css"):
        assert f"data/{rel}" in payload
    assert any(p.startswith("data/html/pagefind/") for p in payload)
    # hidden files (the incremental build's .manifest.sqlite) are the builder's, not the edition's
    published_files = {p.relative_to(published).as_posix() for p in published.rglob("*")
                       if p.is_file() and not p.relative_to(published).as_posix().startswith(".")}
    # the edition carries its RNG and Schematron (schema/); the bag adds its BagIt profile
    assert {p.removeprefix("data/") for p in payload} \
        == published_files | {"schema/bagit-profile.json"}
    for rel in published_files:
        assert (bag / "data" / rel).read_bytes() == (published / rel).read_bytes()


@pytest.mark.parametrize("tamper", ["changed", "added", "removed"])
def test_tampered_payload_is_caught(bag: Path, tmp_path: Path, tamper: str) -> None:
    copy = tmp_path / "bag"
    shutil.copytree(bag, copy)
    page = copy / "data" / "tei" / f"{CALL}.xml"
    if tamper == "changed":
        page.write_bytes(page.read_bytes().replace(b"Putin", b"Puton", 1))
    elif tamper == "added":
        (copy / "data" / "tei" / "extra.xml").write_text("<extra/>")
    else:
        page.unlink()
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(copy)).validate()


def test_bag_conforms_to_its_profile(bag: Path) -> None:
    profile = bagit_profile.Profile(PROFILE_ID, profile=json.loads(json.dumps(PROFILE)))
    assert profile.validate_serialization(str(bag))
    assert profile.validate(bagit.Bag(str(bag))), profile.report


def test_bag_info_names_the_edition_and_profile(bag: Path) -> None:
    info = bagit.Bag(str(bag)).info
    assert info["Source-Organization"] == "memcon-encoder digital edition"
    assert info["External-Identifier"].startswith("memcon-encoder.example.org:edition:")
    assert "4 telcon" in info["External-Description"]
    assert info["Bag-Group-Identifier"] == "memcon-encoder.example.org:edition"
    assert info["BagIt-Profile-Identifier"] == PROFILE_ID
    # the newest declassification of the seeds (seed 003: 08-25-2025), not today's date
    assert info["Bagging-Date"] == "2025-08-25"


def test_bagging_date_follows_source_date_epoch(published: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    code, output = deposit("--edition", str(published), "--out", str(tmp_path / "bag"))
    assert code == 0, output
    assert bagit.Bag(str(tmp_path / "bag")).info["Bagging-Date"] == "2026-01-01"


def test_same_edition_gives_same_manifests_and_zip(published: Path, bag: Path,
                                                    tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert deposit("--edition", str(published), "--out", str(again))[0] == 0
    for name in ("manifest-sha256.txt", "manifest-sha512.txt", "tagmanifest-sha256.txt",
                 "tagmanifest-sha512.txt", "bag-info.txt"):
        assert (again / name).read_bytes() == (bag / name).read_bytes(), name
    zips = [tmp_path / "one" / "memcon-edition.zip", tmp_path / "two" / "memcon-edition.zip"]
    for z in zips:
        z.parent.mkdir()
        assert deposit("--edition", str(published), "--out", str(z), "--zip")[0] == 0
    assert zips[0].read_bytes() == zips[1].read_bytes()


def test_zip_holds_one_valid_bag(published: Path, bag: Path, tmp_path: Path) -> None:
    z = tmp_path / "memcon-edition.zip"
    assert deposit("--edition", str(published), "--out", str(z), "--zip")[0] == 0
    profile = bagit_profile.Profile(PROFILE_ID, profile=json.loads(json.dumps(PROFILE)))
    assert profile.validate_serialization(str(z))
    with zipfile.ZipFile(z) as zf:
        names = zf.namelist()
        assert names == sorted(names)
        assert {n.split("/", 1)[0] for n in names} == {"memcon-edition"}
        zf.extractall(tmp_path / "x")
    extracted = tmp_path / "x" / "memcon-edition"
    bagit.Bag(str(extracted)).validate()
    assert (extracted / "manifest-sha512.txt").read_bytes() == \
        (bag / "manifest-sha512.txt").read_bytes()


# --- METS ------------------------------------------------------------------------------------


def test_mets_is_valid_against_the_mets_schema(mets: etree._ElementTree) -> None:
    assert errors(mets_schema(), mets) == []


def test_mets_lists_every_payload_file_with_its_sha512(bag: Path,
                                                       mets: etree._ElementTree) -> None:
    sha512 = manifest(bag, "sha512")
    files = mets.xpath("//mets:fileSec//mets:file", namespaces=M)
    listed = {}
    for f in files:
        href = f.xpath("mets:FLocat/@xlink:href", namespaces=M)[0]
        assert href.startswith("../data/")  # relative to metadata/mets.xml
        assert f.get("CHECKSUMTYPE") == "SHA-512"
        assert f.get("MIMETYPE")
        listed[href.removeprefix("../")] = f.get("CHECKSUM")
    assert listed == sha512
    tei = mets.xpath(f"//mets:file[mets:FLocat/@xlink:href='../data/tei/{CALL}.xml']",
                     namespaces=M)[0]
    assert tei.get("MIMETYPE") == "application/tei+xml"
    page = mets.xpath(f"//mets:file[mets:FLocat/@xlink:href='../data/html/{CALL}.html']",
                      namespaces=M)[0]
    assert page.get("MIMETYPE") == "text/html"


def test_structmap_edition_document_tei_and_html(mets: etree._ElementTree,
                                                 published: Path) -> None:
    edition = mets.xpath("//mets:structMap/mets:div[@TYPE='edition']", namespaces=M)
    assert len(edition) == 1
    docs = edition[0].xpath("mets:div", namespaces=M)
    assert [d.get("ORDERLABEL") for d in docs] == doc_ids(published)
    hrefs = {
        f.get("ID"): f.xpath("mets:FLocat/@xlink:href", namespaces=M)[0]
        for f in mets.xpath("//mets:file", namespaces=M)
    }
    for d in docs:
        doc = d.get("ORDERLABEL")
        assert [hrefs[p.get("FILEID")] for p in d.xpath("mets:fptr", namespaces=M)] == [
            f"../data/tei/{doc}.xml", f"../data/html/{doc}.html"]
        assert mets.xpath(f"//mets:dmdSec[@ID='{d.get('DMDID')}']", namespaces=M)
    call = edition[0].xpath(f"mets:div[@ORDERLABEL='{CALL}']", namespaces=M)[0]
    assert call.get("TYPE") == "telcon"
    assert call.get("LABEL") == "Telcon with Acting President Putin of Russia"


def test_dmdsec_is_dublin_core_from_the_teiheader(mets: etree._ElementTree) -> None:
    dc = mets.xpath(f"//mets:dmdSec[@ID='dmd.{CALL}']/mets:mdWrap[@MDTYPE='DC']"
                    "/mets:xmlData/oai_dc:dc", namespaces=M)[0]

    def values(name: str) -> list[str]:
        return dc.xpath(f"dc:{name}/text()", namespaces=M)

    assert values("title") == ["Telcon with Acting President Putin of Russia: "
                               "Memorandum of telephone conversation, 1 January 2000"]
    assert values("creator") == ["Rogers", "Manning", "Williams"]  # the notetakers
    assert values("contributor") == ["William J. Clinton (participant)",
                                     "Vladimir Vladimirovich Putin (participant)"]
    assert values("date") == ["2000-01-01"]
    assert values("type") == ["Text", "telcon"]
    assert "Overall classification: Secret" in values("description")
    assert ("Declassification (2019-03-07): DECLASSIFIED PER E.O. 13526 2017-0222-M (1.17) "
            "3/7/2019 KBH") in values("description")
    assert values("source") == ["The National Security Archive, declassification-case "
                                "2017-0222-M"]
    assert f"oai:memcon-encoder.example.org:{CALL}" in values("identifier")
    assert values("coverage") == ["Residence"]
    assert "Chechnya" in values("subject")


def test_premis_event_records_the_validation(mets: etree._ElementTree,
                                             published: Path) -> None:
    event = mets.xpath("//mets:digiprovMD[@ID='digiprov.validation']/mets:mdWrap"
                       "[@MDTYPE='PREMIS:EVENT']/mets:xmlData/premis:event", namespaces=M)[0]
    assert event.findtext("premis:eventType", namespaces=M) == "validation"
    assert event.findtext("premis:eventOutcomeInformation/premis:eventOutcome",
                          namespaces=M) == "pass"
    detail = event.findtext("premis:eventDetailInformation/premis:eventDetail", namespaces=M)
    assert detail.startswith(f"{len(doc_ids(published))} TEI documents checked against "
                             "schema/memcon.rng (RELAX NG) and schema/memcon.sch")
    agent = event.findtext("premis:linkingAgentIdentifier/premis:linkingAgentIdentifierValue",
                           namespaces=M)
    assert agent == f"memcon-encoder {__version__}"
    assert mets.xpath("//premis:agent/premis:agentVersion/text()", namespaces=M) == [__version__]
    objects = event.xpath("premis:linkingObjectIdentifier/premis:linkingObjectIdentifierValue"
                          "/text()", namespaces=M)
    assert objects == [f"data/tei/{d}.xml" for d in doc_ids(published)]


# --- oai_dc records --------------------------------------------------------------------------


def test_every_oai_dc_record_is_valid(bag: Path, published: Path) -> None:
    records = sorted((bag / "metadata" / "oai_dc").glob("*.xml"))
    assert [p.stem for p in records] == doc_ids(published)
    for path in records:
        assert errors(oai_dc_schema(), str(path)) == [], path.name


def test_oai_dc_record_of_the_article(bag: Path) -> None:
    dc = etree.parse(str(bag / "metadata" / "oai_dc" /
                         "article-2024-tamponi-twilight-calls.xml")).getroot()
    assert dc.xpath("dc:creator/text()", namespaces=M) == ["Augusto Tamponi"]
    assert dc.xpath("dc:date/text()", namespaces=M) == ["2024-01"]
    assert dc.xpath("dc:language/text()", namespaces=M) == ["en", "it"]
    assert dc.xpath("dc:relation/text()", namespaces=M) == [f"{CALL}.xml"]


# --- refusal ---------------------------------------------------------------------------------


def _copy(published: Path, tmp_path: Path) -> Path:
    edition = tmp_path / "edition"
    shutil.copytree(published, edition)
    return edition


def _refused(edition: Path, tmp_path: Path) -> str:
    out = tmp_path / "out" / "bag"
    out.parent.mkdir()
    result = CliRunner().invoke(main, ["deposit", "--edition", str(edition), "--out", str(out)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert list(out.parent.iterdir()) == []  # nothing written, no temporary left behind
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    return lines[0]


def test_invalid_tei_is_refused(published: Path, tmp_path: Path) -> None:
    edition = _copy(published, tmp_path)
    tei = edition / "tei" / f"{CALL}.xml"
    tei.write_bytes(tei.read_bytes().replace(b'<speaker>The President:</speaker>', b"", 1))
    message = _refused(edition, tmp_path)
    assert message.startswith(f"{edition}: error: {tei}:")
    assert "run `encode validate`): not deposited" in message


def test_changed_html_page_is_refused(published: Path, tmp_path: Path) -> None:
    edition = _copy(published, tmp_path)
    page = edition / "html" / f"{CALL}.html"
    page.write_bytes(page.read_bytes().replace(b"Putin", b"Puton", 1))
    message = _refused(edition, tmp_path)
    assert message == (f"{edition}: error: HTML is stale or missing (html/{CALL}.html); "
                       "run `encode html`: not deposited")


def test_tei_newer_than_its_page_is_refused(published: Path, tmp_path: Path) -> None:
    edition = _copy(published, tmp_path)
    tei = edition / "tei" / f"{CALL}.xml"
    tei.write_bytes(tei.read_bytes().replace(b"I am listening.", b"I am listening now.", 1))
    assert f"html/{CALL}.html" in _refused(edition, tmp_path)


def test_missing_html_page_is_refused(published: Path, tmp_path: Path) -> None:
    edition = _copy(published, tmp_path)
    (edition / "index.html").unlink()
    assert "HTML is stale or missing (index.html)" in _refused(edition, tmp_path)


def test_missing_search_index_is_refused(published: Path, tmp_path: Path) -> None:
    edition = _copy(published, tmp_path)
    shutil.rmtree(edition / "html" / "pagefind")
    assert _refused(edition, tmp_path) == (
        f"{edition}: error: no search index (html/pagefind/shards.json); "
        "run `encode html`: not deposited")


def test_hidden_files_and_links_stay_out_of_the_bag(published: Path, tmp_path: Path) -> None:
    edition = _copy(published, tmp_path)
    (edition / "html" / ".pagefind-half-built").mkdir()
    (edition / "html" / ".pagefind-half-built" / "x.pf_index").write_bytes(b"x")
    (edition / "tei" / ".DS_Store").write_bytes(b"x")
    (tmp_path / "secret.txt").write_text("outside")
    (edition / "html" / "assets" / "leak.css").symlink_to(tmp_path / "secret.txt")
    out = tmp_path / "bag"
    assert deposit("--edition", str(edition), "--out", str(out))[0] == 0
    payload = set(manifest(out, "sha256"))
    assert not [p for p in payload if "/." in p or p.endswith("leak.css")]
    assert payload == set(manifest_of_published(published))


def manifest_of_published(published: Path) -> list[str]:
    files = [f"data/{p.relative_to(published).as_posix()}" for p in published.rglob("*")
             if p.is_file() and not p.relative_to(published).as_posix().startswith(".")]
    return files + [f"data/schema/{n}" for n in ("memcon.rng", "memcon.sch",
                                                 "bagit-profile.json")]


def test_existing_output_folder_is_refused(published: Path, tmp_path: Path) -> None:
    out = tmp_path / "bag"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    code, output = deposit("--edition", str(published), "--out", str(out))
    assert code == 1
    assert output.strip() == f"{out}: error: already exists: remove it or choose another --out"
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_missing_parent_folders_are_made(published: Path, tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "bag"
    code, _ = deposit("--edition", str(published), "--out", str(out))
    assert code == 0
    bagit.Bag(str(out)).validate()
    assert [p.name for p in out.parent.iterdir()] == ["bag"]


def test_deposit_reports_where_the_bag_is(published: Path, tmp_path: Path) -> None:
    out = tmp_path / "bag"
    code, output = deposit("--edition", str(published), "--out", str(out))
    assert code == 0
    assert output == f"bag written to {out}\n"
