"""The loader: CSV rows -> validated records -> one transaction into a temp DB -> atomic replace.

``build`` reads the seeds and the CSV files of a data directory, validates every row (types,
vocabularies, references, citations, the number in each quote), streams the facts into a new
database file next to the target, runs the post-load part of schema.sql, and only when everything
succeeded renames the new file over the old one. Any problem raises ``DataError`` listing all of
them as ``path:line: column: message``; the previous database is never touched.

Facts are streamed, never held in memory: cross-row checks (duplicate ids, ``part_of`` targets and
cycles) run as SQL over the loaded rows, which also keep their CSV line for the messages.
"""

from __future__ import annotations

import csv
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import resources, schema
from .citations import check_quote, parse_decimal, read_number
from .curation import Uncited, explanations, uncited_numbers
from .errors import CitationError, DataError, ParkdbError, Problem, closest_names
from .queries import FACT_COLUMNS
from .resources import seed_files
from .sources import Seed, articles, decode_problem, read_seed

REQUIRED_FACT_COLUMNS = FACT_COLUMNS[:-1]
REGION_COLUMNS = ("name", "level", "parent", "code", "aliases")
ENTITY_COLUMNS = ("name", "kind", "aliases")
FX_COLUMNS = ("year", "cny_per_usd", "source")
SOURCE_COLUMNS = ("seed", "sha256")

PREDICATES = frozenset({
    "title", "publisher", "published", "located_in", "belongs_to", "sector", "investment",
    "output_value", "revenue", "area", "count", "growth_rate", "event", "plan",
    "cooperates_with", "hosts", "project",
})
METADATA = frozenset({"title", "publisher", "published"})
MONEY = frozenset({"investment", "output_value", "revenue"})
UNITS_OF = {
    **{p: frozenset({"CNY", "USD"}) for p in MONEY},
    "area": frozenset({"km2", "m2", "mu"}),
    "count": frozenset({"count"}),
    "growth_rate": frozenset({"percent"}),
}
ENTITY_OBJECT = frozenset({"belongs_to", "hosts", "cooperates_with", "project"})
QUALIFIERS = frozenset({
    "about", "around", "approximately", "nearly", "almost", "over", "more than", "no less than",
    "at least", "less than", "up to",
})
STATUSES = frozenset({"planned", "signed", "intended", "under construction", "actual", "expected",
                      "target"})
YEAR_BASES = frozenset({"stated", "implied", "published"})
LEVELS = ("country", "economic region", "province", "prefecture", "county", "county-level city",
          "district", "town", "new area")
KINDS = ("park", "zone", "new_area", "cluster", "project", "company", "institution", "plan", "fund")
PARK_KINDS = frozenset({"park", "zone", "new_area", "cluster"})

MAX_PROBLEMS = 200
BATCH = 20_000


@dataclass
class BuildReport:
    """What a build or check loaded."""

    db_path: Path | None
    facts: int = 0
    seeds: int = 0
    entities: int = 0
    regions: int = 0
    facts_per_seed: dict[str, int] = field(default_factory=dict)
    facts_per_predicate: dict[str, int] = field(default_factory=dict)


class Problems:
    """Collects problems; stops collecting (but keeps counting) after MAX_PROBLEMS."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.count = 0
        self.citation_only = True

    def add(self, path: str, line: int, column: str, message: str, citation: bool = False) -> None:
        self.count += 1
        self.citation_only &= citation
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(Problem(path, line, column, message))

    def extend(self, problems: list[Problem]) -> None:
        for p in problems:
            self.add(p.path, p.line, p.column, p.message)

    def raise_if_any(self) -> None:
        if not self.count:
            return
        items = list(self.items)
        if self.count > len(items):
            items.append(Problem(items[-1].path, items[-1].line, "...",
                                 f"{self.count - len(items)} more problems not shown"))
        raise (CitationError if self.citation_only else DataError)(items)


def suggest(name: str, choices: Iterable[str]) -> str:
    """'; did you mean X?' for the closest choice, or ''."""
    close = closest_names(name, choices, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


# --- reading CSV files -------------------------------------------------------------------------

def display_path(path: Path) -> str:
    """A path as messages show it: relative to the bundled root or the working directory."""
    for base in (resources.bundled_root(), Path.cwd()):
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except (ValueError, ParkdbError):
            continue
    return str(path)


def _lines(handle: Any, shown: str, problems: Problems) -> Iterator[str]:
    """The file's lines, stopping at a NUL byte (which csv would otherwise accept silently)."""
    for number, line in enumerate(handle, start=1):
        if "\x00" in line:
            problems.add(shown, number, f"character {line.index(chr(0)) + 1}",
                         "NUL byte (expected text; was the file saved as UTF-16 or binary?)")
            return
        yield line


