"""Stopping a build: SIGTERM, SIGHUP and --timeout end it without touching earlier artifacts.

A signal handler's exception lands wherever Python happens to be, and some places swallow it
(a garbage-collector callback, a `__del__`), so a stop is also remembered: no artifact replaces
its old version once a stop is pending, and the build ends with the stop at the latest there.
(The signal is not raised again and again: a second exception could land in the cleanup of the
first and leave a temporary file behind.)
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Stopped(BaseException):
    """The build was told to stop (SIGTERM, SIGHUP) or ran past --timeout. A BaseException, so no
    library's `except Exception` swallows it; unwinding removes the temporary files."""


_pending: list[str] = []


def raise_if_stopped() -> None:
    """Raise Stopped when a stop was requested, even if its first exception was swallowed."""
    if _pending:
        raise Stopped(_pending[0])


@contextmanager
def stoppable(timeout: float) -> Iterator[None]:
    """Turn SIGTERM, SIGHUP and the --timeout alarm into Stopped while the build runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        if _pending:
            return  # stopping already: a second exception would interrupt the first one's cleanup
        _pending.append(f"ran longer than --timeout {timeout:g} s" if signum == signal.SIGALRM
                        else f"stopped by {signal.Signals(signum).name}")
        raise_if_stopped()

    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGALRM)}
    _pending.clear()
    if timeout > 0:
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        yield
        raise_if_stopped()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        _pending.clear()
