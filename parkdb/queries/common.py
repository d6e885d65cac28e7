"""What every query module shares: the connection protocol, the fact columns, what makes a fact
a sector fact, and the filters.

SQL lives in schema.sql, in the store (the build's SQL) and in the query modules here only. User-
supplied values always reach SQLite as bound parameters; the only text ever formatted into a
statement is a column name picked from a fixed table, a placeholder list of a known length, or a
vocabulary term (a status class) quoted by vocabulary.sql_literal and sql_identifier.
"""

from __future__ import annotations

from typing import Any

from ..schema import Conn
from ..vocabulary import FACT_COLUMNS, sql_identifier

__all__ = ["Conn", "Filters", "fact_columns", "sector_fact"]


def fact_columns(alias: str = "") -> str:
    """The facts table's columns in export order, quoted, for a SELECT list."""
    prefix = f"{alias}." if alias else ""
    return ", ".join(prefix + sql_identifier(c) for c in FACT_COLUMNS)


def sector_fact(alias: str = "") -> str:
    """The condition that a facts row says its subject works in a written sector (its object).

    The one spelling of it in Python (schema.sql's parks view has its own, and shell completion
    its own, which must not import the queries)."""
    prefix = f"{alias}." if alias else ""
    return f"{prefix}predicate = 'sector'"


class Filters:
    """What a question may be narrowed to: years the facts are about, years the articles were
    published, a sector (queries.classes.SectorMatch) and regions (their union, groups included).

    Each method gives one SQL condition over the columns named, with its values in ``params``;
    these are the only spellings of these rules.
    """

    __slots__ = ("years", "published", "sector", "regions", "exclude_doubtful", "params")

    def __init__(self, years: tuple[int, int] | None = None,
                 published: tuple[int, int] | None = None, sector: Any = None,
                 regions: tuple[str, ...] = (), exclude_doubtful: bool = False) -> None:
        import json

        self.years, self.published, self.sector, self.regions = years, published, sector, regions
        self.exclude_doubtful = exclude_doubtful
        self.params: dict[str, Any] = {
            "year_from": years[0] if years else None, "year_to": years[1] if years else None,
            "published_from": published[0] if published else None,
            "published_to": published[1] if published else None,
            "sectors": json.dumps(sector.sectors if sector is not None else []),
            "regions": json.dumps(list(regions)),
        }

    def year(self, year: str = "year", year_end: str = "year_end") -> str:
        """A fact about a year of the range: its years [year, year_end] overlap it (an undated
        fact never matches)."""
        return f"({year} <= :year_to AND coalesce({year_end}, {year}) >= :year_from)"

    def published_in(self, seed: str = "seed") -> str:
        """A fact from an article published in the range of years."""
        return (f"{seed} IN (SELECT seed FROM sources WHERE CAST(substr(published, 1, 4) AS "
                "INTEGER) BETWEEN :published_from AND :published_to)")

    def in_sector(self, subject: str = "subject") -> str:
        """A subject said to work in one of the matched written sectors."""
        return (f"{subject} IN (SELECT subject FROM facts WHERE {sector_fact()} AND object "
                "IN (SELECT value FROM json_each(:sectors)))")

    def in_regions(self, region: str = "region") -> str:
        """A region inside one of the regions asked for (groups' members included)."""
        return (f"{region} IN (SELECT member FROM region_members WHERE region IN "
                "(SELECT value FROM json_each(:regions)))")

    def matching_sectors(self, subject: str = "subject") -> str:
        """A column: the subject's written sectors that --sector matched (empty without it)."""
        return (f"(SELECT group_concat(object, '; ') FROM (SELECT DISTINCT object FROM facts "
                f"WHERE subject = {subject} AND {sector_fact()} AND object IN (SELECT value FROM "
                "json_each(:sectors)) ORDER BY object)) AS matching_sectors")

    def placed_in(self, subject: str = "subject") -> str:
        """A subject with a place inside one of the regions asked for: a subject placed in two
        regions (placements) is found by either, and once. The one region filter of facts, parks,
        companies and amounts."""
        return (f"{subject} IN (SELECT subject FROM placements WHERE "
                + self.in_regions("placements.region") + ")")

    def trusted(self, basis: str = "basis") -> str:
        """A fact whose basis is not doubtful (--exclude-doubtful)."""
        return f"{basis} IS NOT 'doubtful'"

    def describe(self) -> str:
        """The filters in words, for a title: `` in Hebei; 2013-9999``."""
        parts = []
        if self.sector is not None:
            parts.append(f"sector {self.sector.label()}")
        if self.regions:
            parts.append(" + ".join(self.regions))
        if self.years:
            parts.append("years " + _span(self.years))
        if self.published:
            parts.append("published " + _span(self.published))
        if self.exclude_doubtful:
            parts.append("doubtful facts left out")
        return ("; " + ", ".join(parts)) if parts else ""


def _span(years: tuple[int, int]) -> str:
    first, last = years
    if first == last:
        return str(first)
    if last == 9999:
        return f"{first}-"
    return f"-{last}" if first == 1 else f"{first}-{last}"
