"""The grammar of theme.yaml and deck/deck.yaml, and the checks that give an author file:line and the fix."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from publish.model.diagnostics import error

THEME_NAME = re.compile(r"^[A-Za-z0-9][\w-]{0,63}$")
LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(pt|mm|cm|in|px)\s*$")
COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
FONT_NAME = re.compile(r"^[\w][\w .-]*$")
POINTS_PER_UNIT = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "px": 0.75}

PINNABLE_LAYOUTS = ("title", "section", "content", "two", "three", "table", "picture")
# The grammar of theme.yaml: section -> key -> kind. Every key must be known.
# "size" is a length above zero; "length" may be zero (margins, bleed).
SCHEMA: dict[str, dict[str, Any]] = {
    "colors": {name: "colour" for name in (
        "primary", "secondary", "accent", "text", "background", "muted", "rule", "link",
        "callout_background", "callout_border", "callout_text", "table_header_background",
        "table_header_text", "table_stripe", "cover_background", "cover_text", "cover_accent",
        "slide_background", "slide_title", "slide_text", "section_background", "section_text",
        "code_keyword", "code_string", "code_comment", "code_number", "code_name")},
    "fonts": {"heading": "font", "body": "font", "mono": "font", "fallbacks": "families"},
    "sizes": {name: "size" for name in (
        "body", "small", "h1", "h2", "h3", "h4", "cover_title", "cover_subtitle", "code")}
    | {"line_height": "number"},
    "paper": {"size": "paper", "margin_top": "length", "margin_bottom": "length", "margin_inner": "length",
              "margin_outer": "length", "bleed": "length"},
    "slides": {"title_size": "size", "title_min": "size", "body_size": "size", "body_min": "size",
               "table_size": "size", "table_min": "size", "notes_size": "size",
               "caption_size": "size", "footer_size": "size",
               "max_bullets": "integer", "max_table_rows": "integer", "section_slides_from": "integer"},
    "labels": {name: "text" for name in (
        "contents", "figure", "page", "of", "version", "agenda", "summary", "questions", "continued",
        "source", "audience", "owner", "note", "tip", "important", "warning", "caution",
        "missing_picture", "learning_objectives", "objectives", "lesson_questions", "keypoints", "prerequisites",
        "challenge", "solution", "hint", "discussion", "checklist", "testimonial", "spoiler")},
    # The organisation's own PowerPoint template (a path in the theme folder), and the layout a kind of
    # slide must use when the choice by placeholders is wrong (a layout's name in the template).
    "deck": {"template": "path?", "layouts": {kind: "text?" for kind in PINNABLE_LAYOUTS}},
}
# Top-level tokens; a kind ending in "?" may be left out.
TOP_LEVEL = {"name": "text?", "description": "text?", "extends": "theme?", "logo": "path?", "logo_alt": "text?"}
# A grammar maps each key to its kind, or to the grammar of the section it opens.
Grammar = dict[str, Any]
THEME_GRAMMAR: Grammar = TOP_LEVEL | SCHEMA

# The grammar of deck/deck.yaml, the deck's geometry (publish.deck.geometry reads it), checked with the
# same messages as theme.yaml and inherited along `extends:` the same way. A box is [left, top, width,
# height], or {box: [...], inset: [left, top, right, bottom]} for text that keeps its own distance.
DECK_FILE = Path("deck") / "deck.yaml"
DECK_TOP = "the deck geometry"
BOXED: Grammar = {"box": "rect", "inset": "inset?"}
LEVEL: Grammar = {"margin": "length", "hang": "length", "bullet": "text"}
LISTS = {"extent": (("width", "height"), "extent_side"), "inset": (("left", "top", "right", "bottom"), "length"),
         "rect": (("left", "top", "width", "height"), "length")}


def _layout(*roles: str, optional: tuple[str, ...] = ()) -> Grammar:
    """A slide layout: its name and the boxes its template draws (the rest come from the master)."""
    return {"name": "text"} | {role: "box" for role in roles} | {role: "box?" for role in optional}


DECK_GRAMMAR: Grammar = {
    "slide": "extent", "notes_page": "extent",
    "text": {"inset": "inset", "line_spacing": "number", "title_bold": "boolean", "paragraph_space": "ratio",
             "levels": "levels", "title_growth": "length", "size_step": "size"},
    "table": {"cell_inset": "inset", "border": "length"},
    "callout": {"border": "length"},
    "picture": {"resolution": "integer"},
    "master": {role: "box" for role in ("title", "body", "footer", "slide_number", "accent_bar", "footer_rule")},
    "layouts": {
        "title": _layout("title", "accent_bar", "subtitle", "meta", optional=("logo",)),
        "agenda": _layout(),
        "section": _layout("number", "accent_bar", "title"),
        "content": _layout(),
        "two": _layout("left", "right"),
        "three": _layout("left", "middle", "right"),
        "table": _layout("lead", "table"),
        "picture": _layout("picture", "caption"),
        "callout": _layout("body"),
        "closing": _layout("title", "accent_bar", "body", optional=("logo",)),
    },
    "notes": {"image": "box", "body": "box", "slide_number": "box"},
}
FONT_KEYS = ("family", "office", "package", "files")
FONT_STYLES = ("regular", "bold", "italic", "bold_italic")
PAPER_SIZES = ("a4", "letter")
# A slide text may shrink to its floor, never below: (floor, size) pairs in `slides`.
FLOORS = (("title_min", "title_size"), ("body_min", "body_size"), ("table_min", "table_size"))

# What keeps both artifacts valid and readable: PowerPoint sets text from 1 to 4,000 pt and slides
# from 1 to 56 inches a side; a page or slide margin beyond 30 inches leaves nothing to print.
# Kind -> (lowest, highest, unit shown); lengths in points.
RANGES: dict[str, tuple[float, float, str]] = {
    "size": (1, 400, "pt"), "length": (0, 2160, "pt"), "extent_side": (72, 4032, "pt"),
    "integer": (1, 1000, ""), "number": (0.5, 5, ""), "ratio": (0, 5, ""),
}

TokenPath = tuple[str, ...]
Origin = tuple[Path, int | None]


def to_points(value: str | float | int) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    match = LENGTH.match(str(value))
    if not match:
        raise ValueError(f"not a length: {value!r}")
    return float(match.group(1)) * POINTS_PER_UNIT[match.group(2)]


def expand_colour(value: str) -> str:
    """#abc -> #AABBCC."""
    value = value.upper()
    return "#" + "".join(c * 2 for c in value[1:]) if len(value) == 4 else value



