"""The loader's fast path: an optimistic, parallel bulk load of data that is already right.

Nearly every build is of data that passes every check, so this path is built for that case. Rows go
from the C csv reader to ``executemany`` in small batches; on the way, each passes a quick check
(``Checker``) that accepts only rows the full check (``loader.check_fact``) accepts too. Cross-row
rules are then enforced by SQLite: the unique index on fact_id and ``queries.fact_link_problems``.

With two CPUs, a second process (forked, so it shares the reference tables) loads the second half of
facts.csv into a side database, then fills the articles and their full-text index into another and
computes the content hash, while this process loads the first half and builds the indexes. The side
databases are copied in at the end; SQLite copies whole records, so that costs little.

This path never reports problems itself. At the first sign of one (a row the quick check does not
accept, a duplicate id, a broken link, a NUL byte, bad UTF-8, broken CSV) it raises ``Fallback`` and
the loader starts again on its careful path, which finds every problem and reports it with its line.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import queries, resources, schema
from .citations import read_number
from .sources import articles

# Below this size a second process costs more than it saves.
PARALLEL_BYTES = 4 << 20
# How far past the middle of facts.csv to look for a record boundary before giving up on a split.
SPLIT_WINDOW = 1 << 20
CHUNK = 1 << 20


class Fallback(Exception):
    """Something is not right; the careful path will say what."""


class BulkLoad:
    """One fast build: ``facts`` loads facts.csv, ``articles`` the seeds and their search index.

    Between the two, the caller fills the small tables and runs the post-load schema; with two
    CPUs the second process is meanwhile building the search index. Use as a context manager: on
    leaving, the second process is stopped and the side databases are removed.
    """

    def __init__(self, ref: Any, sch: schema.Schema, data_dir: Path, seeds_dir: Path,
                 schema_path: Path, db_file: Path) -> None:
        self.ref, self.sch = ref, sch
        self.facts_path = data_dir / "facts.csv"
        self.inputs = (schema_path, data_dir, seeds_dir)
        self.size = self.facts_path.stat().st_size
        self.split = (split_point(self.facts_path, self.size)
                      if self.size >= PARALLEL_BYTES and _cpus() > 1 else None)
        self.parts: Path | None = None
        self.worker: _Worker | None = None
        if self.split is not None:
            self.parts = Path(tempfile.mkdtemp(prefix=".parkdb-parts-", dir=db_file.parent))
            self.worker = _Worker(self.facts_path, *self.split, self.size, self.parts, ref, sch,
                                  self.inputs)

    def __enter__(self) -> BulkLoad:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.worker is not None:
            self.worker.stop()
        if self.parts is not None:
            shutil.rmtree(self.parts, ignore_errors=True)

    def facts(self, conn: sqlite3.Connection) -> int:
        """Load every fact into ``conn``'s facts table; return how many. Raises Fallback."""
        if self.worker is None or self.split is None or self.parts is None:
            return load_rows(conn, _text(self.facts_path, 0, self.size), 0, self.ref)
        first = load_rows(conn, _text(self.facts_path, 0, self.split[0]), 0, self.ref)
        second: int = self.worker.wait_for("facts")
        queries.append_facts(conn, self.parts / "facts.db")
        return first + second

    def articles(self, conn: sqlite3.Connection) -> tuple[str, str]:
        """Fill sources, passages and the search index; return (content hash, fingerprint)."""
        if self.worker is None or self.parts is None:
            fill_articles(conn, self.ref, self.sch)
            return scan_inputs(self.facts_path, self.inputs)
        digest_and_fingerprint: tuple[str, str] = self.worker.wait_for("done")
        queries.copy_articles(conn, self.parts / "text.db")
        return digest_and_fingerprint


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


# --- the rows ----------------------------------------------------------------------------------

def load_rows(conn: sqlite3.Connection, stream: io.TextIOBase, lines_before: int, ref: Any) -> int:
    """Insert the records of ``stream`` (a header first when ``lines_before`` is 0); return how
    many. Raises Fallback."""
    reader = csv.reader(stream, strict=True)
    check = Checker(ref)
    rows = 0
    try:
        if lines_before == 0:
            header = next(reader, None)
            if header is None or [h.strip() for h in header] != list(queries.FACT_COLUMNS):
                raise Fallback("header is not the standard one")
        # Every row passes the Checker, which enforces the vocabularies of schema.sql's CHECK
        # constraints (a test keeps the two in step); evaluating them again per row triples the
        # insert time.
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute("BEGIN")
        last = reader.line_num + lines_before
        while batch := list(itertools.islice(reader, BATCH)):
            first, last = last + 1, reader.line_num + lines_before
            batch = check.rows(batch, first, last)
            queries.insert_facts(conn, batch)
            rows += len(batch)
        conn.execute("COMMIT")
        conn.execute("PRAGMA ignore_check_constraints = OFF")
    except (csv.Error, UnicodeDecodeError, sqlite3.Error) as exc:
        raise Fallback(str(exc)) from exc
    finally:
        stream.close()
    if lines_before == 0 and rows == 0:
        raise Fallback("no rows")
    return rows


