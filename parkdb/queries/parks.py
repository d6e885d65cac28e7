"""Parks: parks, zones, new areas and clusters with their region chain, sectors, years and
seeds."""

from __future__ import annotations

from ..render.result import Result, from_query
from .common import Conn, Filters


def parks(conn: Conn, filters: Filters | None = None) -> Result:
    """Parks, zones, new areas and clusters with region chain, sectors, years and seeds."""
    filters = filters or Filters()
    conditions = ["1"]
    if filters.sector is not None:
        conditions.append(filters.in_sector("p.park"))
    if filters.years is not None:
        conditions.append("EXISTS (SELECT 1 FROM facts WHERE subject = p.park AND "
                          + filters.year() + ")")
    if filters.published is not None:
        conditions.append("EXISTS (SELECT 1 FROM facts WHERE subject = p.park AND "
                          + filters.published_in() + ")")
    if filters.regions:
        conditions.append(filters.placed_in("p.park"))
    # with --sector, the sectors that matched, whole, beside the park (the list may be long)
    matching = ", " + filters.matching_sectors("p.park") if filters.sector is not None else ""
    sql = f"""
        SELECT park, kind, part_of, region, city, province, sectors, years, seeds{matching}
        FROM parks AS p
        WHERE {' AND '.join(conditions)}
        ORDER BY province, city, park"""
    return from_query(conn, sql, filters.params,
                       title="Parks and zones" + filters.describe(),
                       default_columns=("park", *(("matching_sectors",) if matching else ()),
                                        "kind", "city", "province", "sectors", "years"),
                       narrow=(("kind", None), ("years", None), ("province", None)),
                       lists={"sectors": "; ", "years": "; ", "seeds": "; ",
                              "matching_sectors": "; "})
