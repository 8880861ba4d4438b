"""Themes: one set of tokens (theme.yaml, with `extends:`) for both artifacts.

The tokens are validated here with messages an author can act on; the
Jinja2 environment renders the guide's HTML/CSS and the deck's theme part
from them. No colour, font or size lives in Python: only their grammar.
"""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import yaml

from .diagnostics import error, line_of

THEMES_DIR = Path(__file__).resolve().parents[2] / "themes"
LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|mm|cm|in|px)\s*$")
COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
FONT_NAME = re.compile(r"^[\w][\w .-]*$")
POINTS_PER_UNIT = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "px": 0.75}

# The grammar of theme.yaml: section -> key -> kind. Every key must be known.
SCHEMA: dict[str, dict[str, str]] = {
    "colors": {name: "colour" for name in (
        "primary", "secondary", "accent", "text", "background", "muted", "rule", "link",
        "callout_background", "callout_border", "callout_text", "table_header_background",
        "table_header_text", "table_stripe", "cover_background", "cover_text", "cover_accent",
        "slide_background", "slide_title", "slide_text", "section_background", "section_text")},
    "fonts": {"heading": "font", "body": "font", "mono": "font", "fallbacks": "families"},
    "sizes": {name: "length" for name in (
        "body", "small", "h1", "h2", "h3", "h4", "cover_title", "cover_subtitle", "code")}
    | {"line_height": "number"},
    "paper": {"size": "paper", "margin_top": "length", "margin_bottom": "length", "margin_inner": "length",
              "margin_outer": "length", "bleed": "length"},
    "slides": {"title_size": "length", "title_min": "length", "body_size": "length", "body_min": "length",
               "table_size": "length", "table_min": "length", "notes_size": "length",
               "caption_size": "length", "footer_size": "length",
               "max_bullets": "integer", "max_table_rows": "integer", "section_slides_from": "integer"},
    "labels": {name: "text" for name in (
        "contents", "figure", "page", "of", "version", "agenda", "summary", "questions", "continued",
        "source", "audience", "owner", "note", "tip", "important", "warning", "caution",
        "missing_picture")},
    "callout_icons": {name: "text" for name in ("note", "tip", "important", "warning", "caution")},
}
TOP_LEVEL = {"name": "text", "description": "text", "extends": "text", "logo": "path"} | {
    section: "section" for section in SCHEMA}
FONT_KEYS = {"family", "office", "package", "files"}
PAPER_SIZES = ("a4", "letter")


@dataclass(frozen=True)
class Font:
    """A family for the PDF and the name office suites know for the deck."""

    family: str
    office: str
    package: str | None = None
    files: dict[str, Path] | None = None


@dataclass(frozen=True)
class Theme:
    name: str
    folder: Path
    chain: tuple[Path, ...]
    tokens: dict[str, Any]

    @property
    def colors(self) -> dict[str, str]:
        return self.tokens["colors"]

    @property
    def fonts(self) -> dict[str, Font]:
        return {role: self.font(role) for role in ("heading", "body", "mono")}

    def font(self, role: str) -> Font:
        raw = self.tokens["fonts"][role]
        files = {style: self._find(Path(p)) for style, p in (raw.get("files") or {}).items()}
        return Font(raw["family"], raw.get("office") or raw["family"], raw.get("package"), files or None)

    def length_pt(self, section: str, key: str) -> float:
        return to_points(self.tokens[section][key])

    def setting(self, section: str, key: str) -> Any:
        return self.tokens[section][key]

    @property
    def logo(self) -> Path | None:
        logo = self.tokens.get("logo")
        return self._find(Path(logo)) if logo else None

    def _find(self, relative: Path) -> Path:
        """A theme file, looked up in this theme first, then the themes it extends."""
        for folder in self.chain:
            if (folder / relative).exists():
                return folder / relative
        return self.folder / relative

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
    )
    env.filters["pt"] = lambda value: f"{to_points(value):g}pt"
    env.filters["hex"] = lambda value: expand_colour(value)[1:].upper()
    return env


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
    current: str | None = name
    while current is not None:
        folder = root / current
        if folder in chain:
            cycle = " -> ".join([p.name for p in chain] + [current])
            raise error("theme-cycle", f"themes extend each other in a cycle: {cycle}", chain[-1] / "theme.yaml",
                        fix="remove 'extends:' from one of them")
        file = folder / "theme.yaml"
        if not file.is_file():
            themes = ", ".join(available_themes(root)) or "none"
            raise error("theme-unknown", f"unknown theme '{current}' (themes: {themes})", file,
                        fix=f"use --theme with one of: {themes}, or create themes/{current}/theme.yaml")
        raw = _load_yaml(file)
        _validate(raw, file)
        chain.append(folder)
        merged = _deep_merge(raw, merged)
        current = raw.get("extends")
    merged.pop("extends", None)
    theme = Theme(name=name, folder=root / name, chain=tuple(chain), tokens=merged)
    _check_complete(theme)
    _check_files(theme)
    return theme


def _load_yaml(file: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise error("theme-yaml", f"not valid YAML: {getattr(exc, 'problem', exc)}", file,
                    mark.line + 1 if mark else None, "check the indentation and quoting") from None
    if not isinstance(data, dict):
        raise error("theme-yaml", "a theme is a mapping of sections (colors:, fonts:, ...)", file, 1)
    return data


def _deep_merge(child: dict[str, Any], parent: dict[str, Any]) -> dict[str, Any]:
    """`child` wins; nested mappings merge key by key."""
    result = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict) and key != "files":
            result[key] = _deep_merge(value, result[key])
        else:
            result[key] = value
    return result


