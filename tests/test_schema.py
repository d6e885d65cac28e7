"""schema.sql's CHECK vocabularies and the loader's agree (the loader skips re-checking them)."""

from __future__ import annotations

import re

from parkdb import loader, resources


def _check_list(column: str) -> set[str]:
    text = resources.schema_path().read_text(encoding="utf-8")
    match = re.search(rf"CHECK \(.*?{column} IN \((.*?)\)\)", text, re.S)
    assert match, column
    return set(re.findall(r"'([^']*)'", match.group(1)))


def test_vocabularies_match_schema() -> None:
    assert _check_list("predicate") == loader.PREDICATES
    assert _check_list("qualifier") == loader.QUALIFIERS
    assert _check_list("status") == loader.STATUSES
    assert _check_list("year_basis") == loader.YEAR_BASES
    assert _check_list("level") == set(loader.LEVELS)
    assert _check_list("kind") == set(loader.KINDS)
    assert _check_list("unit") == {u for units in loader.UNITS_OF.values() for u in units}
