"""python-pptx's XPath queries, compiled once per process instead of on every call.

python-pptx answers "is this shape a placeholder, of which type and index" and "which shape id
is free" with `BaseOxmlElement.xpath`, which hands the expression to lxml's `_Element.xpath`,
and lxml compiles it afresh on every call. A 152-slide deck makes about 20,000 such calls (a
cloned placeholder alone asks five questions), a quarter of its build. lxml's `etree.XPath`
is the compiled form of the same expression, with the same namespaces and the same results,
so the deck's bytes do not change (tests compare them with the uncompiled queries).

Applied to the python-pptx version read and measured only: another may have changed the method.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pptx
from lxml import etree
from pptx.oxml.ns import _nsmap
from pptx.oxml.xmlchemy import BaseOxmlElement

MEASURED_VERSION = "1.0.2"
COMPILED_QUERIES = 256  # python-pptx uses a few dozen fixed expressions; charts format some with numbers

upstream_xpath = BaseOxmlElement.xpath


@lru_cache(maxsize=COMPILED_QUERIES)
def _compiled(expression: str) -> etree.XPath:
    return etree.XPath(expression, namespaces=_nsmap)


def compiled_xpath(self: BaseOxmlElement, xpath_str: str) -> Any:
    """`BaseOxmlElement.xpath` with the expression compiled once."""
    return _compiled(xpath_str)(self)


if pptx.__version__ == MEASURED_VERSION:
    BaseOxmlElement.xpath = compiled_xpath  # type: ignore[method-assign]