def read_csv(path: Path, columns: tuple[str, ...], required: tuple[str, ...],
             problems: Problems) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line, row) for each record of a CSV file, header checked against ``columns``.

    Every problem (missing file, bad encoding, bad header, broken quoting, ragged row) goes to
    ``problems`` with its line; a row that cannot be read is skipped.
    """
    shown = display_path(path)
    try:
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        problems.add(shown, 0, "file", "file not found (expected a CSV file)")
        return
    except OSError as exc:
        problems.add(shown, 0, "file", f"cannot read: {exc.strerror}")
        return
    try:
        reader = csv.reader(_lines(handle, shown, problems), strict=True)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            problems.add(shown, 1, "header", f"{exc} (expected a header row)")
            return
        if header is None:
            problems.add(shown, 1, "header", "file is empty (expected a header row: "
                         + ",".join(columns) + ")")
            return
        index = _check_header(header, columns, required, shown, problems)
        if index is None:
            return
        names = [h.strip() for h in header]
        width = len(header)
        last = 1
        rows = 0
        while True:
            line = last + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                problems.add(shown, line, "row", _csv_problem(exc))
                return
            last = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            rows += 1
            if len(row) != width:
                problems.add(shown, line, "row",
                             f"{len(row)} fields (expected {width}, one per header column)")
                continue
            # Cells are taken as they are: a stray space is reported by the checks, never dropped
            # silently (a quote's own spaces are part of it).
            yield line, dict(zip(names, row, strict=False))
        if rows == 0 and problems.count == 0:
            problems.add(shown, 2, "row", "no data rows after the header (expected at least one)")
    except UnicodeDecodeError:
        problem = decode_problem(shown, path.read_bytes())
        if problem:
            problems.extend([problem])
    finally:
        handle.close()


def _csv_problem(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return (f"a field is longer than {csv.field_size_limit()} characters (expected short "
                "cells; is a quote left open?)")
    return f"{exc} (expected well-formed CSV; is a quote left open?)"


def _check_header(header: list[str], columns: tuple[str, ...], required: tuple[str, ...],
                  shown: str, problems: Problems) -> dict[str, int] | None:
    names = [h.strip() for h in header]
    before = problems.count
    seen: set[str] = set()
    for name in names:
        if name in seen:
            problems.add(shown, 1, name, "column appears twice (expected each column once)")
        seen.add(name)
    for name in names:
        if name not in columns:
            problems.add(shown, 1, name or "(blank)", "unknown column (expected one of "
                         + ", ".join(columns) + ")" + suggest(name, columns))
    for name in required:
        if name not in seen:
            problems.add(shown, 1, name, "required column is missing (expected header: "
                         + ",".join(columns) + ")")
    if problems.count > before:
        return None
    return {name: names.index(name) for name in columns if name in seen}


# --- small tables ------------------------------------------------------------------------------

@dataclass
class Reference:
    """The small tables every fact is checked against."""

    seeds: dict[str, Seed]
    regions: dict[str, dict[str, str]]
    entities: dict[str, dict[str, str]]
    fx_rates: list[tuple[int, float, str]]


def read_reference(data_dir: Path, seeds_dir: Path, problems: Problems) -> Reference:
    """Read and check seeds, sources.csv, regions.csv, entities.csv and fx_rates.csv."""
    seeds: dict[str, Seed] = {}
    if not seeds_dir.is_dir():
        problems.add(display_path(seeds_dir), 0, "directory", "seeds directory not found")
    else:
        for path in seed_files(seeds_dir):
            seed = read_seed(path)
            if isinstance(seed, Problem):
                problems.extend([seed])
            else:
                seeds[seed.name] = seed
    _check_hashes(data_dir / "sources.csv", seeds, problems)
    regions = _read_named(data_dir / "regions.csv", REGION_COLUMNS, problems)
    shown = display_path(data_dir / "regions.csv")
    for name, row in regions.items():
        line = int(row["_line"])
        if row["level"] not in LEVELS:
            problems.add(shown, line, "level", f"unknown level {row['level']!r} (expected one of "
                         + ", ".join(LEVELS) + ")")
        if row["parent"] and row["parent"] not in regions:
            problems.add(shown, line, "parent", f"unknown region {row['parent']!r} (expected a "
                         "name in this file)" + suggest(row["parent"], regions))
        if row["code"] and not (len(row["code"]) == 6 and row["code"].isdigit()):
            problems.add(shown, line, "code", f"{row['code']!r} is not a GB/T 2260 code "
                         "(expected six digits, or blank when uncertain)")
        if _has_cycle(name, lambda n: regions.get(n, {}).get("parent") or None):
            problems.add(shown, line, "parent", f"{name!r} is its own ancestor (expected a tree)")
    entities = _read_named(data_dir / "entities.csv", ENTITY_COLUMNS, problems)
    shown = display_path(data_dir / "entities.csv")
    for name, row in entities.items():
        if row["kind"] not in KINDS:
            problems.add(shown, int(row["_line"]), "kind", f"unknown kind {row['kind']!r} "
                         "(expected one of " + ", ".join(KINDS) + ")")
        if name in regions:
            problems.add(shown, int(row["_line"]), "name", f"{name!r} is also a region "
                         "(expected a name used only once across entities and regions)")
    return Reference(seeds, regions, entities, _read_fx(data_dir / "fx_rates.csv", problems))


def _check_hashes(path: Path, seeds: dict[str, Seed], problems: Problems) -> None:
    shown = display_path(path)
    listed: set[str] = set()
    for line, row in read_csv(path, SOURCE_COLUMNS, SOURCE_COLUMNS, problems):
        listed.add(row["seed"])
        seed = seeds.get(row["seed"])
        if seed is None:
            problems.add(shown, line, "seed", f"no seed file {row['seed']!r} (expected a file in "
                         "seeds/)" + suggest(row["seed"], seeds))
        elif seed.sha256 != row["sha256"]:
            problems.add(shown, line, "sha256", f"seed {seed.name} has changed since it was "
                         f"curated: its sha256 is {seed.sha256} (expected {row['sha256']}); "
                         "re-check its facts, then update this line")
    for name in sorted(set(seeds) - listed):
        problems.add(shown, 0, "seed", f"seed file {name} is not listed (expected a line "
                     f"{name},{seeds[name].sha256})")


def _read_named(path: Path, columns: tuple[str, ...],
                problems: Problems) -> dict[str, dict[str, str]]:
    shown = display_path(path)
    named: dict[str, dict[str, str]] = {}
    for line, row in read_csv(path, columns, columns, problems):
        if not row["name"]:
            problems.add(shown, line, "name", "blank (expected a name)")
        elif row["name"] in named:
            problems.add(shown, line, "name", f"duplicate name {row['name']!r} (first on line "
                         f"{named[row['name']]['_line']})")
        else:
            named[row["name"]] = {**row, "_line": str(line)}
    return named


def _read_fx(path: Path, problems: Problems) -> list[tuple[int, float, str]]:
    shown = display_path(path)
    rates: list[tuple[int, float, str]] = []
    for line, row in read_csv(path, FX_COLUMNS, FX_COLUMNS, problems):
        rate = parse_decimal(row["cny_per_usd"])
        if not row["year"].isdigit():
            problems.add(shown, line, "year", f"{row['year']!r} is not a year (expected e.g. 2019)")
        elif rate is None or rate <= 0:
            problems.add(shown, line, "cny_per_usd", f"{row['cny_per_usd']!r} is not a rate "
                         "(expected a positive number of yuan per dollar)")
        elif not row["source"]:
            problems.add(shown, line, "source", "blank (expected the official series it is from)")
        else:
            rates.append((int(row["year"]), float(rate), row["source"]))
    return rates


def _has_cycle(start: str, parent: Callable[[str], str | None]) -> bool:
    seen = {start}
    node = parent(start)
    while node:
        if node in seen:
            return node == start
        seen.add(node)
        node = parent(node)
    return False


# --- facts -------------------------------------------------------------------------------------

def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _number(value: Decimal) -> int | float:
    integral = value == value.to_integral_value()
    return int(value) if integral and abs(value) < 2**53 else float(value)


RowProblem = tuple[str, str, bool]  # column, message, whether it is a citation problem


def check_fact(row: dict[str, str], ref: Reference) -> tuple[tuple[Any, ...] | None, list[RowProblem]]:
    """Validate one facts.csv row.

    Returns the row as a tuple for the facts table (None when it has problems) and its problems.
    """
    found: list[RowProblem] = []

    def add(column: str, message: str) -> None:
        found.append((column, message, False))

    def cite(column: str, message: str) -> None:
        found.append((column, message, True))

    fact_id, seed_name, subject = row["fact_id"], row["seed"], row["subject"]
    predicate, obj, unit = row["predicate"], row["object"], row["unit"]
    value_text, qualifier, quote = row["value_text"], row["qualifier"], row["quote"]
    if not fact_id or fact_id.split() != [fact_id]:
        add("fact_id", f"{fact_id!r} is not an id (expected a non-blank id without spaces)")
    seed = ref.seeds.get(seed_name)
    if seed is None:
        add("seed", f"unknown seed {seed_name!r} (expected a file name in seeds/)"
            + suggest(seed_name, ref.seeds))
    if predicate not in PREDICATES:
        add("predicate", f"unknown predicate {predicate!r} (expected one of "
            + ", ".join(sorted(PREDICATES)) + ")" + suggest(predicate, PREDICATES))
    elif predicate in METADATA:
        if subject != seed_name:
            add("subject", f"{subject!r} is not this fact's seed (expected {seed_name!r} for "
                f"a {predicate} fact)")
        if predicate == "published":
            try:
                date.fromisoformat(obj)
            except ValueError:
                add("object", f"{obj!r} is not a date (expected YYYY-MM-DD)")
    elif subject not in ref.entities and subject not in ref.regions:
        add("subject", f"unknown subject {subject!r} (expected a name from entities.csv or "
            "regions.csv)" + suggest(subject, [*ref.entities, *ref.regions]))
    if predicate == "located_in" and obj not in ref.regions:
        add("object", f"region {obj!r} is not in the gazetteer (expected a name from "
            "regions.csv)" + suggest(obj, ref.regions))
    elif predicate in ENTITY_OBJECT and obj not in ref.entities and obj not in ref.regions:
        add("object", f"unknown entity {obj!r} (expected a name from entities.csv or "
            "regions.csv)" + suggest(obj, [*ref.entities, *ref.regions]))
    elif predicate in PREDICATES and predicate not in MONEY and not obj:
        add("object", f"blank (expected an object for a {predicate} fact)")

    value: int | float | None = None
    units = UNITS_OF.get(predicate)
    if units is not None:
        number = parse_decimal(row["value"])
        if number is None:
            if row["value"].strip().lower() in {"nan", "inf", "-inf", "infinity", "-infinity"}:
                add("value", f"{row['value']!r} is not a finite number (expected a number)")
            else:
                add("value", f"{row['value']!r} is not a number (expected the number as stated, "
                    "e.g. 1800000000)")
        elif number < 0:
            add("value", f"{row['value']} is negative (expected a number >= 0)")
        else:
            value = _number(number)
            if not value_text:
                add("value_text", "blank (expected the words that state the number)")
            elif value_text not in quote:
                cite("value_text", f"{value_text!r} is not in the quote (expected the words of "
                     "the quote that state the number)")
            else:
                stated = read_number(value_text)
                if stated != number:
                    cite("value", f"{row['value']} is not what {value_text!r} says (the quote "
                         f"reads {format(stated.normalize(), 'f') if stated is not None else 'no number'})")
        if unit not in units:
            add("unit", f"{unit!r} is not a unit of {predicate} (expected one of "
                + ", ".join(sorted(units)) + ")")
        if row["status"] not in STATUSES:
            add("status", f"{row['status']!r} is not a status (expected one of "
                + ", ".join(sorted(STATUSES)) + ")")
    elif predicate in PREDICATES:
        for column in ("value", "unit"):
            if row[column]:
                add(column, f"{row[column]!r} given (expected blank for a {predicate} fact)")
        if row["status"] and row["status"] not in STATUSES:
            add("status", f"{row['status']!r} is not a status (expected one of "
                + ", ".join(sorted(STATUSES)) + ")")
    if qualifier:
        if qualifier not in QUALIFIERS:
            add("qualifier", f"unknown qualifier {qualifier!r} (expected one of "
                + ", ".join(sorted(QUALIFIERS)) + ")")
        elif qualifier.lower() not in quote.lower():
            cite("qualifier", f"{qualifier!r} is not in the quote (expected the word as written)")

    year, year_end = _int(row["year"]), _int(row["year_end"])
    basis = row["year_basis"]
    if row["year"] and (year is None or not 1900 <= year <= 2100):
        add("year", f"{row['year']!r} is not a year (expected four digits, 1900-2100)")
    if row["year_end"] and (year_end is None or year is None or year_end < year):
        add("year_end", f"{row['year_end']!r} is not a year after year (expected >= year)")
    if year is not None and basis not in YEAR_BASES:
        add("year_basis", f"{basis!r} is not a year basis (expected stated, implied or published)")
    elif year is None and basis:
        add("year_basis", f"{basis!r} given without a year (expected blank)")
    elif basis == "stated" and str(year) not in quote:
        cite("year", f"{year} is not in the quote (expected the year as written, or year_basis "
             "implied/published)")
    part_of, equivalent_of = row["part_of"], row["equivalent_of"]
    if part_of and part_of == fact_id:
        add("part_of", f"{part_of!r} is the fact itself (expected a larger amount)")
    if equivalent_of and unit != "USD":
        add("equivalent_of", f"given on a {unit or 'unitless'} fact (expected only on the USD "
            "figure that translates a yuan amount)")

    start, end = _int(row["start"]), _int(row["end"])
    if start is None:
        add("start", f"{row['start']!r} is not an offset (expected a whole number)")
    if end is None:
        add("end", f"{row['end']!r} is not an offset (expected a whole number)")
    if not quote:
        add("quote", "blank (expected the words of the article that support the fact)")
    elif seed is not None and start is not None and end is not None:
        wrong = check_quote(seed.text, quote, start, end)
        if wrong:
            cite("quote", wrong)
    if found:
        return None, found
    return (fact_id, seed_name, subject, predicate, obj or None, value, unit or None,
            value_text or None, qualifier or None, year, year_end, basis or None,
            row["status"] or None, part_of or None, equivalent_of or None, quote, start, end,
            row.get("note") or None), found


def load_facts(conn: sqlite3.Connection, path: Path, ref: Reference, problems: Problems) -> int:
    """Stream facts.csv into the facts table; return the number of rows read."""
    shown = display_path(path)
    rows = 0
    insert = ("INSERT INTO facts VALUES (" + ",".join("?" * (len(FACT_COLUMNS) + 1)) + ")")
    batch: list[tuple[Any, ...]] = []
    for line, row in read_csv(path, FACT_COLUMNS, REQUIRED_FACT_COLUMNS, problems):
        rows += 1
        record, found = check_fact(row, ref)
        for column, message, citation in found:
            problems.add(shown, line, column, message, citation)
        if record is not None:
            batch.append((*record, line))
            if len(batch) >= BATCH:
                conn.executemany(insert, batch)
                batch.clear()
    conn.executemany(insert, batch)
    return rows


# --- derived tables ----------------------------------------------------------------------------

def derive_entities(conn: sqlite3.Connection, ref: Reference) -> list[tuple[Any, ...]]:
    """Each entity with its parent, region and park, derived from belongs_to/located_in facts."""
    from . import queries

    parent: dict[str, str] = {}
    located: dict[str, list[str]] = {}
    for subject, predicate, obj in queries.entity_links(conn):
        if predicate == "belongs_to" and obj in ref.entities:
            parent.setdefault(subject, obj)
        elif predicate == "located_in":
            located.setdefault(subject, []).append(obj)

    def chain(region: str) -> list[str]:
        out = []
        node: str | None = region
        while node and node not in out:
            out.append(node)
            node = ref.regions.get(node, {}).get("parent") or None
        return out

    def region_of(name: str, depth: int = 0) -> str | None:
        places = located.get(name)
        if places:
            chains = [chain(p) for p in places]
            common = [r for r in chains[0] if all(r in c for c in chains[1:])]
            return common[0] if common else None
        up = parent.get(name)
        return region_of(up, depth + 1) if up and depth < 32 else None

    def park_of(name: str, depth: int = 0) -> str | None:
        if ref.entities[name]["kind"] in PARK_KINDS:
            return name
        up = parent.get(name)
        return park_of(up, depth + 1) if up and depth < 32 else None

    return [(name, row["kind"], row["aliases"] or None, parent.get(name), region_of(name),
             park_of(name)) for name, row in ref.entities.items()]


def _fill_small_tables(conn: sqlite3.Connection, ref: Reference) -> None:
    conn.executemany("INSERT INTO regions VALUES (?, ?, ?, ?, ?)",
                     [(n, r["level"], r["parent"] or None, r["code"] or None, r["aliases"] or None)
                      for n, r in ref.regions.items()])
    conn.executemany("INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?)", derive_entities(conn, ref))
    conn.executemany("INSERT INTO fx_rates VALUES (?, ?, ?)", ref.fx_rates)


def _report(conn: sqlite3.Connection, ref: Reference, facts: int) -> BuildReport:
    from . import queries

    report = BuildReport(None, facts=facts, seeds=len(ref.seeds), entities=len(ref.entities),
                         regions=len(ref.regions))
    report.facts_per_seed, report.facts_per_predicate = queries.fact_counts(conn)
    return report


def load(data_dir: Path, seeds_dir: Path, db_file: Path, schema_path: Path) -> BuildReport:
    """Validate everything and write a complete database to ``db_file`` (a new, empty file).

    The fast path (bulk.py) loads data that is right; at the first sign of a problem it gives way
    to the careful path, which starts again on an empty file and reports every problem.
    """
    from . import bulk

    problems = Problems()
    sch = schema.read_schema(schema_path)
    ref = read_reference(data_dir, seeds_dir, problems)
    if problems.count == 0:
        try:
            return _fast_load(ref, sch, data_dir, seeds_dir, db_file, schema_path)
        except (bulk.Fallback, sqlite3.Error, OSError, RuntimeError):
            db_file.write_bytes(b"")
    return _careful_load(problems, ref, sch, data_dir, seeds_dir, db_file, schema_path)


def _fast_load(ref: Reference, sch: schema.Schema, data_dir: Path, seeds_dir: Path,
               db_file: Path, schema_path: Path) -> BuildReport:
    """bulk.py's load; raises bulk.Fallback (or a SQLite error) at the first sign of a problem."""
    from . import bulk, queries

    with bulk.BulkLoad(ref, sch, data_dir, seeds_dir, schema_path, db_file) as job:
        conn = sqlite3.connect(db_file, isolation_level=None)
        try:
            schema.prepare_build(conn)
            schema.create_tables(conn, sch)
            facts = job.facts(conn)
            conn.execute("BEGIN")
            _fill_small_tables(conn, ref)
            conn.execute("COMMIT")
            schema.finish(conn, sch)  # the unique index on fact_id fails on a duplicate id
            digest, fingerprint = job.articles(conn)
            if queries.fact_link_problems(conn):
                raise bulk.Fallback("a part_of, equivalent_of or metadata problem")
            conn.execute("BEGIN")
            queries.set_seed_metadata(conn)
            queries.insert_meta(conn, digest, fingerprint, facts)
            conn.execute("COMMIT")
            return _report(conn, ref, facts)
        finally:
            conn.close()