def _unknown(key: str, known: Any, file: Path, line: int | None, where: str, grammar: Grammar = THEME_GRAMMAR,
             top: str = "the theme") -> Exception:
    """An unknown key, with the likeliest intended one (or the section it belongs in)."""
    homes = [section for section, keys in grammar.items()
             if isinstance(keys, dict) and key in keys and where != f"'{section}'"]
    guess = difflib.get_close_matches(key.lower(), list(known), n=1)
    if guess:
        hint = f"did you mean '{guess[0]}'?"
    elif homes and where == top:
        hint = f"put it under '{homes[0]}:'"
    elif homes:
        hint = f"'{key}' belongs under '{homes[0]}:'"
    else:
        hint = f"known keys: {', '.join(known)}"
    return error("theme-key", f"unknown key '{key}' in {where}", file, line, hint)


def validate(raw: dict[str, Any], grammar: Grammar, file: Path, lines: dict[TokenPath, int],
              top: str = "the theme", path: TokenPath = (), root: Grammar | None = None) -> None:
    """Every key known (else a did-you-mean), every value of its kind, sections all the way down."""
    root = root or grammar
    where = f"'{'.'.join(path)}'" if path else top
    for key, value in raw.items():
        here = (*path, str(key))
        name, line = ".".join(here), lines.get(here)
        if key not in grammar:
            raise _unknown(str(key), grammar, file, line, where, root, top)
        kind = grammar[key]
        if isinstance(kind, dict):
            if not isinstance(value, dict):
                raise error("theme-value", f"'{name}' must be a mapping of tokens", file, line,
                            f"indent its tokens below it, e.g. '{key}:' then '  {next(iter(kind))}: ...'")
            validate(value, kind, file, lines, top, here, root)
            continue
        kind = kind.rstrip("?")
        if kind == "font" and isinstance(value, dict):
            _check_font(name, value, file, lines, here)
        elif kind == "box" and isinstance(value, dict):
            validate_part(value, BOXED, file, lines, top, here, root)
        elif kind == "levels" and isinstance(value, list):
            for index, level in enumerate(value):
                if not isinstance(level, dict):
                    raise error("theme-value", f"{name}.{index}: {level!r} is not a bullet level", file,
                                lines.get((*here, str(index))), "e.g. {margin: 0.45in, hang: 0.45in, bullet: '•'}")
                validate_part(level, LEVEL, file, lines, top, (*here, str(index)), root)
        _check_value(kind, name, value, file, line)


