"""The parkdb command line: parse options, call the library, render the Result.

The commands live in commands/, one module per area (as queries/ is), each listing its
``COMMANDS``; this module holds the group, registers them, and is the one error boundary. ``ParkdbGroup.invoke`` is the
one place where a ParkdbError becomes a message on stderr and exit status 1, where a closed pipe
(``| head``) ends quietly with status 0, and where Ctrl-C ends with status 130.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from . import __version__
from .commands import (
    build,
    classes,
    companies,
    curation,
    explore,
    facts,
    money,
    pages,
    parks,
    text,
    web,
)
from .commands.options import help_width
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
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # a bug: said in one line, not as a traceback (PARKDB_DEBUG=1 shows it)
            if os.environ.get("PARKDB_DEBUG"):
                raise
            click.echo(f"parkdb: internal error: {type(exc).__name__}: {exc} (a bug in parkdb: please "
                       "report it with the command; PARKDB_DEBUG=1 shows where it happened)", err=True)
            ctx.exit(70)


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


















# The order of areas is the order of `parkdb --help`'s list (click sorts it by name anyway).
AREAS = (money, parks, classes, companies, pages, facts, text, explore, build, curation, web)
for _area in AREAS:
    for _command in _area.COMMANDS:
        cli.add_command(_command)


def main() -> None:
    """Console-script entry point."""
    try:
        cli.main(prog_name="parkdb")
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(0)
