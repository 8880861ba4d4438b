"""```mermaid, ```dot and ```graphviz fences, through pymdownx.superfences' custom fences: the source
is kept whole (never highlighted as code) with its `title` and `alt`, for the reader to make a
Diagram of (read/blocks.py) and publish.diagrams to draw."""

from __future__ import annotations

import html
import re
from typing import Any

DIAGRAM_KINDS = {"mermaid": "mermaid", "dot": "graphviz", "graphviz": "graphviz"}
OPTIONS = ("title", "alt")
# What diagram_fence writes, read back by the block reader.
DIAGRAM_HTML = re.compile(r'<div class="publish-diagram" data-kind="(\w+)" data-title="([^"]*)" data-alt="([^"]*)">'
                          r"(.*)</div>", re.S)


def diagram_options(language: str, inputs: dict[str, str], options: dict[str, str], attrs: dict[str, str],
                    md: Any) -> bool:
    """Accept `title="..."` and `alt="..."` after the fence's language (and as attributes)."""
    for name in OPTIONS:
        value = inputs.pop(name, None) or attrs.pop(name, None)
        if value is not None:
            options[name] = value
    return True


def diagram_fence(source: str, language: str, css_class: str, options: dict[str, str], md: Any,
                  **_: Any) -> str:
    title, alt = (html.escape(options.get(name, ""), quote=True) for name in OPTIONS)
    return (f'<div class="publish-diagram" data-kind="{DIAGRAM_KINDS[language]}" data-title="{title}" '
            f'data-alt="{alt}">{html.escape(source)}</div>')


DIAGRAM_FENCES = [{"name": name, "class": name, "format": diagram_fence, "validator": diagram_options}
                  for name in DIAGRAM_KINDS]
