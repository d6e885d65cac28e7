"""Renderers, column choice, sorting, JSON arrays, TSV escaping, typed parameters, the pager,
schema introspection and completion: exact values."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from parkdb.commands.completion import values
from parkdb.queries.explore import descriptions, typed_params, typed_value
from parkdb.render.fit import fit_widths, shorten, wrap
from parkdb.render.output import Screen, number_text, render, tsv_field
from parkdb.render.pager import pager_command, show
from parkdb.render.result import Result, unique_names
from tests.conftest import on_terminal
from tests.test_cli import Run, rows

EIGHTHS = " ▏▎▍▌▋▊▉"


def drawn(result: Result, width: int, fmt: str = "table") -> list[str]:
    stream = io.StringIO()
    render(result, fmt, stream, Screen(width))
    return [line.rstrip() for line in stream.getvalue().splitlines()]


# --- layout ------------------------------------------------------------------------------------

def test_wrap_breaks_at_spaces_and_shortens_long_words() -> None:
    assert wrap("Guangxi Zhuang Autonomous Region", 10) == ["Guangxi", "Zhuang", "Autonomous", "Region"]
    assert wrap("Industrial park", 6) == ["Indus…", "park"]
    assert wrap("one two three four five", 9, max_lines=2) == ["one two", "three…"]
    assert wrap("a\nb", 5) == ["a", "b"]


def test_a_long_object_never_hides_the_value_stacked_under_it() -> None:
    # object (3 lines wide at 12 cells) and value (1 line) share a cell of 3 + 3 lines; the
    # object may take 5, the value keeps its one: 5 + 1 = 6
    text = "investment upgrading 16 km of land in the core area (municipal investment)\n3 bn CNY"
    lines = wrap(text, 12, max_lines=6)
    assert lines[-1] == "3 bn CNY"
    assert len(lines) == 6 and lines[-2].endswith("…")
    # a record shows a value whole: a word longer than the width (a URL) is cut into pieces
    assert wrap("see https://example.org/2021-09/28/c_1.htm now", 12, whole=True) == [
        "see", "https://exam", "ple.org/2021", "-09/28/c_1.h", "tm now"]
    assert wrap("园区" * 4, 5, whole=True) == ["园区", "园区", "园区", "园区"]  # two cells each: 4 fit, 6 do not
    # a text of more line breaks than lines (an article in a cell) still stops at its lines
    assert wrap("a\nb\nc\nd\ne", 10, max_lines=3) == ["a", "b", "c…"]


def test_shorten_prefers_a_word_boundary() -> None:
    assert shorten("Hengshui Industrial New Area", 20) == "Hengshui Industrial…"
    assert shorten("Hengshui", 20) == "Hengshui"
    assert shorten("Hengshui", 5) == "Heng…"


def test_fit_widths_drops_columns_from_the_right_and_shares_the_rest() -> None:
    assert fit_widths([5, 10], [5, 5], 80) == [5, 10]
    assert fit_widths([10, 30, 30], [5, 10, 10], 40) == [9, 14, 13]  # 9+2+14+2+13 = 40
    assert fit_widths([10, 30, 30], [10, 20, 20], 40) == [10, 28]


# --- people formats ----------------------------------------------------------------------------

def test_numbers_by_what_they_are() -> None:
    assert number_text(2016, "year") == "2016"
    assert number_text(2016, "max(year)") == "2016"
    assert number_text(12345.678, "x") == "12,345.678"
    assert number_text(1800000000, "total", "CNY") == "1.8 bn CNY"
    assert number_text(330000, "value", "m2") == "330,000 m2"
    assert number_text(865, "start") == "865"


def test_table_fits_and_folds_units() -> None:
    result = Result(["park", "value", "unit", "note"],
                    [("Chengde High-tech Zone", 7400000000, "CNY", "signed in 2013"),
                     ("Hengshui Industrial New Area", 1800000000, "CNY", None)],
                    title="Amounts", units={"value": "unit"})
    assert drawn(result, 60) == [
        "Amounts",
        "park                               value  note",
        "────────────────────────────────────────────────────────",
        "Chengde High-tech Zone        7.4 bn CNY  signed in 2013",
        "Hengshui Industrial New Area  1.8 bn CNY",
    ]
    assert drawn(result, 30) == [
        "Amounts",
        "park             value  note",
        "──────────────────────────────",
        "Chengde     7.4 bn CNY  signed",
        "High-tech               in",
        "Zone                    2013",
        "",
        "Hengshui    1.8 bn CNY",
        "Industrial",
        "New Area",
    ]


def test_one_row_is_a_record() -> None:
    result = Result(["seed", "title", "facts"], [("003", "Chengde High-tech Zone makes every effort", 48)])
    # labels padded to the widest (title, 5) and two spaces before the values, as in tables;
    # values wrap at 30 - 5 - 2 = 23 characters
    assert drawn(result, 30) == [
        "seed   003",
        "title  Chengde High-tech Zone",
        "       makes every effort",
        "facts  48",
    ]


def test_chart_bars_are_proportional_at_every_width() -> None:
    result = Result(["city", "total"], [("Chengde", 400), ("Hengshui", 100), ("Hezhou", 0)],
                    chart="total", label="city")
    for width in (40, 80, 200):
        lines = drawn(result, width, "chart")
        bars = [8 * line.count("█") + sum(EIGHTHS.index(c) for c in line if c in EIGHTHS[1:])
                for line in lines]  # in eighths of a cell
        assert abs(bars[0] - 4 * bars[1]) <= 4 and bars[2] == 0 and bars[0] > 0
        assert all(len(line) <= width for line in lines)
    long_label = Result(["name", "n"], [("x" * 100, 5)], chart="n", label="name")
    line = drawn(long_label, 40, "chart")[0]
    assert line.startswith("x" * 12 + "…") and line.endswith("█  5") and len(line) <= 40


# --- machine formats ---------------------------------------------------------------------------

def test_tsv_escapes_tabs_newlines_and_backslashes(run: Run) -> None:
    out = run("sql", r"SELECT 'a' || char(9) || 'b' || char(10) || 'c\d' AS t, 1 AS n", "--tsv")
    assert out.stdout == "t\tn\na\\tb\\nc\\\\d\t1\n"
    assert tsv_field("x\r\ny") == "x\\r\\ny"


def test_json_lists_are_arrays_and_numbers_numbers(run: Run) -> None:
    parks = {p["park"]: p for p in json.loads(run("parks", "--json").stdout)}
    health = parks["Hezhou Health Yungang Industrial Park"]
    assert health["sectors"] == ["biomedicine", "high-end health services"]
    assert health["years"] == [2018, 2025]
    assert health["seeds"] == ["001_52a3f429c11a6b32.txt"]
    assert parks["Hengshui Economic Development Zone"]["sectors"] == []
    cited = json.loads(run("investments", "--by", "park", "--cite", "--json").stdout)
    assert cited[0]["fact_ids"] == ["F003-23", "F003-44"] and cited[0]["signed"] == 13500000000
    lines = run("search", "reclaimed", "rubber", "--format", "jsonl").stdout.splitlines()
    assert json.loads(lines[0])["facts"] == ["F000-45", "F000-46"]  # the quotes holding "rubber"


def test_repeated_column_names_are_kept_apart(run: Run) -> None:
    assert unique_names(["a", "a", "a_2", "b"]) == ["a", "a_2", "a_2_2", "b"]
    assert json.loads(run("sql", "SELECT 1 AS a, 2 AS a", "--json").stdout) == [{"a": 1, "a_2": 2}]


# --- -c, --sort, --limit -----------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "table"])
def test_columns_pick_in_every_format(run: Run, fmt: str) -> None:
    out = run("investments", "-c", "plan,province", "--format", fmt).stdout
    expected = {
        "csv": "plan,province\n1800000000,Hebei\n15000000000,Guangxi\n",
        "tsv": "plan\tprovince\n1800000000\tHebei\n15000000000\tGuangxi\n",
        "json": json.dumps([{"plan": 1800000000, "province": "Hebei"},
                            {"plan": 15000000000, "province": "Guangxi"}], indent=2) + "\n",
    }
    if fmt == "table":
        assert [line.split() for line in out.splitlines()[1:2]] == [["plan", "province"]]
        assert "1,800,000,000  Hebei" in out  # without its currency column, the plain number
    else:
        assert out == expected[fmt]


def test_unknown_column_is_a_usage_error_listing_the_columns(run: Run) -> None:
    result = run("sources", "-c", "seed,titel")
    assert result.exit_code == 2
    assert "no column 'titel' (available: seed, title, publisher, published, facts)" in result.stderr
    assert run("sources", "--sort", "nope").exit_code == 2


def test_sort_and_limit(run: Run) -> None:
    out = rows(run("facts", "--predicate", "area", "--sort", "-value", "--limit", "2",
                   "-c", "fact_id,value,unit"))
    assert out == [{"fact_id": "F000-42", "value": "330000", "unit": "m2"},
                   {"fact_id": "F003-47", "value": "11000", "unit": "mu"}]
    ascending = rows(run("sources", "--sort", "facts", "-c", "seed,facts"))
    # facts per seed in data/facts.csv: 001 has 34, 002 38, 000 48, 003 56 (53 + the sectors
    # read from three project names, F003-54..56), 004 67 (66 + Qinghe county's cashmere, F004-73)
    assert [r["facts"] for r in ascending] == ["34", "38", "48", "56", "67"]
    assert len(rows(run("search", "Hebei", "--limit", "2"))) == 2


def test_a_column_name_holding_a_double_quote_is_picked_and_sorted_in_sql(run: Run) -> None:
    # -c, --sort and --limit shape the statement in SQL, naming each column as SQL quotes it
    out = run("sql", 'SELECT 1 AS "a""b", 2 AS c UNION ALL SELECT 3, 4', "-c", 'a"b,c',
              "--sort", '-a"b', "--limit", "1", "--csv").stdout
    assert out == '"a""b",c\n3,4\n'


def test_chart_with_a_machine_format_is_ignored_with_a_note(run: Run) -> None:
    result = run("investments", "--chart", "--csv")
    assert result.stdout.startswith("kind,province,currency,plan,plan_facts,target,")
    assert result.stderr == "parkdb: note: --chart applies to table output only; writing csv\n"


# --- SQL for explorers ---------------------------------------------------------------------------

def test_parameters_that_read_as_numbers_are_numbers(run: Run) -> None:
    assert typed_value("1000000000") == 1000000000 and typed_value("2.5") == 2.5
    assert typed_value("007") == "007" and typed_value("1,000") == "1,000"
    assert typed_value("١٢") == "١٢" and typed_value("1e3") == 1000.0
    assert typed_params([("v", "12"), ("id:text", "12")]) == {"v": 12, "id": "12"}
    literal = run("sql", "SELECT count(*) AS n FROM facts WHERE value > 1000000000").stdout
    bound = run("sql", "SELECT count(*) AS n FROM facts WHERE value > :v", "-p", "v", "1000000000")
    assert bound.stdout == literal == "n\n10\n"
    text = run("sql", "SELECT typeof(:v) AS t", "-p", "v:text", "1000000000")
    assert text.stdout == "t\ntext\n"


@pytest.mark.parametrize("statement, first", [
    ("SELECT name, type FROM pragma_table_info('sources') LIMIT 1", "name,type\nseed,TEXT\n"),
    ("PRAGMA index_list(facts)", "seq,name,unique,origin,partial\n"),
    ("EXPLAIN QUERY PLAN SELECT * FROM facts WHERE fact_id = 'x'", "id,parent,notused,detail\n"),
])
def test_sql_reads_introspection(run: Run, statement: str, first: str) -> None:
    result = run("sql", statement)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(first)


def test_sql_refuses_vacuum_saying_why(run: Run) -> None:
    result = run("sql", "VACUUM")
    assert result.exit_code == 1
    assert "refused: VACUUM (it rewrites the database file)" in result.stderr


def test_schema_and_tables(run: Run) -> None:
    listing = {r["name"]: r for r in rows(run("schema"))}
    assert listing["facts"]["description"] == ("One row per curated fact with its citation "
                                               "(quote at [start, end) of its seed's text)")
    assert listing["investments"]["kind"] == "view"
    assert listing["amounts"]["kind"] == "table"
    assert "passages_fts_data" not in listing
    facts = rows(run("schema", "facts", "-c", "column,type", "--limit", "2"))
    assert facts == [{"column": "fact_id", "type": "TEXT"}, {"column": "seed", "type": "TEXT"}]
    counts = {r["name"]: r["count"] for r in rows(run("tables", "--counts"))}
    assert counts["facts"] == "243" and counts["sources"] == "5" and "parks" not in counts
    assert run("schema", "fact").exit_code == 1


def test_descriptions_come_from_the_comment_touching_the_create() -> None:
    text = "-- header\n\nCREATE TABLE a (x);\n-- Rows of b. More.\n-- Even more.\nCREATE VIEW b AS SELECT 1;\n"
    assert descriptions(text) == {"a": "", "b": "Rows of b"}


# --- pager ---------------------------------------------------------------------------------------

def test_pager_choice() -> None:
    assert pager_command({}) == ["less", "-FRX"]
    assert pager_command({"PAGER": "more"}) == ["more"]
    assert pager_command({"PAGER": "more", "PARKDB_PAGER": "less -S"}) == ["less", "-S"]
    assert pager_command({"PARKDB_PAGER": ""}) is None
    assert pager_command({"PAGER": "cat"}) is None


def _fake_pager(tmp_path: Path) -> tuple[str, Path]:
    out = tmp_path / "paged.txt"
    script = tmp_path / "pager.py"
    script.write_text(f"import sys\nopen({str(out)!r}, 'w').write(sys.stdin.read())\n")
    return f"{sys.executable} {script}", out


def test_show_pages_only_what_is_taller_than_the_screen(tmp_path: Path) -> None:
    command, out = _fake_pager(tmp_path)
    stream = io.StringIO()
    show("a\nb\n", stream, 5, {"PARKDB_PAGER": command})
    assert stream.getvalue() == "a\nb\n" and not out.exists()
    show("1\n2\n3\n4\n5\n6\n", stream, 5, {"PARKDB_PAGER": command})
    assert out.read_text() == "1\n2\n3\n4\n5\n6\n"
    missing = io.StringIO()
    show("1\n2\n3\n", missing, 1, {"PARKDB_PAGER": str(tmp_path / "no-such-pager")})
    assert missing.getvalue() == "1\n2\n3\n"


def test_a_long_table_on_a_terminal_goes_to_the_pager(bundled_db: Path, tmp_path: Path) -> None:
    command, out = _fake_pager(tmp_path)
    env = {"PARKDB_PAGER": command, "COLUMNS": "100", "LINES": "20", "NO_COLOR": "1"}
    screen = on_terminal(["facts", "--db", str(bundled_db)], env)
    assert screen == ""
    paged = out.read_text().splitlines()
    assert paged[0] == "Facts" and len(paged) > 243
    out.unlink()
    direct = on_terminal(["facts", "--no-pager", "--db", str(bundled_db)], env)
    assert "F000-04" in direct and not out.exists()
    short = on_terminal(["sources", "--db", str(bundled_db)], env)
    assert "Sources" in short and not out.exists()
    piped = subprocess.run([sys.executable, "-m", "parkdb", "facts", "--format", "table", "--db",
                            str(bundled_db)], capture_output=True, env={**os.environ, **env})
    assert b"F000-04" in piped.stdout and not out.exists()


# --- completion ------------------------------------------------------------------------------------

def test_completion_values_from_the_database(bundled_db: Path, tmp_path: Path) -> None:
    # written sectors and the analysts' short names (data/sector_names.csv: biology)
    assert values(str(bundled_db), "sector", "bio") == ["biology", "biomedicine"]
    assert values(str(bundled_db), "seed", "00")[:2] == ["000_116b4bab6e28bba9.txt",
                                                         "001_52a3f429c11a6b32.txt"]
    assert values(str(bundled_db), "fact", "f000-0")[:2] == ["F000-01", "F000-02"]
    assert values(str(bundled_db), "region", "Hengsh") == ["Hengshui", "Hengshui city"]  # alias
    assert values(str(tmp_path / "none.db"), "sector", "") == []
    env = {**os.environ, "_PARKDB_COMPLETE": "bash_complete", "COMP_WORDS":
           f"parkdb parks --db {bundled_db} --sector bio", "COMP_CWORD": "5"}
    done = subprocess.run([sys.executable, "-m", "parkdb"], capture_output=True, text=True, env=env)
    assert done.stdout == "plain,biology\nplain,biomedicine\n"


def test_bash_completion_escapes_what_bash_inserts_as_it_is() -> None:
    from parkdb.commands.completion import _bash_escaped

    assert _bash_escaped("Jingfukang Pharmaceutical Group Co., Ltd.") == (
        "Jingfukang\\ Pharmaceutical\\ Group\\ Co.\\,\\ Ltd.")
    assert _bash_escaped("Xiong'an New Area") == "Xiong\\'an\\ New\\ Area"
