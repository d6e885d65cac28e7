"""The vocabulary is defined once: schema.sql takes its terms from it, and CURATION.md documents
exactly its terms; a term written into SQL is quoted, whatever it holds."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from parkdb import queries, resources, schema, vocabulary
from parkdb.build.loader import build
from parkdb.db import connect
from tests.conftest import DATA, SEEDS

CURATION = (resources.data_dir() / "CURATION.md").read_text(encoding="utf-8")


def test_schema_spells_no_term_itself() -> None:
    # Every IN (...) list of the raw schema is a placeholder filled from vocabulary.csv.
    raw = resources.schema_path().read_text(encoding="utf-8")
    code = "\n".join(line for line in raw.splitlines() if not line.lstrip().startswith("--"))
    assert re.findall(r"IN \('", code) == []
    expanded = schema.read_schema()
    assert "'investment', 'output_value', 'revenue'" in expanded.post_load


def _documented(heading: str) -> list[str]:
    """The terms in the first column of the table under a CURATION.md heading."""
    section = CURATION.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([^`]+)` \|", section, re.MULTILINE)


@pytest.mark.parametrize(("heading", "kind"), [
    ("Predicates", "predicate"), ("Units", "unit"), ("Statuses", "status"),
    ("Qualifiers", "qualifier"), ("Year bases", "year_basis"), ("Bases", "basis"),
    ("Region levels (`regions.csv`)", "level"), ("Entity kinds (`entities.csv`)", "entity_kind"),
])
def test_curation_md_documents_the_vocabulary(heading: str, kind: str) -> None:
    assert _documented(heading) == list(vocabulary.terms(kind))


@pytest.mark.parametrize("kind", ["running_total", "stock", "series", "cumulative"])
def test_curation_md_documents_periods_and_stocks(kind: str) -> None:
    section = CURATION.split("## Periods, stocks and running totals\n", 1)[1].split("\n## ", 1)[0]
    table = section.split(f"| {kind} | class | meaning |", 1)[1].split("\n\n", 1)[0]
    assert re.findall(r"^\| `([^`]+)` \|", table, re.MULTILINE) == list(vocabulary.terms(kind))


def test_every_quantity_predicate_has_units() -> None:
    for predicate in vocabulary.terms("predicate"):
        cls = vocabulary.classes("predicate")[predicate]
        assert bool(vocabulary.units_of(predicate)) == (cls in vocabulary.QUANTITY_CLASSES)


def test_the_cli_dimensions_are_the_queries_dimensions() -> None:
    # commands.py reads them from the vocabulary so as not to import queries at start-up
    from parkdb.queries.money import DIMENSIONS

    assert tuple(DIMENSIONS) == vocabulary.terms("dimension")


def _reread_vocabulary() -> None:
    for cached in (vocabulary.all_terms, vocabulary.terms, vocabulary.classes, vocabulary.factors):
        cached.cache_clear()


@pytest.fixture
def quoted_signed_class(tmp_path: Path) -> Iterator[str]:
    """vocabulary.csv with the class of the status signed renamed to one made up for this test,
    holding both SQL quote characters; the bundled vocabulary is read again afterwards."""
    odd = 'it\'s "signed"'
    with open(vocabulary.PATH, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows = [[*r[:2], odd, *r[3:]] if r[:2] == ["status", "signed"] else r for r in rows]
    path = tmp_path / "vocabulary.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    bundled = vocabulary.PATH
    vocabulary.PATH = str(path)
    _reread_vocabulary()
    try:
        yield odd
    finally:
        vocabulary.PATH = bundled
        _reread_vocabulary()


def test_a_status_class_holding_quotes_is_quoted_into_the_totals_sql(
        quoted_signed_class: str, tmp_path: Path) -> None:
    build(DATA, SEEDS, tmp_path / "x.db")
    conn = connect(tmp_path / "x.db")
    try:
        result = queries.investments(conn, by="province")
    finally:
        conn.close()
    [hebei] = [r for r in result.dicts() if r["province"] == "Hebei"]
    # F003-23 7.4 + F003-44 6.1 = 13.5 bn signed, in the columns the odd class names
    assert (hebei['it\'s_"signed"'], hebei['it\'s_"signed"_facts'], hebei["plan"]) == (
        13_500_000_000, 2, 1_800_000_000)
    assert "signed" not in result.columns
