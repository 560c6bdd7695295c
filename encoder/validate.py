"""Validate TEI files: the project's RELAX NG and Schematron, and conformance to tei_all.

The edition has to prove its own correctness offline, in CI and in an editor's terminal, with
messages an editor can act on: every problem is a :class:`Message` that names the file, the
line and column, the severity, what to fix and the id of the rule that found it
(``file:line:col: error|warning: message [rule-id]``), the format compilers use, so that
editors and CI log viewers link it to the place in the file.

Three checks, in this order of strictness:

* ``schema/memcon.rng`` -- the project's own RELAX NG, a strict subset of TEI P5 that accepts
  exactly what the encoder emits (closed lists of ``@type``, ``@reason`` ... values). Rule id
  ``rng``.
* ``schema/memcon.sch`` -- ISO Schematron for what a grammar cannot say (pointers resolve,
  dates are real dates in order, the overall classification covers every portion marking ...).
  Each assert carries its rule id as ``@id``; ``@role="warning"`` marks facts that an editor
  must look at but that are not errors (a source that contradicts itself is kept as written).
* ``tei_all`` -- the official TEI P5 schema, for conformance (:func:`check_tei_all`).

All XML in the project is read through :func:`encoder.safexml.parse_xml`, the one parser
configured against entity expansion, DTD loading and network access (re-exported here, where
the tests and older callers look for it).
"""

from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

from lxml import etree

from . import schematron
from .files import read_regular
from .jing import jing_command, run_jing
from .safexml import MAX_XML_BYTES, parse_xml

__all__ = [
    "Message",
    "check_tei_all",
    "find_tei_all",
    "parse_xml",
    "project_schema",
    "validate_file",
    "validate_tree",
]

Severity = Literal["error", "warning"]

SVRL_NS = schematron.SVRL_NS
#: Schematron roles that make a finding a warning; any other role (or none) is an error.
WARNING_ROLES = frozenset({"warning", "warn", "info", "information"})
#: Rule ids of findings that are not Schematron or RNG rules.
RULE_WELL_FORMED = "well-formed"
RULE_RNG = "rng"
RULE_TEI_ALL = "tei-all"
RULE_DOCTYPE = "no-doctype"


@dataclass(frozen=True)
class Message:
    """One finding, located in a file.

    ``line`` and ``col`` are 1-based; 0 means unknown (lxml records the line of an element but
    not its column, so Schematron and lxml RelaxNG findings often have column 0 unless the
    source text was available to look it up). ``rule`` is the id of the rule that found it:
    a Schematron assert id, ``rng``, ``tei-all`` or ``well-formed``.
    """

    file: str
    line: int
    col: int
    severity: Severity
    message: str
    rule: str

    def __str__(self) -> str:
        """The compiler-style one-line form that editors and CI log viewers link to the file."""
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message} [{self.rule}]"

    def as_dict(self) -> dict[str, object]:
        """Plain data for ``--format json``; keys are the field names."""
        return asdict(self)


# --- the project's schemas ----------------------------------------------------------------


def project_schema(name: str) -> Path:
    """Path of a file in the project's ``schema/`` directory (installed as ``encoder.schema``)."""
    return Path(str(resources.files("encoder.schema").joinpath(name)))


@cache
def _project_rng() -> etree.RelaxNG:
    """The project RNG, compiled once per process: `encode all` validates every document."""
    return etree.RelaxNG(parse_xml(project_schema("memcon.rng")))


@cache
def _project_schematron() -> etree.XSLT:
    """The project Schematron as its validating XSLT (:mod:`encoder.schematron`), compiled
    once per process: `encode all` validates every document."""
    return schematron.validator(project_schema("memcon.sch"))


def _column(lines: list[bytes] | None, line: int, tag: str | None) -> int:
    """Column (1-based) of the start tag ``<tag`` on ``line`` of the source, 0 if unknown."""
    if not lines or not tag or not 1 <= line <= len(lines):
        return 0
    m = re.search(rb"<(?:[\w.-]+:)?" + re.escape(tag.encode()) + rb"[\s/>]", lines[line - 1])
    if m is None:
        return 0
    # Columns count characters, not bytes.
    return len(lines[line - 1][: m.start()].decode("utf-8", "replace")) + 1


