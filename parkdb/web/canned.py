"""The canned queries of ``parkdb serve``: the analysts' first questions, each the SQL of the CLI
command it names, so that the browser and the terminal give the same answers (tests/test_web.py
compares every one with its command).

The database is served immutable, so what a page needs to know about its answer is worked out
once, here, from the answer itself: which status classes hold money (the HTML hides the columns
of the others, as the CLI's table does; JSON and CSV keep every column), and which written sectors
each analysts' short name (food, electronics) takes in.
"""

from __future__ import annotations

import re
from typing import Any

from .. import vocabulary
from ..queries.classes import SECTORS_SQL, resolve_sector
from ..queries.common import sector_fact
from ..queries.money import KINDS, amounts, amounts_sql
from ..schema import Conn

# Columns of a totals row the HTML always shows, beside the CLI table's default ones.
_SHOWN = ("currency", "facts", "approximate", "doubtful", "quotes")


def _with_quotes(sql: str) -> str:
    """A query with a fact_ids column, plus the quote of each of those facts."""
    # each id looked up by the index on fact_id (a scan of every citation per row took seconds).
    # fact_ids is the ids joined by spaces, and an id holds no space (build/rules.py) but may hold
    # any other printable character, " and \ too: json_quote escapes them, and as it writes a
    # space as itself, putting '","' for each space splits the JSON string into a JSON list of
    # exactly the ids.
    return f"""SELECT t.*, (SELECT group_concat(c.fact_id || ': “' || c.quote || '”', ' | ')
        FROM json_each('[' || replace(json_quote(t.fact_ids), ' ', '","') || ']') AS i
        JOIN citations AS c ON c.fact_id = i.value) AS quotes
FROM ({sql}) AS t"""


def _inlined(sql: str, params: dict[str, Any]) -> str:
    """``sql`` with its parameters written in as SQL literals, so that a canned query asks the
    user for none of them."""

    def literal(match: re.Match[str]) -> str:
        value = params[match.group(1)]
        if value is None:
            return "NULL"
        if isinstance(value, int | float):
            return repr(value)
        return vocabulary.sql_literal(str(value))

    return re.sub(r":(\w+)", lambda m: literal(m) if m.group(1) in params else m.group(), sql)


def _totals(conn: Conn, kinds: tuple[str, ...], by: tuple[str, ...]) -> dict[str, Any]:
    """A totals query as the CLI runs it with --cite, and the columns its HTML leaves out."""
    sql = _with_quotes(_inlined(*amounts_sql(kinds, by, cite=True)))
    shown = amounts(conn, kinds, by, cite=True).default_columns
    columns = [d[0] for d in conn.execute(f"SELECT * FROM ({sql}) LIMIT 0").description]
    # a page is wider than a terminal but holds the quotes too: each class's fact count goes
    # (the ids and quotes say which facts; facts counts them all)
    return {"sql": sql, "parkdb_hidden": [c for c in columns if c.endswith("_facts")
                                          or (c not in shown and c not in _SHOWN)]}


def _sector_groups(conn: Conn) -> str:
    """Each analysts' short name with the written sectors it takes in, as SQL VALUES."""
    names = [n for (n,) in conn.execute("SELECT DISTINCT name FROM sector_names ORDER BY name")]
    pairs = [(name, sector) for name in names for sector in resolve_sector(conn, name).sectors]
    return ", ".join(f"({vocabulary.sql_literal(n)}, {vocabulary.sql_literal(s)})"
                     for n, s in pairs) or "(NULL, NULL)"


