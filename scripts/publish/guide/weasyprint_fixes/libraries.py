"""Import WeasyPrint quickly: libraries opened by soname, C declarations precompiled, rare modules deferred.

WeasyPrint's import opens Pango, HarfBuzz and fontconfig through cffi, trying several
names for each (`libpango-1.0-0`, `pango-1.0`, ... `libpango-1.0.so.0`). For every name
that is not a file, cffi asks `ctypes.util.find_library`, which on Linux runs ldconfig,
gcc and ld: 22 searches and about 200 subprocesses, some 0.18 s of every PDF build's
start (Kozea/WeasyPrint#1125). On Linux such a search can only end in the library's
soname, and WeasyPrint's list holds each soname, which the dynamic linker opens directly.
So the search is skipped while WeasyPrint's library module is imported.

That module also declares some 450 lines of C to cffi, which parses them with pycparser on
every import (about 50 ms), and every distinct type WeasyPrint later allocates is parsed
again the same way (about 5 ms each, some ten per build). cffi's out-of-line ABI mode is
made for this: the declarations are compiled once into cffi's own tables, kept in the
cache, and WeasyPrint's module is given an FFI built from them, whose `cdef` only checks
that the declarations are the ones compiled (same libraries, same functions, same calls).

If anything does not hold (a library its soname does not open, declarations that differ
from the cached ones), the import is undone and made again exactly as WeasyPrint alone
would.

WeasyPrint's PDF font module also imports fontTools' subsetter and variable-font instancer,
about 150 modules and 0.1 s of every PDF build's start; it subsets with HarfBuzz (the
subsetter is its fallback where HarfBuzz lacks hb-subset) and instances only variable fonts.
Both are imported when first used instead (see deferred_imports).

Upstream: Kozea/WeasyPrint#1125 (library search through ctypes.util.find_library); cffi parses cdef on
every import. Applied by `apply()`, before anything imports WeasyPrint.
"""

from __future__ import annotations

import ast
import ctypes.util
import hashlib
import importlib
import importlib.util
import io
import marshal
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from pathlib import Path
from typing import Any

import _cffi_backend
import cffi

from publish import cache
from publish.guide.weasyprint_fixes import deferred_imports

FFI_MODULE = "weasyprint.text.ffi"
SELDOM_USED = {"fontTools.subset": (), "fontTools.varLib.instancer": ("instantiateVariableFont",)}  # see above
CACHE_KIND = "cffi"

Compiled = tuple[str, tuple[Any, ...], dict[str, Any]]  # declarations' digest, FFI's arguments


class StaleDeclarationsError(Exception):
    """WeasyPrint declared something other than the compiled declarations."""


class CompiledFFI(_cffi_backend.FFI):
    """cffi's out-of-line FFI, standing in for WeasyPrint's `cffi.FFI()`; its `cdef` only checks."""

    digest: str | None

    def cdef(self, csource: str, *args: Any, **kwargs: Any) -> None:
        if args or kwargs or self.digest != _digest(csource):
            raise StaleDeclarationsError
        self.digest = None  # all is declared: a second cdef would add what the tables lack

    def dlopen(self, filename: Any, flags: int = 0) -> Any:  # type: ignore[override]
        """Open a library for the life of the process. Freeing an out-of-line library object closes
        its library, and at exit that can come before the Pango objects WeasyPrint frees through it
        (a crash in `g_object_unref`); `RTLD_NODELETE` keeps the code mapped."""
        return super().dlopen(filename, flags | self.RTLD_NODELETE)


def _digest(declarations: str) -> str:
    return hashlib.sha256(declarations.encode()).hexdigest()


def _not_searched(name: str) -> None:
    return None


def _compile_declarations(declarations: str) -> Compiled | None:
    """What cffi's out-of-line ABI mode makes of `declarations`: the arguments of its FFI (None if
    cffi cannot compile them, or writes a module of another shape than the one read here)."""
    builder = cffi.FFI()
    try:
        builder.cdef(declarations)
        builder.set_source("_weasyprint_ffi", None)
        with tempfile.TemporaryDirectory() as folder:
            module = Path(folder) / "_weasyprint_ffi.py"
            with redirect_stdout(io.StringIO()):  # cffi announces the file it writes
                builder.emit_python_code(str(module))
            tree = ast.parse(module.read_text())
        calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
        arguments = tuple(ast.literal_eval(argument) for argument in calls[0].args)
        keywords = {keyword.arg: ast.literal_eval(keyword.value) for keyword in calls[0].keywords if keyword.arg}
    except (cffi.CDefError, cffi.VerificationError, OSError, ValueError, IndexError):
        return None
    return _digest(declarations), arguments, keywords


