"""Table header cells that say what they head, and formulas tagged as formulas, for screen readers
and PDF/UA checkers.

WeasyPrint tags a `<th>` as /TH and links every /TD to its headers (/Headers), but writes no
/Scope on the header cells themselves, so a checker (and some readers) cannot tell whether a
header heads its column or its row (PDF/UA-1, ISO 14289-1 7.5; Matterhorn 15-003). This sets it
through WeasyPrint's public `finisher` hook, on the finished structure tree: a header cell in
the table's head row group, or in a row of header cells only, heads its column; one in a row
that also holds data cells heads its row (as HTML reads a `<th>` without `scope`).

WeasyPrint tags every picture /Figure; a formula (drawn as a picture, its TeX the alt text) is a
/Formula in PDF/UA (ISO 14289-1 7.7), so the pictures whose alt text is one of the document's
formulas are retagged.
"""

from __future__ import annotations

from typing import Any

import pydyf


def tag_formulas(pdf: pydyf.PDF, formulas: frozenset[str]) -> None:
    """WeasyPrint `finisher` step: /Formula, not /Figure, for the pictures that are formulas."""
    if not formulas:
        return
    for element in pdf.objects:
        if not isinstance(element, pydyf.Dictionary) or element.get("Type") != "/StructElem":
            continue
        alt = element.get("Alt")
        if element.get("S") == "/Figure" and isinstance(alt, pydyf.String) and alt.string in formulas:
            element["S"] = "/Formula"


def scope_table_headers(document: Any, pdf: pydyf.PDF) -> None:
    """WeasyPrint `finisher`: /Scope on every /TH of the PDF's structure tree."""
    by_number = {obj.number: obj for obj in pdf.objects if isinstance(obj, pydyf.Dictionary)}
    for element in by_number.values():
        if element.get("Type") != "/StructElem" or element.get("S") != "/TH":
            continue
        attributes = element.get("A")
        if not isinstance(attributes, pydyf.Dictionary) or "Scope" in attributes:
            continue
        attributes["Scope"] = "/Column" if _heads_columns(element, by_number) else "/Row"


def _heads_columns(cell: pydyf.Dictionary, by_number: dict[int, pydyf.Dictionary]) -> bool:
    row = _parent(cell, by_number)
    group = _parent(row, by_number) if row is not None else None
    if row is None or (group is not None and group.get("S") == "/THead"):
        return True
    cells = [_referenced(kid, by_number) for kid in row.get("K") or ()]
    return all(kid is not None and kid.get("S") == "/TH" for kid in cells)


def _parent(element: pydyf.Dictionary, by_number: dict[int, pydyf.Dictionary]) -> pydyf.Dictionary | None:
    return _referenced(element.get("P"), by_number)


def _referenced(reference: object, by_number: dict[int, pydyf.Dictionary]) -> pydyf.Dictionary | None:
    """The object a reference (`b"12 0 R"`) points at, among the PDF's dictionaries."""
    number = int(reference.split()[0]) if isinstance(reference, bytes) else None
    return by_number.get(number) if number is not None else None
