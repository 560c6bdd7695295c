"""The command-line contract: what a user types and what comes back (exit codes, messages)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SEEDS, require_tei_all

from encoder.cli import main

EDITION = ROOT / "edition" / "tei"
INVALID = ROOT / "tests" / "fixtures" / "invalid"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("command", ["all", "file", "validate"])
def test_every_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output and f"encode {command}" in result.output


def test_encode_all_prints_one_line_per_file_and_a_total(tmp_path):
    result = run("all", "--seeds", str(SEEDS), "--out", str(tmp_path))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert re.match(r"^telcon-2000-01-01-clinton-putin +14 speeches +\d+ warnings  <- 000_",
                    lines[0])
    assert lines[-1] == f"5 encoded, 0 failed, into {tmp_path / 'tei'}"


def test_encode_all_usage_errors_exit_2(tmp_path):
    assert run("all", "--seeds", str(tmp_path / "missing")).exit_code == 2
    assert run("all", "--seeds", str(tmp_path)).exit_code == 2  # no *.txt there
    assert run("all", "--jobs", "0").exit_code == 2


def test_encode_all_goes_on_after_a_bad_file_and_exits_1(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEEDS / "000_3d4b95dd175e6bd4.txt", seeds)
    (seeds / "bad.txt").write_bytes(b"The President: Hello \x00CONFIDENTIAL\n")
    result = run("all", "--seeds", str(seeds), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "bad.txt:1: error: not text: a NUL character" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    written = sorted(p.name for p in (tmp_path / "out" / "tei").iterdir())
    assert written == ["telcon-2000-01-01-clinton-putin.xml"]


def test_encode_file_writes_tei_to_stdout():
    result = run("file", str(SEEDS / "000_3d4b95dd175e6bd4.txt"))
    assert result.exit_code == 0
    committed = (EDITION / "telcon-2000-01-01-clinton-putin.xml").read_text(encoding="utf-8")
    # the one difference: a lone file is not linked to the article that discusses it
    expected = re.sub(r"\s*<notesStmt>.*?</notesStmt>", "", committed, flags=re.S)
    assert result.stdout == expected


def test_encode_file_to_output(tmp_path):
    out = tmp_path / "call.xml"
    result = run("file", str(SEEDS / "004_3e0c0cfbfa184648.txt"), "-o", str(out))
    assert result.exit_code == 0 and out.read_text().startswith("<?xml")


def test_validate_edition_exits_0_and_reports_the_1910_warning():
    result = run("validate", *sorted(str(p) for p in EDITION.glob("*.xml")))
    assert result.exit_code == 0
    assert re.search(
        r"telcon-2000-01-01-clinton-putin\.xml:\d+:\d+: warning: .*1910.* "
        r"\[declassify-before-document\]", result.stdout)


@pytest.mark.parametrize(
    "fixture, rule",
    [
        ("pointer-who.xml", "pointer-who"),
        ("classification-category.xml", "classification-category"),
        ("date-when.xml", "date-when"),
        ("sp-speaker.xml", "sp-speaker"),
        ("rng.unknown-type.xml", "rng"),
    ],
)
def test_validate_broken_copy_exits_1_with_file_line_and_rule(fixture, rule):
    result = run("validate", str(INVALID / fixture))
    assert result.exit_code == 1
    assert re.search(rf"{re.escape(fixture)}:[1-9]\d*:\d+: error: .* \[{rule}\]",
                     result.stdout), result.stdout


def test_validate_json_format(tmp_path):
    result = run("validate", "--format", "json", str(INVALID / "sp-speaker.xml"))
    messages = json.loads(result.stdout)
    assert result.exit_code == 1
    assert {"file", "line", "col", "severity", "message", "rule"} <= set(messages[0])
    assert any(m["rule"] == "sp-speaker" for m in messages)


def test_validate_with_tei_all():
    rng = require_tei_all()
    result = run("validate", "--tei-all", str(rng), str(EDITION))
    assert result.exit_code == 0, result.stdout


def test_validate_missing_path_is_a_usage_error(tmp_path):
    assert run("validate", str(tmp_path / "nope.xml")).exit_code == 2


def test_broken_vocabulary_file_is_named_with_its_json_path(tmp_path):
    from encoder.errors import EncodeError
    from encoder.jsondata import load_json

    data = json.loads((ROOT / "encoder" / "data" / "vocab.json").read_text())
    data["timezones"]["EST"] = "five hours behind"
    bad = tmp_path / "vocab.json"
    bad.write_text(json.dumps(data))
    with pytest.raises(EncodeError) as err:
        load_json(bad, "vocab.schema.json")
    assert str(err.value).startswith(f"{bad}: error: $.timezones.EST: ")


def test_no_partial_file_is_left_when_writing_fails(tmp_path, monkeypatch):
    from encoder import files

    target = tmp_path / "x.xml"

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", boom)
    with pytest.raises(OSError):
        files.write_atomic(target, b"<TEI/>")
    assert list(Path(tmp_path).iterdir()) == []
