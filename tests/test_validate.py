"""Tests for encoder.validate and the project's schemas (schema/memcon.rng, schema/memcon.sch).

Each Schematron rule and the RNG has a broken copy of a real edition file in
tests/fixtures/invalid/ that must be rejected with the rule's id and the line of the broken
element (marked in the fixture by a ``<!-- broken: RULE -->`` comment on that line); the real
edition must pass with no errors; jing and lxml must agree; every edition file must conform
to tei_all.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from lxml import etree

from encoder import validate as v
from encoder.validate import (
    Message,
    check_tei_all,
    find_tei_all,
    parse_xml,
    validate_file,
    validate_tree,
)

ROOT = Path(__file__).resolve().parent.parent
EDITION = ROOT / "edition" / "tei"
INVALID = Path(__file__).resolve().parent / "fixtures" / "invalid"
RNG = ROOT / "schema" / "memcon.rng"
SCH = ROOT / "schema" / "memcon.sch"
TEI = "http://www.tei-c.org/ns/1.0"
NS = {"tei": TEI}
IN_CI = os.environ.get("CI", "").lower() == "true"
MARK = re.compile(rb"<!-- broken: ([\w-]+) -->")


def edition_files() -> list[Path]:
    files = sorted(EDITION.glob("*.xml"))
    if not files:
        pytest.fail("edition/tei/ has no TEI files: run `encode all` first")
    return files


def seed_file(prefix: str) -> Path:
    """The edition file made from seed ``prefix`` (its idno type="source-file")."""
    for path in edition_files():
        idno = parse_xml(path).findtext(f".//{{{TEI}}}idno[@type='source-file']") or ""
        if idno.startswith(prefix):
            return path
    pytest.fail(f"no edition file for seed {prefix}")


def need_jing() -> str:
    """jing's path; skipped locally without it, a failure in CI (where .ci/run installs it)."""
    jing = shutil.which("jing")
    if jing is None:
        if IN_CI:
            pytest.fail("jing is not installed, but CI=true: .ci/run must apt-get install jing")
        pytest.skip("jing is not installed (apt-get install jing)")
    return jing


def need_tei_all() -> Path:
    """tei_all.rng; skipped locally without it, a failure in CI."""
    path = find_tei_all()
    if path is None:
        reason = "tei_all.rng not found: set $TEI_ALL_RNG or put it at ../shared/tei/tei_all.rng"
        if IN_CI:
            pytest.fail(reason + " (CI=true, so this is a failure)")
        pytest.skip(reason)
    return path


def errors(messages: list[Message]) -> list[Message]:
    return [m for m in messages if m.severity == "error"]


def sch_rule_ids() -> dict[str, str]:
    """Every assert/report id in memcon.sch, with its role (error unless 'warning')."""
    tree = parse_xml(SCH)
    out = {}
    for node in tree.xpath(
        "//sch:assert | //sch:report", namespaces={"sch": "http://purl.oclc.org/dsdl/schematron"}
    ):
        out[node.get("id")] = "warning" if node.get("role") == "warning" else "error"
    return out


# --- Message ----------------------------------------------------------------------------------


def test_message_str_is_compiler_style() -> None:
    msg = Message("edition/tei/x.xml", 12, 3, "error", "bad pointer", "pointer-who")
    assert str(msg) == "edition/tei/x.xml:12:3: error: bad pointer [pointer-who]"


def test_message_as_dict_has_every_field() -> None:
    msg = Message("x.xml", 1, 0, "warning", "look", "person-described")
    assert msg.as_dict() == {
        "file": "x.xml",
        "line": 1,
        "col": 0,
        "severity": "warning",
        "message": "look",
        "rule": "person-described",
    }


# --- the safe parser ---------------------------------------------------------------------------


def test_parse_xml_does_not_expand_internal_entities() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><r>&b;</r>'
    )
    root = parse_xml(bomb).getroot()
    assert "aaaa" not in "".join(root.itertext())


def test_parse_xml_does_not_read_external_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    doc = f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "{secret.as_uri()}">]><r>&x;</r>'
    root = parse_xml(doc.encode()).getroot()
    assert "TOP-SECRET-CONTENT" not in etree.tostring(root, encoding="unicode")


def test_parse_xml_accepts_text_with_encoding_declaration() -> None:
    tree = parse_xml('<?xml version="1.0" encoding="UTF-8"?><r>é</r>')
    assert tree.getroot().text == "é"


def test_parse_xml_reads_path_and_keeps_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "a.xml"
    path.write_text("<r>\n<s/>\n</r>\n")
    assert parse_xml(path).getroot()[0].sourceline == 2


def test_parse_xml_leaves_duplicate_ids_to_the_schematron() -> None:
    tree = parse_xml(b'<r><a xml:id="x"/><b xml:id="x"/></r>')
    assert len(tree.getroot()) == 2


