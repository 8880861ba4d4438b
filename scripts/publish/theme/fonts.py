"""Which font families are installed, and their files (for measuring slide text), via fontconfig."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path


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
