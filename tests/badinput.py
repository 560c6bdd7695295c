"""Bad inputs for the encoder, made at test time (issue 5, "Bad input").

Every function takes a directory (normally pytest's ``tmp_path``), writes one bad input into it
and returns its path. Nothing here is committed as a file: binary and huge inputs would bloat the
repository, and an unreadable file cannot be committed at all (see
``tests/fixtures/bad/README.md``).

What every bad input must get from the encoder, unless its docstring says otherwise:

* one line on stderr, ``FILE[:LINE]: error: MESSAGE`` (the shape of ``encoder.errors.EncodeError``),
  naming the file, and the line where there is one (the ``*_LINE`` constants below);
* no traceback, from ``encode file`` or from ``encode all``;
* no output for that file: no ``OUT/tei/<id>.xml``, no temporary file left behind (write to a
  temporary file in the same directory, then rename);
* ``encode file`` exits 1; ``encode all`` goes on with the other files, writes them, and exits 1.

The functions are deterministic: the same call gives the same bytes every time.
"""

from __future__ import annotations

import os
import random
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"

# A short, valid, invented memcon. Bad inputs are small edits of it, so that each one is bad in
# exactly one way and the line of the fault is known.
GOOD_LINES: list[str] = [
    "~~CONFIDENTIAL~~",
    "",
    "THE WHITE HOUSE",
    "",
    "WASHINGTON",
    "",
    "MEMORANDUM OF TELEPHONE CONVERSATION",
    "",
    "SUBJECT: Telephone Conversation with Chancellor Helmut Kohl of Germany (C)",
    "",
    "PARTICIPANTS: The President",
    "Chancellor Kohl",
    "",
    "Notetaker: Ruth A. Calloway",
    "",
    "DATE, TIME October 17, 1994, 9:02 - 9:15 a.m. EDT",
    "AND PLACE: Oval Office",
    "",
    "The President: Helmut, good morning. I wanted to congratulate you on the election,"
    " and to say that I look forward to your visit next month. (C)",
    "",
    "Chancellor Kohl: Thank you, Bill. It was closer than I wanted, but a win is a win."
    " We will talk about Russia when I come. (C)",
    "",
    "The President: Good. Give my best to Hannelore. (U)",
    "",
    "-- End of Conversation --",
]


def _line_of(prefix: str) -> int:
    """1-based line of the first template line starting with ``prefix``."""
    return next(i for i, line in enumerate(GOOD_LINES, 1) if line.startswith(prefix))


#: Line of the ``~~`` that is never closed in :func:`unbalanced_strike` (line 1).
UNBALANCED_STRIKE_LINE = _line_of("~~CONFIDENTIAL~~")
#: Line of the speaker label with nothing after it in :func:`label_without_speech`.
LABEL_WITHOUT_SPEECH_LINE = len(GOOD_LINES) + 2
#: Line of the NUL byte in :func:`nul_in_text` (Chancellor Kohl's speech).
NUL_IN_TEXT_LINE = _line_of("Chancellor Kohl:")


def good_text() -> str:
    """The valid memcon all edits start from; it must encode without error or warning."""
    return "\n".join(GOOD_LINES) + "\n"


def good_memcon(directory: Path) -> Path:
    """A valid control file (``good.txt``): it must encode with exit 0, so that a failure on the
    bad variants below can be blamed on their one fault and not on the template."""
    path = Path(directory) / "good.txt"
    path.write_text(good_text(), encoding="utf-8")
    return path


