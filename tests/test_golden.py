"""Golden files: every encoded test fixture's TEI and warnings, byte for byte.

A refactor must not change a byte of output. ``pytest --update-golden`` (or UPDATE_GOLDEN=1)
rewrites ``tests/golden/`` from the current encoder; review the diff before committing it.
The seeds' TEI needs no golden copy (the committed ``edition/`` is one); their warnings do.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from encoder.corpus import Outcome, parse_one, render

GOLDEN = ROOT / "tests" / "golden"
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "unseen").glob("*.txt"))
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.mark.parametrize("src", FIXTURES, ids=lambda p: p.stem)
def test_fixture_output_is_unchanged(src: Path, update_golden: bool,
                                     unseen_outcomes: dict[str, Outcome]) -> None:
    o = unseen_outcomes[src.stem]
    assert o.error is None and o.data is not None, o.error
    warnings = "".join(f"{w}\n" for w in o.warnings).encode()
    tei, warn = GOLDEN / "unseen" / f"{src.stem}.xml", GOLDEN / "unseen" / f"{src.stem}.warnings"
    if update_golden:
        tei.parent.mkdir(parents=True, exist_ok=True)
        tei.write_bytes(o.data)
        warn.write_bytes(warnings)
        return
    assert tei.exists(), f"no golden file for {src.name}: run pytest --update-golden"
    assert o.data == tei.read_bytes(), f"TEI of {src.name} differs from {tei}"
    assert warnings == warn.read_bytes(), f"warnings of {src.name} differ from {warn}"


@pytest.mark.parametrize("src", SEEDS, ids=lambda p: p.stem)
def test_seed_warnings_are_unchanged(src: Path, update_golden: bool) -> None:
    o = parse_one(src)
    render(o, check=None)  # the edition's tests validate the seeds; here only warnings count
    assert o.error is None, o.error
    warnings = "".join(f"{w}\n" for w in o.warnings).encode()
    warn = GOLDEN / "seeds" / f"{src.stem}.warnings"
    if update_golden:
        warn.parent.mkdir(parents=True, exist_ok=True)
        warn.write_bytes(warnings)
        return
    assert warnings == warn.read_bytes(), f"warnings of {src.name} differ from {warn}"
