"""Patterns opening with a lookbehind, searched where the rest matches (encoder/parse/rx.py)."""

import random
import re
from pathlib import Path

from encoder.parse import reflow, turns
from encoder.parse.rx import Scan, without_lookbehinds

SEEDS = Path(__file__).parent.parent / "seeds"


def test_only_the_leading_lookbehinds_are_dropped():
    assert without_lookbehinds(r"(?<!\S)(?<![(\]])SECRET(?<=T)\b") == r"SECRET(?<=T)\b"
    assert without_lookbehinds(r"(?<=[)(])x") == "x"
    assert without_lookbehinds(r"(?:(?<!\S)x)") == r"(?:(?<!\S)x)"


def test_a_scan_finds_what_its_pattern_finds():
    """The re-flow's patterns, each searched as a Scan, against ``re`` itself: on every line
    of the seeds, on made-up lines where the candidate matches but the lookbehind does not
    (``xDECLASSIFIED``, ``a :b``), and on random text."""
    scans = [reflow.STAMP, reflow.TRAILER, reflow.DATE_ALONE, reflow.TIME_DATE, turns.LABEL_END]
    texts = [line for p in sorted(SEEDS.glob("*.txt"))
             for line in p.read_text(encoding="utf-8").splitlines()]
    texts += ["xDECLASSIFIED DECLASSIFIED Authority NND 1 -xAuthority NNK",
              "a : b: c;d ; e; F", "--End of Conversation-- x-- End of Telephone Conversation --",
              "on March 3, 1971 xMarch 3, 1971 10:35 a.m. March 3, 1971 9 pm June 1, 1990"]
    rng = random.Random(7)
    texts += ["".join(rng.choice([" ", ":", ";", "x", "-", "DECLASSIFIED", "End of Conversation",
                                  "June 1, 1990", "9 am "]) for _ in range(rng.randint(1, 12)))
              for _ in range(2000)]
    for scan in scans:
        assert isinstance(scan, Scan)
        for text in texts:
            assert [h.span() for h in scan.finditer(text)] == [
                h.span() for h in scan.pattern.finditer(text)], (scan.pattern.pattern, text)
            found, expected = scan.search(text, 3), scan.pattern.search(text, 3)
            assert (found and found.span()) == (expected and expected.span()), text


def test_a_group_names_the_whole_match():
    hit = Scan(r"(?<!\w)\(S\)", group="portion").search("x(S) (S)")
    assert hit is not None and hit.group("portion") == "(S)" and hit.start() == 5
    assert re.compile(r"(?P<portion>(?<!\w)\(S\))").search("x(S) (S)").span() == hit.span()


def test_openers_are_the_first_characters_a_match_can_have():
    from encoder.parse.rx import openers

    assert openers(re.compile(r"^(?:\d{1,4})\.\s+Telephone|^(Memorandum|Record) of|^TELCON$")) \
        == (frozenset("MRT"), True)
    assert openers(re.compile(r"(?<!\S)a?[bc-e]\b")) == (frozenset("abcde"), False)
    for unknown in (r"(?i)memo", r"[^a]b", r"\w+", r"(x|)", r"x*", r"(?i:x)y", r".y"):
        assert openers(re.compile(unknown)) is None, unknown


def test_a_line_ruled_out_by_its_first_character_is_no_heading():
    """``head_match`` skips the repair of a line no heading can open with; it must answer
    as it does without that check, on every line of the seeds and their words' windows."""
    from encoder.parse import segment
    from encoder.vocab import vocab

    v = vocab()
    lines = [line for p in sorted(SEEDS.glob("*.txt"))
             for line in p.read_text(encoding="utf-8").splitlines()]
    texts = lines + [" ".join(line.split()[i : i + k]) for line in lines[:400]
                     for i in range(len(line.split())) for k in (1, 3, 6)]
    texts += ["MEMORANOUM OF CONVERSATI0N", "TELEPHONE CONVERSATION", "41. Telephone Call",
              "Conver sation Between", "ßmall", ""]
    gated = [segment.head_match(t, v) for t in texts]
    opens = segment._head_opens
    try:
        segment._head_opens = lambda v: None
        ungated = [segment.head_match(t, v) for t in texts]
    finally:
        segment._head_opens = opens
    assert [(g and (g[0].group(0), g[1], g[2])) for g in gated] == [
        (u and (u[0].group(0), u[1], u[2])) for u in ungated]
    assert sum(g is not None for g in gated) >= 10  # headings among them
