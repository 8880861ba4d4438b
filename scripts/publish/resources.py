"""Which files a document may use, and whether a picture is one we can print.

The policy lives here, free of any renderer, so the reader, the PDF writer's
URL fetcher and the deck writer all apply the same rule: only files inside
the document's folder or the theme's folder, never the network unless the
author asked for it.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import SplitResult, unquote, urlsplit
from xml.etree import ElementTree

from publish.limits import MAX_NESTING, MAX_PICTURE_PIXELS, MAX_SVG_ELEMENTS

IMAGE_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)
SUPPORTED_FORMATS = ("png", "jpeg", "gif", "webp", "svg")
SVG_MAX_BYTES = 20 * 1024 * 1024
SVG_MAX_SIDE = 100_000  # user units (pixels): a picture a kilometre wide at 96 dpi is not meant
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# The text an SVG draws: what its text, tspan and textPath elements hold (not its title or desc).
SVG_TEXT = re.compile(r"<(?:[\w-]+:)?(text|tspan|textPath)\b([^>]*)>([^<]+)")
SVG_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
SVG_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
# Resources an SVG loads (`<image href>`, `<use href>`, CSS `url()`), not its `<a href>` links.
SVG_REFERENCE = re.compile(r"""<(?!a\b)[\w:-]+[^>]*?\bhref\s*=\s*["']\s*([^"']+)|\burl\(\s*["']?\s*([^"')\s]+)""",
                           re.I)
SVG_ENTITY = re.compile(rb"<!ENTITY", re.I)


@dataclass(frozen=True)
class Sandbox:
    """The folders a build may read from, and whether it may go online."""

    roots: tuple[Path, ...]
    allow_remote: bool = False

    def local_path(self, url: str, base: Path) -> Path:
        """Resolve `url` (relative to `base`, or file://) to a file inside a root.

        Raises PermissionError with the reason when the URL is not allowed.
        """
        parts = _split(url)
        if self.is_remote(url):
            raise PermissionError(f"remote resource {url} is not fetched (pass --allow-remote to allow it)")
        if parts.scheme not in ("", "file"):
            raise PermissionError(f"'{parts.scheme}:' URLs are not allowed")
        raw = unquote(parts.path)
        if "\x00" in raw:
            raise PermissionError(f"{url!r} is not a valid path")
        if parts.scheme == "" and (Path(raw).is_absolute() or raw.startswith("\\")):
            raise PermissionError(f"absolute path {raw} is not allowed; use a path relative to the document")
        try:
            path = (base / raw).resolve() if parts.scheme == "" else Path(raw).resolve()
        except (OSError, RuntimeError) as exc:  # a symlink loop, a name too long
            raise PermissionError(f"{raw} cannot be resolved ({exc})") from None
        if not any(path.is_relative_to(root.resolve()) for root in self.roots):
            raise PermissionError(f"{raw} is outside the document and theme folders")
        return path

    def allows(self, url: str, base: Path) -> bool:
        """Whether a renderer may load `url` at all (it may still be missing)."""
        if self.is_remote(url):
            return self.allow_remote
        try:
            self.local_path(url, base)
        except PermissionError:
            return False
        return True

    def is_remote(self, url: str) -> bool:
        """True for http(s) URLs, including protocol-relative ones (`//host/path`)."""
        try:
            parts = urlsplit(url.strip())
        except ValueError:  # not a URL at all; local_path says so
            return False
        return parts.scheme in ("http", "https") or (parts.scheme == "" and bool(parts.netloc))


def _split(url: str) -> SplitResult:
    """The URL's parts; PermissionError for text no URL parser accepts (`http://[::1/a.png`)."""
    try:
        return urlsplit(url.strip())
    except ValueError:
        raise PermissionError(f"{url} is not a valid address") from None


def image_format(path: Path) -> str | None:
    """The picture format from the file's first bytes (names can lie), or None."""
    with path.open("rb") as handle:
        head = handle.read(512)
    for signature, name in IMAGE_SIGNATURES:
        if head.startswith(signature):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip().lower()
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in head.lower()) or (
            text.startswith((b"<!--", b"<!doctype")) and path.suffix.lower() == ".svg"):
        return "svg"
    return None


def raster_problem(path: Path, fmt: str) -> str | None:
    """Why a PNG, JPEG, GIF or WebP may not be used (more pixels than a build decodes, a header no
    decoder reads), or None. Read from the header alone, before anything is decoded."""
    if fmt == "svg":
        return None
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as picture:
                width, height = picture.size
                if fmt == "png":
                    picture.verify()  # every chunk present and intact, without decoding the pixels
    except Image.DecompressionBombError:
        return f"has more than {MAX_PICTURE_PIXELS // 1_000_000} million pixels"
    except (OSError, ValueError, SyntaxError) as exc:  # Pillow's errors for a header it cannot read
        return f"cannot be read as {fmt.upper()} ({exc})"
    if width * height > MAX_PICTURE_PIXELS or not width or not height:
        return f"is {width:,} × {height:,} pixels; the limit is {MAX_PICTURE_PIXELS // 1_000_000} million pixels"
    return None


def svg_problem(sandbox: Sandbox, path: Path) -> str | None:
    """Why an SVG may not be used (entities, outside files, the network), or None.

    Renderers load what an SVG refers to, so its references obey the same
    rule as the document: fragments, embedded data, files inside the roots.
    """
    if path.stat().st_size > SVG_MAX_BYTES:
        return f"is larger than {SVG_MAX_BYTES // 1_048_576} MB"
    data = path.read_bytes()
    if SVG_ENTITY.search(data):
        return "declares XML entities, which are not allowed"
    for match in SVG_REFERENCE.finditer(data.decode("utf-8", "replace")):
        reference = (match.group(1) or match.group(2)).strip()
        if reference.startswith("#") or reference.lower().startswith("data:"):
            continue
        if sandbox.allow_remote and sandbox.is_remote(reference):
            continue
        try:
            sandbox.local_path(reference, path.parent)
        except PermissionError:
            return f"refers to {reference}, which is not allowed"
    return _svg_structure_problem(data)


