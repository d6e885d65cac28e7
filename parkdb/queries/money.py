"""Money questions: totals of amounts (investment, output value, revenue, tax) grouped by any of
the dimensions in ``DIMENSIONS``.

Invariant: no figure adds what should not be added. Kinds are never added together (every row has
one kind), nor are yuan and dollars, nor status classes: each class (plan, target, signed, under
way, actual, unstated) is its own figure with its own fact count, and a figure across classes
exists only as ``mixed_total``, when asked for. Which amounts count was decided once by the build,
in the ``amounts`` table (restated, superseded, covered, shares, held by an outer park, overlapping
periods); a query is a GROUP BY over it, and a class whose amounts in one row share an ``overlaps``
group gets no figure: ``not_additive`` names the parts. tests/test_totals.py holds each rule.

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


# The status classes as columns, in the vocabulary's order, then amounts without a status.
UNSTATED = "unstated"


def status_classes() -> list[str]:
    """The status classes, each a column of every totals row (plan, target, ..., unstated)."""
    return [*dict.fromkeys(vocabulary.classes("status").values()), UNSTATED]


def class_column(cls: str) -> str:
    """The column of a status class (``under way`` -> ``under_way``)."""
    return cls.replace(" ", "_")


def amounts(conn: Conn, kinds: tuple[str, ...] = KINDS, by: tuple[str, ...] = ("province",),
            filters: Filters | None = None, status: str | None = None, currency: str = "CNY",
            include_nested: bool = False, cite: bool = False, mixed_total: bool = False,
            long: bool = False) -> Result:
    """Totals of each kind of amount grouped by ``by`` (names of DIMENSIONS), each status class
    its own figure with its fact count (``long``: one row per class instead, for a chart); in CNY
    only amounts stated in yuan, in USD every amount in dollars with the conversions named. A
    class whose amounts overlap in time gets no figure: ``not_additive`` lists the parts."""
    filters = filters or Filters()
    sql, params = amounts_sql(kinds, by, filters, status, currency, include_nested, cite,
                              mixed_total, long)
    what = "Investment" if kinds == ("investment",) else "Amounts (" + ", ".join(kinds) + ")"
    title = f"{what} by {', '.join(by) or 'kind'} ({currency})" + filters.describe()
    if "sector" in by or filters.sector is not None:
        title += "; " + SECTOR_NOTE
    label = (("kind",) if len(kinds) > 1 else ()) + tuple(by)
    if long:
        return from_cursor(conn.execute(sql, params), units={"amount": "currency"},
                           chart="amount", label=(*label, "class"), title=title,
                           default_columns=(*label, "class", "amount", "facts", "not_additive"))
    result = from_cursor(conn.execute(sql, params), title=title, lists={
        "fact_ids": " ", "seeds": ",", "conversion": "; ", "not_additive": "; ",
        "by_holder_sector": "; ", "outside_years": "; "},
        units={c: "currency" for c in (*map(class_column, status_classes()), "mixed_total")})
    # what a person must see first: which money, and how much of it is plan, target, signed,
    # under way or done (only the classes this answer has), then what could not be added
    held = [c for c in map(class_column, status_classes())
            if any(row[result.columns.index(c + "_facts")] for row in result.rows)]
    overlapping = any(row[result.columns.index("not_additive")] for row in result.rows)
    result.default_columns = (*label, *(f for c in held for f in (c, c + "_facts")),
                              *(("mixed_total",) if mixed_total else ()),
                              *(("not_additive",) if overlapping else ()),
                              *(("fact_ids",) if cite else ()),
                              *(c for c in HOW_COUNTED if c in result.columns
                                and any(row[result.columns.index(c)] for row in result.rows)))
    # on a narrow screen the fact counts go before any figure; what could not be added and the
    # ids (--cite) go under the row's label
    result.narrow = (*((c + "_facts", None) for c in reversed(held)),
                     ("not_additive", label[-1]), ("fact_ids", label[-1]))
    return result


def amounts_sql(kinds: tuple[str, ...] = KINDS, by: tuple[str, ...] = ("province",),
                filters: Filters | None = None, status: str | None = None, currency: str = "CNY",
                include_nested: bool = False, cite: bool = False, mixed_total: bool = False,
                long: bool = False) -> tuple[str, dict[str, Any]]:
    """The statement ``amounts`` runs and its parameters (parkdb serve's canned queries run it
    too): a GROUP BY over the amounts table, where the build decided which amounts count. Raises
    KeyError for a ``by`` that is not a dimension."""
    filters = filters or Filters()
    params: dict[str, Any] = {**filters.params, "status": status, "currency": currency,
                              "kinds": json.dumps(list(kinds))}
    conditions = _conditions(filters, status, include_nested)
    if "park" not in by:
        conditions.append("a.held_by IS NULL")  # the outer park's figure already holds it
    join = ""
    if "sector" in by:
        # one row per sector of the holder, however many facts (articles) state it
        join = """LEFT JOIN (SELECT DISTINCT subject, object FROM facts
                             WHERE predicate = 'sector') AS sec
                  ON sec.subject = a.subject AND a.subject_kind IS NOT 'region'"""
        if filters.sector is not None:
            join += " AND sec.object IN (SELECT value FROM json_each(:sectors))"
    dims = [f"{DIMENSIONS[d]} AS {d}" for d in by]
    if currency == "USD":
        total, unit = "round(sum(a.usd), 2)", "'USD'"  # cents: conversions are not exact
        extra = """, count(CASE WHEN a.usd_basis <> 'stated' THEN 1 END) AS converted,
                   group_concat(CASE WHEN a.usd_basis <> 'stated' THEN a.fact_id || ' at '
                       || printf('%.6g', a.rate) || ' CNY/USD (' || a.usd_source || ')' END, '; ')
                       AS conversion,
                   count(*) - count(a.usd) AS unconverted"""
    else:
        total, unit, extra = "sum(a.value)", "a.currency", ""
        conditions.append("a.currency = :currency")
    cited = (", group_concat(a.fact_id, ' ') AS fact_ids, group_concat(DISTINCT a.seed) AS seeds"
             if cite else "")
    cited += _how_counted(by, filters)
    classes = f"""
        SELECT a.predicate AS kind, {''.join(d + ', ' for d in dims)}{unit} AS currency,
               a.status_class AS class, {total} AS amount, count(*) AS n,
               -- two amounts of one overlaps group in the row (DISTINCT skips the many NULLs)
               count(a.overlaps) - count(DISTINCT a.overlaps) AS dup,
               group_concat(CASE WHEN a.overlaps IS NOT NULL THEN a.fact_id || ' '
                   || coalesce(a.value_text, a.value) || ' (' || a.period || ', ' || a.subject
                   || ')' END, ' / ') AS overlapping,
               count(a.qualifier) AS approximate,
               count(CASE WHEN a.basis = 'doubtful' THEN 1 END) AS doubtful{extra}{cited}
        FROM amounts AS a {join}
        WHERE {' AND '.join(conditions)}
        GROUP BY {', '.join(str(i + 1) for i in range(len(by) + 3))}"""
    keys = ", ".join(["kind", *by, "currency"])
    if long:
        return f"""
            SELECT {keys}, class, CASE WHEN dup = 0 THEN amount END AS amount, n AS facts,
                   CASE WHEN dup > 0 THEN overlapping END AS not_additive
            FROM ({classes}) ORDER BY kind, amount DESC NULLS LAST, {keys}, class""", params
    how = "".join(f", group_concat({c}, '; ') AS {c}" for c in HOW_COUNTED
                  if f"AS {c}" in classes)
    return _pivot(classes, keys, currency, cite, mixed_total, how), params


# Columns that say how a row was counted where a filter widens it, so that a script reading the
# CSV sees it too (not only stderr): the amounts counted through their holder's sector, and those
# whose span reaches outside the years asked for.
HOW_COUNTED = ("by_holder_sector", "outside_years")


def _how_counted(by: tuple[str, ...], filters: Filters) -> str:
    """The how-counted columns of the per-class rows, for the filters asked for."""
    out = ""
    if "sector" in by or filters.sector is not None:
        sectors = ("sec.object" if "sector" in by else
                   "(SELECT group_concat(object, ', ') FROM (SELECT DISTINCT object FROM facts "
                   "WHERE subject = a.subject AND predicate = 'sector' AND object IN "
                   "(SELECT value FROM json_each(:sectors)) ORDER BY object))")
        out += (f", group_concat(a.fact_id || ' of ' || a.subject || ' (' || {sectors} || ')', "
                "'; ') AS by_holder_sector")
    if filters.years is not None:
        out += (", group_concat(CASE WHEN a.year < :year_from OR coalesce(a.year_end, a.year) > "
                ":year_to THEN a.fact_id || ' ' || a.period END, '; ') AS outside_years")
    return out


def _pivot(classes: str, keys: str, currency: str, cite: bool, mixed_total: bool,
           how: str = "") -> str:
    """One row per group: each status class's figure (none when its amounts overlap in time) and
    fact count side by side, never added unless ``mixed_total`` asks for a labelled mix."""
    figures = []
    for cls in status_classes():
        # trusted (vocabulary.csv) but quoted all the same, as every term written into SQL is
        literal, column = vocabulary.sql_literal(cls), class_column(cls)
        figures.append(
            f"sum(CASE WHEN class = {literal} AND dup = 0 THEN amount END) AS "
            f"{vocabulary.sql_identifier(column)}, coalesce(sum(CASE WHEN class = {literal} "
            f"THEN n END), 0) AS {vocabulary.sql_identifier(column + '_facts')}")
    mixed = (", CASE WHEN max(dup) > 0 THEN NULL ELSE sum(amount) END AS mixed_total"
             if mixed_total else "")
    usd = (", sum(converted) AS converted, group_concat(conversion, '; ') AS conversion, "
           "sum(unconverted) AS unconverted" if currency == "USD" else "")
    cited = (", group_concat(fact_ids, ' ') AS fact_ids, group_concat(seeds) AS seeds"
             if cite else "")
    return f"""
        SELECT {keys}, {', '.join(figures)}{mixed}, sum(n) AS facts,
               sum(approximate) AS approximate, sum(doubtful) AS doubtful,
               group_concat(CASE WHEN dup > 0 THEN class || ': ' || overlapping END, '; ')
                   AS not_additive{usd}{cited}{how}
        FROM ({classes})
        GROUP BY {keys} ORDER BY kind, sum(amount) DESC NULLS LAST, {keys}"""


def _conditions(filters: Filters, status: str | None, include_nested: bool) -> list[str]:
    """The WHERE conditions of the amounts an amounts row counts."""
    conditions = ["a.predicate IN (SELECT value FROM json_each(:kinds))", "a.counted = 1"]
    if not include_nested:
        conditions.append("a.part_of IS NULL")
    if status is not None:
        conditions.append("a.status = :status")
    if filters.years is not None:
        conditions.append(filters.year("a.year", "a.year_end"))
    if filters.published is not None:
        conditions.append(filters.published_in("a.seed"))
    if filters.regions:
        conditions.append(filters.placed_in("a.subject"))
    if filters.exclude_doubtful:
        conditions.append(filters.trusted("a.basis"))
    if filters.sector is not None:
        conditions.append("a.subject_kind IS NOT 'region' AND " + filters.in_sector("a.subject"))
    return conditions


def investments(conn: Conn, by: str = "province", filters: Filters | None = None,
                status: str | None = None, currency: str = "CNY", include_nested: bool = False,
                cite: bool = False, mixed_total: bool = False) -> Result:
    """Investment totals (never output value or revenue): ``amounts`` of kind investment."""
    return amounts(conn, ("investment",), tuple(by.split(",")), filters, status, currency,
                   include_nested, cite, mixed_total)
