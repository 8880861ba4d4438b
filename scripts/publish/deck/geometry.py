"""The deck's geometry (themes/<name>/deck/deck.yaml), read once for planner and templates.

Both the slide master/layout templates and the planner's measurements use
these boxes, so a theme changes where text goes in one file. Lengths become
points here; the templates get the same numbers converted to EMU.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, get_args

import yaml

from ..diagnostics import error
from ..theme import Theme, to_points
from .model import Box, LayoutKey

GEOMETRY_FILE = Path("deck") / "deck.yaml"

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
    """Slide size, text setting rules and every layout's boxes, in points."""

    raw: dict[str, Any]
    file: Path

    @property
    def slide(self) -> tuple[float, float]:
        width, height = self.raw["slide"]
        return to_points(width), to_points(height)

    @property
    def notes_page(self) -> tuple[float, float]:
        width, height = self.raw["notes_page"]
        return to_points(width), to_points(height)

    @property
    def inset(self) -> tuple[float, float, float, float]:
        return _four(self.raw["text"]["inset"])

    @property
    def line_spacing(self) -> float:
        return float(self.raw["text"]["line_spacing"])

    @property
    def title_bold(self) -> bool:
        return bool(self.raw["text"]["title_bold"])

    @property
    def paragraph_space(self) -> float:
        return float(self.raw["text"]["paragraph_space"])

    @property
    def levels(self) -> tuple[Level, ...]:
        return tuple(Level(to_points(lv["margin"]), to_points(lv["hang"]), lv["bullet"])
                     for lv in self.raw["text"]["levels"])

    @property
    def title_growth(self) -> float:
        return to_points(self.raw["text"]["title_growth"])

    @property
    def size_step(self) -> float:
        return to_points(self.raw["text"]["size_step"])

    @property
    def cell_inset(self) -> tuple[float, float, float, float]:
        return _four(self.raw["table"]["cell_inset"])

    @property
    def resolution(self) -> int:
        return int(self.raw["picture"]["resolution"])

    def box(self, layout: LayoutKey, role: str) -> Box:
        """The layout's box for `role`, else the master's."""
        entry = self.raw["layouts"][layout].get(role, self.raw["master"].get(role))
        if entry is None:
            raise KeyError(f"{self.file}: layout '{layout}' has no '{role}' box")
        return _box(entry, self.inset)

    def layout_name(self, layout: LayoutKey) -> str:
        return str(self.raw["layouts"][layout]["name"])


def _checked(geometry: Geometry) -> Geometry:
    """Touch every value once, so a mistake in deck.yaml is reported as such, not as a crash later."""
    raw = geometry.raw
    try:
        _ = (geometry.slide, geometry.notes_page, geometry.inset, geometry.line_spacing, geometry.title_bold,
             geometry.paragraph_space, geometry.levels, geometry.title_growth, geometry.cell_inset,
             geometry.resolution, to_points(raw["table"]["border"]), to_points(raw["callout"]["border"]))
        if geometry.size_step <= 0:
            raise ValueError("text.size_step must be above 0pt")
        for layout in get_args(LayoutKey):
            geometry.layout_name(layout)
            for role in raw["layouts"][layout].keys() - {"name"}:
                geometry.box(layout, role)
        for section in ("master", "notes"):
            for entry in raw[section].values():
                _box(entry, geometry.inset)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise error("deck-geometry", f"deck geometry is incomplete or malformed ({type(exc).__name__}: {exc})",
                    geometry.file, fix="compare it with themes/default/deck/deck.yaml") from None
    return geometry


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
    """The first deck/deck.yaml along the theme's `extends:` chain."""
    return _load(theme.chain)


@cache
def _load(chain: tuple[Path, ...]) -> Geometry:
    for folder in chain:
        file = folder / GEOMETRY_FILE
        if file.is_file():
            try:
                raw = yaml.safe_load(file.read_text(encoding="utf-8"))
            except yaml.YAMLError as exc:
                raise error("deck-geometry", f"not valid YAML: {exc}", file) from None
            return _checked(Geometry(raw, file))
    raise error("deck-geometry", "no deck/deck.yaml in the theme or the themes it extends", chain[0],
                fix="extend a theme that has one ('extends: default')")
