"""Output: render(result, format, stream, screen) through one registry of renderers.

Machine formats (csv, tsv, json, jsonl) keep every column and print plain values: numbers as
numbers, no thousands separators, highlight marks kept as « »; in JSON, list-valued columns
(``Result.lists``) are arrays. People formats (table, chart) fit the screen's width: a compact
default set of columns, words wrapped at spaces and never split, long text shortened with "…",
columns that still do not fit left out with a note, and a one-row result drawn as a vertical
record. rich draws the tables and is imported only when one is drawn, so that a piped CSV query
starts as fast as Python and click allow.

Invariant (tested at widths 80, 120 and 200 for every command): no line of a table or chart is
wider than ``screen.width``, and every word shown is either whole or ends in "…".
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable
from typing import Any, TextIO

from ..values import money_units, whole_number
from .fit import GAP, WORD_CAP, cell_width, fit_widths, longest_word, shorten, wrap
from .result import MARK_CLOSE, MARK_OPEN, Page, Result


class Screen:
    """Where people formats are drawn: width in cells and whether colour may be used."""

    __slots__ = ("width", "color")

    def __init__(self, width: int = 80, color: bool = False) -> None:
        self.width, self.color = max(width, 20), color


Renderer = Callable[[Result, TextIO, Screen], None]
RENDERERS: dict[str, Renderer] = {}


def renderer(name: str) -> Callable[[Renderer], Renderer]:
    """Register a renderer under a format name."""

    def register(function: Renderer) -> Renderer:
        RENDERERS[name] = function
        return function

    return register


def render(result: Result | Page, fmt: str, stream: TextIO, screen: Screen | None = None) -> None:
    """Write ``result`` to ``stream`` in format ``fmt`` (a key of RENDERERS); a Page as its
    sections (table, chart), nested (json) or flat (the others)."""
    screen = screen or Screen()
    if not isinstance(result, Page):
        RENDERERS[fmt](result, stream, screen)
    elif fmt in ("table", "chart"):
        stream.write(result.title + "\n\n")
        for section in result.sections:
            if section.rows:
                render_table(section, stream, screen)
                stream.write("\n")
    elif fmt == "json":
        import json

        nested = {**result.about, "sections": {s.title: json_rows(s) for s in result.sections}}
        json.dump(nested, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    else:
        RENDERERS[fmt](result.flat(), stream, screen)


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


# --- machine formats ---------------------------------------------------------------------------

@renderer("csv")
def render_csv(result: Result, stream: TextIO, screen: Screen) -> None:
    """Comma-separated values with a header row (RFC 4180 quoting)."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow(["" if v is None else _plain(v) for v in row])


