"""Result: the one shape every query returns.

A ``Result`` is a list of column names and a list of row tuples, plus hints for the renderers:
which numeric column takes its unit from which other column (``units``), which columns hold text
with highlighted spans marked by « and » (``marked``), which column a chart plots, which columns a
terminal table shows by default (``default_columns``; CSV, TSV and JSON keep every column), which
columns hold lists joined by a separator (``lists``; arrays in JSON) and which long texts a table
shortens to one line (``brief``).

Invariant: column names are unique (``from_cursor`` renames a repeated name ``name_2``, so that no
format merges two columns), and ``pick``, ``sort_by`` and ``head`` return new Results with the same
hints, never changing the one they are called on.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

MARK_OPEN = "«"
MARK_CLOSE = "»"


class UnknownColumn(LookupError):
    """A column asked for by name (``-c``, ``--sort``) is not in the result."""

    def __init__(self, name: str, available: Sequence[str]) -> None:
        self.name, self.available = name, list(available)
        super().__init__(f"no column {name!r} (available: {', '.join(self.available)})")


class Result:
    """Rows of a query with their column names and rendering hints.

    A plain class rather than a dataclass: building a dataclass costs start-up time on every query.
    """

    __slots__ = ("columns", "rows", "title", "units", "marked", "chart", "label",
                 "default_columns", "lists", "brief")

    def __init__(self, columns: list[str], rows: list[tuple[Any, ...]], title: str = "",
                 units: dict[str, str] | None = None, marked: frozenset[str] = frozenset(),
                 chart: str | None = None, label: str | tuple[str, ...] | None = None,
                 default_columns: tuple[str, ...] = (), lists: dict[str, str] | None = None,
                 brief: frozenset[str] = frozenset()) -> None:
        self.columns = columns
        self.rows = rows
        self.title = title
        self.units = units if units is not None else {}
        self.marked = marked
        self.chart = chart
        self.label = label
        self.default_columns = default_columns
        self.lists = lists if lists is not None else {}
        self.brief = brief

    def __repr__(self) -> str:
        return f"Result({self.title!r}, columns={self.columns!r}, {len(self.rows)} rows)"

    def dicts(self) -> Iterator[dict[str, Any]]:
        """Each row as a dict keyed by column name."""
        for row in self.rows:
            yield dict(zip(self.columns, row, strict=True))

    def column(self, name: str) -> list[Any]:
        """All values of one column."""
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    def __len__(self) -> int:
        return len(self.rows)

    def _index(self, name: str) -> int:
        if name not in self.columns:
            raise UnknownColumn(name, self.columns)
        return self.columns.index(name)

    def _with(self, columns: list[str], rows: list[tuple[Any, ...]],
              default_columns: tuple[str, ...]) -> Result:
        return Result(columns, rows, self.title, self.units, self.marked, self.chart, self.label,
                      default_columns, self.lists, self.brief)

    def pick(self, names: Sequence[str]) -> Result:
        """Only the named columns, in that order; raises UnknownColumn.

        The choice is explicit, so a table shows exactly these (no default set).
        """
        indexes = [self._index(name) for name in names]
        rows = [tuple(row[i] for i in indexes) for row in self.rows]
        return self._with(list(names), rows, ())

    def sort_by(self, name: str, descending: bool = False) -> Result:
        """Rows ordered by one column, empty values last either way; raises UnknownColumn."""
        index = self._index(name)
        present = [row for row in self.rows if row[index] is not None and row[index] != ""]
        empty = [row for row in self.rows if row[index] is None or row[index] == ""]
        # Numbers before text, as SQLite orders them; each compared with its own kind.
        present.sort(key=lambda row: (isinstance(row[index], str), row[index]), reverse=descending)
        return self._with(self.columns, present + empty, self.default_columns)

    def shaped(self, columns: Sequence[str] | None = None, sort: str | None = None,
               limit: int | None = None) -> Result:
        """Sorted by ``sort`` ('-name' descending), cut to ``limit`` rows, then only ``columns``
        (sorting first, so a result may be sorted by a column not shown); raises UnknownColumn."""
        result = self
        if sort:
            result = result.sort_by(sort.lstrip("-"), sort.startswith("-"))
        if limit:
            result = result.head(limit)
        return result.pick(columns) if columns else result

    def head(self, limit: int) -> Result:
        """The first ``limit`` rows."""
        return self._with(self.columns, self.rows[:limit], self.default_columns)


def unique_names(names: Sequence[str]) -> list[str]:
    """Column names with repeats renamed name_2, name_3, ... (so that JSON never merges two)."""
    seen: set[str] = set()
    out = []
    for name in names:
        candidate, n = name, 1
        while candidate in seen:
            n += 1
            candidate = f"{name}_{n}"
        seen.add(candidate)
        out.append(candidate)
    return out


def from_cursor(cursor: Any, **hints: Any) -> Result:
    """Build a Result from an executed sqlite3 cursor."""
    columns = unique_names([d[0] for d in cursor.description or ()])
    rows: Sequence[tuple[Any, ...]] = cursor.fetchall()
    return Result(columns=columns, rows=list(rows), **hints)


class Page:
    """Everything about one thing as titled sections, each a Result of its own columns.

    A terminal shows the sections one under the other; JSON nests them (``{"title", "sections":
    {section title: [rows]}}``); CSV, TSV and JSON Lines get ``flat()``, one table with a
    ``section`` column and the union of the sections' columns. -c, --sort and --limit shape the
    flat table (a page has no one column order to shape).
    """

    __slots__ = ("title", "sections", "about")

    def __init__(self, title: str, sections: list[Result], about: dict[str, Any]) -> None:
        self.title, self.sections, self.about = title, sections, about

    def __repr__(self) -> str:
        return f"Page({self.title!r}, {len(self.sections)} sections)"

    def flat(self) -> Result:
        """One table: each section's rows with the section's title first."""
        columns = list(dict.fromkeys(c for s in self.sections for c in s.columns))
        rows = [(section.title, *(record.get(c) for c in columns))
                for section in self.sections for record in section.dicts()]
        units: dict[str, str] = {}
        lists: dict[str, str] = {}
        for section in self.sections:
            units.update(section.units)
            lists.update(section.lists)
        return Result(["section", *columns], rows, self.title, units, lists=lists)

    def shaped(self, columns: Sequence[str] | None = None, sort: str | None = None,
               limit: int | None = None) -> Page | Result:
        """The page itself, or with -c/--sort/--limit its flat table shaped."""
        if not (columns or sort or limit):
            return self
        return self.flat().shaped(columns, sort, limit)
