"""Benchmark: the whole ``encode all`` pipeline on a synthetic corpus, next to lxml's floor.

Run ``python3 benchmarks/bench.py [-n 400]``. It writes N memoranda made from the seeds'
memcons into a temporary folder (each copy with its own date, shifted a day at a time within
the same presidency, so that ids do not collide and "The President" means the same person),
then measures, each ``encode all`` in a fresh process as a user runs it:

* ``--jobs 1`` and ``--jobs 2``: documents/s, MB/s of source text, peak resident memory of
  the main process, of the largest worker and of the largest Pagefind process (one per shard
  of the search index, run at the end), and the index's time; the two
  editions must be byte-identical (the search index and the manifest aside);
* a no-change rerun of ``--jobs 1`` into the same edition (incremental: nothing to encode);
* the floor, in this process: lxml alone parsing and serialising the same output (every TEI
  file and people.xml, and OUT/html/** when the pipeline writes HTML);
* a ceiling: the CPU a document costs in the work lxml and Pagefind do themselves, which no
  build of the edition skips (validation, the page's XSLT, the floor, Pagefind's CPU per
  page), and the documents/s that alone allows on this machine's CPUs;

and prints the ratios next to the targets of issue 13, plus a breakdown per stage on the
seeds (ms/doc). Machines are noisy and shared: quote ratios measured in one run, not absolute
times across runs. ``--scale 500 5000`` instead measures the peak memory of ``--jobs 2`` at
two corpus sizes (issue 13: growing less than 20%).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

#: a date as the memos' header prints it ("March 27, 2000")
_PRINTED_DATE = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December) (\d{1,2}), (\d{4})\b"
)
#: US presidencies (inauguration days): a copy's date stays strictly inside its seed's, so
#: "The President" of every copy is the seed's president
PRESIDENCIES = [date(1981, 1, 20), date(1989, 1, 20), date(1993, 1, 20), date(2001, 1, 20),
                date(2009, 1, 20), date(2017, 1, 20)]

#: (figure, target, True when higher is better) from issue 13; None where there is no target
TARGETS = {
    "docs/s --jobs 2": (200.0, True),
    "speed-up --jobs 2 / --jobs 1": (1.7, True),
    "rerun / fresh run (time)": (0.05, False),
    "fresh --jobs 1 / floor (time)": (25.0, False),
    "peak RSS of any process, MiB": (200.0, False),
}


# --- the corpus -------------------------------------------------------------------------------


def _header_date(text: str) -> re.Match[str] | None:
    """The document's own date: the first printed date on the DATE line of the header."""
    for line in text.splitlines():
        if line.lstrip().upper().startswith("DATE"):
            return _PRINTED_DATE.search(line)
    return None


def memcon_seeds() -> list[tuple[Path, str, date]]:
    """Seeds that are memoranda (they have a DATE line), with their printed and ISO date."""
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        hit = _header_date(text)
        if hit:
            day = date(int(hit[3]), time.strptime(hit[1], "%B").tm_mon, int(hit[2]))
            out.append((path, hit[0], day))
    return out


def _printed(day: date) -> str:
    return f"{day.strftime('%B')} {day.day}, {day.year}"


def presidency_days(day: date) -> list[date]:
    """Every day strictly inside the presidency of ``day``, nearest to ``day`` first
    (``day``, the day before, the day after, two days before ...)."""
    start = max(p for p in PRESIDENCIES if p < day)
    end = min(p for p in PRESIDENCIES if p > day)
    days = [start + timedelta(days=k) for k in range(1, (end - start).days)]
    return sorted(days, key=lambda d: (abs((d - day).days), d > day))


