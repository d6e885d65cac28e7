"""parkdb serve for a colleague who never used a terminal: every canned query gives its CLI
command's answer, the home page lists them, money reads as money in HTML (raw in JSON and CSV),
a fact is a record with its note, basis, period and paragraph, and the examples exist."""

from __future__ import annotations

import re
from typing import Any

import pytest

from parkdb import queries
from parkdb.db import ReadOnlyConnection
from parkdb.queries.money import KINDS
from parkdb.web.canned import canned_queries
from tests.test_web import conn, ds, get, rows  # noqa: F401  (fixtures)

pytest.importorskip("datasette", reason="the web extra is not installed: pip install '.[web]'")


def test_amounts_by_kind_is_the_clis(ds: Any, conn: ReadOnlyConnection) -> None:  # noqa: F811
    cli = list(queries.amounts(conn, KINDS, (), cite=True).dicts())
    web = rows(ds, "amounts_by_kind.json")
    columns = [c for c in cli[0] if c not in ("seeds",)]
    assert [[r[c] for c in columns] for r in web] == [[r[c] for c in columns] for r in cli]


def test_parks_by_sector_group_is_parks_sector(ds: Any, conn: ReadOnlyConnection) -> None:  # noqa: F811
    web = rows(ds, "parks_by_sector_group.json")
    groups = sorted({r["sector_group"] for r in web})
    assert {"food", "electronics", "pharmaceuticals"} <= set(groups)
    for group in groups:
        found = queries.Filters(sector=queries.resolve_sector(conn, group))
        cli = sorted(r["park"] for r in queries.parks(conn, found).dicts())
        assert sorted(r["park"] for r in web if r["sector_group"] == group) == cli, group
    # parks --sector food lists four parks, Chengde High-tech Zone by its green food
    food = {r["park"]: r["matching_sectors"] for r in web if r["sector_group"] == "food"}
    assert len(food) == 4 and food["Chengde High-tech Zone"] == "green food"


def test_park_facts_are_the_facts_of_the_park_and_its_parts(ds: Any,  # noqa: F811
                                                            conn: ReadOnlyConnection) -> None:  # noqa: F811
    park = "Hengshui Industrial New Area"
    inside = [park, *(n for (n,) in conn.execute(
        "SELECT subject FROM subjects WHERE park = ? AND subject <> ?", (park, park)))]
    cli = {r["fact_id"] for name in inside for r in queries.facts(conn, subject=name).dicts()}
    assert {r["fact_id"] for r in rows(ds, "park_facts.json?park=" + park)} == cli


def test_a_fact_is_the_clis_cite(ds: Any, conn: ReadOnlyConnection) -> None:  # noqa: F811
    [cli] = list(queries.cite(conn, "F003-23").dicts())
    [web] = rows(ds, "fact.json?fact_id=F003-23")
    for column in ("subject", "predicate", "object", "value", "unit", "status", "basis", "note",
                   "quote"):
        assert web[column] == cli[column], column
    assert web["period"] == "2013-2014" and web["status_class"] == "signed"
    assert "«" + cli["quote"] + "»" in web["paragraph"]


def test_every_canned_query_is_compared_here_or_in_test_web(conn: ReadOnlyConnection) -> None:  # noqa: F811
    compared = {"investment_by_province", "investment_by_city", "investment_by_park",
                "amounts_by_kind", "parks_by_sector_group", "parks_by_sector", "park_facts",
                "fact"}
    assert set(canned_queries(conn)) == compared


def test_the_home_page_lists_and_links_every_question(ds: Any, conn: ReadOnlyConnection) -> None:  # noqa: F811
    home = get(ds, "/").text
    for name, query in canned_queries(conn).items():
        link = re.search(rf'<a href="/parkdb/{name}">([^<]*)</a>: ([^<]*)</li>', home)
        assert link, name
        assert link.group(1) == query["title"].replace("'", "&#x27;")
        assert 20 < len(link.group(2)) < 140  # one line


def test_money_is_for_people_in_html_and_raw_in_json_and_csv(ds: Any) -> None:  # noqa: F811
    page = get(ds, "/parkdb/investment_by_province").text
    assert ">13.5 bn CNY<" in page and ">1.8 bn CNY<" in page
    assert "13500000000" not in page
    assert rows(ds, "investment_by_province.json")[0]["signed"] == 13_500_000_000
    assert "13500000000" in get(ds, "/parkdb/investment_by_province.csv").text


def test_html_hides_what_the_clis_table_leaves_out(ds: Any) -> None:  # noqa: F811
    page = get(ds, "/parkdb/investment_by_province").text
    hidden = re.search(r"([^}]*)\{ display: none; \}", page)
    assert hidden and ".col-target_facts" in hidden.group(1) and ".col-signed," not in hidden.group(1)
    # the quotes, each on its line with its fact linked
    assert '<ul class="parkdb-quotes"><li><a href="/parkdb/fact?fact_id=F000-04">F000-04</a>' in page


def test_a_fact_page_is_a_record_with_note_basis_period_and_paragraph(ds: Any) -> None:  # noqa: F811
    page = get(ds, "/parkdb/fact?fact_id=F003-23").text
    record = page[page.index('<table class="parkdb-record">'):]
    fields = re.findall(r'<th scope="row">([^<]+)</th>', record)
    assert {"note", "basis", "period", "paragraph", "quote", "value"} <= set(fields)
    assert "context" not in fields
    assert "7.4 bn CNY" in record and "doubtful" in record and "2013-2014" in record
    assert "<mark>«Since 2013, Chengde High-tech Zone has signed" in record


@pytest.mark.parametrize("name", ["Hengshui Industrial New Area", "Chengde High-tech Zone"])
def test_the_examples_name_real_parks(conn: ReadOnlyConnection, name: str) -> None:  # noqa: F811
    text = " ".join(q["description"] for q in canned_queries(conn).values())
    assert name in text
    assert conn.execute("SELECT 1 FROM entities WHERE name = ?", (name,)).fetchone()
    assert "Hengshui High-tech Zone" not in text
