"""The build's SQL: inserting rows, copying side databases, metadata, and the cross-row checks.

Rules that need more than one row (unique ids, the part_of, equivalent_of and restates links, one
title per seed, ...) are a registry of named checks, ``CHECKS``: each is one SQL query over the
loaded facts returning (line, column, message) rows, run once the indexes exist. Adding a rule is
one entry here. A fact the row rules refused is not loaded; its id goes into the temporary table
``rejected`` so that a link to it is not reported as a link to nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from .. import vocabulary
from ..schema import Conn
from ..vocabulary import FACT_COLUMNS

# A judged row goes in as the CSV's text: a blank cell becomes NULL, value a number (the rules
# accept only plain decimals, which CAST reads exactly), and year, year_end, start and end
# integers through their columns' INTEGER type. SQLite converting the text costs less than
# Python handing it typed values.
_REQUIRED = frozenset({"fact_id", "seed", "subject", "predicate", "quote"})  # start and end: NULL without a quote
INSERT_FACTS = "INSERT INTO facts VALUES ({}, ?)".format(", ".join(
    "CAST(nullif(?, '') AS NUMERIC)" if column == "value"
    else "?" if column in _REQUIRED else "nullif(?, '')" for column in FACT_COLUMNS))


def insert_facts(conn: sqlite3.Connection, records: Iterable[Sequence[Any]]) -> None:
    """Insert judged rows (FACT_COLUMNS order as text, then the CSV line) into facts."""
    conn.executemany(INSERT_FACTS, records)


# The ids of refused rows, which the named checks read so that links to them are not reported
# twice; a temporary table, so that it never reaches the database built.
CREATE_REJECTED = "CREATE TEMP TABLE IF NOT EXISTS rejected (fact_id TEXT PRIMARY KEY)"


def reject(conn: sqlite3.Connection, fact_ids: Iterable[str]) -> None:
    """Remember the ids of refused rows, so that links to them are not reported twice."""
    conn.execute(CREATE_REJECTED)
    conn.executemany("INSERT OR IGNORE INTO rejected VALUES (?)", ((i,) for i in fact_ids))


def append_facts(conn: sqlite3.Connection, part: str) -> None:
    """Append the facts of a side database (same schema, no indexes yet: SQLite copies records)."""
    conn.execute("ATTACH DATABASE ? AS part", (part,))
    try:
        conn.execute("INSERT INTO facts SELECT * FROM part.facts")
    finally:
        conn.execute("DETACH DATABASE part")


def insert_articles(conn: sqlite3.Connection,
                    articles: Iterable[tuple[str, str, str, list[tuple[int, int, str]]]]) -> None:
    """Insert each (seed, sha256, text, paragraphs) into sources (metadata left NULL for
    ``set_seed_metadata``) and passages."""
    for seed, sha256, text, paragraphs in articles:
        conn.execute("INSERT INTO sources (seed, sha256, text) VALUES (?, ?, ?)",
                     (seed, sha256, text))
        conn.executemany('INSERT INTO passages (seed, start, "end", text) VALUES (?, ?, ?, ?)',
                         [(seed, *p) for p in paragraphs])


def copy_articles(conn: sqlite3.Connection, part: str) -> None:
    """Copy sources, passages and their full-text indexes (words, trigrams) from a side database
    built by ``insert_articles`` and the schema's search part.

    Each FTS5 table is created from the side database's own definition, then its shadow tables
    (data, idx, docsize, config) are replaced by the side database's rows: the same bytes a rebuild
    would write (tests run FTS5's integrity-check on the result).
    """
    conn.execute("ATTACH DATABASE ? AS part", (part,))
    try:
        conn.execute("INSERT INTO sources SELECT * FROM part.sources")
        conn.execute("INSERT INTO passages SELECT * FROM part.passages")
        indexes = conn.execute("SELECT name, sql FROM part.sqlite_master WHERE type = 'table' "
                               "AND sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name").fetchall()
        for index, create in indexes:  # the word index and the trigram index
            conn.execute(create)
            shadows = [name for (name,) in conn.execute(
                "SELECT name FROM part.sqlite_master WHERE type = 'table' "
                "AND name GLOB ? ORDER BY name", (index + "_*",))]
            for name in shadows:  # names read from the side database's own catalogue
                conn.execute(f'DELETE FROM main."{name}"')
                conn.execute(f'INSERT INTO main."{name}" SELECT * FROM part."{name}"')
    finally:
        conn.execute("DETACH DATABASE part")


def insert_small_tables(conn: sqlite3.Connection, regions: Iterable[Sequence[Any]],
                        entities: Iterable[Sequence[Any]],
                        fx_rates: Iterable[Sequence[Any]]) -> None:
    """Fill regions, entities, fx_rates and the vocabulary table."""
    conn.executemany("INSERT INTO regions VALUES (?, ?, ?, ?, ?)", regions)
    conn.executemany("INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?)", entities)
    conn.executemany("INSERT INTO fx_rates VALUES (?, ?, ?)", fx_rates)
    conn.executemany("INSERT INTO vocabulary VALUES (?, ?, ?, ?, ?)",
                     [(t.kind, t.term, t.cls or None, t.factor or None,
                       t.meaning) for t in vocabulary.all_terms()])


def insert_groupings(conn: sqlite3.Connection, classes: Iterable[Sequence[Any]],
                     sectors: Iterable[Sequence[Any]], names: Iterable[Sequence[Any]],
                     groups: Iterable[Sequence[Any]]) -> None:
    """Fill industry_classes, sector_classes, sector_names and region_groups."""
    conn.executemany("INSERT INTO industry_classes VALUES (?, ?, ?, ?, ?)", classes)
    conn.executemany("INSERT INTO sector_classes VALUES (?, ?, ?, ?)", sectors)
    conn.executemany("INSERT INTO sector_names VALUES (?, ?, ?)", names)
    conn.executemany("INSERT INTO region_groups VALUES (?, ?, ?)", groups)


def insert_meta(conn: sqlite3.Connection, meta: dict[str, str]) -> None:
    """Record what the database was built from (see db.connect)."""
    conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())


def set_seed_metadata(conn: sqlite3.Connection, urls: dict[str, str]) -> None:
    """Fill sources' title, publisher, published and url from each seed's metadata facts."""
    # A metadata fact's subject is its seed, so each is one lookup in the (subject, predicate)
    # index rather than a scan of every fact.
    sql = """
        SELECT s.seed,
               (SELECT object FROM facts WHERE subject = s.seed AND predicate = 'title'),
               (SELECT object FROM facts WHERE subject = s.seed AND predicate = 'publisher'),
               (SELECT object FROM facts WHERE subject = s.seed AND predicate = 'published'),
               (SELECT value_text FROM facts WHERE subject = s.seed AND predicate = 'published')
        FROM sources AS s"""
    found = {row[0]: row[1:] for row in conn.execute(sql)}
    conn.executemany(
        "UPDATE sources SET title = ?, publisher = ?, published = ?, published_text = ?, "
        "url = ? WHERE seed = ?",
        [(*found.get(seed, (None,) * 4), urls.get(seed) or None, seed)
         for (seed,) in conn.execute("SELECT seed FROM sources").fetchall()])


def quote_spans(conn: Conn) -> dict[str, list[tuple[int, int]]]:
    """seed -> the [start, end) spans of its facts' quotes."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for seed, start, end in conn.execute('SELECT seed, start, "end" FROM facts WHERE start IS NOT NULL '
                                         'ORDER BY seed'):
        spans.setdefault(seed, []).append((start, end))
    return spans


