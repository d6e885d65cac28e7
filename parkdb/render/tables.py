"""People formats: table and chart, fitted to the screen's width: a compact default set of
columns, words wrapped at spaces and never split, long text shortened with "…", columns that still
do not fit left out with a note, and a one-row result drawn as a vertical record. A table is one
page of at most TABLE_ROWS rows, with a note when there are more. rich draws the tables and is
imported only when one is drawn, so that a piped CSV query starts as fast as Python and click
allow.

Invariant (tested at widths 80, 120 and 200 for every command): no line of a table or chart is
wider than ``screen.width``, and every word shown is either whole or ends in "…".
"""

from __future__ import annotations

import io
import itertools
import math
from typing import Any, TextIO

from ..values import money_units
from .fit import GAP, cell_width, shorten, wrap
from .layout import column, plan
from .registry import Screen, blob, is_page, plain, render, renderer
from .result import MARK_CLOSE, MARK_OPEN, Page, Result

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
    value = plain(value)
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
    if isinstance(value, list | tuple):
        return result.lists.get(column, "; ").join(map(str, value))
    if isinstance(value, bytes):
        return blob(value)
    if _is_number(value):
        if isinstance(value, float) and math.isnan(value):
            return ""
        text = number_text(value, column, row.get(result.units.get(column, "")))
        end = row.get(result.spans.get(column, ""))
        return f"{text}-{end}" if end is not None and end != value else text
    return str(value)


# --- tables ------------------------------------------------------------------------------------

# A table is one page of this many rows at most: fitting columns needs every row it shows, and a
# million rows are no table (CSV, TSV and JSON write every row as it comes).
TABLE_ROWS = 1000


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
    # Drawn into a buffer and written by us: rich's own handling of a closed pipe exits with
    # status 1, where parkdb's is a quiet 0.
    buffer = io.StringIO()
    console = Console(file=buffer, width=screen.width, highlight=False, soft_wrap=False,
                      markup=False, emoji=False, force_terminal=screen.color or None,
                      color_system="auto" if screen.color else None)
    for line in wrap(title, screen.width) if title else ():
        console.print(line, style="bold")
    table = Table(box=box.SIMPLE_HEAD if headers else None, show_edge=False, pad_edge=False,
                  # a record (no headers, no box) keeps both paddings: two spaces, as tables have
                  padding=(0, 1), collapse_padding=headers is not None,
                  show_header=headers is not None,
                  # When a row takes several lines, a blank line keeps the rows apart.
                  leading=1 if headers and any(len(c) > 1 for row in cells for c in row) else 0)
    for i, width in enumerate(widths):
        table.add_column("\n".join(wrap(headers[i], width)) if headers else "", width=width,
                         no_wrap=True, overflow="ellipsis", justify="right" if right[i] else "left",
                         style="bold" if headers is None and i == 0 else None)
    for row, marks in zip(cells, marked, strict=True):
        table.add_row(*[_marked_text("\n".join(lines)) if mark else "\n".join(lines)
                        for lines, mark in zip(row, marks, strict=True)])
    console.print(table)
    for line in wrap(note, screen.width) if note else ():
        console.print(line, style="dim")
    stream.write(buffer.getvalue())


def _folded_units(result: Result) -> set[str]:
    """Unit columns folded into the numbers they measure ("1.8 bn CNY")."""
    numeric = {c for i, c in enumerate(result.columns) if any(_is_number(r[i]) for r in result.rows)}
    return {result.units[c] for c in numeric if c in result.units}


@renderer("table")
def render_table(result: Result, stream: TextIO, screen: Screen) -> None:
    """A table that fits the screen (see the module docstring), of the first TABLE_ROWS rows."""
    page = list(itertools.islice(result.stream(), TABLE_ROWS + 1))
    more = len(page) > TABLE_ROWS
    _fitted(result.with_rows(page[:TABLE_ROWS]), stream, screen,
            f"The first {TABLE_ROWS:,} rows (see them all with --csv or --json; fewer with --limit "
            "N)" if more else "")


def _fitted(result: Result, stream: TextIO, screen: Screen, more: str) -> None:
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
    rows = list(result.dicts())
    drawn = plan([column(c, [cell_text(r, c, result) for r in rows],
                         any(_is_number(r[c]) for r in rows), c in result.prose) for c in shown],
                 result, screen.width)
    note = "\n".join(filter(None, [more, f"Not shown at this width: {', '.join(drawn.left_out)} "
                                         "(choose columns with -c)" if drawn.left_out else ""]))
    cells = [[wrap(c.texts[i], w, c.lines) for c, w in zip(drawn.columns, drawn.widths,
                                                              strict=True)]
             for i in range(len(rows))]
    marks = [any(n in result.marked for n in c.names) for c in drawn.columns]
    _draw(stream, screen, result.title, [c.header for c in drawn.columns], cells, drawn.widths,
          [c.right for c in drawn.columns], [marks] * len(cells), note)


def _record(result: Result, stream: TextIO, screen: Screen, columns: list[str]) -> None:
    """One row shown as field/value lines (a fact, a source), every value whole."""
    row = next(result.dicts())
    present = [c for c in columns if row[c] is not None and row[c] != ""]
    key_width = min(max(map(cell_width, present)), screen.width // 3)
    value_width = screen.width - key_width - GAP
    cells = [[[shorten(c, key_width)], wrap(cell_text(row, c, result), value_width, whole=True)]
             for c in present]
    marked = [[False, c in result.marked] for c in present]
    _draw(stream, screen, result.title, None, cells, [key_width, value_width], [False, False],
          marked)


@renderer("table", is_page)
def render_table_page(page: Page, stream: TextIO, screen: Screen) -> None:
    """A page's sections one under the other, each a table."""
    stream.write(page.title + "\n\n")
    for section in page.sections:
        if section.rows:
            render_table(section, stream, screen)
            stream.write("\n")


def _has_chart(result: Any) -> bool:
    return isinstance(result, Result) and result.chart in result.columns


@renderer("chart", _has_chart)
def render_chart(result: Result, stream: TextIO, screen: Screen) -> None:
    """Horizontal bars proportional to the chart column at any width, of the first TABLE_ROWS
    rows; labels shortened, never a bar."""
    result = result.with_rows(itertools.islice(result.stream(), TABLE_ROWS))
    if not result.rows:
        render_table(result, stream, screen)
        return
    # A bar is labelled by every column that tells its row apart (kind, province, year, ...)
    names = ((result.label,) if isinstance(result.label, str)
             else result.label or (result.columns[0],))
    plotted = result.chart or ""  # _has_chart made sure it is a column
    rows = list(result.dicts())
    values = [r[plotted] if _is_number(r[plotted]) else None for r in rows]
    texts = [cell_text(r, plotted, result) for r in rows]
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


@renderer("chart", lambda result: True)
def render_chart_as_table(result: Result | Page, stream: TextIO, screen: Screen) -> None:
    """Nothing to plot: the table."""
    render(result, "table", stream, screen)
