"""Hostile input ends fast and clearly: every generated document in `hostile_documents` builds
both artifacts within the time limit, and either exits 0 with a valid artifact that keeps the text
around the hostile part, or exits 1 with a message naming the document; never "internal error".
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation

from hostile_documents import AFTER, BEFORE, DOCUMENTS, FRONT_MATTERS, HEAD, TAIL
from publish.cli import main
from publish.output import TEMP_PREFIX

SLOW = {"a list nested 5,000 deep"}  # ten seconds or so: still within the limits, but not for every run
CASES = [pytest.param(name, marks=pytest.mark.slow) if name in SLOW else name for name in [*DOCUMENTS, *FRONT_MATTERS]]


def _source(folder: Path, name: str) -> Path:
    if name in DOCUMENTS:
        body, files = DOCUMENTS[name]()
        text = HEAD + body + TAIL
    else:
        text, files = FRONT_MATTERS[name], {}
    for file, data in files.items():
        (folder / file).write_bytes(data)
    source = folder / "doc.md"
    source.write_text(text, encoding="utf-8", errors="surrogatepass")
    return source


def _squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("suffix", [".pdf", ".pptx"])
def test_hostile_input_ends_with_a_valid_artifact_or_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                   name: str, suffix: str) -> None:
    source = _source(tmp_path, name)
    target = tmp_path / f"out{suffix}"
    code = main([str(source), "-o", str(target), "--timeout", "60"])
    err = capsys.readouterr().err
    assert "internal error" not in err and "Traceback" not in err
    assert not list(tmp_path.glob(f"{TEMP_PREFIX}*"))
    if code:
        assert code == 1 and str(source) in err and not target.exists()
        return
    if name not in DOCUMENTS:
        return
    if suffix == ".pdf":
        with pdfplumber.open(target) as pdf:
            text = "".join(page.extract_text() or "" for page in pdf.pages)
    else:
        text = "".join(shape.text_frame.text for slide in Presentation(str(target)).slides
                       for shape in slide.shapes if shape.has_text_frame)
    assert _squashed(BEFORE) in _squashed(text) and _squashed(AFTER) in _squashed(text)


def test_a_stopped_build_leaves_the_old_artifact_and_no_temporary_file(tmp_path: Path) -> None:
    source = _source(tmp_path, "a list nested 500 deep")
    target = tmp_path / "out.pdf"
    target.write_bytes(b"yesterday's PDF")
    build = subprocess.Popen([sys.executable, "-m", "publish", str(source), "-o", str(target)],
                             stderr=subprocess.PIPE, text=True)
    while not list(tmp_path.glob(f"{TEMP_PREFIX}*")) and build.poll() is None:
        time.sleep(0.01)  # until the writer has its temporary file
    build.send_signal(signal.SIGTERM)
    _, err = build.communicate(timeout=60)
    assert build.returncode in (0, 1)
    if build.returncode == 1:
        assert "stopped by SIGTERM" in err and target.read_bytes() == b"yesterday's PDF"
    assert not list(tmp_path.glob(f"{TEMP_PREFIX}*"))


def test_a_build_past_its_timeout_is_an_error_and_keeps_the_old_artifact(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _source(tmp_path, "a list nested 500 deep")
    target = tmp_path / "out.pdf"
    target.write_bytes(b"yesterday's PDF")
    assert main([str(source), "-o", str(target), "--timeout", "0.05"]) == 1
    assert "ran longer than --timeout 0.05 s" in capsys.readouterr().err
    assert target.read_bytes() == b"yesterday's PDF" and not list(tmp_path.glob(f"{TEMP_PREFIX}*"))
