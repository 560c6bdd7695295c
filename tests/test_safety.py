"""Hostile and odd inputs outside the parser: XML that attacks a validator, special files, signals.

Each test is one phenomenon. Where a regression would hang (a FIFO read, a fetched DTD) the
command runs as a real subprocess with a timeout, so the test fails instead of blocking.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS, require_jing
from lxml import etree

from encoder import interrupt
from encoder.corpus import encode_corpus, encode_one
from encoder.validate import Message, check_tei_all, parse_xml, project_schema

ENCODE = [sys.executable, "-m", "encoder.cli"]
TIMEOUT = 60  # seconds: far above any honest run, short enough to fail instead of hanging
CLEAN_SEED = SEEDS / "000_3d4b95dd175e6bd4.txt"  # a call the encoder reads without a warning
WARNED_SEED = SEEDS / "001_68f457595fa97338.txt"  # a portion marked above the banner: a warning
TEI_START = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/></TEI>\n'


def encode(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*ENCODE, *map(str, args)], capture_output=True, text=True,
                          timeout=TIMEOUT, cwd=cwd or ROOT, stdin=subprocess.DEVNULL)


def one_clean_error(stderr: str) -> str:
    """The stderr lines that are errors; no traceback may be among them."""
    assert "Traceback" not in stderr and "MemoryError" not in stderr, stderr
    return "\n".join(line for line in stderr.splitlines() if ": error: " in line)


# --- encode validate --tei-all: nothing is read, fetched or expanded ----------------------


class Listener:
    """A TCP listener on loopback that counts the connections made to it."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def validate_with_jing(*files: Path) -> subprocess.CompletedProcess[str]:
    """``encode validate --tei-all`` with an RNG that is always there (ours), so jing runs."""
    require_jing()
    return encode("validate", "--tei-all", project_schema("memcon.rng"), *files)


def test_tei_all_refuses_an_external_entity_and_reads_no_file(tmp_path):
    # The entity names a FIFO: a validator that opened it would block until the timeout.
    fifo = tmp_path / "secret.txt"
    os.mkfifo(fifo)
    hostile = tmp_path / "xxe.xml"
    hostile.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY x SYSTEM '
                       f'"file://{fifo}">]>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">&x;</TEI>\n')
    run = validate_with_jing(hostile)
    assert run.returncode == 1
    assert run.stdout.splitlines() == [
        f"{hostile}:2:1: error: a DOCTYPE is not allowed: TEI needs none, and a validator would "
        "resolve its entities and DTDs; remove it [no-doctype]"]


def test_tei_all_fetches_nothing_for_a_parameter_entity_dtd(tmp_path, listener):
    url = f"http://127.0.0.1:{listener.port}"
    pe = tmp_path / "pe.xml"
    pe.write_text(f'<!DOCTYPE TEI [<!ENTITY % d SYSTEM "{url}/evil.dtd"> %d;]>\n{TEI_START}')
    external = tmp_path / "external.xml"
    external.write_text(f'<!DOCTYPE TEI SYSTEM "{url}/tei.dtd">\n{TEI_START}')
    run = validate_with_jing(pe, external)
    assert run.returncode == 1
    assert listener.connections == 0
    assert [line.split(": error: ")[0] for line in run.stdout.splitlines()] == [
        f"{pe}:1:1", f"{external}:1:1"]


def test_tei_all_does_not_follow_an_xinclude(tmp_path):
    # Debian's jing wrapper turns XInclude on; a FIFO as the target would block if followed.
    fifo = tmp_path / "part.xml"
    os.mkfifo(fifo)
    doc = tmp_path / "doc.xml"
    doc.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0" '
                   'xmlns:xi="http://www.w3.org/2001/XInclude">'
                   f'<xi:include href="file://{fifo}" parse="text"/></TEI>\n')
    run = validate_with_jing(doc)
    assert run.returncode == 1
    assert any("xi:include" in line and "[tei-all]" in line for line in run.stdout.splitlines())


def test_tei_all_answers_billion_laughs_at_once(tmp_path):
    lol = ['<!ENTITY l0 "lol">'] + [
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)]
    bomb = tmp_path / "laughs.xml"
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE TEI [\n' + "\n".join(lol) +
                    '\n]>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">&l9;</TEI>\n')
    start = time.monotonic()
    messages = check_tei_all([bomb], project_schema("memcon.rng"))
    assert time.monotonic() - start < 5  # a guard against expansion, not a benchmark
    assert [(m.file, m.severity) for m in messages] == [(str(bomb), "error")]
    assert messages[0].rule in {"well-formed", "no-doctype"}


def test_safe_parser_loads_no_external_parameter_entity(tmp_path):
    # Parsing a file by name, libxml2 loaded an external parameter entity even with load_dtd
    # off; the FIFO would block.
    fifo = tmp_path / "d.dtd"
    os.mkfifo(fifo)
    xml = tmp_path / "pe.xml"
    xml.write_text(f'<!DOCTYPE TEI [<!ENTITY % d SYSTEM "file://{fifo}"> %d;]>\n{TEI_START}')
    code = ("import sys; from pathlib import Path; from encoder.validate import parse_xml; "
            "print(parse_xml(Path(sys.argv[1])).getroot().tag)")
    run = subprocess.run([sys.executable, "-c", code, str(xml)], capture_output=True, text=True,
                         timeout=TIMEOUT, cwd=ROOT)
    assert run.stdout.strip() == "{http://www.tei-c.org/ns/1.0}TEI", run.stderr


