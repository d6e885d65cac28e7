"""The build command: validate the data and build the database atomically.
"""

from __future__ import annotations

import sys

import click

from .options import as_path, data_options, db_option


@click.command()
@data_options
@click.option("--force", is_flag=True, help="Also replace a SQLite database parkdb did not build.")
@db_option
def build(data_dir: str | None, seeds_dir: str | None, force: bool, db_path: str | None) -> None:
    """Validate the data and build the database atomically.

    Replaces only a database parkdb built (or, with --force, any SQLite database file).

    \b
    Example:
      parkdb build --db parks.db
    """
    from ..build.loader import build as build_db
    from ..curation.files import homes, recover
    from ..render.progress import bar

    recover(homes(as_path(data_dir), as_path(seeds_dir))[0])  # a curation write a kill left
    with bar(sys.stderr.isatty()) as progress:
        report = build_db(as_path(data_dir), as_path(seeds_dir), as_path(db_path), force=force,
                          progress=progress)
    click.echo(f"built {report.db_path}: {report.facts} facts from {report.seeds} seeds, "
               f"{report.entities} entities, {report.regions} regions", err=True)


COMMANDS = (build,)
