"""The parkdb command line: parse options, call the library, render the Result.

Every command is a few lines. Options shared by all commands (``--format`` and its shortcuts,
``--db``) are defined once, in ``output_options`` and ``db_option``. ``ParkdbGroup.invoke`` is the
one place where a ParkdbError becomes a message on stderr and exit status 1, where a closed pipe
(``| head``) ends quietly with status 0, and where Ctrl-C ends with status 130.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__
from .errors import ParkdbError

if TYPE_CHECKING:  # pathlib costs start-up time; paths are made where they are used
    from pathlib import Path

F = TypeVar("F", bound=Callable[..., Any])
# The keys of output.RENDERERS that --format offers (chart is --chart); listed here so that parsing
# the command line does not import the renderers (a test keeps the two in step).
MACHINE_AND_TABLE = ("csv", "tsv", "json", "jsonl", "table")


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


def _keep(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Keep a shared output option for ``emit`` (the commands' bodies never see them)."""
    ctx.meta.setdefault("parkdb.output", {})[param.name] = value
    return value


def _column_list(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    names = [n.strip() for n in value.split(",") if n.strip()] if value else []
    return _keep(ctx, param, names)


# Options every command shares: (parameter declarations, click.option keyword arguments).
_SHARED = (
    (("-c", "--columns"), dict(metavar="A,B,C", callback=_column_list,
                               help="Show these columns, in this order (every format).")),
    (("--sort",), dict(metavar="[-]COLUMN", help="Sort by COLUMN; -COLUMN for descending.")),
    (("--limit",), dict(type=click.IntRange(min=1), metavar="N",
                        help="Show at most N rows (search: 20 unless given).")),
    (("--no-pager",), dict(is_flag=True, help="Never page a long table on a terminal.")),
)


def output_options(function: F) -> F:
    """--format (default: table on a terminal, csv in a pipe) with --csv, --tsv and --json
    shortcuts, and -c/--columns, --sort, --limit and --no-pager, kept for ``emit``."""
    for declarations, settings in reversed(_SHARED):
        function = click.option(*declarations, expose_value=False,
                                **{"callback": _keep, **settings})(function)  # type: ignore[arg-type]
    for shortcut in ("json", "tsv", "csv"):
        function = click.option(f"--{shortcut}", "fmt", flag_value=shortcut,
                                help=f"Shortcut for --format {shortcut}.")(function)
    return click.option(
        "--format", "fmt", type=click.Choice(MACHINE_AND_TABLE), default=None,
        help="Output format. Default: table on a terminal, csv otherwise.")(function)


def _output_setting(name: str) -> Any:
    return click.get_current_context().meta.get("parkdb.output", {}).get(name)


def db_option(function: F) -> F:
    """--db PATH (or PARKDB_DB); default: a cache database built from the bundled data."""
    return click.option(
        "--db", "db_path", type=click.Path(), envvar="PARKDB_DB",
        help="Database file (env PARKDB_DB). Default: built in the user cache on first use.")(
        function)


def emit(result: Any, fmt: str | None, chart: bool = False) -> None:
    """Render a Result to stdout in the chosen (or default) format, shaped by -c, --sort and
    --limit; a table on a terminal fits its width and is paged when taller than it."""
    from .output import render
    from .result import UnknownColumn

    sort = _output_setting("sort")
    try:
        result = result.shaped(_output_setting("columns"), sort, _output_setting("limit"))
    except UnknownColumn as exc:
        hint = "'--sort'" if sort and sort.lstrip("-") == exc.name else "'-c' / '--columns'"
        raise click.BadParameter(str(exc), param_hint=hint) from None
    if chart and fmt not in (None, "table"):
        click.echo(f"parkdb: note: --chart applies to table output only; writing {fmt}", err=True)
    elif chart:
        fmt = "chart"
    if fmt is None:
        fmt = "table" if sys.stdout.isatty() else "csv"
    if fmt not in ("table", "chart"):
        render(result, fmt, sys.stdout)
    else:
        _people(result, fmt)
    sys.stdout.flush()


def _people(result: Any, fmt: str) -> None:
    """A table or chart at the terminal's width, through the pager on a terminal."""
    import io

    from .output import Screen, render
    from .pager import show, terminal_size, wants_color

    width, lines = terminal_size(sys.stdout, os.environ)
    screen = Screen(width, wants_color(sys.stdout, os.environ))
    if not sys.stdout.isatty() or _output_setting("no_pager"):
        render(result, fmt, sys.stdout, screen)
        return
    buffer = io.StringIO()
    render(result, fmt, buffer, screen)
    show(buffer.getvalue(), sys.stdout, lines, os.environ)


def _values(kind: str) -> Callable[[click.Context, click.Parameter, str], list[Any]]:
    """A shell_complete callback offering ``kind`` values from the database (completion.VALUES)."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from .completion import complete as complete_values

        return complete_values(kind, ctx, incomplete)

    return complete


def _path(value: str | None) -> Path | None:
    from pathlib import Path

    return Path(value) if value else None


def _open(db_path: str | None) -> Any:
    from .db import connect

    return connect(db_path or None)


class YearRange(click.ParamType):  # type: ignore[type-arg]
    """A year (2019) or an inclusive range of years (2013-2016)."""

    name = "YEAR[-YEAR]"

    def convert(self, value: Any, param: Any, ctx: Any) -> tuple[int, int]:
        if isinstance(value, tuple):
            return value
        first, _, last = str(value).partition("-")
        if first.isdigit() and (not last or last.isdigit()):
            lo, hi = int(first), int(last or first)
            if lo <= hi:
                return lo, hi
        self.fail(f"{value!r} is not a year or a range like 2013-2016", param, ctx)


def _help_width() -> int:
    """The width click would wrap help at, found without importing shutil (a start-up cost).

    The same rule as click's: the terminal's columns (COLUMNS first), at most 80, less 2, >= 50.
    """
    try:
        columns = int(os.environ.get("COLUMNS", "0")) or os.get_terminal_size(1).columns
    except (ValueError, OSError):
        columns = 80
    return max(min(columns, 80) - 2, 50)


@click.group(cls=ParkdbGroup, context_settings={"help_option_names": ["-h", "--help"],
                                                "terminal_width": _help_width()},
             epilog="""\b
Examples:
  parkdb investments --by province
  parkdb parks --sector biomedicine
  parkdb cite F000-04
  parkdb sql "SELECT subject, value FROM facts WHERE predicate = :p" -p p area""")
@click.version_option(__version__, prog_name="parkdb")
def cli() -> None:
    """Query a cited fact base of Chinese industrial parks and regional investment.

    Every number comes with the exact words of the article it was taken from.
    """


@cli.command()
@click.option("--data", "data_dir", type=click.Path(file_okay=False),
              help="Directory with facts.csv, entities.csv, regions.csv, ... (default: bundled).")
@click.option("--seeds", "seeds_dir", type=click.Path(file_okay=False),
              help="Directory of seed articles (default: bundled).")
@click.option("--force", is_flag=True, help="Also replace a SQLite database parkdb did not build.")
@db_option
def build(data_dir: str | None, seeds_dir: str | None, force: bool, db_path: str | None) -> None:
    """Validate the data and build the database atomically.

    Replaces only a database parkdb built (or, with --force, any SQLite database file).

    \b
    Example:
      parkdb build --db parks.db
    """
    from .loader import build as build_db

    report = build_db(_path(data_dir), _path(seeds_dir), _path(db_path), force=force)
    click.echo(f"built {report.db_path}: {report.facts} facts from {report.seeds} seeds, "
               f"{report.entities} entities, {report.regions} regions", err=True)


@cli.command()
@click.option("--data", "data_dir", type=click.Path(file_okay=False),
              help="Directory with the CSV files (default: bundled).")
@click.option("--seeds", "seeds_dir", type=click.Path(file_okay=False),
              help="Directory of seed articles (default: bundled).")
@output_options
def check(data_dir: str | None, seeds_dir: str | None, fmt: str | None) -> None:
    """Validate without writing, then list every number no fact cites.

    Exits 1 when a number is neither cited nor explained in data/CURATION.md.

    \b
    Example:
      parkdb check --format table
    """
    from .loader import check as check_data
    from .result import Result

    report, uncited = check_data(_path(data_dir), _path(seeds_dir))
    rows = [(u.seed, u.start, u.text, u.why or "UNEXPLAINED", u.context) for u in uncited]
    emit(Result(["seed", "start", "number", "why", "context"], rows,
                title="Numbers no fact cites"), fmt)
    unexplained = sum(1 for u in uncited if u.why is None)
    click.echo(f"ok: {report.facts} facts in {report.seeds} seeds; {len(uncited)} uncited "
               f"numbers, {unexplained} unexplained", err=True)
    if unexplained:
        raise ParkdbError(f"{unexplained} uncited numbers are not explained in data/CURATION.md "
                          "(expected a fact citing each, or a row | seed | start | text | why |)")


@cli.command()
@click.option("--by", type=click.Choice(["province", "city", "county", "park"]),
              default="province", show_default=True, help="Group totals by this level.")
@click.option("--year", "years", type=YearRange(), help="Year or range the amount refers to.")
@click.option("--sector", help="Only amounts of parks working in this sector.",
              shell_complete=_values("sector"))
@click.option("--region", help="Only amounts inside this region (any level).",
              shell_complete=_values("region"))
@click.option("--status", type=click.Choice(["planned", "signed", "intended",
                                             "under construction", "actual", "expected",
                                             "target"]), help="Only amounts with this status.")
@click.option("--currency", type=click.Choice(["CNY", "USD"]), default="CNY", show_default=True,
              help="CNY: amounts stated in yuan. USD: every amount in dollars, conversions flagged.")
@click.option("--include-nested", is_flag=True, help="Also count amounts that are a share "
              "of a larger one (counted twice!).")
@click.option("--cite", is_flag=True, help="Add the fact ids and seeds behind each row.")
@click.option("--chart", is_flag=True, help="Draw the totals as a bar chart.")
@output_options
@db_option
def investments(by: str, years: tuple[int, int] | None, sector: str | None, region: str | None,
                status: str | None, currency: str, include_nested: bool, cite: bool, chart: bool,
                fmt: str | None, db_path: str | None) -> None:
    """Investment totals (never output value or revenue) by province, city, county or park.

    \b
    Example:
      parkdb investments --by province
      parkdb investments --by park --currency USD --cite --format csv
    """
    from . import queries

    conn = _open(db_path)
    sector = queries.resolve_sector(conn, sector) if sector else None
    region = queries.resolve_region(conn, region) if region else None
    emit(queries.investments(conn, by=by, years=years, sector=sector, region=region,
                             status=status, currency=currency, include_nested=include_nested,
                             cite=cite), fmt, chart)


@cli.command()
@click.option("--sector", help="Only parks said to work in this sector.",
              shell_complete=_values("sector"))
@click.option("--year", type=int, help="Only parks with a fact about this year.")
@click.option("--region", help="Only parks inside this region (any level).",
              shell_complete=_values("region"))
@output_options
@db_option
def parks(sector: str | None, year: int | None, region: str | None, fmt: str | None,
          db_path: str | None) -> None:
    """Parks, zones, new areas and clusters with region, sectors, years and seeds.

    \b
    Example:
      parkdb parks --region Hebei --sector biomedicine
    """
    from . import queries

    conn = _open(db_path)
    sector = queries.resolve_sector(conn, sector) if sector else None
    region = queries.resolve_region(conn, region) if region else None
    emit(queries.parks(conn, sector=sector, year=year, region=region), fmt)


@cli.command()
@click.option("--chart", is_flag=True, help="Draw fact counts as a bar chart.")
@output_options
@db_option
def sectors(chart: bool, fmt: str | None, db_path: str | None) -> None:
    """Each sector with its parks and fact counts.

    \b
    Example:
      parkdb sectors --format table
    """
    from . import queries

    emit(queries.sectors(_open(db_path)), fmt, chart)


@cli.command()
@click.option("--seed", help="Only facts from this seed (file name or unique prefix, e.g. 003).",
              shell_complete=_values("seed"))
@click.option("--predicate", help="Only facts with this predicate, e.g. investment.",
              shell_complete=_values("predicate"))
@click.option("--subject", help="Only facts about this park, company or region.",
              shell_complete=_values("subject"))
@output_options
@db_option
def facts(seed: str | None, predicate: str | None, subject: str | None, fmt: str | None,
          db_path: str | None) -> None:
    """The facts, every column of data/facts.csv (with --format csv: the export).

    \b
    Example:
      parkdb facts --predicate investment --format csv > investments.csv
    """
    from . import queries

    conn = _open(db_path)
    seed = queries.resolve_seed(conn, seed) if seed else None
    predicate = queries.resolve_predicate(conn, predicate) if predicate else None
    subject = queries.resolve_subject(conn, subject) if subject else None
    emit(queries.facts(conn, seed=seed, predicate=predicate, subject=subject), fmt)


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

    emit(queries.sources(_open(db_path)), fmt)


@cli.command()
@click.argument("seed", shell_complete=_values("seed"))
@output_options
@db_option
def source(seed: str, fmt: str | None, db_path: str | None) -> None:
    """One article and its facts. SEED is a file name or a unique prefix such as 003.

    \b
    Example:
      parkdb source 003
    """
    from . import queries

    conn = _open(db_path)
    emit(queries.source(conn, queries.resolve_seed(conn, seed)), fmt)


@cli.command()
@click.argument("fact_id", shell_complete=_values("fact"))
@output_options
@db_option
def cite(fact_id: str, fmt: str | None, db_path: str | None) -> None:
    """A fact with its quote highlighted in the sentences around it.

    \b
    Example:
      parkdb cite F000-04
    """
    from . import queries

    conn = _open(db_path)
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

    emit(queries.search(_open(db_path), " ".join(text), _output_setting("limit") or 20), fmt)


@cli.command()
@click.argument("statement")
@click.option("-p", "--param", "params", type=(str, str), multiple=True, metavar="NAME VALUE",
              help="Bind :NAME to VALUE, a number if it reads as one (NAME:text keeps text).")
@output_options
@db_option
def sql(statement: str, params: tuple[tuple[str, str], ...], fmt: str | None,
        db_path: str | None) -> None:
    """Run one read-only statement: SELECT, WITH, EXPLAIN QUERY PLAN or a reading PRAGMA
    (pragma_table_info(...) too); writes, VACUUM, ATTACH and extensions are refused.

    \b
    Example:
      parkdb sql "SELECT count(*) FROM facts WHERE value > :v" -p v 1000000000
      parkdb sql "SELECT * FROM facts WHERE fact_id = :id" -p id:text F000-04
    """
    from . import queries
    from .explore import typed_params

    emit(queries.sql(_open(db_path), statement, typed_params(params)), fmt)


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
    from .explore import schema as describe
    from .schema import read_text

    emit(describe(_open(db_path), read_text(), table), fmt)


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
    from .explore import tables as list_tables

    emit(list_tables(_open(db_path), counts, views), fmt)


def main() -> None:
    """Console-script entry point."""
    try:
        cli.main(prog_name="parkdb")
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(0)
