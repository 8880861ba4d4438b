"""TeX formulas: checked, drawn as vector SVG, read out as Unicode text."""

from __future__ import annotations

import pytest

from publish.formulas import as_text, drawn, problem


def test_a_formula_is_drawn_as_vector_paths_in_the_colour_asked() -> None:
    drawing = drawn(r"\frac{a}{b}", False, "#1F2933")
    assert "<path" in drawing.svg and "<image" not in drawing.svg and "#1F2933" in drawing.svg.upper()


def test_a_fraction_reaches_below_the_baseline_and_an_exponent_hardly() -> None:
    assert drawn(r"\frac{a}{b}", False, "#000000").depth > 3 * drawn("x^2", True, "#000000").depth


def test_a_formula_the_parser_cannot_read_is_a_problem_with_its_message() -> None:
    assert problem(r"\frac{a}{") is not None and problem(r"x^2 + \alpha") is None


def test_an_unknown_command_is_a_problem_not_text_in_the_drawing() -> None:
    assert problem(r"\notacommand{x}") == r"unknown command \notacommand"


@pytest.mark.parametrize(("tex", "text"), [(r"x^2 + \alpha", "x² + α"), (r"a_{1} + b_2", "a₁ + b₂"),
                                           (r"\frac{a}{b}", "a/b")])
def test_a_formula_reads_as_unicode_text(tex: str, text: str) -> None:
    assert as_text(tex) == text


def test_a_sum_keeps_its_sign_under_its_lowered_limits() -> None:
    assert as_text(r"\sum_{i=1}^{n} x_{i}") == "∑ᵢ₌₁ⁿ xᵢ"
