"""SVG text in the PDF is laid out as whole runs (kerned, joined, in bidi order) where no letter
has a place of its own, and letter by letter, as WeasyPrint does, where one has."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pdfplumber
import pytest
import weasyprint
import weasyprint.svg

MEASURED_VERSION = "70.0"
text = weasyprint.svg.text  # the run layout, installed (by conftest) as every PDF build installs it
upstream_text = getattr(text, "upstream", text)

pytestmark = pytest.mark.skipif(weasyprint.__version__ != MEASURED_VERSION,
                                reason="applied to the WeasyPrint version measured only")

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="100" viewBox="0 0 400 100">'
       '<rect width="400" height="100" fill="#eeeeff"/>{}</svg>')
FONT = 'font-family="Liberation Sans" font-size="30"'


@contextmanager
def letter_by_letter() -> Iterator[None]:
    """WeasyPrint's own SVG text, for comparison."""
    tags, name = dict(weasyprint.svg.TAGS), weasyprint.svg.text
    weasyprint.svg.TAGS.update({tag: upstream_text for tag, draw in tags.items() if draw is text})
    weasyprint.svg.text = upstream_text
    try:
        yield
    finally:
        weasyprint.svg.TAGS.update(tags)
        weasyprint.svg.text = name


def drawn(tmp_path: Path, svg_body: str) -> tuple[list[dict], dict]:
    """The characters the PDF draws for an SVG picture, and the picture's background rectangle."""
    (tmp_path / "figure.svg").write_text(SVG.format(svg_body), encoding="utf-8")
    pdf = weasyprint.HTML(string='<img src="figure.svg">', base_url=str(tmp_path)).write_pdf()
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        return [dict(char) for char in page.chars], dict(page.rects[0])


def test_a_label_is_kerned_as_a_run_so_it_is_narrower_than_its_letters_set_apart(tmp_path: Path) -> None:
    label = f'<text x="10" y="60" {FONT}>AVAVAVAVAV</text>'
    run, _ = drawn(tmp_path, label)
    with letter_by_letter():
        letters, _ = drawn(tmp_path, label)
    assert "".join(char["text"] for char in run) == "AVAVAVAVAV"
    assert run[-1]["x1"] - run[0]["x0"] < letters[-1]["x1"] - letters[0]["x0"] - 5


def test_a_right_to_left_label_reads_from_the_right(tmp_path: Path) -> None:
    chars, _ = drawn(tmp_path, f'<text x="390" y="60" {FONT} direction="rtl">מנהל מוצר</text>')
    first, last = (next(char for char in chars if char["text"] == letter) for letter in ("מ", "ר"))
    assert first["x0"] > last["x0"]  # the word's first letter is its rightmost


def test_a_right_to_left_label_starting_at_x_ends_there(tmp_path: Path) -> None:
    chars, background = drawn(tmp_path, f'<text x="390" y="60" {FONT} direction="rtl">מנהל מוצר</text>')
    scale = background["width"] / 400
    assert max(char["x1"] for char in chars) == pytest.approx(background["x0"] + 390 * scale, abs=2)


def test_a_label_anchored_in_the_middle_is_centred_on_x(tmp_path: Path) -> None:
    chars, background = drawn(tmp_path, f'<text x="200" y="60" text-anchor="middle" {FONT}>Roadmap review</text>')
    centre = (min(char["x0"] for char in chars) + max(char["x1"] for char in chars)) / 2
    assert centre == pytest.approx(background["x0"] + background["width"] / 2, abs=1)


def test_letters_given_places_of_their_own_keep_them(tmp_path: Path) -> None:
    chars, background = drawn(tmp_path, f'<text x="10 110 210" y="60" {FONT}>abc</text>')
    scale = background["width"] / 400
    assert [round((char["x0"] - background["x0"]) / scale) for char in chars] == [10, 110, 210]


def test_a_spaced_label_keeps_its_letter_spacing(tmp_path: Path) -> None:
    spaced, _ = drawn(tmp_path, f'<text x="10" y="60" letter-spacing="20" {FONT}>iiii</text>')
    plain, _ = drawn(tmp_path, f'<text x="10" y="60" {FONT}>iiii</text>')
    assert spaced[-1]["x0"] - plain[-1]["x0"] == pytest.approx(3 * 20 * 0.75, abs=1)
