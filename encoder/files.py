"""Reading and writing files the way the project's security rule asks: regular files only.

Sources and TEI come from outside. A name that ends in ``.txt`` or ``.xml`` can still be a FIFO
(a read blocks for ever), a device (``/dev/zero`` never ends; its size says 0) or a symlink to
one, so a file is opened without blocking, checked on the opened descriptor (no race between
the check and the read) and read with a bound. Output replaces only regular files: ``-o
/dev/full`` must not turn a device node into a file.
"""

from __future__ import annotations

import filecmp
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

__all__ = ["RefusedFile", "read_regular", "write_atomic"]


class RefusedFile(OSError):
    """A path refused before its bytes are used: not a regular file, or larger than the bound.

    An ``OSError`` so that callers that already report "cannot read/write: ..." keep doing so;
    ``strerror`` is the reason an editor can act on.
    """

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(0, reason, str(path))


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def _must_be_regular(path: Path | str, mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise RefusedFile(path, f"{_kind(mode)}, not a regular file")


def read_regular(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; :class:`RefusedFile` otherwise.

    The type is checked before opening (opening a tape or watchdog device acts on it) and
    again with ``fstat`` on the descriptor actually read; ``O_NONBLOCK`` makes opening a FIFO
    that replaced the file in between return at once instead of waiting for a writer. At most
    ``limit + 1`` bytes are read, so a file that grows or lies about its size still costs no
    more than the bound.
    """
    _must_be_regular(path, os.stat(path).st_mode)  # before opening: opening a device can act
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        _must_be_regular(path, os.fstat(fd).st_mode)  # what was opened, if it changed since
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise RefusedFile(path, f"file is larger than {_size(limit)}")
    return data


def _size(n: int) -> str:
    return f"{n // 2**20} MiB" if n >= 2**20 and n % 2**20 == 0 else f"{n} bytes"


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` (bytes, or pieces of them) to ``path`` via a temporary file in the same
    folder and a rename.

    A failure (or a signal, which the command line turns into an exception) removes the
    temporary file, so nothing partial is ever left. An existing ``path`` must be a regular file
    (a symlink is followed, and the file it names is replaced, so the link stays a link);
    anything else -- a device, a FIFO, a directory -- is refused, never replaced.
    """
    _write_via_temporary(path, data, keep_same=False)


def write_if_changed(target: Path, data: bytes | Iterable[bytes]) -> bool:
    """Write ``data`` unless the file already holds it; True when written. Given in pieces,
    it is never whole in memory (the corpus-wide pages of a large edition).

    An unchanged file keeps its time stamp, so an incremental build touches only what changed.
    """
    if isinstance(data, bytes):
        if target.is_file() and target.read_bytes() == data:
            return False
        write_atomic(target, data)
        return True
    return _write_via_temporary(target, data, keep_same=True)


def _write_via_temporary(path: Path, data: bytes | Iterable[bytes], keep_same: bool) -> bool:
    path = Path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        exists = False
    else:
        exists = True
        if not stat.S_ISREG(st.st_mode):
            raise RefusedFile(path, f"{_kind(st.st_mode)}; only a regular file is replaced")
        if path.is_symlink():
            path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            for piece in [data] if isinstance(data, bytes) else data:
                fh.write(piece)
        if keep_same and exists and filecmp.cmp(tmp, path, shallow=False):
            Path(tmp).unlink()
            return False
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