# Backslash first, so that the escapes added after it are not escaped again.
_TSV_ESCAPES = (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r"))


def tsv_field(value: Any) -> str:
    """A TSV field: tab, newline, carriage return and backslash written as \\t \\n \\r \\\\."""
    text = "" if value is None else str(_plain(value))
    for raw, escaped in _TSV_ESCAPES:
        text = text.replace(raw, escaped)
    return text


@renderer("tsv")
def render_tsv(result: Result, stream: TextIO, screen: Screen) -> None:
    """Tab-separated values with a header row; no field holds a raw tab or line break."""
    for row in [result.columns, *result.rows]:
        stream.write("\t".join(tsv_field(v) for v in row) + "\n")


def _list_item(text: str) -> Any:
    number = whole_number(text)
    return text if number is None else number


def json_rows(result: Result) -> list[dict[str, Any]]:
    """The rows as JSON-ready dicts: numbers as numbers, list-valued columns as arrays."""
    lists = [result.lists.get(column) for column in result.columns]
    out = []
    for row in result.rows:
        record = {}
        for column, separator, value in zip(result.columns, lists, row, strict=True):
            if separator is None:
                record[column] = _plain(value)
            else:
                parts = str(value).split(separator) if value not in (None, "") else []
                record[column] = [_list_item(p.strip()) for p in parts if p.strip()]
        out.append(record)
    return out


@renderer("json")
def render_json(result: Result, stream: TextIO, screen: Screen) -> None:
    """A JSON array of objects."""
    import json

    json.dump(json_rows(result), stream, ensure_ascii=False, indent=2)
    stream.write("\n")


@renderer("jsonl")
def render_jsonl(result: Result, stream: TextIO, screen: Screen) -> None:
    """One JSON object per line."""
    import json

    for record in json_rows(result):
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")


# --- numbers for people ------------------------------------------------------------------------

_SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"))
# Numbers that name something (years, ids, offsets, line numbers) are shown as written: a column
# with one of these words in its name ("year", "max(year)", "fact_id"). A word list rather than a
# regular expression, which would cost every query its compilation at start-up.
_AS_WRITTEN = frozenset({"year", "years", "id", "ids", "start", "end", "line", "rowid", "cid", "seq",
                         "pk", "code", "version", "addr", "p1", "p2", "p3", "p4", "p5", "parent",
                         "notused", "notnull"})


def _names_something(column: str) -> bool:
    words = "".join(ch if ch.isalnum() else " " for ch in column.lower()).split()
    return not _AS_WRITTEN.isdisjoint(words)


def human_number(value: float | int, unit: str | None = None) -> str:
    """Money for people: 1800000000 -> '1.8 bn', with the unit after it."""
    text = None
    for scale, name in _SCALES:
        if abs(value) >= scale:
            text = f"{value / scale:,.4g} {name}"
            break
    if text is None:
        text = f"{value:,}" if isinstance(value, int) else f"{value:,.4g}"
    return f"{text} {unit}" if unit else text


def number_text(value: float | int, column: str, unit: str | None = None) -> str:
    """A number in a table cell: money scaled ('1.8 bn CNY'), years and ids as written, any
    other number with thousands separators and every digit ('12,345.678')."""
    value = _plain(value)
    if unit in money_units():
        return human_number(value, unit)
    text = str(value) if _names_something(column) else f"{value:,}"
    return f"{text} {unit}" if unit else text


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def cell_text(row: dict[str, Any], column: str, result: Result) -> str:
    """What a table shows for one value (plain text; highlight marks kept)."""
    value = row[column]
    if value is None:
        return ""
    if _is_number(value):
        if isinstance(value, float) and math.isnan(value):
            return ""
        return number_text(value, column, row.get(result.units.get(column, "")))
    return str(value)


# --- tables ------------------------------------------------------------------------------------

MAX_LINES = 3  # lines a cell of a list table may take; a record shows its values whole


def _marked_text(value: str) -> Any:
    from rich.text import Text

    text = Text()
    rest = value
    while MARK_OPEN in rest:
        before, rest = rest.split(MARK_OPEN, 1)
        inside, _, rest = rest.partition(MARK_CLOSE)  # a shortened cell may have lost its »
        text.append(before)
        text.append(inside, style="bold reverse")
    text.append(rest.replace(MARK_CLOSE, ""))
    return text


def _draw(stream: TextIO, screen: Screen, title: str, headers: list[str] | None,
          cells: list[list[list[str]]], widths: list[int], right: list[bool],
          marked: list[list[bool]], note: str = "") -> None:
    """Draw pre-wrapped cells in columns of fixed widths with rich."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    # Cells are data, never markup ("[sic]" is shown as written); without emoji codes rich also
    # skips loading its emoji table, a start-up cost.
    console = Console(file=stream, width=screen.width, highlight=False, soft_wrap=False,
                      markup=False, emoji=False, force_terminal=screen.color or None,
                      color_system="auto" if screen.color else None)
    if title:
        console.print(shorten(title, screen.width), style="bold")
    table = Table(box=box.SIMPLE_HEAD if headers else None, show_edge=False, pad_edge=False,
                  # a record (no headers, no box) keeps both paddings: two spaces, as tables have
                  padding=(0, 1), collapse_padding=headers is not None,
                  show_header=headers is not None,
                  # A row starts where its first cell does; when first cells themselves take
                  # several lines, a blank line keeps the rows apart.
                  leading=1 if headers and any(len(row[0]) > 1 for row in cells) else 0)
    for i, width in enumerate(widths):
        table.add_column("\n".join(wrap(headers[i], width)) if headers else "", width=width,
                         no_wrap=True, overflow="ellipsis", justify="right" if right[i] else "left",
                         style="bold" if headers is None and i == 0 else None)
    for row, marks in zip(cells, marked, strict=True):
        table.add_row(*[_marked_text("\n".join(lines)) if mark else "\n".join(lines)
                        for lines, mark in zip(row, marks, strict=True)])
    console.print(table)
    if note:
        console.print(shorten(note, screen.width), style="dim")


def _folded_units(result: Result) -> set[str]:
    """Unit columns folded into the numbers they measure ("1.8 bn CNY")."""
    numeric = {c for i, c in enumerate(result.columns) if any(_is_number(r[i]) for r in result.rows)}
    return {result.units[c] for c in numeric if c in result.units}


@renderer("table")
def render_table(result: Result, stream: TextIO, screen: Screen) -> None:
    """A table that fits the screen: see the module docstring."""
    if not result.rows:
        stream.write(shorten(f"{result.title}: no rows", screen.width) + "\n"
                     if result.title else "no rows\n")
        return
    folded = _folded_units(result)
    every = [c for c in result.columns if c not in folded]
    if len(result.rows) == 1 and len(every) > 2:
        _record(result, stream, screen, every)
        return
    shown = [c for c in (result.default_columns or result.columns) if c in every]
    rows = [[cell_text(row, c, result) for c in shown] for row in result.dicts()]
    right = [any(_is_number(r[result.columns.index(c)]) for r in result.rows) for c in shown]
    naturals = [max(cell_width(c), *(max(map(cell_width, r[i].split("\n"))) for r in rows))
                for i, c in enumerate(shown)]
    minimums = [n if right[i] else min(n, max(longest_word(shown[i]), 6,
                                              min(WORD_CAP, max(longest_word(r[i]) for r in rows))))
                for i, n in enumerate(naturals)]
    widths = fit_widths(naturals, minimums, screen.width)
    left_out = shown[len(widths):]
    note = (f"Not shown at this width: {', '.join(left_out)} (choose columns with -c)"
            if left_out else "")
    cells = [[wrap(r[i], w, 1 if shown[i] in result.brief else MAX_LINES)
              for i, w in enumerate(widths)] for r in rows]
    _draw(stream, screen, result.title, shown[:len(widths)], cells, widths, right,
          [[c in result.marked for c in shown[:len(widths)]]] * len(cells), note)


def _record(result: Result, stream: TextIO, screen: Screen, columns: list[str]) -> None:
    """One row shown as field/value lines (a fact, a source), every value whole."""
    row = next(result.dicts())
    present = [c for c in columns if row[c] is not None and row[c] != ""]
    key_width = min(max(map(cell_width, present)), screen.width // 3)
    value_width = screen.width - key_width - GAP
    cells = [[[shorten(c, key_width)], wrap(cell_text(row, c, result), value_width)]
             for c in present]
    marked = [[False, c in result.marked] for c in present]
    _draw(stream, screen, result.title, None, cells, [key_width, value_width], [False, False],
          marked)


@renderer("chart")
def render_chart(result: Result, stream: TextIO, screen: Screen) -> None:
    """Horizontal bars proportional to the chart column at any width; labels shortened, never
    a bar."""
    if not result.chart or result.chart not in result.columns or not result.rows:
        render_table(result, stream, screen)
        return
    # A bar is labelled by every column that tells its row apart (kind, province, year, ...)
    names = ((result.label,) if isinstance(result.label, str)
             else result.label or (result.columns[0],))
    rows = list(result.dicts())
    values = [r[result.chart] if _is_number(r[result.chart]) else None for r in rows]
    texts = [cell_text(r, result.chart, result) for r in rows]
    labels = [" · ".join(str(r[n]) for n in names if r.get(n) is not None) or "(none)"
              for r in rows]
    value_width = max(map(cell_width, texts))
    label_width = min(max(map(cell_width, labels)), max(8, screen.width // 3))
    bar_width = max(screen.width - label_width - value_width - 2 * GAP, 1)
    biggest = max((v for v in values if v is not None and v > 0), default=1)
    if result.title:
        stream.write(shorten(result.title, screen.width) + "\n")
    for name, value, text in zip(labels, values, texts, strict=True):
        name = shorten(name, label_width)
        bar = _bar(value / biggest * bar_width if value and value > 0 else 0)
        pad = " " * (bar_width - len(bar))
        if screen.color and bar:
            bar = f"\x1b[36m{bar}\x1b[0m"
        stream.write(f"{name}{' ' * (label_width - cell_width(name))}  {bar}{pad}  "
                     f"{' ' * (value_width - cell_width(text))}{text}".rstrip() + "\n")


_EIGHTHS = " ▏▎▍▌▋▊▉"


def _bar(cells: float) -> str:
    """A bar ``cells`` wide, to an eighth of a cell."""
    eighths = round(cells * 8)
    return "█" * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "")