def test_a_stylesheet_read_by_the_safe_parser_still_includes_its_parts(tmp_path):
    xsl = 'xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0"'
    (tmp_path / "common.xsl").write_text(
        f'<xsl:stylesheet {xsl}><xsl:template name="hi">included</xsl:template>'
        "</xsl:stylesheet>")
    (tmp_path / "page.xsl").write_text(
        f'<xsl:stylesheet {xsl}><xsl:include href="common.xsl"/><xsl:output method="text"/>'
        '<xsl:template match="/"><xsl:call-template name="hi"/></xsl:template>'
        "</xsl:stylesheet>")
    sheet = etree.XSLT(parse_xml(tmp_path / "page.xsl"),
                       access_control=etree.XSLTAccessControl.DENY_ALL)
    assert str(sheet(parse_xml(b"<doc/>"))) == "included"


# --- special files: read only regular files, replace only regular files -------------------


def test_encode_file_refuses_a_fifo_at_once(tmp_path):
    fifo = tmp_path / "call.txt"
    os.mkfifo(fifo)
    run = encode("file", fifo)
    assert run.returncode == 1
    assert one_clean_error(run.stderr) == "call.txt: error: a FIFO (named pipe), not a regular file"


def test_encode_all_skips_a_fifo_and_encodes_the_rest(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(CLEAN_SEED, seeds)
    os.mkfifo(seeds / "pipe.txt")
    run = encode("all", "--seeds", seeds, "--out", tmp_path / "out")
    assert run.returncode == 1
    assert one_clean_error(run.stderr) == "pipe.txt: error: a FIFO (named pipe), not a regular file"
    assert [p.name for p in (tmp_path / "out" / "tei").iterdir()] == [
        "telcon-2000-01-01-clinton-putin.xml"]


def test_encode_validate_refuses_a_fifo_at_once(tmp_path):
    os.mkfifo(tmp_path / "doc.xml")
    run = encode("validate", tmp_path)
    assert run.returncode == 1
    assert run.stdout.splitlines() == [
        f"{tmp_path / 'doc.xml'}:0:0: error: cannot read file: a FIFO (named pipe), "
        "not a regular file [well-formed]"]


def test_a_symlink_to_dev_zero_is_refused_without_reading(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    run = encode("file", link)
    assert run.returncode == 1
    assert one_clean_error(run.stderr) == "zero.txt: error: a character device, not a regular file"


def test_output_onto_a_device_is_refused_and_the_device_kept(tmp_path):
    # A node of its own (/dev/full's numbers), not /dev/full: a regression run as root (as CI
    # is) would otherwise replace the machine's device with a file.
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root (CI runs as root); the FIFO test covers "
                    "the same check without it")
    device = tmp_path / "full"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    run = encode("file", CLEAN_SEED, "-o", device)
    assert run.returncode == 1
    assert one_clean_error(run.stderr) == (
        f"{device}: error: cannot write: a character device; only a regular file is replaced")
    assert stat.S_ISCHR(os.stat(device).st_mode)
    assert list(tmp_path.iterdir()) == [device]


def test_output_onto_a_fifo_is_refused_and_the_fifo_kept(tmp_path):
    fifo = tmp_path / "out.xml"
    os.mkfifo(fifo)
    run = encode("file", CLEAN_SEED, "-o", fifo)
    assert run.returncode == 1
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert list(tmp_path.iterdir()) == [fifo]  # no temporary file either


def test_output_through_a_symlink_replaces_the_file_it_names(tmp_path):
    target = tmp_path / "real.xml"
    target.write_text("old")
    link = tmp_path / "link.xml"
    link.symlink_to(target)
    run = encode("file", CLEAN_SEED, "-o", link)
    assert run.returncode == 0, run.stderr
    assert link.is_symlink()
    assert target.read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>')


# --- signals: a stopped run leaves nothing behind -------------------------------------------


def big_corpus(tmp_path: Path, copies: int) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for i in range(copies):
        for seed in sorted(SEEDS.glob("*.txt")):
            shutil.copy(seed, seeds / f"{i:03d}_{seed.name}")
    return seeds


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(c) for c in text.split()]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def stop_mid_run(tmp_path: Path, sig: int, jobs: int, worker: bool = False
                 ) -> tuple[int, list[int], Path, str]:
    """Start ``encode all`` on a corpus that takes many seconds and signal it mid-run (or, with
    ``worker``, its first worker process). Returns exit status, workers, edition, stderr."""
    seeds = big_corpus(tmp_path, 60)
    out = tmp_path / "out"
    proc = subprocess.Popen([*ENCODE, "all", "--seeds", str(seeds), "--out", str(out),
                             "--jobs", str(jobs)], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + TIMEOUT
        workers: list[int] = []
        while time.monotonic() < deadline and proc.poll() is None:
            workers = children(proc.pid)
            if len(workers) >= (jobs if jobs > 1 else 0):
                break
            time.sleep(0.05)
        time.sleep(1.0)  # well into the work
        assert proc.poll() is None, "the run ended before it could be stopped: use more copies"
        os.kill(workers[0] if worker else proc.pid, sig)
        _, stderr = proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, workers, out, stderr


def assert_none_alive(workers: list[int]) -> None:
    deadline = time.monotonic() + 10
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [w for w in workers if alive(w)] == []


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_encode_all_with_its_exit_code_and_no_temporaries(tmp_path, sig, code):
    status, _, out, stderr = stop_mid_run(tmp_path, sig, jobs=1)
    assert status == code
    assert "Traceback" not in stderr
    assert [p for p in out.rglob("*") if p.name.endswith(".tmp")] == []


def test_a_signal_stops_every_worker_process(tmp_path):
    status, workers, out, _ = stop_mid_run(tmp_path, signal.SIGTERM, jobs=2)
    assert status == 143
    assert len(workers) >= 2
    assert_none_alive(workers)
    assert [p for p in out.rglob("*") if p.name.endswith(".tmp")] == []


def test_a_worker_that_dies_is_one_clean_error(tmp_path):
    status, workers, out, stderr = stop_mid_run(tmp_path, signal.SIGKILL, jobs=2, worker=True)
    assert status == 1
    assert stderr.splitlines()[-1] == (
        "encode: error: a worker process died (killed, or out of memory?); nothing was "
        "written; try again, or with --jobs 1")
    assert_none_alive(workers)
    assert not out.exists()


def test_a_signal_while_the_edition_is_written_waits_for_the_writing():
    steps = []
    with pytest.raises(interrupt.Interrupted) as stopped:
        with interrupt.handled(), interrupt.deferred():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.01)  # the handler runs here, and must not raise yet
            steps.append("written")
    assert steps == ["written"]
    assert stopped.value.exit_code == 143


