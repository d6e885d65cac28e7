"""The options every command shares, defined once: output format and shaping, the database, the
value types that validate what users type before it reaches a query, and ``emit``.

Values are checked at the edge: a year is ASCII digits from 1 to 9999 and ranges may be open
(``2013-``, ``-2016``); a name is never blank; anything else is a usage error (exit 2) whose
message shows the value shortened. The default format is a table on a terminal and CSV otherwise.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..errors import shorten
from ..values import iso_date, year_range

if TYPE_CHECKING:  # pathlib costs start-up time; paths are made where they are used
    from pathlib import Path

F = TypeVar("F", bound=Callable[..., Any])
# The keys of output.RENDERERS that --format offers (chart is --chart); listed here so that parsing
# the command line does not import the renderers (a test keeps the two in step).
MACHINE_AND_TABLE = ("csv", "tsv", "json", "jsonl", "table")


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
    (("--raw/--safe",), dict(default=None, help="CSV and TSV: write text that starts with = + - @ "
                             "as it is (--raw), or with a ' before it so that a spreadsheet "
                             "never runs it as a formula (--safe). Default: --safe into a file, "
                             "--raw into a pipe.")),
    (("--bom",), dict(is_flag=True, help="CSV and TSV: start with a UTF-8 byte-order mark (for "
                      "spreadsheets that need one to read ’ and ©).")),
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


class YearRange(click.ParamType):  # type: ignore[type-arg]
    """A year (2019), a range (2013-2016) or an open range (2013-, -2016), as (first, last).

    Years are ASCII digits from 1 to 9999; anything else is a usage error (exit 2).
    """

    name = "YEAR[-YEAR]"

    def convert(self, value: Any, param: Any, ctx: Any) -> tuple[int, int]:
        if isinstance(value, tuple):
            return value
        text = str(value).strip()
        found = year_range(text)
        if found is not None:
            return found
        self.fail(f"{shorten(text)!r} is not a year from 1 to 9999 or a range like 2013-2016, "
                  "2013- or -2016", param, ctx)


class Name(click.ParamType):  # type: ignore[type-arg]
    """A name typed by a user (a region, sector, seed, ...): never blank, shown shortened."""

    name = "TEXT"

    def convert(self, value: Any, param: Any, ctx: Any) -> str:
        text = str(value).strip()
        if not text:
            hint = " (leave the option out for no filter)" if isinstance(param, click.Option) else ""
            self.fail(f"must not be empty{hint}", param, ctx)
        return text


NAME = Name()


class IsoDate(click.ParamType):  # type: ignore[type-arg]
    """A date written YYYY-MM-DD in ASCII digits, kept as that text."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: Any, ctx: Any) -> str:
        text = str(value).strip()
        if not iso_date(text):
            self.fail(f"{shorten(text)!r} is not a date written YYYY-MM-DD", param, ctx)
        return text


DATE = IsoDate()


def help_width() -> int:
    """The width click would wrap help at, found without importing shutil (a start-up cost).

    The same rule as click's: the terminal's columns (COLUMNS first), at most 80, less 2, >= 50.
    """
    try:
        columns = int(os.environ.get("COLUMNS", "0")) or os.get_terminal_size(1).columns
    except (ValueError, OSError):
        columns = 80
    return max(min(columns, 80) - 2, 50)


def filter_options(sector_help: str, region_help: str, years: bool = True) -> Callable[[F], F]:
    """--year and --published (years and ranges, open ones too), --sector and repeatable --region,
    as every question that narrows by them spells them."""

    def decorate(function: F) -> F:
        function = click.option(
            "--region", "regions", type=NAME, multiple=True, shell_complete=complete_with("region"),
            help=region_help + " Any level, an economic region or new area with everything in "
            "its members; repeat for the union.")(function)
        function = click.option(
            "--sector", type=NAME, shell_complete=complete_with("sector"),
            help=sector_help + " A written sector, a class code (C, C13, C3974), an SEI category "
            "or a short name (food, electronics, health, ...).")(function)
        function = click.option(
            "--exclude-doubtful", is_flag=True, expose_value=False, callback=_keep,
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


class TermChoice(click.Choice):  # type: ignore[type-arg]
    """One of the vocabulary's terms of a kind (and class), read only when a value or the help
    needs them, so that ``parkdb --help`` does not load the vocabulary."""

    def __init__(self, kind: str, cls: str | None = None) -> None:
        # click.Choice.__init__ would store a list; the choices are the property below
        self.kind, self.cls, self.case_sensitive = kind, cls, True

    @property
    def choices(self) -> tuple[str, ...]:  # type: ignore[override]
        from .. import vocabulary

        return vocabulary.terms(self.kind, self.cls)


class CommaChoice(click.ParamType):  # type: ignore[type-arg]
    """One or more of the vocabulary's terms of a kind (and class) separated by commas
    (``province,year``), as a tuple; the terms are read only when needed."""

    name = "A[,B...]"

    def __init__(self, kind: str, cls: str | None = None) -> None:
        self.kind, self.cls = kind, cls

    @property
    def choices(self) -> tuple[str, ...]:
        from .. import vocabulary

        return vocabulary.terms(self.kind, self.cls)

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(self.choices) + "][,...]"

    def shell_complete(self, ctx: click.Context, param: click.Parameter,
                       incomplete: str) -> list[Any]:
        """The choices completing the last of the comma-separated values typed."""
        from click.shell_completion import CompletionItem

        done, _, last = incomplete.rpartition(",")
        prefix = done + "," if done else ""
        return [CompletionItem(prefix + c) for c in self.choices if c.startswith(last)]

    def convert(self, value: Any, param: Any, ctx: Any) -> tuple[str, ...]:
        if isinstance(value, tuple):
            return value
        picked = tuple(dict.fromkeys(v.strip() for v in str(value).split(",") if v.strip()))
        wrong = [v for v in picked if v not in self.choices]
        if wrong or not picked:
            self.fail(f"{shorten(str(value))!r} is not one or more of {', '.join(self.choices)} "
                      "separated by commas", param, ctx)
        return picked


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
