"""The organisation's own PowerPoint template as the deck's design.

    template = load_template(path, pins)   # cached per file version
    template.geometry(base)               # deck.yaml's shape, with the template's boxes
    template.data                         # the package python-pptx opens: masters, layouts, theme

The deck is built on the template's slide masters, layouts, theme colours,
fonts and backgrounds as they are; the planner measures text in the boxes of
the layouts chosen for each kind of slide (layouts.py), with the template's
insets, bullet indents and theme fonts (their metric-compatible families when
the fonts themselves are not installed).
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn

from publish.deck.model import Box, LayoutKey
from publish.deck.template.archive import PARSER, CleanPackage, clean_package
from publish.deck.template.layouts import (
    EMU_PER_POINT,
    KIND_NAMES,
    Choice,
    TemplateLayout,
    best,
    choose_layouts,
    read_layouts,
    typeface,
)
from publish.model.diagnostics import Diagnostic, error
from publish.theme import Theme, installed_family, substitute_family, to_points

# Families that set text in the same widths as the fonts Office templates name, so that what is
# measured here is what PowerPoint draws (the Liberation, Crosextra and Gelasio families); Calibri
# Light has no such family, Carlito is the nearest for the guide. Measuring uses one only where
# fontconfig draws it for the font, as LibreOffice will.
METRIC_COMPATIBLE = {
    "calibri": "Carlito", "calibri light": "Carlito", "cambria": "Caladea", "arial": "Liberation Sans",
    "helvetica": "Liberation Sans", "arial narrow": "Liberation Sans Narrow", "times new roman": "Liberation Serif",
    "times": "Liberation Serif", "courier new": "Liberation Mono", "georgia": "Gelasio",
}
HEADING_ROLES = ("title", "number")  # set in the heading font (publish.deck.typeset)
SCHEME_COLOURS = ("dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6",
                  "hlink", "folHlink")


@dataclass(frozen=True)
class DeckTemplate:
    path: Path
    data: bytes  # the cleaned package
    slide: tuple[float, float]  # points
    choices: dict[LayoutKey, Choice]
    levels: tuple[tuple[float, float, str], ...]  # the master's bullet levels: margin, hang, bullet
    fonts: tuple[str, str]  # the Latin typefaces of titles and body text: the master's, else the theme's
    title_bold: bool
    colours: dict[str, str]  # the theme's colour scheme: dk1 ... folHlink as '#RRGGBB'
    chrome: dict[str, Box]  # the first master's title, body, footer, slide number and date boxes
    notes: tuple[Diagnostic, ...]  # what was taken out or substituted, said once

    def geometry(self, theme: Theme) -> dict[str, Any]:
        """The theme's deck geometry with the slide size, text rules and boxes of this template."""
        raw = copy.deepcopy(theme.deck or {})
        raw["slide"] = [_pt(v) for v in self.slide]
        raw["template"] = True
        raw["text"]["title_bold"] = self.title_bold
        if self.levels:
            raw["text"]["levels"] = _levels_with_room(self.levels, raw["text"]["levels"])
        raw["text"]["inset"] = [_pt(v) for v in self.choices["content"].boxes["body"].inset]
        content = self.choices["content"]
        master = raw["master"]
        for role in ("title", "body"):
            master[role] = _entry(content.boxes[role])
        for role in ("footer", "slide_number"):
            if role in self.chrome:
                master[role] = _entry(self.chrome[role])
        growth = to_points(raw["text"]["title_growth"])
        raw["layouts"] = {}
        for key, choice in self.choices.items():
            entry: dict[str, Any] = {"name": choice.layout.name, "part": choice.layout.partname,
                                     "placeholders": {role: p.idx for role, p in choice.placeholders.items()},
                                     "drawn": {role: _entry(p.box) for role, p in choice.placeholders.items()},
                                     "faces": _faces(choice, self.fonts),
                                     "caps": [role for role, p in choice.placeholders.items() if p.caps],
                                     "title_growth": _pt(_title_room(choice, growth))}
            raw["layouts"][key] = entry | {role: _entry(box) for role, box in choice.boxes.items()}
        return raw


