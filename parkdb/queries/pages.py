"""One page per park, company or region: everything known about it, each line with its fact id.

``find_subject`` accepts a name, an alias or a part of one (``Yungang``); ``page`` returns a
``Page`` of sections: where and what it is, areas (as stated and in km2, converted with the
factors of vocabulary.csv), sectors with their classes, amounts by kind, counts and rates, what it
hosts, projects, partners, plans and events, what lies inside it (for a region), and the articles.
"""

from __future__ import annotations

from typing import Any

from .. import vocabulary
from ..render.result import Page, Result
from .common import Conn, sector_fact


def _section(conn: Conn, title: str, sql: str, params: dict[str, Any],
             **hints: Any) -> Result:
    cursor = conn.execute(vocabulary.expand(sql), params)
    return Result([d[0] for d in cursor.description], cursor.fetchall(), title, **hints)


def page(conn: Conn, name: str) -> Page:
    """Everything known about one subject (a name as stored: see find_subject)."""
    p = {"name": name}
    subject = conn.execute("SELECT kind, park, region, province, city, county FROM subjects "
                           "WHERE subject = :name", p).fetchone()
    kind = subject[0]
    sections = [_identity(conn, name, kind), _areas(conn, name)]
    sections.append(_section(conn, "Sectors", f"""
        SELECT f.fact_id, f.object AS sector,
               (SELECT group_concat(sc.code || ' ' || c.name_en || ' (' || sc.match || ')', '; ')
                FROM sector_classes AS sc JOIN industry_classes AS c ON c.code = sc.code
                WHERE sc.sector = f.object) AS classes, nullif(f.basis, 'stated') AS basis
        FROM facts AS f WHERE f.subject = :name AND {sector_fact('f')} ORDER BY f.line""",
        p, lists={"classes": "; "}))
    sections += _amounts(conn, p)
    sections.append(_section(conn, "Counts and rates", """
        SELECT fact_id, predicate, value, unit, object AS what, status, year, year_end, qualifier,
               nullif(basis, 'stated') AS basis
        FROM facts WHERE subject = :name AND predicate IN ({predicate.count}, {predicate.percent},
                                                          {predicate.measure})
        ORDER BY line""", p, units={"value": "unit"}))
    sections.append(_section(conn, "Hosts, projects and partners", """
        SELECT f.fact_id, CASE WHEN f.subject = :name THEN f.predicate
                               ELSE f.predicate || ' (of)' END AS link,
               CASE WHEN f.subject = :name THEN f.object ELSE f.subject END AS other,
               e.kind, f.status, f.year, nullif(f.basis, 'stated') AS basis
        FROM facts AS f
        LEFT JOIN subjects AS e ON e.subject = CASE WHEN f.subject = :name THEN f.object
                                                    ELSE f.subject END
        WHERE (f.subject = :name OR f.object = :name)
          AND f.predicate IN ('hosts', 'project', 'cooperates_with')
        ORDER BY f.predicate, f.line""", p))
    sections.append(_section(conn, "Plans and events", f"""
        SELECT fact_id, predicate, object AS what, year, year_end, status,
               nullif(basis, 'stated') AS basis
        FROM facts WHERE subject = :name AND predicate IN ({{predicate.text}}, {{predicate.event}})
          AND NOT {sector_fact()}
        ORDER BY predicate, line""", p))
    if kind == "region":
        sections.append(_section(conn, "Parks, companies and others inside", """
            SELECT s.subject AS name, s.kind, s.region FROM subjects AS s
            WHERE s.kind <> 'region' AND s.region IN
                  (SELECT member FROM region_members WHERE region = :name)
            ORDER BY s.kind, s.subject""", p))
    sections.append(_section(conn, "Articles", """
        SELECT s.seed, s.title, s.published, count(*) AS facts
        FROM facts AS f JOIN sources AS s ON s.seed = f.seed
        WHERE f.subject = :name OR (f.object = :name AND f.predicate IN ({predicate.link},
                                                                         {predicate.place}))
        GROUP BY s.seed ORDER BY s.published""", p))
    about = {"name": name, "kind": kind, "region": subject[2], "province": subject[3],
             "city": subject[4], "county": subject[5]}
    return Page(f"{name} ({kind})", sections, about)


