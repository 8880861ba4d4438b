"""Which files a document may use, and whether a picture is one we can print.

The policy lives here, free of any renderer, so the reader, the PDF writer's
URL fetcher and the deck writer all apply the same rule: only files inside
the document's folder or the theme's folder, never the network unless the
author asked for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

IMAGE_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)
SUPPORTED_FORMATS = ("png", "jpeg", "gif", "webp", "svg")


@dataclass(frozen=True)
class Sandbox:
    """The folders a build may read from, and whether it may go online."""

    roots: tuple[Path, ...]
    allow_remote: bool = False

    def local_path(self, url: str, base: Path) -> Path:
        """Resolve `url` (relative to `base`, or file://) to a file inside a root.

        Raises PermissionError with the reason when the URL is not allowed.
        """
        parts = urlsplit(url)
        if parts.scheme in ("http", "https"):
            raise PermissionError(f"remote resource {url} is not fetched (pass --allow-remote to allow it)")
        if parts.scheme not in ("", "file"):
            raise PermissionError(f"'{parts.scheme}:' URLs are not allowed")
        raw = unquote(parts.path)
        if parts.scheme == "" and Path(raw).is_absolute():
            raise PermissionError(f"absolute path {raw} is not allowed; use a path relative to the document")
        path = (base / raw).resolve() if parts.scheme == "" else Path(raw).resolve()
        if not any(path.is_relative_to(root.resolve()) for root in self.roots):
            raise PermissionError(f"{raw} is outside the document and theme folders")
        return path

    def is_remote(self, url: str) -> bool:
        return urlsplit(url).scheme in ("http", "https")


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
            text.startswith(b"<!--") and path.suffix.lower() == ".svg"):
        return "svg"
    return None


def check_image(sandbox: Sandbox, src: str, base: Path) -> tuple[Path | None, str | None]:
    """(resolved path, None) for a usable picture, else (None, why not)."""
    if sandbox.is_remote(src):
        if sandbox.allow_remote:
            return None, None
        return None, f"remote picture {src} is not fetched (pass --allow-remote, or save it next to the document)"
    try:
        path = sandbox.local_path(src, base)
    except PermissionError as exc:
        return None, str(exc)
    if not path.is_file():
        return None, f"picture {src} does not exist"
    try:
        fmt = image_format(path)
    except OSError as exc:
        return None, f"picture {src} cannot be read ({exc.strerror})"
    if fmt is None:
        return None, f"picture {src} is not a supported format ({', '.join(SUPPORTED_FORMATS)})"
    return path, None
