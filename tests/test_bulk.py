"""The loader's fast path (bulk.py) against its careful path.

The fast path must build exactly the database the careful path builds, in one process and split
over two, and its row check must never accept a row that the careful check refuses.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parkdb import bulk, loader, resources, schema
from parkdb.loader import FACT_COLUMNS, Problems, check_fact, read_reference

from .conftest import DATA, SEEDS, read_facts, repeated_facts, write_facts

ROWS = read_facts()


def _reference() -> loader.Reference:
    problems = Problems()
    ref = read_reference(DATA, SEEDS, problems)
    assert problems.count == 0
    return ref


REF = _reference()


def _tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table of a database (FTS5 shadow tables included), rows in rowid or key order."""
    conn = sqlite3.connect(path)
    names = [n for (n,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'passages_fts' "
        "ORDER BY name")]
    tables = {n: conn.execute(f'SELECT * FROM "{n}" ORDER BY 1, 2').fetchall() for n in names}
    conn.close()
    return tables


def _careful(data: Path, seeds: Path, path: Path) -> None:
    path.touch()
    loader._careful_load(Problems(), read_reference(data, seeds, Problems()),
                         schema.read_schema(resources.schema_path()), data, seeds, path,
                         resources.schema_path())


def _fast(data: Path, seeds: Path, path: Path) -> loader.BuildReport:
    path.touch()
    return loader._fast_load(read_reference(data, seeds, Problems()),
                             schema.read_schema(resources.schema_path()), data, seeds, path,
                             resources.schema_path())


@pytest.mark.parametrize("parallel", [False, True], ids=["one process", "two processes"])
def test_fast_path_builds_the_careful_paths_database(tmp_path: Path, parallel: bool,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # The curated facts plus 30 renamed copies of those that may repeat (not the 14 metadata
    # facts, once per seed, nor the 9 belongs_to, once per subject): 239 + 30 * 216 = 6719 rows
    # (239 - 14 - 9 = 216), enough for the split to fall in the middle of the file.
    data = tmp_path / "data"
    data.mkdir()
    for path in DATA.iterdir():
        (data / path.name).write_bytes(path.read_bytes())
    curated = {row["fact_id"] for row in ROWS}
    rows = [r for r in repeated_facts(ROWS, 30)
            if r["fact_id"] in curated or r["predicate"] != "belongs_to"]
    write_facts(rows, data / "facts.csv")
    # Blank lines (skipped, but counted in the line numbers) early, in the middle and at the end.
    lines = (data / "facts.csv").read_text(encoding="utf-8").split("\n")
    lines[10:10] = [""]
    lines[len(lines) // 2:len(lines) // 2] = ["", "  "]
    (data / "facts.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if parallel:
        monkeypatch.setattr(bulk, "PARALLEL_BYTES", 0)
        monkeypatch.setattr(bulk, "_cpus", lambda: 2)
        facts = data / "facts.csv"
        assert bulk.split_point(facts, facts.stat().st_size) is not None
    report = _fast(data, SEEDS, tmp_path / "fast.db")
    _careful(data, SEEDS, tmp_path / "careful.db")
    assert report.facts == len(rows) == 239 + 30 * 216
    fast, careful = _tables(tmp_path / "fast.db"), _tables(tmp_path / "careful.db")
    assert fast.keys() == careful.keys()
    for name in careful:
        assert fast[name] == careful[name], name
    conn = sqlite3.connect(tmp_path / "fast.db")
    # FTS5's own check that its index matches the passages (raises if not).
    conn.execute("INSERT INTO passages_fts (passages_fts, rank) VALUES ('integrity-check', 1)")
    assert conn.execute("SELECT count(*) FROM passages_fts WHERE passages_fts MATCH 'Hengshui'"
                        ).fetchone() == careful_hits(tmp_path / "careful.db", "Hengshui")
    conn.close()


def careful_hits(path: Path, word: str) -> tuple[int]:
    conn = sqlite3.connect(path)
    (hits,) = conn.execute("SELECT count(*) FROM passages_fts WHERE passages_fts MATCH ?",
                           (word,)).fetchone()
    conn.close()
    assert hits > 0
    return (hits,)


def test_split_point_is_a_record_boundary(tmp_path: Path) -> None:
    # A quoted cell holding a newline straddles the middle: the split must move past it.
    path = tmp_path / "f.csv"
    path.write_bytes(b'a,b\n1,"x\ny"\n2,z\n')  # 16 bytes; the middle (8) is inside "x\ny"
    assert bulk.split_point(path, 16) == (12, 3)  # after '1,"x\ny"\n', which is lines 2-3
    path.write_bytes(b"a,b\r1,x\r2,y\r")  # bare carriage returns: not split
    assert bulk.split_point(path, 12) is None


def test_every_curated_row_passes_the_quick_check() -> None:
    # If one did not, every build of the bundled data would take the careful path.
    check = bulk.Checker(REF).accepts
    # 227 curated - 4 removed (F001-31/32, F004-17/20) + 5 added (F000-48, F001-34/35, F003-49/50)
    # + 11 added (F001-36, F002-37/38, F003-51..53, F004-68..72) = 239
    assert sum(check([row[c] for c in FACT_COLUMNS]) for row in ROWS) == len(ROWS) == 239


CELLS = st.one_of(
    st.sampled_from(["", " ", "0", "-1", "1e3", "nan", "2019", "02019", "1899", "99999",
                     "CNY", "USD", "km2", "investment", "sector", "stated", "published",
                     "planned", "about", "Hebei", "x y", "F000-04", "1.5", "1,000", "٣"]),
    st.sampled_from(sorted({v for row in ROWS for v in row.values()})),
    st.text(max_size=6),
)


@settings(max_examples=400, deadline=None)
@given(st.integers(0, len(ROWS) - 1),
       st.lists(st.tuples(st.sampled_from(FACT_COLUMNS), CELLS), min_size=1, max_size=3))
def test_quick_check_never_accepts_a_row_the_full_check_refuses(
        index: int, edits: list[tuple[str, str]]) -> None:
    row = dict(ROWS[index])
    for column, value in edits:
        row[column] = value
    if bulk.Checker(REF).accepts([row[c] for c in FACT_COLUMNS]):
        record, problems = check_fact(row, REF)
        assert problems == [] and record is not None, (row, problems)
