"""Decode a source file's bytes into text and number its lines; refuse what is not text."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .. import model as m
from ..errors import EncodeError
from ..files import RefusedFile, read_regular

MAX_BYTES = 4 * 1024 * 1024  # a transcription is a few hundred kB; 10 MB is not one
#: Unicode's control characters (category Cc: C0, DEL, C1) but tab and line end, in one scan

Line = tuple[int, str]  # a source line and its number (from 1), as every stage passes it on


def numbered(text: str) -> list[Line]:
    return [(i, t) for i, t in enumerate(text.split("\n"), start=1)]


def read_source(path: Path) -> m.Source:
    """Read and decode a source file: UTF-8 (BOM allowed), else Windows-1252 with a note.

    Refuses what is not a transcription (empty, binary, control characters) with an
    EncodeError naming the file, so that nothing is written for it.
    """
    name = path.name
    try:
        raw = read_regular(path, MAX_BYTES)
    except RefusedFile as exc:
        raise EncodeError(str(exc.strerror), name) from None
    except OSError as exc:
        raise EncodeError(f"cannot read: {exc.strerror or exc}", name) from None
    return decode_source(raw, name)


# the control characters a transcription should not hold (tab, line and form feed it may)
_NO_CONTROLS = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n\f")


def decode_source(raw: bytes, name: str) -> m.Source:
    sha = hashlib.sha256(raw).hexdigest()
    note = None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        note = "The source began with a UTF-8 byte-order mark, which was removed."
    try:
        text = raw.decode("utf-8")
        encoding = "UTF-8"
    except UnicodeDecodeError as exc:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            line = raw[: exc.start].count(b"\n") + 1
            raise EncodeError(
                "not text: bytes that no known encoding decodes", name, line
            ) from None
        encoding = "windows-1252"
        note = (
            "The source is not UTF-8; it was decoded as Windows-1252 (its bytes 0x80-0x9F are "
            "typographic quotes and dashes in that encoding)."
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    nul = text.find("\x00")
    if nul >= 0:
        raise EncodeError("not text: a NUL character (a binary file?)", name,
                          text.count("\n", 0, nul) + 1)
    controls = len(text) - len(text.translate(_NO_CONTROLS))
    if controls * 4 > len(text.strip()):
        # a stray control character is kept (the TEI writer names it); a text made mostly of
        # them is not a transcription
        first = next(i for i, line in enumerate(text.split("\n"), start=1)
                     if any(c < " " and c not in "\t\f" for c in line))
        raise EncodeError("not text: mostly control characters (a binary file?)", name, first)
    if not text.strip():
        raise EncodeError("empty file: no text to encode", name)
    return m.Source(name=name, sha256=sha, text=text, encoding=encoding, encoding_note=note)

