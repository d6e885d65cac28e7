"""What the database holds: schema and tables, over queries/explore.py.
"""

from __future__ import annotations

import click

from .options import (
    db_option,
    emit,
    open_db,
    output_options,
)


@click.command()
@click.argument("table", required=False)
@output_options
@db_option
def schema(table: str | None, fmt: str | None, db_path: str | None) -> None:
    """Tables and views with their columns and what they hold; with TABLE, its columns and types.

    \b
    Example:
      parkdb schema
      parkdb schema amounts_usd
    """
    from ..queries.explore import schema as describe
    from ..schema import read_text

    emit(describe(open_db(db_path), read_text(), table), fmt)


@click.command()
@click.option("--counts", is_flag=True, help="Add the number of rows of each.")
@click.option("--views", is_flag=True, help="Include the views.")
@output_options
@db_option
def tables(counts: bool, views: bool, fmt: str | None, db_path: str | None) -> None:
    """The tables of the database (with --views, the views too).

    \b
    Example:
      parkdb tables --counts
    """
    from ..queries.explore import tables as list_tables

    emit(list_tables(open_db(db_path), counts, views), fmt)


COMMANDS = (schema, tables)
