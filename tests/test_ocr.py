"""Issue 11 part A: raw OCR text layers of archive PDFs (tests/fixtures/unseen 20-24, and every
memorandum seed flattened to one line at test time).

A seed flattened (newlines collapsed to spaces, optionally colons and parentheses stripped) is
what a PDF's OCR layer gives for it; where the evidence survives, the encoder must find the
same speeches, fields and dates as in the laid-out seed, keep every token, and write valid TEI.
"""

from __future__ import annotations

import re
import subprocess

import pytest
from conftest import NS, ROOT, SEEDS, require_jing, require_tei_all, tei_tokens
from conftest import fragment as _fragment
from lxml import etree

from encoder.parse import decode_source, parse
from encoder.registry import Registry
from encoder.tei import serialize, to_tei
from encoder.validate import validate

UNSEEN = ROOT / "tests" / "fixtures" / "unseen"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
MEMO_SEEDS = ["000", "001", "003", "004"]
_REG: list[Registry] = []


def flatten(text: str, strip: str = "") -> str:
    """A transcription as a PDF's OCR layer has it: one line; ``strip`` lists characters the
    OCR lost (``:`` after labels, the parentheses of ``(U)``)."""
    flat = re.sub(r"\s+", " ", text).strip()
    for ch in strip:
        flat = flat.replace(ch, "")
    return flat + "\n"


def encode(text: str, name: str = "ocr.txt") -> tuple[etree._ElementTree, list[str], object]:
    if not _REG:
        _REG.append(Registry.load())
    doc = parse(decode_source(text.encode("utf-8"), name), _REG[0])
    data = serialize(to_tei(doc))
    tree = etree.ElementTree(etree.fromstring(data, etree.XMLParser(resolve_entities=False,
                                                                    no_network=True)))
    assert validate(data, name) == [], name
    return tree, [f"{w.line}: {w.message}" for w in doc.warnings], doc


def xp(tree: etree._ElementTree, expr: str) -> list:
    return tree.xpath(expr, namespaces=NS)


def fragment(node) -> str:
    return re.sub(r">\n\s*<", "><", _fragment(node))


def seed_text(key: str) -> str:
    return next(SEEDS.glob(f"{key}_*.txt")).read_text(encoding="utf-8")


def fidelity(tree: etree._ElementTree, source: str) -> float:
    """Share of the source's ``\\w+`` tokens the TEI keeps, in order (1.0: all of them)."""
    import difflib

    got = tei_tokens(xp(tree, "//t:text")[0])
    # a link's target is markup only where it becomes ref/@target (http(s): or mailto:);
    # any other target is text of the source (README: "Tolerated typing slips")
    want = re.findall(r"\w+", re.sub(r"\]\((?:https?://|mailto:)[^)\s]*\)", "]", source))
    return difflib.SequenceMatcher(None, want, got, autojunk=False).ratio()


@pytest.fixture(scope="module")
def seeds_both() -> dict[str, tuple]:
    """Each memorandum seed encoded as laid out and flattened to one line."""
    return {key: (encode(seed_text(key)), encode(flatten(seed_text(key))))
            for key in MEMO_SEEDS}


@pytest.fixture(scope="module")
def fixtures() -> dict[str, tuple]:
    return {src.name[:2]: (*encode(src.read_text(encoding="utf-8"), src.name), src)
            for src in sorted(UNSEEN.glob("2[0-9]_*.txt"))}


# --- one line: the same document --------------------------------------------------------------


@pytest.mark.parametrize("key", MEMO_SEEDS)
def test_flattened_seed_keeps_every_speech_and_its_speaker(seeds_both, key):
    (laid, _, _), (flat, _, _) = seeds_both[key]
    who = "//t:sp/@who"
    assert len(xp(flat, "//t:sp")) == len(xp(laid, "//t:sp")) > 0
    assert xp(flat, who) == xp(laid, who)
    assert [s.text for s in xp(flat, "//t:sp/t:speaker")] == [
        s.text for s in xp(laid, "//t:sp/t:speaker")]


