"""A resolved theme: merged, validated tokens and the folders its files come from."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jinja2

from publish.theme.fonts import font_file
from publish.theme.schema import Origin, TokenPath, to_points


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

    @property
    def deck_template(self) -> Path | None:
        """The organisation's PowerPoint template the deck is built on, if the theme names one."""
        template = (self.tokens.get("deck") or {}).get("template")
        return self._find(Path(template), ("deck", "template")) if template else None

    def with_deck_template(self, path: Path) -> Theme:
        """This theme with its deck built on `path` (a template given on the command line)."""
        deck = {**(self.tokens.get("deck") or {}), "template": str(path.resolve())}
        return replace(self, tokens={**self.tokens, "deck": deck})

    def labels(self, lang: str) -> dict[str, str]:
        """The labels in the document's language (see translated_labels), theme.yaml's where none is given."""
        from publish.theme.labels import translated_labels

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
        from publish.theme.templating import environment

        return environment(self.chain)

