"""The options every command shares, defined once: output format and shaping, the database, and
``emit``; the value types (types.py) are re-exported here for the commands.

The default format is a table on a terminal and CSV otherwise. CSV and TSV written into a file are
made safe for a spreadsheet unless --raw (a file is for people to open; a pipe is for scripts).
Faults of stdout (a full disk, an encoding without the characters) are messages, and a reader that
has gone away (``| head``) ends the command quietly.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .types import DATE, NAME, TEXT, CommaChoice, IsoDate, Name, TermChoice, Text, YearRange

if TYPE_CHECKING:  # pathlib costs start-up time; paths are made where they are used
    from pathlib import Path

F = TypeVar("F", bound=Callable[..., Any])
# The keys of output.RENDERERS that --format offers (chart is --chart); listed here so that parsing
# the command line does not import the renderers (a test keeps the two in step).
MACHINE_AND_TABLE = ("csv", "tsv", "json", "jsonl", "table")


__all__ = ["DATE", "NAME", "TEXT", "CommaChoice", "IsoDate", "Name", "TermChoice", "Text",
           "YearRange", "as_path", "complete_with", "data_options", "db_option", "emit",
           "filter_options", "finite", "help_width", "note", "open_db", "output_options",
           "output_setting", "resolve_filters"]


def _keep(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Keep a shared output option for ``emit`` (the commands' bodies never see them)."""
    ctx.meta.setdefault("parkdb.output", {})[param.name] = value
    return value


