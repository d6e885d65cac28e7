"""Parks and sectors: parks with their region chain, sectors, years and seeds; sectors with the
parks and other subjects said to work in them."""

from __future__ import annotations

from ..result import Result, from_cursor
from .common import Conn

# Each sector with its parks, other subjects and fact count (sectors(); parkdb serve's canned query).
SECTORS_SQL = """
        SELECT f.object AS sector,
               group_concat(DISTINCT CASE WHEN s.kind IN ('park', 'zone', 'new_area', 'cluster')
                                          THEN f.subject END) AS parks,
               group_concat(DISTINCT CASE WHEN s.kind NOT IN ('park', 'zone', 'new_area',
                                          'cluster') THEN f.subject END) AS others,
               count(*) AS facts
        FROM facts AS f JOIN subjects AS s ON s.subject = f.subject
        WHERE f.predicate = 'sector'
        GROUP BY f.object ORDER BY facts DESC, sector"""


def parks(conn: Conn, sector: str | None = None, years: tuple[int, int] | None = None,
          region: str | None = None) -> Result:
    """Parks, zones, new areas and clusters with region chain, sectors, years and seeds."""
    sql = """
        SELECT park, kind, part_of, region, city, province, sectors, years, seeds FROM parks AS p
        WHERE (:sector IS NULL OR EXISTS (SELECT 1 FROM facts WHERE subject = p.park
                                          AND predicate = 'sector' AND object = :sector))
          AND (:year_from IS NULL OR EXISTS (
                SELECT 1 FROM facts WHERE subject = p.park
                AND year <= :year_to AND coalesce(year_end, year) >= :year_from))
          AND (:region IS NULL OR region IN
               (SELECT region FROM region_ancestors WHERE ancestor = :region))
        ORDER BY province, city, park"""
    params = {"sector": sector, "region": region, "year_from": years[0] if years else None,
              "year_to": years[1] if years else None}
    return from_cursor(conn.execute(sql, params), title="Parks and zones",
                       default_columns=("park", "kind", "city", "province", "sectors", "years"),
                       lists={"sectors": "; ", "years": "; ", "seeds": "; "})


def sectors(conn: Conn) -> Result:
    """Each sector with the parks (and other subjects) said to work in it, and its fact count."""
    return from_cursor(conn.execute(SECTORS_SQL), title="Sectors", chart="facts", label="sector",
                       lists={"parks": ",", "others": ","})