def canned_queries(conn: Conn) -> dict[str, dict[str, Any]]:
    """The analysts' first questions, as Datasette canned queries (name -> title, description,
    sql); every total carries the fact ids and quotes behind it. The first sentence of each
    description is its line on the home page."""
    found: dict[str, dict[str, Any]] = {}
    for by in ("province", "city", "park"):
        found[f"investment_by_{by}"] = {
            "title": f"Investment by {by} (CNY)",
            "description": f"How much investment each {by} has, planned, signed or done. As "
                           f"`parkdb investments --by {by} --cite`: investment stated in yuan, "
                           "each status class (plan, target, signed, under way, actual) its own "
                           "figure, never added; shares of a larger amount, superseded reports and "
                           "amounts an outer park holds left out (never counted twice).",
            **_totals(conn, ("investment",), (by,))}
    found["amounts_by_kind"] = {
        "title": "Amounts by kind",
        "description": "Investment, output value, revenue and tax in all, each kind apart. As "
                       "`parkdb amounts --by ''`: each kind, currency and status class apart; "
                       "not_additive names amounts whose periods overlap (no figure is given).",
        **_totals(conn, KINDS, ())}
    found["parks_by_sector_group"] = _parks_by_sector_group(conn)
    found["parks_by_sector"] = {
        "title": "Parks by sector as written",
        "description": "Each sector in the articles' own words, with the parks and others said "
                       "to work in it. As `parkdb sectors --flat`.",
        "sql": _with_quotes(f"""SELECT s.*, (SELECT group_concat(fact_id, ' ') FROM facts
        WHERE {sector_fact()} AND object = s.sector) AS fact_ids
FROM ({vocabulary.expand(SECTORS_SQL)}) AS s""")}
    found["park_facts"] = {
        "title": "A park's facts",
        "description": "Every fact about a park and what belongs to it, with its quote in "
                       "context. As `parkdb facts --subject`; type a park's name, e.g. Hengshui "
                       "Industrial New Area or Chengde High-tech Zone.",
        "sql": """SELECT c.fact_id, c.subject, c.predicate, c.object, c.value, c.unit, c.period,
       c.status, c.basis, c.context, c.seed
FROM cited_facts AS c JOIN subjects AS s ON s.subject = c.subject
WHERE :park IN (c.subject, s.park) ORDER BY c.seed, c.start"""}
    found["fact"] = {
        "title": "A fact and its quote",
        "description": "One fact with its note, basis and period, and its quote in its "
                       "paragraph. As `parkdb cite`; type a fact id, e.g. F003-23.",
        "sql": "SELECT * FROM cited_facts WHERE fact_id = :fact_id",
        # the record shows the quote in its paragraph (context is for JSON and CSV), the value
        # with its unit, the period
        "parkdb_hidden": ["context", "unit", "year"]}
    # An analyst opens a question for its answer: the SQL is one click away ("show").
    return {name: {**query, "hide_sql": True} for name, query in found.items()}


def _parks_by_sector_group(conn: Conn) -> dict[str, Any]:
    """Parks by the analysts' short sector names, as ``parkdb parks --sector NAME``."""
    sql = f"""WITH grouped (sector_group, sector) AS (VALUES {_sector_groups(conn)})
SELECT g.sector_group, p.park, p.city, p.province,
       (SELECT group_concat(object, '; ') FROM (SELECT DISTINCT object FROM facts
            WHERE subject = p.park AND {sector_fact()} AND object IN (SELECT sector
                FROM grouped WHERE sector_group = g.sector_group) ORDER BY object))
            AS matching_sectors,
       (SELECT group_concat(fact_id, ' ') FROM facts WHERE subject = p.park
            AND {sector_fact()} AND object IN (SELECT sector FROM grouped
                WHERE sector_group = g.sector_group)) AS fact_ids
FROM grouped AS g JOIN facts AS f ON f.object = g.sector AND {sector_fact('f')}
JOIN parks AS p ON p.park = f.subject
GROUP BY g.sector_group, p.park ORDER BY g.sector_group, p.province, p.city, p.park"""
    return {"title": "Parks by sector group (food, electronics, ...)",
            "description": "Which parks work in food, electronics, pharmaceuticals and the "
                           "other sector groups. As `parkdb parks --sector food`: a group takes "
                           "in every sector the articles write that lies in its industry "
                           "classes (green food is food).",
            "sql": vocabulary.expand(sql)}


def home_list(database: str, queries: dict[str, dict[str, Any]]) -> str:
    """The home page's list of the canned queries: a link and one line each (HTML)."""
    import html

    items = "".join(
        f'<li><a href="/{html.escape(database)}/{name}">{html.escape(q["title"])}</a>: '
        f'{html.escape(q["description"].split(". ")[0].rstrip("."))}.</li>'
        for name, q in queries.items())
    return f"<ul>{items}</ul>"