@pytest.mark.parametrize("key", MEMO_SEEDS)
def test_flattened_seed_keeps_fields_dates_and_divisions(seeds_both, key):
    (laid, _, ldoc), (flat, _, fdoc) = seeds_both[key]
    assert [lab.text for lab in xp(flat, "//t:list[@type='memo-fields']/t:label")] == [
        lab.text for lab in xp(laid, "//t:list[@type='memo-fields']/t:label")]
    assert (fdoc.meta.kind, fdoc.meta.start, fdoc.meta.end, fdoc.meta.date) == (
        ldoc.meta.kind, ldoc.meta.start, ldoc.meta.end, ldoc.meta.date)
    assert [(d.get("type"), d.get("subtype")) for d in xp(flat, "//t:body/t:div")] == [
        (d.get("type"), d.get("subtype")) for d in xp(laid, "//t:body/t:div")]


@pytest.mark.parametrize("key", MEMO_SEEDS)
def test_flattened_seed_keeps_banners_stamps_authority_and_markings(seeds_both, key):
    (laid, _, _), (flat, _, _) = seeds_both[key]
    def found(tree: etree._ElementTree, expr: str) -> list[tuple[str, str | None, str]]:
        """Each node's kind, level and words (line ends are lost in one line)."""
        return [(x.get("type"), x.get("ana"), " ".join(x.xpath("string()").split()))
                for x in xp(tree, expr)]

    for expr in ("//t:fw[@type='classification']", "//t:stamp",
                 "//t:fw[@type='classification-authority']",
                 "//t:seg[@type='portion-marking']", "//t:trailer"):
        assert found(flat, expr) == found(laid, expr), expr


@pytest.mark.parametrize("strip", ["", ":", ":()"])
@pytest.mark.parametrize("key", MEMO_SEEDS)
def test_flattened_seed_keeps_every_token_and_is_never_an_article(key, strip):
    text = flatten(seed_text(key), strip)
    tree, _, doc = encode(text)
    assert doc.meta.kind in ("telcon", "memcon")
    assert fidelity(tree, text) == 1.0


@pytest.mark.parametrize("key", MEMO_SEEDS)
def test_flattened_without_colons_still_has_fields_and_date(seeds_both, key):
    """Labels whose colon the OCR lost are set on a line of their own and read as labels; the
    date and time survive the loss of the colons in the times (``1113 - 1129 a.m.``)."""
    (laid, _, ldoc), _ = seeds_both[key]
    tree, _, doc = encode(flatten(seed_text(key), ":()"))
    assert [lab.text for lab in xp(tree, "//t:list[@type='memo-fields']/t:label")] == [
        lab.text.rstrip(":") for lab in xp(laid, "//t:list[@type='memo-fields']/t:label")]
    assert (doc.meta.start, doc.meta.end, doc.meta.date) == (
        ldoc.meta.start, ldoc.meta.end, ldoc.meta.date)


