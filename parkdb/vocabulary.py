"""The vocabulary: the one definition of predicates, units, statuses, qualifiers, year bases, bases,
region levels, entity kinds and sector-match grades.

It lives in ``vocabulary.csv`` beside this module, one term a line (kind, term, class, factor,
meaning). Everything that names a term reads it from here: the row rules (rules.py), the CLI's
choices, schema.sql (whose ``{kind.class}`` placeholders ``expand`` fills in), the database's
``vocabulary`` table and, checked by a test, the tables of data/CURATION.md. Adding a predicate,
unit or status is one line of vocabulary.csv plus its row in CURATION.md.

A term's class groups it: a predicate's class says what it takes (``money`` predicates take the
units of class ``money``; ``link`` predicates take an entity as object), a unit's class is the
predicate class it serves and ``factor`` converts it to the class's base unit (km2 for area).
"""

from __future__ import annotations

import os
import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # fractions costs every command's start-up; factors() imports it when asked
    from fractions import Fraction

PATH = os.path.join(os.path.dirname(os.path.realpath(__file__)), "vocabulary.csv")

# The columns of data/facts.csv, in the order of the export; the first 18 are required.
FACT_COLUMNS = (
    "fact_id", "seed", "subject", "predicate", "object", "value", "unit", "value_text",
    "qualifier", "year", "year_end", "year_basis", "status", "part_of", "equivalent_of",
    "quote", "start", "end", "note", "basis", "restates", "running_total", "months", "as_of",
)
REQUIRED_FACT_COLUMNS = FACT_COLUMNS[:18]
# Predicate classes whose facts carry a value and a unit.
QUANTITY_CLASSES = ("money", "area", "count", "percent", "measure")


class Term:
    """One line of vocabulary.csv."""

    __slots__ = ("kind", "term", "cls", "factor", "meaning")

    def __init__(self, kind: str, term: str, cls: str, factor: str, meaning: str) -> None:
        self.kind, self.term, self.cls, self.meaning = kind, term, cls, meaning
        self.factor = factor  # a fraction as text ("1/1500"), or ""


@lru_cache(maxsize=1)
def all_terms() -> tuple[Term, ...]:
    """Every term of vocabulary.csv, in file order."""
    import csv

    with open(PATH, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return tuple(Term(*row) for row in rows[1:] if row)


@cache
def terms(kind: str, cls: str | None = None) -> tuple[str, ...]:
    """The terms of one kind (of one class, if given), in file order."""
    return tuple(t.term for t in all_terms() if t.kind == kind and cls in (None, t.cls))


@cache
def classes(kind: str) -> dict[str, str]:
    """term -> class for one kind."""
    return {t.term: t.cls for t in all_terms() if t.kind == kind}


def units_of(predicate: str) -> tuple[str, ...]:
    """The units a predicate's value may be in (none for predicates without a value)."""
    cls = classes("predicate").get(predicate)
    return terms("unit", cls) if cls in QUANTITY_CLASSES else ()


@cache
def factors(cls: str) -> dict[str, Fraction]:
    """unit -> factor to the base unit of its class (area: km2)."""
    from fractions import Fraction

    return {t.term: Fraction(t.factor) for t in all_terms()
            if t.kind == "unit" and t.cls == cls and t.factor}


def sql_literal(text: str) -> str:
    """``text`` as an SQL string literal (``it's`` -> ``'it''s'``): the one quoting of a value
    written into SQL rather than bound (vocabulary terms: in schema.sql, the status classes of
    queries/money.py; parameters of a canned query that must ask for none)."""
    return "'" + text.replace("'", "''") + "'"


def sql_identifier(name: str) -> str:
    """``name`` as a quoted SQL identifier (``under_way`` -> ``"under_way"``): the one quoting of
    a column name written into SQL (a status class's columns, which the vocabulary names)."""
    return '"' + name.replace('"', '""') + '"'


_PLACEHOLDER = re.compile(r"\{(\w+)(?:\.([\w ]+))?(?:=([\w.]+))?\}")


def expand(sql: str) -> str:
    """schema.sql with each ``{kind}`` or ``{kind.class}`` replaced by its quoted terms, and each
    ``{kind.class=column}`` by ``(column = 'a' OR column = 'b' ...)``: the form a partial index
    needs, because SQLite evaluates an IN list there row by row, and a query can use the index
    only when its WHERE clause repeats that form.

    Raises ValueError for a placeholder that names no term (a typo in schema.sql).
    """

    def quoted(match: re.Match[str]) -> str:
        found = terms(match.group(1), match.group(2))
        if not found:
            raise ValueError(f"schema.sql: {match.group()} names no vocabulary term")
        literals = [sql_literal(t) for t in found]
        if match.group(3):
            return "(" + " OR ".join(f"{match.group(3)} = {t}" for t in literals) + ")"
        return ", ".join(literals)

    return _PLACEHOLDER.sub(quoted, sql)
