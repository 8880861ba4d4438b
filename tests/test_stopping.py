"""A stop (signal or --timeout) ends the build even where its first exception is swallowed."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

import pytest

from publish.output import atomic_path
from publish.stopping import Stopped, stoppable


def _swallow_everything_for(seconds: float) -> None:
    """Code that eats every exception, as a garbage-collector callback or a __del__ does."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        with contextlib.suppress(BaseException):
            time.sleep(0.005)


def test_a_swallowed_timeout_still_stops_the_build_at_its_end() -> None:
    with pytest.raises(Stopped, match=r"--timeout 0\.01"), stoppable(0.01):
        _swallow_everything_for(0.05)


def test_a_second_signal_does_not_interrupt_the_cleanup_of_the_first() -> None:
    cleaned = False
    with pytest.raises(Stopped, match="SIGTERM"), stoppable(0):
        try:
            os.kill(os.getpid(), signal.SIGTERM)
        finally:
            os.kill(os.getpid(), signal.SIGTERM)  # arrives while the first one unwinds
            cleaned = True
    assert cleaned


def test_no_artifact_replaces_the_old_one_once_a_stop_is_pending(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"yesterday's PDF")
    with pytest.raises(Stopped), stoppable(0.01), atomic_path(target) as temporary:
        temporary.write_bytes(b"half of today's PDF")
        _swallow_everything_for(0.05)
    assert target.read_bytes() == b"yesterday's PDF" and list(tmp_path.iterdir()) == [target]


def test_a_build_within_its_time_is_not_stopped() -> None:
    with stoppable(5):
        time.sleep(0.01)
