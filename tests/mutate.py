"""Mutations of real transcriptions, and the check every mutated document must pass (issue 12).

Shared by the property test (``tests/test_properties.py``, a few hundred cases in the suite)
and the longer fuzz run (``tests/fuzz.py``, thousands of cases outside it). A mutation is what
typing, OCR and copying do to a transcription: lines deleted, duplicated, swapped, joined, split
mid-word, the whole text flattened to one line, its colons or parentheses lost, truncated, and
markings, banners, labels, page markers, strikes, control characters and XML specials
inserted anywhere.

``check`` encodes the bytes and answers with the failure, or None: the encoder must either
refuse the file with one clean located line (binary input), or write TEI that is valid against
the project's RELAX NG and Schematron and holds the source's words in order (token fidelity,
with the tokens README "Encoding decisions" says markup replaces taken out).
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from copy import deepcopy
from dataclasses import dataclass

from conftest import tei_tokens
from lxml import etree

from encoder.errors import EncodeError
from encoder.parse import decode_source, parse
from encoder.tei import serialize, to_tei
from encoder.validate import validate

# what gets inserted: markings, banners, labels, page markers, strikes, control characters and
# characters XML escapes
INSERTS = [
    "(S)", "(C)", "(TS//NF)", "-(C)-", "~~(S)~~", "~~", "~~CONFIDENTIAL~~\n", "\nSECRET\n",
    "C0NFIDENTIAL\n", "\nTOP SECRET//NOFORN\n", "The President: ", "R: ", "\nKohl: ",
    "\nTHE PRESIDENT:\n", "[Page 7]", "\n[Page 12]\n", "[", "]", "(", ")", ":", "**",
    "[x](y)", "[click](javascript:alert(4))", "[site](https://example.org/a)",
    "E.O. 13526, section 1.4(b)(d)", "\nDECLASSIFIED\nE.O. 13526\nBy NARA Date 5/1/2019\n",
    "\nClassified by: John Doe\nReason: 1.5(d)\nDeclassify on: 12/31/2010\n",
    "\nSUBJECT: ", "\nPARTICIPANTS: ", "\nMEMORANDUM OF CONVERSATION\n", "\nEND OF CONVERSATION\n",
    "[Yeltsin interrupts]", "[inaudible]", "(sic)", "\x07", "\x0b", "\x1b", "\ufffe", "\uffff",
    "<", ">", "&", "&amp;", "]]>", "<?xml?>", "<!DOCTYPE x>", '"', "'", "\u02bc", "…", "\t",
]


def _lines(text: str) -> list[str]:
    return text.split("\n")


def delete_line(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    del lines[rng.randrange(len(lines))]
    return "\n".join(lines)


def duplicate_line(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])
    return "\n".join(lines)


def swap_lines(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def join_lines(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    if len(lines) < 2:
        return text
    i = rng.randrange(len(lines) - 1)
    lines[i : i + 2] = [lines[i] + rng.choice(["", " "]) + lines[i + 1]]
    return "\n".join(lines)


def split_mid_word(text: str, rng: random.Random) -> str:
    words = [h.start() + 1 for h in re.finditer(r"\w\w", text)]
    if not words:
        return text
    at = rng.choice(words)
    return text[:at] + "\n" + text[at:]


def flatten(text: str, rng: random.Random) -> str:
    return re.sub(r"\s*\n\s*", " ", text)


def ocr_loses(text: str, rng: random.Random) -> str:
    """What an archive PDF's OCR layer loses: every colon (after labels and field names), or
    every parenthesis (of the portion markings)."""
    return re.sub(rng.choice([":", "[()]"]), "", text)


def truncate(text: str, rng: random.Random) -> str:
    return text[: rng.randrange(1, len(text) + 1)]


def insert(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + rng.choice(INSERTS) + text[at:]


# insertions weigh most: they are the many kinds of artefact; flattening and OCR's losses are
# rare (they are drastic)
OPERATORS = [
    (delete_line, 3), (duplicate_line, 2), (swap_lines, 2), (join_lines, 3),
    (split_mid_word, 3), (flatten, 1), (ocr_loses, 1), (truncate, 2), (insert, 10),
]
NAMES = [op.__name__ for op, _ in OPERATORS]


def mutate(text: str, rng: random.Random, n: int) -> tuple[str, list[str]]:
    """``text`` with ``n`` mutations applied; and their names, for the record."""
    ops, weights = zip(*OPERATORS, strict=True)
    done = []
    for op in rng.choices(ops, weights, k=n):
        text = op(text, rng) if text else text
        done.append(op.__name__)
    return text, done


# --- the check --------------------------------------------------------------------------------

PAGE = re.compile(r"\[Page\s+\d+\]")
# the percent-encoded UTF-8 of the characters XML cannot hold: C0 controls (not tab, line
# feed, carriage return), U+FFFE and U+FFFF, lone surrogates (encoded with surrogatepass)
ILLEGAL_ENCODED = re.compile(
    r"%(?:0[1-8BCEF]|1[0-9A-F])|%EF%BF%B[EF]|%ED%[AB][0-9A-F]%[89AB][0-9A-F]")
TEI = "{http://www.tei-c.org/ns/1.0}"


def _without_pages(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for tok in tokens:
        if out and out[-1] == "Page" and tok.isdigit():
            out.pop()
            continue
        out.append(tok)
    return out


def _subsequence(part: list[str], whole: list[str]) -> bool:
    it = iter(whole)
    return all(tok in it for tok in part)


def _without_markers(text_el: etree._Element) -> etree._Element:
    """A copy of ``text_el`` with the page markers ``[Page N]`` its text keeps taken out."""
    copy = deepcopy(text_el)
    for node in copy.iter():
        node.text = PAGE.sub("", node.text) if node.text else node.text
        node.tail = PAGE.sub("", node.tail) if node.tail else node.tail
    return copy


def _parts(text_el: etree._Element) -> tuple[list[str], list[str], list[str]]:
    """The tokens of the whole text, of all but its back matter, and of the back matter."""
    back_el = text_el.find(TEI + "back")
    if back_el is None:
        tokens = tei_tokens(text_el)
        return tokens, tokens, []
    front = deepcopy(text_el)
    front.remove(front.find(TEI + "back"))
    return tei_tokens(text_el), tei_tokens(front), tei_tokens(back_el)


def fidelity(text: str, data: bytes) -> str | None:
    """None when the TEI's words are the source's; else a short description of the difference.

    Markup that replaces tokens (README "Encoding decisions"): a recognised page marker
    ``[Page N]`` becomes ``pb/@n``; a link's http(s)/mailto target goes to ``ref/@target``
    (read back here as text at the end of the link); a
    character XML cannot hold is ``g`` naming its code point (its tokens are the name's)."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    text_el = root.find(TEI + "text")
    for ref in text_el.iter(TEI + "ref"):
        # the link's target went to @target: read it back where the source has it
        target = ref.get("target")
        if target:
            # a character XML cannot hold is percent-encoded in the attribute (README), as
            # its UTF-8 bytes; like the character itself it is no word, so it separates its
            # neighbours' tokens
            target = ILLEGAL_ENCODED.sub(" ", target)
            last = next(ref.iterchildren(reversed=True), None)
            if last is not None:
                last.tail = (last.tail or "") + f" {target}"
            else:
                ref.text = (ref.text or "") + f" {target}"
    # two readings of page markers: the recognised ones ([Page N]) are pb and lose their
    # tokens, the others stay text (so the markers are read out of the TEI's text as out of
    # the source: a damaged source can have one recognised and its copy not); or, wherever
    # "Page N" is, on either side, it is ignored
    readings = [(_parts(_without_markers(text_el)), lambda t: t,
                 re.findall(r"\w+", PAGE.sub("", text))),
                (_parts(text_el), _without_pages, _without_pages(re.findall(r"\w+", text)))]
    for (got, body, back), norm, src in readings:
        tei = norm(got)
        if tei == src:
            return None
        # markup glued inside a word (``negoti[Page 7]ations``, ``f**ind**``) leaves no word
        # boundary in the TEI where the source's tokenizer saw one: the characters of the
        # words must still all be there, in order
        if "".join(tei) == "".join(src):
            return None
        # README "After the trailer": text there that is not page furniture moves to the back
        # matter (stray text, the archive's footer) while banners stay in the division; so
        # the words are the same, and the body's and the back's are each in source order
        if back and Counter(tei) == Counter(src) and _subsequence(norm(body), src) and \
                _subsequence(norm(back), src):
            return None
    got = readings[0][0][0]
    src = readings[0][2]
    for i, (a, b) in enumerate(zip(src, got, strict=False)):
        if a != b:
            return f"token {i}: source {src[i:i + 5]} TEI {got[i:i + 5]}"
    return f"source has {len(src)} tokens, TEI {len(got)}"


@dataclass
class Result:
    kind: str  # "ok", "refused" (a clean located error), "internal", "invalid", "fidelity"
    detail: str = ""
    seconds: float = 0.0
    data: bytes | None = None


def check(raw: bytes, name: str = "fuzz.txt") -> Result:
    start = time.perf_counter()
    try:
        source = decode_source(raw, name)
    except EncodeError as exc:
        msg = str(exc)
        ok = msg.startswith(name) and "\n" not in msg
        return Result("refused" if ok else "internal", msg, time.perf_counter() - start)
    try:
        data = serialize(to_tei(parse(source)))
    except EncodeError as exc:
        return Result("internal", f"EncodeError after decoding: {exc}",
                      time.perf_counter() - start)
    except Exception as exc:  # noqa: BLE001 - the failure the fuzzer looks for
        return Result("internal", f"{type(exc).__name__}: {exc}", time.perf_counter() - start)
    errors = [e for e in validate(data, "fuzz.xml") if e.severity == "error"]
    seconds = time.perf_counter() - start
    if errors:
        return Result("invalid", "; ".join(f"{e.message} [{e.rule}]" for e in errors[:3]),
                      seconds, data)
    lost = fidelity(source.text, data)
    if lost:
        return Result("fidelity", lost, seconds, data)
    return Result("ok", "", seconds, data)