BATCH = 256  # rows per executemany: small enough that a batch stays in the CPU cache
WIDTH = len(queries.FACT_COLUMNS)


class Checker:
    """Checks facts.csv rows: ``accepts`` is True only for rows ``loader.check_fact`` accepts too.

    It may refuse a good row written unusually (the careful path then loads it), but must never
    accept a bad one: tests hold the two together. It is one tight function per row; a column-wise
    version (set inclusion, ``map`` over columns) measured slower, because it walks each batch of
    rows through memory once per test instead of once.
    """

    def __init__(self, ref: Any) -> None:
        self.ref = ref
        self.accepts = self._make_check()

    def rows(self, batch: list[list[Any]], first: int, last: int) -> list[list[Any]]:
        """The batch, blank rows dropped and each row's line appended; raises Fallback unless
        every row is one line long (multi-line cells go the careful way) and accepted."""
        if last - first + 1 != len(batch):
            raise Fallback(f"lines {first}-{last}: a record spans several lines")
        lines: Iterable[int] = range(first, last + 1)
        if any(len(row) != WIDTH for row in batch):
            # Blank lines are skipped, as the careful path does; any other odd row is refused.
            kept = [(row, line) for row, line in zip(batch, lines, strict=True)
                    if row and (len(row) > 1 or row[0].strip())]
            batch, lines = [row for row, _ in kept], [line for _, line in kept]
        if not all(map(self.accepts, batch)):
            raise Fallback(f"lines {first}-{last}: a row needs the full check")
        list(map(list.append, batch, lines))  # the facts table's line column
        return batch

    def _make_check(self) -> Callable[[list[str]], bool]:
        from .loader import (
            ENTITY_OBJECT,
            METADATA,
            MONEY,
            PREDICATES,
            QUALIFIERS,
            STATUSES,
            UNITS_OF,
            YEAR_BASES,
        )

        seeds = self.ref.seeds
        regions = frozenset(self.ref.regions)
        names = frozenset(self.ref.entities) | regions
        years = frozenset(str(y) for y in range(1900, 2101))
        current: list[Any] = [None, ""]  # the seed whose text is at hand, and the text

        def check(row: list[str]) -> bool:
            if len(row) != WIDTH:
                return False
            (fact_id, seed, subject, predicate, obj, value, unit, value_text, qualifier, year,
             year_end, basis, status, part_of, equivalent_of, quote, start, end, _note) = row
            # an id without whitespace (isprintable is False for every space but " ")
            if not (fact_id and fact_id.isprintable() and " " not in fact_id):
                return False
            if seed not in seeds or predicate not in PREDICATES:
                return False
            if predicate in METADATA:
                if subject != seed or (predicate == "published" and not _is_date(obj)):
                    return False
            elif subject not in names:
                return False
            if predicate == "located_in":
                if obj not in regions:
                    return False
            elif predicate in ENTITY_OBJECT:
                if obj not in names:
                    return False
            elif not obj and predicate not in MONEY:
                return False
            units = UNITS_OF.get(predicate)
            if units is not None:
                if (unit not in units or status not in STATUSES or not value_text
                        or value_text not in quote or not _same_number(value, value_text)):
                    return False
            elif value or unit or (status and status not in STATUSES):
                return False
            if qualifier and (qualifier not in QUALIFIERS
                              or qualifier.lower() not in quote.lower()):
                return False
            if year:
                if (year not in years or basis not in YEAR_BASES
                        or (basis == "stated" and year not in quote)
                        or (year_end and (year_end not in years or year_end < year))):
                    return False
            elif year_end or basis:
                return False
            if (part_of and part_of == fact_id) or (equivalent_of and unit != "USD"):
                return False
            if not (quote and _ASCII_DIGITS.fullmatch(start) and _ASCII_DIGITS.fullmatch(end)):
                return False
            if seed != current[0]:  # facts come grouped by seed: keep one article at hand
                current[0], current[1] = seed, seeds[seed].text
            text: str = current[1]
            first, stop = int(start), int(end)
            return first < stop <= len(text) and text[first:stop] == quote

        return check


def _same_number(value: str, value_text: str) -> bool:
    """True when ``value`` is a plain decimal of at most 15 digits (which SQLite's CAST stores as
    the careful path does: an integer when whole) and is the number ``value_text`` states."""
    return (_PLAIN_NUMBER.fullmatch(value) is not None
            and read_number(value_text) == Decimal(value))


_ASCII_DIGITS = re.compile(r"[0-9]+")
# A value that SQLite's CAST stores exactly as the careful path does: at most 15 digits.
_PLAIN_NUMBER = re.compile(r"[0-9]{1,15}|(?=[0-9.]{3,16}$)[0-9]+\.[0-9]+")


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


# --- splitting the file ------------------------------------------------------------------------

