"""Snippet cases for the parser's modules: small source text -> expected TEI fragment.

``tests/parse_cases/<module>.txt`` holds the cases of ``encoder/parse/<module>.py`` in the
format of markdown-it-py's fixtures, one case after another::

    title of the case [@ xpath]
    .
    the source text, as a transcription would have it
    .
    the expected TEI fragment (its lines are joined without line ends)
    warning: 7: a warning the case must give (every warning is listed; none means none)
    .

Lines before the first case starting with ``#`` are comments. The source goes through the
whole pipeline (``parse`` then ``to_tei``), so a case tests real output. The fragment is the
elements after the ``head`` of the body's last division, or what ``@ xpath`` selects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import NS
from lxml import etree

from encoder.parse import decode_source, parse
from encoder.registry import Registry
from encoder.tei import to_tei

CASES = Path(__file__).resolve().parent / "parse_cases"
DEFAULT = "//t:body/t:div[last()]/t:head/following-sibling::*"


@dataclass
class Case:
    title: str
    xpath: str
    source: str
    fragment: str
    warnings: list[str]
    line: int  # where the case starts in its file

    def __str__(self) -> str:
        return self.title


def load(module: str) -> list[Case]:
    """The cases of ``parse_cases/<module>.txt``, in file order."""
    path = CASES / f"{module}.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    cases: list[Case] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip() or lines[i].startswith("#"):
            i += 1
            continue
        start = i
        title, _, xpath = lines[i].partition(" @ ")
        assert lines[i + 1] == ".", f"{path.name}:{i + 2}: expected '.' after the title"
        parts: list[list[str]] = [[], []]
        i += 2
        for part in parts:
            while lines[i] != ".":
                part.append(lines[i])
                i += 1
            i += 1
        out = [x for x in parts[1] if not x.startswith("warning: ")]
        warns = [x[len("warning: "):] for x in parts[1] if x.startswith("warning: ")]
        cases.append(Case(title.strip(), xpath.strip() or DEFAULT, "\n".join(parts[0]) + "\n",
                          "".join(x.strip() for x in out), warns, start + 1))
    return cases


_REGISTRY: list[Registry] = []


def compact(node: etree._Element) -> str:
    """An element as written (the tree is not yet indented), without namespace declarations;
    a line end inside prose is shown as ``\\n`` so that a fragment stays on its lines."""
    text = etree.tostring(node, encoding="unicode", with_tail=False)
    return re.sub(r' xmlns(:\w+)?="[^"]+"', "", text).replace("\n", "\\n")


def encode(case: Case) -> tuple[str, list[str]]:
    """The case's source encoded: the selected TEI as compact XML, and the warnings."""
    if not _REGISTRY:
        _REGISTRY.append(Registry.load())
    doc = parse(decode_source(case.source.encode("utf-8"), "case.txt"), _REGISTRY[0])
    found = to_tei(doc).xpath(case.xpath, namespaces=NS)
    xml = "".join(compact(x) if isinstance(x, etree._Element) else str(x) for x in found)
    warnings = [f"{w.line}: {w.message}" if w.line else w.message for w in doc.warnings]
    return xml, warnings


def check(case: Case) -> None:
    xml, warnings = encode(case)
    assert xml == case.fragment, f"{case.title} (line {case.line})"
    assert warnings == case.warnings, f"{case.title} (line {case.line})"


def cases_of(module: str):  # noqa: ANN201 - a pytest test function
    """The test of ``parse_cases/<module>.txt``: one parametrized case per snippet."""
    cases = load(module)

    @pytest.mark.parametrize("case", cases, ids=[c.title for c in cases])
    def test(case: Case) -> None:
        check(case)

    test.__name__ = f"test_{module}"
    return test
