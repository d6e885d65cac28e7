"""``parkdb serve``: the fact base in a web browser, on Datasette (the optional ``web`` extra).

Nothing here is a web application: it configures Datasette. The metadata (title, licence, the
articles as sources, a description of every table, view and column, which tables are hidden,
facets, full-text search) is generated from the one definition of the schema, the comments of
schema.sql (parsed by ``explore.documentation``, convention at the top of schema.sql), and from
vocabulary.csv; nothing is described twice. The canned queries run the SQL of parkdb's own queries
(``queries.money.amounts_sql``, ``queries.classes.SECTORS_SQL``) or read views of schema.sql, so that
the browser and the CLI give the same totals, each row with the fact ids and quotes behind it.

Invariant: the database is served immutable (opened read-only, never written, never watched), with
a SQL time limit, on localhost unless asked otherwise; a test checks that writes are refused.
Datasette is imported only by ``serve`` and ``datasette``: the other commands never pay for it.
Datasette is pinned to the 0.65 series: its 1.0 alphas move canned queries and facets out of the
metadata this module builds.
"""

from __future__ import annotations

import html
import importlib.util
import re
import sys
from typing import Any

from .. import vocabulary
from ..errors import ParkdbError
from ..queries.classes import SECTORS_SQL
from ..queries.common import sector_fact
from ..queries.explore import documentation, table_columns
from ..queries.money import KINDS, amounts_sql
from ..schema import Conn, read_text

INSTALL = "pip install 'parkdb[web]'  (or, in a clone: pip install '.[web]')"
# Changed from Datasette's defaults (the README's "Browse" says why): downloading the database
# file is off, because the file carries the articles' full text without the licence notes every
# page shows. The time limit is Datasette's own default, stated so that it is visibly there.
SETTINGS = {"sql_time_limit_ms": 1000, "allow_download": False}
# Columns faceted wherever a table or view has them.
FACETS = ("province", "predicate", "status", "status_class", "year", "counted")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
_FTS_CONTENT = re.compile(r"USING\s+fts\d.*?content\s*=\s*['\"\[]?(\w+)", re.IGNORECASE | re.DOTALL)
_FTS_ROWID = re.compile(r"content_rowid\s*=\s*['\"\[]?(\w+)", re.IGNORECASE)
_LICENCE = ("The curated facts are the parkdb project's; each article quoted belongs to its "
            "publisher, named with it")


def _with_quotes(sql: str) -> str:
    """A query with a fact_ids column, plus the quote of each of those facts."""
    # each id looked up by the index on fact_id (a scan of every citation per row took seconds)
    return f"""SELECT t.*, (SELECT group_concat(c.fact_id || ': “' || c.quote || '”', ' | ')
        FROM json_each('["' || replace(t.fact_ids, ' ', '","') || '"]') AS i
        JOIN citations AS c ON c.fact_id = i.value) AS quotes
FROM ({sql}) AS t"""


def _inlined(sql: str, params: dict[str, Any]) -> str:
    """``sql`` with its parameters written in as SQL literals, so that a canned query asks the
    user for none of them."""
    import re

    def literal(match: re.Match[str]) -> str:
        value = params[match.group(1)]
        if value is None:
            return "NULL"
        if isinstance(value, int | float):
            return repr(value)
        return vocabulary.sql_literal(str(value))

    return re.sub(r":(\w+)", lambda m: literal(m) if m.group(1) in params else m.group(), sql)


def canned_queries() -> dict[str, dict[str, Any]]:
    """The analysts' first questions, as Datasette canned queries (name -> title, description,
    sql); every row carries the fact ids and quotes behind it."""
    found = {}
    for by in ("province", "city", "park"):
        found[f"investment_by_{by}"] = {
            "title": f"Investment by {by} (CNY)",
            "description": f"As `parkdb investments --by {by} --cite`: investment stated in yuan, "
                           "each status class (plan, target, signed, under way, actual) its own "
                           "figure, never added; shares of a larger amount, superseded reports and "
                           "amounts an outer park holds left out (never counted twice).",
            "sql": _with_quotes(_inlined(*amounts_sql(("investment",), (by,), cite=True)))}
    found["amounts_by_kind"] = {
        "title": "Amounts by kind",
        "description": "As `parkdb amounts --by ''`: investment, output value, revenue and tax, "
                       "each kind, currency and status class apart; not_additive names amounts "
                       "whose periods overlap (no figure is given for them).",
        "sql": _with_quotes(_inlined(*amounts_sql(KINDS, (), cite=True)))}
    found["parks_by_sector"] = {
        "title": "Parks by sector",
        "description": "As `parkdb sectors`: each sector as the articles name it, with the parks "
                       "and others said to work in it.",
        "sql": _with_quotes(f"""SELECT s.*, (SELECT group_concat(fact_id, ' ') FROM facts
        WHERE {sector_fact()} AND object = s.sector) AS fact_ids
FROM ({vocabulary.expand(SECTORS_SQL)}) AS s""")}
    found["park_facts"] = {
        "title": "A park's facts",
        "description": "Every fact about a park and what belongs to it, with its quote in context "
                       "(type a park's name, e.g. Hengshui High-tech Zone).",
        "sql": """SELECT c.* FROM cited_facts AS c JOIN subjects AS s ON s.subject = c.subject
WHERE :park IN (c.subject, s.park) ORDER BY c.seed, c.start"""}
    found["fact"] = {
        "title": "A fact and its quote",
        "description": "As `parkdb cite`: one fact with its quote in the words around it.",
        "sql": "SELECT * FROM cited_facts WHERE fact_id = :fact_id"}
    # An analyst opens a question for its answer: the SQL is one click away ("show").
    return {name: {**query, "hide_sql": True} for name, query in found.items()}


