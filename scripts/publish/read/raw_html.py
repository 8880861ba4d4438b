"""Raw HTML in Markdown: keep what is harmless, drop the rest and say what went.

nh3 (Ammonia) does the cleaning; this module only decides the allow-list and
names what was removed (tags, attributes, unsafe URLs) so the author gets a
warning that says exactly what to change.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

from publish.limits import MAX_NESTING

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
# Attributes removed without a word: presentational leftovers of pasted HTML.
QUIET_ATTRIBUTES = frozenset({"class", "id", "style", "align", "valign", "width", "height", "border",
                              "cellpadding", "cellspacing", "target", "name"})
URL_ATTRIBUTES = frozenset({"href", "src", "data", "srcset", "poster", "action", "formaction", "background",
                            "xlink:href"})
URL_SCHEMES = {"http", "https", "mailto"}


VOID_ELEMENTS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                           "track", "wbr"})


@dataclass(frozen=True)
class Tag:
    """One start or end tag on its own, as Python-Markdown stashes inline HTML."""

    name: str
    closing: bool
    attributes: dict[str, str]


class _TagCollector(HTMLParser):
    """Collect tags, attributes and the visible text of a fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[Tag] = []
        self.text: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(Tag(tag, False, {name: value or "" for name, value in attrs}))
        if tag in DROPPED_WITH_CONTENT:
            self._skip_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(Tag(tag, False, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(Tag(tag, True, {}))
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


def parse_tag(fragment: str) -> Tag | None:
    """The tag when `fragment` is exactly one start or end tag, else None."""
    stripped = fragment.strip()
    if not (stripped.startswith("<") and stripped.endswith(">")) or stripped.startswith("<!"):
        return None
    collector = _TagCollector()
    collector.feed(stripped)
    collector.close()
    if len(collector.tags) != 1 or "".join(collector.text).strip():
        return None
    return collector.tags[0]


PICTURE_WRAPPERS = frozenset({"p", "div", "center", "a", "span", "figure", "picture"})


def pictures_only(fragment: str) -> list[dict[str, str]] | None:
    """The attributes of each <img> when a block of HTML shows pictures and nothing else (a
    centred logo, a row of badges), else None: such a block is figures, in both artifacts."""
    collector = _TagCollector()
    collector.feed(fragment)
    collector.close()
    pictures = [tag.attributes for tag in collector.tags if tag.name == "img" and not tag.closing]
    others = {tag.name for tag in collector.tags if tag.name != "img"}
    if (not pictures or not all(p.get("src") for p in pictures) or "".join(collector.text).strip()
            or not others <= PICTURE_WRAPPERS):
        return None
    return pictures


def dropped_parts(tags: list[Tag]) -> list[str]:
    """What the cleaner removes from these tags, for the warning: `<script>`, `onclick=`, the URL."""
    found: list[str] = []
    for tag in tags:
        if tag.closing:
            continue
        known = tag.name in ALLOWED_TAGS
        if not known:
            found.append(f"<{tag.name}>")
        allowed = ALLOWED_ATTRIBUTES.get(tag.name, set()) | ALLOWED_ATTRIBUTES["*"]
        for name, value in tag.attributes.items():
            if name == "rel" and "attachment" in value.lower().split():
                found.append(f"rel={value}")
            elif name in URL_ATTRIBUTES and value and is_unsafe_url(value):
                found.append(value.strip())
            elif known and name not in allowed and name not in QUIET_ATTRIBUTES and name != "rel":
                found.append(f"{name}=")
    return list(dict.fromkeys(found))


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("href", "src") and is_unsafe_url(value):
        return None
    return value


def sanitize(fragment: str) -> tuple[str, str, list[str]]:
    """Return (clean HTML, its plain text, descriptions of what was dropped)."""
    collector = _TagCollector()
    collector.feed(fragment)
    collector.close()
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
    if _depth(collector.tags) > MAX_NESTING:  # no renderer lays out elements thousands deep
        return f"<p>{html.escape(text)}</p>", text, [*dropped_parts(collector.tags), f"elements nested more than "
                                                       f"{MAX_NESTING} deep (their text is kept)"]
    return clean, text, dropped_parts(collector.tags)


def _depth(tags: list[Tag]) -> int:
    """How deep the fragment's elements nest (void elements such as <br> do not nest)."""
    depth = deepest = 0
    for tag in tags:
        if tag.name in VOID_ELEMENTS:
            continue
        depth = max(depth - 1, 0) if tag.closing else depth + 1
        deepest = max(deepest, depth)
    return deepest
