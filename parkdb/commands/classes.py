"""The sectors command (sectors as industry classes), over queries/classes.py.
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
@click.option("--flat", is_flag=True, help="One row per written sector, with its classes.")
@click.option("--chart", is_flag=True, help="Draw fact counts as a bar chart (implies --flat).")
@output_options
@db_option
def sectors(flat: bool, chart: bool, fmt: str | None, db_path: str | None) -> None:
    """The sectors as a tree of classes (section > division > written sector) with their parks,
    other subjects and fact counts.

    \b
    Example:
      parkdb sectors
      parkdb sectors --flat --csv
    """
    from .. import queries

    conn = open_db(db_path)
    emit(queries.sectors_flat(conn) if flat or chart else queries.sector_tree(conn), fmt, chart)


COMMANDS = (sectors,)
