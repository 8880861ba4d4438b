"""Guarded library fixes: how a writer works around a library's bug without depending on its internals.

Each fix is a `LibraryFix`: the distribution and version it was read and measured against, and an
`apply` that makes every private lookup and then patches. `install` applies each fix once per
process, only for that exact version, and skips it (with a debug line naming it and why) when the
version differs, the distribution is missing, or `apply` meets an ImportError, AttributeError,
TypeError, KeyError or ValueError: the library's own behaviour is then used. `PUBLISH_UPSTREAM=1`
skips every fix. Nothing is patched by importing a module; the writers call `install`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import metadata

UPSTREAM_ONLY = "PUBLISH_UPSTREAM"
MISMATCHES = (ImportError, AttributeError, TypeError, KeyError, ValueError)
LOG = logging.getLogger("publish.fixes")


@dataclass(frozen=True)
class LibraryFix:
    """One workaround: what it fixes upstream, for which release, and how it is applied."""

    name: str
    distribution: str
    version: str
    apply: Callable[[], None]


_outcomes: dict[str, bool] = {}


def upstream_only() -> bool:
    """Whether every fix is switched off (`PUBLISH_UPSTREAM=1`)."""
    return os.environ.get(UPSTREAM_ONLY, "").strip() not in ("", "0")


def install(fixes: Iterable[LibraryFix]) -> dict[str, bool]:
    """Apply each fix not tried yet in this process; return which of them are in force."""
    for fix in fixes:
        if fix.name not in _outcomes:
            _outcomes[fix.name] = _try(fix)
    return {fix.name: _outcomes[fix.name] for fix in fixes}


def active(name: str) -> bool:
    return _outcomes.get(name, False)


def _try(fix: LibraryFix) -> bool:
    if upstream_only():
        LOG.debug("fix %s skipped: %s is set", fix.name, UPSTREAM_ONLY)
        return False
    try:
        found = metadata.version(fix.distribution)
    except metadata.PackageNotFoundError:
        LOG.debug("fix %s skipped: %s is not installed", fix.name, fix.distribution)
        return False
    if found != fix.version:
        LOG.debug("fix %s skipped: made for %s %s, found %s", fix.name, fix.distribution, fix.version, found)
        return False
    try:
        fix.apply()
    except MISMATCHES as exc:
        LOG.debug("fix %s skipped: %s %s differs from what it expects (%s: %s)", fix.name, fix.distribution,
                  found, type(exc).__name__, exc)
        return False
    return True
