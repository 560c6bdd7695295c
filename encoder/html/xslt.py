"""The page stylesheets and how they are run: compiled once per process, every file and
network access denied, an XSLT failure reported as the page it was making."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
PAGE_NS = "urn:x-memcon-encoder:page"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NS = {"t": TEI_NS}
DOCTYPE = b"<!DOCTYPE html>\n"


class HtmlError(Exception):
    """The edition cannot be rendered (a TEI file is unreadable, or Pagefind failed)."""


@cache
def _stylesheet(name: str) -> etree.XSLT:
    """A page stylesheet, compiled once per process, denied all file and network access."""
    path = resources.files(__package__).joinpath(name)
    with resources.as_file(path) as file:
        xsl = etree.parse(str(file), etree.XMLParser(resolve_entities=False, no_network=True))
        return etree.XSLT(xsl, access_control=etree.XSLTAccessControl.DENY_ALL)


def stylesheets() -> None:
    """Compile every stylesheet now (before worker processes are forked, which inherit them)."""
    for name in ("document.xsl", "index.xsl", "people.xsl"):
        _stylesheet(name)


def page_ns(tag: str) -> str:
    return f"{{{PAGE_NS}}}{tag}"


def run(name: str, tree: etree._Element, what: str, **params: Any) -> bytes:
    """Run a page stylesheet; an XSLT failure names the page it was making."""
    try:
        return bytes(_stylesheet(name)(tree, **params))
    except etree.XSLTError as exc:
        raise HtmlError(f"{what}: error: cannot render HTML: {exc}") from exc


def transform(name: str, tree: etree._Element, what: str, **params: Any) -> bytes:
    """A whole page: the stylesheet's output after the doctype."""
    body = run(name, tree, what, **params)
    return DOCTYPE + body.lstrip() + (b"" if body.endswith(b"\n") else b"\n")
