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

    def folded(text: str) -> str:  # any case, apostrophes, hyphens and spaces ignored
        return "".join(ch for ch in text.lower() if ch.isalnum())

    by_folded = {folded(c): c for c in choices}
    key = folded(name)
    containing = [c for low, c in by_folded.items() if key and low.startswith(key)]
    containing += [c for low, c in by_folded.items() if key and key in low]
    close = difflib.get_close_matches(key, list(by_folded), n=n, cutoff=0.5)
    return list(dict.fromkeys(containing[:n] + [by_folded[c] for c in close]))[:n]


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """'; did you mean X?' for the closest choice, or ''."""
    close = closest_names(name, choices, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def shorten(text: str, limit: int = 60) -> str:
    """``text`` for a message: at most ``limit`` characters, an ellipsis marking a cut."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


class Problems:
    """Collects the problems of a build; keeps the first ``limit`` and counts the rest."""

    def __init__(self, limit: int = 200) -> None:
        self.items: list[Problem] = []
        self.count = 0
        self.limit = limit

    def add(self, path: str, line: int, column: str, message: str) -> None:
        """Record one problem."""
        self.count += 1
        if len(self.items) < self.limit:
            self.items.append(Problem(path, line, column, message))

    def extend(self, problems: Iterable[Problem]) -> None:
        """Record several problems."""
        for p in problems:
            self.add(*p)

    def raise_if_any(self) -> None:
        """Raise DataError listing the problems, in file and line order, if there are any."""
        if not self.count:
            return
        items = sorted(self.items, key=lambda p: (p.path, p.line))
        if self.count > len(items):
            items.append(Problem(items[-1].path, items[-1].line, "...",
                                 f"{self.count - len(items)} more problems not shown"))
        raise DataError(items, self.count)


class ParkdbError(Exception):
    """Base class of every error parkdb reports to a user."""

    exit_code = 1


class DataError(ParkdbError):
    """The input files have problems; all of them are listed, one per line."""

    def __init__(self, problems: Iterable[Problem], count: int | None = None,
                 written: str = "nothing was written") -> None:
        self.problems: list[Problem] = list(problems)
        self.count = len(self.problems) if count is None else count
        lines = [str(p) for p in self.problems]
        lines.append(f"{self.count} problem{'s' if self.count != 1 else ''} found; {written}")
        super().__init__("\n".join(lines))


class NotFound(ParkdbError):
    """A name given on the command line does not exist, or names several things (``ambiguous``);
    suggests the closest names, or lists those it could be."""

    def __init__(self, kind: str, name: str, suggestions: Sequence[str] = (),
                 ambiguous: bool = False, hint: str = "") -> None:
        self.kind, self.name, self.suggestions = kind, name, list(suggestions)
        listed = ", ".join(repr(s) for s in self.suggestions)
        if ambiguous:
            message = (f"{shorten(name)!r} could be any of several: {listed} (give more of the "
                       "name)")
        else:
            message = f"no {kind} named {shorten(name)!r}"
            if hint:
                message += f": {hint}"
            elif self.suggestions:
                message += f"; did you mean {listed}?"
        super().__init__(message)


class DatabaseError(ParkdbError):
    """The database is missing, unreadable, corrupt or of another schema version."""


class ReadOnlyError(ParkdbError):
    """A query tried to change the database, attach another or load an extension."""


class QueryError(ParkdbError):
    """A read-only SQL query failed in SQLite (syntax, unknown column, ...)."""


class QueryTimeout(ParkdbError):
    """A query ran longer than its time limit and was stopped."""
