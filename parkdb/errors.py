"""The one exception family of parkdb.

Every foreseeable problem is raised as a ``ParkdbError`` subclass whose message says where (file,
line, column) and what was expected. ``cli.main`` is the one place that turns it into a message on
stderr and an exit status; library callers can catch the base class.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple


class Problem(NamedTuple):
    """One problem in one input file, at a line and column."""

    path: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.column}: {self.message}"


def closest_names(name: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` choices that look like ``name`` (any case), best first: for "did you mean"."""
    import difflib

    by_lower = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=n, cutoff=0.5)
    containing = [c for low, c in by_lower.items() if name and name.lower() in low]
    return list(dict.fromkeys([by_lower[c] for c in close] + containing))[:n]


class ParkdbError(Exception):
    """Base class of every error parkdb reports to a user."""

    exit_code = 1


class DataError(ParkdbError):
    """The input files have problems; all of them are listed, one per line."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        count = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"{count} problem{'s' if count != 1 else ''} found; nothing was written")
        super().__init__("\n".join(lines))


class CitationError(DataError):
    """A quote is not where its fact says it is (a kind of DataError)."""


class NotFound(ParkdbError):
    """A name given on the command line does not exist; suggests the closest names."""

    def __init__(self, kind: str, name: str, suggestions: Sequence[str] = ()) -> None:
        self.kind, self.name, self.suggestions = kind, name, list(suggestions)
        message = f"no {kind} named {name!r}"
        if self.suggestions:
            message += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(message)


class DatabaseError(ParkdbError):
    """The database is missing, unreadable, corrupt or of another schema version."""


class ReadOnlyError(ParkdbError):
    """A query tried to change the database, attach another or load an extension."""


class QueryError(ParkdbError):
    """A read-only SQL query failed in SQLite (syntax, unknown column, ...)."""
