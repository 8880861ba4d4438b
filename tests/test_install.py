"""`pip install .` into any virtual environment gives a working `publish`, with the shipped themes,
outside this checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import venv
from pathlib import Path

import pytest

from helpers import ARTICLE, ROOT

pytestmark = pytest.mark.slow


def test_an_installed_publish_builds_the_article_elsewhere_with_a_shipped_theme(tmp_path: Path) -> None:
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    project = tmp_path / "project"  # a copy: building in the checkout would leave build/lib behind
    project.mkdir()
    for name in ("pyproject.toml", "README.md", "constraints.txt", "scripts", "themes"):
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, project / name)
    shutil.rmtree(project / "scripts" / "publish.egg-info", ignore_errors=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "-c", str(project / "constraints.txt"), str(project)], check=True, timeout=600,
                   env=os.environ | {"PIP_NO_INPUT": "1"})
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(ARTICLE.parent, elsewhere)
    built = subprocess.run([str(environment / "bin" / "publish"), ARTICLE.name, "-o", "guide.pdf", "-o", "deck.pptx",
                            "--theme", "executive"], cwd=elsewhere, capture_output=True, text=True, timeout=300,
                           check=False)
    assert built.returncode == 0, built.stderr
    assert (elsewhere / "guide.pdf").stat().st_size > 10_000
    assert (elsewhere / "deck.pptx").stat().st_size > 10_000
