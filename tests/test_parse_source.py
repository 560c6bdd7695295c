"""Decoding a source's bytes (encoder/parse/source.py) and the line passes' line numbers."""

from __future__ import annotations

import pytest

from encoder.errors import EncodeError
from encoder.parse.normalise import normalise
from encoder.parse.source import decode_source, numbered


def test_utf8_bom_is_removed_with_a_note() -> None:
    src = decode_source("\ufeffSECRET\n".encode(), "a.txt")
    assert (src.text, src.encoding) == ("SECRET\n", "UTF-8")
    assert src.encoding_note == "The source began with a UTF-8 byte-order mark, which was removed."


def test_windows_1252_is_decoded_with_a_note() -> None:
    src = decode_source("“Yes” – he said\r\n".encode("cp1252"), "a.txt")
    assert (src.text, src.encoding) == ("“Yes” – he said\n", "windows-1252")
    assert src.encoding_note is not None and "Windows-1252" in src.encoding_note


def test_control_character_is_kept_for_the_writer() -> None:
    assert decode_source(b"line one\nline\x07two\n", "a.txt").text == "line one\nline\x07two\n"


def test_nul_is_refused_with_its_line() -> None:
    with pytest.raises(EncodeError) as err:
        decode_source(b"line one\nline\x00two\n", "a.txt")
    assert (err.value.line, "NUL" in str(err.value)) == (2, True)


def test_text_made_mostly_of_control_characters_is_refused() -> None:
    with pytest.raises(EncodeError) as err:
        decode_source(b"ab\n\x01\x02\x03\x04\x05\n", "a.txt")
    assert (err.value.line, "control characters" in str(err.value)) == (2, True)


def test_glued_page_marker_keeps_its_line_number() -> None:
    lines = normalise(numbered("text\n[Page 2]and more\n"))
    assert lines == [(1, "text"), (2, "[Page 2]"), (2, "and more"), (3, "")]