def validate_part(value: dict[str, Any], grammar: Grammar, file: Path, lines: dict[TokenPath, int], top: str,
                   path: TokenPath, root: Grammar) -> None:
    """A mapping inside a value (a box with its inset, a bullet level): known keys, and all it needs."""
    validate(value, grammar, file, lines, top, path, root)
    check_complete(value, grammar, file, top, path, lines.get(path),
                    fix=f"give all of {', '.join(key for key in grammar if not grammar[key].endswith('?'))}")


def _check_value(kind: str, name: str, value: Any, file: Path, line: int | None) -> None:
    problem = fix = None
    if kind == "colour" and value is None:
        problem, fix = f"{name} is empty", "quote colours: an unquoted '#' starts a YAML comment, e.g. '#1F4E79'"
    elif kind == "colour" and not (isinstance(value, str) and COLOUR.match(value)):
        problem, fix = f"{name}: {value!r} is not a colour", "write colours as '#RRGGBB' (quoted), e.g. '#1F4E79'"
    elif kind in ("size", "length") and isinstance(value, (int, float)) and not isinstance(value, bool):
        problem, fix = f"{name}: {value!r} has no unit", f"write '{value}pt' (units: {', '.join(POINTS_PER_UNIT)})"
    elif kind in ("size", "length") and not (isinstance(value, str) and LENGTH.match(value)):
        problem, fix = f"{name}: {value!r} is not a length", \
            f"write a number and a unit ({', '.join(POINTS_PER_UNIT)}): 10.5pt, 20mm, 0.5in"
    elif kind == "size" and to_points(value) == 0:
        problem, fix = f"{name}: a size of {value} draws nothing", "give a size above zero, e.g. 10pt"
    elif kind == "extent_side" and not (isinstance(value, str) and LENGTH.match(value)):
        _check_value("length", name, value, file, line)
    elif kind == "integer" and not (isinstance(value, int) and not isinstance(value, bool) and value > 0):
        problem, fix = f"{name}: {value!r} is not a whole number above 0", "e.g. 6"
    elif kind == "number" and not (isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0):
        problem, fix = f"{name}: {value!r} is not a number above 0", "e.g. 1.4"
    elif kind == "paper" and value not in PAPER_SIZES:
        problem, fix = f"{name}: {value!r} is not a paper size", f"use one of {', '.join(PAPER_SIZES)}"
    elif kind in ("text", "path") and not isinstance(value, str):
        problem, fix = f"{name}: {value!r} is not text", "quote it"
    elif kind == "path" and not _inside(value):
        problem, fix = f"{name}: {value} is outside the theme folder", "put the file in the theme, e.g. assets/logo.svg"
    elif kind == "theme" and not (isinstance(value, str) and THEME_NAME.match(value)):
        problem, fix = f"{name}: {value!r} is not a theme name", "name a folder under themes/, e.g. 'extends: default'"
    elif kind == "families" and not (isinstance(value, list) and all(
            isinstance(v, str) and FONT_NAME.match(v) for v in value)):
        problem, fix = f"{name}: must be a list of font family names", "e.g. [Noto Sans, DejaVu Sans]"
    elif kind == "font" and not (isinstance(value, dict) and "family" in value):
        problem, fix = f"{name}: must give 'family' (and 'office')", "e.g. {family: Carlito, office: Calibri}"
    elif kind == "boolean" and not isinstance(value, bool):
        problem, fix = f"{name}: {value!r} is not true or false", "write true or false"
    elif kind == "ratio" and not (isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0):
        problem, fix = f"{name}: {value!r} is not a number of 0 or more", "e.g. 0.45"
    elif kind == "levels" and not (isinstance(value, list) and value):
        problem, fix = f"{name}: must list the bullet levels", "e.g. [{margin: 0.45in, hang: 0.45in, bullet: '•'}]"
    elif kind == "box" and not isinstance(value, dict):
        _check_value("rect", name, value, file, line)
    elif kind in LISTS:
        parts, item = LISTS[kind]
        if not (isinstance(value, list) and len(value) == len(parts)):
            problem, fix = f"{name}: {value!r} is not [{', '.join(parts)}]", \
                f"give {len(parts)} lengths, e.g. [{', '.join(['1in'] * len(parts))}]"
        else:
            for part, item_value in zip(parts, value, strict=True):
                _check_value(item, f"{name}.{part}", item_value, file, line)
    if problem is None and kind in RANGES:
        problem, fix = _out_of_range(kind, name, value)
    if problem:
        raise error("theme-value", problem, file, line, fix)