def _unknown(key: str, known: Any, file: Path, text: str, where: str) -> None:
    guess = difflib.get_close_matches(key, list(known), n=1)
    hint = f"did you mean '{guess[0]}'?" if guess else f"known keys: {', '.join(known)}"
    raise error("theme-key", f"unknown key '{key}' in {where}", file, line_of(text, f"{key}:"), hint)


def _validate(raw: dict[str, Any], file: Path) -> None:
    text = file.read_text(encoding="utf-8")
    for key, value in raw.items():
        if key not in TOP_LEVEL:
            _unknown(key, TOP_LEVEL, file, text, "the theme")
        if key in SCHEMA:
            if not isinstance(value, dict):
                raise error("theme-value", f"'{key}' must be a mapping", file, line_of(text, f"{key}:"))
            for sub, token in value.items():
                if sub not in SCHEMA[key]:
                    _unknown(sub, SCHEMA[key], file, text, f"'{key}'")
                _check_value(SCHEMA[key][sub], f"{key}.{sub}", token, file, line_of(text, f"{sub}:"))


def _check_value(kind: str, name: str, value: Any, file: Path, line: int | None) -> None:
    problem = None
    if kind == "colour" and not (isinstance(value, str) and COLOUR.match(value)):
        problem, fix = f"{name}: {value!r} is not a colour", "write colours as '#RRGGBB' (quoted), e.g. '#1F4E79'"
    elif kind == "length" and not (isinstance(value, str) and LENGTH.match(value)):
        problem, fix = f"{name}: {value!r} is not a length", "write a number with a unit: 10.5pt, 20mm, 0.5in"
    elif kind == "integer" and not (isinstance(value, int) and value > 0):
        problem, fix = f"{name}: {value!r} is not a whole number above 0", "e.g. 6"
    elif kind == "number" and not isinstance(value, (int, float)):
        problem, fix = f"{name}: {value!r} is not a number", "e.g. 1.4"
    elif kind == "paper" and value not in PAPER_SIZES:
        problem, fix = f"{name}: {value!r} is not a paper size", f"use one of {', '.join(PAPER_SIZES)}"
    elif kind == "text" and not isinstance(value, str):
        problem, fix = f"{name}: {value!r} is not text", "quote it"
    elif kind == "families" and not (isinstance(value, list) and all(
            isinstance(v, str) and FONT_NAME.match(v) for v in value)):
        problem, fix = f"{name}: must be a list of font family names", "e.g. [Noto Sans, DejaVu Sans]"
    elif kind == "font":
        if not isinstance(value, dict) or "family" not in value and "office" not in value:
            problem, fix = f"{name}: must give 'family' (and 'office')", "e.g. {family: Carlito, office: Calibri}"
        else:
            extra = set(value) - FONT_KEYS
            bad_name = [v for k, v in value.items() if k in ("family", "office") and not FONT_NAME.match(str(v))]
            if extra:
                problem, fix = f"{name}: unknown key '{sorted(extra)[0]}'", f"known keys: {', '.join(sorted(FONT_KEYS))}"
            elif bad_name:
                problem, fix = f"{name}: {bad_name[0]!r} is not a font name", "letters, digits, spaces, '-' and '.'"
    if problem:
        raise error("theme-value", problem, file, line, fix)


def _check_complete(theme: Theme) -> None:
    file = theme.folder / "theme.yaml"
    for section, keys in SCHEMA.items():
        missing = [key for key in keys if key not in theme.tokens.get(section, {})]
        if missing:
            raise error("theme-missing", f"'{section}' lacks {', '.join(missing)}", file,
                        fix="set them, or 'extends: default' to inherit them")


def _check_files(theme: Theme) -> None:
    file = theme.folder / "theme.yaml"
    logo = theme.logo
    if logo is not None and not logo.is_file():
        raise error("theme-logo", f"logo {theme.tokens['logo']} does not exist", file,
                    line_of(file.read_text(encoding="utf-8"), "logo:"),
                    f"add the file to {theme.folder}/ or remove the 'logo:' line")
    for role in ("heading", "body", "mono"):
        font = theme.font(role)
        for path in (font.files or {}).values():
            if not path.is_file():
                raise error("theme-font", f"font file {path} does not exist", file,
                            fix=f"add it to {theme.folder}/ or remove it from fonts.{role}.files")
        if not font.files and not installed_family(font.family):
            install = f"apt-get install {font.package}" if font.package else \
                f"install the font, or add its files under {theme.folder}/fonts/ and list them in fonts.{role}.files"
            raise error("theme-font", f"font '{font.family}' ({role}) is not installed", file,
                        line_of(file.read_text(encoding="utf-8"), font.family), install)


@cache
def installed_family(family: str) -> bool:
    """Whether fontconfig has this family (not merely a substitute for it)."""
    if shutil.which("fc-list") is None:
        return False
    listed = subprocess.run(["fc-list", family, "family"], capture_output=True, text=True, check=False).stdout
    return any(family.lower() in (name.strip().lower() for name in line.split(",")) for line in listed.splitlines())


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
