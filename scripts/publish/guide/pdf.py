"""HTML -> PDF with WeasyPrint: sandboxed fetching, one layout, findings read from it.

The only build module that imports WeasyPrint; the guide package installs its
fixes (weasyprint_fixes/) before importing this. The HTML is laid out once; the page
count, missing glyphs and (for press) low-resolution pictures are all taken
from that one rendering, so checking costs next to nothing.
"""

from __future__ import annotations

import functools
import gc
import logging
import os
import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.document import Document as Rendering
from weasyprint.images import RasterImage
from weasyprint.logger import LOGGER
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from publish import cache, fixes
from publish.guide.finishing import finish
from publish.guide.weasyprint_fixes import hyphenation
from publish.job import EARLIEST, BuildOptions, Job, build_time
from publish.model.diagnostics import Diagnostic
from publish.resources import Sandbox

FULL_COLLECTION_EVERY = 1000  # middle-generation collections between full ones while WeasyPrint works (Python: 10)
KEPT_STYLESHEETS = 8  # a watch session's documents share one or two (left-to-right, right-to-left)
CSS_PX_PER_INCH = 96
MM_PER_INCH = 25.4
PRESS_DPI = 300
NOTDEF_MESSAGE = ".notdef glyph rendered"  # WeasyPrint's warning when no font has a character
# WeasyPrint's warnings the reader has already given, with the file and line: said once is enough.
SAID_BY_THE_READER = re.compile(r'Image ".*" has no required alt description|No anchor #.* for internal URI reference')


@contextmanager
def _rare_full_collections() -> Iterator[None]:
    """WeasyPrint keeps the whole laid-out document until the PDF is written, and each of Python's full
    garbage collections walks all of it: 13 walks over 5.5 M objects (2.5 s) for a 300-page guide, a
    cost growing faster than the page count. Rarer full collections keep it linear, memory the same."""
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], max(thresholds[2], FULL_COLLECTION_EVERY))
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


class SandboxFetcher(URLFetcher):
    """Serves only what the build's Sandbox allows: files in the document and theme
    folders, http(s) when the author allowed remote pictures, and data: pictures (the theme's
    icons; they hold their content, and what an SVG refers to is fetched here too). Anything
    else raises, so WeasyPrint never reads /etc/passwd or embeds a file on request."""

    def __init__(self, sandbox: Sandbox) -> None:
        super().__init__(allowed_protocols=("file", "http", "https", "data"), allow_redirects=sandbox.allow_remote)
        self.sandbox = sandbox

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme in ("http", "https"):
            if not self.sandbox.allow_remote:
                raise PermissionError(f"remote resource {url} is not fetched (pass --allow-remote to allow it)")
        elif scheme == "file":
            self.sandbox.local_path(url, Path(os.sep))  # raises PermissionError outside the roots
        elif not (scheme == "data" and url[5:].lower().startswith("image/")):
            raise PermissionError(f"'{scheme}:' URLs are not fetched")
        return super().fetch(url, headers)


class _Findings(logging.Handler):
    """Collects WeasyPrint's warnings while it works, to return them as Diagnostics."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.missing: dict[str, None] = {}  # characters in order of appearance
        self.messages: dict[str, None] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if str(record.msg).startswith(NOTDEF_MESSAGE) and isinstance(record.args, tuple) and record.args:
            self.missing[str(record.args[0])] = None
        elif not SAID_BY_THE_READER.fullmatch(message := record.getMessage()):
            self.messages[message] = None

    @contextmanager
    def listening(self) -> Iterator[_Findings]:
        """Attach to WeasyPrint's logger, which must pass warnings even if the root logger is quieter."""
        level = LOGGER.level
        if not LOGGER.isEnabledFor(logging.WARNING):
            LOGGER.setLevel(logging.WARNING)
        LOGGER.addHandler(self)
        try:
            yield self
        finally:
            LOGGER.removeHandler(self)
            LOGGER.setLevel(level)


