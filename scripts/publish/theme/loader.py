"""Finding a theme on the search path, reading it and merging it along `extends:`, then checking it."""

from __future__ import annotations

import difflib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from publish.model.diagnostics import error
from publish.resources import SUPPORTED_FORMATS, Sandbox, image_format, raster_problem, svg_problem
from publish.theme.contrast import PAIRS, check, suggest
from publish.theme.fonts import installed_family, is_font_file
from publish.theme.model import Theme
from publish.theme.reading import read_yaml
from publish.theme.schema import (
    DECK_FILE,
    DECK_GRAMMAR,
    DECK_TOP,
    FLOORS,
    THEME_GRAMMAR,
    THEME_NAME,
    Grammar,
    Origin,
    TokenPath,
    check_complete,
    validate,
)

CHECKOUT_THEMES = Path(__file__).resolve().parents[3] / "themes"  # beside scripts/ in a source checkout
INSTALLED_THEMES = Path(sys.prefix) / "share" / "publish" / "themes"  # pip install . puts them here


def theme_roots(extra: Path | None = None) -> tuple[Path, ...]:
    """Where themes are looked for, first match wins: --themes DIR, the current project's themes/,
    this checkout's, then the installed ones."""
    roots = [extra, Path.cwd() / "themes", CHECKOUT_THEMES, INSTALLED_THEMES]
    found = [root.resolve() for root in roots if root is not None and root.is_dir()]
    return tuple(dict.fromkeys(found)) or (CHECKOUT_THEMES,)


def _as_roots(root: Path | Sequence[Path] | None) -> tuple[Path, ...]:
    if root is None:
        return theme_roots()
    return (root,) if isinstance(root, Path) else tuple(root)


def available_themes(root: Path | Sequence[Path] | None = None) -> list[str]:
    return sorted({p.parent.name for folder in _as_roots(root) for p in folder.glob("*/theme.yaml")})


def _theme_folder(name: str, roots: tuple[Path, ...]) -> Path:
    """The first root that holds the theme; the first root's would-be folder when none does."""
    for root in roots:
        if (root / name / "theme.yaml").is_file():
            return root / name
    return roots[0] / name


def load_theme(name: str, root: Path | Sequence[Path] | None = None) -> Theme:
    """Load, merge along `extends:` and validate a theme; raises BuildError with the fix."""
    roots = _as_roots(root)
    chain: list[Path] = []
    merged: dict[str, Any] = {}
    origins: dict[TokenPath, Origin] = {}
    decks: list[tuple[Path, dict[str, Any]]] = []  # each deck/deck.yaml along the chain, nearest first
    current: str | None = name
    referrer: Origin | None = None  # the `extends:` line that named `current`
    while current is not None:
        folder = _theme_folder(current, roots) if THEME_NAME.match(current) else roots[0] / current
        if folder in chain and referrer is not None:
            cycle = " -> ".join([p.name for p in chain] + [current])
            raise error("theme-cycle", f"themes extend each other in a cycle: {cycle}", *referrer,
                        fix=f"remove 'extends: {current}' here, or from another theme in the cycle")
        file = folder / "theme.yaml"
        if not THEME_NAME.match(current) or not file.is_file():
            raise _missing_theme(current, roots, chain, referrer)
        raw, lines = read_yaml(file, "a theme is a mapping of sections (colors:, fonts:, ...)")
        validate(raw, THEME_GRAMMAR, file, lines)
        chain.append(folder)
        for path in lines:
            origins.setdefault(path, (file, lines[path]))  # the nearest theme wins, as in the merge
        merged = _merge(merged, raw, THEME_GRAMMAR)
        if (folder / DECK_FILE).is_file():
            deck_file = folder / DECK_FILE
            deck_raw, deck_lines = read_yaml(deck_file, "the deck geometry is a mapping (slide:, text:, layouts:, ...)")
            validate(deck_raw, DECK_GRAMMAR, deck_file, deck_lines, DECK_TOP)
            decks.append((deck_file, deck_raw))
        current = raw.get("extends")
        referrer = (file, lines.get(("extends",)))
    merged.pop("extends", None)
    deck = None
    for _, deck_raw in decks:
        deck = _merge(deck or {}, deck_raw, DECK_GRAMMAR)
    theme = Theme(name=name, folder=chain[0], chain=tuple(chain), tokens=merged, origins=origins, deck=deck)
    check_complete(merged, THEME_GRAMMAR, theme.folder / "theme.yaml", "the theme")
    if deck is not None:
        check_complete(deck, DECK_GRAMMAR, decks[0][0], DECK_TOP)
    _check_floors(theme)
    _check_files(theme)
    validate_contrast(theme)
    return theme


