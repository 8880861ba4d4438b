"""python-pptx's XPath queries, compiled once per process instead of on every call.

python-pptx answers "is this shape a placeholder, of which type and index" and "which shape id
is free" with `BaseOxmlElement.xpath`, which hands the expression to lxml's `_Element.xpath`,
and lxml compiles it afresh on every call. A 152-slide deck makes about 20,000 such calls (a
cloned placeholder alone asks five questions), a quarter of its build. lxml's `etree.XPath`
is the compiled form of the same expression, with the same namespaces and the same results,
so the deck's bytes do not change (tests compare them with the uncompiled queries).

Upstream: python-pptx compiles no XPath (lxml's `_Element.xpath` parses each expression on every call).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from lxml import etree

COMPILED_QUERIES = 256  # python-pptx uses a few dozen fixed expressions; charts format some with numbers


def compiled(namespaces: dict[str, str], upstream: Any) -> Any:
    """`BaseOxmlElement.xpath` with each expression compiled once, against python-pptx's namespaces;
    `upstream` (python-pptx's own method) is kept on it for comparison."""

    @lru_cache(maxsize=COMPILED_QUERIES)
    def query(expression: str) -> etree.XPath:
        return etree.XPath(expression, namespaces=namespaces)

    def xpath(self: Any, xpath_str: str) -> Any:
        return query(xpath_str)(self)

    xpath.query = query  # type: ignore[attr-defined]
    xpath.upstream = upstream  # type: ignore[attr-defined]
    return xpath


def apply() -> None:
    """python-pptx's namespace map and element base class, both looked up here."""
    from pptx.oxml.ns import _nsmap
    from pptx.oxml.xmlchemy import BaseOxmlElement

    if not isinstance(_nsmap, dict) or not callable(BaseOxmlElement.xpath):
        raise TypeError("python-pptx's namespace map or xpath method has another shape")
    BaseOxmlElement.xpath = compiled(dict(_nsmap), BaseOxmlElement.xpath)  # type: ignore[method-assign]
