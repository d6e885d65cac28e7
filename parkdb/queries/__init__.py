"""The analysts' questions, one module per area, each function returning a ``Result``.

names: resolving what users type; classes: sectors as industry classes; money: totals of amounts;
parks: parks; companies: companies and institutions; pages: everything about one name; facts:
the facts, the articles and citations; search: full-text search; text: read-only SQL.
"""

from __future__ import annotations

from ..vocabulary import FACT_COLUMNS
from .classes import SectorMatch, resolve_sector, sector_tree, sectors_flat
from .common import Conn, Filters
from .companies import companies
from .facts import cite, facts, source, sources
from .money import DIMENSIONS, KINDS, amounts, investments
from .names import (
    filters,
    find_subject,
    region_hint,
    resolve_fact,
    resolve_predicate,
    resolve_region,
    resolve_regions,
    resolve_seed,
    resolve_subject,
)
from .pages import page
from .parks import parks
from .search import search
from .text import sql

__all__ = [
    "DIMENSIONS", "FACT_COLUMNS", "KINDS", "Conn", "Filters", "SectorMatch",
    "amounts", "cite", "companies", "facts", "filters", "find_subject", "investments", "page",
    "parks", "region_hint", "resolve_fact",
    "resolve_predicate", "resolve_region", "resolve_regions", "resolve_sector", "resolve_seed",
    "resolve_subject", "search", "sector_tree", "sectors_flat", "source", "sources", "sql",
]
