"""Slide titles: a heading too long for its title box grows the box (the body gives up that
room, up to `text.title_growth`); only beyond that is it cut, with a warning. Every title comes
with its continuation variant ("... (cont.)"), set in the same box."""

from __future__ import annotations

from dataclasses import replace

from publish.deck.fit import Style
from publish.deck.model import Box, LayoutKey, Para, Run, TextFrame
from publish.deck.split import largest_fit
from publish.deck.typeset import Runs, Typesetter, cut

BIG_TITLE_LAYOUTS: frozenset[LayoutKey] = frozenset({"title", "section", "closing"})


def titles(setter: Typesetter, layout: LayoutKey, title: str, continued: str
           ) -> tuple[tuple[TextFrame, TextFrame], float]:
    """The title and its continuation variant, and how much their box had to grow for them."""
    box = setter.geometry.box(layout, "title")
    style = setter.style("title")
    sizes = setter.sizes("cover" if layout in BIG_TITLE_LAYOUTS else "title")
    if setter.geometry.caps(layout, "title"):  # measured as the layout draws it
        title, continued = title.upper(), continued.upper()
    variants = [(Run(title),), (Run(f"{title} {continued}"),)]
    needed = 0.0
    for runs in variants:
        wrapped = setter.measure.wrap(runs, box.text_width, style, sizes[-1])
        needed = max(needed, wrapped.height)
    growth = max(0.0, min(needed - box.text_height, setter.geometry.title_room(layout)))
    grown = replace(box, h=box.h + growth)
    frames = tuple(_title_frame(setter, grown, runs, style, sizes) for runs in variants)
    return (frames[0], frames[1]), growth


def shrink_top(box: Box, growth: float) -> Box:
    """A body box below a title that grew by `growth`."""
    return replace(box, y=box.y + growth, h=box.h - growth)


def _title_frame(setter: Typesetter, box: Box, runs: Runs, style: Style, sizes: list[float]) -> TextFrame:
    measure = setter.measure

    def attempt(size: float) -> tuple[Runs, bool, bool]:
        wrapped = measure.wrap(runs, box.text_width, style, size)
        return wrapped.runs, wrapped.height <= box.text_height, wrapped.runs != runs

    found = largest_fit(sizes, attempt)
    if found:
        balanced = setter.balance(found[1], box.text_width, style, found[0])
        return TextFrame("title", (Para(balanced, kind="plain"),), found[0], box)
    floor = sizes[-1]
    setter.warn(f"the heading {''.join(r.text for r in runs)[:60]!r} is too long for a slide title and was cut",
                "shorten the heading")
    short = cut(runs, lambda r: measure.wrap(r, box.text_width, style, floor).height <= box.text_height)
    return TextFrame("title", (Para(measure.wrap(short, box.text_width, style, floor).runs, kind="plain"),),
                     floor, box)