def _careful_load(problems: Problems, ref: Reference, sch: schema.Schema, data_dir: Path,
                  seeds_dir: Path, db_file: Path, schema_path: Path) -> BuildReport:
    """Check every row with check_fact and report every problem (DataError) with its line."""
    from . import queries

    facts_path = data_dir / "facts.csv"
    shown = display_path(facts_path)
    conn = sqlite3.connect(db_file, isolation_level=None)
    try:
        schema.prepare_build(conn)
        schema.create_tables(conn, sch)
        # Every row has passed check_fact, which enforces the same vocabularies as schema.sql's
        # CHECK constraints (a test keeps the two in step) and says which line is wrong; evaluating
        # the constraints again per row would triple the insert time.
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute("BEGIN")
        facts = load_facts(conn, facts_path, ref, problems)
        conn.execute("PRAGMA ignore_check_constraints = OFF")
        if problems.count == 0:
            for line, column, message in queries.duplicate_ids(conn):
                problems.add(shown, line, column, message)
        problems.raise_if_any()
        _fill_small_tables(conn, ref)
        queries.insert_articles(conn, articles(ref.seeds.values()))
        queries.set_seed_metadata(conn)
        queries.insert_meta(conn, resources.content_hash(schema_path, data_dir, seeds_dir),
                            resources.fingerprint(schema_path, data_dir, seeds_dir), facts)
        schema.finish(conn, sch)
        schema.create_search(conn, sch)
        for line, column, message in queries.fact_link_problems(conn):
            problems.add(shown if line else display_path(seeds_dir), line, column, message)
        problems.raise_if_any()
        if conn.in_transaction:  # executescript() commits the bulk load before the post-load part
            conn.execute("COMMIT")
        return _report(conn, ref, facts)
    except sqlite3.Error as exc:
        raise ParkdbError(f"{db_file}: SQLite failed while building: {exc}") from exc
    finally:
        conn.close()


