"""The vocabulary is defined once: schema.sql takes its terms from it, and CURATION.md documents
exactly its terms."""

from __future__ import annotations

import re

import pytest

from parkdb import resources, schema, vocabulary

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
