"""Themes: one set of tokens (theme.yaml, with `extends:`) for both artifacts.

The tokens, and the deck's geometry beside them (deck/deck.yaml), are
validated here with messages an author can act on (file:line, what is wrong,
the fix) and merged along `extends:`; the Jinja2 environment renders the
guide's HTML/CSS and the deck's theme part from them. No colour, font, size
or box lives in Python: only their grammar.
"""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import yaml

from .cache import folder as cache_folder
from .contrast import PAIRS, check, suggest
from .diagnostics import error
from .resources import SUPPORTED_FORMATS, image_format

THEMES_DIR = Path(__file__).resolve().parents[2] / "themes"
THEME_NAME = re.compile(r"^[A-Za-z0-9][\w-]*$")
LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(pt|mm|cm|in|px)\s*$")
COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
FONT_NAME = re.compile(r"^[\w][\w .-]*$")
POINTS_PER_UNIT = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "px": 0.75}

# The grammar of theme.yaml: section -> key -> kind. Every key must be known.
# "size" is a length above zero; "length" may be zero (margins, bleed).
SCHEMA: dict[str, dict[str, str]] = {
    "colors": {name: "colour" for name in (
        "primary", "secondary", "accent", "text", "background", "muted", "rule", "link",
        "callout_background", "callout_border", "callout_text", "table_header_background",
        "table_header_text", "table_stripe", "cover_background", "cover_text", "cover_accent",
        "slide_background", "slide_title", "slide_text", "section_background", "section_text")},
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
        "missing_picture")},
    "callout_icons": {name: "text" for name in ("note", "tip", "important", "warning", "caution")},
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
LISTS = {"extent": (("width", "height"), "size"), "inset": (("left", "top", "right", "bottom"), "length"),
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

TokenPath = tuple[str, ...]
Origin = tuple[Path, int | None]
# libyaml's safe loader is ~20x faster than PyYAML's pure-Python one, and as safe; not every build has it.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Font:
    """A family for the PDF and the name office suites know for the deck."""

    family: str
    office: str
    package: str | None = None
    files: dict[str, Path] | None = None

    def file(self, bold: bool = False, italic: bool = False) -> Path | None:
        """The font file for measuring text: the theme's own files first, then fontconfig's."""
        style = "bold_italic" if bold and italic else "bold" if bold else "italic" if italic else "regular"
        if self.files:
            return self.files.get(style) or self.files.get("regular")
        return font_file(self.family, bold, italic)


@dataclass(frozen=True)
class Theme:
    """A merged, validated theme: tokens plus the folders to find its files in."""

    name: str
    folder: Path
    chain: tuple[Path, ...]
    tokens: dict[str, Any]
    origins: dict[TokenPath, Origin] = field(default_factory=dict, compare=False, repr=False)
    deck: dict[str, Any] | None = None  # deck/deck.yaml merged along the chain; None when no theme has one

    @property
    def colors(self) -> dict[str, str]:
        return self.tokens["colors"]

    @property
    def fonts(self) -> dict[str, Font]:
        return {role: self.font(role) for role in ("heading", "body", "mono")}

    def font(self, role: str) -> Font:
        raw = self.tokens["fonts"][role]
        files = {style: self._find(Path(p), ("fonts", role)) for style, p in (raw.get("files") or {}).items()}
        return Font(raw["family"], raw.get("office") or raw["family"], raw.get("package"), files or None)

    def length_pt(self, section: str, key: str) -> float:
        return to_points(self.tokens[section][key])

    def setting(self, section: str, key: str) -> Any:
        return self.tokens[section][key]

    @property
    def logo(self) -> Path | None:
        logo = self.tokens.get("logo")
        return self._find(Path(logo), ("logo",)) if logo else None

    def labels(self, lang: str) -> dict[str, str]:
        """The labels in the document's language (see translated_labels), theme.yaml's where none is given."""
        return {**self.tokens["labels"], **translated_labels(self.chain, lang)}

    def where(self, *path: str) -> Origin:
        """The theme.yaml (and line) that set a token, e.g. where('colors', 'accent'): errors point there."""
        return self.origins.get(path, (self.folder / "theme.yaml", None))

    def _find(self, relative: Path, token: TokenPath) -> Path:
        """A theme file, looked up in this theme first, then the themes it extends.

        When it exists nowhere, the path in the theme that set the token, so
        the error names the folder the author is editing.
        """
        for folder in self.chain:
            if (folder / relative).exists():
                return folder / relative
        return self.where(*token)[0].parent / relative

    def environment(self) -> jinja2.Environment:
        """Jinja2 over the theme chain's templates: autoescaped, strict about undefined names."""
        return _environment(self.chain)


@cache
def _environment(chain: tuple[Path, ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder / "templates") for folder in chain]),
        autoescape=jinja2.select_autoescape(["html", "xml", "html.j2", "xml.j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["pt"] = lambda value: f"{to_points(value):g}pt"
    env.filters["hex"] = lambda value: expand_colour(value)[1:].upper()
    return env


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs: compiling them costs ~65 ms a process, loading ~5 ms.

    Jinja2 keys each entry by template and source checksum, so an edited
    template is recompiled. Without a usable cache folder, templates are
    compiled every run.
    """
    where = cache_folder("jinja")
    return jinja2.FileSystemBytecodeCache(str(where)) if where is not None else None


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


def available_themes(root: Path = THEMES_DIR) -> list[str]:
    return sorted(p.parent.name for p in root.glob("*/theme.yaml"))


def load_theme(name: str, root: Path = THEMES_DIR) -> Theme:
    """Load, merge along `extends:` and validate a theme; raises BuildError with the fix."""
    chain: list[Path] = []
    merged: dict[str, Any] = {}
    origins: dict[TokenPath, Origin] = {}
    decks: list[tuple[Path, dict[str, Any]]] = []  # each deck/deck.yaml along the chain, nearest first
    current: str | None = name
    referrer: Origin | None = None  # the `extends:` line that named `current`
    while current is not None:
        folder = root / current
        if folder in chain and referrer is not None:
            cycle = " -> ".join([p.name for p in chain] + [current])
            raise error("theme-cycle", f"themes extend each other in a cycle: {cycle}", *referrer,
                        fix=f"remove 'extends: {current}' here, or from another theme in the cycle")
        file = folder / "theme.yaml"
        if not THEME_NAME.match(current) or not file.is_file():
            raise _missing_theme(current, root, chain, referrer)
        raw, lines = _read(file, "a theme is a mapping of sections (colors:, fonts:, ...)")
        _validate(raw, THEME_GRAMMAR, file, lines)
        chain.append(folder)
        for path in lines:
            origins.setdefault(path, (file, lines[path]))  # the nearest theme wins, as in the merge
        merged = _merge(merged, raw, THEME_GRAMMAR)
        if (folder / DECK_FILE).is_file():
            deck_file = folder / DECK_FILE
            deck_raw, deck_lines = _read(deck_file, "the deck geometry is a mapping (slide:, text:, layouts:, ...)")
            _validate(deck_raw, DECK_GRAMMAR, deck_file, deck_lines, DECK_TOP)
            decks.append((deck_file, deck_raw))
        current = raw.get("extends")
        referrer = (file, lines.get(("extends",)))
    merged.pop("extends", None)
    deck = None
    for _, deck_raw in decks:
        deck = _merge(deck or {}, deck_raw, DECK_GRAMMAR)
    theme = Theme(name=name, folder=root / name, chain=tuple(chain), tokens=merged, origins=origins, deck=deck)
    _check_complete(merged, THEME_GRAMMAR, theme.folder / "theme.yaml", "the theme")
    if deck is not None:
        _check_complete(deck, DECK_GRAMMAR, decks[0][0], DECK_TOP)
    _check_floors(theme)
    _check_files(theme)
    validate_contrast(theme)
    return theme


def _missing_theme(name: str, root: Path, chain: list[Path], referrer: Origin | None) -> Exception:
    themes = ", ".join(available_themes(root)) or "none"
    guess = difflib.get_close_matches(name, available_themes(root), n=1)
    hint = f"did you mean '{guess[0]}'? " if guess else ""
    if referrer is None:
        return error("theme-unknown", f"unknown theme '{name}' (themes: {themes})", root / name / "theme.yaml",
                     fix=f"{hint}use --theme with one of: {themes}, or create themes/{name}/theme.yaml")
    return error("theme-extends", f"theme '{chain[-1].name}' extends '{name}', which does not exist (themes: {themes})",
                 *referrer, fix=f"{hint}set 'extends:' to one of: {themes}, or create themes/{name}/theme.yaml")


def _read(file: Path, shape: str) -> tuple[dict[str, Any], dict[TokenPath, int]]:
    """A theme file's mapping and the line of each of its keys; `shape` says what it should hold.

    Parsed once, into nodes: the data is constructed from them and the key
    lines are read off them.
    """
    try:
        loader = SAFE_LOADER(file.read_text(encoding="utf-8"))  # PyYAML's own loader checks characters here
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise error("theme-yaml", f"not valid YAML: {getattr(exc, 'problem', exc)}", file,
                    mark.line + 1 if mark else None, "check the indentation and quoting") from None
    if not isinstance(data, dict):
        raise error("theme-yaml", shape, file, 1)
    return data, _key_lines(file, node)


def _key_lines(file: Path, root: yaml.Node) -> dict[TokenPath, int]:
    """The line of every key (and list item) by its path, e.g. ('fonts', 'body', 'family') -> 31.

    YAML silently keeps the last of two equal keys; an author who wrote
    `colors:` twice lost the first half, so a duplicate is an error here.
    """
    lines: dict[TokenPath, int] = {}

    def walk(node: yaml.Node, path: TokenPath) -> None:
        if isinstance(node, yaml.SequenceNode):  # items by their index, e.g. ('text', 'levels', '0', 'margin')
            for index, item in enumerate(node.value):
                lines.setdefault((*path, str(index)), item.start_mark.line + 1)
                walk(item, (*path, str(index)))
        if not isinstance(node, yaml.MappingNode):
            return
        for key, value in node.value:
            here = (*path, str(key.value))
            line = key.start_mark.line + 1
            if here in lines:
                raise error("theme-key", f"'{'.'.join(here)}' is set twice (first on line {lines[here]})",
                            file, line, "keep one of them")
            lines[here] = line
            walk(value, here)

    walk(root, ())
    return lines


def _merge(near: dict[str, Any], far: dict[str, Any], grammar: Grammar) -> dict[str, Any]:
    """Values of the nearer theme win over those of the theme it extends.

    Sections merge key by key (nested ones too); a value is replaced whole:
    a child's `heading: {family: Caladea}` must not inherit the parent's
    `package:` or `files:`, which belong to another family, nor a box or a
    list of levels half of the parent's.
    """
    result = dict(far)
    for key, value in near.items():
        section = grammar.get(key)
        if isinstance(section, dict) and isinstance(value, dict) and isinstance(far.get(key), dict):
            result[key] = _merge(value, far[key], section)
        else:
            result[key] = value
    return result


LABELS_DIR = "labels"
TRADITIONAL_CHINESE = {"hant", "tw", "hk", "mo"}  # script or regions that read Traditional characters


def label_files(lang: str) -> list[str]:
    """The labels/<name>.yaml names (lower-cased) for a language tag, least specific first:
    'de-CH' -> de, de-ch; Chinese of Taiwan, Hong Kong or Macao -> zh, zh-hant, then the tag."""
    parts = lang.replace("_", "-").lower().split("-")
    names = [parts[0]]
    if parts[0] == "zh" and TRADITIONAL_CHINESE & set(parts[1:]):
        names.append("zh-hant")
    return list(dict.fromkeys([*names, "-".join(parts)]))


def translated_labels(chain: tuple[Path, ...], lang: str) -> dict[str, str]:
    """Labels translated for `lang` by the themes' labels/<lang>.yaml files: the theme extended
    first, so a nearer theme's file wins, and within a theme the most specific tag. Read per
    build (a few small files), so make watch sees an edit to them."""
    found: dict[str, str] = {}
    for folder in reversed(chain):
        files = {path.stem.lower(): path for path in (folder / LABELS_DIR).glob("*.yaml")}
        for name in label_files(lang):
            if name in files:
                raw, lines = _read(files[name], "labels are a mapping of label names to text, e.g. contents: Inhalt")
                _validate(raw, SCHEMA["labels"], files[name], lines, "the labels", root=SCHEMA["labels"])
                found.update(raw)
    return found


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


def _validate(raw: dict[str, Any], grammar: Grammar, file: Path, lines: dict[TokenPath, int],
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
            _validate(value, kind, file, lines, top, here, root)
            continue
        kind = kind.rstrip("?")
        if kind == "font" and isinstance(value, dict):
            _check_font(name, value, file, lines, here)
        elif kind == "box" and isinstance(value, dict):
            _validate_part(value, BOXED, file, lines, top, here, root)
        elif kind == "levels" and isinstance(value, list):
            for index, level in enumerate(value):
                if not isinstance(level, dict):
                    raise error("theme-value", f"{name}.{index}: {level!r} is not a bullet level", file,
                                lines.get((*here, str(index))), "e.g. {margin: 0.45in, hang: 0.45in, bullet: '•'}")
                _validate_part(level, LEVEL, file, lines, top, (*here, str(index)), root)
        _check_value(kind, name, value, file, line)


def _validate_part(value: dict[str, Any], grammar: Grammar, file: Path, lines: dict[TokenPath, int], top: str,
                   path: TokenPath, root: Grammar) -> None:
    """A mapping inside a value (a box with its inset, a bullet level): known keys, and all it needs."""
    _validate(value, grammar, file, lines, top, path, root)
    _check_complete(value, grammar, file, top, path, lines.get(path),
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
    if problem:
        raise error("theme-value", problem, file, line, fix)


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


def _check_complete(values: dict[str, Any], grammar: Grammar, file: Path, top: str, path: TokenPath = (),
                    line: int | None = None, fix: str = "set them, or 'extends: default' to inherit them") -> None:
    """Every key the grammar does not mark optional is set, in every section (an absent one lacks all)."""
    lacking = [key for key, kind in grammar.items()
               if isinstance(kind, str) and not kind.endswith("?") and key not in values]
    if lacking:
        where = f"'{'.'.join(path)}'" if path else top
        raise error("theme-missing", f"{where} lacks {', '.join(lacking)}", file, line, fix)
    for key, kind in grammar.items():
        if isinstance(kind, dict):
            _check_complete(values.get(key) or {}, kind, file, top, (*path, key), fix=fix)


def _check_floors(theme: Theme) -> None:
    """A floor above its size would make the deck's shrink-to-fit grow text instead."""
    for floor, size in FLOORS:
        if theme.length_pt("slides", floor) > theme.length_pt("slides", size):
            raise error("theme-value", f"slides.{floor} ({theme.setting('slides', floor)}) is above "
                        f"slides.{size} ({theme.setting('slides', size)})", *theme.where("slides", floor),
                        fix=f"make slides.{floor} at most slides.{size}")


def _check_files(theme: Theme) -> None:
    """The logo and fonts exist now, not halfway through writing an artifact."""
    logo = theme.logo
    if logo is not None:
        if not logo.is_file():
            raise error("theme-logo", f"logo {theme.tokens['logo']} does not exist", *theme.where("logo"),
                        f"add the picture as {logo}, or remove the 'logo:' line")
        if image_format(logo) is None:
            raise error("theme-logo", f"logo {theme.tokens['logo']} is not a picture", *theme.where("logo"),
                        f"use one of: {', '.join(SUPPORTED_FORMATS)}")
    for role in ("heading", "body", "mono"):
        font = theme.font(role)
        file, line = theme.where("fonts", role)
        for path in (font.files or {}).values():
            if not path.is_file():
                raise error("theme-font", f"font file {path.relative_to(file.parent)} does not exist", file, line,
                            f"add it to {path.parent}/ or remove it from fonts.{role}.files")
        if not font.files and not installed_family(font.family):
            if font.package:
                fix = f"install it: sudo apt-get install {font.package}"
            else:
                stem = font.family.replace(" ", "")
                fix = (f"install the font, or add its files under {file.parent}/fonts/ and list them: "
                       f"files: {{regular: fonts/{stem}-Regular.ttf, bold: fonts/{stem}-Bold.ttf}}")
            raise error("theme-font", f"font '{font.family}' (fonts.{role}) is not installed", file, line, fix)


def validate_contrast(theme: Theme) -> None:
    """Every text/background pair the outputs draw meets WCAG 2.2 AA, or the load fails.

    All failing pairs are named at once, each text token with a colour that
    passes all its pairs, so one edit fixes the theme.
    """
    failing = [c for c in check(theme.colors, PAIRS) if not c.passes]
    if not failing:
        return
    first = failing[0].pair
    texts = dict.fromkeys(c.pair.text for c in failing)
    fixes = [f"{token}: '{better}'" if (better := suggest(theme.colors, token)) else f"{token} (or its backgrounds)"
             for token in texts]
    raise error("theme-contrast", "text would be hard to read (WCAG 2.2 AA):\n    " + "\n    ".join(map(str, failing)),
                *theme.where("colors", first.text), fix="change the colours, e.g. " + ", ".join(fixes))


def installed_family(family: str) -> bool:
    """Whether fontconfig has this family (not merely a substitute for it)."""
    return family.lower() in installed_families()


@cache
def installed_families() -> frozenset[str]:
    """Every installed family name, lower-cased, from one fc-list run (each run costs ~20 ms)."""
    if shutil.which("fc-list") is None:
        return frozenset()
    listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=False).stdout
    return frozenset(name.replace("\\", "").strip().lower()  # fc-list writes '-' in names as '\-'
                     for line in listed.splitlines() for name in line.split(","))


@cache
def font_file(family: str, bold: bool = False, italic: bool = False) -> Path | None:
    """The installed file for a family and style (for measuring text), via fontconfig."""
    pattern = f"{family}:weight={200 if bold else 80}:slant={100 if italic else 0}"
    result = subprocess.run(["fc-match", "-f", "%{file}\t%{family}", pattern], capture_output=True, text=True,
                            check=False)
    path, _, found = result.stdout.partition("\t")
    if result.returncode or family.lower() not in (f.strip().lower() for f in found.split(",")):
        return None
    return Path(path)