FIXED_ROLES = ("subtitle", "meta", "number", "caption")  # boxes a growing title may not run into


def _levels_with_room(levels: tuple[tuple[float, float, str], ...], own: list[dict[str, Any]]
                      ) -> list[dict[str, Any]]:
    """The template's bullet levels, each bullet where the template puts it, its text at least as far
    from it as the theme's (a number such as "12." needs that room; PowerPoint would push the text on)."""
    result = []
    for n, (margin, hang, bullet) in enumerate(levels):
        room = to_points(own[min(n, len(own) - 1)]["hang"])
        start = margin - hang
        result.append({"margin": _pt(start + max(hang, room)), "hang": _pt(max(hang, room)), "bullet": bullet})
    return result


def _title_room(choice: Choice, growth: float) -> float:
    """How far the title may grow down: into the content below it (which gives up that room), not
    into a caption or subtitle placed under it."""
    title = choice.boxes["title"]
    bottom = title.y + title.h
    below = [box.y - bottom for role, box in choice.boxes.items() if role in FIXED_ROLES
             and box.y >= bottom - 1 and box.x < title.x + title.w and title.x < box.x + box.w]
    return max(0.0, min([growth, *below]))


def _faces(choice: Choice, fonts: tuple[str, str]) -> dict[str, str]:
    """Roles whose placeholder names a font of its own: their text is set in the font it is measured in."""
    faces = {}
    for role, placeholder in choice.placeholders.items():
        font = fonts[0] if role in HEADING_ROLES else fonts[1]
        if placeholder.typeface and placeholder.typeface != font:
            faces[role] = font
    return faces


def _pt(value: float) -> str:
    return f"{value:.3f}pt"


def _entry(box: Box) -> dict[str, Any]:
    return {"box": [_pt(v) for v in (box.x, box.y, box.w, box.h)], "inset": [_pt(v) for v in box.inset]}


