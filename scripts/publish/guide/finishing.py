"""The PDF's last touches, made through WeasyPrint's public `finisher` hook on the finished objects:
table header scope (see tagging) and links to sibling documents that still work once the PDFs
are moved together.

WeasyPrint resolves every link against the document's URL, so a link to `travel.pdf` beside the
guide becomes `file:///where/it/was/built/travel.pdf`: dead on any other computer. The reader
only keeps a file link for a sibling document's PDF, so every `file:` link here is one; each
becomes a go-to-remote action (PDF's own link to another PDF) naming the file relative to this one.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

import pydyf

from publish.guide.tagging import scope_table_headers, tag_formulas


def finish(document: Any, pdf: pydyf.PDF, formulas: frozenset[str] = frozenset()) -> None:
    """WeasyPrint `finisher`: header scope, formulas tagged, then sibling links made relative."""
    scope_table_headers(document, pdf)
    tag_formulas(pdf, formulas)
    relative_document_links(pdf)


def relative_document_links(pdf: pydyf.PDF) -> None:
    for action in pdf.objects:
        if not isinstance(action, pydyf.Dictionary):
            continue
        target = action.get("A")
        if not isinstance(target, pydyf.Dictionary) or target.get("S") != "/URI":
            continue
        uri = target.get("URI")
        address = uri.string if isinstance(uri, pydyf.String) else None
        if not isinstance(address, str) or urlsplit(address).scheme != "file":
            continue
        name = PurePosixPath(unquote(urlsplit(address).path)).name
        action["A"] = pydyf.Dictionary({"Type": "/Action", "S": "/GoToR", "F": pydyf.String(name),
                                        "D": pydyf.Array([0, "/Fit"]), "NewWindow": "true"})
