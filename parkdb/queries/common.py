"""What every query module shares: the connection protocol and the fact columns.

SQL lives in schema.sql, in the store (the build's SQL) and in the query modules here only. User-
supplied values always reach SQLite as bound parameters; the only text ever formatted into a
statement is a column name picked from a fixed table, or a placeholder list of a known length.
"""

from __future__ import annotations

from ..schema import Conn
from ..vocabulary import FACT_COLUMNS

__all__ = ["FACT_COLUMNS", "Conn", "fact_columns"]


def fact_columns(alias: str = "") -> str:
    """The facts table's columns in export order, quoted, for a SELECT list."""
    prefix = f"{alias}." if alias else ""
    return ", ".join(f'{prefix}"{c}"' for c in FACT_COLUMNS)