def load_template(path: Path, pins: dict[str, str] | None = None, where: tuple[Path, int | None] | None = None
                  ) -> DeckTemplate:
    """The template at `path`, read once per version of the file; `pins` name layouts for kinds."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise error("deck-template", f"the deck template cannot be read ({exc.strerror or exc})", path, None,
                    "check the path of deck: template: in theme.yaml, or of --deck-template") from None
    return _load(path, stat.st_mtime_ns, stat.st_size, tuple(sorted((pins or {}).items())), where)


@lru_cache(maxsize=8)
def _load(path: Path, _mtime: int, _size: int, pins: tuple[tuple[str, str], ...],
          where: tuple[Path, int | None] | None) -> DeckTemplate:
    package = clean_package(path)
    try:
        prs = Presentation(io.BytesIO(package.data))
    except Exception as exc:  # python-pptx raises many kinds for a damaged part; any of them means the same
        raise error("deck-template", f"the template cannot be opened ({type(exc).__name__}: {exc})", path, None,
                    "save it again from PowerPoint or LibreOffice") from None
    if not len(prs.slide_masters):
        raise error("deck-template", "the template has no slide master", path, None,
                    "use a .potx or .pptx saved by PowerPoint or LibreOffice")
    slide = ((prs.slide_width or 12192000) / EMU_PER_POINT, (prs.slide_height or 6858000) / EMU_PER_POINT)
    layouts = read_layouts(prs)
    pinned = _pinned(layouts, dict(pins), slide, path, where)
    try:
        choices, borrowed = choose_layouts(layouts, slide, pinned)
    except LookupError:
        raise error("deck-template", "the template has no layout with a title and one content placeholder "
                    "(PowerPoint's 'Title and Content')", path, None,
                    "add such a layout to the template's slide master in PowerPoint (View > Slide Master)") from None
    master = prs.slide_masters[0]
    theme = etree.fromstring(master.part.part_related_by(RT.THEME).blob, PARSER)
    fonts, title_bold = _text_fonts(master.element, theme)
    notes = [*_package_notes(package, path), *_layout_notes(choices, borrowed, fonts, path)]
    return DeckTemplate(path, package.data, slide, choices, _levels(master.element), fonts, title_bold,
                        _colours(theme), _chrome(master), tuple(notes))


def _pinned(layouts: list[TemplateLayout], pins: dict[str, str], slide: tuple[float, float], path: Path,
            where: tuple[Path, int | None] | None) -> dict[LayoutKey, Choice]:
    """The layouts the theme names for kinds of slide, each checked to hold what its kind needs
    (the theme's grammar allows only the kinds in PINNABLE_LAYOUTS)."""
    chosen: dict[LayoutKey, Choice] = {}
    names = ", ".join(dict.fromkeys(f"'{layout.name}'" for layout in layouts))
    file, line = where or (path, None)
    for kind, name in pins.items():
        key = cast(LayoutKey, kind)
        matching = [layout for layout in layouts if layout.name == name]
        if not matching:
            raise error("theme-value", f"deck.layouts.{key}: the template has no layout named '{name}'", file, line,
                        f"name one of its layouts: {names}")
        choice = best(matching, key, slide[0] * slide[1])
        if choice is None:
            raise error("theme-value", f"deck.layouts.{key}: layout '{name}' lacks the placeholders a "
                        f"{KIND_NAMES.get(key, key)} slide needs", file, line, f"name another layout: {names}")
        chosen[key] = choice
    return chosen


def _layout_notes(choices: dict[LayoutKey, Choice], borrowed: list[tuple[LayoutKey, str]], fonts: tuple[str, str],
                  path: Path) -> list[Diagnostic]:
    """Said once per template: the kinds that borrow another kind's layout, the placeholders whose own
    font is replaced by the one the text is measured in."""
    notes = []
    own = sorted({p.typeface for c in choices.values() for r, p in c.placeholders.items()
                  if r in _faces(c, fonts) and p.typeface})
    if own:
        notes.append(Diagnostic("deck-template-font", f"the template's layouts set some placeholders in "
                                f"{', '.join(own)}; slide text there is set in the template's theme fonts "
                                f"({' and '.join(dict.fromkeys(fonts))}), which it is measured with, so that it fits",
                                path, None, "use the theme fonts in the template's layouts to silence this"))
    if borrowed:
        said = "; ".join(f"{KIND_NAMES[key]} slides use '{name}'" for key, name in borrowed)
        notes.append(Diagnostic("deck-template-layout", f"the template has no layout for some kinds of slide: {said}",
                                path, None, "add such layouts to the template, or pin one by name in theme.yaml "
                                "(deck: {layouts: {section: \"...\"}})"))
    return notes


def _package_notes(package: CleanPackage, path: Path) -> list[Diagnostic]:
    notes = []
    if package.macros:
        notes.append(Diagnostic("deck-template-macros", "the template's macros were left out of the deck", path, None,
                                "save the template as .potx (without macros) to silence this"))
    if package.external:
        shown = ", ".join(sorted(set(package.external))[:3])
        notes.append(Diagnostic("deck-template-links", f"the template links to files outside it ({shown}); "
                                "the links were cut", path, None, "embed linked pictures in the template instead"))
    return notes


def _levels(master: Any) -> tuple[tuple[float, float, str], ...]:
    """The master's body text levels with a bullet hanging in front of the text (others are left
    to the theme's deck.yaml)."""
    style = master.find(f"{qn('p:txStyles')}/{qn('p:bodyStyle')}")
    levels = []
    for n in range(1, 6):
        level = style.find(qn(f"a:lvl{n}pPr")) if style is not None else None
        if level is None:
            break
        margin, indent = int(level.get("marL", "0")), int(level.get("indent", "0"))
        bullet = level.find(qn("a:buChar"))
        if indent >= 0 or margin + indent < 0:
            break
        levels.append((margin / EMU_PER_POINT, -indent / EMU_PER_POINT,
                       bullet.get("char", "•") if bullet is not None else "•"))
    return tuple(levels)


def _text_fonts(master: Any, theme: Any) -> tuple[tuple[str, str], bool]:
    """The typefaces of titles and body text (the master's text styles may name fonts other than the
    theme's major and minor ones), and whether titles are bold."""
    found = []
    for style, which in (("titleStyle", "majorFont"), ("bodyStyle", "minorFont")):
        named = typeface(master, f"{qn('p:txStyles')}/{qn('p:' + style)}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}/"
                                 f"{qn('a:latin')}")
        found.append(named or typeface(theme, f".//{qn('a:fontScheme')}/{qn('a:' + which)}/{qn('a:latin')}") or "")
    title = master.find(f"{qn('p:txStyles')}/{qn('p:titleStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
    return (found[0], found[1]), title is not None and title.get("b") in ("1", "true")


def _colours(theme: Any) -> dict[str, str]:
    scheme = theme.find(f".//{qn('a:clrScheme')}")
    colours = {}
    for name in SCHEME_COLOURS:
        element = scheme.find(qn(f"a:{name}")) if scheme is not None else None
        value = None
        if element is not None and len(element):
            colour = element[0]
            value = colour.get("val") if colour.tag == qn("a:srgbClr") else colour.get("lastClr")
        if value and len(value) == 6:
            colours[name] = f"#{value.upper()}"
    return colours


def _chrome(master: Any) -> dict[str, Box]:
    """The first master's own footer, slide number and date boxes, where it has them."""
    kinds = {"ftr": "footer", "sldNum": "slide_number", "dt": "date"}
    found: dict[str, Box] = {}
    for shape in master.placeholders:
        ph = shape.element.find(f".//{qn('p:ph')}")
        role = kinds.get(ph.get("type", "") if ph is not None else "")
        if role and shape.width and shape.height:
            found[role] = Box(shape.left / EMU_PER_POINT, shape.top / EMU_PER_POINT, shape.width / EMU_PER_POINT,
                              shape.height / EMU_PER_POINT)
    return found


# ---------------------------------------------------------------------- the theme the deck is measured with

def template_of(theme: Theme) -> DeckTemplate | None:
    """The theme's deck template, read and checked, or None when the deck uses the theme's own design."""
    path = theme.deck_template
    if path is None:
        return None
    pins = (theme.tokens.get("deck") or {}).get("layouts") or {}
    return load_template(path, {k: v for k, v in pins.items() if v}, theme.where("deck", "layouts"))


def measuring_family(office: str, fallback: str) -> tuple[str, str | None]:
    """The installed family text in `office` is measured with, and a note when it is not that font or
    one with its widths: then it is the family this machine draws instead (so a LibreOffice render
    fits; PowerPoint, with the font itself, sets it no wider). No font named: the theme's `fallback`."""
    if not office or office.startswith("+"):
        return fallback, None
    if installed_family(office):
        return office, None
    drawn = substitute_family(office)
    compatible = METRIC_COMPATIBLE.get(office.lower())
    if compatible and drawn and drawn.lower() == compatible.lower():
        return compatible, None
    family = drawn if drawn and installed_family(drawn) else fallback
    return family, f"font '{office}' of the template is not installed and no family with its widths stands in for it"


def deck_theme(theme: Theme) -> tuple[Theme, list[Diagnostic]]:
    """The theme with the template's heading and body fonts, measured as PowerPoint will set them."""
    template = template_of(theme)
    if template is None:
        return theme, []
    fonts = dict(theme.tokens["fonts"])
    notes = list(template.notes)
    for role, office in zip(("heading", "body"), template.fonts, strict=True):
        if not office:
            continue
        family, problem = measuring_family(office, theme.font(role).family)
        if problem:
            notes.append(Diagnostic("deck-template-font", f"{problem}; slide text is measured with {family}, which "
                                    "this machine draws instead", template.path, None,
                                    f"install '{office}' on the machine that builds the deck, for text set as wide "
                                    "as the template's font sets it"))
        fonts[role] = {"family": family, "office": office}
    return replace(theme, tokens={**theme.tokens, "fonts": fonts}), notes