def _entry_name() -> str | None:
    """The cache entry for this WeasyPrint's declarations, named without importing WeasyPrint;
    None when there is no cache to keep it in (then nothing is compiled either)."""
    spec = importlib.util.find_spec("weasyprint")
    if spec is None or not spec.submodule_search_locations or cache.folder(CACHE_KIND) is None:
        return None
    module = Path(next(iter(spec.submodule_search_locations))) / "text" / "ffi.py"
    try:
        return cache.key("weasyprint-ffi", cffi.__version__, sys.version_info[:2], cache.file_identity(module))
    except OSError:
        return None


def _cached(name: str | None) -> Compiled | None:
    data = cache.load(CACHE_KIND, name) if name is not None else None
    if not data:
        return None
    try:
        digest, arguments, keywords = marshal.loads(data)
    except (ValueError, EOFError, TypeError):  # a damaged entry
        return None
    return digest, arguments, keywords


@contextmanager
def _native_side_loaded_fast(compiled: Compiled | None, declared: list[str]) -> Iterator[None]:
    """Skip the library search; give WeasyPrint's module the compiled FFI, or note what it declares."""
    searching, plain_ffi = ctypes.util.find_library, cffi.FFI

    class RecordingFFI(plain_ffi):  # type: ignore[misc, valid-type]
        def cdef(self, csource: str, *args: Any, **kwargs: Any) -> None:
            declared.append(csource if not args and not kwargs else "")
            super().cdef(csource, *args, **kwargs)

    def ffi_for_caller(*args: Any, **kwargs: Any) -> Any:
        if sys._getframe(1).f_globals.get("__name__") != FFI_MODULE or args or kwargs:
            return plain_ffi(*args, **kwargs)
        if compiled is None:
            return RecordingFFI()
        digest, arguments, keywords = compiled
        ffi = CompiledFFI(*arguments, **keywords)
        ffi.digest = digest
        return ffi

    ctypes.util.find_library = _not_searched
    setattr(cffi, "FFI", ffi_for_caller)  # noqa: B010  (a module attribute typed as a class)
    try:
        yield
    finally:
        ctypes.util.find_library = searching
        setattr(cffi, "FFI", plain_ffi)  # noqa: B010


def _forget_weasyprint() -> None:
    """Drop a failed import's modules, so the next import starts from nothing."""
    for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
        del sys.modules[name]


def load() -> None:
    """Import WeasyPrint, its seldom used modules deferred, its library module the fast way where
    that works. Where WeasyPrint cannot be imported, its own import after this one says why."""
    with deferred_imports.until_used(SELDOM_USED):
        _load_native_side()
        try:
            with redirect_stdout(io.StringIO()):
                importlib.import_module("weasyprint")
        except OSError:
            _forget_weasyprint()


def _load_native_side() -> None:
    """Import WeasyPrint's library module the fast way where that works, else leave it to WeasyPrint."""
    if not sys.platform.startswith("linux") or FFI_MODULE in sys.modules:
        return
    name = _entry_name()
    compiled = _cached(name)
    declared: list[str] = []
    try:
        # WeasyPrint prints its installation help before failing; the retry below shows it if it applies.
        with _native_side_loaded_fast(compiled, declared), redirect_stdout(io.StringIO()):
            importlib.import_module(FFI_MODULE)
    except OSError:
        _forget_weasyprint()
        return
    except Exception:  # declarations that changed, or a cache entry cffi rejects: made afresh next run
        _forget_weasyprint()
        if name is not None:
            cache.store(CACHE_KIND, name, b"")
        return
    if name is None or len(declared) != 1 or not declared[0]:  # nowhere to keep it, or declared in parts
        return
    made = _compile_declarations(declared[0])
    if made is not None:
        cache.store(CACHE_KIND, name, marshal.dumps(made))


def apply() -> None:
    """Import WeasyPrint this way, once, before anything else imports it."""
    if "weasyprint" in sys.modules:
        raise ImportError("WeasyPrint was imported before its libraries could be opened by soname")
    load()
