"""Money questions: totals of amounts (investment, output value, revenue) grouped by any of the
dimensions in ``DIMENSIONS``.

Kinds are never added together (every row has one kind), nor are yuan and dollars; each row
counts its amounts by status class (plan, target, signed, under way, actual), so that no total
hides a mix of plans and results. Amounts that are a share of a larger one (part_of) are left out
unless asked for, so that nothing is counted twice. Every amount comes from the ``amounts`` view
(or ``amounts_usd``, built on it): which amounts count is decided there, once.

A group never has a blank label: an amount known only at city level shows, under ``--by county``,
as ``Chengde (city level, no county)``. By sector, an amount is counted under each sector that the
park, project or company it is the amount of works in (a region's amounts have no sector): the
attribution is by who holds the money, not by what the money is for, and the title says so.
"""

from __future__ import annotations

import json
from typing import Any

from .. import vocabulary
from ..render.result import Result, from_cursor
from .common import Conn, Filters

DIMENSIONS = {
    "province": "coalesce(a.province, '(no region: ' || a.subject || ')')",
    "city": """coalesce(a.city, CASE WHEN a.province IS NOT NULL
                   THEN a.province || ' (province level, no city)'
                   ELSE '(no region: ' || a.subject || ')' END)""",
    "county": """coalesce(a.county, CASE
                   WHEN a.city IS NOT NULL THEN a.city || ' (city level, no county)'
                   WHEN a.province IS NOT NULL THEN a.province || ' (province level, no county)'
                   ELSE '(no region: ' || a.subject || ')' END)""",
    "park": "coalesce(a.park, a.subject || ' (not a park)')",
    "year": """CASE WHEN a.year IS NULL THEN 'undated'
                    WHEN a.year_end > a.year THEN a.year || '-' || a.year_end ELSE a.year END""",
    "status": "a.status",
    "sector": "coalesce(sec.object, '(no sector stated)')",
}
KINDS = vocabulary.terms("predicate", "money")
SECTOR_NOTE = ("amounts attributed by the sectors of the park, project or company they are of, "
               "not by what the money is for; an amount counts in every sector of its holder, "
               "so rows by sector overlap and are not to be added")


def _status_classes() -> list[str]:
    return list(dict.fromkeys(vocabulary.classes("status").values()))


def amounts(conn: Conn, kinds: tuple[str, ...] = KINDS, by: tuple[str, ...] = ("province",),
            filters: Filters | None = None, status: str | None = None, currency: str = "CNY",
            include_nested: bool = False, cite: bool = False) -> Result:
    """Totals of each kind of amount grouped by ``by`` (names of DIMENSIONS), with the number of
    amounts of each status class; in CNY only amounts stated in yuan, in USD every amount in
    dollars (see the amounts_usd view) with the conversions named."""
    filters = filters or Filters()
    sql, params = amounts_sql(kinds, by, filters, status, currency, include_nested, cite)
    what = "Investment" if kinds == ("investment",) else "Amounts (" + ", ".join(kinds) + ")"
    title = f"{what} by {', '.join(by)} ({currency})" + filters.describe()
    if "sector" in by or filters.sector is not None:
        title += "; " + SECTOR_NOTE
    return from_cursor(conn.execute(sql, params), units={"total": "currency"}, chart="total",
                       label=(("kind",) if len(kinds) > 1 else ()) + tuple(by), title=title,
                       # what a person must see first: which money, how much, and how much of
                       # it is plan, target or result, then how sure (doubtful, approximate)
                       default_columns=(
                           "kind", *by, "total", "facts",
                           *(c.replace(" ", "_") for c in _status_classes()),
                           "doubtful", "approximate",
                           *(("converted", "unconverted") if currency == "USD" else ()),
                           *(("fact_ids",) if cite else ())),
                       lists={"fact_ids": " ", "seeds": ",", "conversion": "; "})


