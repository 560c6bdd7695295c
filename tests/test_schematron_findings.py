"""The Schematron's findings are pinned: ids, severities, messages and locations.

The rules in schema/memcon.sch are written for speed (two walks of the document, keys for
pointers and xml:ids, no fired-rule records; see its comments and encoder/schematron.py). That
must change how fast the rules run, never what they find. tests/fixtures/schematron-findings.json
holds every message that ``validate_file`` gave with the rules as they were before the
speed-up (one pattern per concern, xml:ids looked up by scanning), for each broken fixture and
for a few documents made here from one of them to reach the corners of pointer lists and
repeated xml:ids (several pointers in one attribute, a repeated pointer, an xml:id used three
times and pointed to). The inputs are fixtures, not the edition, so that a change of the
encoder's output does not move them. Regenerate the file only when a rule's meaning changes on
purpose: ``python tests/test_schematron_findings.py --write`` (then review the diff).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from encoder.validate import validate_file  # noqa: E402

PINNED = ROOT / "tests" / "fixtures" / "schematron-findings.json"
INVALID = ROOT / "tests" / "fixtures" / "invalid"
#: a fixture with no error (its one finding is a warning): the base of the corner cases
BASE = INVALID / "declassify-before-document.xml"

#: name -> replacements (old, new, count) applied to BASE: corners of the pointer and xml:id
#: rules that the one-break fixtures do not reach
CORNERS: dict[str, list[tuple[str, str, int]]] = {
    "who-list-resolves": [('<sp who="#clinton">', '<sp who="#clinton #yeltsin">', 1)],
    "who-list-one-missing": [('<sp who="#clinton">', '<sp who="#clinton  #nobody ">', 1)],
    "who-list-repeated": [('<sp who="#clinton">', '<sp who="#clinton #clinton">', 1)],
    "who-list-not-person": [('<sp who="#clinton">', '<sp who="#clinton #S">', 1)],
    "who-without-hash": [('<sp who="#clinton">', '<sp who="clinton">', 1)],
    "ref-list-and-uri": [
        ('<persName ref="#yeltsin">', '<persName ref="#yeltsin #clinton">', 1),
        ('<persName ref="#jenny-mcgee">', '<persName ref="https://example.org/m">', 1),
        ('<persName ref="#james-smith">', '<persName ref="#james-smith #S">', 1),
    ],
    "ana-list": [
        ('ana="#U">', 'ana="#U #S">', 1),
        ('ana="#S">', 'ana="#S #NOFORN">', 1),
    ],
    "id-three-times-and-pointed-to": [
        ('<person xml:id="yeltsin"', '<person xml:id="clinton"', 1),
        ('xml:id="jenny-mcgee"', 'xml:id="clinton"', 1),
        ('<sp who="#yeltsin">', '<sp who="#clinton #yeltsin">', 1),
    ],
    "id-twice-list-counts-both": [
        ('xml:id="miles-murphy"', 'xml:id="jenny-mcgee"', 1),
        ('<persName ref="#miles-murphy">', '<persName ref="#jenny-mcgee #miles-murphy">', 1),
    ],
    "target-forms": [
        ('target="#S"/>', 'target="other-file.xml"/>', 1),
    ],
}


def _corner_files(tmp: Path) -> list[Path]:
    source = BASE.read_text(encoding="utf-8")
    out = []
    for name, edits in CORNERS.items():
        text = source
        for old, new, count in edits:
            assert old in text, f"{name}: {old!r} is no longer in {BASE.name}"
            text = text.replace(old, new, count)
        path = tmp / f"{name}.xml"
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


def _cases(tmp: Path) -> list[tuple[str, Path]]:
    cases = [(str(p.relative_to(ROOT)), p) for p in sorted(INVALID.glob("*.xml"))]
    cases += [(f"corner/{p.name}", p) for p in _corner_files(tmp)]
    return cases


def findings(tmp: Path) -> dict[str, list[list[object]]]:
    """Every message per case, as [line, col, severity, rule, message], in reported order."""
    return {
        name: [[m.line, m.col, m.severity, m.rule, m.message] for m in validate_file(path)]
        for name, path in _cases(tmp)
    }


def test_schematron_findings_are_unchanged(tmp_path: Path) -> None:
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    got = findings(tmp_path)
    assert sorted(got) == sorted(pinned), "the set of cases changed: regenerate on purpose"
    for name in pinned:
        assert got[name] == pinned[name], name


def test_pinned_findings_reach_every_rule() -> None:
    """The pin is only as good as its cases: every rule id must occur in it at least once."""
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    seen = {row[3] for rows in pinned.values() for row in rows}
    sch = (ROOT / "schema" / "memcon.sch").read_text(encoding="utf-8")
    rules = set(re.findall(r'<(?:assert|report) id="([\w-]+)"', sch))
    assert rules, "no rule ids found in memcon.sch"
    assert rules <= seen, f"rules never found by a pinned case: {sorted(rules - seen)}"


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python tests/test_schematron_findings.py --write")
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        data = findings(Path(tmp))
    PINNED.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {PINNED.relative_to(ROOT)}: {sum(map(len, data.values()))} findings")
