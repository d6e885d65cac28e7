"""Output streams: rows are written as SQLite produces them, -c, --sort and --limit are put into
the query once, tables are one bounded page, and renderers are chosen by what they can render."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result as Run

from parkdb import queries
from parkdb.db import connect
from parkdb.render.output import RENDERERS, TABLE_ROWS, Screen, render
from parkdb.render.result import BATCH, Page, Result

MANY = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500) SELECT i FROM n"


def test_rows_are_written_before_the_last_is_made(run: Callable[..., Run]) -> None:
    """Row 1000 cannot be made (over the size cap): the rows fetched before it are already out."""
    failing = MANY.replace("SELECT i FROM n", "SELECT CASE WHEN i < 1000 THEN i ELSE "
                           "randomblob(20000000) END AS x FROM n")
    result = run("sql", failing, "--csv")
    assert result.exit_code == 1
    assert result.stdout == "x\n" + "".join(f"{i}\n" for i in range(1, BATCH + 1))
    assert "string or blob too big" in result.stderr


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "json"])
def test_a_query_is_not_run_until_its_rows_are_written(bundled_db: Path, fmt: str) -> None:
    conn = connect(bundled_db)
    statements: list[str] = []
    conn.conn.set_trace_callback(statements.append)
    result = queries.facts(conn)
    assert [s for s in statements if "FROM facts" in s and "LIMIT 0" not in s] == []
    stream = io.StringIO()
    render(result.shaped(["fact_id"], None, 2), fmt, stream)
    assert stream.getvalue() == {
        "csv": "fact_id\nF000-01\nF000-02\n", "tsv": "fact_id\nF000-01\nF000-02\n",
        "jsonl": '{"fact_id": "F000-01"}\n{"fact_id": "F000-02"}\n',
        "json": '[\n  {\n    "fact_id": "F000-01"\n  },\n  {\n    "fact_id": "F000-02"\n  }\n]\n'}[fmt]
    ran = [s for s in statements if "FROM facts" in s and "LIMIT 0" not in s]
    assert len(ran) == 1 and ran[0].count("LIMIT") == 1 and ran[0].endswith("LIMIT 2")


def test_search_limits_once_in_sql(bundled_db: Path, run: Callable[..., Run]) -> None:
    conn = connect(bundled_db)
    statements: list[str] = []
    conn.conn.set_trace_callback(statements.append)
    shaped = queries.search(conn, ("industrial",)).shaped(None, None, 3)
    assert len(shaped.rows) == 3
    (ran,) = [s for s in statements if "WITH found" in s and "LIMIT 0" not in s]
    assert ran.count("LIMIT") == 1
    def hits(*limit: str) -> int:
        return len(list(csv.reader(io.StringIO(run("search", "industrial", "--csv", *limit)
                                               .stdout)))) - 1

    every = len(queries.search(conn, ("industrial",)).rows)
    assert every > 20
    assert (hits(), hits("--limit", "5"), hits("--limit", "200")) == (20, 5, every)


@pytest.mark.parametrize("sort", ["year", "-year", "value", "-value", "qualifier", "-subject"])
def test_sorting_in_sql_agrees_with_sorting_in_python(bundled_db: Path, sort: str) -> None:
    conn = connect(bundled_db)
    column = sort.lstrip("-")
    in_sql = queries.facts(conn).shaped(None, sort)
    whole = queries.facts(conn)
    in_python = Result(whole.columns, whole.rows).shaped(None, sort)
    assert in_sql.query is not None and in_python.query is None
    assert in_sql.column(column) == in_python.column(column)


def test_repeated_column_names_stay_apart(run: Callable[..., Run]) -> None:
    result = run("sql", "SELECT 1 AS a, 2 AS a", "--csv", "--sort", "-a_2", "-c", "a_2,a")
    assert (result.exit_code, result.stdout) == (0, "a_2,a\n2,1\n")


def test_a_table_is_one_bounded_page(run: Callable[..., Run]) -> None:
    result = run("sql", MANY, "--format", "table")
    lines = result.stdout.splitlines()
    assert result.exit_code == 0
    assert [line.strip() for line in lines[2:4]] == ["1", "2"]
    assert lines[-2].strip() == f"{TABLE_ROWS:,}"
    assert lines[-1] == ("The first 1,000 rows (see them all with --csv or --json; fewer with "
                         "--limit N)")
    assert run("sql", MANY, "--csv").stdout.count("\n") == 1501


def test_every_format_can_render_a_result_and_a_page() -> None:
    result = Result(["a"], [(1,)], title="T")
    page = Page("P", [result], {"name": "P"})
    for fmt, entries in RENDERERS.items():
        assert any(e.can_render(result) for e in entries), fmt
        assert any(e.can_render(page) for e in entries), fmt
    stream = io.StringIO()
    render(page, "json", stream, Screen())
    assert json.loads(stream.getvalue()) == {"name": "P", "sections": {"T": [{"a": 1}]}}


def test_a_list_never_splits_a_name_with_a_comma(run: Callable[..., Run]) -> None:
    result = run("sectors", "--flat", "--json")
    pharmaceutical = next(r for r in json.loads(result.stdout) if r["sector"] == "pharmaceutical")
    assert pharmaceutical["others"] == ["Jingfukang Pharmaceutical Group Co., Ltd."]
    flat = {r["sector"]: r for r in csv.DictReader(io.StringIO(run("sectors", "--flat",
                                                                   "--csv").stdout))}
    assert flat["biomedicine"]["parks"] == ("Hezhou Health Yungang Industrial Park; "
                                            "Chengde High-tech Zone")


def test_a_name_may_not_hold_the_list_separator(tmp_path: Path) -> None:
    import shutil

    from parkdb.build.loader import build
    from parkdb.errors import DataError
    from tests.conftest import DATA, SEEDS

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    entities = data / "entities.csv"
    lines = entities.read_text(encoding="utf-8").splitlines(keepends=True)
    entities.write_text("".join(lines) + "Alpha; Beta Park,park,\n", encoding="utf-8")
    with pytest.raises(DataError) as failed:
        build(data_dir=data, seeds_dir=SEEDS, db_path=tmp_path / "x.db")
    assert (f"entities.csv:{len(lines) + 1}: name: 'Alpha; Beta Park' holds '; ', which "
            "parkdb writes between the names of a list (expected a name without it)") in str(
        failed.value)
