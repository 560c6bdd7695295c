"""Benchmark: time and memory of encoding a corpus, per stage and end to end.

Run ``python tests/benchmark.py [--copies N]``. It copies the seeds N times (each copy with a
distinct file name, so ids get suffixes as releases of one call would) into a temporary
folder and measures:

* per stage on the seeds (read+parse, TEI writing, RNG+Schematron validation), in ms/doc;
* ``encode all`` end to end with ``--jobs 1`` and ``--jobs 2``, in documents/s;
* peak resident memory of this process and of its worker children.

Machines are noisy: compare ratios measured in one run, not absolute times across runs.
Not collected by pytest (no ``test_`` prefix): timings are not tests.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from encoder.corpus import encode_corpus  # noqa: E402
from encoder.parse import parse, read_source  # noqa: E402
from encoder.tei import serialize, to_tei  # noqa: E402
from encoder.validate import parse_xml, validate_tree  # noqa: E402


def per_stage(seeds: list[Path], rounds: int) -> dict[str, float]:
    totals = {"parse": 0.0, "tei": 0.0, "validate": 0.0}
    for _ in range(rounds):
        for path in seeds:
            t0 = time.perf_counter()
            doc = parse(read_source(path))
            t1 = time.perf_counter()
            data = serialize(to_tei(doc))
            t2 = time.perf_counter()
            validate_tree(parse_xml(data), path.name)
            t3 = time.perf_counter()
            totals["parse"] += t1 - t0
            totals["tei"] += t2 - t1
            totals["validate"] += t3 - t2
    n = rounds * len(seeds)
    return {k: 1000 * v / n for k, v in totals.items()}


def end_to_end(folder: Path, out: Path, jobs: int) -> tuple[float, int]:
    from encoder.validate import validate

    sources = sorted(folder.glob("*.txt"))
    t0 = time.perf_counter()
    outcomes = encode_corpus(sources, out, jobs=jobs, check=validate)
    elapsed = time.perf_counter() - t0
    failed = sum(1 for o in outcomes if o.error)
    return len(sources) / elapsed, failed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=40, help="copies of each seed (default 40)")
    ap.add_argument("--rounds", type=int, default=5, help="rounds of the per-stage timing")
    args = ap.parse_args()
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for stage, ms in per_stage(seeds, args.rounds).items():
        print(f"{stage:<9} {ms:8.2f} ms/doc")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "seeds"
        folder.mkdir()
        for i in range(args.copies):
            for s in seeds:
                shutil.copy(s, folder / f"{s.stem}-copy{i:03d}.txt")
        rates = {}
        for jobs in (1, 2):
            rate, failed = end_to_end(folder, Path(tmp) / f"out{jobs}", jobs)
            rates[jobs] = rate
            print(f"encode all --jobs {jobs}: {rate:7.1f} docs/s  ({failed} failed, "
                  f"{len(seeds) * args.copies} docs)")
        print(f"speed-up with 2 jobs: {rates[2] / rates[1]:.2f}x")
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: {me:.0f} MiB (this process), {kids:.0f} MiB (largest worker)")


if __name__ == "__main__":
    main()
