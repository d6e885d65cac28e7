"""Companies and institutions: where they are, which park they are in (where an article says
so: a belongs_to or hosts fact), who else hosts them, their sectors and the facts behind each."""

from __future__ import annotations

from .. import vocabulary
from ..render.result import Result, from_query
from .common import Conn, Filters, sector_fact


def companies(conn: Conn, filters: Filters | None = None, park: str | None = None) -> Result:
    """Companies and institutions with region chain, park, hosts, sectors, classes and facts."""
    filters = filters or Filters()
    conditions = _conditions(filters, park)
    # with --sector, the sectors that matched, whole, beside the company
    matching = ", " + filters.matching_sectors("c.company") if filters.sector is not None else ""
    sql = f"""
        WITH placed AS (
            SELECT e.name AS company, e.kind, e.region,
                   coalesce(e.park, (SELECT min(f.subject) FROM facts AS f
                       JOIN entities AS p ON p.name = f.subject
                       WHERE f.predicate = 'hosts' AND f.object = e.name
                         AND p.kind IN ({{entity_kind.park}}))) AS park
            FROM entities AS e WHERE e.kind IN ({{entity_kind.organisation}})
        ),
        -- where it is: every place it has (placements: its own located_in facts, else its
        -- parent's, its park's or the regions that host it; region_basis says which)
        c AS (
            SELECT pl.company, pl.kind, pl.park,
                   (SELECT group_concat(region, '; ') FROM (SELECT region FROM placements
                        WHERE subject = pl.company ORDER BY region)) AS region,
                   (SELECT group_concat(basis, '; ') FROM (SELECT DISTINCT basis FROM placements
                        WHERE subject = pl.company ORDER BY basis)) AS region_basis,
                   {_chain("city")} AS city, {_chain("province")} AS province
            FROM placed AS pl
        )
        SELECT c.company, c.kind, c.park,
               (SELECT group_concat(subject, '; ') FROM (SELECT DISTINCT subject FROM facts
                    WHERE predicate = 'hosts' AND object = c.company
                      AND subject IS NOT c.park ORDER BY subject)) AS hosted_by,
               c.region, c.region_basis, c.city, c.province,
               (SELECT group_concat(object, '; ') FROM (SELECT DISTINCT object FROM facts
                    WHERE subject = c.company AND {sector_fact()} ORDER BY object)) AS sectors,
               (SELECT group_concat(code, '; ') FROM (SELECT DISTINCT sc.code FROM facts AS f
                    JOIN sector_classes AS sc ON sc.sector = f.object
                    WHERE f.subject = c.company AND {sector_fact('f')} ORDER BY sc.code))
                    AS classes,
               (SELECT group_concat(fact_id, ' ') FROM (SELECT fact_id FROM facts
                    WHERE subject = c.company OR (object = c.company
                          AND {{predicate.link=predicate}}) ORDER BY line)) AS fact_ids{matching}
        FROM c
        WHERE {' AND '.join(conditions)}
        ORDER BY c.province, c.city, c.company"""
    return from_query(conn, vocabulary.expand(sql), {**filters.params, "park": park},
                       title="Companies and institutions" + filters.describe(),
                       default_columns=("company", *(("matching_sectors",) if matching else ()),
                                        "region", "park", "sectors", "city", "province",
                                        "hosted_by"),
                       narrow=(("hosted_by", None), ("province", None), ("city", None)),
                       lists={"hosted_by": "; ", "sectors": "; ", "classes": "; ",
                              "fact_ids": " ", "region": "; ", "city": "; ", "province": "; ",
                              "matching_sectors": "; "})


def _conditions(filters: Filters, park: str | None) -> list[str]:
    """The WHERE conditions over c (a company with its places) of the filters asked for."""
    conditions = ["1"]
    if filters.sector is not None:
        conditions.append(filters.in_sector("c.company"))
    if filters.regions:
        conditions.append(filters.placed_in("c.company"))
    if filters.published is not None:
        conditions.append("EXISTS (SELECT 1 FROM facts WHERE (subject = c.company OR object = "
                          "c.company) AND " + filters.published_in() + ")")
    if park is not None:
        conditions.append("(c.park = :park OR EXISTS (SELECT 1 FROM facts WHERE subject = :park "
                          "AND predicate = 'hosts' AND object = c.company))")
    return conditions


def _chain(level: str) -> str:
    """The cities (or provinces) of a company's places, as a list."""
    return f"""(SELECT group_concat({level}, '; ') FROM (SELECT DISTINCT rc.{level}
                   FROM placements AS p JOIN region_chain AS rc ON rc.region = p.region
                   WHERE p.subject = pl.company AND rc.{level} IS NOT NULL ORDER BY rc.{level}))"""
