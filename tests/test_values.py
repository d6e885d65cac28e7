"""The one home of value rules (parkdb/values.py): each rule on its own, schema.sql's CHECKs held to
it, and the two bugs that came from rules written twice (issue 17)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from parkdb import schema, values
from parkdb.cli import cli
from parkdb.errors import NotFound

from .conftest import DATA, SEEDS, read_facts, write_facts

DATES = ["2016-12-20", "20161220", "2016-12-2", "2016-02-30", "2016-13-01", "２０１６-12-20",
         "2016-12-20T00:00", " 2016-12-20", "0000-01-01", "2016/12/20", "", "2016-1２-20"]
CODES = ["131100", "13110", "1311000", "13110²", "13110a", "１３１１００", "", "000000"]


def test_iso_date_is_written_yyyy_mm_dd_in_ascii() -> None:
    # 20161220 is what Python 3.11's date.fromisoformat also takes; 0000-01-01 is no calendar date
    assert [d for d in DATES if values.iso_date(d)] == ["2016-12-20"]


def test_years_and_ranges() -> None:
    assert [values.year(t) for t in ("2019", "0", "10000", "٢٠١٦", "2019 ", "")] == [
        2019, None, None, None, None, None]
    assert [values.year_range(t) for t in ("2019", "2013-2016", "2013-", "-2016", "2016-2013",
                                           "-", "2013-²")] == [
        (2019, 2019), (2013, 2016), (2013, 9999), (1, 2016), None, None, None]


def test_seed_names_and_fact_prefixes() -> None:
    digest = "37c33071b06477f7" + "0" * 48
    assert values.seed_name(3, digest) == "003_37c33071b06477f7.txt"
    assert values.seed_name(1000, digest) == "1000_37c33071b06477f7.txt"
    # the prefix is the number as written: three ways that disagreed for 1000 and more before
    assert [values.fact_prefix(s) for s in ("003_37c33071b06477f7.txt", "1000_37c33071b06477f7.txt")
            ] == ["F003-", "F1000-"]
    # a seed a curator named by hand still holds its number, so add never gives it again
    assert [values.seed_number(s) for s in ("004_4589358bf7039e5b.txt", "005_notes.txt",
                                            "notes.txt")] == [4, 5, None]


def test_money_units_come_from_the_vocabulary() -> None:
    assert values.money_units() == ("CNY", "USD")


def test_seed_lookup_by_name_or_prefix() -> None:
    names = ["000_116b4bab6e28bba9.txt", "001_52a3f429c11a6b32.txt"]
    assert values.match_seed(names, "001") == "001_52a3f429c11a6b32.txt"
    with pytest.raises(NotFound, match="could be any of several"):
        values.match_seed(names, "00")
    with pytest.raises(NotFound, match="no seed named '009'"):
        values.match_seed(names, "009")


@pytest.mark.parametrize("command", [["suggest", "00"], ["source", "00"]])
def test_a_prefix_of_several_seeds_says_so_in_every_command(command: list[str],
                                                            bundled_db: Path) -> None:
    # suggest once said "no seed named '00'" while source said "could be any of several"
    args = [*command, "--db", str(bundled_db)] if command[0] == "source" else command
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "'00' could be any of several: '000_116b4bab6e28bba9.txt'" in result.stderr


def _refused_by_check(table: str, column: str, value: str) -> bool:
    """Whether schema.sql's CHECK on table.column refuses ``value`` (a row otherwise valid)."""
    conn = sqlite3.connect(":memory:")
    schema.create_tables(conn, schema.read_schema())
    row = {"sources": {"seed": "s", "sha256": "0" * 64, "text": ""},
           "regions": {"name": "r", "level": "province"}}[table] | {column: value}
    try:
        conn.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES "
                     f"({', '.join('?' * len(row))})", list(row.values()))
    except sqlite3.IntegrityError:
        return True
    return False


@pytest.mark.parametrize("value", DATES)
def test_the_published_check_refuses_nothing_the_rule_accepts(value: str) -> None:
    if values.iso_date(value):
        assert not _refused_by_check("sources", "published", value)
    if _refused_by_check("sources", "published", value):
        assert not values.iso_date(value)


@pytest.mark.parametrize("value", [c for c in CODES if c])
def test_the_region_code_check_refuses_nothing_the_rule_accepts(value: str) -> None:
    assert _refused_by_check("regions", "code", value) == (not values.region_code(value))


def test_a_published_date_without_dashes_is_a_problem_with_its_line(tmp_path: Path) -> None:
    # 20161220 passed the row rules (Python 3.11's fromisoformat) and then the CHECK: a traceback
    rows = read_facts()
    line = next(i for i, r in enumerate(rows) if r["predicate"] == "published") + 2  # header is 1
    rows[line - 2]["object"] = "20161220"
    data = tmp_path / "data"
    data.mkdir()
    for f in DATA.iterdir():
        (data / f.name).write_bytes(f.read_bytes())
    write_facts(rows, data / "facts.csv")
    for command in (["build", "--db", str(tmp_path / "x.db")], ["check"]):
        result = CliRunner().invoke(cli, [*command, "--data", str(data), "--seeds", str(SEEDS)])
        assert result.exit_code == 1, result.output
        assert f"facts.csv:{line}: object: '20161220' is not" in result.stderr
        assert "Traceback" not in result.output
