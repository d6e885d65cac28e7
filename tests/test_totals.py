"""Totals an analyst can trust as articles accumulate (issue 18): each trap on short articles.

The articles here are fictional, written for these tests: no such parks, figures or newspapers
exist. Each test builds a scratch fact base (the bundled data plus these articles, added with
``parkdb add`` and curated as CURATION.md says), then asks the totals commands and states the right
answer with its arithmetic. The bundled data holds no revenue or tax of Hezhou, where these parks
are placed, so every figure below comes from these articles alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from parkdb.cli import cli
from parkdb.values import fact_prefix
from parkdb.vocabulary import FACT_COLUMNS
from tests.conftest import figures, read_facts, row, totals, write_facts

# Two reports a year apart of one park's running total, each with its shares.
HILLTOP_2021 = """Hilltop Test Park looks ahead

A fictional article, written for parkdb's tests.

Updated: 2021-06-01

In recent years, Hezhou has invested a total of 6.8 billion yuan in Hilltop Test Park, including \
3.7 billion yuan for infrastructure and 3.1 billion yuan for industrial projects.

Copyright \u00a9 2021 Test Daily
"""
HILLTOP_2022 = """Hilltop Test Park at ten

A fictional article, written for parkdb's tests.

Updated: 2022-10-01

Over the past decade, Hilltop Test Park has invested 9.1 billion yuan, including 3.7 billion yuan \
in infrastructure and 5.4 billion yuan in industrial projects.

Copyright \u00a9 2022 Test Daily
"""
# A park and a park inside it: January to July, then January to September and a whole-year target.
RIVERBEND_JULY = """Riverbend Test Industrial Park grows

A fictional article, written for parkdb's tests.

Updated: 2022-08-05

Riverbend Test Industrial Park lies in Hezhou. From January to July, Riverbend Test Industrial \
Park realized an operating income of 10.2 billion yuan. Lotus Test Park, part of Riverbend Test \
Industrial Park, realized an operating income of 7.96 billion yuan from January to July.

Copyright \u00a9 2022 Test Daily
"""
LOTUS_SEPTEMBER = """Lotus Test Park aims high

A fictional article, written for parkdb's tests.

Updated: 2022-10-20

From January to September, Lotus Test Park realized an operating income of 12.5 billion yuan and \
paid taxes of 1.2 billion yuan. The park is striving to exceed 20 billion yuan in the whole year.

Copyright \u00a9 2022 Test Daily
"""

ENTITIES = ["Hilltop Test Park,park,", "Riverbend Test Industrial Park,park,", "Lotus Test Park,park,"]


def parkdb(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def home(home: Path) -> Path:
    """conftest's scratch fact base, its entities.csv also naming the fictional parks above."""
    with open(home / "data" / "entities.csv", "a", encoding="utf-8") as handle:
        handle.write("\n".join(ENTITIES) + "\n")
    return home


def add(home: Path, tmp_path: Path, text: str) -> str:
    """Add an article as a curator does; return its seed's name."""
    path = tmp_path / f"article{len(list((home / 'seeds').iterdir()))}.txt"
    path.write_text(text, encoding="utf-8")
    result = parkdb("add", str(path), "--yes")
    assert result.exit_code == 0, result.output
    return sorted(p.name for p in (home / "seeds").iterdir())[-1]


def fact(fact_id: str, seed: str, subject: str, predicate: str, quote: str, **cells: str) -> dict[
        str, str]:
    """A facts.csv row with its offsets left blank (check --fix locates the quote)."""
    return dict.fromkeys(FACT_COLUMNS, "") | {"fact_id": fact_id, "seed": seed,
                                              "subject": subject, "predicate": predicate,
                                              "quote": quote} | cells


def money(fact_id: str, seed: str, subject: str, predicate: str, value: str, words: str,
          quote: str, **cells: str) -> dict[str, str]:
    return fact(fact_id, seed, subject, predicate, quote, value=value, unit="CNY",
                value_text=words, **{"status": "actual", **cells})


def curate(home: Path, rows: list[dict[str, str]]) -> str:
    """Append the rows, locate their quotes, build; return the database's path."""
    facts = home / "data" / "facts.csv"
    write_facts(read_facts(facts) + rows, facts)
    fixed = parkdb("check", "--fix", "--csv")
    assert fixed.exit_code == 0, fixed.output
    db = str(home / "totals.db")
    built = parkdb("build", "--db", db)
    assert built.exit_code == 0, built.output
    return db


# --- two running totals a year apart, with shares -----------------------------------------------

