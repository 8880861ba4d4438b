"""Modules a library imports at start but seldom uses, imported when first used instead.

A library's import can pull in modules it needs only on rare paths, and every process that
imports the library pays for them. Within `until_used`, importing such a module binds a
stand-in: the first attribute asked of it imports the real module and answers from it, and a
function the importer takes from it by name (`from module import function`) imports the module
when first called. After the block, importing the module by name gives the real one, so
nothing but the importer's own bindings ever sees a stand-in.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any


class _StandIn(types.ModuleType):
    """A module not imported yet; the first attribute asked of it imports the real one. Special
    names are probes (the import system asks for `__path__` on every `from module import name`),
    not uses: they are answered as for a plain module."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return getattr(_real(self.__name__), name)


def _real(name: str) -> types.ModuleType:
    if isinstance(sys.modules.get(name), _StandIn):  # first used while the block still runs
        del sys.modules[name]
    return importlib.import_module(name)


def _imported_when_called(module: str, name: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(_real(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__module__ = module
    return call


@contextmanager
def until_used(modules: Mapping[str, Iterable[str]]) -> Iterator[None]:
    """Within the block, importing a module of `modules` not imported yet binds a stand-in whose
    named functions import the module when called; the importer must only call them."""
    stand_ins: dict[str, _StandIn] = {}
    for module, functions in modules.items():
        if module in sys.modules:
            continue
        stand_in = stand_ins[module] = _StandIn(module)
        for name in functions:
            setattr(stand_in, name, _imported_when_called(module, name))
        sys.modules[module] = stand_in
    try:
        yield
    finally:
        for module, stand_in in stand_ins.items():
            if sys.modules.get(module) is stand_in:
                del sys.modules[module]