def test_well_formed_error_has_line_and_rule(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<teiHeader>\n</TEI>\n')
    [msg] = validate_file(path)
    assert (msg.rule, msg.severity, msg.line) == ("well-formed", "error", 3)
    assert str(msg).startswith(f"{path}:3:")


# --- the broken fixtures: one per rule ----------------------------------------------------------


def fixture_cases() -> list[tuple[str, Path]]:
    return sorted((p.stem.split(".")[0], p) for p in INVALID.glob("*.xml"))


@pytest.mark.parametrize(
    ("rule", "path"), fixture_cases(), ids=[p.stem for _, p in fixture_cases()]
)
def test_rule_rejects_its_broken_fixture(rule: str, path: Path) -> None:
    """Each fixture is named for the rule it breaks and marks the broken line."""
    source = path.read_bytes()
    marked = [i for i, line in enumerate(source.splitlines(), 1) if MARK.search(line)]
    assert marked, f"{path.name} has no <!-- broken: RULE --> marker"
    assert {MARK.search(source.splitlines()[i - 1]).group(1).decode() for i in marked} == {rule}
    messages = validate_file(path)
    hits = [m for m in messages if m.rule == rule]
    assert hits, f"{path.name}: no [{rule}] message in {[str(m) for m in messages]}"
    assert {m.line for m in hits} & set(marked), (
        f"{path.name}: [{rule}] reported at lines {[m.line for m in hits]}, expected {marked}"
    )
    expected = sch_rule_ids().get(rule, "error")
    assert all(m.severity == expected for m in hits)
    if expected == "error":
        # only the broken rule fires (the rng fixture may also break an RNG-checked value)
        assert {m.rule for m in errors(messages)} <= {rule, "rng"}
    else:
        assert not errors(messages), "a warning fixture must have no errors"


def test_every_rule_has_a_broken_fixture() -> None:
    have = {rule for rule, _ in fixture_cases()}
    missing = (set(sch_rule_ids()) | {"rng"}) - have
    assert not missing, f"rules without a fixture in tests/fixtures/invalid/: {sorted(missing)}"


def test_rng_fixture_rejected_by_jing_too() -> None:
    need_jing()
    paths = sorted(INVALID.glob("rng*.xml"))
    assert paths
    flagged = {m.file for m in check_tei_all(paths, RNG, engine="jing")}
    assert flagged == {str(p) for p in paths}


# --- the real edition -----------------------------------------------------------------------------


def test_edition_passes_rng_and_schematron_without_errors() -> None:
    for path in edition_files():
        bad = errors(validate_file(path))
        assert not bad, "\n".join(map(str, bad))


def test_declassify_before_document_warns_on_seed_000_1910() -> None:
    path = seed_file("000")
    warnings = [m for m in validate_file(path) if m.rule == "declassify-before-document"]
    assert len(warnings) == 1
    [w] = warnings
    assert w.severity == "warning" and "1910-01-01" in w.message and w.line > 0
    line = path.read_text(encoding="utf-8").splitlines()[w.line - 1]
    assert "01/01/1910" in line or "1910-01-01" in line


def test_edition_other_documents_have_no_declassify_warning() -> None:
    for path in edition_files():
        if path == seed_file("000"):
            continue
        assert not [m for m in validate_file(path) if m.rule == "declassify-before-document"]


def test_links_between_edition_files_resolve() -> None:
    """@target="ID.xml" (article <-> call) is outside the Schematron's reach: check it here."""
    names = {p.name for p in edition_files()}
    for path in edition_files():
        for target in parse_xml(path).xpath("//@target"):
            if target.endswith(".xml"):
                assert target in names, f"{path.name}: link to missing {target}"


def test_rng_lxml_and_jing_agree_on_every_edition_file() -> None:
    need_jing()
    files = edition_files() + sorted(INVALID.glob("*.xml"))
    by_jing = {m.file for m in check_tei_all(files, RNG, engine="jing") if m.severity == "error"}
    by_lxml = {m.file for m in check_tei_all(files, RNG, engine="lxml") if m.severity == "error"}
    assert by_jing == by_lxml
    assert not by_jing & {str(p) for p in edition_files()}


def test_edition_conforms_to_tei_all() -> None:
    rng = need_tei_all()
    bad = check_tei_all(edition_files(), rng)
    assert not bad, "\n".join(map(str, bad))


def test_schematron_only_fixtures_conform_to_tei_all() -> None:
    """Fixtures that our RNG accepts are valid TEI: those rules go beyond what TEI can check."""
    rng = need_tei_all()
    files = [
        p
        for p in sorted(INVALID.glob("*.xml"))
        if not any(m.rule == "rng" for m in validate_file(p))
    ]
    assert len(files) >= 10
    bad = check_tei_all(files, rng)
    assert not bad, "\n".join(map(str, bad))


# --- rules in detail, on an in-memory copy of a real file ----------------------------------


@pytest.fixture(scope="module")
def base_bytes() -> bytes:
    return seed_file("000").read_bytes()


def run(tree: etree._ElementTree) -> list[Message]:
    data = etree.tostring(tree, encoding="utf-8", xml_declaration=True)
    return validate_tree(parse_xml(data), "mem.xml")


def with_date(base: bytes, **attrs: str) -> etree._ElementTree:
    tree = parse_xml(base)
    date = tree.find("tei:teiHeader//tei:setting/tei:date", NS)
    for key in ("when", "from", "to"):
        date.attrib.pop(key, None)
    for key, value in attrs.items():
        date.set(key.rstrip("_"), value)
    return tree


@pytest.mark.parametrize(
    "value",
    [
        "2000",
        "2000-02",
        "2000-02-29",
        "1996-02-29",
        "2000-01-01T11:07:00-05:00",
        "2000-01-01T11:07:00Z",
        "2000-12-31T23:59:59+14:00",
    ],
)
def test_date_when_accepts_iso_dates(base_bytes: bytes, value: str) -> None:
    rules = {m.rule for m in run(with_date(base_bytes, when=value))}
    assert "date-when" not in rules


@pytest.mark.parametrize(
    "value",
    [
        "1900-02-29",
        "2001-02-29",
        "2000-13-01",
        "2000-00-10",
        "2000-04-31",
        "2000-1-1",
        "01/01/1910",
        "2000-01-01T24:00:00",
        "2000-01-01T11:60:00",
        "2000-01-01T11:07:00+15:00",
        "2000-01-01 11:07",
        "",
    ],
)
def test_date_when_rejects_impossible_or_non_iso_dates(base_bytes: bytes, value: str) -> None:
    assert "date-when" in {m.rule for m in run(with_date(base_bytes, when=value))}


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [
        ("2000-01-01T11:07:00-05:00", "2000-01-01T11:16:00-05:00", True),
        ("2000-01-01T11:16:00-05:00", "2000-01-01T11:07:00-05:00", False),
        # same instant, different offsets
        ("2000-01-01T16:07:00Z", "2000-01-01T11:07:00-05:00", True),
        # 23:30 in New York is 04:30 UTC next day
        ("2000-01-01T23:30:00-05:00", "2000-01-02T04:00:00Z", False),
        ("1999-12-31T23:59:00-05:00", "2000-01-01T00:01:00-05:00", True),
        ("2000-02-28", "2000-03-01", True),
        ("2000-03-01", "2000-02-28", False),
        ("2000-03", "2000-03-01", True),
    ],
)
def test_date_order_compares_ranges(base_bytes: bytes, start: str, end: str, ok: bool) -> None:
    rules = {m.rule for m in run(with_date(base_bytes, from_=start, to=end))}
    assert ("date-order" not in rules) is ok


