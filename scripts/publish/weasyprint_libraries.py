"""Open WeasyPrint's native libraries by soname on Linux, without ctypes' library search.

WeasyPrint's import opens Pango, HarfBuzz and fontconfig through cffi, trying several
names for each (`libpango-1.0-0`, `pango-1.0`, ... `libpango-1.0.so.0`). For every name
that is not a file, cffi asks `ctypes.util.find_library`, which on Linux runs ldconfig,
gcc and ld: 22 searches and about 200 subprocesses, some 0.18 s of every PDF build's
start (Kozea/WeasyPrint#1125). On Linux such a search can only end in the library's
soname, and WeasyPrint's list holds each soname, which the dynamic linker opens directly.

So the search is skipped while WeasyPrint's library module is imported. If a library
cannot be opened that way (a soname other than the one WeasyPrint lists), the import is
undone and made again with the search, exactly as WeasyPrint alone would. Importing this
module does this once; it is imported before WeasyPrint.
"""

from __future__ import annotations

import ctypes.util
import importlib
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout

FFI_MODULE = "weasyprint.text.ffi"


def _not_searched(name: str) -> None:
    return None


@contextmanager
def _library_search_skipped() -> Iterator[None]:
    searching = ctypes.util.find_library
    ctypes.util.find_library = _not_searched
    try:
        yield
    finally:
        ctypes.util.find_library = searching


def _forget_weasyprint() -> None:
    """Drop a failed import's modules, so the next import starts from nothing."""
    for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
        del sys.modules[name]


def load() -> None:
    """Import WeasyPrint's library module, opening its libraries by soname where that works."""
    if not sys.platform.startswith("linux") or FFI_MODULE in sys.modules:
        return
    try:
        # WeasyPrint prints its installation help before failing; the retry below shows it if it applies.
        with _library_search_skipped(), redirect_stdout(io.StringIO()):
            importlib.import_module(FFI_MODULE)
    except OSError:
        _forget_weasyprint()


load()
