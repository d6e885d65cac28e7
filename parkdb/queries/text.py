"""Text questions: full-text search over the articles' passages, and read-only SQL."""

from __future__ import annotations

import re
from typing import Any

from ..errors import QueryError
from ..render.result import MARK_CLOSE, MARK_OPEN, Result, from_cursor
from .common import Conn


def _match_expression(text: str) -> str:
    """An FTS5 query matching every word of ``text``: each word quoted, so no syntax leaks in."""
    words = re.findall(r"\w+", text)
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def search(conn: Conn, text: str, limit: int = 20) -> Result:
    """Paragraphs matching every word of ``text``, best first, with the facts citing them."""
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
        ORDER BY rank LIMIT :limit"""
    params = {"q": expression, "open": MARK_OPEN, "close": MARK_CLOSE, "limit": limit}
    return from_cursor(conn.execute(sql, params), title=f"Search: {text}",
                       marked=frozenset({"snippet"}), lists={"facts": " "},
                       default_columns=("seed", "snippet", "facts"))


def sql(conn: Conn, statement: str, params: dict[str, Any]) -> Result:
    """Run one read-only statement with named parameters (the connection enforces read-only)."""
    return from_cursor(conn.execute(statement, params), title="")
