"""Themes: one set of tokens (theme.yaml, with `extends:`) for both artifacts.

The tokens, and the deck's geometry beside them (deck/deck.yaml), are
validated here with messages an author can act on (file:line, what is wrong,
the fix) and merged along `extends:`; the Jinja2 environment renders the
guide's HTML/CSS and the deck's theme part from them. No colour, font, size
or box lives in Python: only their grammar.
"""

from __future__ import annotations

from publish.theme.fonts import font_file, installed_families, installed_family, substitute_family
from publish.theme.loader import CHECKOUT_THEMES, available_themes, load_theme, theme_roots, validate_contrast
from publish.theme.model import Font, Theme
from publish.theme.schema import DECK_FILE, DECK_GRAMMAR, FONT_STYLES, PAPER_SIZES, SCHEMA, expand_colour, to_points

__all__ = [
    "CHECKOUT_THEMES", "DECK_FILE", "DECK_GRAMMAR", "FONT_STYLES", "PAPER_SIZES", "SCHEMA", "Font", "Theme",
    "available_themes", "expand_colour", "font_file", "installed_families", "installed_family", "load_theme",
    "substitute_family", "theme_roots", "to_points", "validate_contrast",
]
