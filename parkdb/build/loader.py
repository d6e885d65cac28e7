"""The build pipeline: read -> judge -> insert -> cross-row checks -> atomic replace.

``build`` reads the reference tables and the seeds, then reads facts.csv once: every record goes
through the one CSV reader and the one rule book (rules.FactRules); a record that passes goes
straight to the insert, one that fails is explained (file:line: column: what, expected what) and
the build goes on. Once the rows are in, schema.sql's indexes, derived tables and views are built,
the store's named checks run over the rows, and only when nothing was found is the new database,
written into a temporary file beside the target, renamed over the old one (target.py).

With two CPUs and a large facts.csv, a second process (forked, sharing the reference tables) runs
the same pipeline over the second half of the file into a side database and sends back its count,
its problems and its refused ids, then builds the articles' full-text index and the content hash
while this process builds the indexes. Any failure of that process is raised as what it is.

Invariant: the database a build leaves is either the old one, byte-identical, or a complete new
one in which every row passed every rule.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .. import resources, schema
from ..errors import Problems
from ..vocabulary import FACT_COLUMNS, REQUIRED_FACT_COLUMNS
from . import store
from .classification import read_classification
from .pipeline import Progress, fill_articles, fill_small_tables, load_facts
from .reader import Reader, has_header, split_point
from .reference import Reference, read_reference
from .rules import FactRules
from .target import DiskFull, check_target, is_disk_full, locked, replace, temp_name
from .worker import Worker

PARALLEL_BYTES = 4 << 20  # below this size a second process costs more than it saves


class BuildReport:
    """What a build or check loaded."""

    __slots__ = ("db_path", "facts", "seeds", "entities", "regions", "warnings")

    def __init__(self, facts: int, ref: Reference) -> None:
        self.db_path: Path | None = None
        self.warnings: list[str] = []  # file:line: message, from store.WARNINGS (check only)
        self.facts, self.seeds = facts, len(ref.seeds)
        self.entities, self.regions = len(ref.entities), len(ref.regions)


class Inputs:
    """The schema, data directory and seeds directory of one build, and whether they are the
    bundled ones (which decides whether the cache database may be rebuilt without asking)."""

    def __init__(self, data_dir: Path | None, seeds_dir: Path | None,
                 schema_path: Path | None) -> None:
        bundled_schema, bundled_data, bundled_seeds = resources.inputs()
        self.schema = Path(schema_path or bundled_schema)
        self.data = Path(data_dir or bundled_data)
        self.seeds = Path(seeds_dir or bundled_seeds)
        self.bundled = all(os.path.realpath(a) == os.path.realpath(b) for a, b in (
            (self.schema, bundled_schema), (self.data, bundled_data), (self.seeds, bundled_seeds)))

    def files(self) -> list[str]:
        """Every input file: the build never writes over one of them."""
        return resources.input_files(self.schema, self.data, self.seeds)

    def paths(self) -> tuple[Path, Path, Path]:
        """(schema.sql, data/, seeds/)."""
        return self.schema, self.data, self.seeds

    def meta(self) -> dict[str, str]:
        """Where the database comes from, for db.connect's decision to rebuild or warn."""
        return {"built_by": "parkdb", "built_from": "bundled" if self.bundled else "directory",
                "schema_path": str(self.schema.resolve()), "data_dir": str(self.data.resolve()),
                "seeds_dir": str(self.seeds.resolve())}


def build(data_dir: Path | None = None, seeds_dir: Path | None = None,
          db_path: Path | None = None, schema_path: Path | None = None, force: bool = False,
          progress: Progress | None = None, wait: bool = False) -> BuildReport:
    """Build the database at ``db_path`` atomically; raises DataError listing every problem,
    ParkdbError when the target may not be replaced or the disk fills up.

    ``wait`` waits for another build writing in the same directory instead of stopping.
    """
    inputs = Inputs(data_dir, seeds_dir, schema_path)
    target = str(db_path or resources.default_db_file())
    check_target(target, inputs.files(), force, (str(inputs.data), str(inputs.seeds)))
    with locked(target, wait):
        # it may have changed while we waited
        check_target(target, inputs.files(), force, (str(inputs.data), str(inputs.seeds)))
        tmp = temp_name(target)
        try:
            report = load(inputs, tmp, progress)
            replace(tmp, target)
        except BaseException as exc:
            os.unlink(tmp)
            if is_disk_full(exc):
                raise DiskFull(f"{os.path.dirname(os.path.abspath(target))}: the disk is full (or "
                               "a file size limit was reached) while writing the database; "
                               f"nothing was replaced ({exc})") from exc
            raise
    report.db_path = Path(target)
    return report




