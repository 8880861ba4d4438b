"""Choosing a font size and sharing content out over slides: pure functions of measured heights."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def largest_fit(sizes: list[float], attempt: Callable[[float], tuple[T, bool, bool]]) -> tuple[float, T] | None:
    """The largest size at which `attempt` -> (result, fits, broke a word) fits, preferring sizes that
    need no word broken: a slightly smaller font reads better than a hyphen in a name."""
    fallback = None
    for size in sizes:
        result, fits, broken = attempt(size)
        if fits and not broken:
            return size, result
        if fits and fallback is None:
            fallback = size, result
    return fallback


def partition(heights: list[float], counts: list[int], room: float, most: int) -> list[list[int]]:
    """Greedy: fill each slide up to `room` (heights include the space above) and `most` bullets."""
    parts: list[list[int]] = []
    height, count = 0.0, 0
    for index, (h, c) in enumerate(zip(heights, counts, strict=True)):
        if parts and parts[-1] and (height + h > room or count + c > most):
            parts.append([])
            height, count = 0.0, 0
        if not parts:
            parts.append([])
        parts[-1].append(index)
        height, count = height + h, count + c
    return parts


def balanced(heights: list[float], counts: list[int], room: float, most: int, slides: int
             ) -> list[list[int]] | None:
    """Split into at most `slides` parts as evenly as the heights allow, or None if they do not fit."""
    if any(h > room for h in heights) or len(partition(heights, counts, room, most)) > slides:
        return None
    low, high = max(heights, default=0.0), room
    for _ in range(40):
        middle = (low + high) / 2
        if len(partition(heights, counts, middle, most)) <= slides:
            high = middle
        else:
            low = middle
    return partition(heights, counts, high, most)