def hilltop(home: Path, tmp_path: Path, totals_marked: bool, shares_marked: bool,
            restated_share: bool = False) -> str:
    first, second = add(home, tmp_path, HILLTOP_2021), add(home, tmp_path, HILLTOP_2022)
    a, b = fact_prefix(first), fact_prefix(second)
    total = "yes" if totals_marked else ""
    share = "yes" if shares_marked else ""
    hill = "Hilltop Test Park"
    rows = [
        fact(f"{a}10", first, hill, "located_in", "Hezhou has invested a total of 6.8 billion "
             "yuan in Hilltop Test Park", object="Hezhou", basis="context"),
        money(f"{a}11", first, hill, "investment", "6800000000", "6.8 billion yuan",
              "In recent years, Hezhou has invested a total of 6.8 billion yuan in Hilltop Test "
              "Park", year="2021", year_basis="published", running_total=total),
        money(f"{a}12", first, hill, "investment", "3700000000", "3.7 billion yuan",
              "3.7 billion yuan for infrastructure", object="infrastructure", year="2021",
              year_basis="published", part_of=f"{a}11", running_total=share),
        money(f"{a}13", first, hill, "investment", "3100000000", "3.1 billion yuan",
              "3.1 billion yuan for industrial projects", object="industrial projects",
              year="2021", year_basis="published", part_of=f"{a}11", running_total=share),
        money(f"{b}10", second, hill, "investment", "9100000000", "9.1 billion yuan",
              "Over the past decade, Hilltop Test Park has invested 9.1 billion yuan",
              year="2022", year_basis="published", running_total=total),
        money(f"{b}11", second, hill, "investment", "3700000000", "3.7 billion yuan",
              "3.7 billion yuan in infrastructure", object="infrastructure",
              year="2022", year_basis="published", part_of=f"{b}10", running_total=share,
              restates=f"{a}12" if restated_share else ""),
        money(f"{b}12", second, hill, "investment", "5400000000", "5.4 billion yuan",
              "5.4 billion yuan in industrial projects", object="industrial projects",
              year="2022", year_basis="published", part_of=f"{b}10", running_total=share),
    ]
    return curate(home, rows)


def test_two_running_totals_unmarked_are_added_and_check_says_so(home: Path,
                                                                 tmp_path: Path) -> None:
    db = hilltop(home, tmp_path, totals_marked=False, shares_marked=False)
    park = row(totals(db, "investments", "--by", "park"), "park", "Hilltop Test Park")
    # unmarked, they look like two deals of different years: 6.8 + 9.1 = 15.9 bn; the shares
    # (part_of) are left out. check names both, for the words "in recent years" and "over the past"
    assert figures(park) == {"actual": ("15900000000", "2")}
    warned = parkdb("check", "--csv").stderr
    assert "F005-11: the quote says 'in recent years' but running_total is blank" in warned
    assert "F006-10: the quote says 'over the past' but running_total is blank" in warned


@pytest.mark.parametrize("shares_marked", [False, True], ids=["totals only", "totals and shares"])
def test_the_latest_running_total_counts_and_its_shares_never_hide_it(
        home: Path, tmp_path: Path, shares_marked: bool) -> None:
    db = hilltop(home, tmp_path, totals_marked=True, shares_marked=shares_marked)
    park = row(totals(db, "investments", "--by", "park"), "park", "Hilltop Test Park")
    # the 2022 running total supersedes 2021's: 9.1 bn, never 6.8 + 9.1 and never a share
    assert figures(park) == {"actual": ("9100000000", "1")}
    nested = row(totals(db, "investments", "--by", "park", "--include-nested"), "park",
                 "Hilltop Test Park")
    # with the shares: 9.1 + its shares 3.7 + 5.4 = 18.2 bn (3 facts); 2021's shares gave way
    # with their total
    assert figures(nested) == {"actual": ("18200000000", "3")}
    assert "warning" not in parkdb("check", "--csv").stderr


def test_a_restated_share_counts_once(home: Path, tmp_path: Path) -> None:
    db = hilltop(home, tmp_path, totals_marked=True, shares_marked=False, restated_share=True)
    nested = row(totals(db, "investments", "--by", "park", "--include-nested"), "park",
                 "Hilltop Test Park")
    # 9.1 + 3.7 (the 2022 report of the infrastructure share, F006-11) + 5.4 = 18.2 bn
    assert figures(nested) == {"actual": ("18200000000", "3")}
    why = dict((r["fact_id"], r["why_not"]) for r in totals(
        db, "sql", "SELECT fact_id, why_not FROM amounts WHERE subject = 'Hilltop Test Park'"))
    assert why["F005-12"] == "restated by F006-11"
    assert why["F005-11"] == "superseded by the later running total F006-10"
    assert why["F005-13"] == "share of F005-11, which does not count"


# --- a park and its sub-park, overlapping periods, a target and a tax ------------------------------

