"""Benchmark: the two 4 MiB sources of issue 12, each stage timed (not a timed test).

Run ``python3 benchmarks/big.py [--out DIR] [--profile STAGE]``. It builds, deterministically
from seed 000, the largest sources ``encode file`` accepts (4 MiB):

* ``lines``: the seed's lines repeated until 4 MiB (many short lines, and its long speeches);
* ``oneline``: the same text flattened to a single line (what OCR of a whole file without
  line breaks gives; the re-flow cuts it into paragraphs again).

For each it times, in this process, the stages ``encode file`` runs: read + parse (source to
model), TEI (model to an lxml tree, serialised), RELAX NG, Schematron; and the total, which
issue 12 wants under 20 s. ``--profile STAGE`` prints cProfile's top functions for that
stage (parse, tei, rng, sch). Machines are shared: quote figures from one run.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_3d4b95dd175e6bd4.txt"
LIMIT = 4 * 1024 * 1024


def build(kind: str) -> bytes:
    """The ``kind`` source: seed 000 repeated to just under 4 MiB (``oneline``: flattened)."""
    text = SEED.read_text(encoding="utf-8")
    if kind == "oneline":
        text = " ".join(text.split()) + " "
    data = text.encode("utf-8")
    body = data * (LIMIT // len(data))
    return body.rstrip() + b"\n"


def _timed(name: str, profile: str | None, fn: Callable[[], Any]) -> tuple[Any, float]:
    prof = cProfile.Profile() if profile == name else None
    start = time.perf_counter()
    if prof:
        prof.enable()
    result = fn()
    if prof:
        prof.disable()
    elapsed = time.perf_counter() - start
    if prof:
        pstats.Stats(prof, stream=sys.stdout).sort_stats("cumulative").print_stats(25)
    return result, elapsed


def run(path: Path, profile: str | None) -> dict[str, float]:
    from encoder.parse import parse, read_source
    from encoder.safexml import parse_xml
    from encoder.tei import serialize, to_tei
    from encoder.validate import _project_rng, _project_schematron

    _project_rng(), _project_schematron()  # compiled once per process: not the document's cost
    doc, t_parse = _timed("parse", profile, lambda: parse(read_source(path)))
    data, t_tei = _timed("tei", profile, lambda: serialize(to_tei(doc)))
    tree = parse_xml(data)
    rng = _project_rng()
    ok, t_rng = _timed("rng", profile, lambda: rng.validate(tree))
    _, t_sch = _timed("sch", profile, lambda: _project_schematron()(tree))
    if not ok:
        print(f"  RNG: invalid: {rng.error_log.last_error}")
    return {"parse": t_parse, "tei": t_tei, "rng": t_rng, "sch": t_sch,
            "total": t_parse + t_tei + t_rng + t_sch, "tei MiB": len(data) / 2**20}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, help="keep the two sources here")
    ap.add_argument("--profile", choices=["parse", "tei", "rng", "sch"])
    ap.add_argument("--only", choices=["lines", "oneline"])
    args = ap.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="memcon-big-"))
    out.mkdir(parents=True, exist_ok=True)
    for kind in ("lines", "oneline"):
        if args.only and kind != args.only:
            continue
        path = out / f"big-{kind}.txt"
        path.write_bytes(build(kind))
        figures = run(path, args.profile)
        print(f"{kind:8} " + "  ".join(f"{k} {v:.1f}" + ("" if k == "tei MiB" else " s")
                                       for k, v in figures.items()), flush=True)


if __name__ == "__main__":
    main()
