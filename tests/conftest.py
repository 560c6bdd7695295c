"""Shared fixtures: the seed corpus encoded once per test session, through the real CLI."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from encoder.cli import main
from encoder.corpus import Outcome, encode_one
from encoder.validate import validate

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
TEI = "{http://www.tei-c.org/ns/1.0}"
NS = {"t": "http://www.tei-c.org/ns/1.0"}


@pytest.fixture(scope="session")
def encoded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``encode all`` run on the bundled seeds into a fresh folder; returns that folder."""
    out = tmp_path_factory.mktemp("edition")
    result = CliRunner().invoke(main, ["all", "--seeds", str(SEEDS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def sharded(encoded: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds' edition with its search index rebuilt in shards of at most two pages (three
    shards for the five pages), so that searches and filters cross shards."""
    from encoder.html import build_search_index

    edition = tmp_path_factory.mktemp("sharded") / "edition"
    shutil.copytree(encoded, edition)
    build_search_index(edition, shard_pages=2)
    return edition


@pytest.fixture(scope="session")
def unseen_outcomes() -> dict[str, Outcome]:
    """Every ``tests/fixtures/unseen/*.txt`` encoded and validated once, keyed by file stem
    (without SOURCE_DATE_EPOCH, so that the TEI is what the golden files hold)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        return {src.stem: encode_one(src, check=validate)
                for src in sorted((ROOT / "tests" / "fixtures" / "unseen").glob("*.txt"))}


@pytest.fixture(scope="session")
def docs(encoded: Path) -> dict[str, etree._ElementTree]:
    """Encoded TEI keyed by the seed file's number prefix ("000" … "004")."""
    out = {}
    for path in sorted((encoded / "tei").glob("*.xml")):
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
        source = tree.findtext(".//t:idno[@type='source-file']", namespaces=NS)
        out[source[:3]] = tree
    return out


def fragment(node: etree._Element) -> str:
    """An element as compact XML without namespace declarations, for exact comparisons.

    The writer indents element-only content with a newline and spaces; prose never contains a
    newline (source lines are joined with a space), so removing newline+indent undoes exactly
    the indentation.
    """
    text = etree.tostring(node, encoding="unicode", with_tail=False)
    return re.sub(r"\n *", "", re.sub(r' xmlns(:\w+)?="[^"]+"', "", text))


# elements whose edges separate words (pb does not: negoti<pb/>ations is one word; nor does
# the superscript of a footnote call: letter<anchor/><hi>4</hi> is the token letter4)
SEPARATING = {"lb", "fw", "stamp", "p", "sp", "speaker", "label", "item", "head", "trailer",
              "note", "gap", "desc", "dateline", "list", "opener", "div", "ab", "seg",
              "titlePart", "docImprint", "byline", "docAuthor", "front", "body", "back",
              "supplied", "stage", "del", "ref"}


def tei_tokens(text: etree._Element) -> list[str]:
    """The ``\\w+`` tokens of a TEI ``text`` element, reading element edges as a reader would."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if etree.QName(node).localname == "g":
            # a character XML cannot hold, named by its code point (U+0007): not a word
            parts.append(" ")
            return
        sep = etree.QName(node).localname in SEPARATING
        parts.append(" " if sep else "")
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")
        parts.append(" " if sep else "")

    walk(text)
    return re.findall(r"\w+", "".join(parts))


def xpath(tree: etree._ElementTree, expr: str) -> list:
    return tree.xpath(expr, namespaces=NS)


def content_models(rng: Path) -> dict[str, tuple[set[str], bool]]:
    """For each element a RELAX NG schema defines: the names of the elements it may hold as
    children, and whether it may hold text (all its definitions together; refs followed)."""
    ns = "{http://relaxng.org/ns/structure/1.0}"
    tree = etree.parse(str(rng), etree.XMLParser(resolve_entities=False, no_network=True))
    defines: dict[str, list[etree._Element]] = {}
    for d in tree.iter(ns + "define"):
        defines.setdefault(d.get("name"), []).append(d)

    def content(node: etree._Element, seen: frozenset[str]) -> tuple[set[str], bool]:
        names: set[str] = set()
        text = False
        for child in node.iterchildren(tag=etree.Element):
            local = etree.QName(child).localname
            if local == "element":
                names.add(child.get("name") or "*")
            elif local == "ref" and child.get("name") not in seen:
                for d in defines.get(child.get("name"), []):
                    more, more_text = content(d, seen | {child.get("name")})
                    names |= more
                    text |= more_text
            elif local in ("text", "mixed"):
                text = True
                names |= content(child, seen)[0]
            elif local not in ("attribute", "ref"):
                more, more_text = content(child, seen)
                names |= more
                text |= more_text
        return names, text

    out: dict[str, tuple[set[str], bool]] = {}
    for element in tree.iter(ns + "element"):
        name = element.get("name")
        if name:
            names, text = content(element, frozenset())
            before = out.get(name, (set(), False))
            out[name] = (names | before[0], text or before[1])
    return out


def tei_all_rng() -> Path | None:
    env = os.environ.get("TEI_ALL_RNG")
    candidates = [Path(env)] if env else []
    candidates.append(ROOT.parent / "shared" / "tei" / "tei_all.rng")
    return next((p for p in candidates if p.is_file()), None)


def _missing(msg: str) -> None:
    """Skip with the reason outside CI; under CI=true a missing tool is a failure."""
    if os.environ.get("CI") == "true":
        pytest.fail(msg)
    pytest.skip(msg)


def require_tei_all() -> Path:
    """The official schema, or a skip with the reason — but a failure under CI=true."""
    rng = tei_all_rng()
    if rng is None:
        _missing("tei_all.rng not found (set TEI_ALL_RNG or put it at ../shared/tei/tei_all.rng)")
    assert rng is not None
    return rng


def require_jing() -> str:
    jing = shutil.which("jing")
    if jing is None:
        _missing("jing is not installed (apt-get install jing)")
    assert jing is not None
    return jing


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/ from the current encoder instead of comparing")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True under ``pytest --update-golden`` (or UPDATE_GOLDEN=1): golden files are rewritten."""
    return bool(request.config.getoption("--update-golden") or os.environ.get("UPDATE_GOLDEN"))


@pytest.fixture(scope="session")
def published(encoded: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed edition as ``encode all`` publishes it (TEI, pages, search index), copied so
    that tests which deposit or serve it cannot disturb the others."""
    out = tmp_path_factory.mktemp("published") / "edition"
    shutil.copytree(encoded, out)
    return out
