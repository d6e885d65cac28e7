"""The parkdb command line: parse options, call the library, render the Result.

Every command is a few lines. Options shared by all commands (``--format`` and its shortcuts,
``--db``) are defined once, in ``output_options`` and ``db_option``. ``ParkdbGroup.invoke`` is the
one place where a ParkdbError becomes a message on stderr and exit status 1, where a closed pipe
(``| head``) ends quietly with status 0, and where Ctrl-C ends with status 130.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from . import __version__
from .commands import analysis as commands
from .commands import data as data_commands
from .commands.options import (
    NAME,
    complete_with,
    db_option,
    emit,
    filter_options,
    finite,
    help_width,
    open_db,
    output_options,
    output_setting,
)
from .errors import ParkdbError


class ParkdbGroup(click.Group):
    """A click group that turns parkdb's foreseeable failures into messages and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ParkdbError as exc:
            click.echo(f"parkdb: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            _silence_stdout()
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("parkdb: interrupted", err=True)
            ctx.exit(130)


def _silence_stdout() -> None:
    """After the reader of a pipe went away, send what is left to /dev/null (no traceback)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


@click.group(cls=ParkdbGroup, context_settings={"help_option_names": ["-h", "--help"],
                                                "terminal_width": help_width()},
             epilog="""\b
Examples:
  parkdb investments --by province
  parkdb amounts --kind output_value --by province
  parkdb parks --sector food
  parkdb show "Chengde High-tech Zone"
  parkdb cite F000-04
  parkdb sql "SELECT subject, value FROM facts WHERE predicate = :p" -p p area""")
@click.version_option(__version__, prog_name="parkdb")
def cli() -> None:
    """Query a cited fact base of Chinese industrial parks and regional investment.

    Every number comes with the exact words of the article it was taken from.
    """


@cli.command()
@click.option("--seed", type=NAME, help="Only facts from this seed (file name or unique prefix, e.g. 003).",
              shell_complete=complete_with("seed"))
@click.option("--predicate", type=NAME, help="Only facts with this predicate, e.g. investment.",
              shell_complete=complete_with("predicate"))
@click.option("--subject", type=NAME, help="Only facts about this park, company or region.",
              shell_complete=complete_with("subject"))
@filter_options("Only facts about subjects in this sector.",
                "Only facts about subjects inside this region.")
@output_options
@db_option
def facts(seed: str | None, predicate: str | None, subject: str | None, years: Any,
          published: Any, sector: str | None, regions: tuple[str, ...], fmt: str | None,
          db_path: str | None) -> None:
    """The facts, every column of data/facts.csv (with --format csv: the export).

    \b
    Example:
      parkdb facts --predicate investment --format csv > investments.csv
    """
    from . import queries

    conn = open_db(db_path)
    seed = queries.resolve_seed(conn, seed) if seed else None
    predicate = queries.resolve_predicate(conn, predicate) if predicate else None
    subject = queries.resolve_subject(conn, subject) if subject else None
    found = commands.resolve_filters(conn, years, published, sector, regions)
    emit(queries.facts(conn, seed=seed, predicate=predicate, subject=subject, filters=found),
         fmt)


@cli.command()
@output_options
@db_option
def sources(fmt: str | None, db_path: str | None) -> None:
    """The articles: file, title, publisher, date and number of facts.

    \b
    Example:
      parkdb sources
    """
    from . import queries

    emit(queries.sources(open_db(db_path)), fmt)


@cli.command()
@click.argument("seed", type=NAME, shell_complete=complete_with("seed"))
@output_options
@db_option
def source(seed: str, fmt: str | None, db_path: str | None) -> None:
    """One article and its facts. SEED is a file name or a unique prefix such as 003.

    \b
    Example:
      parkdb source 003
    """
    from . import queries

    conn = open_db(db_path)
    emit(queries.source(conn, queries.resolve_seed(conn, seed)), fmt)


@cli.command()
@click.argument("fact_id", type=NAME, shell_complete=complete_with("fact"))
@output_options
@db_option
def cite(fact_id: str, fmt: str | None, db_path: str | None) -> None:
    """A fact with its quote highlighted in the sentences around it.

    \b
    Example:
      parkdb cite F000-04
    """
    from . import queries

    conn = open_db(db_path)
    emit(queries.cite(conn, queries.resolve_fact(conn, fact_id)), fmt)


@cli.command()
@click.argument("text", nargs=-1, required=True)
@output_options
@db_option
def search(text: tuple[str, ...], fmt: str | None, db_path: str | None) -> None:
    """Full-text search of the articles; shows snippets and the facts citing each passage.

    \b
    Example:
      parkdb search rubber
    """
    from . import queries

    emit(queries.search(open_db(db_path), " ".join(text), output_setting("limit") or 20), fmt)


@cli.command()
@click.argument("statement", type=NAME)
@click.option("-p", "--param", "params", type=(str, str), multiple=True, metavar="NAME VALUE",
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
    from . import queries
    from .queries.explore import typed_params

    conn = open_db(db_path)
    conn.timeout = timeout or None
    emit(queries.sql(conn, statement, typed_params(params)), fmt)


@cli.command()
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
    from .queries.explore import schema as describe
    from .schema import read_text

    emit(describe(open_db(db_path), read_text(), table), fmt)


@cli.command()
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
    from .queries.explore import tables as list_tables

    emit(list_tables(open_db(db_path), counts, views), fmt)


for _command in (*commands.COMMANDS, *data_commands.COMMANDS):
    cli.add_command(_command)


def main() -> None:
    """Console-script entry point."""
    try:
        cli.main(prog_name="parkdb")
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(0)