# --- messages and ids ----------------------------------------------------------------------


def reject(marker: bytes, line_of: bytes | None = None):
    """A validation that fails every TEI containing ``marker``, at the TEI line of ``line_of``."""

    def check(data: bytes, name: str) -> list[Message]:
        if marker not in data:
            return []
        at = data.index(line_of) if line_of else 0
        return [Message(name, data[:at].count(b"\n") + 1 if line_of else 0, 0, "error",
                        "rejected", "test")]

    return check


def test_invalid_tei_is_reported_at_the_source_line():
    speech = b"Congratulations, and thank you for taking my call."
    o = encode_one(CLEAN_SEED, check=reject(speech, speech))
    source_line = CLEAN_SEED.read_bytes().split(b"\n").index(
        b"The President: " + speech + b" (U)") + 1
    assert o.error == (f"{CLEAN_SEED.name}:{source_line}: error: encoded TEI is invalid: "
                       "rejected [test]")


def test_a_document_that_fails_does_not_claim_its_id(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    broken = seeds / "000-broken.txt"  # sorts first, and is the same call
    broken.write_bytes(CLEAN_SEED.read_bytes().replace(b"Hello?", b"Hello? REJECT", 1))
    shutil.copy(CLEAN_SEED, seeds)
    outcomes = encode_corpus(sorted(seeds.iterdir()), tmp_path / "out",
                             check=reject(b"REJECT"))
    assert [(o.source.name, o.error is None, o.id) for o in outcomes] == [
        ("000-broken.txt", False, "telcon-2000-01-01-clinton-putin"),
        (CLEAN_SEED.name, True, "telcon-2000-01-01-clinton-putin"),
    ]
    assert not any("same document id" in w for o in outcomes for w in o.warnings)
    assert [p.name for p in (tmp_path / "out" / "tei").iterdir()] == [
        "telcon-2000-01-01-clinton-putin.xml"]


# --- strict mode ---------------------------------------------------------------------------


def test_strict_encode_all_fails_a_document_with_warnings(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(CLEAN_SEED, seeds)
    shutil.copy(WARNED_SEED, seeds)
    run = encode("all", "--strict", "--seeds", seeds, "--out", tmp_path / "out")
    assert run.returncode == 1
    assert re.fullmatch(rf"{WARNED_SEED.name}: error: \d+ warning\(s\), and --strict makes "
                        "every warning a failure", one_clean_error(run.stderr))
    assert [p.name for p in (tmp_path / "out" / "tei").iterdir()] == [
        "telcon-2000-01-01-clinton-putin.xml"]


def test_strict_encode_file_writes_nothing_for_a_warning(tmp_path):
    out = tmp_path / "call.xml"
    run = encode("file", "--strict", WARNED_SEED, "-o", out)
    assert run.returncode == 1
    assert not out.exists()
    assert encode("file", "--strict", CLEAN_SEED, "-o", out).returncode == 0
    assert out.exists()
