"""Every SQL query parkdb runs, each a function returning a Result (or plain rows for the loader).

SQL lives here and in schema.sql only. User-supplied values always reach SQLite as bound
parameters; the only text ever formatted into a statement is a column name picked from a fixed
table (``GROUP_COLUMNS``). Names given by users (seeds, regions, sectors, subjects, fact ids) are
resolved first, so that an unknown one is a ``NotFound`` with the closest names suggested.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from .errors import NotFound, QueryError, closest_names
from .result import MARK_CLOSE, MARK_OPEN, Result, from_cursor

if TYPE_CHECKING:
    from pathlib import Path

FACT_COLUMNS = (
    "fact_id", "seed", "subject", "predicate", "object", "value", "unit", "value_text",
    "qualifier", "year", "year_end", "year_basis", "status", "part_of", "equivalent_of",
    "quote", "start", "end", "note",
)


class Conn(Protocol):
    """What a query needs: sqlite3.Connection or db.ReadOnlyConnection."""

    def execute(self, sql: str, params: Any = ..., /) -> sqlite3.Cursor: ...


GROUP_COLUMNS = {"province": "province", "city": "city", "county": "county", "park": "park"}


# --- the loader's queries ----------------------------------------------------------------------

# Columns a blank CSV cell leaves NULL, and how the bulk load turns CSV text into stored values.
NULLABLE_COLUMNS = frozenset({
    "object", "value", "unit", "value_text", "qualifier", "year", "year_end", "year_basis",
    "status", "part_of", "equivalent_of", "note",
})
_BULK_VALUES = ", ".join(
    "CAST(nullif(?, '') AS NUMERIC)" if column == "value"
    else "nullif(?, '')" if column in NULLABLE_COLUMNS else "?"
    for column in FACT_COLUMNS)
INSERT_FACTS = f"INSERT INTO facts VALUES ({_BULK_VALUES}, ?)"


def insert_facts(conn: sqlite3.Connection, rows: Iterable[Sequence[Any]]) -> None:
    """Insert CSV rows (all text, in FACT_COLUMNS order, then the line) into facts.

    A blank cell becomes NULL and value a number, as in the careful loader's records; year, start
    and end become integers through the columns' INTEGER type.
    """
    conn.executemany(INSERT_FACTS, rows)


def append_facts(conn: sqlite3.Connection, part: Path) -> None:
    """Append the facts of a side database (same schema, no indexes yet: SQLite copies records)."""
    conn.execute("ATTACH DATABASE ? AS part", (str(part),))
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


def copy_articles(conn: sqlite3.Connection, part: Path) -> None:
    """Copy sources, passages and their full-text index from a side database built by
    ``insert_articles`` and the schema's search part.

    The FTS5 table is created from the side database's own definition, then its shadow tables
    (data, idx, docsize, config) are replaced by the side database's rows: the same bytes a rebuild
    would write (tests run FTS5's integrity-check on the result).
    """
    conn.execute("ATTACH DATABASE ? AS part", (str(part),))
    try:
        conn.execute("INSERT INTO sources SELECT * FROM part.sources")
        conn.execute("INSERT INTO passages SELECT * FROM part.passages")
        (create,) = conn.execute("SELECT sql FROM part.sqlite_master "
                                 "WHERE name = 'passages_fts'").fetchone()
        conn.execute(create)
        shadows = [name for (name,) in conn.execute(
            "SELECT name FROM part.sqlite_master WHERE type = 'table' "
            "AND name GLOB 'passages_fts_*' ORDER BY name")]
        for name in shadows:  # names read from the side database's own catalogue
            conn.execute(f'DELETE FROM main."{name}"')
            conn.execute(f'INSERT INTO main."{name}" SELECT * FROM part."{name}"')
    finally:
        conn.execute("DETACH DATABASE part")


def insert_meta(conn: sqlite3.Connection, content_hash: str, fingerprint: str, facts: int) -> None:
    """Record what the database was built from (see db.connect) and how many facts it holds."""
    conn.execute("INSERT INTO meta VALUES ('content_hash', ?), ('fingerprint', ?), ('facts', ?)",
                 (content_hash, fingerprint, str(facts)))


def set_seed_metadata(conn: sqlite3.Connection) -> None:
    """Fill sources' title, publisher and published from each seed's metadata facts."""
    conn.executemany(
        "UPDATE sources SET title = ?, publisher = ?, published = ?, published_text = ? "
        "WHERE seed = ?", [(*meta, seed) for seed, meta in seed_metadata(conn).items()])


def duplicate_ids(conn: Conn) -> list[tuple[int, str, str]]:
    """(line, column, message) for every fact_id that repeats an earlier line's."""
    sql = """
        SELECT f.line, 'fact_id', 'duplicate fact_id ' || quote(f.fact_id)
               || ' (first on line ' || d.first || '; expected each id once)'
        FROM facts AS f
        JOIN (SELECT fact_id, min(line) AS first FROM facts GROUP BY fact_id
              HAVING count(*) > 1) AS d ON d.fact_id = f.fact_id
        WHERE f.line > d.first ORDER BY f.line"""
    return conn.execute(sql).fetchall()


def fact_link_problems(conn: Conn) -> list[tuple[int, str, str]]:
    """(line, column, message) for part_of, equivalent_of, belongs_to and metadata problems.

    Needs the unique index on fact_id (run after the post-load schema).
    """
    sql = """
        SELECT f.line, 'part_of', 'points to ' || quote(f.part_of)
               || ', which is not a fact_id (expected the id of a larger amount)'
        FROM facts AS f LEFT JOIN facts AS t ON t.fact_id = f.part_of
        WHERE f.part_of IS NOT NULL AND t.fact_id IS NULL
        UNION ALL
        SELECT f.line, 'part_of', 'points to ' || t.fact_id || ', a ' || t.predicate || ' in '
               || coalesce(t.unit, 'no unit') || ' (expected a ' || f.predicate || ' in '
               || coalesce(f.unit, 'no unit') || ')'
        FROM facts AS f JOIN facts AS t ON t.fact_id = f.part_of
        WHERE t.predicate IS NOT f.predicate OR t.unit IS NOT f.unit
        UNION ALL
        SELECT f.line, 'part_of', 'is ' || f.value || ', more than the ' || t.value || ' of '
               || t.fact_id || ' (expected a share of it)'
        FROM facts AS f JOIN facts AS t ON t.fact_id = f.part_of
        WHERE t.unit IS f.unit AND f.value > t.value
        UNION ALL
        SELECT f.line, 'equivalent_of', 'points to ' || quote(f.equivalent_of)
               || ', which is not a fact_id (expected the id of the yuan amount)'
        FROM facts AS f LEFT JOIN facts AS t ON t.fact_id = f.equivalent_of
        WHERE f.equivalent_of IS NOT NULL AND t.fact_id IS NULL
        UNION ALL
        SELECT f.line, 'equivalent_of', 'points to ' || t.fact_id || ', a ' || t.predicate
               || ' in ' || coalesce(t.unit, 'no unit') || ' (expected a ' || f.predicate
               || ' in CNY from the same seed)'
        FROM facts AS f JOIN facts AS t ON t.fact_id = f.equivalent_of
        WHERE t.predicate IS NOT f.predicate OR t.unit IS NOT 'CNY' OR t.seed IS NOT f.seed
        UNION ALL
        SELECT f.line, 'year', f.year || ' is not the publication year '
               || substr(p.object, 1, 4) || ' (expected it with year_basis published)'
        FROM facts AS f JOIN facts AS p ON p.seed = f.seed AND p.predicate = 'published'
        WHERE f.year_basis = 'published' AND f.year IS NOT CAST(substr(p.object, 1, 4) AS INTEGER)
        UNION ALL
        SELECT f.line, 'predicate', 'a second ' || f.predicate || ' fact for ' || f.seed
               || ' (expected one; the first is ' || d.first_id || ')'
        FROM facts AS f JOIN (
            SELECT seed, predicate, min(line) AS first, min(fact_id) AS first_id FROM facts
            WHERE predicate IN ('title', 'publisher', 'published')
            GROUP BY seed, predicate HAVING count(*) > 1
        ) AS d ON d.seed = f.seed AND d.predicate = f.predicate AND f.line > d.first
        UNION ALL
        SELECT f.line, 'object', quote(f.subject) || ' already belongs to ' || quote(d.first_object)
               || ' (expected one belongs_to per subject)'
        FROM facts AS f JOIN (
            SELECT subject, min(line) AS first, object AS first_object FROM facts
            WHERE predicate = 'belongs_to' GROUP BY subject HAVING count(*) > 1
        ) AS d ON d.subject = f.subject AND f.predicate = 'belongs_to' AND f.line > d.first
        ORDER BY 1"""
    problems = conn.execute(sql).fetchall()
    # A cycle has at least two links (a fact that is part of itself is refused row by row), so the
    # walk starts only from amounts whose total is itself a part of something.
    cycles = """
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
        FROM walk WHERE node = origin ORDER BY line"""
    problems += conn.execute(cycles).fetchall()
    missing = """
        SELECT 0, 'seed', 'no ' || m.predicate || ' fact for ' || s.seed
               || ' (expected one per seed)'
        FROM sources AS s CROSS JOIN (SELECT 'title' AS predicate UNION ALL SELECT 'published') AS m
        WHERE NOT EXISTS (SELECT 1 FROM facts AS f
                          WHERE f.seed = s.seed AND f.predicate = m.predicate)"""
    problems += conn.execute(missing).fetchall()
    return sorted(problems)


def entity_links(conn: Conn) -> list[tuple[str, str, str]]:
    """(subject, predicate, object) of every belongs_to and located_in fact, in file order (both
    loader paths insert rows in file order)."""
    sql = """SELECT subject, predicate, object FROM facts
             WHERE predicate IN ('belongs_to', 'located_in') ORDER BY rowid"""
    return conn.execute(sql).fetchall()


def seed_metadata(conn: Conn) -> dict[str, tuple[Any, ...]]:
    """seed -> (title, publisher, published ISO date, published as printed)."""
    sql = """
        SELECT seed,
               max(CASE WHEN predicate = 'title' THEN object END),
               max(CASE WHEN predicate = 'publisher' THEN object END),
               max(CASE WHEN predicate = 'published' THEN object END),
               max(CASE WHEN predicate = 'published' THEN value_text END)
        FROM facts WHERE predicate IN ('title', 'publisher', 'published') GROUP BY seed"""
    return {row[0]: row[1:] for row in conn.execute(sql)}


def fact_counts(conn: Conn) -> tuple[dict[str, int], dict[str, int]]:
    """Number of facts per seed and per predicate."""
    per_seed = dict(conn.execute("SELECT seed, count(*) FROM facts GROUP BY seed ORDER BY seed"))
    per_predicate = dict(conn.execute(
        "SELECT predicate, count(*) FROM facts GROUP BY predicate ORDER BY count(*) DESC, 1"))
    return per_seed, per_predicate


def quote_spans(conn: Conn) -> dict[str, list[tuple[int, int]]]:
    """seed -> the [start, end) spans of its facts' quotes."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for seed, start, end in conn.execute('SELECT seed, start, "end" FROM facts ORDER BY seed'):
        spans.setdefault(seed, []).append((start, end))
    return spans


def seed_texts(conn: Conn) -> dict[str, str]:
    """seed -> full text of the article."""
    return dict(conn.execute("SELECT seed, text FROM sources ORDER BY seed"))


# --- resolving names ---------------------------------------------------------------------------

def resolve_seed(conn: Conn, name: str) -> str:
    """The seed file named ``name`` or uniquely starting with it; raises NotFound."""
    seeds: list[str] = [row[0] for row in conn.execute("SELECT seed FROM sources ORDER BY seed")]
    if name in seeds:
        return name
    matches: list[str] = [s for s in seeds if s.startswith(name)]
    if len(matches) == 1:
        return matches[0]
    raise NotFound("seed", name, matches[:5] or closest_names(name, seeds))


def resolve_region(conn: Conn, name: str) -> str:
    """The gazetteer name for ``name`` (a name or alias, any case); raises NotFound."""
    rows = conn.execute("SELECT name, aliases FROM regions").fetchall()
    spellings = {}
    for region, aliases in rows:
        for spelling in [region, *(aliases or "").split(";")]:
            if spelling.strip():
                spellings[spelling.strip().lower()] = region
    found: str | None = spellings.get(name.strip().lower())
    if found:
        return found
    raise NotFound("region", name, closest_names(name, [r for r, _ in rows]))


def resolve_sector(conn: Conn, name: str) -> str:
    """The sector spelled ``name`` (any case); raises NotFound."""
    sectors: list[str] = [r[0] for r in conn.execute(
        "SELECT DISTINCT object FROM facts WHERE predicate = 'sector' ORDER BY object")]
    for sector in sectors:
        if sector.lower() == name.strip().lower():
            return sector
    raise NotFound("sector", name, closest_names(name, sectors))


def resolve_subject(conn: Conn, name: str) -> str:
    """The entity or region called ``name`` (or an alias, any case); raises NotFound."""
    rows = conn.execute("""SELECT name, aliases FROM entities
                           UNION ALL SELECT name, aliases FROM regions""").fetchall()
    for subject, aliases in rows:
        spellings = [subject, *(aliases or "").split(";")]
        if name.strip().lower() in (s.strip().lower() for s in spellings):
            return str(subject)
    raise NotFound("park, company or region", name, closest_names(name, [r for r, _ in rows]))


def resolve_fact(conn: Conn, fact_id: str) -> str:
    """The fact id ``fact_id`` (any case); raises NotFound."""
    row = conn.execute("SELECT fact_id FROM facts WHERE fact_id = ? COLLATE NOCASE",
                       (fact_id.strip(),)).fetchone()
    if row:
        return str(row[0])
    ids = [r[0] for r in conn.execute("SELECT fact_id FROM facts WHERE fact_id LIKE ?",
                                      (fact_id.strip()[:4] + "%",))]
    raise NotFound("fact", fact_id, closest_names(fact_id, ids))


def resolve_predicate(conn: Conn, name: str) -> str:
    """A predicate that occurs in the facts; raises NotFound."""
    predicates: list[str] = [r[0] for r in conn.execute("SELECT DISTINCT predicate FROM facts ORDER BY 1")]
    if name in predicates:
        return name
    raise NotFound("predicate", name, closest_names(name, predicates))


# --- the analysts' questions -------------------------------------------------------------------

def investments(conn: Conn, by: str = "province",
                years: tuple[int, int] | None = None, sector: str | None = None,
                region: str | None = None, status: str | None = None, currency: str = "CNY",
                include_nested: bool = False, cite: bool = False) -> Result:
    """Investment totals (never output value or revenue) grouped by province, city, county or park.

    Amounts that are a share of a larger one (part_of) are left out unless ``include_nested``.
    In CNY, only amounts stated in yuan are summed; in USD, every amount is taken in dollars (see
    the amounts_usd view), and the rows say how many were converted and at which rates.
    """
    group = GROUP_COLUMNS[by]
    params: dict[str, Any] = {
        "status": status, "region": region, "sector": sector,
        "year_from": years[0] if years else None, "year_to": years[1] if years else None,
        "currency": currency,
    }
    # Only the filters asked for go into the WHERE clause, so that the common question runs the
    # same plain SQL one would write by hand (a NULL-parameter test still costs per row).
    conditions = ["predicate = 'investment'"]
    if not include_nested:
        conditions.append("part_of IS NULL")
    if status is not None:
        conditions.append("status = :status")
    if years is not None:
        conditions.append("year BETWEEN :year_from AND :year_to")
    if region is not None:
        conditions.append("region IN (SELECT region FROM region_ancestors WHERE ancestor = :region)")
    if sector is not None:
        conditions.append("""EXISTS (SELECT 1 FROM facts AS s WHERE s.predicate = 'sector'
               AND s.object = :sector AND s.subject IN (a.subject, a.park))""")
    where = "WHERE " + "\n          AND ".join(conditions)
    cited = (", group_concat(fact_id, ' ') AS fact_ids, group_concat(DISTINCT seed) AS seeds"
             if cite else "")
    if currency == "USD":
        sql = f"""
            SELECT {group} AS {by}, round(sum(usd), 2) AS total, 'USD' AS currency, count(*) AS facts,
                   count(qualifier) AS approximate,
                   count(CASE WHEN usd_basis <> 'stated' THEN 1 END) AS converted,
                   group_concat(CASE WHEN usd_basis <> 'stated' THEN fact_id || ' at '
                       || printf('%.4f', rate) || ' CNY/USD (' || usd_source || ')' END, '; ')
                       AS conversion,
                   count(*) - count(usd) AS unconverted{cited}
            FROM amounts_usd AS a {where}
            GROUP BY 1 ORDER BY total DESC NULLS LAST, 1"""
    else:
        sql = f"""
            SELECT {group} AS {by}, sum(value) AS total, currency, count(*) AS facts,
                   count(qualifier) AS approximate{cited}
            FROM amounts AS a {where} AND currency = :currency
            GROUP BY 1, 3 ORDER BY total DESC, 1"""
    return from_cursor(conn.execute(sql, params), units={"total": "currency"}, chart="total",
                       label=by, title=f"Investment by {by} ({currency})",
                       lists={"fact_ids": " ", "seeds": ",", "conversion": "; "})


def parks(conn: Conn, sector: str | None = None, year: int | None = None,
          region: str | None = None) -> Result:
    """Parks, zones, new areas and clusters with region chain, sectors, years and seeds."""
    sql = """
        SELECT park, kind, part_of, region, city, province, sectors, years, seeds FROM parks AS p
        WHERE (:sector IS NULL OR EXISTS (SELECT 1 FROM facts WHERE subject = p.park
                                          AND predicate = 'sector' AND object = :sector))
          AND (:year IS NULL OR EXISTS (SELECT 1 FROM facts WHERE subject = p.park
                                        AND :year BETWEEN year AND coalesce(year_end, year)))
          AND (:region IS NULL OR region IN
               (SELECT region FROM region_ancestors WHERE ancestor = :region))
        ORDER BY province, city, park"""
    params = {"sector": sector, "year": year, "region": region}
    return from_cursor(conn.execute(sql, params), title="Parks and zones",
                       default_columns=("park", "kind", "city", "province", "sectors", "years"),
                       lists={"sectors": "; ", "years": "; ", "seeds": "; "})


def sectors(conn: Conn) -> Result:
    """Each sector with the parks (and other subjects) said to work in it, and its fact count."""
    sql = """
        SELECT f.object AS sector,
               group_concat(DISTINCT CASE WHEN s.kind IN ('park', 'zone', 'new_area', 'cluster')
                                          THEN f.subject END) AS parks,
               group_concat(DISTINCT CASE WHEN s.kind NOT IN ('park', 'zone', 'new_area',
                                          'cluster') THEN f.subject END) AS others,
               count(*) AS facts
        FROM facts AS f JOIN subjects AS s ON s.subject = f.subject
        WHERE f.predicate = 'sector'
        GROUP BY f.object ORDER BY facts DESC, sector"""
    return from_cursor(conn.execute(sql), title="Sectors", chart="facts", label="sector",
                       lists={"parks": ",", "others": ","})


def facts(conn: Conn, seed: str | None = None, predicate: str | None = None,
          subject: str | None = None) -> Result:
    """The facts, every column of data/facts.csv, in file order."""
    columns = ", ".join(f'"{c}"' for c in FACT_COLUMNS)
    sql = f"""
        SELECT {columns} FROM facts
        WHERE (:seed IS NULL OR seed = :seed) AND (:predicate IS NULL OR predicate = :predicate)
          AND (:subject IS NULL OR subject = :subject)
        ORDER BY rowid"""
    params = {"seed": seed, "predicate": predicate, "subject": subject}
    return from_cursor(conn.execute(sql, params), units={"value": "unit"}, title="Facts",
                       default_columns=("fact_id", "subject", "predicate", "value", "year",
                                        "status", "quote"), brief=frozenset({"quote"}))


def sources(conn: Conn) -> Result:
    """The articles: file, title, publisher, publication date and number of facts."""
    sql = """
        SELECT s.seed, s.title, s.publisher, s.published,
               (SELECT count(*) FROM facts AS f WHERE f.seed = s.seed) AS facts
        FROM sources AS s ORDER BY s.seed"""
    return from_cursor(conn.execute(sql), title="Sources")


def source(conn: Conn, seed: str) -> Result:
    """One article's facts; the title names the article."""
    row = conn.execute("SELECT title, publisher, published FROM sources WHERE seed = ?",
                       (seed,)).fetchone()
    result = facts(conn, seed=seed)
    result.title = f"{seed}: {row[0]} ({row[1] or 'publisher not printed'}, {row[2]})"
    return result


def cite(conn: Conn, fact_id: str) -> Result:
    """One fact with its quote marked « » inside the surrounding sentences of its article."""
    from .citations import context

    columns = ", ".join(f'f."{c}"' for c in FACT_COLUMNS)
    cursor = conn.execute(f"SELECT {columns}, s.text FROM facts AS f "
                          "JOIN sources AS s ON s.seed = f.seed WHERE f.fact_id = ?", (fact_id,))
    row = cursor.fetchone()
    text, fact = row[-1], dict(zip(FACT_COLUMNS, row[:-1], strict=True))
    lo, hi = context(text, fact["start"], fact["end"])
    marked = (text[lo:fact["start"]] + MARK_OPEN + text[fact["start"]:fact["end"]] + MARK_CLOSE
              + text[fact["end"]:hi]).strip()
    columns_out = [*FACT_COLUMNS, "context"]
    return Result(columns_out, [(*row[:-1], marked)], title=f"Fact {fact_id}",
                  units={"value": "unit"}, marked=frozenset({"context"}))


def _match_expression(text: str) -> str:
    """An FTS5 query matching every word of ``text``: each word quoted, so no syntax leaks in."""
    words = re.findall(r"\w+", text)
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def search(conn: Conn, text: str, limit: int = 20) -> Result:
    """Paragraphs matching every word of ``text``, best first, with the facts citing them."""
    expression = _match_expression(text)
    if not expression:
        raise QueryError(f"nothing to search for in {text!r} (expected words)")
    sql = """
        SELECT p.seed, p.start, p."end",
               snippet(passages_fts, 0, :open, :close, '…', 24) AS snippet,
               (SELECT group_concat(fact_id, ' ') FROM (
                    SELECT fact_id FROM facts AS f WHERE f.seed = p.seed
                    AND f.start < p."end" AND f."end" > p.start
                    ORDER BY f.start)) AS facts
        FROM passages_fts JOIN passages AS p ON p.passage_id = passages_fts.rowid
        WHERE passages_fts MATCH :q
        ORDER BY rank LIMIT :limit"""
    params = {"q": expression, "open": MARK_OPEN, "close": MARK_CLOSE, "limit": limit}
    return from_cursor(conn.execute(sql, params), title=f"Search: {text}",
                       marked=frozenset({"snippet"}), lists={"facts": " "},
                       default_columns=("seed", "snippet", "facts"))


def sql(conn: Conn, statement: str, params: dict[str, Any]) -> Result:
    """Run one read-only statement with named parameters (the connection enforces read-only)."""
    return from_cursor(conn.execute(statement, params), title="")
