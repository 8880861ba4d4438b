"""WCAG 2.2 contrast: the arithmetic, and every shipped theme's text/background pairs."""

from __future__ import annotations

import pytest

from publish.theme import SCHEMA, available_themes, load_theme
from publish.theme.contrast import PAIRS, Check, Pair, check, contrast_ratio, relative_luminance, suggest


def test_luminance_and_ratio_match_wcag() -> None:
    assert relative_luminance("#FFFFFF") == 1
    assert relative_luminance("#000") == 0
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast_ratio("#FFFFFF", "#000000") == contrast_ratio("#000000", "#FFFFFF")
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.005)  # the classic near miss
    assert contrast_ratio("#1F4E79", "#1F4E79") == 1


def test_a_ratio_just_below_the_bar_does_not_print_as_passing() -> None:
    near_miss = Check(PAIRS[0], 4.4999)
    assert not near_miss.passes
    assert "4.49:1, needs 4.5:1 (body text)" in str(near_miss)


@pytest.mark.parametrize(("token", "colour"), [("muted", "#AAAAAA"), ("cover_accent", "#3A5A7A"),
                                               ("accent", "#F2A65A")])
def test_suggestion_passes_every_pair_of_its_token(token: str, colour: str) -> None:
    colors = load_theme("default").colors | {token: colour}
    better = suggest(colors, token)
    assert better is not None
    fixed = colors | {token: better}
    assert all(c.passes for c in check(fixed) if c.pair.text == token)
    assert suggest(fixed, token) == better  # already passing: unchanged


def test_no_suggestion_when_the_backgrounds_cannot_both_be_met() -> None:
    colors = load_theme("default").colors | {"background": "#777777"}
    assert suggest(colors, "muted", (Pair("muted", "background", "body", "test"),
                                     Pair("muted", "cover_background", "body", "test"))) is None


def test_pairs_name_colour_tokens() -> None:
    colours = set(SCHEMA["colors"])
    for pair in PAIRS:
        assert {pair.text, pair.background} <= colours, pair
    assert len({(p.text, p.background) for p in PAIRS}) == len(PAIRS)


@pytest.mark.parametrize("name", available_themes())
def test_every_pair_in_every_shipped_theme_meets_wcag_aa(name: str) -> None:
    checks = check(load_theme(name).colors)
    print(f"\n{name}:\n  " + "\n  ".join(map(str, checks)))
    failing = [c for c in checks if not c.passes]
    assert not failing, f"theme '{name}':\n  " + "\n  ".join(map(str, failing))
