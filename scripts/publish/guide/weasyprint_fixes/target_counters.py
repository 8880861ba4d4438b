"""A contents page laid out twice, not three times: WeasyPrint's target counters as it meant them.

The guide's contents give each entry's page with `target-counter(attr(href), page)`.
WeasyPrint 70 lays out the page holding them three times, the first pass included,
where the targets' pages need two (one without the numbers, one with them). Two
slips in its record of what a generated text still misses cause the third:

- A target named by `attr(href)` is recorded under the name None (the name is read
  from the token before `attr()` is resolved), so the targets' pages never reach the
  entries by the path meant for it.
- The list of counters the box itself misses is replaced by the target's list (one
  variable name for both), so each entry seems to miss its own page's `page`
  counter. That is what re-lays out the page once the targets are known (the path
  above being lost), and once more when the first pass's page total is filled in.

Here the record is made as WeasyPrint meant it, and a target's new page counters
are passed on only when one a generated text asks for has changed (not the page
total that every counter set carries, asked for by none of the entries). The
article's PDF is byte-identical; its rendering takes 7 page layouts, not 8.

A warm process (`make watch`) can also start a rendering's targets from the page
counters of its previous rendering of the same document (`starting_from`): the
contents are then laid out with their numbers in the first pass, and when no target
has moved to another page they are not laid out again (WeasyPrint's own update
still corrects any that moved, at the cost a rendering without them pays anyway).
The same bytes as a rendering from scratch either way.

Upstream: Kozea/WeasyPrint, `target-counter(attr(href))` recorded under the name None.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from weasyprint.css.targets import TargetCollector, anchor_name_from_token
from weasyprint.urls import get_url_tuple

TARGET_COUNTERS = ("target-counter()", "target-counters()")
LOCAL_COUNTERS = ("counter()", "counters()")

PageCounters = dict[str, list[int]]


@dataclass
class _Start:
    """The page counters a rendering's targets start from, and the collector that renders with them."""

    pages: dict[str, PageCounters]
    collector: TargetCounterCollector | None = None


_start: _Start | None = None


@contextmanager
def starting_from(pages: dict[str, PageCounters]) -> Iterator[None]:
    """Within: a rendering's targets start from `pages` (target -> page counters), a previous
    rendering's of the same document; after a rendering that completes, `pages` holds its own."""
    global _start
    outer, start = _start, _Start(pages)
    _start = start
    try:
        yield
    finally:
        _start = outer
    if start.collector is not None:
        pages.clear()
        pages.update(start.collector.target_pages())


class TargetCounterCollector(TargetCollector):
    """WeasyPrint's collector, with the missing counters of a `content` recorded per target."""

    def __init__(self) -> None:
        super().__init__()
        self._asked_for: dict[str, set[str]] | None = None  # target -> counters asked of it, once paginating
        self._start_pages = _start.pages if _start else {}
        if _start:
            _start.collector = self

    def collect_anchor(self, anchor_name: str) -> None:
        super().collect_anchor(anchor_name)
        target = self.target_lookup_items.get(anchor_name)
        if target is not None and anchor_name in self._start_pages:
            target.cached_page_counter_values = copy.deepcopy(self._start_pages[anchor_name])

    def target_pages(self) -> dict[str, PageCounters]:
        """The page counters of every target a generated text asks a counter of, as laid out."""
        return {name: copy.deepcopy(self.target_lookup_items[name].cached_page_counter_values)
                for name in self._asked_for or () if name in self.target_lookup_items}

    def collect_missing_counters(self, parent_box: Any, css_token: str, parse_again_function: Any,
                                 missing_counters: list[str],
                                 missing_target_counters: dict[str | None, list[str]]) -> None:
        slipped = None in missing_target_counters or any(
            missing_counters is names for names in missing_target_counters.values())
        if self.collecting and slipped and css_token == "content":
            content = parent_box.style["content"]
            if isinstance(content, (list, tuple)):
                missing_counters, missing_target_counters = self._missing(parent_box, content)
        super().collect_missing_counters(parent_box, css_token, parse_again_function, missing_counters,
                                         missing_target_counters)

    def _missing(self, box: Any, content: Any) -> tuple[list[str], dict[str | None, list[str]]]:
        """The counters `content` misses on `box` (its own, and each target's), as WeasyPrint reads them:
        up to the first target not yet seen, where WeasyPrint stops generating the text."""
        own: list[str] = []
        targets: dict[str | None, list[str]] = {}
        known = box.cached_counter_values or {}
        for kind, value in content:
            if kind in LOCAL_COUNTERS and value[-1] != "none":
                if value[0] not in known and value[0] not in own:
                    own.append(value[0])
            elif (kind in TARGET_COUNTERS and value[-1] != "none") or kind == "target-text()":
                name = _anchor_name(value[0], box)
                target = self.target_lookup_items.get(name)
                if target is None or target.state != "up-to-date":
                    break
                counter = value[1] if kind in TARGET_COUNTERS else None
                if counter is not None and counter not in target.target_box.cached_counter_values:
                    names = targets.setdefault(name, [])
                    if counter not in names:
                        names.append(counter)
        return own, targets

    def cache_target_page_counters(self, anchor_name: str, page_counter_values: dict[str, list[int]],
                                   page_maker_index: int, page_maker: list[Any]) -> None:
        target = self.target_lookup_items.get(anchor_name)
        if (self.collecting or target is None or target.state != "up-to-date"
                or any(target.cached_page_counter_values.get(name) != page_counter_values.get(name)
                       for name in self._asked_of(anchor_name))):
            return super().cache_target_page_counters(anchor_name, page_counter_values, page_maker_index,
                                                      page_maker)
        target.page_maker_index = page_maker_index  # what WeasyPrint keeps when nobody needs telling
        if target.cached_page_counter_values != page_counter_values:
            target.cached_page_counter_values = copy.deepcopy(page_counter_values)
        return None

    def _asked_of(self, anchor_name: str) -> set[str]:
        """The counters generated texts ask of `anchor_name`'s target (fixed once collecting ends)."""
        if self._asked_for is None:
            self._asked_for = {}
            for lookup in self.counter_lookup_items.values():
                for name, counters in lookup.missing_target_counters.items():
                    self._asked_for.setdefault(name, set()).update(counters)
        return self._asked_for.get(anchor_name, set())


def _anchor_name(anchor_token: Any, box: Any) -> str | None:
    """The target a token names, `attr()` resolved on `box` as WeasyPrint's lookup resolves it."""
    if anchor_token[0] == "attr()":
        attr_name, attr_type, fallback = anchor_token[1]
        value = box.element.get(attr_name, fallback)
        if attr_type == "string":
            anchor_token = ("string", value)
        elif attr_type == "url":
            anchor_token = ("url", get_url_tuple(value, box.style.base_url))
    return anchor_name_from_token(anchor_token)


def apply() -> None:
    """Renderings make their collector by this name: WeasyPrint's document module's `TargetCollector`."""
    import weasyprint.document

    if weasyprint.document.TargetCollector is not TargetCollector:
        raise TypeError("weasyprint.document.TargetCollector is not the collector this fix extends")
    for method in ("collect_missing_counters", "cache_target_page_counters", "collect_anchor"):
        getattr(TargetCollector, method)
    weasyprint.document.TargetCollector = TargetCounterCollector
