"""Money questions: totals of one kind of amount, grouped by region level or park.

Kinds are never added together, nor are yuan and dollars; amounts that are a share of a larger one
(part_of) are left out unless asked for, so that nothing is counted twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..result import Result, from_cursor
from .common import Conn

GROUP_COLUMNS = {"province": "province", "city": "city", "county": "county", "park": "park"}
CURRENCIES = ("CNY", "USD")
# The filters investments() may add, by name; each binds the parameters it names.
_FILTERS = {
    "status": "status = :status",
    "years": "year BETWEEN :year_from AND :year_to",
    "region": "region IN (SELECT region FROM region_ancestors WHERE ancestor = :region)",
    "sector": """EXISTS (SELECT 1 FROM facts AS s WHERE s.predicate = 'sector'
               AND s.object = :sector AND s.subject IN (a.subject, a.park))""",
}

def investments(conn: Conn, by: str = "province",
                years: tuple[int, int] | None = None, sector: str | None = None,
                region: str | None = None, status: str | None = None, currency: str = "CNY",
                include_nested: bool = False, cite: bool = False) -> Result:
    """Investment totals (never output value or revenue) grouped by province, city, county or park.

    Amounts that are a share of a larger one (part_of) are left out unless ``include_nested``.
    In CNY, only amounts stated in yuan are summed; in USD, every amount is taken in dollars (see
    the amounts_usd view), and the rows say how many were converted and at which rates.
    """
    params: dict[str, Any] = {
        "status": status, "region": region, "sector": sector,
        "year_from": years[0] if years else None, "year_to": years[1] if years else None,
    }
    filters = [name for name, value in (("status", status), ("years", years), ("region", region),
                                         ("sector", sector)) if value is not None]
    sql = investment_sql(by, currency, filters, include_nested, cite)
    return from_cursor(conn.execute(sql, params), units={"total": "currency"}, chart="total",
                       label=by, title=f"Investment by {by} ({currency})",
                       lists={"fact_ids": " ", "seeds": ",", "conversion": "; "})


def investment_sql(by: str = "province", currency: str = "CNY", filters: Sequence[str] = (),
                   include_nested: bool = False, cite: bool = False) -> str:
    """The statement investments() runs (parkdb serve's canned queries run it too); ``filters``
    names the _FILTERS to apply, whose parameters the caller binds. Raises KeyError for an unknown
    ``by``, currency or filter."""
    group = GROUP_COLUMNS[by]
    if currency not in CURRENCIES:
        raise KeyError(currency)
    # Only the filters asked for go into the WHERE clause, so that the common question runs the
    # same plain SQL one would write by hand (a NULL-parameter test still costs per row).
    conditions = ["predicate = 'investment'"]
    if not include_nested:
        conditions.append("part_of IS NULL")
    conditions += [_FILTERS[name] for name in filters]
    where = "WHERE " + "\n          AND ".join(conditions)
    cited = (", group_concat(fact_id, ' ') AS fact_ids, group_concat(DISTINCT seed) AS seeds"
             if cite else "")
    if currency == "USD":
        return f"""
            SELECT {group} AS {by}, round(sum(usd), 2) AS total, 'USD' AS currency, count(*) AS facts,
                   count(qualifier) AS approximate,
                   count(CASE WHEN usd_basis <> 'stated' THEN 1 END) AS converted,
                   group_concat(CASE WHEN usd_basis <> 'stated' THEN fact_id || ' at '
                       || printf('%.4f', rate) || ' CNY/USD (' || usd_source || ')' END, '; ')
                       AS conversion,
                   count(*) - count(usd) AS unconverted{cited}
            FROM amounts_usd AS a {where}
            GROUP BY 1 ORDER BY total DESC NULLS LAST, 1"""
    return f"""
            SELECT {group} AS {by}, sum(value) AS total, currency, count(*) AS facts,
                   count(qualifier) AS approximate{cited}
            FROM amounts AS a {where} AND currency = 'CNY'
            GROUP BY 1, 3 ORDER BY total DESC, 1"""
