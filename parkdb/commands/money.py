"""The money commands: amounts and investments, over queries/money.py.

They share their options (``money_options``); a --sector or --by sector, and --include-nested,
say on stderr how they count.
"""

from __future__ import annotations

from typing import Any

import click

from .options import (
    CommaChoice,
    FilterRequest,
    TermChoice,
    db_option,
    emit,
    filter_options,
    note,
    open_db,
    output_options,
    resolve_filters,
)

# The dimensions, kinds and statuses come from the vocabulary when first needed (not from
# queries.money, whose import would cost every command's start-up; queries.money.DIMENSIONS spells
# the SQL of each dimension, and a test keeps the two in step).
DIMENSIONS = CommaChoice("dimension")


KINDS = CommaChoice("predicate", "money")


STATUS = TermChoice("status")


CURRENCY = TermChoice("unit", "money")


def _attribution(by: tuple[str, ...], found: Any, include_nested: bool) -> None:
    """Say on stderr how amounts are put under sectors (a table's title may be shortened), and
    that --include-nested counts a share together with its whole."""
    from ..queries.money import SECTOR_NOTE

    if "sector" in by or found.sector is not None:
        note(SECTOR_NOTE)
    if include_nested:
        note("with --include-nested a share (part_of) counts beside the amount it is part of: "
             "those totals count it twice")


def _charted(chart: bool, fmt: str | None) -> bool:
    """Whether a chart is drawn: then each status class is a bar of its own (one row per class)."""
    return chart and fmt in (None, "table")


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
        click.option("--mixed-total", is_flag=True, help="Also add the status classes together "
                     "into one figure, mixed_total (plans, targets and results in one number)."),
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
def amounts(kinds: tuple[str, ...] | None, by: tuple[str, ...], filters: FilterRequest,
            status: str | None, currency: str, include_nested: bool, cite: bool,
            mixed_total: bool, chart: bool, fmt: str | None,
            db_path: str | None) -> None:
    """Totals of investment, output value, revenue and tax, each kind apart and each status
    class (plan, target, signed, under way, actual, unstated) its own figure, never added.

    \b
    Example:
      parkdb amounts --kind output_value --by province
      parkdb amounts --by province,year --status actual --cite
    """
    from .. import queries

    conn = open_db(db_path)
    found = resolve_filters(conn, filters)
    _attribution(by, found, include_nested)
    emit(queries.amounts(conn, kinds or KINDS.choices, by, found, status, currency,
                         include_nested, cite, mixed_total, _charted(chart, fmt)), fmt, chart)


@click.command()
@click.option("--by", type=DIMENSIONS, default="province", show_default=True,
              help="Group by one or more dimensions, comma-separated.")
@money_options
def investments(by: tuple[str, ...], filters: FilterRequest, status: str | None, currency: str,
                include_nested: bool, cite: bool, mixed_total: bool, chart: bool,
                fmt: str | None, db_path: str | None) -> None:
    """Investment totals (never output value or revenue): amounts --kind investment.

    \b
    Example:
      parkdb investments --by province
      parkdb investments --region Beijing-Tianjin-Hebei --by county
    """
    from .. import queries

    conn = open_db(db_path)
    found = resolve_filters(conn, filters)
    _attribution(by, found, include_nested)
    emit(queries.amounts(conn, ("investment",), by, found, status, currency, include_nested,
                         cite, mixed_total, _charted(chart, fmt)), fmt, chart)


COMMANDS = (amounts, investments)
