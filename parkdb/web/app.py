"""``parkdb serve``: the fact base in a web browser, on Datasette (the optional ``web`` extra).

Nothing here is a web application: it configures Datasette. The metadata (title, licence, the
articles as sources, a description of every table, view and column, which tables are hidden,
facets, full-text search) is generated from the one definition of the schema, the comments of
schema.sql (parsed by ``explore.documentation``, convention at the top of schema.sql), and from
vocabulary.csv; nothing is described twice. The canned queries run the SQL of parkdb's own queries
(canned.py) or read views of schema.sql, so that the browser and the CLI give the same totals,
each row with the fact ids and quotes behind it. The home page lists the canned queries, one
line each; templates/query.html shows a fact as a record and keeps rows of a readable height.

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
from ..queries.explore import documentation, table_columns
from ..schema import Conn, read_text
from .canned import canned_queries, home_list

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
    queries = canned_queries(conn)
    return {
        "title": "parkdb",
        "description_html": (f"<p>{html.escape(summary)}. Every number comes with the exact words "
                             "of the article it was taken from. Start with these questions:</p>"
                             f"{home_list(database, queries)}<p>The articles are:</p>"
                             f"<ul>{articles}</ul>"),
        "license": _LICENCE,
        "source": "News articles (the sources table)",
        "source_url": f"/{database}/sources",
        "databases": {database: {"tables": tables, "queries": queries}},
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
    return Datasette(immutables=[str(path)], metadata=metadata(conn, name), settings=SETTINGS,
                     template_dir=str(Path(__file__).parent / "templates"))


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
