"""The one XML parser of the project: no entity expansion, no DTD, no network, no external file.

Sources come from outside and the edition is read back by tests, the HTML stage, the deposit
and the server: every one of them reads XML through :func:`parse_xml`, so a hostile file (a
billion laughs, an external entity naming a local file or a URL, a DTD on a FIFO) can do
nothing wherever it enters.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from .files import read_regular

#: Largest XML file read (tei_all.rng is about 1 MiB; an edition's TEI files are far smaller).
MAX_XML_BYTES = 64 * 2**20

_PARSER_OPTIONS: dict[str, bool] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "collect_ids": False,
}


class _NoExternal(etree.Resolver):
    """Answer every request of the parser for an external resource (DTD, entity) with nothing.

    ``load_dtd=False`` and ``resolve_entities=False`` are not enough: parsing a file by name,
    libxml2 still loaded an external parameter entity referenced in the internal subset
    (``<!ENTITY % d SYSTEM "file:///…"> %d;``), reading a local file -- or blocking for ever
    on a FIFO. A resolver that answers first with an empty string means no file is opened.
    A stylesheet read with this parser still gets its ``xsl:include``/``xsl:import``
    (lxml asks the same resolvers for them, in an XSLT context); what a stylesheet may load
    is for its ``XSLTAccessControl`` to decide.
    """

    def resolve(self, system_url: str, public_id: str, context: object) -> object:
        if type(context).__name__ == "_XSLTResolverContext":  # lxml does not export the type
            return None
        return self.resolve_string("", context)


def _parser(**options: object) -> etree.XMLParser:
    """A fresh safe parser. lxml parsers must not be shared between threads, so none is global.

    No entity is expanded (no billion laughs, no reading of local files through external
    entities), no DTD is loaded and nothing is fetched from the network; ``huge_tree`` stays off
    so that libxml2's limits against resource exhaustion hold. ``collect_ids`` is off because
    libxml2 otherwise aborts the parse on a repeated ``xml:id``; the Schematron rule
    ``xml-id-unique`` reports it instead, with its line. External resources are refused by
    :class:`_NoExternal`.
    """
    parser = etree.XMLParser(**options, **_PARSER_OPTIONS)
    parser.resolvers.add(_NoExternal())
    return parser


def parse_xml(data: bytes | str | Path) -> etree._ElementTree:
    """Parse XML safely: the one parser that every part of the project uses to read XML.

    ``data`` is a :class:`~pathlib.Path` to read (a regular file of at most
    :data:`MAX_XML_BYTES`, else :class:`~encoder.files.RefusedFile`), or the document itself
    as bytes or text (a ``str`` is taken as XML text, never as a file name, so that text cannot
    be mistaken for a path). Raises :class:`lxml.etree.XMLSyntaxError` when the document is not
    well-formed.
    """
    if isinstance(data, Path):
        return etree.ElementTree(etree.fromstring(read_regular(data, MAX_XML_BYTES), _parser(),
                                                  base_url=str(data)))
    if isinstance(data, str):
        # lxml refuses str input that carries an encoding declaration; the text is already
        # decoded, so hand it over as UTF-8 and make the parser ignore the declaration.
        parser = _parser(encoding="utf-8")
        return etree.ElementTree(etree.fromstring(data.encode("utf-8"), parser))
    return etree.ElementTree(etree.fromstring(data, _parser()))
