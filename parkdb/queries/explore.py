"""SQL for people who explore: what the database holds, and parameters typed as they read.

``schema`` and ``tables`` describe the database through sqlite-utils' introspection (its
``Database``, ``Table.columns`` and ``count`` over the read-only connection), with one-line
descriptions parsed from the ``--`` comments above each CREATE in schema.sql, the single
definition; nothing here repeats them (``documentation`` parses them, column lines and glossary
too, as the top of schema.sql describes; parkdb serve's metadata is built from it).
``typed_params`` binds ``-p NAME VALUE`` values: a value that reads as a number is bound as one
(so ``value > :v`` compares numbers, as the literal would), and ``NAME:text`` keeps it text.
sqlite-utils is imported only by ``schema``, ``tables`` and ``table_columns``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from ..errors import NotFound
from ..render.result import Result

_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_CREATE = re.compile(r"^CREATE (?:VIRTUAL )?(?:TABLE|VIEW) (\w+)", re.MULTILINE)
_COLUMN_LINE = re.compile(r"(\w+): (.+)")
_GLOSSARY = re.compile(r"^-- Glossary of columns.*(?:\n--.*)*", re.MULTILINE)


def typed_value(text: str) -> int | float | str:
    """``text`` as an int or float when it reads as one (ASCII digits, no leading zero), else
    itself: '1000000000' -> 1000000000, '2.5' -> 2.5, '007' and '1,000' stay text."""
    if not _NUMBER.fullmatch(text):
        return text
    if text.lstrip("-").isdigit():
        return int(text)
    return float(text)


def typed_params(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Bound parameters from (NAME, VALUE) pairs; NAME:text binds VALUE as text unchanged."""
    params: dict[str, Any] = {}
    for name, value in pairs:
        bare, _, kind = name.partition(":")
        params[bare] = value if kind == "text" else typed_value(value)
    return params


class Described(NamedTuple):
    """What schema.sql's comments say about one table or view (the convention is at its top)."""

    text: str  # the prose of the comment block, without the column lines
    columns: dict[str, str]  # column -> meaning, from "-- name: meaning" lines
    internal: bool  # the block starts "Internal."


def _block(lines: list[str]) -> tuple[str, dict[str, str]]:
    """The prose and the column meanings of a comment block (lines without their "--")."""
    prose: list[str] = []
    columns: dict[str, str] = {}
    last: str | None = None
    for line in lines:
        match = _COLUMN_LINE.fullmatch(line)
        if match:
            last = match.group(1)
            columns[last] = match.group(2).strip()
        elif last is not None and line.startswith("    "):
            columns[last] += " " + line.strip()
        else:
            last = None
            prose.append(line.strip())
    return " ".join(prose), columns


def documentation(schema_text: str) -> tuple[dict[str, Described], dict[str, str]]:
    """Table or view name -> what its comment says, and the glossary (column -> meaning)."""
    found = {}
    for match in _CREATE.finditer(schema_text):
        lines = schema_text[:match.start()].split("\n")[:-1]  # the comment must touch the CREATE
        comment: list[str] = []
        while lines and lines[-1].startswith("--") and lines[-1].strip() != "--":
            comment.insert(0, lines.pop()[3:])
        text, columns = _block(comment)
        internal = text.startswith("Internal.")
        found[match.group(1)] = Described(text.removeprefix("Internal.").strip(), columns, internal)
    glossary = _GLOSSARY.search(schema_text)
    lines = [line[3:] for line in glossary.group(0).splitlines()[1:]] if glossary else []
    return found, _block(lines)[1]


def descriptions(schema_text: str) -> dict[str, str]:
    """Table or view name -> the first sentence of the comment just above its CREATE."""
    return {name: re.split(r"(?<=[.:;])\s", described.text, maxsplit=1)[0].rstrip(".:;")
            for name, described in documentation(schema_text)[0].items()}


def _database(conn: Any) -> Any:
    import sqlite_utils

    # recursive_triggers=False: sqlite-utils would otherwise set a PRAGMA, which is a write.
    return sqlite_utils.Database(conn.conn, recursive_triggers=False)


def _names(db: Any, views: bool = True) -> list[tuple[str, str]]:
    """(name, 'table' or 'view'), without the full-text index's shadow tables."""
    shadows = tuple(f"{name}_" for name in db.table_names(fts4=True) + db.table_names(fts5=True))
    tables = [(n, "table") for n in db.table_names() if not n.startswith(shadows)]
    return tables + ([(n, "view") for n in db.view_names()] if views else [])


def schema(conn: Any, schema_text: str, table: str | None = None) -> Result:
    """Tables and views with their columns and descriptions, or one table's columns and types;
    raises NotFound for an unknown table."""
    db = _database(conn)
    about = descriptions(schema_text)
    names = _names(db)
    if table is None:
        rows = [(name, kind, ", ".join(c.name for c in db[name].columns), about.get(name, ""))
                for name, kind in names]
        return Result(["name", "kind", "columns", "description"], rows, title="Schema",
                      lists={"columns": ", "}, default_columns=("name", "kind", "description"))
    kinds = dict(names)
    if table not in kinds:
        from ..errors import closest_names

        raise NotFound("table or view", table, closest_names(table, list(kinds)))
    columns = [(c.name, c.type, int(c.notnull), c.default_value, c.is_pk) for c in db[table].columns]
    title = f"{table} ({kinds[table]})" + (f": {about[table]}" if about.get(table) else "")
    return Result(["column", "type", "notnull", "default", "pk"], columns, title=title)


def tables(conn: Any, counts: bool = False, views: bool = False) -> Result:
    """The tables (and with ``views`` the views), with their row counts when ``counts``."""
    db = _database(conn)
    names = _names(db, views)
    if counts:
        rows = [(name, kind, db[name].count) for name, kind in names]
        return Result(["name", "kind", "count"], rows, title="Tables")
    return Result(["name", "kind"], [(name, kind) for name, kind in names], title="Tables")


def table_columns(conn: Any) -> dict[str, list[str]]:
    """Every table and view (without full-text shadow tables) -> its column names."""
    db = _database(conn)
    return {name: [c.name for c in db[name].columns] for name, _ in _names(db)}