def build(data_dir: Path | None = None, seeds_dir: Path | None = None,
          db_path: Path | None = None, schema_path: Path | None = None) -> BuildReport:
    """Build the database at ``db_path`` atomically; raises DataError listing every problem.

    The new database is written to a temporary file in the same directory and renamed over
    ``db_path`` only when complete, so readers see either the old or the new database, and a failed
    or interrupted build leaves the old one byte-identical.
    """
    from .db import default_db_path

    data_dir = data_dir or resources.data_dir()
    seeds_dir = seeds_dir or resources.seeds_dir()
    schema_path = schema_path or resources.schema_path()
    db_path = db_path or default_db_path()
    if db_path.is_dir():
        raise ParkdbError(f"{db_path}: is a directory (expected a database file path)")
    directory = db_path.parent
    existing = next(p for p in (directory, *directory.parents) if p.exists())
    if not existing.is_dir():
        raise ParkdbError(f"{existing}: is not a directory, so it cannot hold a database "
                          "(choose another path with --db)")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{db_path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise ParkdbError(f"{directory}: cannot write a database here: {exc.strerror} "
                          "(choose another path with --db)") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        report = load(data_dir, seeds_dir, tmp, schema_path)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, db_path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    report.db_path = db_path
    return report


def check(data_dir: Path | None = None, seeds_dir: Path | None = None,
          schema_path: Path | None = None) -> tuple[BuildReport, list[Uncited]]:
    """Run every validation of ``build`` without keeping the database; raises DataError.

    Also returns the numbers in the articles that no fact cites (see curation.py).
    """
    from . import queries

    data_dir = data_dir or resources.data_dir()
    seeds_dir = seeds_dir or resources.seeds_dir()
    with tempfile.TemporaryDirectory(prefix="parkdb-check-") as tmp:
        db_file = Path(tmp) / "check.db"
        report = load(data_dir, seeds_dir, db_file, schema_path or resources.schema_path())
        conn = sqlite3.connect(db_file)
        try:
            uncited = uncited_numbers(queries.seed_texts(conn), queries.quote_spans(conn),
                                      explanations(data_dir / "CURATION.md"))
        finally:
            conn.close()
    return report, uncited
