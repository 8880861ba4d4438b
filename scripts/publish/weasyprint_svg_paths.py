"""SVG path data read once per process, not each time the picture is drawn.

WeasyPrint draws an SVG `<path>` by reading its `d` attribute, letters and numbers, in
Python on every drawing: for the theme's logo (its words are glyph outlines, 10 KB of path
data) and the article's two figures that is about 2 % of a warm rebuild's CPU. What reading a
path gives is the PDF path operators it appends to the stream and the vertices its markers
are placed on, and both depend only on the data, the font size (`em` units) and the
picture's viewport (percentages). So each is kept, per path, and given back on the next
drawing: a `make watch` rebuild reads no path it has read before. Paths are kept up to
MAX_PATH_DATA characters of data (a few times that in memory); then the next one starts
afresh.

Applied to the WeasyPrint version read and measured only: another may draw paths with
other side effects.
"""

from __future__ import annotations

from typing import Any

import weasyprint
import weasyprint.svg

MEASURED_VERSION = "70.0"
MAX_PATH_DATA = 4_000_000  # characters of `d` kept: the theme's logo is 10,000

upstream_path = weasyprint.svg.path

_read: dict[tuple[str, float, float, float], tuple[list[bytes], list[Any]]] = {}
_read_data = 0  # characters of `d` in _read


def path(svg: Any, node: Any, font_size: float) -> None:
    """`weasyprint.svg.path.path`, its operators and vertices kept for the next drawing of the same data."""
    global _read_data
    data = node.get("d", "")
    key = (data, font_size, svg.inner_width, svg.inner_height)
    kept = _read.get(key)
    if kept is None:
        operators, vertices = svg.stream.stream, node.vertices
        first_operator, first_vertex = len(operators), len(vertices)
        upstream_path(svg, node, font_size)  # raises for data it cannot read: nothing is kept then
        if _read_data + len(data) > MAX_PATH_DATA:
            _read.clear()
            _read_data = 0
        _read[key] = operators[first_operator:], list(vertices)[first_vertex:]
        _read_data += len(data)
        return
    svg.stream.stream.extend(kept[0])
    node.vertices.extend(kept[1])


if weasyprint.__version__ == MEASURED_VERSION:
    weasyprint.svg.TAGS["path"] = path  # the table WeasyPrint's draw_node calls a tag's drawing from
