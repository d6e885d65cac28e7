"""Result: the one shape every query returns.

A ``Result`` is a list of column names and a list of row tuples, plus a few hints for people-facing
renderers: which numeric column takes its unit from which other column (``units``), which columns
hold text with highlighted spans marked by « and » (``marked``), and which column a chart plots.
Machine formats (CSV, JSON) ignore the hints and print plain values.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

MARK_OPEN = "«"
MARK_CLOSE = "»"


class Result:
    """Rows of a query with their column names and rendering hints.

    A plain class rather than a dataclass: building a dataclass costs start-up time on every query.
    """

    __slots__ = ("columns", "rows", "title", "units", "marked", "chart", "label")

    def __init__(self, columns: list[str], rows: list[tuple[Any, ...]], title: str = "",
                 units: dict[str, str] | None = None, marked: frozenset[str] = frozenset(),
                 chart: str | None = None, label: str | None = None) -> None:
        self.columns = columns
        self.rows = rows
        self.title = title
        self.units = units if units is not None else {}
        self.marked = marked
        self.chart = chart
        self.label = label

    def __repr__(self) -> str:
        return f"Result({self.title!r}, columns={self.columns!r}, {len(self.rows)} rows)"

    def dicts(self) -> Iterator[dict[str, Any]]:
        """Each row as a dict keyed by column name."""
        for row in self.rows:
            yield dict(zip(self.columns, row, strict=True))

    def first(self) -> dict[str, Any] | None:
        """The first row as a dict, or None when there are no rows."""
        return next(self.dicts(), None)

    def column(self, name: str) -> list[Any]:
        """All values of one column."""
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    def __len__(self) -> int:
        return len(self.rows)


def from_cursor(cursor: Any, **hints: Any) -> Result:
    """Build a Result from an executed sqlite3 cursor."""
    columns = [d[0] for d in cursor.description or ()]
    rows: Sequence[tuple[Any, ...]] = cursor.fetchall()
    return Result(columns=columns, rows=list(rows), **hints)
