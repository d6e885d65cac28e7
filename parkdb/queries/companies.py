"""Companies and institutions: where they are, which park they are in (where an article says
so: a belongs_to or hosts fact), who else hosts them, their sectors and the facts behind each."""

from __future__ import annotations

from .. import vocabulary
from ..render.result import Result, from_query
from .common import Conn, Filters, sector_fact


def companies(conn: Conn, filters: Filters | None = None, park: str | None = None) -> Result:
    """Companies and institutions with region chain, park, hosts, sectors, classes and facts."""
    filters = filters or Filters()
    conditions = ["1"]
    if filters.sector is not None:
        conditions.append(filters.in_sector("c.company"))
    if filters.regions:
        conditions.append(filters.in_regions("c.region"))
    if filters.published is not None:
        conditions.append("EXISTS (SELECT 1 FROM facts WHERE (subject = c.company OR object = "
                          "c.company) AND " + filters.published_in() + ")")
    if park is not None:
        conditions.append("(c.park = :park OR EXISTS (SELECT 1 FROM facts WHERE subject = :park "
                          "AND predicate = 'hosts' AND object = c.company))")
    sql = f"""
        WITH placed AS (
            SELECT e.name AS company, e.kind, e.region,
                   coalesce(e.park, (SELECT min(f.subject) FROM facts AS f
                       JOIN entities AS p ON p.name = f.subject
                       WHERE f.predicate = 'hosts' AND f.object = e.name
                         AND p.kind IN ({{entity_kind.park}}))) AS park
            FROM entities AS e WHERE e.kind IN ({{entity_kind.organisation}})
        ),
        -- where it is: its own place, else its park's, else the region that hosts it (the
        -- article puts it there; region_basis says which)
        c AS (
            SELECT pl.company, pl.kind, pl.park, rc.region, rc.city, rc.province,
                   CASE WHEN pl.region IS NOT NULL THEN 'located_in'
                        WHEN p.region IS NOT NULL THEN 'its park'
                        WHEN h.region IS NOT NULL THEN 'hosts' END AS region_basis
            FROM placed AS pl
            LEFT JOIN entities AS p ON p.name = pl.park
            LEFT JOIN (SELECT f.object AS company, min(f.subject) AS region FROM facts AS f
                       JOIN regions AS r ON r.name = f.subject WHERE f.predicate = 'hosts'
                       GROUP BY f.object) AS h ON h.company = pl.company
            LEFT JOIN region_chain AS rc ON rc.region = coalesce(pl.region, p.region, h.region)
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
                          AND {{predicate.link=predicate}}) ORDER BY line)) AS fact_ids
        FROM c
        WHERE {' AND '.join(conditions)}
        ORDER BY c.province, c.city, c.company"""
    return from_query(conn, vocabulary.expand(sql), {**filters.params, "park": park},
                       title="Companies and institutions" + filters.describe(),
                       default_columns=("company", "park", "hosted_by", "city", "province",
                                        "sectors"),
                       lists={"hosted_by": "; ", "sectors": "; ", "classes": "; ",
                              "fact_ids": " "})