def amounts_sql(kinds: tuple[str, ...] = KINDS, by: tuple[str, ...] = ("province",),
                filters: Filters | None = None, status: str | None = None, currency: str = "CNY",
                include_nested: bool = False, cite: bool = False) -> tuple[str, dict[str, Any]]:
    """The statement ``amounts`` runs and its parameters (parkdb serve's canned queries run it
    too). Raises KeyError for a ``by`` that is not a dimension."""
    filters = filters or Filters()
    params: dict[str, Any] = {**filters.params, "status": status, "currency": currency,
                              "kinds": json.dumps(list(kinds))}
    conditions = _conditions(filters, status, include_nested)
    join = ""
    if "sector" in by:
        # one row per sector of the holder, however many facts (articles) state it
        join = """LEFT JOIN (SELECT DISTINCT subject, object FROM facts
                             WHERE predicate = 'sector') AS sec
                  ON sec.subject = a.subject AND a.subject_kind IS NOT 'region'"""
        if filters.sector is not None:
            join += " AND sec.object IN (SELECT value FROM json_each(:sectors))"
    groups = ", ".join(f"{DIMENSIONS[d]} AS {d}" for d in by)
    counts = []
    for i, cls in enumerate(_status_classes()):
        params[f"status_{i}"] = json.dumps(list(vocabulary.terms("status", cls)))
        counts.append(f"count(CASE WHEN a.status IN (SELECT value FROM json_each(:status_{i})) "
                      f"THEN 1 END) AS \"{cls.replace(' ', '_')}\"")
    cited = (", group_concat(a.fact_id, ' ') AS fact_ids, group_concat(DISTINCT a.seed) AS seeds"
             if cite else "")
    keys = ", ".join(str(i + 2) for i in range(len(by)))
    if currency == "USD":
        total = "round(sum(a.usd), 2) AS total, 'USD' AS currency"
        extra = """, count(CASE WHEN a.usd_basis <> 'stated' THEN 1 END) AS converted,
                   group_concat(CASE WHEN a.usd_basis <> 'stated' THEN a.fact_id || ' at '
                       || printf('%.6g', a.rate) || ' CNY/USD (' || a.usd_source || ')' END, '; ')
                       AS conversion,
                   count(*) - count(a.usd) AS unconverted"""
        source, group_by = "amounts_usd", f"1, {keys}"
    else:
        total, extra = "sum(a.value) AS total, a.currency", ""
        conditions.append("a.currency = :currency")
        source, group_by = "amounts", f"1, {keys}, a.currency"
    sql = f"""
        SELECT a.predicate AS kind, {groups}, {total}, count(*) AS facts,
               count(a.qualifier) AS approximate,
               count(CASE WHEN a.basis = 'doubtful' THEN 1 END) AS doubtful,
               {', '.join(counts)}{extra}{cited}
        FROM {source} AS a {join}
        WHERE {' AND '.join(conditions)}
        GROUP BY {group_by} ORDER BY 1, total DESC NULLS LAST, {keys}"""
    return sql, params


def _conditions(filters: Filters, status: str | None, include_nested: bool) -> list[str]:
    """The WHERE conditions of the amounts an amounts row counts."""
    conditions = ["a.predicate IN (SELECT value FROM json_each(:kinds))"]
    if not include_nested:
        conditions.append("a.part_of IS NULL")
    if status is not None:
        conditions.append("a.status = :status")
    if filters.years is not None:
        conditions.append(filters.year("a.year", "a.year_end"))
    if filters.published is not None:
        conditions.append(filters.published_in("a.seed"))
    if filters.regions:
        conditions.append(filters.in_regions("a.region"))
    if filters.exclude_doubtful:
        conditions.append(filters.trusted("a.basis"))
    if filters.sector is not None:
        conditions.append("a.subject_kind IS NOT 'region' AND " + filters.in_sector("a.subject"))
    return conditions


def investments(conn: Conn, by: str = "province", filters: Filters | None = None,
                status: str | None = None, currency: str = "CNY", include_nested: bool = False,
                cite: bool = False) -> Result:
    """Investment totals (never output value or revenue): ``amounts`` of kind investment."""
    return amounts(conn, ("investment",), tuple(by.split(",")), filters, status, currency,
                   include_nested, cite)
