"""The analysts' questions, one module per area, each function returning a ``Result``.

names: resolving what users type; money: totals of amounts; parks: parks and sectors; facts: the
facts, the articles and citations; text: full-text search and read-only SQL.
"""

from __future__ import annotations

from .common import FACT_COLUMNS, Conn
from .facts import cite, facts, source, sources
from .money import GROUP_COLUMNS, investments
from .names import (
    resolve_fact,
    resolve_predicate,
    resolve_region,
    resolve_sector,
    resolve_seed,
    resolve_subject,
)
from .parks import parks, sectors
from .text import search, sql

__all__ = [
    "FACT_COLUMNS", "GROUP_COLUMNS", "Conn", "cite", "facts", "investments", "parks",
    "resolve_fact", "resolve_predicate", "resolve_region", "resolve_sector", "resolve_seed",
    "resolve_subject", "search", "sectors", "source", "sources", "sql",
]