def test_pointer_rules_allow_external_links(base_bytes: bytes) -> None:
    tree = parse_xml(base_bytes)
    p = tree.find(".//tei:sp/tei:p", NS)
    for target in ("https://example.org/a#b", "mailto:someone@example.org"):
        ref = etree.SubElement(p, f"{{{TEI}}}ref", target=target)
        ref.text = "x"
    assert not errors(run(tree))


def test_classification_floor_counts_struck_markings(base_bytes: bytes) -> None:
    tree = parse_xml(base_bytes)
    seg = tree.find(".//tei:seg[@type='portion-marking']", NS)
    seg.set("ana", "#TS")
    assert "classification-floor" in {m.rule for m in run(tree)}


def test_validation_messages_sorted_and_columns_found(base_bytes: bytes) -> None:
    msgs = validate_tree(parse_xml(base_bytes), "x.xml", source=base_bytes)
    assert msgs == sorted(msgs, key=lambda m: (m.line, m.col))
    assert all(m.col > 0 for m in msgs if m.line > 0)


# --- locating tei_all, and the engines -----------------------------------------------------------


def test_find_tei_all_honours_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = tmp_path / "tei_all.rng"
    rng.write_text("<grammar/>")
    monkeypatch.setenv("TEI_ALL_RNG", str(rng))
    assert find_tei_all() == rng
    monkeypatch.setenv("TEI_ALL_RNG", str(tmp_path / "missing.rng"))
    assert find_tei_all() is None


def test_find_tei_all_looks_beside_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEI_ALL_RNG", raising=False)
    expected = ROOT.parent / "shared" / "tei" / "tei_all.rng"
    if not expected.is_file():
        pytest.skip("no ../shared/tei/tei_all.rng beside this checkout")
    assert find_tei_all() == expected.resolve()


def test_check_tei_all_lxml_names_file_line_and_rule() -> None:
    [path] = sorted(INVALID.glob("rng*.xml"))[:1]
    msgs = check_tei_all([path], RNG, engine="lxml")
    assert msgs and all(m.file == str(path) and m.rule == "tei-all" for m in msgs)
    assert any(m.line > 0 for m in msgs)


def test_check_tei_all_jing_output_is_parsed_to_given_names() -> None:
    need_jing()
    [path] = sorted(INVALID.glob("rng*.xml"))[:1]
    rel = Path(os.path.relpath(path))
    msgs = check_tei_all([rel], RNG, engine="jing")
    assert msgs and all(m.file == str(rel) and m.line > 0 and m.col > 0 for m in msgs)


def test_compiled_schemas_are_cached() -> None:
    assert v._project_rng() is v._project_rng()
    assert v._project_schematron() is v._project_schematron()
    mtime = RNG.stat().st_mtime_ns
    assert v._compiled_rng(str(RNG), mtime) is v._compiled_rng(str(RNG), mtime)