def _meaning(name: str, column: str, described: dict[str, Any], glossary: dict[str, str]) -> str:
    own = described[name].columns if name in described else {}
    meaning = own.get(column) or glossary.get(column, "")
    terms = vocabulary.terms(column)
    if meaning and terms:
        meaning += " (one of: " + ", ".join(terms) + ")"
    return meaning


def metadata(conn: Conn, database: str, schema_text: str | None = None) -> dict[str, Any]:
    """Datasette metadata for the database (served under the name ``database``), generated from
    schema.sql's comments and vocabulary.csv."""
    described, glossary = documentation(schema_text or read_text())
    sources = conn.execute("SELECT seed, title, publisher, published FROM sources ORDER BY seed")
    articles = "".join(
        f"<li>{html.escape(title or seed)} ({html.escape(publisher or 'publisher unknown')}, "
        f"{html.escape(published or 'undated')})</li>" for seed, title, publisher, published in sources)
    tables: dict[str, Any] = {}
    shown = table_columns(conn)
    for name, columns in shown.items():
        about = described.get(name)
        table: dict[str, Any] = {
            "description": about.text if about else "",
            "columns": {c: _meaning(name, c, described, glossary) for c in columns},
        }
        facets = [c for c in FACETS if c in columns]
        if about is not None and about.internal:
            table["hidden"] = True
        elif facets:
            table["facets"] = facets
        tables[name] = table
    # Full-text indexes: searched from the table they index, hidden themselves with their shadows.
    for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"):
        content = _FTS_CONTENT.search(sql or "")
        if content:
            rowid = _FTS_ROWID.search(sql)
            tables.setdefault(content.group(1), {}).update(
                {"fts_table": name, "fts_pk": rowid.group(1) if rowid else "rowid"})
            tables.setdefault(name, {})["hidden"] = True
        elif name not in shown:
            tables[name] = {"hidden": True}
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import metadata as package

    try:
        summary = package("parkdb")["Summary"]
    except PackageNotFoundError:  # run from a source tree without being installed
        summary = "A cited fact base of Chinese industrial parks and regional investment"
    return {
        "title": "parkdb",
        "description_html": (f"<p>{html.escape(summary)}. Every number comes with the exact words "
                             "of the article it was taken from. Start with the queries below; "
                             f"the articles are:</p><ul>{articles}</ul>"),
        "license": _LICENCE,
        "source": "News articles (the sources table)",
        "source_url": f"/{database}/sources",
        "databases": {database: {"tables": tables, "queries": canned_queries()}},
    }


def require_datasette() -> None:
    """Raises ParkdbError, saying how to install it, when Datasette is not installed."""
    if importlib.util.find_spec("datasette") is None:
        raise ParkdbError(f"parkdb serve needs Datasette, which is not installed: {INSTALL}")


def datasette(conn: Conn, path: str) -> Any:
    """A Datasette serving the database at ``path`` immutable, with parkdb's metadata and
    settings."""
    require_datasette()
    from pathlib import Path

    from datasette.app import Datasette

    from . import guard
    from . import links as web_links

    web_links.register()
    guard.register()
    name = Path(path).stem
    return Datasette(immutables=[str(path)], metadata=metadata(conn, name), settings=SETTINGS)


def serve(conn: Conn, path: str, host: str = "127.0.0.1", port: int = 8001,
          open_browser: bool = False) -> None:
    """Serve the database until interrupted; raises ParkdbError without Datasette."""
    ds = datasette(conn, path)
    import uvicorn

    if host not in LOCAL_HOSTS:
        sys.stderr.write(f"parkdb: warning: serving on {host}: anyone who can reach this machine "
                         f"on port {port} can browse the fact base\n")
    url = f"http://{'localhost' if host in ('0.0.0.0', '::') else host}:{port}/"
    sys.stderr.write(f"parkdb: serving {path} at {url} (Ctrl-C stops)\n")
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")
