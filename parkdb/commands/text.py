"""Text questions: search and sql, over queries/text.py.
"""

from __future__ import annotations

import click

from .options import (
    NAME,
    TEXT,
    db_option,
    emit,
    finite,
    open_db,
    output_options,
)


@click.command()
@click.argument("text", nargs=-1, required=True)
@output_options
@db_option
def search(text: tuple[str, ...], fmt: str | None, db_path: str | None) -> None:
    """Full-text search of the articles: each matching paragraph with a snippet around the
    match and the facts whose quotes hold it (20 paragraphs unless --limit says).

    The query language is SQLite FTS5's (a query it cannot read is an error that says so):

    \b
      parkdb search rubber gears          both words, anywhere in a paragraph
      parkdb search '"12 billion"'        a phrase; one argument with spaces is one too
      parkdb search "12 billion"          (the shell drops the quotes: still a phrase)
      parkdb search 'rubb*'               words that start with rubb
      parkdb search 'rubber OR gears'     either; also AND, and NOT: 'rubber NOT gears'
      parkdb search 'NEAR(rubber gears, 5)'   both within 5 words of each other

    A word the articles glue to others (BeijingTianjinHebei) is found by its parts (Tianjin):
    those paragraphs come after the ones holding the word on its own.
    """
    from .. import queries

    emit(queries.search(open_db(db_path), text), fmt, default_limit=20)


@click.command()
@click.argument("statement", type=NAME)
@click.option("-p", "--param", "params", type=(TEXT, TEXT), multiple=True, metavar="NAME VALUE",
              help="Bind :NAME to VALUE, a number if it reads as one (NAME:text keeps text).")
@click.option("--timeout", type=click.FloatRange(min=0), default=30.0, show_default=True,
              callback=finite,
              envvar="PARKDB_TIMEOUT", help="Stop the query after SECONDS (env PARKDB_TIMEOUT); "
              "0: no limit.")
@output_options
@db_option
def sql(statement: str, params: tuple[tuple[str, str], ...], timeout: float, fmt: str | None,
        db_path: str | None) -> None:
    """Run one read-only statement: SELECT, WITH, EXPLAIN QUERY PLAN or a reading PRAGMA
    (pragma_table_info(...) too); writes, VACUUM, ATTACH and extensions are refused.

    \b
    Example:
      parkdb sql "SELECT count(*) FROM facts WHERE value > :v" -p v 1000000000
      parkdb sql "SELECT * FROM facts WHERE fact_id = :id" -p id:text F000-04
    """
    from .. import queries
    from ..queries.explore import typed_params

    conn = open_db(db_path)
    conn.timeout = timeout or None
    emit(queries.sql(conn, statement, typed_params(params)), fmt)


COMMANDS = (search, sql)
