"""The registry of renderers: each format's ways of writing a result, with what each can render
(Datasette's ``can_render``), and ``render``, which picks the first that can. Renderers register
themselves in machine.py and tables.py; output.py imports both, so that every format is there.

Invariant: a renderer writes to the stream it is given and nowhere else (tests capture it in a
StringIO), and never holds more than one row of a query at a time except a table's one page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple, TextIO, TypeVar

from .result import Page, Result

F = TypeVar("F", bound=Callable[..., Any])


class Screen:
    """How output is written: the screen's width in cells and whether colour may be used (people
    formats); whether text cells a spreadsheet would run as formulas are escaped (``safe``) and a
    UTF-8 byte-order mark is written first (``bom``) (CSV and TSV)."""

    __slots__ = ("width", "color", "safe", "bom")

    def __init__(self, width: int = 80, color: bool = False, safe: bool = False,
                 bom: bool = False) -> None:
        self.width, self.color, self.safe, self.bom = max(width, 20), color, safe, bom


class Renderer(NamedTuple):
    """A way to write a format, and what it can write (as Datasette's ``can_render``)."""

    write: Callable[[Any, TextIO, Screen], None]
    can_render: Callable[[Any], bool]


# Format name -> its renderers, tried in order of registration: the first that can render the
# result writes it.
RENDERERS: dict[str, list[Renderer]] = {}


def _is_result(result: Any) -> bool:
    return isinstance(result, Result)


def renderer(name: str, can_render: Callable[[Any], bool] = _is_result) -> Callable[[F], F]:
    """Register a renderer of format ``name`` for the results ``can_render`` accepts."""

    def register(function: F) -> F:
        RENDERERS.setdefault(name, []).append(Renderer(function, can_render))
        return function

    return register


def render(result: Result | Page, fmt: str, stream: TextIO, screen: Screen | None = None) -> None:
    """Write ``result`` to ``stream`` in format ``fmt`` (a key of RENDERERS) with the first of
    its renderers that can render it."""
    screen = screen or Screen()
    for entry in RENDERERS[fmt]:
        if entry.can_render(result):
            entry.write(result, stream, screen)
            return
    raise LookupError(f"no {fmt} renderer for {result!r}")  # a bug: every format renders a Page


def is_page(result: Any) -> bool:
    return isinstance(result, Page)


def plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def blob(value: bytes) -> str:
    return value.hex().upper()  # as SQLite's hex() writes it


