"""Facts and their articles: the fact table, the sources, one article's facts, one citation."""

from __future__ import annotations

from ..render.result import FACT_TABLE, MARK_CLOSE, MARK_OPEN, Result, from_query
from ..vocabulary import FACT_COLUMNS
from .common import Conn, Filters, fact_columns


def facts(conn: Conn, seed: str | None = None, predicate: str | None = None,
          subject: str | None = None, filters: Filters | None = None) -> Result:
    """The facts, every column of data/facts.csv, in file order."""
    filters = filters or Filters()
    conditions = ["(:seed IS NULL OR seed = :seed)", "(:predicate IS NULL OR predicate = :predicate)",
                  "(:subject IS NULL OR subject = :subject)"]
    if filters.years is not None:
        conditions.append(filters.year())
    if filters.published is not None:
        conditions.append(filters.published_in())
    if filters.sector is not None:
        conditions.append(filters.in_sector())
    if filters.regions:
        conditions.append(filters.placed_in("subject"))
    if filters.exclude_doubtful:
        conditions.append(filters.trusted())
    sql = f"""
        SELECT {fact_columns()} FROM facts
        WHERE {' AND '.join(conditions)}
        ORDER BY rowid"""
    params = {"seed": seed, "predicate": predicate, "subject": subject, **filters.params}
    return from_query(conn, sql, params, units={"value": "unit"},
                       title="Facts" + filters.describe(),
                       default_columns=("fact_id", "subject", "predicate", "object", "value",
                                        "year", "status", "quote"), **FACT_TABLE)



def sources(conn: Conn) -> Result:
    """The articles: file, title, publisher, publication date and number of facts."""
    sql = """
        SELECT s.seed, s.title, s.publisher, s.published,
               (SELECT count(*) FROM facts AS f WHERE f.seed = s.seed) AS facts
        FROM sources AS s ORDER BY s.seed"""
    return from_query(conn, sql, title="Sources")


def source(conn: Conn, seed: str) -> Result:
    """One article's facts; the title names the article."""
    row = conn.execute("SELECT title, publisher, published FROM sources WHERE seed = ?",
                       (seed,)).fetchone()
    result = facts(conn, seed=seed)
    result.title = f"{seed}: {row[0]} ({row[1] or 'publisher not printed'}, {row[2]})"
    return result


def cite(conn: Conn, fact_id: str) -> Result:
    """One fact with its quote marked « » inside the surrounding sentences of its article."""
    from ..text.citations import context

    cursor = conn.execute(f"SELECT {fact_columns('f')}, s.text FROM facts AS f "
                          "JOIN sources AS s ON s.seed = f.seed WHERE f.fact_id = ?", (fact_id,))
    row = cursor.fetchone()
    text, fact = row[-1], dict(zip(FACT_COLUMNS, row[:-1], strict=True))
    marked = None  # a fact without a quote (a date read from its URL) cites no words
    if fact["start"] is not None:
        lo, hi = context(text, fact["start"], fact["end"])
        marked = (text[lo:fact["start"]] + MARK_OPEN + text[fact["start"]:fact["end"]] + MARK_CLOSE
                  + text[fact["end"]:hi]).strip()
    columns_out = [*FACT_COLUMNS, "context"]
    return Result(columns_out, [(*row[:-1], marked)], title=f"Fact {fact_id}",
                  units={"value": "unit"}, marked=frozenset({"context"}))

