"""`make` makes the virtual environment with the distribution's Python (built with profile-guided
and link-time optimisation) when that one can serve, else with python3 on PATH."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT

CHOOSE = ROOT / "scripts" / "choose-python.sh"


def chosen(system_python: Path | str) -> str:
    environment = os.environ | {"SYSTEM_PYTHON": str(system_python)}
    return subprocess.run(["bash", str(CHOOSE)], capture_output=True, text=True, check=True,
                          env=environment).stdout.strip()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the distribution's Python is preferred on Linux")
def test_the_distributions_python_is_chosen_when_it_can_make_a_virtual_environment() -> None:
    assert chosen(sys.executable) == sys.executable


def test_a_python_too_old_or_without_venv_leaves_the_choice_to_path(tmp_path: Path) -> None:
    refusing = tmp_path / "python3"
    refusing.write_text("#!/bin/sh\nexit 1\n")  # what `sys.exit(version < 3.11)` or a failed import gives
    refusing.chmod(0o755)
    assert chosen(refusing) == "python3"


def test_no_distribution_python_leaves_the_choice_to_path(tmp_path: Path) -> None:
    assert chosen(tmp_path / "absent") == "python3"