def _local(tag: object) -> str | None:
    return etree.QName(tag).localname if isinstance(tag, str) else None


def _rng_messages(
    rng: etree.RelaxNG, tree: etree._ElementTree, filename: str, lines: list[bytes] | None
) -> list[Message]:
    if rng.validate(tree):
        return []
    out = []
    for err in rng.error_log:
        col = err.column or 0
        if not col:
            # libxml2 names the element at fault: "Expecting element a, got b" means b.
            m = re.search(r"got ([\w.:-]+)|[Ee]lement ([\w.:-]+)", err.message)
            tag = (m.group(1) or m.group(2)).split(":")[-1] if m else None
            col = _column(lines, err.line, tag)
        out.append(Message(filename, err.line, col, "error", err.message, RULE_RNG))
    return out


def _svrl_messages(
    report: etree._ElementTree, tree: etree._ElementTree, filename: str, lines: list[bytes] | None,
    warnings: bool = True,
) -> list[Message]:
    out = []
    findings = report.xpath(
        "//svrl:failed-assert | //svrl:successful-report", namespaces={"svrl": SVRL_NS}
    )
    for item in findings:
        if not warnings and item.get("role") in WARNING_ROLES:
            continue  # each is located by an XPath over the whole tree: a big file has many
        node = None
        try:
            hits = tree.xpath(item.get("location", ""))
        except etree.XPathError:
            hits = []
        if isinstance(hits, list) and hits:
            node = hits[0]
            if not isinstance(node, etree._Element):  # an attribute: report at its element
                node = node.getparent()
        line = node.sourceline if node is not None and node.sourceline else 0
        col = _column(lines, line, _local(node.tag)) if node is not None else 0
        text = " ".join("".join(item.itertext()).split())
        severity: Severity = "warning" if item.get("role") in WARNING_ROLES else "error"
        rule = item.get("id") or "schematron"
        out.append(Message(filename, line, col, severity, text, rule))
    return out


def validate_tree(
    tree: etree._ElementTree, filename: str, *, source: bytes | None = None,
    warnings: bool = True,
) -> list[Message]:
    """Check a parsed TEI document against the project RNG and the project Schematron.

    ``encode all`` calls this before writing each file; it serialises and re-parses first so
    that elements have line numbers. ``source`` (the serialised bytes) is optional and only
    used to add columns to the messages. Messages come sorted by line; warnings included
    unless ``warnings`` is false.
    """
    lines = source.splitlines() if source is not None else None
    out = _rng_messages(_project_rng(), tree, filename, lines)
    report = _project_schematron()(tree)
    out.extend(_svrl_messages(report, tree, filename, lines, warnings))
    return sorted(out, key=lambda m: (m.line, m.col))


def validate(data: bytes, name: str) -> list[Message]:
    """The errors (project RNG and Schematron) of freshly serialised TEI.

    What ``encode`` checks before it writes a file: warnings do not block, so they are left
    out. ``name`` is the file name the messages give; the caller relocates them to the source
    (the TEI file is not written when there are errors)."""
    tree = parse_xml(data)
    return [msg for msg in validate_tree(tree, name, warnings=False) if msg.severity == "error"]


def validate_file(path: Path) -> list[Message]:
    """Read and check one TEI file; a file that cannot be read or parsed is one error."""
    loaded = load_checked(Path(path))
    if isinstance(loaded, Message):
        return [loaded]
    source, tree = loaded
    return validate_tree(tree, str(path), source=source)


def load_checked(path: Path) -> tuple[bytes, etree._ElementTree] | Message:
    """A file's bytes and tree if it is a regular file the safe parser accepts, with no DOCTYPE.

    Otherwise the one error that says why. Only bytes that passed here may reach an external
    validator: jing resolves entities and DTDs, so a DOCTYPE could make it read a local file,
    fetch a URL or expand a billion laughs. TEI needs no DOCTYPE, and without one a document
    can hold no entity but the five predefined ones, so accepted bytes are entity-free as they
    are.
    """
    name = str(path)
    try:
        data = read_regular(path, MAX_XML_BYTES)
    except OSError as exc:
        return Message(name, 0, 0, "error", f"cannot read file: {exc.strerror}", RULE_WELL_FORMED)
    try:
        tree = parse_xml(data)
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (0, 0)
        return Message(name, line, col, "error", exc.msg or str(exc), RULE_WELL_FORMED)
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        at = data.find(b"<!DOCTYPE")
        line = data[:at].count(b"\n") + 1 if at >= 0 else 1
        return Message(name, line, 1, "error",
                       "a DOCTYPE is not allowed: TEI needs none, and a validator would resolve "
                       "its entities and DTDs; remove it", RULE_DOCTYPE)
    return data, tree


