"""Result: the one shape every query returns.

A ``Result`` is a list of column names and rows, plus hints for the renderers: which numeric column
takes its unit from which other column (``units``), which columns hold text with highlighted spans
marked by « and » (``marked``), which column a chart plots, which columns a terminal table shows by
default (``default_columns``; CSV, TSV and JSON keep every column), which columns hold lists
(``lists``: a separator for flat formats, arrays in JSON), and how a table keeps what a row says
(``prose``: running text wrapped at a readable width; ``narrow``: what a table does, step by step,
when the screen is too narrow, render/layout.py; ``spans``: a year column shown with the last year
of its span, ``2013-2014``).

The rows of a query are not fetched when the Result is made: ``from_query`` keeps the statement,
and ``stream()`` runs it and yields rows as SQLite produces them, so that a renderer writes the
first row before the last is read and memory stays flat at any size. ``shaped`` (-c, --sort,
--limit) applies to such a Result once, in SQL: the statement becomes a subquery with its ORDER BY
and LIMIT (the one piece of SQL outside queries/ and the store, because it is the Result's own
shape, not a question); a Result built in Python is shaped in Python by the same order.

Invariant: column names are unique (a repeated name becomes ``name_2``, so that no format merges
two columns), and ``shaped``, ``pick``, ``sort_by`` and ``head`` return new Results with the same
hints, never changing the one they are called on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ..vocabulary import sql_identifier

# Rows fetched from SQLite at a time: few enough to keep memory flat, enough to spare Python calls.
BATCH = 512
MARK_OPEN = "«"
MARK_CLOSE = "»"


class UnknownColumn(LookupError):
    """A column asked for by name (``-c``, ``--sort``) is not in the result."""

    def __init__(self, name: str, available: Sequence[str]) -> None:
        self.name, self.available = name, list(available)
        super().__init__(f"no column {name!r} (available: {', '.join(self.available)})")


class Query:
    """A statement not yet run: the connection, the SQL and its parameters, and the names SQLite
    gives its columns as a subquery (what ORDER BY refers to)."""

    __slots__ = ("conn", "sql", "params", "names")

    def __init__(self, conn: Any, sql: str, params: Any, names: list[str]) -> None:
        self.conn, self.sql, self.params, self.names = conn, sql, params, names


class Result:
    """Rows of a query with their column names and rendering hints.

    A plain class rather than a dataclass: building a dataclass costs start-up time on every query.
    """

    __slots__ = ("columns", "_rows", "query", "title", "units", "marked", "chart", "label",
                 "default_columns", "lists", "prose", "narrow", "spans")

    def __init__(self, columns: list[str], rows: list[tuple[Any, ...]] | None, title: str = "",
                 units: dict[str, str] | None = None, marked: frozenset[str] = frozenset(),
                 chart: str | None = None, label: str | tuple[str, ...] | None = None,
                 default_columns: tuple[str, ...] = (), lists: dict[str, str] | None = None,
                 prose: frozenset[str] = frozenset(), query: Query | None = None,
                 narrow: tuple[tuple[str, str | None], ...] = (), spans: dict[str, str] | None = None) -> None:
        self.columns = columns
        self._rows = rows
        self.query = query
        self.title = title
        self.units = units if units is not None else {}
        self.marked = marked
        self.chart = chart
        self.label = label
        self.default_columns = default_columns
        self.lists = lists if lists is not None else {}
        self.prose = prose  # running text: wrapped at a readable width, a few lines
        self.narrow = narrow  # (column, the column it goes under, or None: left out), in order
        self.spans = spans if spans is not None else {}  # year column -> its year_end column

    def __repr__(self) -> str:
        return f"Result({self.title!r}, columns={self.columns!r})"

    @property
    def rows(self) -> list[tuple[Any, ...]]:
        """Every row, in memory (a query's are fetched once and kept); renderers use ``stream``."""
        if self._rows is None:
            self._rows = list(self.stream())
        return self._rows

    def stream(self) -> Iterator[tuple[Any, ...]]:
        """The rows one at a time, fetched from SQLite as they are asked for."""
        if self._rows is not None or self.query is None:
            yield from self._rows or ()
            return
        cursor = self.query.conn.execute(self.query.sql, self.query.params)
        while batch := cursor.fetchmany(BATCH):
            yield from batch

    def dicts(self) -> Iterator[dict[str, Any]]:
        """Each row as a dict keyed by column name."""
        for row in self.stream():
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

    def _with(self, columns: list[str], rows: list[tuple[Any, ...]] | None,
              default_columns: tuple[str, ...], query: Query | None = None) -> Result:
        return Result(columns, rows, self.title, self.units, self.marked, self.chart, self.label,
                      default_columns, self.lists, self.prose, query, self.narrow,
                      self.spans)

    def with_rows(self, rows: Iterable[tuple[Any, ...]]) -> Result:
        """The same columns and hints over other rows (a page of this result's)."""
        return self._with(self.columns, list(rows), self.default_columns)

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
        (sorting first, so a result may be sorted by a column not shown); raises UnknownColumn.
        A query's rows are shaped in its SQL, once; other rows in Python."""
        if self.query is not None and self._rows is None:
            return self._shaped_sql(columns, sort, limit)
        result = self
        if sort:
            result = result.sort_by(sort.lstrip("-"), sort.startswith("-"))
        if limit:
            result = result.head(limit)
        return result.pick(columns) if columns else result

    def _shaped_sql(self, columns: Sequence[str] | None, sort: str | None,
                    limit: int | None) -> Result:
        query = self.query
        assert query is not None
        if not (columns or sort or limit):
            return self
        picked = [self._index(name) for name in columns] if columns else None
        names = [sql_identifier(n) for n in query.names]
        sql = ("SELECT " + (", ".join(names[i] for i in picked) if picked else "*")
               + f" FROM (\n{query.sql}\n)")
        if sort:
            by = names[self._index(sort.lstrip("-"))]
            # Empty values last either way; SQLite puts numbers before text, as sort_by does.
            sql += f" ORDER BY ({by} IS NULL OR {by} = ''), {by}{' DESC' if sort[0] == '-' else ''}"
        if limit:
            sql += f" LIMIT {int(limit)}"
        shaped_names = [query.names[i] for i in picked] if picked else query.names
        return self._with(list(columns) if columns else self.columns, None,
                          () if columns else self.default_columns,
                          Query(query.conn, sql, query.params, shaped_names))

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
    """Build a Result from an executed sqlite3 cursor, its rows fetched now."""
    columns = unique_names([d[0] for d in cursor.description or ()])
    rows: Sequence[tuple[Any, ...]] = cursor.fetchall()
    return Result(columns=columns, rows=list(rows), **hints)


def from_query(conn: Any, sql: str, params: Any = (), **hints: Any) -> Result:
    """A Result of one SELECT statement, run only when its rows are streamed (after -c, --sort
    and --limit have been put into it); raises what ``conn.execute`` raises for a bad statement.

    The columns are read by preparing the statement as a subquery with LIMIT 0, which runs
    nothing. SQLite names a repeated column ``a:1`` there; it is shown as ``a_2``.
    """
    probe = conn.execute(f"SELECT * FROM (\n{sql}\n) LIMIT 0", params)
    names = [d[0] for d in probe.description or ()]
    probe.fetchall()
    shown = unique_names([_unrepeated(n) for n in names])
    return Result(shown, None, query=Query(conn, sql, params, names), **hints)


def _unrepeated(name: str) -> str:
    head, colon, tail = name.rpartition(":")
    return head if colon and tail.isdigit() else name


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


# How a table of facts keeps what each says on a narrow screen: the object and value under the
# predicate, the year under the status; the status and year left out before the quote.
FACT_TABLE: dict[str, Any] = {
    "prose": frozenset({"quote"}), "spans": {"year": "year_end"},
    "narrow": (("object", "predicate"), ("value", "predicate"), ("year", "status"),
               ("status", None), ("subject", None))}