def seed_texts(conn: Conn) -> dict[str, str]:
    """seed -> full text of the article."""
    return dict(conn.execute("SELECT seed, text FROM sources ORDER BY seed"))


# --- the cross-row checks ----------------------------------------------------------------------

def _link(column: str, expected: str) -> str:
    """A link column that names no loaded fact (nor a refused one)."""
    return f"""
        SELECT f.line, '{column}', 'points to ' || quote(f.{column})
               || ', which is not a fact_id (expected {expected})'
        FROM facts AS f LEFT JOIN facts AS t ON t.fact_id = f.{column}
        WHERE f.{column} IS NOT NULL AND t.fact_id IS NULL
          AND f.{column} NOT IN (SELECT fact_id FROM temp.rejected)"""


CHECKS: dict[str, str] = {
    "unique fact ids": """
        SELECT f.line, 'fact_id', 'duplicate fact_id ' || quote(f.fact_id)
               || ' (first on line ' || d.first || '; expected each id once)'
        FROM facts AS f
        JOIN (SELECT fact_id, min(line) AS first FROM facts GROUP BY fact_id
              HAVING count(*) > 1) AS d ON d.fact_id = f.fact_id
        WHERE f.line > d.first""",
    "part_of names a fact": _link("part_of", "the id of a larger amount"),
    "part_of is the same kind": """
        SELECT f.line, 'part_of', 'points to ' || t.fact_id || ', a ' || t.predicate || ' in '
               || coalesce(t.unit, 'no unit') || ' (expected a ' || f.predicate || ' in '
               || coalesce(f.unit, 'no unit') || ')'
        FROM facts AS f JOIN facts AS t ON t.fact_id = f.part_of
        WHERE t.predicate IS NOT f.predicate OR t.unit IS NOT f.unit""",
    "part_of is a share": """
        SELECT f.line, 'part_of', 'is ' || f.value || ', more than the ' || t.value || ' of '
               || t.fact_id || ' (expected a share of it)'
        FROM facts AS f JOIN facts AS t ON t.fact_id = f.part_of
        WHERE t.unit IS f.unit AND f.value > t.value""",
    "part_of has no cycle": """
        WITH RECURSIVE walk (origin, line, node, depth) AS (
            SELECT f.fact_id, f.line, t.part_of, 2
            FROM facts AS f JOIN facts AS t ON t.fact_id = f.part_of
            WHERE f.part_of IS NOT NULL AND t.part_of IS NOT NULL
            UNION ALL
            SELECT w.origin, w.line, f.part_of, w.depth + 1
            FROM walk AS w JOIN facts AS f ON f.fact_id = w.node
            WHERE f.part_of IS NOT NULL AND w.node <> w.origin AND w.depth < 64
        )
        SELECT DISTINCT line, 'part_of', 'forms a cycle through ' || quote(origin)
               || ' (expected a chain that ends in a total)'
        FROM walk WHERE node = origin""",
    "equivalent_of names a fact": _link("equivalent_of", "the id of the yuan amount"),
    "equivalent_of is the yuan amount": """
        SELECT f.line, 'equivalent_of', 'points to ' || t.fact_id || ', a ' || t.predicate
               || ' in ' || coalesce(t.unit, 'no unit') || ' (expected a ' || f.predicate
               || ' in CNY from the same seed)'
        FROM facts AS f JOIN facts AS t ON t.fact_id = f.equivalent_of
        WHERE t.predicate IS NOT f.predicate OR t.unit IS NOT 'CNY' OR t.seed IS NOT f.seed""",
    "one dollar figure per yuan amount": """
        SELECT f.line, 'equivalent_of', 'a second dollar figure for ' || f.equivalent_of
               || ' (expected one; the first is on line ' || d.first || ')'
        FROM facts AS f JOIN (
            SELECT equivalent_of, min(line) AS first FROM facts WHERE equivalent_of IS NOT NULL
            GROUP BY equivalent_of HAVING count(*) > 1
        ) AS d ON d.equivalent_of = f.equivalent_of AND f.line > d.first""",
    "restates names a fact": _link("restates", "the id of an earlier report"),
    "a report is restated once": """
        SELECT f.line, 'restates', f.restates || ' is already restated on line ' || d.first
               || ' (expected a chain: restate the latest report)'
        FROM facts AS f JOIN (
            SELECT restates, min(line) AS first FROM facts WHERE restates IS NOT NULL
            GROUP BY restates HAVING count(*) > 1
        ) AS d ON d.restates = f.restates AND f.line > d.first""",
    "restates the same quantity": """
        SELECT f.line, 'restates', 'points to ' || t.fact_id || ', a ' || t.predicate || ' in '
               || coalesce(t.unit, 'no unit') || ' of ' || quote(t.subject) || ' (expected a '
               || f.predicate || ' in ' || coalesce(f.unit, 'no unit') || ' of '
               || quote(f.subject) || ' from another seed)'
        FROM facts AS f JOIN facts AS t ON t.fact_id = f.restates
        WHERE t.predicate IS NOT f.predicate OR t.unit IS NOT f.unit
           OR t.subject IS NOT f.subject OR t.seed IS f.seed""",
    "published year is the publication's": """
        SELECT f.line, 'year', f.year || ' is not the publication year '
               || substr(p.object, 1, 4) || ' (expected it with year_basis published)'
        FROM facts AS f CROSS JOIN facts AS p  -- CROSS: each fact, then its seed's date by the
          -- (subject, predicate) index (a metadata fact's subject is its seed): linear, where a
          -- join on seed scans every fact of the article for each fact of it
          ON p.subject = f.seed AND p.predicate = 'published'
        WHERE f.year_basis = 'published'
          AND f.year IS NOT CAST(substr(p.object, 1, 4) AS INTEGER)""",
    "one title, publisher and date per seed": """
        SELECT f.line, 'predicate', 'a second ' || f.predicate || ' fact for ' || f.seed
               || ' (expected one; the first is ' || d.first_id || ')'
        FROM facts AS f JOIN (
            SELECT m.seed, m.predicate, min(m.line) AS first, min(m.fact_id) AS first_id
            FROM sources AS s CROSS JOIN facts AS m  -- CROSS: seeds first, then the index
              ON m.subject = s.seed AND m.predicate IN ({predicate.metadata})
            GROUP BY m.seed, m.predicate HAVING count(*) > 1
        ) AS d ON d.seed = f.seed AND d.predicate = f.predicate AND f.line > d.first""",
    "one belongs_to per subject": """
        SELECT f.line, 'object', quote(f.subject) || ' already belongs to '
               || quote(d.first_object) || ' (expected one belongs_to per subject)'
        FROM facts AS f JOIN (
            SELECT subject, min(line) AS first, object AS first_object FROM facts
            WHERE predicate = 'belongs_to' GROUP BY subject HAVING count(*) > 1
        ) AS d ON d.subject = f.subject AND f.predicate = 'belongs_to' AND f.line > d.first""",
    "every seed has a title and a date": """
        SELECT 0, 'seed', 'no ' || m.predicate || ' fact for ' || s.seed
               || ' (expected one per seed)'
        FROM sources AS s CROSS JOIN (SELECT 'title' AS predicate UNION ALL SELECT 'published') AS m
        WHERE NOT EXISTS (SELECT 1 FROM facts AS f
                          WHERE f.seed = s.seed AND f.predicate = m.predicate)""",
}


