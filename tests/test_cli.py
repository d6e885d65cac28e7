"""Every command, through click's CliRunner, against a database built from the bundled data.

Expected values are worked out from data/facts.csv by hand; the arithmetic is in the comments.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from parkdb.cli import cli
from parkdb.vocabulary import FACT_COLUMNS
from tests.conftest import SEEDS, figures, on_terminal, read_facts

Run = Callable[..., Result]
SEED0, SEED1, SEED3 = ("000_116b4bab6e28bba9.txt", "001_52a3f429c11a6b32.txt",
                       "003_37c33071b06477f7.txt")


def rows(result: Result) -> list[dict[str, str]]:
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_investments_by_province(run: Run) -> None:
    out = rows(run("investments", "--by", "province"))
    # Hebei: F003-23 7.4 bn (Chengde, signed 2013) + F003-44 6.1 bn (Chengde, signed 2014)
    #        + F000-04 1.8 bn (Hengshui, planned) = 15.3 bn. F000-25 (100 m) is part_of F000-04.
    # Guangxi: F001-23 10 bn (Health Yungang) + F001-16 nearly 5 bn (Digital Hezhou) = 15 bn.
    # Status classes are never added: Hebei 1.8 bn planned (F000-04) and 13.5 bn signed (F003-23,
    # F003-44), never 15.3 bn in one figure; Guangxi 15 bn planned (2 facts).
    # Doubtful: F003-23 (the 7.4 bn may cover only the domestic-funded projects).
    empty = {"target": "", "target_facts": "0", "under_way": "", "under_way_facts": "0",
             "actual": "", "actual_facts": "0", "unstated": "", "unstated_facts": "0",
             "not_additive": ""}
    assert out == [
        {"kind": "investment", "province": "Hebei", "currency": "CNY", "plan": "1800000000",
         "plan_facts": "1", "signed": "13500000000", "signed_facts": "2", **empty, "facts": "3",
         "approximate": "0", "doubtful": "1"},
        {"kind": "investment", "province": "Guangxi", "currency": "CNY", "plan": "15000000000",
         "plan_facts": "2", "signed": "", "signed_facts": "0", **empty, "facts": "2",
         "approximate": "1", "doubtful": "0"},
    ]
    assert "total" not in out[0]  # a figure across classes only when asked for


def test_a_mixed_total_only_when_asked_and_labelled(run: Run) -> None:
    # --mixed-total adds the classes into one figure, in a column named so: Hebei 1.8 planned +
    # 13.5 signed = 15.3 bn; Guangxi 15 bn (all planned)
    out = rows(run("investments", "--mixed-total"))
    assert [(r["province"], r["mixed_total"]) for r in out] == [
        ("Hebei", "15300000000"), ("Guangxi", "15000000000")]


def test_investments_include_nested_counts_the_first_round(run: Run) -> None:
    out = rows(run("investments", "--by", "city", "--include-nested"))
    # Hengshui: F000-04 1.8 bn + its share F000-25 around 100 m = 1.9 bn (counted twice on purpose)
    hengshui = [r for r in out if r["city"] == "Hengshui"]
    assert [(r["plan"], r["facts"], r["approximate"], r["plan_facts"]) for r in hengshui] == [
        ("1900000000", "2", "1", "2")]


def test_investments_by_park_with_citations(run: Run) -> None:
    out = rows(run("investments", "--by", "park", "--cite"))
    assert [(r["park"], figures(r), r["fact_ids"]) for r in out] == [
        ("Chengde High-tech Zone", {"signed": ("13500000000", "2")},  # 7.4 bn + 6.1 bn
         "F003-23 F003-44"),
        ("Hezhou Health Yungang Industrial Park", {"plan": ("10000000000", "1")}, "F001-23"),
        ("Guangxi Digital Hezhou Industrial Park", {"plan": ("5000000000", "1")}, "F001-16"),
        ("Hengshui Industrial New Area", {"plan": ("1800000000", "1")}, "F000-04"),
    ]


def test_investments_filters(run: Run) -> None:
    # 2013-2014: only Chengde's F003-23 (2013) and F003-44 (2014) = 13.5 bn
    assert rows(run("investments", "--year", "2013-2014"))[0]["signed"] == "13500000000"
    # signed: the same two Chengde agreements
    assert [(r["city"], figures(r), r["facts"]) for r in rows(
        run("investments", "--status", "signed", "--by", "city"))] == [
        ("Chengde", {"signed": ("13500000000", "2")}, "2")]
    # region Hezhou: F001-23 10 bn + F001-16 5 bn, both planned
    assert rows(run("investments", "--region", "hezhou"))[0]["plan"] == "15000000000"
    # biomedicine parks: Hezhou Health Yungang (10 bn) and Chengde High-tech Zone (13.5 bn): the
    # amounts whose subject is a park working in biomedicine (by its sectors, as the title says)
    result = run("investments", "--sector", "biomedicine", "--by", "park")
    # stderr says what the sector matched and how amounts are attributed; the data says it too,
    # in by_holder_sector, for a script that never sees stderr
    assert result.stderr.splitlines()[0].startswith("parkdb: biomedicine: the written sector")
    assert "not by what the money is for" in result.stderr
    out = rows(result)
    assert out[0]["by_holder_sector"] == ("F003-23 of Chengde High-tech Zone (biomedicine); "
                                          "F003-44 of Chengde High-tech Zone (biomedicine)")
    assert [(r["park"], r["signed"], r["plan"]) for r in out] == [
        ("Chengde High-tech Zone", "13500000000", ""),
        ("Hezhou Health Yungang Industrial Park", "", "10000000000")]


def test_investments_in_dollars_are_labelled(run: Run) -> None:
    out = {r["province"]: r for r in rows(run("investments", "--currency", "USD"))}
    # Guangxi: F001-16 is stated as $723.57 m (F001-17); F001-23 (10 bn) converted at the rate
    # article 001 implies, 5,000,000,000 / 723,570,000 = 6.91018 -> 1,447,130,000.
    # Sum 723,570,000 + 1,447,130,000 = 2,170,700,000 (to the cent: 2170710000.0 rounding below).
    guangxi = out["Guangxi"]
    assert guangxi["currency"] == "USD"
    assert guangxi["converted"] == "1"
    assert abs(float(guangxi["plan"]) - (723_570_000 + 10e9 / (5e9 / 723_570_000))) < 0.01
    assert "F001-23 at 6.91018 CNY/USD (rate implied by 001_52a3f429c11a6b32.txt)" in \
        guangxi["conversion"]
    # Hebei: F000-04 stated as $265.9 m (F000-05); F003-23 7.4 bn at the 2013 average 6.1932 and
    # F003-44 6.1 bn at the 2014 average 6.1428 (data/fx_rates.csv).
    # F000-04 is planned, the other two signed: each class its own figure
    assert abs(float(out["Hebei"]["plan"]) - 265_900_000) < 0.01
    assert abs(float(out["Hebei"]["signed"]) - (7.4e9 / 6.1932 + 6.1e9 / 6.1428)) < 0.01
    assert out["Hebei"]["converted"] == "2"


def test_parks_by_sector_and_region(run: Run) -> None:
    out = rows(run("parks", "--sector", "Biomedicine"))
    assert [(r["park"], r["city"], r["province"]) for r in out] == [
        ("Hezhou Health Yungang Industrial Park", "Hezhou", "Guangxi"),
        ("Chengde High-tech Zone", "Chengde", "Hebei"),
    ]
    hengshui = {r["park"]: r for r in rows(run("parks", "--region", "Hengshui"))}
    assert hengshui["Hengshui Economic Development Zone"]["part_of"] == \
        "Hengshui Industrial New Area"
    assert "rubber" in hengshui["Hengshui Industrial New Area"]["sectors"].split("; ")


def test_parks_seeds_include_seeds_that_link_to_the_park(run: Run, bundled_db: Path,
                                                         tmp_path: Path) -> None:
    # North Industrial Park appears only in seed 000. A hosts fact in seed 002 whose object is the
    # park (written straight into a copy of the database) adds 002 to its seeds; a sector fact in
    # seed 003 whose object happens to be the park's name does not (not an entity link).
    db = tmp_path / "linked.db"
    db.write_bytes(bundled_db.read_bytes())
    conn = sqlite3.connect(db)
    for seed, predicate in (("002_5766bb2df33da97f.txt", "hosts"),
                            ("003_37c33071b06477f7.txt", "sector")):
        conn.execute("INSERT INTO facts (fact_id, seed, subject, predicate, object, quote, start, "
                     '"end", line) VALUES (?, ?, ?, ?, ?, ?, 0, 1, 0)',
                     (f"X-{predicate}", seed, "Hebei", predicate, "North Industrial Park", "x"))
    conn.commit()
    conn.close()
    seeds = {r["park"]: r["seeds"] for r in rows(run("parks", "--region", "Hengshui", db=db))}
    assert seeds["North Industrial Park"] == "000_116b4bab6e28bba9.txt; 002_5766bb2df33da97f.txt"


def test_parks_by_year(run: Run) -> None:
    # Only Hezhou Health Yungang has a fact about 2025 (its targets, F001-26 and F001-27).
    assert [r["park"] for r in rows(run("parks", "--year", "2025"))] == [
        "Hezhou Health Yungang Industrial Park"]


def test_sectors(run: Run) -> None:
    out = {r["sector"]: r for r in rows(run("sectors", "--flat"))}
    assert out["biomedicine"]["parks"].split("; ") == ["Hezhou Health Yungang Industrial Park",
                                                       "Chengde High-tech Zone"]


def test_facts_export_round_trips_the_csv(run: Run) -> None:
    out = rows(run("facts", "--format", "csv"))
    curated = read_facts()
    assert len(out) == len(curated)
    # every column of the standard header; the ones facts.csv leaves out are blank
    assert out == [{c: row.get(c, "") for c in FACT_COLUMNS} for row in curated]


def test_facts_filters(run: Run) -> None:
    out = rows(run("facts", "--seed", "003", "--predicate", "investment"))
    assert [(r["fact_id"], r["value"]) for r in out] == [("F003-23", "7400000000"),
                                                         ("F003-44", "6100000000")]


def test_sources(run: Run) -> None:
    out = rows(run("sources"))
    assert [r["seed"] for r in out] == sorted(p.name for p in SEEDS.iterdir())
    assert out[0]["title"] == "Hengshui allocates $265.9m for industrial development"
    assert out[0]["published"] == "2016-12-20"
    assert out[1]["publisher"] == ""  # article 001 prints no publisher
    counts = {r["seed"]: int(r["facts"]) for r in out}
    assert sum(counts.values()) == len(read_facts())


def test_source_by_prefix(run: Run) -> None:
    out = rows(run("source", "003"))
    assert {r["seed"] for r in out} == {SEED3}


def test_cite_marks_the_quote(run: Run) -> None:
    out = json.loads(run("cite", "f000-04", "--format", "json").stdout)
    assert out[0]["fact_id"] == "F000-04"
    assert out[0]["value"] == 1800000000
    assert "«Hengshui Industrial New Area will allocate 1.8 billion yuan ($265.9 million) into " \
           "facilities to improve its services»" in out[0]["context"]


def test_search(run: Run) -> None:
    out = rows(run("search", "reclaimed", "rubber"))
    assert len(out) == 1
    assert out[0]["seed"] == SEED0
    assert "«reclaimed» «rubber»" in out[0]["snippet"]


def test_sql_with_parameters(run: Run) -> None:
    out = rows(run("sql", "SELECT fact_id, value FROM facts WHERE predicate = :p AND unit = :u "
                   "ORDER BY fact_id", "-p", "p", "area", "-p", "u", "km2"))
    assert out == [{"fact_id": "F000-07", "value": "128"}, {"fact_id": "F001-22", "value": "5"}]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl", "table"])
@pytest.mark.parametrize("command", [
    ["investments"], ["investments", "--currency", "USD"], ["parks"], ["sectors"], ["facts"],
    ["sources"], ["source", "001"], ["cite", "F001-16"], ["search", "Hezhou"],
    ["sql", "SELECT 1 AS one"],
])
def test_every_command_in_every_format(run: Run, command: list[str], fmt: str) -> None:
    # every format holds the rows and columns of the CSV (a table: a value of every row at least;
    # a column the same on every row, such as investments' kind, a table may leave out)
    expected = list(csv.reader(io.StringIO(run(*command, "--format", "csv").stdout)))
    header, records = expected[0], expected[1:]
    assert records
    result = run(*command, "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        found = json.loads(result.stdout)
    elif fmt == "jsonl":
        found = [json.loads(line) for line in result.stdout.splitlines()]
    elif fmt == "tsv":
        lines = [line.split("\t") for line in result.stdout.splitlines()]
        found = [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]
    else:
        varying = [i for i, _ in enumerate(header) if len({r[i] for r in records}) > 1] or [0]
        for record in records:
            assert any(record[i].split()[0] in result.stdout for i in varying if record[i])
        return
    assert [list(record) for record in found] == [header] * len(records)


def test_numbers_are_plain_in_json_and_human_in_tables(run: Run) -> None:
    data = json.loads(run("investments", "--json").stdout)
    # Hebei: 1.8 bn planned (1 fact), 13.5 bn signed (2): numbers as numbers, no figure as null
    assert {k: data[0][k] for k in ("province", "plan", "plan_facts", "signed", "signed_facts",
                                    "actual", "actual_facts")} == {
        "province": "Hebei", "plan": 1800000000, "plan_facts": 1, "signed": 13500000000,
        "signed_facts": 2, "actual": None, "actual_facts": 0}
    table = run("investments", "--format", "table").stdout
    assert "13.5 bn CNY" in table and "1.8 bn CNY" in table
    chart = run("investments", "--chart").stdout
    # a bar per class: Guangxi's 15 bn planned, Hebei's 13.5 bn signed and 1.8 bn planned
    assert "█" in chart and "15 bn CNY" in chart and "Hebei · signed" in chart


@pytest.mark.parametrize("args, message", [
    # the gazetteer's closest names to the typo (regions.csv grows with the articles)
    (["parks", "--region", "Hengshu"], "no region named 'Hengshu'; did you mean 'Hengshui'"),
    (["parks", "--sector", "biomed"], "no sector named 'biomed'; did you mean"),
    (["source", "009"], "no seed named '009'"),
    (["cite", "F000-99"], "no fact named 'F000-99'; did you mean"),
    (["facts", "--subject", "Hengshui Industrial Area"],
     "no park, company or region named 'Hengshui Industrial Area'; did you mean "
     "'Hengshui Industrial New Area'"),
    (["investments", "--region", "'; DROP TABLE facts; --"], "no region named"),
])
def test_unknown_names_suggest_and_exit_1(run: Run, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("args", [["investments", "--by", "planet"], ["investments", "--year",
                                  "20x3"], ["nonsense"], ["cite"]])
def test_usage_errors_exit_2(run: Run, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_missing_database_says_what_to_do(tmp_path: Path, run: Run) -> None:
    result = run("sources", db=tmp_path / "none.db")
    assert result.exit_code == 1
    assert f"{tmp_path / 'none.db'}: no database here (run `parkdb build --db" in result.stderr


def _parkdb(*args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "parkdb", *args], capture_output=True,
                          **kwargs)  # type: ignore[call-overload, no-any-return]


def test_default_database_is_built_on_first_use(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    env.pop("PARKDB_DB", None)
    first = _parkdb("investments", env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.decode().startswith(
        "kind,province,currency,plan,plan_facts,target,target_facts,signed,signed_facts,under_way,"
        "under_way_facts,actual,actual_facts,unstated,unstated_facts,facts,approximate,doubtful,"
        "not_additive\ninvestment,Hebei,CNY,1800000000,1,,0,13500000000,2,,0,,0,,0,3,0,1,\n")
    assert (tmp_path / "parkdb" / "parkdb.db").is_file()


def test_terminal_gets_a_table_and_pipe_gets_csv(bundled_db: Path) -> None:
    piped = _parkdb("sources", "--db", str(bundled_db))
    assert piped.stdout.decode().startswith("seed,title,publisher,published,facts\n")
    text = on_terminal(["sources", "--db", str(bundled_db)], {"COLUMNS": "200"})
    assert "seed,title" not in text
    assert "Sources" in text and "───" in text


def test_head_closing_the_pipe_exits_cleanly(bundled_db: Path) -> None:
    # 200,000 rows are far more than a pipe buffer holds, so the writer sees the pipe close.
    statement = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 200000) "
                 "SELECT i FROM n")
    script = (f'"{sys.executable}" -m parkdb sql "{statement}" --db "{bundled_db}" | head -1; '
              'echo "status=${PIPESTATUS[0]}"')
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True)
    assert done.stdout == "i\nstatus=0\n"
    assert done.stderr == ""


def test_format_choices_are_the_renderers() -> None:
    from parkdb.commands.options import MACHINE_AND_TABLE
    from parkdb.render.output import RENDERERS

    assert set(MACHINE_AND_TABLE) | {"chart"} == set(RENDERERS)


def test_a_bug_is_one_line_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise ValueError("an invented bug, raised by this test")

    monkeypatch.setattr("parkdb.commands.facts.open_db", broken)
    result = CliRunner().invoke(cli, ["sources", "--csv"])
    assert result.exit_code == 70
    assert result.stderr == ("parkdb: internal error: ValueError: an invented bug, raised by this test (a bug "
                             "in parkdb: please report it with the command; PARKDB_DEBUG=1 shows where it "
                             "happened)\n")
    monkeypatch.setenv("PARKDB_DEBUG", "1")
    assert isinstance(CliRunner().invoke(cli, ["sources", "--csv"]).exception, ValueError)
