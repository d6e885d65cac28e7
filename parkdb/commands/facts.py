"""The facts and their articles: facts, sources, source and cite, over queries/facts.py.
"""

from __future__ import annotations

import click

from .options import (
    NAME,
    FilterRequest,
    complete_with,
    db_option,
    emit,
    filter_options,
    note,
    open_db,
    output_options,
    resolve_filters,
)


@click.command()
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
def facts(seed: str | None, predicate: str | None, subject: str | None,
          filters: FilterRequest, fmt: str | None, db_path: str | None) -> None:
    """The facts, every column of data/facts.csv (with --format csv: the export).

    \b
    Example:
      parkdb facts --predicate investment --format csv > investments.csv
    """
    from .. import queries

    conn = open_db(db_path)
    seed = queries.resolve_seed(conn, seed) if seed else None
    predicate = queries.resolve_predicate(conn, predicate) if predicate else None
    subject = queries.resolve_subject(conn, subject) if subject else None
    hint = queries.region_hint(conn, subject) if subject else None
    if hint:
        note(hint)
    found = resolve_filters(conn, filters)
    emit(queries.facts(conn, seed=seed, predicate=predicate, subject=subject, filters=found),
         fmt)


@click.command()
@output_options
@db_option
def sources(fmt: str | None, db_path: str | None) -> None:
    """The articles: file, title, publisher, date and number of facts.

    \b
    Example:
      parkdb sources
    """
    from .. import queries

    emit(queries.sources(open_db(db_path)), fmt)


@click.command()
@click.argument("seed", type=NAME, shell_complete=complete_with("seed"))
@output_options
@db_option
def source(seed: str, fmt: str | None, db_path: str | None) -> None:
    """One article and its facts. SEED is a file name or a unique prefix such as 003.

    \b
    Example:
      parkdb source 003
    """
    from .. import queries

    conn = open_db(db_path)
    emit(queries.source(conn, queries.resolve_seed(conn, seed)), fmt)


@click.command()
@click.argument("fact_id", type=NAME, shell_complete=complete_with("fact"))
@output_options
@db_option
def cite(fact_id: str, fmt: str | None, db_path: str | None) -> None:
    """A fact with its quote highlighted in the sentences around it.

    \b
    Example:
      parkdb cite F000-04
    """
    from .. import queries

    conn = open_db(db_path)
    emit(queries.cite(conn, queries.resolve_fact(conn, fact_id)), fmt)


COMMANDS = (facts, sources, source, cite)
