"""The guide's stylesheet parsed once by a warm process (`make watch`), not on every rebuild.

WeasyPrint parses a document's `<style>` each time it renders it: for the guide's theme
(11 KB, about 110 rules) that is tinycss2's tokenizer and WeasyPrint's check of every
declaration, 25-30 ms of each warm rebuild, for a sheet that changes only with the theme or
the document's language. WeasyPrint supports one parsed sheet serving many documents (a `CSS`
object given to several renderings, with the same font configuration); this applies that to the
author sheet. What parsing also did to the document (its @page rules, cascade layers,
@counter-style and @color-profile rules) and the warnings it logged are kept with the sheet and
given to each later document, so a rebuild gets exactly what a fresh parse would give. A sheet
that loads files (@import, @font-face) is parsed every time: what it loads may have changed.

Active only inside `reusing()`, which a warm renderer wraps around its renderings, and only for
the WeasyPrint version read and measured: another may parse differently.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import weasyprint
import weasyprint.css
from weasyprint.logger import LOGGER

MEASURED_VERSION = "70.0"
KEPT_SHEETS = 8  # a watch session's documents share one or two sheets (left-to-right, right-to-left)
LOADS_FILES = re.compile(r"@(?:import|font-face)\b", re.I)
# The arguments WeasyPrint passes for a <style> element; any other call is left alone.
STYLE_ELEMENT_ARGUMENTS = frozenset(("string", "base_url", "url_fetcher", "media_type", "font_config",
                                     "counter_style", "page_rules", "color_profiles", "layers"))

upstream_css = weasyprint.css.CSS


@dataclass(frozen=True)
class _Parsed:
    """A parsed sheet and what parsing it did besides: what a later document is given."""

    sheet: weasyprint.CSS
    font_config: Any
    page_rules: tuple[Any, ...]
    layers: tuple[str, ...]
    counter_styles: dict[str, Any]
    color_profiles: dict[str, Any]
    warnings: tuple[logging.LogRecord, ...]


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class KeptStylesheets:
    """One warm process's parsed author sheets, by text, base URL and media type."""

    def __init__(self) -> None:
        self.parsed: dict[tuple[str, str, str], _Parsed] = {}

    def stylesheet(self, arguments: dict[str, Any]) -> weasyprint.CSS:
        key = (arguments["string"], str(arguments.get("base_url")), str(arguments.get("media_type")))
        parsed = self.parsed.get(key)
        if parsed is None or parsed.font_config is not arguments.get("font_config"):
            self.parsed.pop(key, None)
            if len(self.parsed) >= KEPT_SHEETS:
                del self.parsed[next(iter(self.parsed))]
            self.parsed[key] = _parse(arguments)
            return self.parsed[key].sheet
        arguments["page_rules"].extend(parsed.page_rules)
        arguments["layers"].extend(parsed.layers)
        arguments["counter_style"].update(parsed.counter_styles)
        arguments["color_profiles"].update(parsed.color_profiles)
        # As a fresh sheet would: the cascade reads each sheet's lists, which are its document's.
        parsed.sheet.page_rules, parsed.sheet.layers = arguments["page_rules"], arguments["layers"]
        for record in parsed.warnings:
            LOGGER.handle(record)
        return parsed.sheet


def _parse(arguments: dict[str, Any]) -> _Parsed:
    counter_styles, color_profiles = dict(arguments["counter_style"]), dict(arguments["color_profiles"])
    recorder = _Recorder()
    LOGGER.addHandler(recorder)
    try:
        sheet = upstream_css(**arguments)
    finally:
        LOGGER.removeHandler(recorder)
    return _Parsed(sheet, arguments.get("font_config"), tuple(arguments["page_rules"]), tuple(arguments["layers"]),
                   _added(counter_styles, arguments["counter_style"]),
                   _added(color_profiles, arguments["color_profiles"]), tuple(recorder.records))


def _added(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in after.items() if before.get(name) is not value}


_active: KeptStylesheets | None = None


@contextmanager
def reusing(kept: KeptStylesheets) -> Iterator[None]:
    """Within this, a document's <style> is parsed only if `kept` has not parsed the same one."""
    global _active
    _active = kept
    try:
        yield
    finally:
        _active = None


def stylesheet(*args: Any, **arguments: Any) -> weasyprint.CSS:
    """`weasyprint.CSS`, given a parsed sheet when a warm process has parsed the same <style> before.

    Only a <style> element's sheet, parsed first in its document (no @page rules or layers yet),
    loading no files, is kept."""
    text = arguments.get("string")
    if (_active is None or args or not STYLE_ELEMENT_ARGUMENTS.issuperset(arguments)
            or not isinstance(text, str) or LOADS_FILES.search(text)
            or arguments.get("page_rules") != [] or arguments.get("layers") != []
            or arguments.get("counter_style") is None or arguments.get("color_profiles") is None):
        return upstream_css(*args, **arguments)
    return _active.stylesheet(arguments)


if weasyprint.__version__ == MEASURED_VERSION:
    weasyprint.css.CSS = stylesheet  # the name WeasyPrint's find_stylesheets (and @import) construct sheets by