def _amounts(conn: Conn, p: dict[str, Any]) -> list[Result]:
    """The money section: each kind's status classes apart (no figure where periods overlap),
    then every amount with whether and why it counts in totals (the build's amounts table)."""
    return [_section(conn, "Amounts by status class", """
        SELECT predicate AS kind, status_class AS class, currency,
               CASE WHEN count(overlaps) = count(DISTINCT overlaps) THEN sum(value) END AS value,
               count(*) AS facts, group_concat(fact_id, ' ') AS fact_ids
        FROM amounts WHERE subject = :name AND counted = 1 AND part_of IS NULL
        GROUP BY predicate, currency, status_class ORDER BY predicate, currency, status_class""",
        p, units={"value": "currency"}, lists={"fact_ids": " "}), _section(conn, "Amounts", """
        SELECT a.fact_id, a.predicate AS kind, a.value, a.currency AS unit, a.status,
               a.status_class AS class, a.period, a.qualifier, nullif(a.basis, 'stated') AS basis,
               a.object AS what, a.part_of,
               CASE WHEN a.counted = 0 THEN a.why_not
                    WHEN a.held_by IS NOT NULL THEN 'held in ' || a.held_by || ' (outer park)'
                    WHEN a.overlaps IS NOT NULL THEN 'counts; not added to the amounts it overlaps'
                    WHEN a.part_of IS NOT NULL THEN 'a share (counted with --include-nested)'
                    ELSE 'counts' END AS counted
        FROM amounts AS a JOIN facts AS f ON f.fact_id = a.fact_id
        WHERE a.subject = :name ORDER BY a.predicate, f.line""", p, units={"value": "unit"})]


def _identity(conn: Conn, name: str, kind: str) -> Result:
    """Kind, aliases, region chain with GB/T 2260 codes, groups, what it belongs to and what
    belongs to it, each with the fact that says so."""
    p = {"name": name}
    rows: list[tuple[Any, ...]] = [(None, "kind", kind)]
    aliases = conn.execute("SELECT aliases FROM entities WHERE name = :name UNION ALL "
                           "SELECT aliases FROM regions WHERE name = :name", p).fetchone()
    if aliases and aliases[0]:
        rows.append((None, "aliases", aliases[0].replace(";", "; ")))
    rows += conn.execute("""
        SELECT fact_id, predicate, object FROM facts
        WHERE subject = :name AND predicate IN ('located_in', 'belongs_to') ORDER BY line""",
        p).fetchall()
    region = conn.execute("SELECT region FROM subjects WHERE subject = :name", p).fetchone()[0]
    if region:
        chain = conn.execute("""
            SELECT group_concat(r.name || coalesce(' ' || r.code, ''), ' < ') FROM (
                SELECT a.ancestor FROM region_ancestors AS a WHERE a.region = :region
                ORDER BY a.depth) AS up JOIN regions AS r ON r.name = up.ancestor""",
            {"region": region}).fetchone()[0]
        rows.append((None, "region chain (GB/T 2260)", chain))
        groups = conn.execute("""
            SELECT group_concat(region, '; ') FROM (SELECT DISTINCT m.region FROM region_members
                AS m JOIN regions AS r ON r.name = m.region
                WHERE m.member = :region AND m.region <> :region AND r.level = 'economic region'
                ORDER BY m.region)""", {"region": region}).fetchone()[0]
        if groups:
            rows.append((None, "in economic regions", groups))
    rows += conn.execute("""
        SELECT fact_id, CASE predicate WHEN 'belongs_to' THEN 'has part' ELSE 'has inside' END, subject FROM facts
        WHERE object = :name AND predicate IN ('belongs_to', 'located_in') ORDER BY line""",
        p).fetchall()
    rows += conn.execute("""
        SELECT NULL, 'member (region_groups.csv)', member FROM region_groups
        WHERE region_group = :name ORDER BY member""", p).fetchall()
    return Result(["fact_id", "what", "value"], rows, "Where and what")


def _areas(conn: Conn, name: str) -> Result:
    """Areas as stated and in km2, with the factor used."""
    factors = vocabulary.factors("area")
    rows = []
    for fact_id, what, value, unit, qualifier, year, status in conn.execute(
            "SELECT fact_id, object, value, unit, qualifier, year, status FROM facts "
            "WHERE subject = ? AND predicate = 'area' ORDER BY line", (name,)):
        factor = factors.get(unit)
        km2 = float(value * factor) if factor is not None else None
        rows.append((fact_id, what, value, unit, km2, f"1 {unit} = {factor} km2", qualifier,
                     year, status))
    return Result(["fact_id", "what", "value", "unit", "km2", "factor", "qualifier", "year",
                   "status"], rows, "Areas", units={"value": "unit"})
