"""Incremental builds (issue 13): a rerun encodes only what changed, and its edition is
byte-identical to a full build of the same sources."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from encoder.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CALL_2000 = "telcon-2000-01-01-clinton-putin"
ARTICLE = "article-2024-tamponi-twilight-calls"
CALL_1998 = "telcon-1998-03-24-clinton-yeltsin"


def encode_all(seeds: Path, out: Path, *extra: str) -> str:
    result = CliRunner().invoke(main, ["all", "--seeds", str(seeds), "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return result.output


def edition(out: Path) -> dict[str, bytes]:
    """Every file of an edition except the search index (not byte-deterministic) and the
    manifest (a cache)."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and "pagefind" not in p.parts and p.name != ".manifest.sqlite"}


def stamps(out: Path) -> dict[str, int]:
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in sorted(out.rglob("*"))
            if p.is_file() and "pagefind" not in p.parts and p.name != ".manifest.sqlite"}


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy)
    return copy


@pytest.fixture
def built(seeds: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    encode_all(seeds, out)
    return out


def same_as_full_build(seeds: Path, out: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    encode_all(seeds, fresh)
    assert edition(out) == edition(fresh)


def test_unchanged_rerun_writes_nothing_and_reports_the_same(seeds, built):
    before = stamps(built)
    first = encode_all(seeds, built)
    assert stamps(built) == before
    assert encode_all(seeds, built) == first


def test_changed_call_is_encoded_again_and_the_edition_equals_a_full_build(
        seeds, built, tmp_path):
    before = stamps(built)
    source = next(seeds.glob("004_*.txt"))
    source.write_bytes(source.read_bytes().replace(b"Boris", b"Boris Nikolayevich", 1))
    encode_all(seeds, built)
    after = stamps(built)
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    assert {f"tei/{CALL_1998}.xml", f"html/{CALL_1998}.html"} <= changed
    assert f"tei/{CALL_2000}.xml" not in changed
    assert f"html/{CALL_2000}.html" not in changed
    same_as_full_build(seeds, built, tmp_path)


def test_deleted_source_takes_its_files_with_it(seeds, built, tmp_path):
    next(seeds.glob("004_*.txt")).unlink()
    encode_all(seeds, built)
    assert not (built / "tei" / f"{CALL_1998}.xml").exists()
    assert not (built / "html" / f"{CALL_1998}.html").exists()
    same_as_full_build(seeds, built, tmp_path)


def test_deleted_call_unlinks_the_article_that_discussed_it(seeds, built, tmp_path):
    next(seeds.glob("000_*.txt")).unlink()
    encode_all(seeds, built)
    assert f"{CALL_2000}.xml".encode() not in (built / "tei" / f"{ARTICLE}.xml").read_bytes()
    same_as_full_build(seeds, built, tmp_path)


def test_second_release_added_later_gets_the_suffix_and_equals_a_full_build(
        seeds, built, tmp_path):
    source = next(seeds.glob("000_*.txt"))
    shutil.copy(source, seeds / "005_second-release.txt")
    output = encode_all(seeds, built)
    assert f"same document id as {source.name}" in output
    assert (built / "tei" / f"{CALL_2000}-005-second-release.xml").is_file()
    same_as_full_build(seeds, built, tmp_path)


def test_force_encodes_every_source_again(seeds, built):
    before = edition(built)
    tei = built / "tei" / f"{CALL_2000}.xml"
    inode = tei.stat().st_ino
    encode_all(seeds, built, "--force")
    assert tei.stat().st_ino != inode  # written again (a new file renamed into place)
    assert edition(built) == before


def manifest(out: Path) -> tuple[dict[str, str], dict[str, dict]]:
    """The manifest's fields and each source's recorded facts."""
    with sqlite3.connect(out / ".manifest.sqlite") as conn:
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        facts = {s: json.loads(d) for s, d in conn.execute("SELECT source, data FROM facts")}
    conn.close()
    return meta, facts


def test_a_changed_encoder_fingerprint_means_a_full_build(seeds, built):
    conn = sqlite3.connect(built / ".manifest.sqlite")
    with conn:
        conn.execute("UPDATE meta SET value = 'an older encoder' WHERE key = 'fingerprint'")
    conn.close()
    inode = (built / "tei" / f"{CALL_2000}.xml").stat().st_ino
    encode_all(seeds, built)
    assert (built / "tei" / f"{CALL_2000}.xml").stat().st_ino != inode


def test_a_corrupt_manifest_means_a_full_build_and_the_same_edition(seeds, built, tmp_path):
    before = edition(built)
    data = (built / ".manifest.sqlite").read_bytes()
    (built / ".manifest.sqlite").write_bytes(data[:100] + b"\0garbage" * 50 + data[600:])
    inode = (built / "tei" / f"{CALL_2000}.xml").stat().st_ino
    encode_all(seeds, built)
    assert (built / "tei" / f"{CALL_2000}.xml").stat().st_ino != inode
    assert edition(built) == before
    assert manifest(built)[1].keys() == {p.name for p in seeds.glob("*.txt")}


def test_manifest_records_each_source_digest_and_the_encoder(seeds, built):
    meta, facts = manifest(built)
    assert set(meta) >= {"encoder", "fingerprint", "options", "format"}
    assert sorted(facts) == sorted(p.name for p in seeds.glob("*.txt"))
    entry = facts[next(seeds.glob("000_*.txt")).name]
    assert entry["plan"][0] == CALL_2000
    assert entry["plan"][3] == [[f"{ARTICLE}.xml", "discussed-by"]]


def test_manifest_keeps_each_summary_and_the_appearances_out_of_the_facts(seeds, built):
    """The bulky facts live in the manifest's tables, read back in pieces, not in memory."""
    _, facts = manifest(built)
    entry = facts[next(seeds.glob("000_*.txt")).name]
    assert "summary" not in entry["page"] and "people" not in entry
    with sqlite3.connect(built / ".manifest.sqlite") as conn:
        summary, = conn.execute("SELECT summary FROM doc WHERE id = ?", (CALL_2000,)).fetchone()
        docs = [d for d, in conn.execute(
            "SELECT doc FROM appearance WHERE pid = 'putin' ORDER BY doc")]
    conn.close()
    assert summary.startswith(b"<TEI ") and b'xml:id="%s"' % CALL_2000.encode() in summary
    assert CALL_2000 in docs and CALL_1998 not in docs


def test_jobs_1_and_jobs_2_write_byte_identical_editions(seeds, built, tmp_path):
    two = tmp_path / "two"
    encode_all(seeds, two, "--jobs", "2")
    assert edition(two) == edition(built)
