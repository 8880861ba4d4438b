"""`publish theme from-template FILE NAME`: a theme that wears the brand of a PowerPoint template.

The template's theme colours (dk1/lt1/dk2/lt2, accent1-6, hyperlink) and
fonts become the theme's tokens, so the PDF guide has the deck's colours and
type; its logo (the largest picture on the slide master, else on its title
layout) becomes the theme's logo; the template itself is copied into the
theme and named as `deck: {template: ...}`. Colour pairs that would be hard
to read get the nearest colour that passes WCAG AA, and the file says which.
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from publish.deck.template import METRIC_COMPATIBLE, DeckTemplate, load_template
from publish.model.diagnostics import BuildError
from publish.theme import installed_family, load_theme, theme_roots
from publish.theme.contrast import PAIRS, REQUIRED, check, contrast_ratio, relative_luminance, suggest
from publish.theme.schema import THEME_NAME

# Debian packages of the metric-compatible families, for `make setup` on a fresh machine.
FONT_PACKAGES = {"Carlito": "fonts-crosextra-carlito", "Caladea": "fonts-crosextra-caladea",
                 "Liberation Sans": "fonts-liberation2", "Liberation Serif": "fonts-liberation2",
                 "Liberation Mono": "fonts-liberation2", "Liberation Sans Narrow": "fonts-liberation",
                 "Gelasio": "fonts-gelasio"}
# Theme colour token <- the template's scheme colour it takes (the text colours first: the others
# are checked against them).
COLOUR_SOURCES = {
    "text": "dk1", "slide_text": "dk1", "callout_text": "dk1", "background": "lt1", "slide_background": "lt1",
    "primary": "accent1", "secondary": "accent2", "accent": "accent2", "link": "hlink", "rule": "lt2",
    "callout_border": "accent1", "table_header_background": "accent1", "table_header_text": "lt1",
    "table_stripe": "lt2", "cover_background": "accent1", "cover_text": "lt1", "cover_accent": "lt2",
    "slide_title": "accent1", "section_background": "accent1", "section_text": "lt1",
}
LOGO_AREA = 0.2  # a larger picture on the master is a background, not a logo
LOGO_FORMATS = ("png", "jpg", "jpeg", "gif", "svg")  # what the theme's logo may be
CALLOUT_TINT = 0.12  # the callout background: this much of accent1 on the page colour
BANDS = ("table_header_background", "cover_background", "section_background")  # page-coloured text on them
BAND_CANDIDATES = ("accent1", "accent2", "dk2", "accent3", "accent4", "accent5", "accent6")


def main(argv: Sequence[str]) -> int:
    """Exit 0 written, 1 the template cannot be used, 2 wrong usage (argparse's convention)."""
    try:
        return _run(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2


def _run(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(prog="publish theme from-template",
                                description="Write themes/NAME/theme.yaml from a PowerPoint template's colours, "
                                            "fonts and logo; the deck is then built on the template itself.")
    p.add_argument("template", type=Path, help="the organisation's .potx or .pptx")
    p.add_argument("name", help="the new theme's name (a folder under themes/)")
    p.add_argument("--themes", type=Path, default=Path("themes"), metavar="DIR",
                   help="the folder to write the theme into (default: themes/)")
    args = p.parse_args(argv)
    if not THEME_NAME.match(args.name):
        p.error(f"'{args.name}' is not a theme name: letters, digits, '-' and '_', e.g. brand")
    if not args.template.is_file():
        p.error(f"{args.template}: no such file; give the organisation's .potx or .pptx")
    folder = args.themes / args.name
    if folder.exists():
        p.error(f"{folder} exists already; choose another name or remove the folder")
    try:
        notes = write_theme(args.template, folder)
        load_theme(args.name, theme_roots(args.themes))
    except BuildError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        print(exc.diagnostic, file=sys.stderr)
        return 1
    for note in notes:
        print(note, file=sys.stderr)
    print(f"{folder / 'theme.yaml'}: theme '{args.name}' from {args.template.name}; "
          f"build with: make THEME={args.name}")
    return 0


def write_theme(template_path: Path, folder: Path) -> list[str]:
    """The theme folder for the template; what was adjusted on the way, for the author to read."""
    template = load_template(template_path)
    folder.mkdir(parents=True)
    shutil.copyfile(template_path, folder / template_path.name)
    colours, adjusted = brand_colours(template)
    lines = [f"# The brand of {template_path.name}, written by `publish theme from-template`.",
             "# The deck is built on the template itself; these tokens dress the PDF guide to match.",
             "extends: default"]
    logo = _write_logo(template, folder)
    if logo:
        lines += [f"logo: {logo}", f"logo_alt: {_quoted(template_path.stem + ' logo')}"]
    lines += ["", "deck:", f"  template: {_quoted(template_path.name)}", "", "colors:"]
    for token, value in colours.items():
        note = f"  # {adjusted[token]}" if token in adjusted else ""
        lines.append(f"  {token}: \"{value}\"{note}")
    fonts, notes = _fonts(template)
    if fonts:
        lines += ["", "fonts:", *fonts]
    (folder / "theme.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return notes + [f"{folder / 'theme.yaml'}: {token}: {reason}" for token, reason in adjusted.items()]


def brand_colours(template: DeckTemplate) -> tuple[dict[str, str], dict[str, str]]:
    """The theme's colour tokens from the template's scheme, and why any of them differs from it."""
    scheme = template.colours
    colours = {token: scheme[source] for token, source in COLOUR_SOURCES.items() if source in scheme}
    if "accent1" in scheme and "lt1" in scheme:
        colours["callout_background"] = _mix(scheme["accent1"], scheme["lt1"], CALLOUT_TINT)
        band = _band(scheme)
        colours.update(dict.fromkeys(BANDS, band))
    adjusted: dict[str, str] = {}
    merged = {**load_theme("default").colors, **colours}  # the theme extends default for the rest
    for _ in range(4):  # a changed text colour can change what its other backgrounds need
        failing = [c for c in check(merged, PAIRS) if not c.passes]
        if not failing:
            break
        for token in dict.fromkeys(c.pair.text for c in failing):
            better = suggest(merged, token)
            if better and better != merged[token]:
                source = COLOUR_SOURCES.get(token)
                change = "darkened" if relative_luminance(better) < relative_luminance(merged[token]) else "lightened"
                adjusted[token] = f"{source or 'the default'} {merged[token]} {change} to pass WCAG AA"
                merged[token] = better
    return {token: merged[token] for token in merged if token in colours or token in adjusted}, adjusted


def _band(scheme: dict[str, str]) -> str:
    """The brand colour that page-coloured text can be read on (covers, section slides, table headers):
    the first accent (or dark colour) that passes AA with lt1, else accent1 darkened until it does."""
    page = scheme["lt1"]
    for name in BAND_CANDIDATES:
        if name in scheme and contrast_ratio(scheme[name], page) >= REQUIRED["body"]:
            return scheme[name]
    colour = scheme["accent1"]
    for step in range(1, 11):
        colour = _mix("#000000", scheme["accent1"], step / 10)
        if contrast_ratio(colour, page) >= REQUIRED["body"]:
            break
    return colour


def _mix(colour: str, base: str, share: float) -> str:
    a, b = (tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in (colour, base))
    return "#" + "".join(f"{round(x * share + y * (1 - share)):02X}" for x, y in zip(a, b, strict=True))


def _fonts(template: DeckTemplate) -> tuple[list[str], list[str]]:
    """Font tokens for the template's title and body fonts: for the PDF the font itself when it is
    installed, else its metric-compatible family; a font with neither keeps the default theme's, with a note."""
    lines, notes = [], []
    for role, office in zip(("heading", "body"), template.fonts, strict=True):
        if not office:
            continue
        compatible = METRIC_COMPATIBLE.get(office.lower())
        family = office if installed_family(office) else compatible if compatible and installed_family(compatible) \
            else None
        if family is None:
            notes.append(f"{template.path}: font '{office}' is not installed and has no metric-compatible family; "
                         f"the theme keeps the default {role} font (install '{office}' and set fonts.{role})")
            continue
        package = FONT_PACKAGES.get(family) if family != office else None
        extra = f", package: {package}" if package else ""
        lines.append(f"  {role}: {{family: {family}, office: {office}{extra}}}")
    return lines, notes


def _write_logo(template: DeckTemplate, folder: Path) -> str | None:
    """The largest picture of the first slide master (else of the title slide's layout), saved as the
    theme's logo; its path in the theme, or None when there is none."""
    prs = Presentation(io.BytesIO(template.data))
    master = prs.slide_masters[0]
    title_layout = next((layout for layout in master.slide_layouts
                         if layout.part.partname == template.choices["title"].layout.partname), None)
    area = (prs.slide_width or 1) * (prs.slide_height or 1)
    groups: tuple[Any, ...] = (master.shapes, title_layout.shapes if title_layout else ())
    for shapes in groups:
        pictures = [s for s in shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE
                    and (s.width or 0) * (s.height or 0) < LOGO_AREA * area and s.image.ext in LOGO_FORMATS]
        if pictures:
            image = max(pictures, key=lambda s: (s.width or 0) * (s.height or 0)).image
            (folder / "assets").mkdir(exist_ok=True)
            name = f"assets/logo.{image.ext}"
            (folder / name).write_bytes(image.blob)
            return name
    return None


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
