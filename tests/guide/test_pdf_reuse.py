"""Work kept between renderings (parsed hyphenation patterns, a watch process's fonts and
pictures) makes rebuilds faster and never changes what they produce."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pikepdf
import pydyf
import pyphen
import pytest

from helpers import ARTICLE, write
from publish.build import prepare
from publish.build import write as build_artifact
from publish.guide import pdf as guide_pdf
from publish.guide.weasyprint_fixes import hyphenation, page_references
from publish.job import BuildOptions

UPSTREAM_PAGE_REFERENCES = page_references.upstream
assert UPSTREAM_PAGE_REFERENCES is not None and UPSTREAM_PAGE_REFERENCES.fget is not None
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for name, value in EPOCH.items():
        monkeypatch.setenv(name, value)
    return tmp_path / "cache"


@pytest.fixture
def forget_hyphenation(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process has parsed no hyphenation dictionary yet."""
    monkeypatch.setattr(pyphen, "hdcache", {})


@pytest.fixture
def warm() -> Iterator[None]:
    guide_pdf.keep_warm()
    yield
    guide_pdf._warm = None


def pdf(source: Path, target: Path) -> bytes:
    job, _ = prepare(source, BuildOptions())
    build_artifact(job, target)
    return target.read_bytes()


def test_hyphenation_patterns_are_parsed_once_then_loaded_parsed(
        fresh_cache: Path, forget_hyphenation: None, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[Path] = []
    parse = pyphen.HyphDict.__init__

    def counting(self: pyphen.HyphDict, path: Path) -> None:
        parsed.append(path)
        parse(self, path)

    monkeypatch.setattr(pyphen.HyphDict, "__init__", counting)
    hyphenation.preload("en-GB")
    monkeypatch.setattr(pyphen, "hdcache", {})  # a new process
    hyphenation.preload("en-GB")
    assert parsed == [pyphen.LANGUAGES["en_GB"]]
    loaded, parsed_now = pyphen.Pyphen(lang="en-GB"), pyphen.Pyphen(filename=parsed[0], cache=False)
    for word in ("hyphenation", "responsibilities", "stakeholders", "infrastructure"):
        assert loaded.inserted(word) == parsed_now.inserted(word)


def test_a_language_without_patterns_is_left_alone(fresh_cache: Path, forget_hyphenation: None) -> None:
    hyphenation.preload("ja")
    assert pyphen.hdcache == {}


def test_the_pdf_is_the_same_whether_the_patterns_came_from_the_cache_or_not(
        fresh_cache: Path, forget_hyphenation: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = pdf(ARTICLE, tmp_path / "cold.pdf")
    assert any((fresh_cache / "publish" / "hyphenation").iterdir())
    monkeypatch.setattr(pyphen, "hdcache", {})
    assert pdf(ARTICLE, tmp_path / "cached.pdf") == cold


def test_a_warm_rendering_gives_the_same_bytes_as_a_cold_one(fresh_cache: Path, tmp_path: Path) -> None:
    cold = pdf(ARTICLE, tmp_path / "cold.pdf")
    guide_pdf.keep_warm()
    try:
        first, second = pdf(ARTICLE, tmp_path / "warm1.pdf"), pdf(ARTICLE, tmp_path / "warm2.pdf")
    finally:
        guide_pdf._warm = None
    assert first == cold
    assert second == cold


def test_a_warm_rebuild_after_headings_moved_pages_gives_the_same_bytes_as_a_cold_one(
        fresh_cache: Path, tmp_path: Path) -> None:
    source = tmp_path / "doc" / ARTICLE.name
    shutil.copytree(ARTICLE.parent, source.parent)
    guide_pdf.keep_warm()
    try:
        pdf(source, tmp_path / "before.pdf")  # the warm process's contents numbers come from this one
        text = source.read_text(encoding="utf-8")
        opening = text.index("\n\n## ")  # a long paragraph before the first heading pushes every heading on
        source.write_text(text[:opening] + "\n\n" + "An added sentence about the role. " * 120 + text[opening:],
                          encoding="utf-8")
        warm = pdf(source, tmp_path / "warm.pdf")
    finally:
        guide_pdf._warm = None
    assert contents_numbers(tmp_path / "before.pdf") != contents_numbers(tmp_path / "warm.pdf")
    assert warm == pdf(source, tmp_path / "cold.pdf")


def contents_numbers(path: Path) -> list[str]:
    """The numbers the contents page (page 2) ends its lines with."""
    with pdfplumber.open(path) as document:
        ends = [line.rsplit(" ", 1)[-1] for line in (document.pages[1].extract_text() or "").splitlines()]
    return [end for end in ends if end.isdigit()]


def picture_colours(path: Path) -> set[str]:
    """Every fill colour set in the page and form streams (the SVG's rectangle among them)."""
    found: set[str] = set()
    with pikepdf.open(path) as document:
        for page in document.pages:
            streams = [page.obj] + [x for x in page.Resources.get("/XObject", {}).values()]
            for stream in streams:
                for operands, operator in pikepdf.parse_content_stream(stream):
                    if str(operator) in ("rg", "sc", "scn") and len(operands) == 3:
                        found.add(" ".join(f"{float(v):.2f}" for v in operands))
    return found


def test_a_warm_process_draws_a_picture_changed_since_its_last_rendering(
        fresh_cache: Path, tmp_path: Path, warm: None) -> None:
    folder = tmp_path / "doc"
    source = write(folder, "doc.md", """
        ---
        title: Pictures change
        ---
        ![A red box](box.svg)
        """)
    box = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
           '<rect width="40" height="20" fill="{}"/></svg>')
    write(folder, "box.svg", box.format("#ff0000"))
    pdf(source, tmp_path / "red.pdf")
    write(folder, "box.svg", box.format("#0000ff") + "\n")  # another size too, as an editor's save would give
    pdf(source, tmp_path / "blue.pdf")
    assert "1.00 0.00 0.00" in picture_colours(tmp_path / "red.pdf")
    assert "0.00 0.00 1.00" in picture_colours(tmp_path / "blue.pdf")
    assert "1.00 0.00 0.00" not in picture_colours(tmp_path / "blue.pdf")


def test_a_changed_theme_font_file_gets_new_fonts(fresh_cache: Path, tmp_path: Path, warm: None) -> None:
    job, _ = prepare(ARTICLE, BuildOptions())
    renderer = guide_pdf._warm
    assert renderer is not None
    fonts = renderer.font_config(job)
    assert renderer.font_config(job) is fonts
    renderer.fonts = (("another theme's font files",), fonts)  # type: ignore[assignment]
    assert renderer.font_config(job) is not fonts


def test_page_references_are_made_once_per_page_count() -> None:
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = pdf.page_references
    assert pdf.page_references is first
    assert first == UPSTREAM_PAGE_REFERENCES.fget(pdf)
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert pdf.page_references == UPSTREAM_PAGE_REFERENCES.fget(pdf)
    assert len(pdf.page_references) == 4


def test_a_long_tagged_pdf_is_the_same_with_pydyfs_own_page_references(
        fresh_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = write(tmp_path / "doc", "long.md", "# Long\n\n" + "".join(
        f"## Part {n}\n\n{'A sentence about policy and practice. ' * 60}\n\n- one\n- two\n\n" for n in range(12)))
    ours = pdf(source, tmp_path / "ours.pdf")
    monkeypatch.setattr(pydyf.PDF, "page_references", UPSTREAM_PAGE_REFERENCES)
    assert pdf(source, tmp_path / "upstream.pdf") == ours