def make_corpus(n: int, folder: Path) -> int:
    """Write ``n`` sources into ``folder``; returns how many have a date of their own.

    Each copy of a seed gets the day of :func:`presidency_days` nearest the seed's date that
    no earlier copy has (every occurrence of the header's printed date is replaced): two seeds
    of the same president and the same caller would otherwise give copies with the same id,
    which the encoder then renames and encodes again. A presidency has about 2,900 days for
    all its seeds' copies; past that, dates repeat and the encoder gives the repeated ids a
    suffix, as for two releases of one call.
    """
    seeds = memcon_seeds()
    if not seeds:
        sys.exit("no memorandum among the seeds")
    folder.mkdir(parents=True, exist_ok=True)
    days = {path: presidency_days(day) for path, _, day in seeds}
    texts = {path: path.read_text(encoding="utf-8") for path, _, _ in seeds}
    taken: set[date] = set()
    nearest = dict.fromkeys(days, 0)  # where each seed's search for a free day goes on
    unique = 0
    for i in range(n):
        path, printed, _ = seeds[i % len(seeds)]
        own = days[path]
        while nearest[path] < len(own) and own[nearest[path]] in taken:
            nearest[path] += 1
        if nearest[path] < len(own):
            day = own[nearest[path]]
            unique += 1
        else:  # the presidency's days are all taken: repeat them in turn
            day = own[(i // len(seeds)) % len(own)]
        taken.add(day)
        text = texts[path].replace(printed, _printed(day))
        (folder / f"memcon-{i:05d}.txt").write_text(text, encoding="utf-8")
    return unique


# --- running encode all -----------------------------------------------------------------------

#: Pagefind run from a small interpreter of its own, which notes its peak RSS: a process
#: started straight from the encoder is counted with the encoder's memory at the fork (Linux
#: keeps the high-water mark of the memory a child had before its exec)
_PAGEFIND = """
import json, os, subprocess, sys
child = subprocess.Popen([*json.loads(os.environ["BENCH_PAGEFIND_COMMAND"]), *sys.argv[1:]])
_, status, usage = os.wait4(child.pid, 0)
child.returncode = os.waitstatus_to_exitcode(status)
with open(os.environ["BENCH_PAGEFIND_KIB"], "a") as fh:
    fh.write(f"{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}\\n")
sys.exit(child.returncode)
"""

_RUNNER = """
import json, os, resource, sys, time
import encoder.html
import encoder.html.search
from encoder.cli import main
# the search index is built by an external program (Pagefind, one process per shard) after the
# workers have exited: note the largest process before it, to tell the encoder's memory from
# Pagefind's, each Pagefind process's own peak and the time the index takes
os.environ["BENCH_PAGEFIND_COMMAND"] = json.dumps(encoder.html.search.pagefind_command())
encoder.html.search.PAGEFIND = (sys.executable, "-c", sys.argv[5])
before = {"index_s": 0.0}
index = encoder.html.build_search_index
def build_search_index(edition):
    before["kids_kib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    try:
        index(edition)
    finally:
        before["index_s"] += time.perf_counter() - t0
encoder.html.build_search_index = build_search_index
try:
    main(["all", "--seeds", sys.argv[1], "--out", sys.argv[2], "--jobs", sys.argv[3]])
except SystemExit as exc:
    code = exc.code
else:
    code = 0
self_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(sys.argv[4], "w") as fh:
    json.dump({"code": code, "self_kib": self_kib, "kids_kib": kids_kib,
               "workers_kib": before.get("kids_kib", kids_kib),
               "index_s": before["index_s"]}, fh)
"""


def run_encode(seeds: Path, out: Path, jobs: int, tmp: Path) -> dict[str, float]:
    """``encode all`` in a fresh interpreter: wall time, the peak RSS of each process, and the
    search index's time and number of Pagefind processes (shards)."""
    report = tmp / f"rusage-{jobs}-{time.monotonic_ns()}.json"
    pagefind = report.with_suffix(".pagefind")
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _RUNNER, str(seeds), str(out), str(jobs), str(report), _PAGEFIND],
        cwd=ROOT, capture_output=True, text=True, check=False,
        env={**os.environ, "BENCH_PAGEFIND_KIB": str(pagefind)},
    )
    wall = time.perf_counter() - t0
    if proc.returncode != 0 or not report.exists():
        sys.exit(f"encode all --jobs {jobs} failed:\n{proc.stderr[-2000:]}")
    usage = json.loads(report.read_text())
    if usage["code"] not in (0, None):
        failed = [line for line in proc.stdout.splitlines() if line.startswith("FAILED")]
        sys.exit(f"encode all --jobs {jobs}: {len(failed)} documents failed:\n"
                 + proc.stderr[-2000:])
    shards = [line.split() for line in pagefind.read_text().splitlines()] if pagefind.exists() \
        else []
    return {"wall": wall, "main_mib": usage["self_kib"] / 1024,
            "worker_mib": usage["workers_kib"] / 1024,
            "pagefind_mib": max((int(kib) for kib, _ in shards), default=0) / 1024,
            "pagefind_cpu_s": sum(float(cpu) for _, cpu in shards),
            "shards": len(shards), "index_s": usage["index_s"]}


def _pagefind(r: dict[str, float]) -> str:
    if not r["shards"]:
        return "no search index built"
    return (f"Pagefind {r['shards']} shard{'s' if r['shards'] > 1 else ''}, largest "
            f"{r['pagefind_mib']:.1f} MiB, index {r['index_s']:.2f} s")


