"""parkdb: a cited fact base of Chinese industrial parks and regional investment.

The public library API: ``build``/``check`` (the loader), ``connect`` (a read-only connection to a
built database) and ``queries`` (every question the CLI answers, each returning a ``Result``).
They are imported lazily so that ``import parkdb`` stays as cheap as the CLI's start-up needs.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> (module, attribute or None for the module itself)
_API = {
    "build": ("build.loader", "build"),
    "check": ("curation.check", "check"),
    "connect": ("db", "connect"),
    "queries": ("queries", None),
    "Result": ("render.result", "Result"),
    "ParkdbError": ("errors", "ParkdbError"),
}
__all__ = list(_API)


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(name)
    module_name, attribute = _API[name]
    module = importlib.import_module(f"{__name__}.{module_name}")
    return getattr(module, attribute) if attribute else module