def _svg_structure_problem(data: bytes) -> str | None:
    """Why no renderer should draw this SVG: not XML, sizes that are no numbers or absurd, or more
    elements than MAX_SVG_ELEMENTS once each <use> is expanded (ten uses of ten uses, nine deep)."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        return f"is not well-formed XML ({exc})"
    if not root.tag.endswith("svg"):
        return "is not an SVG picture (its root element is not <svg>)"
    view_box = root.get("viewBox")
    if view_box is not None:
        numbers = [_svg_number(part) for part in re.split(r"[\s,]+", view_box.strip())]
        if len(numbers) != 4 or None in numbers or not (numbers[2] or 0) > 0 or not (numbers[3] or 0) > 0:
            return f"has a viewBox that is not four numbers with a positive width and height ({view_box[:40]})"
    for name in ("width", "height"):
        value = (root.get(name) or "").strip()
        if value and not value.endswith("%"):
            number = _svg_number(re.sub(r"(px|pt|pc|mm|cm|in|em|ex)$", "", value))
            if number is None or not 0 < number <= SVG_MAX_SIDE:
                return f"has a {name} that is no size a page can show ({value[:40]})"
    ids = {element.get("id"): element for element in root.iter() if element.get("id")}
    counted: dict[int, int] = {}

    def drawn(element: ElementTree.Element, trail: frozenset[int]) -> int:
        if id(element) in counted:
            return counted[id(element)]
        if id(element) in trail or len(trail) > MAX_NESTING * 8:
            return MAX_SVG_ELEMENTS + 1  # a <use> of its own ancestor, or nesting without end
        total = 1
        for child in element:
            total += drawn(child, trail | {id(element)})
        if element.tag.endswith("use"):
            reference = element.get("href") or element.get(XLINK_HREF) or ""
            target = ids.get(reference[1:]) if reference.startswith("#") else None
            total += drawn(target, trail | {id(element)}) if target is not None else 0
        counted[id(element)] = total = min(total, MAX_SVG_ELEMENTS + 1)
        return total

    if drawn(root, frozenset()) > MAX_SVG_ELEMENTS:
        return f"draws more than {MAX_SVG_ELEMENTS:,} elements once its <use> elements are expanded"
    return None


def _svg_number(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


@dataclass(frozen=True)
class SvgText:
    """A text an SVG draws, and whether its letters are placed one by one."""

    text: str
    letter_by_letter: bool


def places_letters_one_by_one(attribute: Callable[[str], str | None]) -> bool:
    """Whether an SVG text element gives its letters places of their own: several x, y, dx or dy
    values, a rotation, a textLength or a letter-spacing. Renderers then lay it out letter by
    letter; otherwise its text can be laid out as one run (joined, kerned, in bidi order)."""
    if any(len(SVG_NUMBER.findall(attribute(name) or "")) > 1 for name in ("x", "y", "dx", "dy")):
        return True
    if any(float(number) for number in SVG_NUMBER.findall(attribute("rotate") or "")):
        return True
    spacing = SVG_NUMBER.match((attribute("letter-spacing") or "").strip())
    return attribute("textLength") is not None or (spacing is not None and float(spacing.group()) != 0)


def svg_right_to_left_text(path: Path) -> SvgText | None:
    """The first text of an SVG's text elements that holds right-to-left letters, else None.

    The deck's SVG renderer (cairosvg) lays such text out left to right: Hebrew comes out
    reversed, and text anchored at its right-to-left start runs off the picture. The PDF lays
    it out as one run, unless the element places its letters one by one (then they come out
    unjoined and reversed there too).
    """
    for match in SVG_TEXT.finditer(path.read_text(encoding="utf-8", errors="replace")):
        text = " ".join(html.unescape(match.group(3)).split())
        if any(unicodedata.bidirectional(char) in ("R", "AL") for char in text):
            attributes = {name: html.unescape(double or single)
                          for name, double, single in SVG_ATTRIBUTE.findall(match.group(2))}
            return SvgText(text, match.group(1) == "textPath" or places_letters_one_by_one(attributes.get))
    return None


def check_image(sandbox: Sandbox, src: str, base: Path) -> tuple[Path | None, str | None]:
    """(resolved path, None) for a usable picture, else (None, why not).

    A path from the site's root (`/images/x.png`, as Quarto, Jekyll and Hugo pages write them) is
    read from the document's folder, the only root a lone document has."""
    if sandbox.is_remote(src):
        if sandbox.allow_remote:
            return None, None
        return None, f"remote picture {src} is not fetched (pass --allow-remote, or save it next to the document)"
    site_root = src.startswith("/") and not src.startswith("//")
    try:
        path = sandbox.local_path(src.lstrip("/") if site_root else src, base)
    except PermissionError as exc:
        return None, str(exc)
    try:
        if not path.is_file():
            where = " (a path starting with / is read from the document's folder)" if site_root else ""
            return None, f"picture {src} does not exist{where}"
        fmt = image_format(path)
        problem = svg_problem(sandbox, path) if fmt == "svg" else None
    except OSError as exc:
        return None, f"picture {src} cannot be read ({exc.strerror or exc})"
    if fmt is None:
        return None, f"picture {src} is not a supported format ({', '.join(SUPPORTED_FORMATS)})"
    problem = problem or raster_problem(path, fmt)
    if problem:
        return None, f"picture {src} {problem}"
    return path, None
