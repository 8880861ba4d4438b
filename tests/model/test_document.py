"""The Document model's derived values."""

from __future__ import annotations

from pathlib import Path

import pytest

from publish.model.document import Column, Columns, Paragraph, Text, markdown_files

TEXT = (Paragraph((Text("x"),)),)


def row(*widths: float | None) -> Columns:
    return Columns(tuple(Column(TEXT, width) for width in widths))


def test_column_shares_are_the_widths_written() -> None:
    assert row(0.4, 0.6).widths == pytest.approx((0.4, 0.6))


def test_columns_without_a_width_share_what_the_others_leave() -> None:
    assert row(0.5, None, None).widths == pytest.approx((0.5, 0.25, 0.25))


def test_columns_without_any_width_are_equal() -> None:
    assert row(None, None, None).widths == pytest.approx((1 / 3, 1 / 3, 1 / 3))


def test_widths_adding_up_to_more_or_less_than_the_row_are_scaled_to_it() -> None:
    assert row(0.6, 0.6).widths == pytest.approx((0.5, 0.5))
    assert row(0.3, 0.1).widths == pytest.approx((0.75, 0.25))


def test_set_widths_that_fill_the_row_leave_equal_shares_for_all() -> None:
    assert row(0.7, 0.3, None).widths == pytest.approx((1 / 3, 1 / 3, 1 / 3))


def test_the_documents_of_a_folder_leave_out_parts_named_with_an_underscore(tmp_path: Path) -> None:
    for name in ("guide.md", "slides.qmd", "_part.md", "notes.txt"):
        (tmp_path / name).write_text("# T\n", encoding="utf-8")
    assert [path.name for path in markdown_files(tmp_path)] == ["guide.md", "slides.qmd"]