class _Misaligned(Exception):
    """The first half of a split facts.csv ended inside a record."""


def load(inputs: Inputs, db_file: str, progress: Progress | None,
         ref: Reference | None = None) -> BuildReport:
    """Validate everything and write a complete database to ``db_file`` (a new, empty file).

    The split of a large facts.csv is found by counting quotes, which a literal " in an unquoted
    cell (valid CSV) throws off; when the first half then ends inside a record, the build is done
    again in one process, which reads the file as the csv module does and reports what is wrong.
    ``ref``: the reference tables, when the caller has read them for this command (check --fix).
    """
    if ref is None:  # read once, even when the build is done again
        ref = read_reference(inputs.data, inputs.seeds, Problems())
    try:
        return _load(inputs, db_file, progress, ref, split_allowed=True)
    except _Misaligned:
        with open(db_file, "wb"):
            pass  # empty again
        return _load(inputs, db_file, progress, ref, split_allowed=False)


def _load(inputs: Inputs, db_file: str, progress: Progress | None, ref: Reference,
          split_allowed: bool) -> BuildReport:
    problems = Problems()
    problems.extend(ref.problems)
    sch = schema.read_schema(inputs.schema)
    ref.groupings = read_classification(inputs.data, ref, problems)
    facts_path = str(inputs.data / "facts.csv")
    shown = resources.display_path(Path(facts_path))
    size = os.path.getsize(facts_path) if os.path.isfile(facts_path) else 0
    # Only a file in the standard column order is split: the second half has no header of its own.
    split = (split_point(facts_path, size) if split_allowed and 0 < size >= PARALLEL_BYTES
             and _cpus() > 1 and has_header(facts_path, FACT_COLUMNS) else None)
    worker = None
    if split is not None:
        worker = Worker(os.path.dirname(os.path.abspath(db_file)), facts_path, shown, split,
                        size, ref, sch, inputs.paths())
    conn = sqlite3.connect(db_file, isolation_level=None)
    try:
        schema.prepare_build(conn)
        schema.create_tables(conn, sch)
        facts, rejected, complete, links = _fill_facts(conn, ref, facts_path, shown, size, split,
                                                       worker, problems, progress)
        conn.execute("BEGIN")
        fill_small_tables(conn, ref, links)
        conn.execute("COMMIT")
        try:
            schema.finish(conn, sch)
        except sqlite3.IntegrityError:
            for line, column, message in store.check_rows(conn, ["unique fact ids"]):
                problems.add(shown, line, column, message)
            problems.raise_if_any()
            raise
        if worker is not None:
            digest, fingerprint = worker.wait_for("done")
            store.copy_articles(conn, worker.path("text.db"))
        else:
            digest, fingerprint = fill_articles(conn, ref, sch, inputs.paths())
        conn.execute("BEGIN")
        store.set_seed_metadata(conn, {s: r["url"] for s, r in ref.sources.items()})
        store.reject(conn, rejected)
        if complete:
            for line, column, message in store.check_rows(conn):
                problems.add(shown if line else resources.display_path(inputs.seeds), line,
                             column, message)
        problems.raise_if_any()
        store.insert_meta(conn, {**inputs.meta(), "content_hash": digest,
                                 "fingerprint": fingerprint, "facts": str(facts)})
        conn.execute("COMMIT")
        return BuildReport(facts, ref)
    finally:
        conn.close()
        if worker is not None:
            worker.stop()


def _fill_facts(conn: sqlite3.Connection, ref: Reference, facts_path: str, shown: str, size: int,
                split: tuple[int, int] | None, worker: Worker | None, problems: Problems,
                progress: Progress | None) -> tuple[int, list[str], bool, list[tuple[str, str, str]]]:
    """Judge and insert facts.csv (this process's half, then the worker's): (facts, refused ids,
    whether every record was read, entity links)."""
    stop = split[0] if split else None
    rules = FactRules(ref)
    facts, rejected, complete = load_facts(conn, Reader(
        facts_path, shown, FACT_COLUMNS, REQUIRED_FACT_COLUMNS, problems, stop=stop),
        rules, progress, stop or size)
    links = rules.links
    if worker is not None:
        if not complete:
            raise _Misaligned
        more, found, refused, rest_complete, rest_links = worker.wait_for("facts")
        facts, complete = facts + more, rest_complete
        problems.extend(found)
        rejected += refused
        links += rest_links
        store.append_facts(conn, worker.path("facts.db"))
    return facts, rejected, complete, links


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
