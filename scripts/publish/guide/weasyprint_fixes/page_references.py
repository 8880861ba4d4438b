"""The PDF's page references made once per page count, not on every read.

pydyf 0.13 rebuilds `PDF.page_references`, a tuple of every page, on each read, and WeasyPrint's
PDF/UA tagging reads it once per tagged element: quadratic in pages (1.9 s of a 300-page guide's
build, 0.25 s with this). The bytes are the same.

Upstream: pydyf `PDF.page_references` is a property that rebuilds its tuple on each access.
"""

from __future__ import annotations

from typing import Any

KEPT = "_publish_page_references"  # where each PDF object keeps its references
upstream: property | None = None  # pydyf's own property, once replaced (for comparison)


def page_references(pdf: Any) -> tuple[bytes, ...]:
    """The references, made again only when the page list is another or has grown."""
    kids = pdf.pages["Kids"]
    made = pdf.__dict__.get(KEPT)
    if made is None or made[0] is not kids or made[1] != len(kids):
        made = (kids, len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        pdf.__dict__[KEPT] = made
    return made[2]


def apply() -> None:
    global upstream
    import pydyf

    own = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(own, property):
        raise TypeError("pydyf.PDF.page_references is not a property")
    upstream = own
    pydyf.PDF.page_references = property(page_references)
