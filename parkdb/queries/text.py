"""Text questions: full-text search over the articles' passages, and read-only SQL."""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from ..errors import QueryError
from ..render.result import MARK_CLOSE, MARK_OPEN, Result, from_cursor, from_query
from .common import Conn


def _match_expression(text: str) -> str:
    """An FTS5 query matching every word of ``text``: each word quoted, so no syntax leaks in."""
    words = re.findall(r"\w+", text)
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def search(conn: Conn, text: str) -> Result:
    """Paragraphs matching every word of ``text``, best first, with the facts citing them (every
    one: the command shows 20 unless --limit says, in the one LIMIT shaping adds)."""
    expression = _match_expression(text)
    if not expression:
        raise QueryError(f"nothing to search for in {text!r} (expected words)")
    sql = """
        SELECT p.seed, p.start, p."end",
               snippet(passages_fts, 0, :open, :close, '…', 24) AS snippet,
               (SELECT group_concat(fact_id, ' ') FROM (
                    SELECT fact_id FROM facts AS f WHERE f.seed = p.seed
                    AND f.start < p."end" AND f."end" > p.start
                    ORDER BY f.start)) AS facts
        FROM passages_fts JOIN passages AS p ON p.passage_id = passages_fts.rowid
        WHERE passages_fts MATCH :q
        ORDER BY rank"""
    params = {"q": expression, "open": MARK_OPEN, "close": MARK_CLOSE}
    return from_query(conn, sql, params, title=f"Search: {text}",
                       marked=frozenset({"snippet"}), lists={"facts": " "},
                       default_columns=("seed", "snippet", "facts"))


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