class WarmRenderer:
    """What a long-lived process (make watch) keeps from one rendering to the next.

    WeasyPrint's font configuration (fontconfig set up, Pango's fonts and
    shaping caches loaded), its decoded pictures and the parsed theme
    stylesheet (a public `weasyprint.CSS`, as WeasyPrint means one sheet to serve many
    documents): reusing them saves ~0.13 s a rebuild of the article. The fonts
    are made anew when a theme font file changes (WeasyPrint would keep an
    @font-face it has seen); a picture whose file changed or went away is
    decoded again; a stylesheet is kept with the fonts it was parsed for.
    Each document's contents start from the page numbers of its last
    rendering, so they are laid out once when no heading changed page.
    """

    def __init__(self) -> None:
        self.fonts: tuple[tuple[tuple[str, int, int], ...], FontConfiguration] | None = None
        self.pictures: dict[str, Any] = {}
        self.stamps: dict[str, tuple[str, int, int] | None] = {}
        self.stylesheets: dict[tuple[str, str], tuple[FontConfiguration, CSS]] = {}
        self.target_pages: dict[tuple[Path, BuildOptions], dict[str, Any]] = {}

    def font_config(self, job: Job) -> FontConfiguration:
        stamp = tuple(_identity(path) or (str(path), 0, 0) for role in ("heading", "body", "mono")
                      for path in (job.theme.font(role).files or {}).values())
        if self.fonts is None or self.fonts[0] != stamp:
            self.fonts = (stamp, FontConfiguration())
        return self.fonts[1]

    def stylesheet(self, css: str, base_url: str, fonts: FontConfiguration, fetcher: URLFetcher) -> CSS:
        """The theme's parsed stylesheet, parsed again only for other text, folder or fonts."""
        key = (css, base_url)
        kept = self.stylesheets.get(key)
        if kept is None or kept[0] is not fonts:
            if len(self.stylesheets) >= KEPT_STYLESHEETS:
                self.stylesheets.clear()
            kept = self.stylesheets[key] = (fonts, CSS(string=css, base_url=base_url, font_config=fonts,
                                                       url_fetcher=fetcher))
        return kept[1]

    def picture_cache(self) -> dict[str, Any]:
        """The decoded pictures, less those whose file is not the one decoded."""
        for url, stamp in list(self.stamps.items()):
            if _identity(_local(url)) != stamp:
                self.pictures.pop(url, None)
                del self.stamps[url]
        return self.pictures

    def remember(self) -> None:
        for url in self.pictures.keys() - self.stamps.keys():
            self.stamps[url] = _identity(_local(url))


_warm: WarmRenderer | None = None


def keep_warm() -> None:
    """From now on this process reuses fonts and pictures between renderings (see WarmRenderer)."""
    global _warm
    _warm = _warm or WarmRenderer()


def _local(url: str) -> Path | None:
    parts = urlsplit(url)
    return Path(unquote(parts.path)) if parts.scheme == "file" else None


def _identity(path: Path | None) -> tuple[str, int, int] | None:
    try:
        return cache.file_identity(path) if path is not None else None
    except OSError:
        return None


def render_pdf(job: Job, html: str, css: str, target: Path) -> tuple[int, list[Diagnostic]]:
    """Lay out `html` with the theme's `css` once and write the PDF to `target`; return the page count
    and findings."""
    options: dict[str, Any] = {"pdf_variant": job.pdf_variant, "pdf_tags": True}
    pictures: dict[str, Any] = _warm.picture_cache() if _warm else {}
    fonts = _warm.font_config(job) if _warm else FontConfiguration()
    fetcher = SandboxFetcher(job.sandbox)
    base_url = target.parent.resolve().as_uri() + "/"
    css_base = job.document.base_dir.resolve().as_uri() + "/"  # the sheet's URLs are the document's (its <base>)
    findings = _Findings()
    hyphenation.preload(job.document.meta.lang)
    stylesheet = (_warm.stylesheet(css, css_base, fonts, fetcher) if _warm else
                  CSS(string=css, base_url=css_base, font_config=fonts, url_fetcher=fetcher))
    with findings.listening(), _contents_numbers(job), _pinned_clock(job), _rare_full_collections():
        rendering = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            stylesheets=[stylesheet], cache=pictures, font_config=fonts, **options)
        finisher = functools.partial(finish, formulas=job.document.formulas())
        rendering.write_pdf(target, finisher=finisher, **options)
    if _warm:
        _warm.remember()
    source = job.document.path
    diagnostics = [Diagnostic("pdf", message, source) for message in findings.messages]
    if findings.missing:
        characters = " ".join(f"{char} (U+{ord(char):04X})" for char in findings.missing)
        diagnostics.append(Diagnostic(
            "missing-glyph", f"no installed font has {characters}: printed as empty boxes", source,
            fix="install a font covering them (e.g. fonts-noto-core, fonts-noto-cjk) and list its family in the "
                "theme's fonts.fallbacks"))
    if job.options.press:
        diagnostics.extend(low_resolution(rendering, pictures, job.document.base_dir, source))
    return len(rendering.pages), diagnostics


