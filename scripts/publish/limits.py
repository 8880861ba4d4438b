"""How much of anything a build accepts, checked before the expensive work.

Real documents stay far below every limit; hostile or broken input (a YAML alias bomb, a list
nested thousands deep, a picture whose header claims 60,000 × 60,000 pixels) ends in a clear
message instead of a hang, a blown memory or a traceback. The README names each limit.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

MAX_SOURCE_BYTES = 20_000_000  # a Markdown source (the 300-page benchmark document is under 1 MB)
MAX_DATA_VALUES = 20_000  # values in front matter or a theme file, each use of a YAML alias counted
MAX_DATA_DEPTH = 40  # mappings and lists inside each other in front matter or a theme file
MAX_PICTURE_PIXELS = 60_000_000  # decoded pixels of one picture (a 60-megapixel camera is 9,000 × 6,700)
MAX_NESTING = 16  # quotes, fenced divs and HTML elements inside each other; deeper ones are flattened
MAX_INDENT = 64  # columns of indentation outside code (a list 16 deep at four spaces a level)
MAX_RUN = 5_000  # characters without a space (the longest real words and addresses have a few hundred)
MAX_TABLE_COLUMNS = 40  # no page or slide shows more side by side
MAX_SVG_ELEMENTS = 50_000  # elements an SVG draws, each <use> counting what it repeats


class LimitError(ValueError):
    """Input beyond a limit; the message says which, for the caller to put a file and line on."""


def check_data(data: Any) -> None:
    """Raise LimitError when parsed YAML/TOML nests too deep or holds too many values.

    The walk stops at the limit, so a billion-laughs document costs no more than a small one.
    """
    for count, depth in enumerate(_depths(data, 1), start=1):
        if count > MAX_DATA_VALUES:
            raise LimitError(f"holds more than {MAX_DATA_VALUES:,} values (YAML aliases count each time they are used)")
        if depth > MAX_DATA_DEPTH:
            raise LimitError(f"nests mappings and lists more than {MAX_DATA_DEPTH} deep")


def _depths(value: Any, depth: int) -> Iterator[int]:
    yield depth
    if depth > MAX_DATA_DEPTH:
        return
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for child in children:
        yield from _depths(child, depth + 1)
