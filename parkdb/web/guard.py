"""Bounds on the web's queries: a Datasette plugin, registered by ``web.datasette``, nothing else.

Every connection Datasette opens gets the CLI's cap on the size of one value (db.MAX_VALUE_BYTES):
without it one anonymous GET such as ``?sql=select randomblob(300000000)`` allocates gigabytes and
runs past Datasette's time limit, whose progress handler cannot stop a single function call.
"""

from __future__ import annotations

import sqlite3
import sys
from typing import Any

from datasette import hookimpl
from datasette.plugins import pm

from ..db import limit_values

NAME = "parkdb-guard"


def register() -> None:
    """Register the hooks once per process."""
    if not pm.has_plugin(NAME):
        pm.register(sys.modules[__name__], name=NAME)


@hookimpl  # type: ignore[untyped-decorator]
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    """Cap the size of every value a query makes, as the CLI does."""
    limit_values(conn)
