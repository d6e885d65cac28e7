"""The schema: applies schema.sql and knows its version.

schema.sql is the single definition of the database. It has two parts separated by the line
``-- @post-load``: tables, created before the bulk load, and indexes, derived tables, views and
full-text search, created after it. The version is the ``PRAGMA user_version`` the file sets.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from . import resources
from .errors import ParkdbError

POST_LOAD_MARKER = "-- @post-load"


@dataclass(frozen=True)
class Schema:
    """The text of schema.sql split into its two parts, and its version."""

    tables: str
    post_load: str
    version: int
    text: str


def read_schema(path: Path | None = None) -> Schema:
    """Read and split schema.sql (the bundled one by default); raises ParkdbError if malformed."""
    path = path or resources.schema_path()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ParkdbError(f"{path}: cannot read the schema: {exc.strerror}") from exc
    tables, marker, post_load = text.partition("\n" + POST_LOAD_MARKER + "\n")
    version = re.search(r"^PRAGMA user_version = (\d+);", text, re.MULTILINE)
    if not marker or not version:
        raise ParkdbError(f"{path}: expected a '{POST_LOAD_MARKER}' line and a PRAGMA user_version")
    return Schema(tables, post_load, int(version.group(1)), text)


def create_tables(conn: sqlite3.Connection, schema: Schema) -> None:
    """Create the tables that the loader fills."""
    conn.executescript(schema.tables)


def finish(conn: sqlite3.Connection, schema: Schema) -> None:
    """Create indexes, derived tables, views and full-text search over the loaded rows."""
    conn.executescript(schema.post_load)
