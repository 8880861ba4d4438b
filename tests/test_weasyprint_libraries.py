"""WeasyPrint's native libraries are opened by soname, without ctypes' slow library search,
and they are the very libraries WeasyPrint's own search would open."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the search is skipped on Linux only")

COUNT_SEARCHES = """
import ctypes.util
searches = []
search = ctypes.util.find_library
ctypes.util.find_library = lambda name: searches.append(name) or search(name)
"""
MAPPED_LIBRARIES = """
import re
mapped = {re.sub(r"\\.so\\..*", "", line.split()[-1].rsplit("/", 1)[-1])
          for line in open("/proc/self/maps") if ".so" in line}
wanted = {"libgobject-2.0", "libpango-1.0", "libharfbuzz", "libharfbuzz-subset", "libfontconfig", "libpangoft2-1.0"}
print(sorted(wanted & mapped))
"""


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)


def test_the_pdf_writer_imports_weasyprint_without_searching_for_libraries() -> None:
    result = run_python(COUNT_SEARCHES + "import publish.guide_pdf\nprint(len(searches))")
    assert result.stdout.strip() == "0"


def test_weasyprint_alone_searches_which_is_what_is_saved() -> None:
    result = run_python(COUNT_SEARCHES + "import weasyprint\nprint(len(searches))")
    assert int(result.stdout) > 0


def test_the_libraries_opened_are_the_ones_weasyprint_finds_itself() -> None:
    ours = run_python("import publish.guide_pdf\n" + MAPPED_LIBRARIES).stdout
    theirs = run_python("import weasyprint\n" + MAPPED_LIBRARIES).stdout
    assert ours == theirs
    assert "libpango-1.0" in ours


def test_a_library_not_opened_by_soname_is_searched_for_as_weasyprint_would() -> None:
    refuse_fontconfig_soname = """
import cffi
open_library = cffi.FFI.dlopen
def dlopen(self, name, *args):
    if name == "libfontconfig.so.1":
        raise OSError("cannot open " + name)
    return open_library(self, name, *args)
cffi.FFI.dlopen = dlopen
"""
    result = run_python(COUNT_SEARCHES + refuse_fontconfig_soname +
                        "import publish.guide_pdf\n"
                        "from weasyprint.text import ffi\n"
                        "print(ffi.fontconfig is not None, 'fontconfig' in searches)")
    assert result.stdout.strip() == "True True"
    assert result.stderr == ""
