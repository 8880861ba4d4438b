"""A page of `target-counter()` texts (the guide's contents) is laid out twice, not three times,
and every generated text says what WeasyPrint's own collector makes it say."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pdfplumber
import pytest
import weasyprint
import weasyprint.document
from weasyprint.css.targets import TargetCollector

from publish.guide.weasyprint_fixes.target_counters import (
    PageCounters,
    TargetCounterCollector,
    starting_from,
)

MEASURED_VERSION = "70.0"
pytestmark = pytest.mark.skipif(weasyprint.__version__ != MEASURED_VERSION,
                                reason="applied to the WeasyPrint version measured only")

PAGES = "@page { @bottom-right { content: counter(page) ' of ' counter(pages); } }"
SECTIONS = "".join(f'<h2 id="s{n}" style="break-before: page">Section {n}</h2><p>Text {n}.</p>' for n in (1, 2, 3))


def contents(entry_css: str, links: str = "") -> str:
    items = links or "".join(f'<li><a href="#s{n}">Section {n}</a></li>' for n in (1, 2, 3))
    return f"<style>{PAGES} nav a::after {{ {entry_css} }}</style><nav><ol>{items}</ol></nav>"


CASES = {
    "contents before the targets": contents("content: ' ' target-counter(attr(href), page)") + SECTIONS,
    "contents after the targets": SECTIONS + '<div style="break-before: page"></div>'
    + contents("content: ' ' target-counter(attr(href), page)"),
    "an own counter beside a target's": contents("counter-increment: entry; "
                                                 "content: counter(entry) '. ' target-counter(attr(href), page)")
    + SECTIONS,
    "a target named by its URL": contents("content: ' ' target-counter(url(#s3), page)") + SECTIONS,
    "a target's text and page": contents("content: ' ' target-text(attr(href)) ' ' target-counter(attr(href), page)")
    + SECTIONS,
    "a missing target": contents("content: ' ' target-counter(attr(href), page)",
                                 '<li><a href="#nowhere">Gone</a></li><li><a href="#s2">Two</a></li>') + SECTIONS,
    "numbers that push the targets on": contents("content: ' ' target-counter(attr(href), page)",
                                                 "".join(f'<li><a href="#s{n % 3 + 1}">Entry {n}</a></li>'
                                                         for n in range(60))) + SECTIONS,
}


@contextmanager
def upstream_collector() -> Iterator[None]:
    """WeasyPrint's own collector, for comparison."""
    weasyprint.document.TargetCollector = TargetCollector
    try:
        yield
    finally:
        weasyprint.document.TargetCollector = TargetCounterCollector


class _LayoutCount(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.pages = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.pages += "Creating layout - Page" in record.getMessage() and "up-to-date" not in record.getMessage()


def rendered(html: str) -> tuple[bytes, int]:
    """The PDF, and how many page layouts it took."""
    progress = logging.getLogger("weasyprint.progress")
    count, level = _LayoutCount(), progress.level
    progress.addHandler(count)
    progress.setLevel(logging.INFO)
    try:
        return weasyprint.HTML(string=html).write_pdf(), count.pages
    finally:
        progress.removeHandler(count)
        progress.setLevel(level)


def first_page_lines(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return (document.pages[0].extract_text() or "").splitlines()


def test_contents_before_their_targets_are_laid_out_twice_not_three_times() -> None:
    _, ours = rendered(CASES["contents before the targets"])
    with upstream_collector():
        _, upstream = rendered(CASES["contents before the targets"])
    assert (ours, upstream) == (4 + 1, 4 + 2)  # four pages; the contents page again, once or twice


def test_contents_give_each_targets_page() -> None:
    pdf, _ = rendered(CASES["contents before the targets"])
    assert first_page_lines(pdf)[:3] == ["1. Section 1 2", "2. Section 2 3", "3. Section 3 4"]


def test_a_page_total_beside_a_targets_page_is_given_where_weasyprint_alone_fails() -> None:
    html = contents("content: ' ' target-counter(attr(href), page) ' of ' counter(pages)") + SECTIONS
    pdf, _ = rendered(html)
    assert first_page_lines(pdf)[:3] == ["1. Section 1 2 of 4", "2. Section 2 3 of 4", "3. Section 3 4 of 4"]
    with upstream_collector(), pytest.raises(AttributeError):  # the total taken for a target's counter
        rendered(html)


@pytest.mark.parametrize("case", CASES)
def test_every_generated_text_is_the_one_weasyprint_makes(case: str) -> None:
    ours, _ = rendered(CASES[case])
    with upstream_collector():
        upstream, _ = rendered(CASES[case])
    assert ours == upstream


def test_after_a_rendering_the_pages_started_from_hold_each_targets_page() -> None:
    pages: dict[str, PageCounters] = {}
    with starting_from(pages):
        rendered(CASES["contents before the targets"])
    assert {name: counters["page"] for name, counters in pages.items()} == {"s1": [2], "s2": [3], "s3": [4]}


def test_contents_started_from_their_targets_pages_are_laid_out_once() -> None:
    pages: dict[str, PageCounters] = {}
    with starting_from(pages):
        cold, _ = rendered(CASES["contents before the targets"])
    with starting_from(pages):
        warm, layouts = rendered(CASES["contents before the targets"])
    assert layouts == 4
    assert warm == cold


def test_contents_started_from_pages_their_targets_left_are_corrected() -> None:
    cold, _ = rendered(CASES["contents before the targets"])
    moved = {name: {"page": [9], "pages": [9]} for name in ("s1", "s2", "s3")}
    with starting_from(moved):
        warm, layouts = rendered(CASES["contents before the targets"])
    assert layouts == 4 + 1
    assert warm == cold


def test_a_rendering_that_fails_leaves_the_pages_started_from() -> None:
    pages = {"s1": {"page": [2]}}
    with pytest.raises(ZeroDivisionError), starting_from(pages):
        rendered(CASES["contents before the targets"])
        raise ZeroDivisionError
    assert pages == {"s1": {"page": [2]}}
