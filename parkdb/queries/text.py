"""Read-only SQL: one statement, bound parameters, streamed (search is in search.py)."""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from ..render.result import Result, from_cursor, from_query
from .common import Conn


def sql(conn: Conn, statement: str, params: dict[str, Any]) -> Result:
    """Run one read-only statement with named parameters (the connection enforces read-only).

    A SELECT, WITH or VALUES statement streams and is shaped in SQL; anything else (PRAGMA,
    EXPLAIN) is run at once. Compiling it first (EXPLAIN) reports its errors, refusals and a
    second statement in its own words, before it becomes a subquery."""
    if _FIRST_WORD.match(statement) is None:
        return from_cursor(conn.execute(statement, params), title="")
    conn.execute("EXPLAIN " + statement, params).fetchall()
    return from_query(conn, _one_statement(statement), params, title="")


# After any comments: the statements that can be a subquery.
_FIRST_WORD = re.compile(r"(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*(?:select|with|values)\b",
                         re.IGNORECASE | re.DOTALL)


def _one_statement(statement: str) -> str:
    """The statement up to its closing semicolon (comments after it dropped)."""
    at = statement.find(";")
    while at >= 0:
        if sqlite3.complete_statement(statement[:at + 1]):
            return statement[:at]
        at = statement.find(";", at + 1)
    return statement
