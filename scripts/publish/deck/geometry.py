"""The deck's geometry (themes/<name>/deck/deck.yaml), for planner and templates.

Both the slide master/layout templates and the planner's measurements use
these boxes, so a theme changes where text goes in one file. The theme
loader has validated the file (publish.theme.DECK_GRAMMAR) and merged it
along `extends:`; lengths become points here, and the templates get the same
numbers converted to EMU.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from publish.deck.model import Box, LayoutKey
from publish.deck.template import template_of
from publish.model.diagnostics import error
from publish.theme import DECK_FILE, Theme, to_points

# Which placeholder holds each role: (type, idx). Layout templates and the
# writer both look placeholders up here; `None` type means a content placeholder.
PLACEHOLDERS: dict[str, tuple[str | None, int | None]] = {
    "title": ("title", None),
    "subtitle": ("subTitle", 1),
    "meta": ("body", 13),
    "body": (None, 1),
    "number": ("body", 1),
    "left": (None, 1),
    "right": (None, 2),
    "middle": (None, 3),
    "table": ("tbl", 1),
    "lead": ("body", 2),
    "picture": ("pic", 1),
    "caption": ("body", 2),
    "footer": ("ftr", 10),
    "slide_number": ("sldNum", 11),
}


@dataclass(frozen=True)
class Level:
    margin: float
    hang: float
    bullet: str


@dataclass(frozen=True)
class Geometry:
    """Slide size, text setting rules and every layout's boxes, in points (each converted once:
    the planner and the writer read them for every paragraph)."""

    raw: dict[str, Any]

    @cached_property
    def slide(self) -> tuple[float, float]:
        width, height = self.raw["slide"]
        return to_points(width), to_points(height)

    @cached_property
    def notes_page(self) -> tuple[float, float]:
        width, height = self.raw["notes_page"]
        return to_points(width), to_points(height)

    @cached_property
    def inset(self) -> tuple[float, float, float, float]:
        return _four(self.raw["text"]["inset"])

    @cached_property
    def line_spacing(self) -> float:
        return float(self.raw["text"]["line_spacing"])

    @cached_property
    def title_bold(self) -> bool:
        return bool(self.raw["text"]["title_bold"])

    @cached_property
    def paragraph_space(self) -> float:
        return float(self.raw["text"]["paragraph_space"])

    @cached_property
    def levels(self) -> tuple[Level, ...]:
        return tuple(Level(to_points(lv["margin"]), to_points(lv["hang"]), lv["bullet"])
                     for lv in self.raw["text"]["levels"])

    @cached_property
    def size_step(self) -> float:
        return to_points(self.raw["text"]["size_step"])

    @cached_property
    def cell_inset(self) -> tuple[float, float, float, float]:
        return _four(self.raw["table"]["cell_inset"])

    @cached_property
    def callout_border(self) -> float:
        return to_points(self.raw["callout"]["border"])

    @cached_property
    def resolution(self) -> int:
        return int(self.raw["picture"]["resolution"])

    def box(self, layout: LayoutKey, role: str) -> Box:
        """The layout's box for `role`, else the master's."""
        return _box(self.raw["layouts"][layout].get(role) or self.raw["master"][role], self.inset)

    def title_room(self, layout: LayoutKey) -> float:
        """How much a long title may grow its box on the layout (into the body, which gives the room up)."""
        return to_points(self.raw["layouts"][layout].get("title_growth", self.raw["text"]["title_growth"]))

    def has(self, layout: LayoutKey, role: str) -> bool:
        """Whether the layout has a place for `role` (a template's section slide may have no number)."""
        return role in self.raw["layouts"][layout] or role in self.raw["master"]

    def caps(self, layout: LayoutKey, role: str) -> bool:
        """Whether the layout draws the role's text in capitals (a template's section titles often are)."""
        return role in self.raw["layouts"][layout].get("caps", ())

    def face(self, layout: LayoutKey, role: str) -> str | None:
        """The font slide text in `role` is set in explicitly, where a template's layout names another
        font than the one the text was measured with; None where the text follows the master."""
        return self.raw["layouts"][layout].get("faces", {}).get(role)

    def layout_name(self, layout: LayoutKey) -> str:
        return str(self.raw["layouts"][layout]["name"])

    @cached_property
    def template(self) -> bool:
        """Whether the slides are built on an organisation's template rather than the theme's own layouts."""
        return bool(self.raw.get("template"))

    def layout_part(self, layout: LayoutKey) -> str | None:
        """The template layout's part name (template layouts may share a name); None for the theme's own."""
        return self.raw["layouts"][layout].get("part")

    def placeholder(self, layout: LayoutKey, role: str) -> int | None:
        """The idx of the placeholder that holds `role` on the layout; None when it has none (the role is
        then drawn as a shape of its own) or for the title, which is found by its type."""
        placed = self.raw["layouts"][layout].get("placeholders")
        if placed is not None:
            return None if role == "title" else placed.get(role)
        return PLACEHOLDERS[role][1]

    def drawn(self, layout: LayoutKey, role: str) -> Box:
        """Where the layout's own placeholder for `role` is: a plan that puts the role elsewhere moves it."""
        drawn = self.raw["layouts"][layout].get("drawn", {}).get(role)
        return _box(drawn, self.inset) if drawn is not None else self.box(layout, role)


def _four(values: list[str]) -> tuple[float, float, float, float]:
    left, top, right, bottom = (to_points(v) for v in values)
    return left, top, right, bottom


def _box(entry: Any, inset: tuple[float, float, float, float]) -> Box:
    if isinstance(entry, dict):
        inset = _four(entry["inset"]) if "inset" in entry else inset
        entry = entry["box"]
    x, y, w, h = (to_points(v) for v in entry)
    return Box(x, y, w, h, inset)


def load_geometry(theme: Theme) -> Geometry:
    """The theme's deck geometry: deck/deck.yaml, inherited and overridden along `extends:`, with the
    boxes of the organisation's template when the theme names one."""
    if theme.deck is None:
        raise error("deck-geometry", f"no {DECK_FILE} in the theme or the themes it extends",
                    theme.folder / "theme.yaml", fix="extend a theme that has one ('extends: default')")
    template = template_of(theme)
    return Geometry(template.geometry(theme) if template else theme.deck)