def _column_list(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    names = [n.strip() for n in value.split(",") if n.strip()] if value else []
    return _keep(ctx, param, names)


# Options every command shares: (parameter declarations, click.option keyword arguments).
_SHARED = (
    (("-c", "--columns"), dict(metavar="A,B,C", callback=_column_list, type=TEXT,
                               help="Show these columns, in this order (every format).")),
    (("--sort",), dict(metavar="[-]COLUMN", type=TEXT, help="Sort by COLUMN; -COLUMN for descending.")),
    (("--limit",), dict(type=click.IntRange(min=1), metavar="N",
                        help="Show at most N rows (search: 20 unless given).")),
    (("--no-pager",), dict(is_flag=True, help="Never page a long table on a terminal.")),
    (("--raw/--safe",), dict(default=None, help="CSV and TSV: write text that starts with = + - @ "
                             "as it is (--raw), or with a ' before it so that a spreadsheet "
                             "never runs it as a formula (--safe). Default: --safe into a file, "
                             "--raw into a pipe.")),
    (("--bom",), dict(is_flag=True, help="CSV and TSV: start with a UTF-8 byte-order mark (for "
                      "spreadsheets that need one to read ’ and ©).")),
)


def output_options(function: F) -> F:
    """--format (default: table on a terminal, csv in a pipe) with --csv, --tsv, --json and
    --jsonl shortcuts, and -c/--columns, --sort, --limit and --no-pager, kept for ``emit``."""
    for declarations, settings in reversed(_SHARED):
        function = click.option(*declarations, expose_value=False,
                                **{"callback": _keep, **settings})(function)  # type: ignore[arg-type]
    for shortcut in ("jsonl", "json", "tsv", "csv"):
        function = click.option(f"--{shortcut}", "fmt", flag_value=shortcut,
                                help=f"Shortcut for --format {shortcut}.")(function)
    return click.option(
        "--format", "fmt", type=click.Choice(MACHINE_AND_TABLE), default=None,
        help="Output format. Default: table on a terminal, csv otherwise.")(function)


def output_setting(name: str) -> Any:
    return click.get_current_context().meta.get("parkdb.output", {}).get(name)


def data_options(function: F) -> F:
    """--data DIR and --seeds DIR: the fact base a command reads (default: PARKDB_HOME's, else
    the checkout's or the installed package's)."""
    function = click.option("--seeds", "seeds_dir", type=click.Path(file_okay=False),
                            help="Directory of seed articles (default: bundled).")(function)
    return click.option("--data", "data_dir", type=click.Path(file_okay=False),
                        help="Directory with facts.csv, entities.csv, regions.csv, ... "
                        "(default: bundled).")(function)


def _not_blank(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise click.BadParameter("must not be empty (leave it out, and unset PARKDB_DB, for the "
                                 "cache database)", ctx, param)
    return value


def finite(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    """A number of seconds: NaN and infinity are usage errors (0 already means no limit)."""
    if value is not None and not value - value == 0:  # NaN and infinity are not
        raise click.BadParameter("must be a number of seconds (0 for no limit)", ctx, param)
    return value


def db_option(function: F) -> F:
    """--db PATH (or PARKDB_DB); default: a cache database built from the bundled data."""
    return click.option(
        "--db", "db_path", type=click.Path(), envvar="PARKDB_DB", callback=_not_blank,
        help="Database file (env PARKDB_DB). Default: built in the user cache on first use.")(
        function)


def emit(result: Any, fmt: str | None, chart: bool = False, default_limit: int | None = None) -> None:
    """Render a Result to stdout in the chosen (or default) format, shaped by -c, --sort and
    --limit (``default_limit`` when not given); a table on a terminal fits its width and is paged
    when taller than it. Raises ParkdbError when stdout cannot take the output (a full disk, an
    encoding without the characters), BrokenPipeError when its reader has gone."""
    from ..render.result import UnknownColumn

    sort = output_setting("sort")
    try:
        result = result.shaped(output_setting("columns"), sort,
                               output_setting("limit") or default_limit)
    except UnknownColumn as exc:
        hint = "'--sort'" if sort and sort.lstrip("-") == exc.name else "'-c' / '--columns'"
        raise click.BadParameter(str(exc), param_hint=hint) from None
    if chart and fmt not in (None, "table"):
        click.echo(f"parkdb: note: --chart applies to table output only; writing {fmt}", err=True)
    elif chart:
        fmt = "chart"
    if fmt is None:
        fmt = "table" if sys.stdout.isatty() else "csv"
    try:
        if fmt not in ("table", "chart"):
            _machine(result, fmt)
        else:
            _people(result, fmt)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except (OSError, UnicodeEncodeError) as exc:
        _discard_stdout()
        raise _output_error(exc) from exc


def _output_error(exc: OSError | UnicodeEncodeError) -> Exception:
    from ..errors import ParkdbError

    if isinstance(exc, UnicodeEncodeError):
        return ParkdbError(f"stdout: cannot write {exc.object[exc.start:exc.end]!r} in its "
                           f"encoding, {sys.stdout.encoding} (set a UTF-8 locale, e.g. "
                           "LC_ALL=C.UTF-8, or PYTHONIOENCODING=utf-8)")
    import errno

    if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return ParkdbError("stdout: the disk is full (or a file size limit was reached); the "
                           "output is incomplete")
    return ParkdbError(f"stdout: cannot write: {exc.strerror}; the output is incomplete")


def _discard_stdout() -> None:
    """Send what stdout still holds to /dev/null, so that exit does not try to write it again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _machine(result: Any, fmt: str) -> None:
    """CSV, TSV or JSON: escaped for a spreadsheet when written to a file (see --raw)."""
    from ..render.output import Screen, render

    raw = output_setting("raw")
    safe = (fmt in ("csv", "tsv") and not raw
            and (raw is False or _to_regular_file(sys.stdout)))
    render(result, fmt, sys.stdout, Screen(safe=safe, bom=bool(output_setting("bom"))))


def _to_regular_file(stream: Any) -> bool:
    """True when ``stream`` is a file on disk (made for a spreadsheet), not a pipe or terminal."""
    import stat

    try:
        return stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):
        return False


def _people(result: Any, fmt: str) -> None:
    """A table or chart at the terminal's width, through the pager on a terminal."""
    import io

    from ..render.output import Screen, render
    from ..render.pager import show, terminal_size, wants_color

    width, lines = terminal_size(sys.stdout, os.environ)
    screen = Screen(width, wants_color(sys.stdout, os.environ))
    if not sys.stdout.isatty() or output_setting("no_pager"):
        render(result, fmt, sys.stdout, screen)
        return
    buffer = io.StringIO()
    render(result, fmt, buffer, screen)
    show(buffer.getvalue(), sys.stdout, lines, os.environ)


def complete_with(kind: str) -> Callable[[click.Context, click.Parameter, str], list[Any]]:
    """A shell_complete callback offering ``kind`` values from the database (completion.VALUES)."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from .completion import complete as complete_values

        return complete_values(kind, ctx, incomplete)

    return complete


def as_path(value: str | None) -> Path | None:
    from pathlib import Path

    return Path(value) if value else None


def open_db(db_path: str | None) -> Any:
    from ..db import connect

    return connect(db_path or None)


def help_width() -> int:
    """The width click would wrap help at, found without importing shutil (a start-up cost).

    The same rule as click's: the terminal's columns (COLUMNS first), at most 80, less 2, >= 50.
    """
    try:
        columns = int(os.environ.get("COLUMNS", "0")) or os.get_terminal_size(1).columns
    except (ValueError, OSError):
        columns = 80
    return max(min(columns, 80) - 2, 50)


class FilterRequest:
    """The filters as typed, checked but not yet resolved against the database: years the facts
    are about, years of publication, a sector, regions, and whether doubtful facts are left out.
    ``resolve_filters`` turns it into the queries' ``Filters``."""

    __slots__ = ("years", "published", "sector", "regions", "exclude_doubtful")

    def __init__(self, years: tuple[int, int] | None = None,
                 published: tuple[int, int] | None = None, sector: str | None = None,
                 regions: tuple[str, ...] = (), exclude_doubtful: bool = False) -> None:
        self.years, self.published, self.sector = years, published, sector
        self.regions, self.exclude_doubtful = regions, exclude_doubtful


def _as_request(function: F) -> F:
    """The command ``function`` called with the filter options' values as one parameter,
    ``filters`` (a FilterRequest)."""
    import functools

    @functools.wraps(function)
    def command(*args: Any, **kwargs: Any) -> Any:
        kwargs["filters"] = FilterRequest(
            kwargs.pop("years", None), kwargs.pop("published"), kwargs.pop("sector"),
            kwargs.pop("regions"), kwargs.pop("exclude_doubtful"))
        return function(*args, **kwargs)

    return command  # type: ignore[return-value]


def filter_options(sector_help: str, region_help: str, years: bool = True) -> Callable[[F], F]:
    """--year and --published (years and ranges, open ones too), --sector, repeatable --region
    and --exclude-doubtful, as every question that narrows by them spells them; the command
    receives them as one parameter, ``filters`` (a FilterRequest)."""

    def decorate(function: F) -> F:
        function = _as_request(function)
        function = click.option(
            "--region", "regions", type=NAME, multiple=True, shell_complete=complete_with("region"),
            help=region_help + " Any level, an economic region or new area with everything in "
            "its members; repeat for the union.")(function)
        function = click.option(
            "--sector", type=NAME, shell_complete=complete_with("sector"),
            help=sector_help + " A written sector, a class code (C, C13, C3974), an SEI category "
            "or a short name (food, electronics, health, ...).")(function)
        function = click.option(
            "--exclude-doubtful", is_flag=True,
            help="Leave out facts whose basis is doubtful (see data/CURATION.md).")(function)
        function = click.option(
            "--published", type=YearRange(), metavar="YEAR[-YEAR]",
            help="Only facts from articles published in this year or range.")(function)
        if years:
            function = click.option(
                "--year", "years", type=YearRange(), metavar="YEAR[-YEAR]",
                help="Only facts about this year or range (2013-2016, 2013-, -2016); undated "
                "plans never match.")(function)
        return function

    return decorate


def note(message: str) -> None:
    """A line for the user on stderr (never mixed with the data on stdout)."""
    click.echo(f"parkdb: {message}", err=True)


def resolve_filters(conn: Any, asked: FilterRequest) -> Any:
    """The queries' Filters for what was asked; what a --sector matched goes to stderr. Raises
    NotFound for a sector or region the database does not know."""
    from .. import queries

    found = queries.filters(conn, asked.years, asked.published, asked.sector, asked.regions,
                            asked.exclude_doubtful)
    if found.sector is not None:
        note(found.sector.describe())
    return found
