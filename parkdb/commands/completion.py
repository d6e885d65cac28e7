"""Shell completion of values (sectors, regions, seeds, subjects (parks, companies, regions), fact ids, predicates).

click's own completion (``_PARKDB_COMPLETE=bash_source parkdb``) calls ``complete`` for an option
or argument being completed. Values are read straight from the database file with one small
query, never building or rebuilding it: completion must answer within a keystroke, and offers
nothing when there is no database yet. The queries live here rather than in queries/ because they
serve the shell, not an analyst's question, and must run on a bare sqlite3 connection.
"""

from __future__ import annotations

import os
from typing import Any

# kind -> a query for the values starting with :prefix (case-insensitive for ASCII, as LIKE is).
VALUES = {
    # a sector as written, or an analysts' short name (pharmaceuticals, electronics)
    "sector": "SELECT DISTINCT object FROM facts WHERE predicate = 'sector'"
              " AND object LIKE :prefix ESCAPE '\\' UNION"
              " SELECT name FROM sector_names WHERE name LIKE :prefix ESCAPE '\\' ORDER BY 1",
    # a region's name or one of its aliases (Greater Bay Area)
    "region": "WITH RECURSIVE split (word, rest) AS (SELECT '', aliases || ';' FROM regions"
              " WHERE aliases IS NOT NULL UNION ALL SELECT trim(substr(rest, 1, instr(rest, ';')"
              " - 1)), substr(rest, instr(rest, ';') + 1) FROM split WHERE rest <> '')"
              " SELECT name FROM regions WHERE name LIKE :prefix ESCAPE '\\' UNION"
              " SELECT word FROM split WHERE word <> '' AND word LIKE :prefix ESCAPE '\\'"
              " ORDER BY 1",
    "seed": "SELECT seed FROM sources WHERE seed LIKE :prefix ESCAPE '\\' ORDER BY 1",
    "subject": "SELECT name FROM entities WHERE name LIKE :prefix ESCAPE '\\' UNION"
               " SELECT name FROM regions WHERE name LIKE :prefix ESCAPE '\\' ORDER BY 1",
    "fact": "SELECT fact_id FROM facts WHERE fact_id LIKE :prefix ESCAPE '\\'"
            " ORDER BY fact_id LIMIT 500",
    "predicate": "SELECT DISTINCT predicate FROM facts WHERE predicate LIKE :prefix ESCAPE '\\'"
                 " ORDER BY 1",
}


def database_file(params: dict[str, Any]) -> str:
    """The database the command line being completed would use (without building it)."""
    from ..resources import default_db_file

    return str(params.get("db_path") or os.environ.get("PARKDB_DB") or default_db_file())


def values(path: str, kind: str, prefix: str) -> list[str]:
    """The ``kind`` values in the database at ``path`` that start with ``prefix``; [] if none
    can be read."""
    import sqlite3

    from ..resources import read_only_uri

    if not os.path.isfile(path):
        return []
    like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            return [str(row[0]) for row in conn.execute(VALUES[kind], {"prefix": like})]
        finally:
            conn.close()
    except sqlite3.Error:
        return []


def complete(kind: str, ctx: Any, incomplete: str) -> list[Any]:
    """click shell_complete callback: CompletionItems for the values starting with ``incomplete``."""
    from click.shell_completion import CompletionItem

    found = values(database_file(ctx.params), kind, incomplete)
    if os.environ.get("_PARKDB_COMPLETE", "").startswith("bash"):
        # bash inserts a candidate as it is: spaces, commas and quotes must come escaped (zsh and
        # fish escape what they insert themselves)
        found = [_bash_escaped(value) for value in found]
    return [CompletionItem(value) for value in found]


def _bash_escaped(value: str) -> str:
    import re

    return re.sub(r"([^\w./:@%+=-])", r"\\\1", value)