def _missing_theme(name: str, root: tuple[Path, ...], chain: list[Path], referrer: Origin | None) -> Exception:
    themes = ", ".join(available_themes(root)) or "none"
    guess = difflib.get_close_matches(name, available_themes(root), n=1)
    hint = f"did you mean '{guess[0]}'? " if guess else ""
    if referrer is None:
        return error("theme-unknown", f"unknown theme '{name}' (themes: {themes})", root[0] / name / "theme.yaml",
                     fix=f"{hint}use --theme with one of: {themes}, or create themes/{name}/theme.yaml")
    return error("theme-extends", f"theme '{chain[-1].name}' extends '{name}', which does not exist (themes: {themes})",
                 *referrer, fix=f"{hint}set 'extends:' to one of: {themes}, or create themes/{name}/theme.yaml")


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



def _check_floors(theme: Theme) -> None:
    """A floor above its size would make the deck's shrink-to-fit grow text instead."""
    for floor, size in FLOORS:
        if theme.length_pt("slides", floor) > theme.length_pt("slides", size):
            raise error("theme-value", f"slides.{floor} ({theme.setting('slides', floor)}) is above "
                        f"slides.{size} ({theme.setting('slides', size)})", *theme.where("slides", floor),
                        fix=f"make slides.{floor} at most slides.{size}")


def _check_files(theme: Theme) -> None:
    """The logo and fonts exist, are what they claim and stay inside the theme folders, now, not
    halfway through writing an artifact: both writers then read the same checked files."""
    logo = theme.logo
    if logo is not None:
        where = theme.where("logo")
        _inside_theme(theme, logo, where, "logo")
        if not logo.is_file():
            raise error("theme-logo", f"logo {theme.tokens['logo']} does not exist", *where,
                        f"add the picture as {logo}, or remove the 'logo:' line")
        fmt = image_format(logo)
        if fmt is None:
            raise error("theme-logo", f"logo {theme.tokens['logo']} is not a picture", *where,
                        f"use one of: {', '.join(SUPPORTED_FORMATS)}")
        problem = svg_problem(Sandbox(theme.chain), logo) if fmt == "svg" else raster_problem(logo, fmt)
        if problem:
            raise error("theme-logo", f"logo {theme.tokens['logo']} {problem}", *where,
                        "use a smaller picture of the logo (a few hundred pixels wide is plenty)")
    template = theme.deck_template
    if template is not None:
        where = theme.where("deck", "template")
        _inside_theme(theme, template, where, "deck.template")
        if not template.is_file():
            raise error("theme-template", f"deck template {theme.tokens['deck']['template']} does not exist", *where,
                        f"put the organisation's .potx or .pptx at {template}, or remove the 'template:' line")
    for role in ("heading", "body", "mono"):
        font = theme.font(role)
        file, line = theme.where("fonts", role)
        for path in (font.files or {}).values():
            _inside_theme(theme, path, (file, line), f"fonts.{role}")
            if not path.is_file():
                raise error("theme-font", f"font file {path.relative_to(file.parent)} does not exist", file, line,
                            f"add it to {path.parent}/ or remove it from fonts.{role}.files")
            if not is_font_file(path):
                raise error("theme-font", f"font file {path.relative_to(file.parent)} is not a font", file, line,
                            "use a TrueType or OpenType file (.ttf, .otf)")
        if not font.files and not installed_family(font.family):
            if font.package:
                fix = f"install it: sudo apt-get install {font.package}"
            else:
                stem = font.family.replace(" ", "")
                fix = (f"install the font, or add its files under {file.parent}/fonts/ and list them: "
                       f"files: {{regular: fonts/{stem}-Regular.ttf, bold: fonts/{stem}-Bold.ttf}}")
            raise error("theme-font", f"font '{font.family}' (fonts.{role}) is not installed", file, line, fix)


def _inside_theme(theme: Theme, path: Path, where: Origin, token: str) -> None:
    """A theme file must really be inside a theme folder of the chain: a symlink may not lead out."""
    try:
        real = path.resolve()
    except (OSError, RuntimeError) as exc:
        raise error("theme-file", f"{token}: {path.name} cannot be resolved ({exc})", *where,
                    "replace the link by the file itself") from None
    if not any(real.is_relative_to(folder.resolve()) for folder in theme.chain):
        raise error("theme-file", f"{token}: {path.name} leads outside the theme folders (to {real})", *where,
                    "copy the file into the theme folder instead of linking to it")


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

