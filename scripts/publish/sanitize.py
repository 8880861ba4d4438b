"""Raw HTML in Markdown: keep what is harmless, drop the rest and say what went.

nh3 (Ammonia) does the cleaning; this module only decides the allow-list and
names what was removed so the author gets a warning.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small",
    "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u",
    "ul", "var", "wbr",
})
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template", "noscript",
                                  "svg", "math", "form", "textarea", "select", "audio", "video", "canvas"})
ALLOWED_ATTRIBUTES = {
    "*": {"lang", "dir", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    "time": {"datetime"},
}
URL_SCHEMES = {"http", "https", "mailto"}


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.urls: list[str] = []
        self.text: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in DROPPED_WITH_CONTENT:
            self._skip_depth += 1
        for name, value in attrs:
            if name in ("href", "src", "data") and value:
                self.urls.append(value)
            if name == "rel" and value and "attachment" in value.split():
                self.urls.append(f"rel={value}")

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED_WITH_CONTENT and self._skip_depth:
            self._skip_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.text.append(data)


def is_unsafe_url(url: str) -> bool:
    """Local absolute paths, file:// and script URLs never reach a document."""
    lowered = url.strip().lower()
    return (lowered.startswith(("/", "\\", "file:", "javascript:", "data:", "vbscript:"))
            or (len(lowered) > 1 and lowered[1] == ":"))


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("href", "src") and is_unsafe_url(value):
        return None
    return value


def sanitize(fragment: str) -> tuple[str, str, list[str]]:
    """Return (clean HTML, its plain text, descriptions of what was dropped)."""
    collector = _TagCollector()
    collector.feed(fragment)
    collector.close()
    dropped = sorted({f"<{tag}>" for tag in collector.tags if tag not in ALLOWED_TAGS})
    dropped += sorted({url for url in collector.urls if url.startswith("rel=") or is_unsafe_url(url)})
    clean = nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={key: set(value) for key, value in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        url_schemes=URL_SCHEMES,
        link_rel=None,
    )
    text = html.unescape(" ".join("".join(collector.text).split()))
    return clean, text, dropped
