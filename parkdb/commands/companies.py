"""The companies command, over queries/companies.py.
"""

from __future__ import annotations

import click

from .options import (
    NAME,
    FilterRequest,
    complete_with,
    db_option,
    emit,
    filter_options,
    open_db,
    output_options,
    resolve_filters,
)


@click.command()
@filter_options("Only companies and institutions in this sector.",
                "Only companies and institutions inside this region.", years=False)
@click.option("--park", type=NAME, shell_complete=complete_with("subject"),
              help="Only those in or hosted by this park.")
@output_options
@db_option
def companies(filters: FilterRequest, park: str | None, fmt: str | None,
              db_path: str | None) -> None:
    """Companies and institutions: where they are, in which park, their sectors and the facts
    behind each.

    \b
    Example:
      parkdb companies --sector food
      parkdb companies --park "Chengde High-tech Zone"
    """
    from .. import queries

    conn = open_db(db_path)
    found = resolve_filters(conn, filters)
    emit(queries.companies(conn, found, queries.resolve_subject(conn, park) if park else None),
         fmt)


COMMANDS = (companies,)
