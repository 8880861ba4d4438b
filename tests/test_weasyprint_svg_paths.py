"""SVG path data is read once per process: later drawings of the same path give WeasyPrint's
own operators and marker places without reading the data again."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import weasyprint
import weasyprint.svg

from publish import weasyprint_svg_paths
from publish.guide_pdf import Rendering  # noqa: F401  (installs the kept paths, as every PDF build does)
from publish.weasyprint_svg_paths import MEASURED_VERSION, path, upstream_path

pytestmark = pytest.mark.skipif(weasyprint.__version__ != MEASURED_VERSION,
                                reason="applied to the WeasyPrint version measured only")

MARKER = ('<defs><marker id="dot" markerWidth="4" markerHeight="4" refX="2" refY="2">'
          '<circle cx="2" cy="2" r="2" fill="red"/></marker></defs>')
CASES = {
    "curves and lines": '<path d="M10 10 C 20 20, 40 20, 50 10 L 90 60 Z" fill="navy"/>',
    "relative moves and arcs": '<path d="m10 50 a 20 10 0 1 1 40 0 h 20 v 10 q 10 10 20 0 t 10 0 z"/>',
    "markers on every vertex": MARKER + '<path d="M10 10 L 50 50 L 90 10" stroke="black" fill="none" '
                                        'marker-start="url(#dot)" marker-mid="url(#dot)" marker-end="url(#dot)"/>',
    "percentages of the viewport": '<path d="M 10% 10% L 90% 90%" stroke="black"/>',
    "em units": '<path d="M 1em 1em L 5em 3em" stroke="black" style="font-size: 8px"/>',
    "data that cannot be read": '<path d="M 10 10 L 50" stroke="black"/>',
}


@pytest.fixture(autouse=True)
def nothing_read_yet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weasyprint_svg_paths, "_read", {})
    monkeypatch.setattr(weasyprint_svg_paths, "_read_data", 0)


@pytest.fixture
def readings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The path data WeasyPrint itself reads."""
    read: list[str] = []

    def counting(svg: Any, node: Any, font_size: float) -> None:
        read.append(node.get("d"))
        upstream_path(svg, node, font_size)

    monkeypatch.setattr(weasyprint_svg_paths, "upstream_path", counting)
    return read


def pdf(folder: Path, svg_body: str, sizes: tuple[int, ...] = (100, 240)) -> bytes:
    """The same picture twice on a page, at each of two viewport sizes."""
    for size in sizes:
        (folder / f"{size}.svg").write_text(
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size * 0.6:g}">{svg_body}</svg>',
            encoding="utf-8")
    images = "".join(f'<img src="{size}.svg"><img src="{size}.svg">' for size in sizes)
    return weasyprint.HTML(string=images, base_url=f"{folder}/").write_pdf()


@contextmanager
def upstream_paths() -> Iterator[None]:
    """WeasyPrint's own path drawing, for comparison."""
    weasyprint.svg.TAGS["path"] = upstream_path
    try:
        yield
    finally:
        weasyprint.svg.TAGS["path"] = path


def test_a_path_drawn_again_is_not_read_again(tmp_path: Path, readings: list[str]) -> None:
    pdf(tmp_path, CASES["curves and lines"], sizes=(100,))
    pdf(tmp_path, CASES["curves and lines"], sizes=(100,))
    assert readings == ["M10 10 C 20 20, 40 20, 50 10 L 90 60 Z"]


def test_paths_beyond_the_limit_start_the_kept_ones_afresh(
        tmp_path: Path, readings: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = '<path d="M10 10 L 90 60"/>', '<path d="M10 60 L 90 10"/>'
    monkeypatch.setattr(weasyprint_svg_paths, "MAX_PATH_DATA", len("M10 10 L 90 60") + 1)
    for body in (first, second, first):
        pdf(tmp_path, body, sizes=(100,))
    assert readings == ["M10 10 L 90 60", "M10 60 L 90 10", "M10 10 L 90 60"]
    assert len(weasyprint_svg_paths._read) == 1


def test_a_path_in_percentages_is_read_for_each_viewport(tmp_path: Path, readings: list[str]) -> None:
    pdf(tmp_path, CASES["percentages of the viewport"])
    assert len(readings) == 2


@pytest.mark.parametrize("case", CASES)
def test_every_drawing_is_the_one_weasyprint_makes(tmp_path: Path, case: str) -> None:
    ours = pdf(tmp_path, CASES[case])
    with upstream_paths():
        upstream = pdf(tmp_path, CASES[case])
    assert ours == upstream