def test_flattened_seeds_valid_against_tei_all(tmp_path):
    rng = require_tei_all()
    jing = require_jing()
    files = []
    for key in MEMO_SEEDS:
        for strip in ("", ":()"):
            tree, _, _ = encode(flatten(seed_text(key), strip))
            path = tmp_path / f"{key}{'-stripped' if strip else ''}.xml"
            path.write_bytes(serialize(tree))
            files.append(str(path))
    run = subprocess.run([jing, str(rng), *files], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout


# --- the fixtures -------------------------------------------------------------------------------


def test_one_line_ocr_reflowed_into_furniture_fields_and_speeches(fixtures):
    t, warns, _, _ = fixtures["20"]
    assert fragment(xp(t, "//t:opener")[0]) == (
        '<opener><fw type="classification" place="top" ana="#S">SEGRET</fw>'
        '<fw type="letterhead" place="top">TH E WHITE HOU SE WASHINGTON</fw>'
        '<stamp type="declassification" when="2021-06-12">DECLASSIFIED PER E.O. 13526 '
        '2019-0417-M (1.4) <date when="2021-06-12">6/12/2021</date> JLR</stamp></opener>')
    assert xp(t, "//t:head/text()") == ["MEMORANDUH OF TELEPHONE CONVERSATI0N"]
    assert [lab.text for lab in xp(t, "//t:list[@type='memo-fields']/t:label")] == [
        "SUBJECT:", "PARTICIPANTS:", "Notetakers:", "DATE, TIME AND PLACE:"]
    assert [s.text for s in xp(t, "//t:sp/t:speaker")] == [
        "The President:", "Chancellor Kohl:"] * 3
    assert xp(t, "//t:sp/@who") == ["#clinton", "#kohl"] * 3
    assert "1: banner 'SEGRET' read as SECRET (OCR damage; kept as written)" in warns


def test_portion_marking_without_parentheses_before_the_next_label(fixtures):
    t, warns, _, _ = fixtures["20"]
    assert fragment(xp(t, "//t:sp[2]/t:p")[0]).endswith(
        'dinner. <seg type="portion-marking" ana="#U">U</seg></p>')
    assert "1: portion marking without its parentheses 'U' read as (U)" in warns


def test_page_foot_inside_one_line_joins_the_paragraph_with_a_page_break(fixtures):
    t, _, _, _ = fixtures["20"]
    p = fragment(xp(t, "//t:sp[5]/t:p")[0])
    assert ('the exercises that <fw type="classification" place="bottom" ana="#C">'
            '-C0NFIDENTlAL-</fw>') in p
    assert ('<pb n="2"/><fw type="pageNum" place="top">2</fw> follow it next year. '
            '<seg type="portion-marking" ana="#C">(C)</seg></p>') in p


def test_ocr_dates_in_fields(fixtures):
    t, _, _, _ = fixtures["20"]
    assert fragment(xp(t, "//t:list[@type='memo-fields']/t:item/t:date")[0]) == (
        '<date from="1994-06-01T08:05:00-04:00" to="1994-06-01T08:21:00-04:00">'
        'June l, 1994, 8:05 - 8:21 a.m. EDT</date>')
    m, _, _, _ = fixtures["22"]
    assert fragment(xp(m, "//t:list[@type='memo-fields']/t:item/t:date")[0]) == (
        '<date when="1994-04-02T14:30:00-05:00">April 2 1994, 2 30 p m</date>')


def test_numbered_heading_without_of_and_washington_dateline_in_july(fixtures):
    t, _, _, _ = fixtures["21"]
    div = xp(t, "//t:body/t:div")[0]
    assert (div.get("subtype"), div.get("n")) == ("telcon", "41")
    assert fragment(xp(t, "//t:opener/t:dateline")[0]) == (
        '<dateline><placeName>Washington</placeName>, <date when="1990-07-12T09:15:00-04:00">'
        'July 12, 1990, 9 15 a m</date></dateline>')
    assert xp(t, "//t:setting/t:date/@when") == ["1990-07-12T09:15:00-04:00"]


def test_junk_before_the_heading_kept_as_unrecognised(fixtures):
    t, warns, _, _ = fixtures["21"]
    assert fragment(xp(t, "//t:opener")[0]) == (
        '<opener><seg type="unrecognised">·\' .</seg></opener>')


def test_damaged_memcon_heading_is_a_memcon(fixtures):
    t, warns, _, _ = fixtures["22"]
    assert xp(t, "//t:body/t:div/@subtype") == ["memcon"]
    assert "6: heading 'MEMORANOUM OF CONVERSATION' read as 'MEMORANDUM OF CONVERSATION' (OCR " \
        "damage; kept as written)" in warns
    assert fragment(xp(t, "//t:opener/t:fw")[0]) == (
        '<fw type="classification" place="top" ana="#S">SECRE T</fw>')


def test_stamp_junk_is_a_stray_block_between_speeches(fixtures):
    t, warns, _, _ = fixtures["22"]
    stray = xp(t, "//t:ab[@type='stray']")[0]
    assert stray.text == "~ ' , ; : ~ . '' ,,"
    assert etree.QName(stray.getnext()).localname == "sp"
    assert len(xp(t, "//t:sp")) == 4


def test_text_without_evidence_is_neither_memorandum_nor_article(fixtures):
    t, warns, doc, _ = fixtures["23"]
    assert xp(t, "//t:body/t:div/@type") == ["document"]
    assert xp(t, "//t:availability") == []
    assert xp(t, "//t:language/@ident") == ["en"]
    assert xp(t, "//t:title[@type='sub']/text()") == ["Document of undetermined kind, undated"]
    assert any("document of undetermined kind" in w for w in warns)


def test_transmittal_and_memorandum_in_one_ocr_line(fixtures):
    t, _, _, _ = fixtures["24"]
    divs = xp(t, "//t:body/t:div")
    assert [(d.get("type"), d.get("subtype")) for d in divs] == [
        ("transmittal", None), ("memorandum", "telcon")]
    for d in divs:  # each division has its own classification block
        assert len(d.xpath("t:fw[@type='classification-authority']", namespaces=NS)) == 1
    assert xp(divs[0], "t:list/t:label/text()") == ["MEMORANDUM FOR", "FROM:", "SUBJECT:"]
    assert xp(divs[1], "t:sp/@who") == ["#clinton", "#hashimoto"] * 2


def test_page_fragments_with_missing_pages_get_a_gap_and_are_not_joined(fixtures):
    t, warns, _, _ = fixtures["25"]
    major = fragment(xp(t, "//t:sp[2]")[0])
    assert ('can live with most of</p><fw type="classification" place="bottom" ana="#C">'
            'CONFIDENTIAL</fw><gap reason="missing" unit="page" quantity="1"/><pb n="4"/>'
            '<fw type="classification" place="top" ana="#C">CONFIDENTIAL</fw>'
            '<fw type="pageNum" place="top">4</fw><p>and that is where we stand.') in major
    assert "30: page numbers jump from 2 to 4: 1 page(s) missing between the fragments" in warns
    # consecutive pages still join one paragraph across the page's furniture
    assert '<pb n="2"/>' in fragment(xp(t, "//t:sp[1]/t:p")[0])


@pytest.mark.parametrize("key", ["20", "21", "22", "23", "24", "25"])
def test_ocr_fixture_token_fidelity(fixtures, key):
    t, _, _, src = fixtures[key]
    assert fidelity(t, src.read_text(encoding="utf-8")) == 1.0


def test_ocr_fixtures_valid_against_tei_all(fixtures, tmp_path):
    rng = require_tei_all()
    jing = require_jing()
    files = []
    for key, (t, _, _, _) in fixtures.items():
        path = tmp_path / f"{key}.xml"
        path.write_bytes(serialize(t))
        files.append(str(path))
    run = subprocess.run([jing, str(rng), *files], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout


def test_every_speaker_is_a_person_of_the_document(fixtures, seeds_both):
    trees = [f[0] for f in fixtures.values()] + [b[1][0] for b in seeds_both.values()]
    for t in trees:
        people = set(xp(t, "//t:person/@xml:id"))
        assert {w.lstrip("#") for w in xp(t, "//t:sp/@who")} <= people


def test_a_lone_label_inside_a_laid_out_line_is_still_not_split():
    """Issue 5's rule stands for a laid-out transcription: one label inside a line is two
    turns run together (fixture 12), not a document to re-flow."""
    src = (UNSEEN / "12_ocr-run-together.txt").read_text(encoding="utf-8")
    t, warns, _ = encode(src)
    assert len(xp(t, "//t:sp")) == 5




def fixture_text(src) -> str:
    raw = src.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    return text.replace("\r\n", "\n")


# the fixtures whose every speech survives flattening: their labels carry colons and follow a
# sentence's end, a bracket, a marking or an exemption citation, also when the OCR damaged
# them (turns.py): 02 ``[Page 41]Rusk:`` glued, 10 ``The Pres.ident:`` after ``l.4(b)(d``, 11
# ``The President;``, 12 ``Th e President:``. 03, 41 and 46: their participant lists run onto
# one line split into persons at the registry's names and titles (people.name_cuts)
SAME_SPEECHES = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13",
                 "14", "15", "16", "20", "21", "22", "23", "24", "25", "40", "41", "42", "43",
                 "44", "45", "46", "47", "50"]


# printed editions (issue 11 part B) flattened to one line, all re-flowed now (numbered heading to
# its dateline, bullets, source notes). Strict: a fixture that cannot yet be re-flowed goes here.
# 27: a two-column header (labels, then more value lines than labels) flattened: the values
# run into one line after the last label, and no label claims the date inside it.
FLAT_NOT_YET: set[str] = {"27"}


@pytest.mark.parametrize("src", [
    pytest.param(p, marks=pytest.mark.xfail(strict=True, reason="see FLAT_NOT_YET"))
    if p.name[:2] in FLAT_NOT_YET else p for p in sorted(UNSEEN.glob("*.txt"))
], ids=lambda p: p.name[:2])
def test_every_fixture_flattened_to_one_line_is_encoded(src):
    """Any layout flattened to one line: valid TEI (``encode`` checks), the same kind and header
    date, at least 99 % of the tokens in order (printed page markers become ``pb``), and every
    speaker a person of the document."""
    text = fixture_text(src)
    laid, _, ldoc = encode(text, src.name)
    flat_text = flatten(text)
    flat, _, fdoc = encode(flat_text, src.name)
    assert (fdoc.meta.kind, fdoc.meta.date, fdoc.meta.start, fdoc.meta.end) == (
        ldoc.meta.kind, ldoc.meta.date, ldoc.meta.start, ldoc.meta.end)
    assert fidelity(flat, re.sub(r"\[Page \d+\]", "", flat_text)) >= 0.99
    people = set(xp(flat, "//t:person/@xml:id"))
    assert {w.lstrip("#") for w in xp(flat, "//t:sp/@who")} <= people
    if src.name[:2] in SAME_SPEECHES:
        assert xp(flat, "//t:sp/@who") == xp(laid, "//t:sp/@who")


@pytest.mark.parametrize("src", sorted(UNSEEN.glob("*.txt")), ids=lambda p: p.name[:2])
def test_flattened_fixture_keeps_each_persons_roles(src):
    """A role written after a name (``Sukhodrev, Interpreter``) is that person's, also when the
    participants run onto one line (fixture 46: not every participant is an interpreter)."""
    text = fixture_text(src)
    laid, _, _ = encode(text, src.name)
    flat, _, _ = encode(flatten(text), src.name)
    def roles(tree: etree._ElementTree) -> dict[str, str]:
        return {p.get(XML_ID): p.get("role") for p in xp(tree, "//t:listPerson/t:person")}
    # (a two-column header flattened, fixture 27, may still lose a person: not a role)
    both = roles(flat).keys() & roles(laid).keys()
    assert {k: roles(flat)[k] for k in both} == {k: roles(laid)[k] for k in both}


def _aligned(laid: list[str], flat: list[str]) -> int:
    """How many of ``flat``'s speakers match ``laid``'s in order (longest common
    subsequence)."""
    row = [0] * (len(flat) + 1)
    for a in laid:
        prev, row = row, [0]
        for j, b in enumerate(flat):
            row.append(prev[j] + 1 if a == b else max(prev[j + 1], row[j]))
    return row[-1]


def test_flattened_without_colons_finds_speeches_and_never_a_wrong_speaker():
    """Colons stripped from every fixture and memorandum seed flattened to one line: the turns
    are found where a participant's form opens them (turns.bare_labels), and every speech
    found is one of the laid-out document's, with its speaker. Measured: 262 of 290 (fixture
    51, written later, gives none of its 3)."""
    laid_total = found_total = 0
    sources = [fixture_text(p) for p in sorted(UNSEEN.glob("*.txt"))
               if p.name[:2] not in FLAT_OTHER_IDS] + [seed_text(k) for k in MEMO_SEEDS]
    for text in sources:
        laid, _, _ = encode(text)
        flat, _, _ = encode(flatten(text, ":"))
        want, got = xp(laid, "//t:sp/@who"), xp(flat, "//t:sp/@who")
        assert _aligned(want, got) == len(got), text[:60]
        laid_total += len(want)
        found_total += len(got)
    assert laid_total == 290 and found_total >= 262


# 52: flattened, the heading's last party runs into the dateline's place (``… and G. Bush
# Malta, December 2, 1989``); the re-flow, which has no registry, cannot tell the name from
# the place, so the flattened text's Bush is a local person of its own (the same in every
# speech): the speeches are found, under another id than the laid-out document's.
FLAT_OTHER_IDS = {"52"}