# --- conformance to tei_all -------------------------------------------------------------------

def _repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


def find_tei_all() -> Path | None:
    """Where the official tei_all.rng is: ``$TEI_ALL_RNG``, else ``../shared/tei/tei_all.rng``.

    The schema is 1 MB of third-party data, so the project does not keep a copy; the shared
    folder beside the repository has it. Looked up relative to the repository root, then to the
    current directory. ``None`` when it is nowhere (a set but missing ``$TEI_ALL_RNG`` is
    treated as missing, so a test can say so instead of crashing).
    """
    env = os.environ.get("TEI_ALL_RNG")
    if env:
        path = Path(env)
        return path if path.is_file() else None
    for base in (_repo_root(), Path.cwd()):
        candidate = base.parent / "shared" / "tei" / "tei_all.rng"
        if candidate.is_file():
            return candidate.resolve()
    return None


@lru_cache(maxsize=4)
def _compiled_rng(path: str, mtime_ns: int) -> etree.RelaxNG:
    """Compile a RELAX NG schema once per process (``mtime_ns`` keys out a changed file).

    lxml takes about 8-10 s to compile tei_all.rng, and a compiled schema cannot be pickled or
    saved, so the cache is in-process only; jing, when installed, is much faster (<1 s for the
    whole edition) and is preferred.
    """
    return etree.RelaxNG(parse_xml(Path(path)))


def _lxml_check(checked: list[tuple[Path, bytes]], rng: Path) -> list[Message]:
    schema = _compiled_rng(str(rng.resolve()), rng.stat().st_mtime_ns)
    out: list[Message] = []
    for path, data in checked:
        if schema.validate(parse_xml(data)):
            continue
        for err in schema.error_log:
            out.append(Message(str(path), err.line, err.column, "error", err.message, RULE_TEI_ALL))
    return out


def _jing_check(command: list[str], checked: list[tuple[Path, bytes]], rng: Path) -> list[Message]:
    findings, failure = run_jing(command, rng, [(str(p), data) for p, data in checked])
    if failure is not None:
        # jing could not run (no Java, unreadable schema ...): say so rather than pass silently.
        return [Message(str(rng), 0, 0, "error", f"jing failed: {failure}", RULE_TEI_ALL)]
    return [Message(f.file, f.line, f.col, "warning" if f.severity == "warning" else "error",
                    f.message, RULE_TEI_ALL) for f in findings]


def check_tei_all(
    paths: list[Path], rng: Path, *, engine: Literal["auto", "jing", "lxml"] = "auto"
) -> list[Message]:
    """Validate files against a RELAX NG schema (tei_all for conformance; any RNG works).

    Every file (and the schema) first goes through the safe parser; one that is unreadable,
    not well-formed or carries a DOCTYPE is reported and not validated further.
    ``engine="auto"`` uses jing when it is installed (one process for all files), else lxml
    with the compiled schema cached in-process (the first call costs ~10 s for tei_all).
    """
    if not paths:
        return []
    rng = Path(rng)
    schema = load_checked(rng)
    if isinstance(schema, Message):
        return [schema]
    out: list[Message] = []
    checked: list[tuple[Path, bytes]] = []
    for path in paths:
        loaded = load_checked(Path(path))
        if isinstance(loaded, Message):
            out.append(loaded)
        else:
            checked.append((Path(path), loaded[0]))
    if not checked:
        return out
    command = jing_command() if engine != "lxml" else None
    if engine == "jing" and command is None:
        raise FileNotFoundError("jing is not installed (apt-get install jing)")
    if command:
        return out + _jing_check(command, checked, rng)
    return out + _lxml_check(checked, rng)
