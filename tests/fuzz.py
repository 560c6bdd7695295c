"""The long fuzz run of issue 12, outside the test suite:

    .venv/bin/python tests/fuzz.py --cases 5000 [--seed 12] [--out /tmp/fuzz] [--tei-all-every 10]

Mutates the seeds and the project's own documents (``tests/mutate.py``: lines deleted,
duplicated, swapped, joined, split mid-word, the text flattened, OCR's lost colons and
parentheses, truncated, artefacts inserted) and checks every case: no internal error, TEI
valid against the project's RELAX NG and Schematron, token fidelity, and at most ``--limit``
seconds. Every ``--tei-all-every``-th accepted TEI is also validated against tei_all, by jing
in one run at the end (tei_all.rng must be found: ``$TEI_ALL_RNG`` or ``../shared/tei/``).
Failing inputs are written to ``OUT/failures/`` (pin each one as a regression test).
Deterministic for a given seed: case ``i`` depends only on the seed and ``i``. One process
(the machine is shared).

The documents mutated: the seeds, the unseen fixtures (printed editions, archive OCR, letter
and title labels, encodings), the pinned fuzz findings and the hostile fixture, each drawn
alike; and the snippet cases of ``tests/parse_cases/`` (one phenomenon each), drawn a quarter
of the time in all. Documents not in the repository are checked by the same mutations.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from mutate import check, mutate  # noqa: E402
from parse_cases import CASES, load  # noqa: E402

from encoder.parse import decode_source  # noqa: E402
from encoder.validate import check_tei_all, find_tei_all  # noqa: E402

ROOT = HERE.parent


#: the share of cases made from a parse_cases snippet (they are many, and small)
SNIPPETS = 0.25


def corpus() -> tuple[list[tuple[str, str]], list[float]]:
    """The documents to mutate, and the weight of each in the draw."""
    paths = [*sorted((ROOT / "seeds").glob("*.txt")),
             *sorted((HERE / "fixtures" / "unseen").glob("*.txt")),
             *sorted((HERE / "fixtures" / "fuzz").glob("*.txt")),
             *sorted((HERE / "fixtures" / "hostile").glob("*.txt"))]
    docs = [(p.name, decode_source(p.read_bytes(), p.name).text) for p in paths]
    snippets = [(f"parse_cases/{m.stem}.txt:{c.line}", c.source)
                for m in sorted(CASES.glob("*.txt")) for c in load(m.stem)]
    share = SNIPPETS / (1 - SNIPPETS) * len(docs) / len(snippets)
    return docs + snippets, [1.0] * len(docs) + [share] * len(snippets)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--out", type=Path, default=Path("/tmp/memcon-fuzz"))
    ap.add_argument("--limit", type=float, default=20.0, help="seconds allowed per case")
    ap.add_argument("--tei-all-every", type=int, default=10)
    args = ap.parse_args()
    rng_path = find_tei_all() if args.tei_all_every else None
    if args.tei_all_every and rng_path is None:
        ap.error("tei_all.rng not found: set $TEI_ALL_RNG (or --tei-all-every 0 to skip it)")
    base, weights = corpus()
    failures = args.out / "failures"
    failures.mkdir(parents=True, exist_ok=True)
    accepted = args.out / "accepted"
    accepted.mkdir(parents=True, exist_ok=True)
    kinds: Counter[str] = Counter()
    refusals: Counter[str] = Counter()
    slowest = (0.0, "")
    sampled: dict[Path, tuple[bytes, str]] = {}  # TEI -> its source and how it was made
    start = time.perf_counter()
    for i in range(args.cases):
        rng = random.Random(f"{args.seed}:{i}")
        [(name, text)] = rng.choices(base, weights)
        mutated, ops = mutate(text, rng, rng.randint(1, 4))
        raw = mutated.encode("utf-8", "surrogatepass")
        result = check(raw, f"case{i}.txt")
        kind = result.kind if result.seconds <= args.limit else "slow"
        kinds[kind] += 1
        if kind == "refused":
            # what the refusal said, without the file and line: it should be a real reason
            refusals[result.detail.split(": error: ")[-1][:60]] += 1
        if result.seconds > slowest[0]:
            slowest = (result.seconds, f"case {i}")
        if kind not in ("ok", "refused"):
            (failures / f"case{i}.txt").write_bytes(raw)
            print(f"case {i} ({name}; {', '.join(ops)}): {kind}: {result.detail[:300]}",
                  flush=True)
        elif kind == "ok" and result.data and args.tei_all_every and \
                i % args.tei_all_every == 0:
            path = accepted / f"case{i}.xml"
            path.write_bytes(result.data)
            sampled[path] = (raw, f"case {i} ({name}; {', '.join(ops)})")
        if (i + 1) % 500 == 0:
            print(f"... {i + 1} cases, {dict(kinds)}, {time.perf_counter() - start:.0f} s",
                  flush=True)
    tei_all_errors = 0
    if rng_path and sampled:
        messages = [m for m in check_tei_all(list(sampled), rng_path) if m.severity == "error"]
        invalid = sorted({Path(m.file) for m in messages})
        tei_all_errors = len(invalid)
        for path in invalid:
            raw, made = sampled[path]
            (failures / f"{path.stem}.txt").write_bytes(raw)
            print(f"{made}: tei_all: " + "; ".join(
                m.message[:200] for m in messages if Path(m.file) == path)[:600], flush=True)
    print(f"{args.cases} cases (seed {args.seed}): {dict(kinds)}; slowest {slowest[0]:.2f} s "
          f"({slowest[1]}); tei_all: {len(sampled)} sampled, {tei_all_errors} invalid; "
          f"{time.perf_counter() - start:.0f} s in all; refusals: {dict(refusals)}")
    bad = sum(n for k, n in kinds.items() if k not in ("ok", "refused")) + tei_all_errors
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