def _out_of_range(kind: str, name: str, value: Any) -> tuple[str | None, str | None]:
    """A value of the right kind but beyond what both artifacts can show."""
    lowest, highest, unit = RANGES[kind]
    number = to_points(value) if unit else float(value)
    if lowest <= number <= highest:
        return None, None
    shown = f"{lowest:g}{unit} to {highest:g}{unit}" if unit != "pt" or highest < 1000 else \
        f"{lowest:g}pt to {highest:g}pt ({highest / 72:g}in)"
    return f"{name}: {value} is outside the range both artifacts can show", f"give a value from {shown}"


def _inside(relative: str) -> bool:
    """Whether a theme file path stays inside the theme: builds read only the theme and source folders."""
    path = Path(relative)
    return not path.is_absolute() and ".." not in path.parts


def _check_font(name: str, value: dict[str, Any], file: Path, lines: dict[TokenPath, int], path: TokenPath) -> None:
    """A font token: known keys, plausible names, and style -> file mappings."""
    for key, item in value.items():
        line = lines.get((*path, key))
        if key not in FONT_KEYS:
            raise _unknown(key, FONT_KEYS, file, line, f"'{name}'")
        if key in ("family", "office") and not (isinstance(item, str) and FONT_NAME.match(item)):
            raise error("theme-value", f"{name}.{key}: {item!r} is not a font name", file, line,
                        "letters, digits, spaces, '-' and '.', e.g. Liberation Sans")
        if key == "package" and not (isinstance(item, str) and re.fullmatch(r"[a-z0-9][a-z0-9+.-]+", item)):
            raise error("theme-value", f"{name}.package: {item!r} is not a Debian package name", file, line,
                        "e.g. fonts-crosextra-carlito, or leave it out")
        if key == "files":
            if not isinstance(item, dict):
                raise error("theme-value", f"{name}.files must map styles to files", file, line,
                            "e.g. {regular: fonts/Brand-Regular.ttf, bold: fonts/Brand-Bold.ttf}")
            for style, font_path in item.items():
                style_line = lines.get((*path, key, style))
                if style not in FONT_STYLES:
                    raise _unknown(style, FONT_STYLES, file, style_line, f"'{name}.files'")
                if not (isinstance(font_path, str) and _inside(font_path)):
                    raise error("theme-value", f"{name}.files.{style}: {font_path!r} is not a path in the theme",
                                file, style_line, "a path relative to the theme folder, e.g. fonts/Brand-Regular.ttf")
            if "regular" not in item:
                raise error("theme-value", f"{name}.files has no 'regular' file", file, line,
                            "add regular: fonts/<Family>-Regular.ttf (bold and italic are optional)")


def check_complete(values: dict[str, Any], grammar: Grammar, file: Path, top: str, path: TokenPath = (),
                    line: int | None = None, fix: str = "set them, or 'extends: default' to inherit them") -> None:
    """Every key the grammar does not mark optional is set, in every section (an absent one lacks all)."""
    lacking = [key for key, kind in grammar.items()
               if isinstance(kind, str) and not kind.endswith("?") and key not in values]
    if lacking:
        where = f"'{'.'.join(path)}'" if path else top
        raise error("theme-missing", f"{where} lacks {', '.join(lacking)}", file, line, fix)
    for key, kind in grammar.items():
        if isinstance(kind, dict):
            check_complete(values.get(key) or {}, kind, file, top, (*path, key), fix=fix)