def _contents_numbers(job: Job) -> AbstractContextManager[None]:
    """A warm process starts the contents from its last rendering's page numbers (where that fix is in force)."""
    if _warm is None or not fixes.active("weasyprint-target-counters"):
        return nullcontext()
    from publish.guide.weasyprint_fixes import target_counters

    return target_counters.starting_from(_warm.target_pages.setdefault((job.document.path, job.options), {}))


@contextmanager
def _pinned_clock(job: Job) -> Iterator[None]:
    """Pin SOURCE_DATE_EPOCH while writing: fontTools stamps the fonts it rewrites (colour emoji)
    with the current time otherwise, and the same inputs must give the same bytes."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        yield
        return
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int((build_time(job.document) or EARLIEST).timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def low_resolution(rendering: Rendering, pictures: dict[str, Any], base_dir: Path, source: Path) -> list[Diagnostic]:
    """A warning per raster picture printed below PRESS_DPI at the size it has on the page."""
    names = {id(image): url for url, image in pictures.items() if isinstance(image, RasterImage)}
    worst: dict[str, tuple[float, float, float]] = {}
    for page in rendering.pages:
        page_box = getattr(page, "_page_box", None)  # WeasyPrint's laid-out boxes: no public way to them
        if page_box is None:
            return [Diagnostic("low-resolution", "this WeasyPrint does not show where pictures are printed: "
                               "their resolution was not checked", source)]
        for box in page_box.descendants(placeholders=True):
            for image, width_px, height_px in _pictures(box):
                if id(image) not in names or not width_px or not height_px:
                    continue
                dpi = min(image.width / (width_px / CSS_PX_PER_INCH), image.height / (height_px / CSS_PX_PER_INCH))
                name = names[id(image)]
                if dpi < PRESS_DPI and (name not in worst or dpi < worst[name][0]):
                    worst[name] = (dpi, width_px, height_px)
    return [
        Diagnostic("low-resolution",
                   f"picture {_display_name(url, base_dir)} prints at {dpi:.0f} dpi "
                   f"({_mm(width)} × {_mm(height)} mm); print shops need {PRESS_DPI} dpi", source,
                   fix="use a larger original, or print it smaller")
        for url, (dpi, width, height) in worst.items()]


def _pictures(box: Any) -> Iterator[tuple[RasterImage, float, float]]:
    """(image, printed width, printed height in CSS px) for an <img> box and its background pictures."""
    replacement = getattr(box, "replacement", None)
    if isinstance(replacement, RasterImage):
        yield replacement, box.width, box.height
    background = getattr(box, "background", None)
    for layer in getattr(background, "layers", ()) or ():
        if isinstance(layer.image, RasterImage):
            yield layer.image, layer.size[0], layer.size[1]


def _display_name(url: str, base_dir: Path) -> str:
    path = _local(url)
    return os.path.relpath(path, base_dir) if path is not None and path.is_relative_to(base_dir) else url


def _mm(css_px: float) -> str:
    return f"{css_px / CSS_PX_PER_INCH * MM_PER_INCH:.0f}"
