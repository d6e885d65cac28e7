"""The show command: one page per park, company or region, over queries/pages.py.
"""

from __future__ import annotations

import click

from .options import (
    NAME,
    complete_with,
    db_option,
    emit,
    open_db,
    output_options,
)


@click.command()
@click.argument("name", type=NAME, shell_complete=complete_with("subject"))
@output_options
@db_option
def show(name: str, fmt: str | None, db_path: str | None) -> None:
    """Everything known about one park, company or region, each line with its fact id.

    NAME may be part of a name (Yungang); an unknown name suggests the closest.

    \b
    Example:
      parkdb show "Chengde High-tech Zone"
      parkdb show Yungang --json
    """
    from .. import queries

    conn = open_db(db_path)
    emit(queries.page(conn, queries.find_subject(conn, name)), fmt)


COMMANDS = (show,)
