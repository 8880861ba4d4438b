"""Every test process (and the builds it starts) caches into its own folder, never the user's, and
has the library fixes installed first, as every build installs them before its library is imported."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

from publish.deck import pptx_fixes
from publish.guide import weasyprint_fixes

CACHE_HOME = "XDG_CACHE_HOME"


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_folder] = os.environ[CACHE_HOME] = tempfile.mkdtemp(prefix="publish-test-cache-")
    weasyprint_fixes.install()
    pptx_fixes.install()


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(config.stash.get(_folder, ""), ignore_errors=True)


_folder = pytest.StashKey[str]()
