"""The analysts' commands: amounts, investments, parks, sectors, companies and show.

Each body opens the database, resolves what the user typed through queries (sectors and regions
resolved once, in ``queries.filters``), says on stderr what a --sector matched, and renders. cli.py
adds these commands to the group; they share their filter options (options.filter_options).
"""

from __future__ import annotations

from typing import Any

import click

from .options import (
    NAME,
    CommaChoice,
    TermChoice,
    complete_with,
    db_option,
    emit,
    filter_options,
    note,
    open_db,
    output_options,
    output_setting,
)

# The dimensions, kinds and statuses come from the vocabulary when first needed (not from
# queries.money, whose import would cost every command's start-up; queries.money.DIMENSIONS spells
# the SQL of each dimension, and a test keeps the two in step).
DIMENSIONS = CommaChoice("dimension")
KINDS = CommaChoice("predicate", "money")
STATUS = TermChoice("status")
CURRENCY = click.Choice(["CNY", "USD"])


def resolve_filters(conn: Any, years: tuple[int, int] | None,
                    published: tuple[int, int] | None,
                    sector: str | None, regions: tuple[str, ...]) -> Any:
    """The resolved filters; what a --sector matched goes to stderr."""
    from .. import queries

    found = queries.filters(conn, years, published, sector, regions,
                            output_setting("exclude_doubtful") or False)
    if found.sector is not None:
        note(found.sector.describe())
    return found


def _attribution(by: tuple[str, ...], found: Any, include_nested: bool) -> None:
    """Say on stderr how amounts are put under sectors (a table's title may be shortened), and
    that --include-nested counts a share together with its whole."""
    from ..queries.money import SECTOR_NOTE

    if "sector" in by or found.sector is not None:
        note(SECTOR_NOTE)
    if include_nested:
        note("with --include-nested a share (part_of) counts beside the amount it is part of: "
             "those totals count it twice")


def money_options(function: Any) -> Any:
    """The options amounts and investments share."""
    for decorator in reversed([
        filter_options("Only amounts of parks, projects and companies in this sector.",
                       "Only amounts inside this region."),
        click.option("--status", type=STATUS, help="Only amounts with this status."),
        click.option("--currency", type=CURRENCY, default="CNY", show_default=True,
                     help="CNY: amounts stated in yuan. USD: every amount in dollars, "
                     "conversions flagged."),
        click.option("--include-nested", is_flag=True, help="Also count amounts that are a "
                     "share of a larger one (counted twice!)."),
        click.option("--cite", is_flag=True, help="Add the fact ids and seeds behind each row."),
        click.option("--chart", is_flag=True, help="Draw the totals as a bar chart."),
        output_options, db_option,
    ]):
        function = decorator(function)
    return function


@click.command()
@click.option("--kind", "kinds", type=KINDS, help="Kinds of amount, comma-separated (default: "
              "all); each is totalled apart, never added to another.")
@click.option("--by", type=DIMENSIONS, default="province", show_default=True,
              help="Group by one or more dimensions, comma-separated.")
@money_options
def amounts(kinds: tuple[str, ...] | None, by: tuple[str, ...], years: Any, published: Any,
            sector: str | None, regions: tuple[str, ...], status: str | None, currency: str,
            include_nested: bool, cite: bool, chart: bool, fmt: str | None,
            db_path: str | None) -> None:
    """Totals of investment, output value and revenue, each kind apart, with how many amounts
    are plans, targets, signed, under way or actual.

    \b
    Example:
      parkdb amounts --kind output_value --by province
      parkdb amounts --by province,year --status actual --cite
    """
    from .. import queries

    conn = open_db(db_path)
    found = resolve_filters(conn, years, published, sector, regions)
    _attribution(by, found, include_nested)
    emit(queries.amounts(conn, kinds or KINDS.choices, by, found, status, currency,
                         include_nested, cite), fmt, chart)


@click.command()
@click.option("--by", type=DIMENSIONS, default="province", show_default=True,
              help="Group by one or more dimensions, comma-separated.")
@money_options
def investments(by: tuple[str, ...], years: Any, published: Any, sector: str | None,
                regions: tuple[str, ...], status: str | None, currency: str,
                include_nested: bool, cite: bool, chart: bool, fmt: str | None,
                db_path: str | None) -> None:
    """Investment totals (never output value or revenue): amounts --kind investment.

    \b
    Example:
      parkdb investments --by province
      parkdb investments --region Beijing-Tianjin-Hebei --by county
    """
    from .. import queries

    conn = open_db(db_path)
    found = resolve_filters(conn, years, published, sector, regions)
    _attribution(by, found, include_nested)
    emit(queries.amounts(conn, ("investment",), by, found, status, currency, include_nested,
                         cite), fmt, chart)


@click.command()
@filter_options("Only parks said to work in this sector.", "Only parks inside this region.")
@output_options
@db_option
def parks(years: Any, published: Any, sector: str | None, regions: tuple[str, ...],
          fmt: str | None, db_path: str | None) -> None:
    """Parks, zones, new areas and clusters with region, sectors, years and seeds.

    \b
    Example:
      parkdb parks --sector food
      parkdb parks --region Hebei --year 2013-
    """
    from .. import queries

    conn = open_db(db_path)
    emit(queries.parks(conn, resolve_filters(conn, years, published, sector, regions)), fmt)


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


@click.command()
@filter_options("Only companies and institutions in this sector.",
                "Only companies and institutions inside this region.", years=False)
@click.option("--park", type=NAME, shell_complete=complete_with("subject"),
              help="Only those in or hosted by this park.")
@output_options
@db_option
def companies(published: Any, sector: str | None, regions: tuple[str, ...], park: str | None,
              fmt: str | None, db_path: str | None) -> None:
    """Companies and institutions: where they are, in which park, their sectors and the facts
    behind each.

    \b
    Example:
      parkdb companies --sector food
      parkdb companies --park "Chengde High-tech Zone"
    """
    from .. import queries

    conn = open_db(db_path)
    found = resolve_filters(conn, None, published, sector, regions)
    emit(queries.companies(conn, found, queries.resolve_subject(conn, park) if park else None),
         fmt)


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


COMMANDS = (amounts, investments, parks, sectors, companies, show)
