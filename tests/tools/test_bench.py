"""make bench compares measures taken in turns turn by turn, so the host slowing down for a
while (which these shared machines do) does not tip a ratio; its verdicts never depend on tests."""

from __future__ import annotations

from collections.abc import Callable
from operator import truediv

from publish.tools import bench, generate, timing


def sample(*seconds: float) -> object:
    return timing.Sample(tuple(timing.Run(value, 0.0, "") for value in seconds))


# The host's speed in five turns: normal, twice as slow, normal, twice as slow, in between.
HOST = (1.0, 2.0, 1.0, 2.0, 1.5)


def test_a_blip_in_one_turn_does_not_tip_a_ratio() -> None:
    baseline = sample(*HOST)
    ours = sample(*(0.9 * speed for speed in HOST[:4]), 0.9 * HOST[4] * 1.3)  # a blip in the middle turn
    assert timing.paired(truediv, ours, baseline) == 0.9


def test_a_blip_in_one_turn_does_not_tip_the_growth_ratio() -> None:
    # linear: 100 pages cost 7 s more at the host's normal speed, whatever the size
    first, third = sample(*(8 * speed for speed in HOST)), sample(*(22 * speed for speed in HOST))
    second = sample(*(15 * speed for speed in HOST[:4]), 15 * HOST[4] + 4)  # a blip in the middle turn
    assert timing.paired(lambda a, b, c: (c - b) / (b - a), first, second, third) == 1.0



def linear(pages: int) -> float:
    """A second to start, 0.07 s a page."""
    return 1.0 + 0.07 * pages


def guides(cost: Callable[[int], float], slower: float = 1.0) -> list[object]:
    """The 101-, 200- and 299-page guides' runs at the host's speeds, the last one `slower`."""
    return [timing.Sample(tuple(timing.Run(cost(pages) * speed * (slower if pages == 299 else 1.0), 0.0,
                                         f"guide.pdf: {pages} pages, 1 KB") for speed in HOST))
            for pages in (101, 200, 299)]


def test_growth_per_page_passes_linear_time_with_a_start_up_cost() -> None:
    small, _, big = guides(linear)
    assert timing.growth_per_page(small, big) <= 1.0


def test_growth_per_page_catches_a_cost_that_grows_with_the_page_count() -> None:
    small, _, big = guides(lambda pages: linear(pages) + 0.0002 * pages**2)  # 18 of 40 s at 299 pages
    assert timing.growth_per_page(small, big) > 1.25


def test_growth_per_page_moves_less_with_the_host_than_the_ratio_of_differences() -> None:
    small, middle, big = guides(linear, slower=1.15)  # the host 15 % slower during every 299-page run
    differences = timing.paired(lambda a, b, c: (c - b) / (b - a), small, middle, big)
    assert differences > 1.25 >= timing.growth_per_page(small, big)


def test_the_bench_finds_the_checkout_it_measures() -> None:
    assert (bench.ROOT / "Makefile").is_file()
    assert any((bench.ROOT / "source").glob("*.md"))


def test_the_technical_lesson_and_its_baseline_differ_only_by_formulas_and_code() -> None:
    rich, plain = generate.technical(), generate.technical(plain=True)
    assert rich.count("$$") == 20 and rich.count("```python") == 10
    assert "$" not in plain and "```" not in plain
    assert [line for line in plain.splitlines() if line.startswith("## ")] == [
        line for line in rich.splitlines() if line.startswith("## ")]


def test_the_formula_cost_verdict_is_the_ratio_of_the_two_builds() -> None:
    [_, row] = bench.targets_table({"technical": (sample(3.0, 3.0, 3.0), sample(2.0, 2.0, 2.0))})
    assert "1.50×" in row and row.endswith("PASS")