# Run only when the unique index on fact_id cannot be built (see schema.sql): cheaper than a scan
# of every id on every build.
ON_FAILURE = frozenset({"unique fact ids"})

# Warnings: what is allowed but usually a mistake. Each query returns (line, message) rows. A
# running total is said to be one, so it is never taken for an unlinked report of another amount.
# The predicates whose facts may be stocks (running totals): those of the vocabulary's stock classes.
_STOCKS = """(SELECT p.term FROM vocabulary AS p JOIN vocabulary AS s
              ON s.kind = 'stock' AND s.term = p.class WHERE p.kind = 'predicate')"""
WARNINGS: dict[str, str] = {
    # Two facts of one holder (or of a park and a park it belongs to), one kind and unit (a count:
    # of one thing), from two articles, for overlapping years or both undated, that nothing links.
    "two articles, overlapping, unlinked": f"""
        SELECT b.line, b.fact_id || ' (' || b.seed || ') and ' || a.fact_id || ' (' || a.seed
               || ') both give the ' || b.predicate || ' in ' || b.unit || ' of '
               || CASE WHEN a.subject = b.subject THEN quote(b.subject)
                       ELSE quote(a.subject) || ' and of ' || quote(b.subject) || ', one inside '
                            || 'the other' END
               || CASE WHEN a.year IS NULL THEN ', both undated' ELSE ' for overlapping years' END
               || ', and nothing links them (expected restates ' || a.fact_id || ' on '
               || b.fact_id || ' if it is the same amount reported again; part_of if one is a '
               || 'share of the other; running_total yes on a total to its date; or running_total '
               || 'no on ' || b.fact_id || ' if it is an amount of its own)'
        FROM facts AS a JOIN facts AS b
          ON b.predicate = a.predicate AND b.unit = a.unit AND b.seed > a.seed
         AND (b.subject = a.subject
              OR EXISTS (SELECT 1 FROM entity_ancestors AS e WHERE e.entity = b.subject
                         AND e.ancestor = a.subject)
              OR EXISTS (SELECT 1 FROM entity_ancestors AS e WHERE e.entity = a.subject
                         AND e.ancestor = b.subject))
        WHERE a.predicate IN {_STOCKS} AND a.value IS NOT NULL AND b.value IS NOT NULL
          AND a.equivalent_of IS NULL AND b.equivalent_of IS NULL
          AND a.part_of IS NULL AND b.part_of IS NULL
          AND a.running_total IS NULL AND b.running_total IS NULL
          AND (a.unit <> 'count' OR lower(trim(a.object)) IS lower(trim(b.object)))
          AND ((a.year IS NULL AND b.year IS NULL)
               OR (a.year <= coalesce(b.year_end, b.year) AND b.year <= coalesce(a.year_end, a.year)))
          AND b.restates IS NOT a.fact_id AND a.restates IS NOT b.fact_id""",
    # An amount, count or area whose quote has words of a total to date, not said to be one or not.
    "cumulative words, no running_total": """
        SELECT f.line, f.fact_id || ': the quote says ' || quote((  -- the first such words
                   SELECT substr(min(printf('%06d', instr(lower(f.quote), v.term)) || v.term), 7)
                   FROM vocabulary AS v WHERE v.kind = 'cumulative'
                   AND instr(lower(f.quote), v.term) > 0))
               || ' but running_total is blank (expected yes if it is a total to its date, as of '
               || 'the article''s date or as_of; no if it is not)'
        FROM facts AS f
        WHERE f.predicate IN """ + _STOCKS + """ AND f.running_total IS NULL AND f.part_of IS NULL
          AND f.equivalent_of IS NULL AND f.value IS NOT NULL
          AND f.status NOT IN ({status.plan}, {status.target})  -- a goal is not a total to date
          AND EXISTS (SELECT 1 FROM vocabulary AS v WHERE v.kind = 'cumulative'
                      AND instr(lower(f.quote), v.term) > 0)""",
}


def warn_rows(conn: Conn) -> list[tuple[int, str]]:
    """(line, message) of every row a warning applies to, in line order."""
    found: list[tuple[int, str]] = []
    for sql in WARNINGS.values():
        found += conn.execute(vocabulary.expand(sql)).fetchall()
    return sorted(found)


def check_rows(conn: Conn, names: Iterable[str] | None = None) -> list[tuple[int, str, str]]:
    """(line, column, message) of every row that breaks a named check (by default, every check
    but those run only when an index fails), in line order."""
    conn.execute(CREATE_REJECTED)
    problems: list[tuple[int, str, str]] = []
    for name in names or [n for n in CHECKS if n not in ON_FAILURE]:
        problems += conn.execute(vocabulary.expand(CHECKS[name])).fetchall()
    return sorted(problems)
