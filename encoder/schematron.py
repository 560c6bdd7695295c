"""The project Schematron compiled to the XSLT that runs it, shaped to cost what the document is.

lxml's isoschematron compiles ``schema/memcon.sch`` to XSLT (the ISO skeleton, three passes)
but runs that XSLT without access control; :func:`validator` takes the compiled stylesheet and
runs it with every file and network access denied, as the project's security rule asks of all
XSLT. The SVRL report it returns is the only place that tells which rule (``@id``), how
serious (``@role``) and where (``@location``).

Validation runs once per document in ``encode all``, so its cost must stay proportional to the
document and small (memcon.sch says how its rules are written for that). Four changes to what
the skeleton produces, none to what it finds: no fired-rule records (``LEAN``); no walk of the
document in the default mode per pattern (it writes nothing); a pattern whose rules are all
about elements walks only the elements (:func:`_walk_elements_only`); and the location of a
finding on an attribute (the pointer and date rules' contexts are attributes) is the
attribute's full path: the XSLT 1.0 skeleton writes only ``/@when``, without the path of its
element. tests/test_schematron_findings.py holds the findings to what the rules found before
these changes.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree, isoschematron

from .safexml import parse_xml

SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
#: parameters of lxml's ISO Schematron skeleton (XSLT string literals): write no
#: ``svrl:fired-rule`` record for every element a rule matched, only the findings
LEAN = {"generate-fired-rule": "'false'"}
#: the walk the skeleton writes for every pattern: every attribute and child element
_WALK_ALL = "@*|*"
_PREDICATE = re.compile(r"\[[^\[\]]*\]")


def validator(sch: Path) -> etree.XSLT:
    """The validating XSLT of the Schematron at ``sch``, denied all file and network access."""
    compiled = isoschematron.Schematron(
        parse_xml(sch),
        store_xslt=True,
        error_finder=isoschematron.Schematron.ASSERTS_AND_REPORTS,
        compile_params=LEAN,
    )
    root = compiled.validator_xslt.getroot()
    # the skeleton's <svrl:active-pattern> record holds an <apply-templates/> in the default
    # mode, where only a text() template (which writes nothing) is defined: a walk of the
    # whole document per pattern that adds nothing to the report
    for walk in root.iterfind(f".//{{{SVRL_NS}}}active-pattern/{{{XSL_NS}}}apply-templates"):
        if walk.get("select") is None and walk.get("mode") is None:
            walk.getparent().remove(walk)
    for template in root.iterfind(f"{{{XSL_NS}}}template"):
        if template.get("mode") == "schematron-get-full-path" and template.get("match") == "@*":
            parent_path = etree.Element(f"{{{XSL_NS}}}apply-templates")
            parent_path.set("select", "parent::*")
            parent_path.set("mode", "schematron-get-full-path")
            template.insert(0, parent_path)
    _walk_elements_only(root)
    return etree.XSLT(root, access_control=etree.XSLTAccessControl.DENY_ALL)


def _walk_elements_only(root: etree._Element) -> None:
    """Make the walk of a pattern whose rules all match elements visit only the elements.

    The skeleton walks every attribute and element once per pattern (``@*|*``), each a
    template lookup; where no rule can match an attribute, an attribute reaches only the
    skeleton's catch-all, which does nothing. (A pattern with rules on attributes keeps the
    full walk: selecting just the attributes its rules name, a union of one step per name,
    cost more than visiting them all.) A rule whose context, predicates aside, mentions an
    attribute counts as a rule on attributes.
    """
    on_attributes: set[str] = set()
    for template in root.iterfind(f"{{{XSL_NS}}}template"):
        mode, match = template.get("mode"), template.get("match")
        if not mode or not match or float(template.get("priority", "0")) < 0:
            continue  # not a rule: the skeleton's catch-alls have negative priorities
        steps = _without_predicates(match)
        if "@" in steps or "attribute::" in steps or "[" in steps:
            on_attributes.add(mode)
    for walk in root.iter(f"{{{XSL_NS}}}apply-templates"):
        mode = walk.get("mode")
        if walk.get("select") == _WALK_ALL and mode is not None and mode not in on_attributes:
            walk.set("select", "*")


def _without_predicates(match: str) -> str:
    """An XSLT match pattern without its predicates (which test, but match nothing)."""
    while True:
        plain = _PREDICATE.sub("", match)
        if plain == match:
            return plain
        match = plain
