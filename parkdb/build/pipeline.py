"""The steps of a build that both build processes run: judging and inserting the facts, the
small tables, the articles with their full-text index.

Each step takes an open build connection and returns what the next needs; loader.py runs them in
order in one process, worker.py runs the facts step and the articles step in the second.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import resources, schema
from ..seeds import articles
from . import reference, store
from .reader import Reader
from .reference import Reference
from .rules import FactRules

BATCH = 256  # rows per executemany: small enough that a batch stays in the CPU cache
Progress = Callable[[int, int], None]  # (bytes of facts.csv read, bytes in all)


def load_facts(conn: sqlite3.Connection, reader: Reader, rules: FactRules,
               progress: Progress | None = None, size: int = 0) -> tuple[int, list[str], bool]:
    """Judge and insert every record of ``reader``; return (facts inserted, ids of refused rows,
    whether the file was read to its end). Problems go to the reader's ``problems``."""
    judge, add, shown = rules.judge, reader.problems.add, reader.shown
    insert = store.insert_facts
    batch: list[Any] = []
    rejected: list[str] = []
    facts = 0
    conn.execute("BEGIN")
    for line, row in reader:
        record = judge(row, line)
        if record is None:
            for column, message in rules.found:
                add(shown, line, column, message)
            if row[0]:
                rejected.append(row[0])
            continue
        batch.append(record)
        if len(batch) >= BATCH:
            insert(conn, batch)
            facts += len(batch)
            batch.clear()
            if progress is not None and not facts % (BATCH * 64):
                progress(reader.read, size)
    insert(conn, batch)
    conn.execute("COMMIT")
    if progress is not None:
        progress(reader.read, size)
    return facts + len(batch), rejected, reader.complete


def fill_small_tables(conn: sqlite3.Connection, ref: Reference,
                      links: list[tuple[str, str, str]]) -> None:
    regions = [(n, r["level"], r["parent"] or None, r["code"] or None, r["aliases"] or None)
               for n, r in ref.regions.items() if not r["_broken"]]
    entities = reference.entity_rows(ref, links)
    store.insert_small_tables(conn, regions, entities, ref.fx_rates)
    if ref.groupings is not None:
        groupings = ref.groupings
        store.insert_groupings(conn, groupings.class_rows(), groupings.sectors, groupings.names,
                               groupings.groups)


def fill_articles(conn: sqlite3.Connection, ref: Reference, sch: schema.Schema,
                  inputs: tuple[Path, Path, Path]) -> tuple[str, str]:
    """Sources (metadata still blank), passages and their full-text index; returns the content
    hash and fingerprint of the inputs."""
    conn.execute("BEGIN")
    store.insert_articles(conn, articles(ref.seeds.values()))
    conn.execute("COMMIT")
    schema.create_search(conn, sch)
    digests = {seed.name: seed.sha256 for seed in ref.seeds.values()}
    return resources.content_hash(*inputs, seed_digests=digests), resources.fingerprint(*inputs)


def open_part(path: str, sch: schema.Schema) -> sqlite3.Connection:
    """A new side database with the tables of the schema, set up for a private bulk load."""
    conn = sqlite3.connect(path, isolation_level=None)
    schema.prepare_build(conn)
    schema.create_tables(conn, sch)
    return conn