def tree_bytes(out: Path) -> dict[str, bytes]:
    """The edition's files but the search index (Pagefind's is not byte-deterministic) and the
    manifest (a cache)."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and "pagefind" not in p.parts and not p.name.startswith(".manifest")}


# --- the floor --------------------------------------------------------------------------------


def floor(out: Path) -> tuple[float, int, int]:
    """lxml alone reading, parsing and serialising the edition's TEI (and HTML, if any).

    Returns (seconds, files, bytes). The parsers are the project's settings (no entities, no
    network), as in encoder.validate.parse_xml.
    """
    from lxml import etree, html

    xml_parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    html_parser = html.HTMLParser(no_network=True)
    xml_files = sorted((out / "tei").glob("*.xml")) + [out / "people.xml"]
    html_files = sorted((out / "html").rglob("*.html")) if (out / "html").is_dir() else []
    html_files += [p for p in (out / "index.html", out / "people.html") if p.exists()]
    size = 0
    t0 = time.perf_counter()
    for path in xml_files:
        data = path.read_bytes()
        size += len(data)
        etree.tostring(etree.fromstring(data, xml_parser), encoding="utf-8",
                       xml_declaration=True)
    for path in html_files:
        data = path.read_bytes()
        size += len(data)
        etree.tostring(etree.fromstring(data, html_parser), method="html", encoding="utf-8")
    return time.perf_counter() - t0, len(xml_files) + len(html_files), size


def ceiling(out: Path) -> dict[str, float]:
    """CPU ms a document spends in lxml's own work that every build needs, measured in this
    process on the edition's TEI files: validation (RELAX NG and the Schematron's compiled
    XSLT) and the page's XSLT. With the floor and Pagefind's CPU this bounds documents/s
    from above whatever the Python around them costs."""
    sys.path.insert(0, str(ROOT))
    from encoder.html.pages import page_facts, render_page
    from encoder.validate import parse_xml, validate_tree

    files = sorted((out / "tei").glob("*.xml"))
    spent = {"validate": 0.0, "page XSLT": 0.0}
    for path in files:
        data = path.read_bytes()
        t0 = time.process_time()
        validate_tree(parse_xml(data), path.name)
        t1 = time.process_time()
        root = parse_xml(data).getroot()
        numbers = {w: n for n, w in enumerate(page_facts(root).speakers)}
        t2 = time.process_time()
        render_page(root, numbers, [])
        t3 = time.process_time()
        spent["validate"] += t1 - t0
        spent["page XSLT"] += t3 - t2
    return {k: 1000 * v / len(files) for k, v in spent.items()}


# --- per stage on the seeds -------------------------------------------------------------------


def per_stage(rounds: int) -> dict[str, float]:
    """ms/doc of each stage on the seeds, in this process (after one warm-up round)."""
    sys.path.insert(0, str(ROOT))
    from encoder.parse import parse, read_source
    from encoder.tei import serialize, to_tei
    from encoder.validate import parse_xml, validate_tree

    seeds = sorted(SEEDS.glob("*.txt"))
    totals = {"parse": 0.0, "tei": 0.0, "validate": 0.0}
    for r in range(rounds + 1):
        for path in seeds:
            t0 = time.perf_counter()
            doc = parse(read_source(path))
            t1 = time.perf_counter()
            data = serialize(to_tei(doc))
            t2 = time.perf_counter()
            validate_tree(parse_xml(data), path.name)
            t3 = time.perf_counter()
            if r:
                totals["parse"] += t1 - t0
                totals["tei"] += t2 - t1
                totals["validate"] += t3 - t2
    return {k: 1000 * v / (rounds * len(seeds)) for k, v in totals.items()}


# --- report -----------------------------------------------------------------------------------


def _line(name: str, value: float, unit: str = "") -> None:
    target = TARGETS.get(name)
    verdict = ""
    if target is not None:
        goal, higher = target
        ok = value >= goal if higher else value <= goal
        verdict = f"   target {'>=' if higher else '<='} {goal:g}: {'met' if ok else 'NOT met'}"
    print(f"  {name:<34} {value:10.2f} {unit:<7}{verdict}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=400, help="documents in the corpus (default 400)")
    ap.add_argument("--rounds", type=int, default=3, help="rounds of the per-stage timing")
    ap.add_argument("--keep", type=Path, help="build the corpus and editions here and keep them")
    ap.add_argument("--scale", type=int, nargs=2, metavar=("SMALL", "LARGE"),
                    help="instead: peak memory of --jobs 2 at SMALL and LARGE documents "
                         "(issue 13: 500 and 5000)")
    args = ap.parse_args()
    if args.scale:
        scale(*args.scale, args.keep)
        return

    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; "
          f"Python {sys.version.split()[0]}")
    print("per stage on the seeds (ms/doc):")
    for stage, ms in per_stage(args.rounds).items():
        print(f"  {stage:<9} {ms:8.2f}")

    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.keep or Path(scratch)
        corpus = tmp / "corpus"
        unique = make_corpus(args.n, corpus)
        source_mb = sum(p.stat().st_size for p in corpus.glob("*.txt")) / 1e6
        print(f"corpus: {args.n} memoranda ({unique} with a date of their own), "
              f"{source_mb:.2f} MB of text")

        one = run_encode(corpus, tmp / "out1", 1, tmp)
        two = run_encode(corpus, tmp / "out2", 2, tmp)
        rerun = run_encode(corpus, tmp / "out1", 1, tmp)
        identical = tree_bytes(tmp / "out1") == tree_bytes(tmp / "out2")
        floor_s, floor_files, floor_bytes = floor(tmp / "out1")
        least = ceiling(tmp / "out1")

    print("whole pipeline (encode all, fresh process each):")
    for name, r in (("--jobs 1", one), ("--jobs 2", two), ("rerun --jobs 1", rerun)):
        print(f"  {name:<16} {r['wall']:7.2f} s  {args.n / r['wall']:7.1f} docs/s  "
              f"{source_mb / r['wall']:6.3f} MB/s  peak RSS main {r['main_mib']:6.1f} MiB, "
              f"largest worker {r['worker_mib']:6.1f} MiB; {_pagefind(r)}")
    print(f"  floor            {floor_s:7.2f} s  lxml parse+serialise of {floor_files} files, "
          f"{floor_bytes / 1e6:.2f} MB ({floor_bytes / 1e6 / floor_s:.1f} MB/s)")
    print("figures and ratios (one run; targets from issue 13):")
    _line("docs/s --jobs 1", args.n / one["wall"])
    _line("docs/s --jobs 2", args.n / two["wall"])
    _line("speed-up --jobs 2 / --jobs 1", one["wall"] / two["wall"], "x")
    print(f"  {'  the same, search index left out':<34} "
          f"{(one['wall'] - one['index_s']) / (two['wall'] - two['index_s']):10.2f} x       "
          "(Pagefind runs two processes at a time with either job count)")
    _line("rerun / fresh run (time)", rerun["wall"] / one["wall"])
    _line("fresh --jobs 1 / floor (time)", one["wall"] / floor_s, "x")
    peak = max(r[k] for r in (one, two, rerun) for k in ("main_mib", "worker_mib", "pagefind_mib"))
    _line("peak RSS of any process, MiB", peak, "MiB")
    print("  (Pagefind, the external search indexer, counted: its largest process, one per shard)")
    print(f"  --jobs 1 and --jobs 2 output byte-identical: {'yes' if identical else 'NO'}")
    mine = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  (this process, with the floor: peak RSS {mine:.0f} MiB)")
    least["floor (parse+serialise)"] = 1000 * floor_s / args.n
    least["Pagefind"] = 1000 * one["pagefind_cpu_s"] / args.n
    cpus = os.cpu_count() or 1
    print("ceiling: CPU a document costs in lxml's and Pagefind's own work alone, which every "
          "build does (ms/doc):")
    print("  " + ", ".join(f"{k} {v:.2f}" for k, v in least.items())
          + f"; in all {sum(least.values()):.2f}")
    print(f"  so at most {cpus * 1000 / sum(least.values()):.0f} docs/s on {cpus} CPUs with "
          "no Python of the encoder's at all")


def scale(small: int, large: int, keep: Path | None) -> None:
    """Peak resident memory of ``encode all --jobs 2`` at two corpus sizes, and its growth."""
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    peaks, pagefind = {}, {}
    with tempfile.TemporaryDirectory() as scratch:
        tmp = keep or Path(scratch)
        for n in (small, large):
            corpus = tmp / f"corpus-{n}"
            unique = make_corpus(n, corpus)
            r = run_encode(corpus, tmp / f"out-{n}", 2, tmp)
            peaks[n] = max(r["main_mib"], r["worker_mib"], r["pagefind_mib"])
            pagefind[n] = r["pagefind_mib"]
            print(f"  {n:6d} documents ({unique} with a date of their own): {r['wall']:7.1f} s, "
                  f"peak RSS main {r['main_mib']:6.1f} MiB, largest worker "
                  f"{r['worker_mib']:6.1f} MiB ({_pagefind(r)})")
            if not keep:
                shutil.rmtree(tmp / f"out-{n}")
                shutil.rmtree(corpus)
    growth = peaks[large] / peaks[small] - 1
    print(f"  peak of any process grows {100 * growth:.1f}% from {small} to {large} documents "
          f"(target < 20%: {'met' if growth < 0.2 else 'NOT met'})")
    print(f"  largest Pagefind process grows {100 * (pagefind[large] / pagefind[small] - 1):.1f}%")


if __name__ == "__main__":
    main()
