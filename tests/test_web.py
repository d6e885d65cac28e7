"""parkdb serve: Datasette's own test client against the bundled database (needs the web extra).

The canned queries must give the CLI's totals, every table, view and column must be described, and
nothing may write to the database.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib.util
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from parkdb import queries, vocabulary
from parkdb.build.loader import build
from parkdb.cli import cli
from parkdb.db import ReadOnlyConnection, connect
from parkdb.web import app as web
from tests.conftest import DATA, SEEDS, read_facts, write_facts

pytest.importorskip("datasette", reason="the web extra is not installed: pip install '.[web]'")


@pytest.fixture(scope="module")
def conn(bundled_db: Path) -> Iterator[ReadOnlyConnection]:
    connection = connect(bundled_db)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def ds(conn: ReadOnlyConnection) -> Any:
    return web.datasette(conn, str(conn.path))


def get(ds: Any, path: str) -> Any:
    return asyncio.run(ds.client.get(path))


def rows(ds: Any, path: str) -> list[dict[str, Any]]:
    response = get(ds, f"/parkdb/{path}{'&' if '?' in path else '?'}_shape=array")
    assert response.status_code == 200, response.text
    result: list[dict[str, Any]] = response.json()
    return result


@pytest.mark.parametrize("by", ["province", "city", "park"])
def test_investment_queries_give_the_cli_totals(ds: Any, conn: ReadOnlyConnection, by: str) -> None:
    cli_rows = list(queries.investments(conn, by=by, cite=True).dicts())
    browsed = rows(ds, f"investment_by_{by}.json")
    figures = [*(c for c in cli_rows[0] if c.endswith("_facts")), "plan", "target", "signed",
               "under_way", "actual", "unstated", "not_additive", "fact_ids"]
    assert [[r[by], *(r[c] for c in figures)] for r in browsed] == [
        [r[by], *(r[c] for c in figures)] for r in cli_rows]
    assert all(r["quotes"].count("“") == len(r["fact_ids"].split()) for r in browsed)


def test_hebei_is_13_5_billion_signed_and_1_8_billion_planned(ds: Any) -> None:
    # F003-23 7.4 + F003-44 6.1 = 13.5 bn signed; F000-04 1.8 bn planned; never 15.3 bn as one
    hebei = [r for r in rows(ds, "investment_by_province.json") if r["province"] == "Hebei"]
    assert [(h["signed"], h["signed_facts"], h["plan"], h["plan_facts"], h["currency"])
            for h in hebei] == [(13_500_000_000, 2, 1_800_000_000, 1, "CNY")]
    assert "total" not in hebei[0]
    assert "“Hengshui Industrial New Area will allocate 1.8 billion yuan" in hebei[0]["quotes"]


def test_amounts_by_kind_sum_the_facts(ds: Any, conn: ReadOnlyConnection) -> None:
    # each class's figure is the sum of the kind's facts of that class in that currency (shares
    # and dollar translations left out), unless not_additive names the class (then no figure)
    result = queries.facts(conn)
    facts = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
    classes = vocabulary.classes("status")
    for row in rows(ds, "amounts_by_kind.json"):
        mine = [f for f in facts if f["predicate"] == row["kind"] and f["unit"] == row["currency"]
                and not f["part_of"] and not f["equivalent_of"]]
        assert row["facts"] == len(mine)
        for cls in ("plan", "target", "signed", "under way", "actual"):
            column = cls.replace(" ", "_")
            held = [f["value"] for f in mine if classes.get(f["status"]) == cls]
            overlapping = f"{cls}: " in (row["not_additive"] or "")
            assert (row[column], row[column + "_facts"]) == (
                None if overlapping or not held else sum(held), len(held))


def test_parks_by_sector_gives_the_cli_counts(ds: Any, conn: ReadOnlyConnection) -> None:
    cli_rows = list(queries.sectors_flat(conn).dicts())
    assert [(r["sector"], r["parks"], r["facts"]) for r in rows(ds, "parks_by_sector.json")] == [
        (r["sector"], r["parks"], r["facts"]) for r in cli_rows]


def test_a_fact_page_shows_its_quote_in_context_and_links_the_article(ds: Any) -> None:
    [fact] = rows(ds, "fact.json?fact_id=F000-04")
    assert "«Hengshui Industrial New Area will allocate 1.8 billion yuan" in fact["context"]
    assert fact["article"] == "Hengshui allocates $265.9m for industrial development"
    page = get(ds, "/parkdb/fact?fact_id=F000-04").text
    assert 'href="/parkdb/sources/000_116b4bab6e28bba9~2Etxt"' in page
    assert get(ds, "/parkdb/sources/000_116b4bab6e28bba9~2Etxt").status_code == 200


def test_a_fact_id_holding_quote_characters_gets_its_quote_and_its_link(tmp_path: Path) -> None:
    # F003-23 renamed to an id made up for this test, holding what would break SQL or a JSON list
    # spliced as text: " ' and a backslash before u0041 (JSON's escape of "A"); a space the build
    # refuses (build/rules.py)
    odd = 'F003-"23\'\\u0041'
    shutil.copytree(DATA, tmp_path / "data")
    facts = read_facts()
    for fact in facts:
        for column in ("fact_id", "part_of", "equivalent_of", "restates"):
            fact[column] = odd if fact[column] == "F003-23" else fact[column]
    write_facts(facts, tmp_path / "data" / "facts.csv")
    build(tmp_path / "data", SEEDS, tmp_path / "parkdb.db")
    conn = connect(tmp_path / "parkdb.db")
    try:
        ds = web.datasette(conn, str(conn.path))
        [hebei] = [r for r in rows(ds, "investment_by_province.json") if r["province"] == "Hebei"]
        assert (hebei["signed"], hebei["fact_ids"]) == (13_500_000_000, f"F000-04 {odd} F003-44")
        assert [q.partition(": ")[0] for q in hebei["quotes"].split(" | ")] == [
            "F000-04", odd, "F003-44"]
        assert f"{odd}: “Since 2013, Chengde High-tech Zone has signed" in hebei["quotes"]
        page = get(ds, "/parkdb/investment_by_province").text
        assert ('<a href="/parkdb/fact?fact_id=F003-%2223%27%5Cu0041">F003-&#34;23&#39;\\u0041</a>'
                in page)
        [fact] = rows(ds, "fact.json?fact_id=" + quote(odd))
        assert (fact["fact_id"], fact["value"]) == (odd, 7_400_000_000)
    finally:
        conn.close()


def test_a_parks_facts(ds: Any) -> None:
    found = rows(ds, "park_facts.json?park=Hengshui+Industrial+New+Area")
    assert "F000-04" in {r["fact_id"] for r in found}


def test_every_table_view_and_column_is_described(ds: Any, conn: ReadOnlyConnection) -> None:
    tables = web.metadata(conn, "parkdb")["databases"]["parkdb"]["tables"]
    from parkdb.queries.explore import table_columns

    for name, columns in table_columns(conn).items():
        assert tables[name]["description"], name
        assert all(tables[name]["columns"][c] for c in columns), (name, tables[name]["columns"])
    assert "(unit: USD)" in tables["amounts"]["columns"]["usd"]
    assert "one of: planned, intended" in tables["facts"]["columns"]["status"]


def test_internal_and_full_text_tables_are_hidden(ds: Any) -> None:
    listed = {t["name"]: t["hidden"] for t in get(ds, "/parkdb.json").json()["tables"]}
    assert {name for name, hidden in listed.items() if not hidden} == {
        "vocabulary", "sources", "regions", "entities", "fx_rates", "facts", "passages",
        "industry_classes", "sector_classes", "sector_names", "region_groups", "amounts"}
    assert listed["meta"] and listed["passages_fts"] and listed["passages_fts_data"]


def test_facets_and_full_text_search(ds: Any) -> None:
    facets = get(ds, "/parkdb/amounts.json").json()["facet_results"]
    assert {"province", "predicate", "status", "year"} <= set(facets)
    found = rows(ds, "passages.json?_search=rubber")
    assert found and all("rubber" in r["text"].lower() for r in found)


@pytest.mark.parametrize("sql", ["DELETE FROM facts", "UPDATE facts SET value = 0",
                                 "CREATE TABLE x (y)", "PRAGMA query_only = OFF"])
def test_writes_are_refused(ds: Any, conn: ReadOnlyConnection, sql: str) -> None:
    before = hashlib.sha256(Path(conn.path).read_bytes()).hexdigest()
    response = get(ds, "/parkdb.json?sql=" + sql.replace(" ", "+"))
    assert response.status_code == 400
    assert asyncio.run(ds.client.post("/parkdb/fact", data={"fact_id": "x"})).status_code >= 400
    assert not ds.databases["parkdb"].is_mutable
    assert hashlib.sha256(Path(conn.path).read_bytes()).hexdigest() == before


def test_a_value_over_the_size_cap_is_refused(ds: Any) -> None:
    response = get(ds, "/parkdb.json?sql=select+length(randomblob(300000000))")
    assert response.status_code == 400
    assert response.json()["error"] == "string or blob too big"


@pytest.mark.parametrize("sql", [
    "select text from sources", "select substr(text, 1, 500) AS t from sources",
    "select s.seed, s.text from sources AS s", "select text from passages",
    "select * from passages", "select highlight(passages_fts, 0, '', '') from passages_fts "
    "where passages_fts match 'rubber'", "with t as (select text from sources) select * from t",
    "with cited_facts as (select text from sources) select * from cited_facts",
    "select context from cited_facts"])
@pytest.mark.parametrize("page", ["/parkdb.json", "/parkdb.csv", "/parkdb"])
def test_arbitrary_sql_never_returns_an_article(ds: Any, sql: str, page: str) -> None:
    response = get(ds, f"{page}?sql=" + quote(sql))
    assert response.status_code == 403
    assert response.json()["error"].startswith("this query reads the articles' text, which parkdb "
                                                "serves only on each article's page with its "
                                                "licence note")


@pytest.mark.parametrize("sql", ["select seed, title, url from sources",
                                 "select fact_id, quote from facts limit 1",
                                 "select count(*) from passages"])
def test_arbitrary_sql_about_the_articles_still_works(ds: Any, sql: str) -> None:
    assert get(ds, "/parkdb.json?sql=" + quote(sql)).status_code == 200


def test_the_webs_csv_escapes_formulas(ds: Any) -> None:
    response = get(ds, "/parkdb.csv?sql=" + quote("select '=1+1' AS f, '-3' AS t, '@x' AS a"))
    assert (response.status_code, response.text) == (200, "f,t,a\r\n'=1+1,-3,'@x\r\n")


def test_download_is_off_and_the_time_limit_on(ds: Any) -> None:
    assert get(ds, "/parkdb.db").status_code == 403
    assert ds.setting("sql_time_limit_ms") == 1000


def test_serve_without_datasette_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch,
                                                        bundled_db: Path) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "datasette" else real(name, *a))
    result = CliRunner().invoke(cli, ["serve", "--db", str(bundled_db)])
    assert result.exit_code == 1
    assert "pip install 'parkdb[web]'" in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, ImportError)


@pytest.mark.parametrize(("host", "warned"), [("127.0.0.1", False), ("0.0.0.0", True)])
def test_serve_binds_where_asked_and_warns_beyond_localhost(
        monkeypatch: pytest.MonkeyPatch, bundled_db: Path, host: str, warned: bool) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append(kwargs))
    result = CliRunner().invoke(cli, ["serve", "--host", host, "--port", "8123", "--db", str(bundled_db)])
    assert result.exit_code == 0, result.output
    assert calls == [{"host": host, "port": 8123, "log_level": "warning"}]
    assert ("warning: serving on 0.0.0.0" in result.output) is warned


def test_every_facet_is_a_column_some_table_has(conn: ReadOnlyConnection) -> None:
    from parkdb.queries.explore import table_columns

    columns = {c for shown in table_columns(conn).values() for c in shown}
    assert set(web.FACETS) <= columns
