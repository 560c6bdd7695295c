"""The standard schemas the deposit and harvest tests validate against (vendored, offline)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import xmlschema

SCHEMAS = Path(__file__).resolve().parent / "schemas"


@cache
def mets_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(
        str(SCHEMAS / "mets.xsd"),
        locations={"http://www.w3.org/1999/xlink": str(SCHEMAS / "xlink.xsd")},
    )


@cache
def oai_pmh_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMAS / "OAI-PMH.xsd"))


@cache
def oai_dc_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMAS / "oai_dc.xsd"))


def errors(schema: xmlschema.XMLSchema, source: object) -> list[str]:
    """Every validation error, as text; location hints in the document are never followed
    (they name URLs, and the tests must not download)."""
    return [str(e.reason) for e in schema.iter_errors(source, use_location_hints=False)]
