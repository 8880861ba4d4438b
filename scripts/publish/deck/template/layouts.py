"""What a template's layouts hold, and which of them each kind of slide is built on.

A layout is judged by its placeholders (their types, sizes and places), never
by its name or position, so a template whose layouts are called "Titelfolie"
or "Conteúdo", or that has thirty of them in any order, works as well as
Office's own. Where a kind has no layout of its own, the closest one is used
and its boxes are shared out (a table under a lead, two columns side by
side); the choice is reported once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationObject

from publish.deck.model import Box, LayoutKey

EMU_PER_POINT = 12700
DEFAULT_INSET = (7.2, 3.6, 7.2, 3.6)  # OOXML's bodyPr defaults: 0.1in and 0.05in
TITLES = frozenset({"title", "ctrTitle"})
TEXT = frozenset({"obj", "body"})
GRAPHIC = frozenset({"pic", "tbl", "chart", "dgm", "clipArt", "media"})
CHROME = frozenset({"dt", "ftr", "sldNum", "hdr", "sldImg"})
INHERITED_FROM = {"title": "title", "ctrTitle": "title", "dt": "dt", "ftr": "ftr", "sldNum": "sldNum"}  # else body
LARGE = 0.12  # a content placeholder covers at least this share of the slide
GAP = 0.3 * 72  # between boxes shared out of one placeholder
KIND_NAMES: dict[LayoutKey, str] = {"title": "title slide", "section": "section header", "content": "content",
                                     "two": "two columns", "picture": "picture with caption"}


@dataclass(frozen=True)
class Placeholder:
    kind: str  # the OOXML placeholder type: title, ctrTitle, subTitle, body, obj, pic, tbl, ftr, ...
    idx: int
    box: Box  # in points, with the text inset
    typeface: str | None = None  # a font the layout or master sets for this placeholder instead of the theme's
    caps: bool = False  # the text is drawn in capitals (cap="all" or "small")

    @property
    def area(self) -> float:
        return self.box.w * self.box.h


@dataclass(frozen=True)
class TemplateLayout:
    partname: str
    name: str
    master: int  # which slide master it belongs to (the first is preferred on a tie)
    type: str | None  # the layout's declared type (title, obj, secHead, twoObj, picTx, ...), if any
    placeholders: tuple[Placeholder, ...]

    def of(self, *kinds: str) -> list[Placeholder]:
        return sorted((p for p in self.placeholders if p.kind in kinds), key=lambda p: (p.box.y, p.box.x))

    @property
    def title(self) -> Placeholder | None:
        found = self.of("ctrTitle") or self.of("title")
        return found[0] if found else None


@dataclass(frozen=True)
class Choice:
    """A layout for one kind of slide: which placeholder holds each role, and where each role's box is
    (a role without a placeholder is drawn as a shape of its own in its box)."""

    layout: TemplateLayout
    placeholders: dict[str, Placeholder]
    boxes: dict[str, Box]
    score: float


def read_layouts(prs: PresentationObject) -> list[TemplateLayout]:
    """Every layout of every slide master, with its placeholders' boxes as PowerPoint draws them
    (a placeholder without its own position takes its master's)."""
    layouts = []
    for number, master in enumerate(prs.slide_masters):
        inherited = {_kind(shape.element): shape for shape in master.placeholders}
        styles = {style: _style_caps(master.element, style) for style in ("titleStyle", "bodyStyle")}
        for layout in master.slide_layouts:
            found = []
            for shape in layout.placeholders:
                kind = _kind(shape.element)
                base = inherited.get(INHERITED_FROM.get(kind, "body"))
                box = _box(shape, base)
                if box is not None:
                    caps = _caps(shape, base, styles["titleStyle" if kind in TITLES else "bodyStyle"])
                    found.append(Placeholder(kind, shape.placeholder_format.idx, box, _typeface(shape, base), caps))
            layouts.append(TemplateLayout(str(layout.part.partname), layout.name, number,
                                          layout.element.get("type"), tuple(found)))
    return layouts


def _kind(element: Any) -> str:
    ph = element.find(f".//{qn('p:ph')}")
    return ph.get("type", "obj") if ph is not None else "obj"


def _box(shape: Any, base: Any) -> Box | None:
    if None in (shape.left, shape.top, shape.width, shape.height) or not shape.width or not shape.height:
        return None
    inset = tuple(_inset(shape, base, side, default) for side, default in zip(
        ("lIns", "tIns", "rIns", "bIns"), DEFAULT_INSET, strict=True))
    return Box(shape.left / EMU_PER_POINT, shape.top / EMU_PER_POINT, shape.width / EMU_PER_POINT,
               shape.height / EMU_PER_POINT, inset)  # type: ignore[arg-type]


def typeface(element: Any, path: str) -> str | None:
    """The Latin typeface a text style names at `path` (theme font references such as +mn-lt are not names)."""
    latin = element.find(path)
    face = latin.get("typeface", "") if latin is not None else ""
    return face if _named_font(face) else None


def _named_font(face: str) -> bool:
    return bool(face) and not face.startswith("+")


LEVEL_ONE = f".//{qn('a:lstStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}"


def _inherited(shape: Any, base: Any, path: str, attribute: str,
               usable: Callable[[str], bool] = lambda value: True) -> str | None:
    """An attribute at `path` as PowerPoint inherits it: the layout placeholder's, else its master's."""
    for source in (shape, base):
        found = source.element.find(path) if source is not None else None
        value = found.get(attribute) if found is not None else None
        if value is not None and usable(value):
            return str(value)
    return None


def _typeface(shape: Any, base: Any) -> str | None:
    return _inherited(shape, base, f"{LEVEL_ONE}/{qn('a:latin')}", "typeface", _named_font)


def _caps(shape: Any, base: Any, master_style: bool) -> bool:
    cap = _inherited(shape, base, LEVEL_ONE, "cap")
    return master_style if cap is None else cap in ("all", "small")


def _style_caps(master: Any, style: str) -> bool:
    found = master.find(f"{qn('p:txStyles')}/{qn('p:' + style)}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
    return found is not None and found.get("cap") in ("all", "small")


def _inset(shape: Any, base: Any, side: str, default: float) -> float:
    value = _inherited(shape, base, f".//{qn('a:bodyPr')}", side)
    return default if value is None else int(value) / EMU_PER_POINT


# ---------------------------------------------------------------------- what each kind needs

def _large(layout: TemplateLayout, kinds: frozenset[str], slide_area: float) -> list[Placeholder]:
    return [p for p in layout.of(*kinds) if p.area >= LARGE * slide_area]


def _extra(layout: TemplateLayout, used: Sequence[Placeholder]) -> int:
    """Placeholders the slide will not fill (they are removed from it, but a busier layout fits worse)."""
    return sum(1 for p in layout.placeholders if p.kind not in CHROME and p not in used)


def _title_slide(layout: TemplateLayout, area: float) -> Choice | None:
    title = layout.title
    if title is None or _large(layout, frozenset({"obj"}) | GRAPHIC, area):
        return None
    below = [p for p in layout.of("subTitle", "body") if p.box.y >= title.box.y + title.box.h * 0.5]
    subtitle = layout.of("subTitle")[:1] or below[:1]
    if title.kind != "ctrTitle" and not layout.of("subTitle"):
        return None
    meta = [p for p in below if p not in subtitle][:1]
    roles = {"title": title} | dict(zip(("subtitle", "meta"), [*subtitle, *meta], strict=False))
    score = 2 * (title.kind == "ctrTitle") + bool(layout.of("subTitle")) + 2 * (layout.type == "title")
    return _choice(layout, roles, score - 0.1 * _extra(layout, list(roles.values())))


def _section(layout: TemplateLayout, area: float) -> Choice | None:
    title, bodies = layout.title, layout.of("body")
    if title is None or title.kind != "title" or len(bodies) != 1 or layout.of("obj", *GRAPHIC):
        return None
    roles = {"title": title, "number": bodies[0]}
    return _choice(layout, roles, 1 + 3 * (layout.type == "secHead") - 0.1 * _extra(layout, list(roles.values())))


def _content(layout: TemplateLayout, area: float) -> Choice | None:
    """A title and the largest text placeholder; every further large one makes the layout a worse fit."""
    title, bodies = layout.title, sorted(_large(layout, TEXT, area), key=lambda p: -p.area)
    if title is None or title.kind != "title" or not bodies:
        return None
    roles = {"title": title, "body": bodies[0]}
    score = 1 + (bodies[0].kind == "obj") + 2 * (layout.type == "obj") - 0.5 * (len(bodies) - 1)
    return _choice(layout, roles, score - 0.1 * _extra(layout, list(roles.values())))


def _columns(count: int) -> Callable[[TemplateLayout, float], Choice | None]:
    roles = ("left", "middle", "right") if count == 3 else ("left", "right")

    def choose(layout: TemplateLayout, area: float) -> Choice | None:
        title = layout.title
        columns = sorted(_large(layout, TEXT | GRAPHIC, area * 0.5), key=lambda p: p.box.x)
        if title is None or len(columns) != count or not _side_by_side(columns):
            return None
        placed = {"title": title} | dict(zip(roles, columns, strict=True))
        score = 1 + 2 * (layout.type in ("twoObj", "twoTxTwoObj") and count == 2)
        return _choice(layout, placed, score - 0.1 * _extra(layout, list(placed.values())))
    return choose


def _spans(top: Box, below: Box) -> bool:
    """Whether a box sits above another, across (most of) its width."""
    return top.y < below.y and min(top.x + top.w, below.x + below.w) - max(top.x, below.x) >= 0.8 * below.w


def _side_by_side(columns: Sequence[Placeholder]) -> bool:
    return all(a.box.x + a.box.w <= b.box.x + 1 and abs(a.box.y - b.box.y) < a.box.h / 2
               for a, b in pairwise(columns))


def _picture(layout: TemplateLayout, area: float) -> Choice | None:
    title, pictures = layout.title, _large(layout, frozenset({"pic"}), area)
    if title is None or len(pictures) != 1 or not _spans(title.box, pictures[0].box):
        return None  # a title beside or below the picture (Office's own) is too small for a slide's heading
    captions = layout.of("body")
    roles = {"title": title, "picture": pictures[0]} | ({"caption": captions[0]} if captions else {})
    score = 2 + 2 * (layout.type == "picTx") - 0.1 * _extra(layout, list(roles.values()))
    return _choice(layout, roles, score)


def _table(layout: TemplateLayout, area: float) -> Choice | None:
    title, tables = layout.title, _large(layout, frozenset({"tbl"}), area)
    if title is None or len(tables) != 1:
        return None
    roles = {"title": title, "table": tables[0]}
    return _choice(layout, roles, 2 - 0.1 * _extra(layout, list(roles.values())))


def _choice(layout: TemplateLayout, roles: dict[str, Placeholder], score: float) -> Choice:
    return Choice(layout, roles, {role: p.box for role, p in roles.items()}, score)


FINDERS: dict[LayoutKey, Callable[[TemplateLayout, float], Choice | None]] = {
    "title": _title_slide, "section": _section, "content": _content, "two": _columns(2), "three": _columns(3),
    "picture": _picture, "table": _table,
}


def best(layouts: Sequence[TemplateLayout], key: LayoutKey, area: float) -> Choice | None:
    """The layout that suits `key` best; the first master's, then the earliest, on a tie."""
    found = [(choice.score, -layout.master, -n, choice) for n, layout in enumerate(layouts)
             if (choice := FINDERS[key](layout, area)) is not None]
    return max(found, key=lambda item: item[:3])[3] if found else None


# ---------------------------------------------------------------------- every kind's layout and boxes

FALLBACKS: dict[LayoutKey, tuple[LayoutKey, ...]] = {
    "title": ("section", "content"), "section": ("title", "content"), "two": ("content",),
    "three": ("content",), "picture": ("content",), "table": ("content",),
}
SAME_AS_CONTENT: tuple[LayoutKey, ...] = ("agenda", "callout", "closing")
MAIN_ROLE = ("body", "subtitle", "number")  # the role a layout of another kind lends its main box from


def choose_layouts(layouts: Sequence[TemplateLayout], slide: tuple[float, float],
                   pinned: dict[LayoutKey, Choice]) -> tuple[dict[LayoutKey, Choice], list[tuple[LayoutKey, str]]]:
    """Each kind's layout and boxes, and the kinds that had to borrow another kind's layout (with its name).
    LookupError when the template has no layout with a title and one content placeholder."""
    area = slide[0] * slide[1]
    found = {key: pinned.get(key) or best(layouts, key, area) for key in FINDERS}
    if found["content"] is None:
        raise LookupError("content")
    chosen: dict[LayoutKey, Choice] = {}
    borrowed: list[tuple[LayoutKey, str]] = []
    for key in FINDERS:
        choice = found[key]
        if choice is None:
            lender = next(k for k in FALLBACKS[key] if found[k] is not None)
            choice = _lent(found[lender], key)  # type: ignore[arg-type]
            if key in KIND_NAMES:
                borrowed.append((key, choice.layout.name))
        chosen[key] = _completed(choice, key, slide)
    for key in SAME_AS_CONTENT:
        chosen[key] = chosen["content"]
    chosen["callout"] = _callout(chosen["content"])
    return chosen, borrowed


def _lent(choice: Choice, key: LayoutKey) -> Choice:
    """A layout of another kind, its main placeholder given the role `key` fills first."""
    role = next(r for r in MAIN_ROLE if r in choice.placeholders)
    target = {"title": "subtitle", "two": "left", "three": "left", "picture": "picture", "table": "table"}.get(key)
    placeholders = {r: p for r, p in choice.placeholders.items() if r not in MAIN_ROLE}
    boxes = {r: b for r, b in choice.boxes.items() if r not in MAIN_ROLE}
    if target is not None:  # a section slide on another layout has its title alone, without the number
        placeholders[target], boxes[target] = choice.placeholders[role], choice.boxes[role]
    return Choice(choice.layout, placeholders, boxes, choice.score)


def _completed(choice: Choice, key: LayoutKey, slide: tuple[float, float]) -> Choice:
    """Boxes for every role `key` draws: those its layout has no placeholder for are carved out of
    the main box (columns side by side, a lead above the table, a caption below the picture) or set
    below the title (the subtitle and meta lines)."""
    boxes = dict(choice.boxes)
    if key in ("two", "three") and "right" not in boxes:
        main = boxes["left"]
        roles = ("left", "middle", "right") if key == "three" else ("left", "right")
        width = (main.w - GAP * (len(roles) - 1)) / len(roles)
        for n, role in enumerate(roles):
            boxes[role] = Box(main.x + n * (width + GAP), main.y, width, main.h, main.inset)
    elif key == "table":
        main = boxes["table"]
        lead = min(main.h * 0.2, 0.95 * 72)
        boxes["lead"] = Box(main.x, main.y, main.w, lead, main.inset)
        boxes["table"] = Box(main.x, main.y + lead + GAP / 3, main.w, main.h - lead - GAP / 3, main.inset)
    elif key == "picture" and "caption" not in boxes:
        main = boxes["picture"]
        caption = min(main.h * 0.15, 0.55 * 72)
        boxes["picture"] = Box(main.x, main.y, main.w, main.h - caption - GAP / 6, main.inset)
        boxes["caption"] = Box(main.x, main.y + main.h - caption, main.w, caption, main.inset)
    elif key == "title":
        boxes.setdefault("subtitle", _below(boxes["title"], slide, 1.0))
        boxes.setdefault("meta", _below(boxes["subtitle"], slide, 1.2))
    return Choice(choice.layout, choice.placeholders, boxes, choice.score)


def _below(box: Box, slide: tuple[float, float], height_in: float) -> Box:
    height = min(height_in * 72, slide[1] * 0.25)
    top = max(min(box.y + box.h + GAP / 3, slide[1] - height), 0.0)
    return Box(box.x, top, box.w, height, box.inset)


def _callout(choice: Choice) -> Choice:
    """The content layout with its body set in: the callout's box, drawn on the slide in the theme's
    callout colours, with room inside it."""
    body = choice.boxes["body"]
    margin = min(0.35 * 72, body.w * 0.05)
    inset = (0.35 * 72, 0.25 * 72, 0.35 * 72, 0.25 * 72)
    boxed = Box(body.x + margin, body.y + margin / 2, body.w - 2 * margin, body.h - margin, inset)
    return Choice(choice.layout, choice.placeholders, {**choice.boxes, "body": boxed}, choice.score)
