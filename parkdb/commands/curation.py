"""The curator's commands: check, add and suggest, over curation/.
"""

from __future__ import annotations

import click

from ..errors import ParkdbError
from .options import DATE, NAME, TEXT, as_path, data_options, emit, output_options


@click.command()
@data_options
@click.option("--fix", is_flag=True, help="First write the offsets of quotes whose start and end "
              "are blank (found once in the seed) into facts.csv.")
@output_options
def check(data_dir: str | None, seeds_dir: str | None, fix: bool, fmt: str | None) -> None:
    """Validate without writing, then list every number no fact cites.

    Exits 1 when a number is neither cited nor explained in data/CURATION.md.

    \b
    Example:
      parkdb check --fix --format table
    """
    from ..curation.check import checked

    result, unexplained = checked(as_path(data_dir), as_path(seeds_dir), fix,
                                  lambda note: click.echo(note, err=True))
    emit(result, fmt)
    if unexplained:
        raise ParkdbError(f"{unexplained} uncited numbers are not explained in data/CURATION.md "
                          "(expected a fact citing each, or a row | seed | start | text | why |)")


@click.command()
@click.argument("article", type=click.Path(dir_okay=False, exists=True))
@click.option("--url", type=TEXT, help="Where the article was retrieved from (sources.csv).")
@click.option("--published", type=DATE, help="Publication date (YYYY-MM-DD); default: the page's "
              "date line, else the date in --url. One the text does not print is recorded without "
              "a quote, with its basis (url or given).")
@click.option("--publisher", type=NAME, help="Publisher as printed; default: the source, byline "
              "or copyright line.")
@click.option("--title", type=NAME, help="The headline, when the text has none or another line "
              "was taken; one the text does not print is recorded without a quote (basis given).")
@click.option("-y", "--yes", is_flag=True, help="Add what was found in the text without asking.")
@data_options
def add(article: str, url: str | None, published: str | None, publisher: str | None,
        title: str | None, yes: bool, data_dir: str | None, seeds_dir: str | None) -> None:
    """Copy an article into seeds/, list it in sources.csv and write its title, publisher and
    date facts with located quotes. Example: parkdb add article.txt --url URL"""
    from pathlib import Path

    from ..curation.add import describe, plan_article, write_article
    from ..curation.files import homes, recover

    data, seeds = homes(as_path(data_dir), as_path(seeds_dir))
    recover(data)
    plan = plan_article(Path(article), data, seeds, url, published, publisher, title)
    click.echo(describe(plan), err=True)
    if plan.found and not yes and not click.confirm("Add it?", err=True):
        raise ParkdbError("nothing was added")
    taken = write_article(plan, data)
    if taken:
        click.echo(f"{taken.name} was taken by another add meanwhile: written as {plan.seed.name}, "
                   f"facts {plan.facts[0]['fact_id']} to {plan.facts[-1]['fact_id']}", err=True)
    number = plan.seed.name.split("_", 1)[0]
    click.echo(f"added {plan.seed}; next: parkdb suggest {number}", err=True)


@click.command()
@click.argument("seed", type=NAME)
@click.option("--all", "include_cited", is_flag=True, help="Also the numbers facts already cite.")
@click.option("--write", is_flag=True, help="Append the proposals to facts.csv, their notes marked PROPOSED "
              "(build refuses them until the mark is removed), with the entities, regions and sector "
              "classes they need.")
@data_options
@output_options
def suggest(seed: str, include_cited: bool, write: bool, data_dir: str | None, seeds_dir: str | None,
            fmt: str | None) -> None:
    """Proposed facts for an article, as facts.csv rows: its numbers with subject, year, status and
    links, and its places, parts, hosted companies, sectors and events.
    Example: parkdb suggest 005 --write"""
    from ..curation.files import homes, recover
    from ..curation.review import candidates, describe, write_proposals

    data, seeds = homes(as_path(data_dir), as_path(seeds_dir))
    recover(data)
    written: dict[str, int] | None = None
    if write:
        proposals, written = write_proposals(data, seeds, seed, include_cited)
    else:
        proposals = candidates(data, seeds, seed, include_cited)
    emit(proposals.result(), fmt)
    click.echo(describe(proposals, written), err=True)


COMMANDS = (check, add, suggest)
