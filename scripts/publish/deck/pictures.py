"""Pictures for slides: their proportions for planning, and bitmaps the deck can embed.

SVG is rasterised with cairosvg at the theme's resolution for the size it is
shown at, so diagrams stay crisp on a projector. cairosvg runs in its safe
mode: an SVG cannot make it read other files or the network. Bitmaps are kept
in the build cache, so a rebuild neither loads cairosvg nor draws again.
"""

from __future__ import annotations

import ctypes
import hashlib
import io
import re
from functools import cache as once
from pathlib import Path
from xml.etree import ElementTree

from PIL import Image, ImageOps

from publish import cache
from publish.model.diagnostics import error
from publish.resources import image_format
from publish.theme import installed_families

EMBEDDABLE = ("png", "jpeg", "gif")
NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(px|pt)?\s*$")
DEFAULT_ASPECT = 4 / 3
# (SVG's SHA-256, pixel width) -> PNG: the same logo or figure is drawn once per process, not per use.
_RASTERS: dict[tuple[bytes, int], bytes] = {}
RASTER_KIND = "rasters"  # the cache folder for PNGs drawn from SVGs
RASTER_FORMAT = 1  # part of every raster's cache key: change it when the drawing call changes
PNG_START, PNG_END = b"\x89PNG\r\n\x1a\n", b"IEND\xaeB`\x82"  # the signature and the closing chunk
EXIF_ORIENTATION = 0x0112
TURNED = (5, 6, 7, 8)  # orientations whose upright picture is a quarter turn: width and height swap
FLIPPED = (2, 3, 4)  # mirrored or upside down
CAIRO_LIBRARIES = ("libcairo.so.2", "libcairo.2.dylib", "libcairo-2.dll")  # the names cairocffi opens


def aspect_ratio(path: Path) -> float | None:
    """Width over height of a picture file, or None when it cannot be read as a picture."""
    if image_format(path) == "svg":
        return _svg_aspect(path)
    try:
        with Image.open(path) as image:
            width, height = image.size
            if _orientation(image) in TURNED:
                width, height = height, width
    except (OSError, SyntaxError, ValueError):  # what Pillow raises for damaged files
        return None
    return width / height if width > 0 and height > 0 else None


def embeddable(path: Path, width_in: float, resolution: int) -> tuple[bytes, str]:
    """(image bytes, format) for a picture shown `width_in` inches wide; BuildError if it cannot be drawn."""
    fmt = image_format(path)
    try:
        if fmt == "svg":
            return _rasterise(path.read_bytes(), round(width_in * resolution)), "png"
        with Image.open(path) as image:
            turned = _orientation(image) in (*TURNED, *FLIPPED)
            if fmt in EMBEDDABLE and not turned:
                return path.read_bytes(), str(fmt)
            out = io.BytesIO()  # the slide applications ignore EXIF orientation: the pixels are turned
            ImageOps.exif_transpose(image).save(out, format="PNG")
        return out.getvalue(), "png"
    except Exception as exc:  # cairosvg and Pillow raise many kinds for broken files
        raise error("picture", f"picture {path.name} cannot be drawn ({type(exc).__name__}: {exc})", path,
                    fix="open it in an image editor and save it again as PNG or SVG") from None


def formula_png(svg: str, width_in: float, resolution: int) -> bytes:
    """A formula's SVG drawn as PNG for a slide `width_in` inches wide (slides take no SVG here)."""
    return _rasterise(svg.encode(), max(1, round(width_in * resolution)))


def _orientation(image: Image.Image) -> int:
    """The EXIF orientation of a photo (1: as stored), which browsers and WeasyPrint apply."""
    return int(image.getexif().get(EXIF_ORIENTATION, 1) or 1)


def _rasterise(svg: bytes, width: int) -> bytes:
    """An SVG drawn `width` pixels wide as PNG, remembered in the process and between runs:
    loading cairosvg costs 0.2-0.45 s a process and rasterising 0.05-0.1 s a picture. The key
    holds the installed font families too: a font added or removed may change how text is drawn."""
    digest = hashlib.sha256(svg).digest()
    if (digest, width) not in _RASTERS:
        name = cache.key(RASTER_FORMAT, digest, width, _drawing_versions(), sorted(installed_families()))
        png = cache.load(RASTER_KIND, name)
        if png is None or not _whole_png(png):  # not drawn yet, or a damaged entry: draw it (again)
            import cairosvg  # slow to load (cairo through cffi): only when there is an SVG to draw

            png = cairosvg.svg2png(bytestring=svg, output_width=width, unsafe=False)
            cache.store(RASTER_KIND, name, png)
        _RASTERS[(digest, width)] = png
    return _RASTERS[(digest, width)]


@once
def _drawing_versions() -> tuple[str, ...]:
    """The versions of what draws an SVG: the packages' from their metadata (asking cairosvg would
    import it), and the system's cairo from the library itself, so an upgrade draws afresh."""
    from importlib import metadata  # ~10 ms: only when there is an SVG to draw

    versions = []
    for package in ("cairosvg", "cairocffi"):
        try:
            versions.append(metadata.version(package))
        except metadata.PackageNotFoundError:  # not installed: the drawing itself will say so
            versions.append("")
    return (*versions, _cairo_version())


def _cairo_version() -> str:
    for name in CAIRO_LIBRARIES:
        try:
            return str(ctypes.CDLL(name).cairo_version())
        except (OSError, AttributeError):
            continue
    return ""


def _whole_png(data: bytes) -> bool:
    """Whether cached bytes look like a complete PNG (a damaged entry is drawn again, not embedded)."""
    return data.startswith(PNG_START) and data.endswith(PNG_END)


def _svg_aspect(path: Path) -> float:
    try:
        root = ElementTree.fromstring(path.read_bytes())
    except ElementTree.ParseError:
        return DEFAULT_ASPECT
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        width, height = float(box[2]), float(box[3])
    else:
        width_match, height_match = NUMBER.match(root.get("width") or ""), NUMBER.match(root.get("height") or "")
        if not (width_match and height_match):
            return DEFAULT_ASPECT
        width, height = float(width_match.group(1)), float(height_match.group(1))
    return width / height if width > 0 and height > 0 else DEFAULT_ASPECT
