"""The schema: applies schema.sql and knows its version.

schema.sql is the single definition of the database. It has three parts: tables, created before
the bulk load; after the line ``-- @post-load``, indexes, derived tables and views, created after it;
after the line ``-- @search``, the full-text index of the passages. The version is the
``PRAGMA user_version`` the file sets. Vocabulary placeholders (``{level}``, ``{predicate.money}``)
are filled in from vocabulary.csv as the file is read, so the schema never spells a term itself.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any, Protocol

from . import resources
from .errors import ParkdbError


class Conn(Protocol):
    """What a query needs: sqlite3.Connection or db.ReadOnlyConnection."""

    def execute(self, sql: str, params: Any = ..., /) -> sqlite3.Cursor: ...


POST_LOAD_MARKER = "-- @post-load"
SEARCH_MARKER = "-- @search"
SQLITE_MAGIC = b"SQLite format 3\x00"
_VERSION_LINE = re.compile(r"^PRAGMA user_version = (\d+);", re.MULTILINE)


class Schema:
    """The text of schema.sql split into its three parts, and its version.

    (A plain class: importing dataclasses would cost every query start-up time.)
    """

    __slots__ = ("tables", "post_load", "search", "version")

    def __init__(self, tables: str, post_load: str, search: str, version: int) -> None:
        self.tables, self.post_load, self.search = tables, post_load, search
        self.version = version


def read_text(path: resources.StrPath | None = None) -> str:
    """schema.sql (the bundled one by default) with its vocabulary placeholders filled in;
    raises ParkdbError if it cannot be read or names an unknown term."""
    from .vocabulary import expand

    path = path or resources.inputs()[0]
    try:
        with open(path, encoding="utf-8") as handle:
            return expand(handle.read())
    except OSError as exc:
        raise ParkdbError(f"{path}: cannot read the schema: {exc.strerror}") from exc
    except ValueError as exc:
        raise ParkdbError(str(exc)) from exc


def read_schema(path: resources.StrPath | None = None) -> Schema:
    """Read and split schema.sql (the bundled one by default); raises ParkdbError if malformed."""
    path = path or resources.inputs()[0]
    text = read_text(path)
    tables, marker, rest = text.partition("\n" + POST_LOAD_MARKER + "\n")
    post_load, search_marker, search = rest.partition("\n" + SEARCH_MARKER + "\n")
    version = _VERSION_LINE.search(text)
    if not marker or not search_marker or not version:
        raise ParkdbError(f"{path}: expected a '{POST_LOAD_MARKER}' line, then a '{SEARCH_MARKER}' "
                          "line, and a PRAGMA user_version")
    return Schema(tables, post_load, search, int(version.group(1)))


def version(path: resources.StrPath | None = None) -> int:
    """The schema version schema.sql sets (0 if it sets none), read without parsing the rest."""
    path = path or resources.inputs()[0]
    try:
        with open(path, encoding="utf-8") as handle:
            found = _VERSION_LINE.search(handle.read())
    except OSError as exc:
        raise ParkdbError(f"{path}: cannot read the schema: {exc.strerror}") from exc
    return int(found.group(1)) if found else 0


def is_sqlite_file(path: resources.StrPath) -> bool:
    """True if the file begins with SQLite's magic bytes; raises OSError if it cannot be read."""
    with open(path, "rb") as handle:
        return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


class Identity:
    """What an open SQLite database says about itself: its schema version, its meta table (empty
    when it has none) and the names in its schema."""

    __slots__ = ("version", "meta", "names")

    def __init__(self, version: int, meta: dict[str, str], names: set[str]) -> None:
        self.version, self.meta, self.names = version, meta, names

    @property
    def is_parkdb(self) -> bool:
        """The one answer to "did parkdb build this database?": its meta says so, or (an earlier
        parkdb wrote no built_by) it has parkdb's tables and a content hash."""
        legacy = "content_hash" in self.meta and {"facts", "sources"} <= self.names
        return self.meta.get("built_by") == "parkdb" or legacy


def identify(conn: Conn) -> Identity:
    """Read a database's version, meta table and schema names; raises sqlite3.DatabaseError when
    the file is not a readable SQLite database."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    names = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall()) if "meta" in names else {}
    return Identity(version, meta, names)


def create_tables(conn: sqlite3.Connection, schema: Schema) -> None:
    """Create the tables that the loader fills."""
    conn.executescript(schema.tables)


def finish(conn: sqlite3.Connection, schema: Schema) -> None:
    """Create indexes, derived tables and views over the loaded rows."""
    conn.executescript(schema.post_load)


def create_search(conn: sqlite3.Connection, schema: Schema) -> None:
    """Build the full-text index of the passages already in ``conn``."""
    conn.executescript(schema.search)


def prepare_build(conn: sqlite3.Connection) -> None:
    """Settings for a database file that is private until renamed into place and thrown away on
    any failure: durability inside it buys nothing, the rename is the commit."""
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    conn.execute("PRAGMA cache_size = -8192")