def split_point(path: Path, size: int) -> tuple[int, int] | None:
    """(byte offset, lines before it) of a record boundary near the middle of a CSV file, or None.

    A newline ends a record when the double quotes before it are balanced (RFC 4180 escapes a quote
    by doubling it, so a quoted field always holds an even number). Files with bare carriage returns
    are not split, because csv counts those as line ends and the line numbers would drift.
    """
    middle = size // 2
    quotes = newlines = 0
    with open(path, "rb") as handle:
        while handle.tell() < middle:
            chunk = handle.read(min(CHUNK, middle - handle.tell()))
            if chunk.count(b"\r") != chunk.count(b"\r\n"):
                return None
            quotes += chunk.count(b'"')
            newlines += chunk.count(b"\n")
        window = handle.read(SPLIT_WINDOW)
    position = 0
    while (found := window.find(b"\n", position)) >= 0:
        quotes += window.count(b'"', position, found)
        newlines += 1
        position = found + 1
        if quotes % 2 == 0:
            return middle + position, newlines
    return None


def _text(path: Path, start: int, stop: int) -> io.TextIOWrapper:
    """The bytes [start, stop) of a file as UTF-8 text (with a BOM skipped at the start)."""
    raw = open(path, "rb", buffering=0)  # noqa: SIM115 - closed with the wrapper
    raw.seek(start)
    bounded = io.BufferedReader(_Bounded(raw, stop - start), buffer_size=CHUNK)
    return io.TextIOWrapper(bounded, encoding="utf-8-sig" if start == 0 else "utf-8", newline="")


class _Bounded(io.RawIOBase):
    """A raw stream that ends after ``left`` bytes of another one."""

    def __init__(self, raw: io.FileIO, left: int) -> None:
        self.raw, self.left = raw, left

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.left <= 0:
            return 0
        view = memoryview(buffer)
        read = self.raw.readinto(view[:min(len(view), self.left)]) or 0
        self.left -= read
        return read

    def close(self) -> None:
        self.raw.close()
        super().close()


# --- the articles and the inputs ---------------------------------------------------------------

def fill_articles(conn: sqlite3.Connection, ref: Any, sch: schema.Schema) -> None:
    """The sources (metadata still blank) and passages of every seed, and their full-text index."""
    conn.execute("BEGIN")
    queries.insert_articles(conn, articles(ref.seeds.values()))
    conn.execute("COMMIT")
    schema.create_search(conn, sch)


def scan_inputs(facts_path: Path, inputs: tuple[Path, Path, Path]) -> tuple[str, str]:
    """(content hash, fingerprint) of the inputs; raises Fallback if facts.csv holds a NUL byte,
    which the csv module would accept silently (a file saved as UTF-16 is full of them)."""
    with open(facts_path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            if b"\0" in chunk:
                raise Fallback("NUL byte")
    return resources.content_hash(*inputs), resources.fingerprint(*inputs)


# --- the second process ------------------------------------------------------------------------

class _Worker:
    """The forked second process, and the pipe it reports on.

    It sends ("facts", rows) when the second half is loaded and ("done", (hash, fingerprint)) when
    the articles are; ("fallback", why) or ("error", what) instead when something went wrong.
    """

    def __init__(self, facts_path: Path, offset: int, lines_before: int, size: int, parts: Path,
                 ref: Any, sch: schema.Schema, inputs: tuple[Path, Path, Path]) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_work, daemon=True,
            args=(send, facts_path, offset, size, lines_before, parts, ref, sch, inputs))
        self.process.start()
        send.close()

    def wait_for(self, stage: str) -> Any:
        try:
            kind, payload = self.receive.recv()
        except EOFError as exc:
            raise Fallback("the second process ended early") from exc
        if kind == "fallback":
            raise Fallback(payload)
        if kind != stage:
            raise RuntimeError(f"the second build process failed: {payload}")
        return payload

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.receive.close()


def _work(send: Any, facts_path: Path, offset: int, size: int, lines_before: int, parts: Path,
          ref: Any, sch: schema.Schema, inputs: tuple[Path, Path, Path]) -> None:
    """The second process: the second half of the facts, then the articles, then the hash."""
    status = 0
    try:
        conn = open_part(parts / "facts.db", sch)
        rows = load_rows(conn, _text(facts_path, offset, size), lines_before, ref)
        conn.close()
        send.send(("facts", rows))
        conn = open_part(parts / "text.db", sch)
        fill_articles(conn, ref, sch)
        conn.close()
        send.send(("done", scan_inputs(facts_path, inputs)))
    except Fallback as exc:
        send.send(("fallback", str(exc)))
    except KeyboardInterrupt:
        status = 130
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
        send.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        send.close()
        os._exit(status)  # no atexit handlers or inherited cleanups in a forked child


def open_part(path: Path, sch: schema.Schema) -> sqlite3.Connection:
    """A new side database with the tables of the schema, set up for a private bulk load."""
    conn = sqlite3.connect(path, isolation_level=None)
    schema.prepare_build(conn)
    schema.create_tables(conn, sch)
    return conn