def seed_path(prefix: str = "004") -> Path:
    """The committed seed whose file name starts with ``prefix``."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        raise FileNotFoundError(f"no seed {prefix}_*.txt in {SEEDS}")
    return matches[0]


# --- files that are not a memcon at all -------------------------------------------------------


def empty_file(directory: Path) -> Path:
    """A zero-byte ``empty.txt``.

    The encoder must fail with one line naming the file (no line number), for example
    ``empty.txt: error: file is empty``. It must not write a TEI file with an empty body.
    A file that holds only whitespace (see :func:`blank_file`) is handled the same way.
    """
    path = Path(directory) / "empty.txt"
    path.write_bytes(b"")
    return path


def blank_file(directory: Path) -> Path:
    """``blank.txt``: only spaces, tabs and newlines (CRLF and LF mixed).

    It gets the same error as :func:`empty_file`: nothing to encode, and no TEI written.
    """
    path = Path(directory) / "blank.txt"
    path.write_bytes(b"  \n\t\r\n\n   \n")
    return path


def binary_file(directory: Path) -> Path:
    """``scan.txt``: a PNG signature and IHDR chunk, then 4 KiB of random bytes (fixed seed).

    The ``.txt`` name is there so that ``encode all`` picks it up. The encoder must fail with one
    line naming the file, for example ``scan.txt: error: not a text file (binary data)``. It
    must not decode the bytes as windows-1252 or latin-1 and encode the resulting junk.
    """
    rng = random.Random(20240501)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x02\x00\x00\x00\x01\x00\x08\x02\x00\x00\x00"
    path = Path(directory) / "scan.txt"
    path.write_bytes(png + rng.randbytes(4096))
    return path


#: Control bytes that are not text in any encoding the encoder accepts. Latin-1 decodes every
#: byte, so "not text" has to be judged by content: C0 controls other than TAB, LF, CR and FF,
#: DEL, and the five bytes that windows-1252 leaves undefined.
CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F]) + bytes(
    [0x81, 0x8D, 0x8F, 0x90, 0x9D]
)


def control_bytes_file(directory: Path) -> Path:
    """``controls.txt``: 2 KiB made only of NULs, control bytes and undefined windows-1252 bytes,
    with a few newlines.

    This is not text in any encoding. The encoder must fail with one line naming the file, and
    it may add the line of the first bad byte (line 1 here). It must not write XML, which
    could not hold these characters anyway.
    """
    rng = random.Random(1252)
    body = bytearray()
    for i in range(2048):
        body.append(0x0A if i % 97 == 96 else rng.choice(CONTROL_BYTES))
    path = Path(directory) / "controls.txt"
    path.write_bytes(bytes(body))
    return path


def nul_in_text(directory: Path) -> Path:
    """``nul.txt``: the valid memcon with one NUL byte in the middle of line ``NUL_IN_TEXT_LINE``.

    XML cannot hold U+0000, and dropping it silently would break "nothing lost". The encoder must
    fail with ``nul.txt:LINE: error: …`` (the file and the line) and write nothing.
    """
    lines = list(GOOD_LINES)
    idx = NUL_IN_TEXT_LINE - 1
    lines[idx] = lines[idx].replace("a win is a win", "a win\x00 is a win")
    path = Path(directory) / "nul.txt"
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return path


# --- a real memcon, too big -------------------------------------------------------------------

HUGE_SIZE = 10 * 1024 * 1024


def huge_file(directory: Path, size: int = HUGE_SIZE) -> Path:
    """``huge.txt``: seed 004, a real memcon, repeated whole until the file is at least ``size``
    bytes (10 MiB by default, about 950 copies).

    The encoder must do one of two things, within a time limit the test sets (120 s is plenty):
    * encode it: valid TEI that keeps fidelity (one document with repeated content, or whatever
      the encoder makes of a memo that restarts), with memory use proportional to the input;
    * refuse it cleanly: ``huge.txt: error: …`` (for example "file too large: 10.0 MB, limit …"),
      no traceback, and no TEI written.
    It must not hang, crash on recursion depth, or leave a partial file. The file is built here
    and never committed.
    """
    unit = seed_path("004").read_bytes().rstrip(b"\n") + b"\n\n"
    copies = -(-size // len(unit))  # ceiling division
    path = Path(directory) / "huge.txt"
    with path.open("wb") as out:
        for _ in range(copies):
            out.write(unit)
    return path


# --- memcons with one structural fault ---------------------------------------------------------


def unbalanced_strike(directory: Path) -> Path:
    """``unbalanced.txt``: the top banner ``~~CONFIDENTIAL~~`` on line ``UNBALANCED_STRIKE_LINE``
    (line 1) has lost its closing ``~~``, and no other ``~~`` in the file can close it.

    A typing slip the encoder tolerates (issue 12): the file is encoded with the two tildes kept
    as text and a warning ``unbalanced.txt:1: warning: …`` saying that ``~~`` is not closed;
    ``--strict`` makes that warning a failure. It must not run the strike on to the end of the
    file, and it must not drop the two tildes silently.
    """
    lines = list(GOOD_LINES)
    idx = UNBALANCED_STRIKE_LINE - 1
    lines[idx] = "~~CONFIDENTIAL"
    path = Path(directory) / "unbalanced.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def label_without_speech(directory: Path) -> Path:
    """``nospeech.txt``: the memcon ends with ``The President:`` on a line of its own, with
    nothing after it: no speech, no marking, no further line. This is a truncated transcription.

    Tolerated (issue 12): the label is kept as text with a warning
    ``nospeech.txt:LINE: warning: …`` at the label's line (``LABEL_WITHOUT_SPEECH_LINE``);
    ``--strict`` fails it. It must not emit an empty ``sp`` or a ``speaker`` without a ``p``.
    """
    lines = [*GOOD_LINES, "", "The President:"]
    assert len(lines) == LABEL_WITHOUT_SPEECH_LINE
    path = Path(directory) / "nospeech.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- files and directories that cannot be read or written --------------------------------------


def unreadable_file(directory: Path) -> Path:
    """``locked.txt``: a valid memcon with mode 000.

    The encoder must fail with one line naming the file, for example
    ``locked.txt: error: cannot read: Permission denied``, and write no TEI. **Root ignores file
    modes**, and CI runs as root, so a test must first check :func:`permissions_enforced` and skip
    when it is false. :func:`directory_as_file` gives an unreadable "file" that works for root too.
    Call :func:`restore_permissions` afterwards so that pytest can clean ``tmp_path``.
    """
    path = Path(directory) / "locked.txt"
    path.write_text(good_text(), encoding="utf-8")
    path.chmod(0)
    return path


def directory_as_file(directory: Path) -> Path:
    """``x.txt``: a **directory** whose name matches ``*.txt``, with one file inside.

    Reading it fails for every user, root included (``IsADirectoryError``). ``encode file x.txt``
    and ``encode all`` on the parent must report ``x.txt: error: …`` (not a regular file, or
    cannot read) with no traceback, and write no TEI. ``encode all`` may skip it with a warning
    instead, but it must not crash on it.
    """
    path = Path(directory) / "x.txt"
    path.mkdir()
    (path / "inside.txt").write_text(good_text(), encoding="utf-8")
    return path


def unwritable_output(directory: Path) -> Path:
    """An output directory that cannot be written, for every user: ``out`` here is a regular
    **file**, so ``out/tei/`` cannot be created. The function returns ``out``, to pass as
    ``--out`` or ``-o out/tei/x.xml``.

    The encoder must fail with one line naming the path it could not create or write, with no
    traceback and exit 1. ``encode all`` reports every file as failed and still exits 1. No
    temporary file may be left in ``directory``. (A directory with mode 555 would test the same
    thing for non-root users only; see :func:`permissions_enforced`.)
    """
    path = Path(directory) / "out"
    path.write_text("this is a file, not a directory\n", encoding="utf-8")
    return path


def permissions_enforced(path: Path) -> bool:
    """True if file modes actually stop this process from reading ``path`` (false as root)."""
    try:
        with open(path, "rb") as handle:
            handle.read(1)
    except PermissionError:
        return True
    return False


def restore_permissions(path: Path) -> None:
    """Make ``path`` readable and writable again, so that the test directory can be removed."""
    path = Path(path)
    if path.exists():
        mode = stat.S_IRUSR | stat.S_IWUSR | (stat.S_IXUSR if path.is_dir() else 0)
        os.chmod(path, mode)


# --- not an error: two releases of one call -----------------------------------------------------

RELEASE_NAMES = ("005_clinton-kohl-1994-10-17_nsc.txt", "006_clinton-kohl-1994-10-17_library.txt")


def two_releases(directory: Path) -> tuple[Path, Path]:
    """Two releases of the same call under different file names (``RELEASE_NAMES``): the same
    memcon, once as released by the NSC and once by the Presidential library. The second adds a
    declassification stamp and differs in one phrase of the first speech (``in November``
    instead of ``next month``), as independent transcriptions do.

    This is **not an error**. Both files must encode, with exit 0 when nothing else fails. Both
    would get the same id (same kind, date and participants). The first in sorted file-name order
    keeps the plain id. The second gets the same id plus a **stable suffix derived from its file
    name**: the same on every run, whatever ``--jobs`` is and whichever other files are present.
    A warning names both files and the id they share. The two TEI files differ; each keeps its
    own source file name and SHA-256 as ``idno``s.
    """
    first = Path(directory) / RELEASE_NAMES[0]
    second = Path(directory) / RELEASE_NAMES[1]
    first.write_text(good_text(), encoding="utf-8")
    lines = list(GOOD_LINES)
    stamp = ["DECLASSIFIED", "PER E.O. 13526", "2016-0412-M (1.03)", "5/9/2019 KBH", ""]
    head = lines.index("MEMORANDUM OF TELEPHONE CONVERSATION")
    lines[head:head] = stamp
    speech = next(i for i, line in enumerate(lines) if line.startswith("The President: Helmut"))
    lines[speech] = lines[speech].replace("next month", "in November")
    second.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return first, second


# --- a whole folder for `encode all` -----------------------------------------------------------

#: Bad inputs that must each give one error line in ``encode all``, whoever runs the test.
#: ``unreadable_file`` is left out (root can read it); ``directory_as_file`` stands in for it.
ERRORS: dict[str, Callable[[Path], Path]] = {
    "empty": empty_file,
    "blank": blank_file,
    "binary": binary_file,
    "controls": control_bytes_file,
    "nul": nul_in_text,
}

#: Faulty transcriptions that are encoded with the faulty characters kept as text and one
#: located warning; ``--strict`` fails them.
TOLERATED: dict[str, Callable[[Path], Path]] = {
    "unbalanced": unbalanced_strike,
    "nospeech": label_without_speech,
}


def mixed_corpus(directory: Path, unseen: bool = True) -> dict[str, list[Path]]:
    """Fill ``directory`` with a corpus for ``encode all --seeds directory``. It holds the five
    seeds, the unseen fixtures (if ``unseen``), the two releases, every input in ``ERRORS``, and
    ``x.txt`` (a directory).

    The return value sorts the paths into ``good`` (must be written), ``bad`` (must each be named
    in one error line and leave no file) and ``dirs`` (``x.txt``). The huge file is left out to
    keep the run fast. ``encode all`` on this folder must exit 1, print no traceback, write one
    TEI per good file, and write nothing for the bad ones. Several bad files are edits of the
    same call as the two releases. A file that fails claims no id, so the releases get the plain
    id and the suffix exactly as they would without the bad files.
    """
    directory = Path(directory)
    good: list[Path] = []
    for seed in sorted(SEEDS.glob("*.txt")):
        good.append(Path(shutil.copy(seed, directory / seed.name)))
    if unseen:
        fixtures = REPO / "tests" / "fixtures" / "unseen"
        for fixture in sorted(fixtures.glob("[0-9][0-9]_*.txt")):
            good.append(Path(shutil.copy(fixture, directory / f"unseen_{fixture.name}")))
    good.extend(two_releases(directory))
    bad = [make(directory) for make in ERRORS.values()]
    dirs = [directory_as_file(directory)]
    return {"good": good, "bad": bad, "dirs": dirs}
