"""Which font families are installed, and their files (for measuring slide text), via fontconfig."""

from __future__ import annotations

import shutil
import struct
import subprocess
from functools import cache
from pathlib import Path

FONT_SIGNATURES = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf", b"wOFF", b"wOF2")


def is_font_file(path: Path) -> bool:
    """Whether a file is a font fontTools can read (its tables' directory), not merely named like one."""
    from fontTools.ttLib import TTFont, TTLibError

    with path.open("rb") as handle:
        if handle.read(4) not in FONT_SIGNATURES:
            return False
    try:
        with TTFont(str(path), lazy=True, fontNumber=0) as font:
            return "cmap" in font and "head" in font
    except (TTLibError, OSError, ValueError, KeyError, AssertionError, struct.error):
        return False


def installed_family(family: str) -> bool:
    """Whether fontconfig has this family (not merely a substitute for it)."""
    return family.lower() in installed_families()


@cache
def installed_families() -> frozenset[str]:
    """Every installed family name, lower-cased, from one fc-list run (each run costs ~20 ms)."""
    if shutil.which("fc-list") is None:
        return frozenset()
    listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=False).stdout
    return frozenset(name.replace("\\", "").strip().lower()  # fc-list writes '-' in names as '\-'
                     for line in listed.splitlines() for name in line.split(","))


@cache
def font_file(family: str, bold: bool = False, italic: bool = False) -> Path | None:
    """The installed file for a family and style (for measuring text), via fontconfig."""
    pattern = f"{family}:weight={200 if bold else 80}:slant={100 if italic else 0}"
    result = subprocess.run(["fc-match", "-f", "%{file}\t%{family}", pattern], capture_output=True, text=True,
                            check=False)
    path, _, found = result.stdout.partition("\t")
    if result.returncode or family.lower() not in (f.strip().lower() for f in found.split(",")):
        return None
    return Path(path)


@cache
def substitute_family(family: str) -> str | None:
    """The installed family fontconfig (and so LibreOffice) draws for `family` when it is not installed."""
    if shutil.which("fc-match") is None:
        return None
    result = subprocess.run(["fc-match", "-f", "%{family}", family], capture_output=True, text=True, check=False)
    found = result.stdout.split(",")[0].strip()
    return found if result.returncode == 0 and found else None