def riverbend(home: Path, tmp_path: Path, september: bool) -> str:
    july = add(home, tmp_path, RIVERBEND_JULY)
    c = fact_prefix(july)
    river, lotus = "Riverbend Test Industrial Park", "Lotus Test Park"
    rows = [
        fact(f"{c}10", july, river, "located_in", "Riverbend Test Industrial Park lies in Hezhou",
             object="Hezhou"),
        fact(f"{c}11", july, lotus, "belongs_to", "Lotus Test Park, part of Riverbend Test "
             "Industrial Park", object=river),
        money(f"{c}12", july, river, "revenue", "10200000000", "10.2 billion yuan",
              "From January to July, Riverbend Test Industrial Park realized an operating income "
              "of 10.2 billion yuan", year="2022", year_basis="implied", months="1-7"),
        money(f"{c}13", july, lotus, "revenue", "7960000000", "7.96 billion yuan",
              "realized an operating income of 7.96 billion yuan from January to July",
              year="2022", year_basis="implied", months="1-7"),
    ]
    if september:
        sept = add(home, tmp_path, LOTUS_SEPTEMBER)
        d = fact_prefix(sept)
        rows += [
            money(f"{d}10", sept, lotus, "revenue", "12500000000", "12.5 billion yuan",
                  "From January to September, Lotus Test Park realized an operating income of "
                  "12.5 billion yuan", year="2022", year_basis="implied", months="1-9"),
            money(f"{d}11", sept, lotus, "tax", "1200000000", "1.2 billion yuan",
                  "paid taxes of 1.2 billion yuan", year="2022", year_basis="implied",
                  months="1-9"),
            money(f"{d}12", sept, lotus, "revenue", "20000000000", "20 billion yuan",
                  "striving to exceed 20 billion yuan in the whole year", year="2022",
                  year_basis="implied", status="target", qualifier="exceed"),
        ]
    return curate(home, rows)


def test_a_park_holds_its_sub_park_of_the_same_months(home: Path, tmp_path: Path) -> None:
    db = riverbend(home, tmp_path, september=False)
    by_park = totals(db, "amounts", "--kind", "revenue", "--by", "park")
    # each park its own figure: Riverbend 10.2 bn, Lotus 7.96 bn (both January to July)
    assert figures(row(by_park, "park", "Riverbend Test Industrial Park")) == {
        "actual": ("10200000000", "1")}
    assert figures(row(by_park, "park", "Lotus Test Park")) == {"actual": ("7960000000", "1")}
    # Hezhou: Riverbend's 10.2 bn already holds Lotus's 7.96 bn of the same months: 10.2, not 18.16
    city = row(totals(db, "amounts", "--kind", "revenue", "--by", "city"), "city", "Hezhou")
    assert figures(city) == {"actual": ("10200000000", "1")}


def test_overlapping_periods_are_never_added_and_classes_never_mixed(home: Path,
                                                                   tmp_path: Path) -> None:
    db = riverbend(home, tmp_path, september=True)
    by_park = totals(db, "amounts", "--kind", "revenue,tax", "--by", "park")
    # Lotus: January to September (12.5 bn) supersedes January to July (7.96 bn) of the same year;
    # the whole-year target (exceed 20 bn) is a target: never 12.5 + 20 = 32.5 bn
    assert figures(row(by_park, "park", "Lotus Test Park", "revenue")) == {
        "actual": ("12500000000", "1"), "target": ("20000000000", "1")}
    # tax is a kind of its own, never added to the income
    assert figures(row(by_park, "park", "Lotus Test Park", "tax")) == {
        "actual": ("1200000000", "1")}
    # Hezhou: Riverbend's January-July 10.2 bn does not hold Lotus's longer January-September
    # 12.5 bn: both listed, no figure (never 10.2 + 12.5 = 22.7, nor + 20 = 42.7 bn)
    city = row(totals(db, "amounts", "--kind", "revenue", "--by", "city"), "city", "Hezhou")
    assert figures(city) == {"actual": ("", "2"), "target": ("20000000000", "1")}
    assert city["not_additive"] == (
        "actual: F005-12 10.2 billion yuan (2022 Jan-Jul, Riverbend Test Industrial Park) / "
        "F006-10 12.5 billion yuan (2022 Jan-Sep, Lotus Test Park)")
    # a figure across classes only when asked, and named so: 12.5 actual + 20 target = 32.5 bn
    mixed = row(totals(db, "amounts", "--kind", "revenue", "--by", "park", "--mixed-total"),
                "park", "Lotus Test Park")
    assert mixed["mixed_total"] == "32500000000"
    # the page of the park says the same
    page = parkdb("show", "Lotus Test Park", "--csv", "--db", db).stdout
    assert "covered by F006-10" in page
