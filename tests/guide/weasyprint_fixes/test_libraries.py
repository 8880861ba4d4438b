"""WeasyPrint's native libraries are opened by soname, without ctypes' slow library search,
and they are the very libraries WeasyPrint's own search would open. Its C declarations are
compiled once (cffi's out-of-line mode) and the PDF it makes with them is the same."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the search is skipped on Linux only")

INSTALL_FIXES = "from publish.guide import weasyprint_fixes; weasyprint_fixes.install()"
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


FFI_KIND = """
from weasyprint.text import ffi
print(type(ffi.ffi).__name__, "pycparser" in sys.modules)
"""
SAMPLE_PDF_DIGEST = """
import hashlib, weasyprint
html = "<h1>Title</h1><p>Text <b>bold</b>, <i>italic</i>, مرحبا, 中文</p>"
print(hashlib.sha256(weasyprint.HTML(string=html).write_pdf()).hexdigest())
"""


def run_python(code: str, cache_home: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = os.environ | ({"XDG_CACHE_HOME": str(cache_home)} if cache_home is not None else {})
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True,
                          env=environment)


def compiled_entries(cache_home: Path) -> list[Path]:
    return sorted((cache_home / "publish" / "cffi").iterdir())


def test_the_installed_fixes_import_weasyprint_without_searching_for_libraries() -> None:
    result = run_python(COUNT_SEARCHES + INSTALL_FIXES + "\nprint(len(searches))")
    assert result.stdout.strip() == "0"


def test_weasyprint_alone_searches_which_is_what_is_saved() -> None:
    result = run_python(COUNT_SEARCHES + "import weasyprint\nprint(len(searches))")
    assert int(result.stdout) > 0


def test_the_libraries_opened_are_the_ones_weasyprint_finds_itself() -> None:
    ours = run_python(INSTALL_FIXES + "\n" + MAPPED_LIBRARIES).stdout
    theirs = run_python("import weasyprint\n" + MAPPED_LIBRARIES).stdout
    assert ours == theirs
    assert "libpango-1.0" in ours


def test_a_library_not_opened_by_soname_is_searched_for_as_weasyprint_would(tmp_path: Path) -> None:
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
                        INSTALL_FIXES + "\n"
                        "from weasyprint.text import ffi\n"
                        "print(ffi.fontconfig is not None, 'fontconfig' in searches)", tmp_path)
    assert result.stdout.strip() == "True True"
    assert result.stderr == ""


def test_a_first_import_parses_the_declarations_and_compiles_them(tmp_path: Path) -> None:
    assert not (tmp_path / "publish" / "cffi").exists()
    run_python(INSTALL_FIXES, tmp_path)
    assert len(compiled_entries(tmp_path)) == 1


def test_a_later_import_uses_the_compiled_declarations_and_parses_no_c(tmp_path: Path) -> None:
    first = run_python("import sys; " + INSTALL_FIXES + FFI_KIND, tmp_path)
    later = run_python("import sys; " + INSTALL_FIXES + FFI_KIND, tmp_path)
    assert first.stdout.split() == ["RecordingFFI", "True"]
    assert later.stdout.split() == ["CompiledFFI", "False"]


def test_the_pdf_made_with_compiled_declarations_is_the_one_weasyprint_makes_alone(tmp_path: Path) -> None:
    run_python(INSTALL_FIXES, tmp_path)
    ours = run_python("import sys; " + INSTALL_FIXES + FFI_KIND + SAMPLE_PDF_DIGEST, tmp_path).stdout.split()
    theirs = run_python(SAMPLE_PDF_DIGEST, tmp_path).stdout.split()
    assert ours[:2] == ["CompiledFFI", "False"]
    assert ours[2] == theirs[0]


def test_declarations_other_than_the_compiled_ones_are_parsed_then_compiled_afresh(tmp_path: Path) -> None:
    run_python(INSTALL_FIXES, tmp_path)
    for entry in compiled_entries(tmp_path):
        _, arguments, keywords = marshal.loads(entry.read_bytes())
        entry.write_bytes(marshal.dumps(("declarations of another WeasyPrint", arguments, keywords)))
    kinds = [run_python("import sys; " + INSTALL_FIXES + FFI_KIND, tmp_path).stdout.split()[0] for _ in range(3)]
    assert kinds == ["FFI", "RecordingFFI", "CompiledFFI"]


def test_a_damaged_compiled_entry_is_made_again(tmp_path: Path) -> None:
    run_python(INSTALL_FIXES, tmp_path)
    for entry in compiled_entries(tmp_path):
        entry.write_bytes(b"\x00 not marshal")
    kinds = [run_python("import sys; " + INSTALL_FIXES + FFI_KIND, tmp_path).stdout.split()[0] for _ in range(2)]
    assert kinds == ["RecordingFFI", "CompiledFFI"]


def test_a_process_that_built_a_pdf_with_compiled_declarations_exits_cleanly(tmp_path: Path) -> None:
    build_then_exit_with_a_collection_watched = f"""
import gc
from pathlib import Path
from publish.build import prepare, write
from publish.job import BuildOptions
from publish.guide.pdf import keep_warm
keep_warm()
job, _ = prepare(Path("source/technical-product-manager.md"), BuildOptions())
write(job, Path({str(tmp_path / "guide.pdf")!r}))
gc.callbacks.append(lambda phase, info: None)  # as profilers and memory monitors do
"""
    run_python(INSTALL_FIXES, tmp_path)
    code = "import sys; " + INSTALL_FIXES + FFI_KIND + build_then_exit_with_a_collection_watched
    result = run_python(code, tmp_path)
    assert result.stdout.split() == ["CompiledFFI", "False"]


def test_without_a_usable_cache_weasyprint_declares_its_own_way_and_nothing_is_compiled() -> None:
    count_parses = """
import cffi.cparser
parses = []
parse = cffi.cparser.Parser.parse
cffi.cparser.Parser.parse = lambda self, *args, **kwargs: parses.append(1) or parse(self, *args, **kwargs)
"""
    relative_cache_folder = Path("not-absolute")  # the cache refuses it: never the working directory
    code = count_parses + "import sys; " + INSTALL_FIXES + FFI_KIND + "print(len(parses))"
    assert run_python(code, relative_cache_folder).stdout.split() == ["RecordingFFI", "True", "1"]
