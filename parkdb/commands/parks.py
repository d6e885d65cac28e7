"""The parks command, over queries/parks.py.
"""

from __future__ import annotations

import click

from .options import (
    FilterRequest,
    db_option,
    emit,
    filter_options,
    open_db,
    output_options,
    resolve_filters,
)


@click.command()
@filter_options("Only parks said to work in this sector.", "Only parks inside this region.")
@output_options
@db_option
def parks(filters: FilterRequest, fmt: str | None, db_path: str | None) -> None:
    """Parks, zones, new areas and clusters with region, sectors, years and seeds.

    \b
    Example:
      parkdb parks --sector food
      parkdb parks --region Hebei --year 2013-
    """
    from .. import queries

    conn = open_db(db_path)
    emit(queries.parks(conn, resolve_filters(conn, filters)), fmt)


COMMANDS = (parks,)
