"""Output: render(result, format, stream) through one registry of renderers.

Machine formats (csv, tsv, json, jsonl) print plain values: numbers as numbers, no thousands
separators, highlight marks kept as « ». People formats (table, chart) use rich, imported only when
one is drawn so that a piped CSV query starts as fast as Python and click allow. ``NO_COLOR`` is
honoured by rich itself.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable
from typing import Any, TextIO

from .result import MARK_CLOSE, MARK_OPEN, Result

Renderer = Callable[[Result, TextIO], None]
RENDERERS: dict[str, Renderer] = {}


def renderer(name: str) -> Callable[[Renderer], Renderer]:
    """Register a renderer under a format name."""

    def register(function: Renderer) -> Renderer:
        RENDERERS[name] = function
        return function

    return register


def render(result: Result, fmt: str, stream: TextIO) -> None:
    """Write ``result`` to ``stream`` in format ``fmt`` (a key of RENDERERS)."""
    RENDERERS[fmt](result, stream)


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _delimited(result: Result, stream: TextIO, delimiter: str) -> None:
    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow(["" if v is None else _plain(v) for v in row])


@renderer("csv")
def render_csv(result: Result, stream: TextIO) -> None:
    """Comma-separated values with a header row."""
    _delimited(result, stream, ",")


@renderer("tsv")
def render_tsv(result: Result, stream: TextIO) -> None:
    """Tab-separated values with a header row."""
    _delimited(result, stream, "\t")


@renderer("json")
def render_json(result: Result, stream: TextIO) -> None:
    """A JSON array of objects."""
    import json

    rows = [{k: _plain(v) for k, v in row.items()} for row in result.dicts()]
    json.dump(rows, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


@renderer("jsonl")
def render_jsonl(result: Result, stream: TextIO) -> None:
    """One JSON object per line."""
    import json

    for row in result.dicts():
        stream.write(json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False))
        stream.write("\n")


_SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"))


def human_number(value: float | int, unit: str | None = None) -> str:
    """A number for people: 1800000000 -> '1.8 bn', 14.85 -> '14.85', with the unit after it."""
    text = None
    for scale, name in _SCALES:
        if abs(value) >= scale:
            text = f"{value / scale:,.4g} {name}"
            break
    if text is None:
        text = f"{value:,}" if isinstance(value, int) else f"{value:,.4g}"
    return f"{text} {unit}" if unit else text


def _marked_text(value: str) -> Any:
    from rich.text import Text

    text = Text()
    rest = value
    while MARK_OPEN in rest and MARK_CLOSE in rest.split(MARK_OPEN, 1)[1]:
        before, rest = rest.split(MARK_OPEN, 1)
        inside, rest = rest.split(MARK_CLOSE, 1)
        text.append(before)
        text.append(inside, style="bold reverse")
    text.append(rest)
    return text


def _console(stream: TextIO) -> Any:
    from rich.console import Console

    # Cells are data, never markup ("[sic]" is shown as written); without emoji codes rich also
    # skips loading its emoji table, a start-up cost.
    return Console(file=stream, highlight=False, soft_wrap=False, markup=False, emoji=False)


@renderer("table")
def render_table(result: Result, stream: TextIO) -> None:
    """A rich table: numbers formatted for people and right-aligned, highlights drawn."""
    from rich import box
    from rich.table import Table

    console = _console(stream)
    if not result.rows:
        console.print(f"{result.title}: no rows" if result.title else "no rows")
        return
    numeric = {c for i, c in enumerate(result.columns)
               if any(isinstance(r[i], int | float) and not isinstance(r[i], bool)
                      for r in result.rows)}
    # A unit column is folded into the numbers it measures ("1.8 bn CNY").
    folded = {result.units[c] for c in numeric if c in result.units}
    shown = [c for c in result.columns if c not in folded]
    if len(result.rows) == 1 and len(shown) > 8:
        _record(result, console)
        return
    table = Table(title=result.title or None, box=box.SIMPLE_HEAD, title_justify="left")
    for column in shown:
        table.add_column(column, justify="right" if column in numeric else "left",
                         overflow="fold")
    for row in result.dicts():
        table.add_row(*[_cell(row, column, result) for column in shown])
    console.print(table)


def _cell(row: dict[str, Any], column: str, result: Result) -> Any:
    value = row[column]
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if column in ("year", "year_end", "start", "end", "line"):
            return str(value)
        return human_number(_plain(value), row.get(result.units.get(column, "")))
    if column in result.marked:
        return _marked_text(str(value))
    return str(value)


def _record(result: Result, console: Any) -> None:
    """One row shown as field/value lines (for cite and other single records)."""
    from rich import box
    from rich.table import Table

    table = Table(title=result.title or None, box=box.SIMPLE, show_header=False,
                  title_justify="left")
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    row = next(result.dicts())
    for column in result.columns:
        if row[column] is not None and row[column] != "":
            table.add_row(column, _cell(row, column, result))
    console.print(table)


@renderer("chart")
def render_chart(result: Result, stream: TextIO) -> None:
    """A horizontal bar chart of the result's chart column, one bar per row."""
    from rich.table import Table
    from rich.text import Text

    console = _console(stream)
    if not result.chart or result.chart not in result.columns or not result.rows:
        render_table(result, stream)
        return
    label = result.label or result.columns[0]
    values = [r[result.chart] or 0 for r in result.dicts()]
    biggest = max(values) or 1
    width = 40
    table = Table(title=result.title or None, box=None, show_header=False, title_justify="left")
    table.add_column(label)
    table.add_column("bar")
    table.add_column(result.chart, justify="right")
    for row, value in zip(result.dicts(), values, strict=True):
        cells = value / biggest * width
        bar = "█" * int(cells) + ("▌" if cells - int(cells) >= 0.5 else "")
        unit = row.get(result.units.get(result.chart, ""), None)
        table.add_row(str(row[label] if row[label] is not None else "(none)"),
                      Text(bar or "▏", style="cyan"),
                      human_number(_plain(value), unit) if not math.isnan(value) else "")
    console.print(table)


FORMATS = tuple(RENDERERS)
