"""The rule book of a facts.csv row: accept it as a record for the facts table, or say why not.

``FactRules.judge`` is the only place a fact row is judged, on every path of every build: each rule
is written once, with the message (column: what is wrong, what was expected) it gives when the row
breaks it. The vocabulary comes from vocabulary.csv, names from the reference tables. Rules that
need other rows (unique ids, links between facts) are the store's named checks, run after the load.

Invariant: a row is accepted only if every rule holds, and then ``judge`` returns it converted for
the facts table (blank cells as NULL, numbers as numbers); otherwise it returns None and has added
one problem per broken rule. Numbers are ASCII digits only: "²" or "٣" is not an offset or a year.
A quote whose ``start`` and ``end`` are both blank is located: found exactly once in its seed, it
gets those offsets (``located`` keeps them, for ``check --fix`` to write back); otherwise the
problem lists the candidate offsets, or the closest passage and the first character that differs.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from .. import vocabulary
from ..errors import did_you_mean, shorten
from ..text.citations import check_quote, locate
from ..text.quantities import read_number
from ..values import PROPOSED, iso_date, month_span, plain_decimal, url_date, whole_number
from .reference import Reference

Record = tuple[Any, ...]
Found = list[tuple[str, str]]  # (column, message)

_MEMO_LIMIT = 50_000  # distinct (value, value_text) pairs remembered, to bound memory


class FactRules:
    """The rules of facts.csv against one set of reference tables."""

    def __init__(self, ref: Reference) -> None:
        self.ref = ref
        self.names = frozenset(ref.entities) | frozenset(ref.regions)
        classes = vocabulary.classes("predicate")
        self.predicates = classes
        self.units = {p: vocabulary.units_of(p) for p in classes}
        self.statuses = frozenset(vocabulary.terms("status"))
        self.qualifiers = frozenset(vocabulary.terms("qualifier"))
        self.year_bases = frozenset(vocabulary.terms("year_basis"))
        self.bases = frozenset(vocabulary.terms("basis"))
        self.unquoted = frozenset(vocabulary.terms("basis", "unquoted"))
        self.running_totals = frozenset(vocabulary.terms("running_total"))
        self.stocks = frozenset(vocabulary.terms("stock"))
        self._numbers: dict[tuple[str, str], str] = {}
        self._seed: tuple[str, str] = ("", "")
        self.found: Found = []
        self.located: tuple[int, int] | None = None
        # (subject, predicate, object) of the belongs_to and located_in rows judged, in order
        self.linking = frozenset({"belongs_to", *vocabulary.terms("predicate", "place")})
        self.links: list[tuple[str, str, str]] = []

    def judge(self, row: list[str], line: int) -> list[Any] | None:
        """The row, its CSV line appended and located offsets filled in, ready for the facts
        table's INSERT (store.INSERT_FACTS turns blank cells into NULL and numbers into numbers);
        or None, and then ``found`` lists (column, message) for each rule the row breaks."""
        (fact_id, seed, subject, predicate, obj, value, unit, value_text, qualifier, year,
         year_end, year_basis, status, part_of, equivalent_of, quote, start, end, note, basis,
         restates, running_total, months, as_of) = row
        found: Found = []
        self.found = found
        self.located = None  # this row's, never the row before's (a fact without a quote has none)
        # isprintable is False for every white space but " "
        if not fact_id or " " in fact_id or not fact_id.isprintable():
            found.append(("fact_id", f"{shorten(fact_id)!r} is not an id (expected a non-blank "
                          "id without spaces)"))
        cls = self.predicates.get(predicate)
        self._subject_object(seed, subject, predicate, cls, obj, found)
        # (the guards below only skip calls that would find nothing to check)
        if value or unit or status or cls in vocabulary.QUANTITY_CLASSES:
            self._quantity(predicate, cls, value, unit, value_text, quote, status, found)
        if qualifier:
            if qualifier not in self.qualifiers:
                found.append(("qualifier", f"unknown qualifier {shorten(qualifier)!r} (expected "
                              "one of " + ", ".join(sorted(self.qualifiers)) + ")"))
            elif qualifier.lower() not in quote.lower():
                found.append(("qualifier", f"{qualifier!r} is not in the quote (expected the "
                              "word as written)"))
        if year or year_end or year_basis or cls == "event":
            self._years(cls, year, year_end, year_basis, quote, found)
        if part_of or restates or equivalent_of or basis:
            self._links_and_basis(fact_id, part_of, restates, equivalent_of, unit, basis, note, found)
        if running_total or months or as_of:
            self._period(cls, running_total, months, as_of, year, year_end, found)
        if basis in self.unquoted:
            self._unquoted(seed, predicate, obj, basis, note, quote, start, end, found)
        else:
            self._citation(seed, quote, start, end, found)
        if note.startswith(PROPOSED):
            found.append(("note", "a proposal of parkdb suggest, not yet reviewed (expected the "
                          f"row checked, then the {PROPOSED} mark removed from its note)"))
        if found:
            return None
        if self.located is not None:  # (a fact without a quote keeps its blank offsets: NULL)
            row[16], row[17] = str(self.located[0]), str(self.located[1])
        if predicate in self.linking:  # for the entities' parents and places (pipeline)
            self.links.append((subject, predicate, obj))
        record: list[Any] = row
        record.append(line)
        return record

    def _links_and_basis(self, fact_id: str, part_of: str, restates: str, equivalent_of: str, unit: str,
                         basis: str, note: str, found: Found) -> None:
        if part_of and part_of == fact_id:
            found.append(("part_of", f"{part_of!r} is the fact itself (expected a larger amount)"))
        if restates and restates == fact_id:
            found.append(("restates", f"{restates!r} is the fact itself (expected an earlier "
                          "report of the same quantity)"))
        if equivalent_of and unit != "USD":
            found.append(("equivalent_of", f"given on a {unit or 'unitless'} fact (expected only "
                          "on the USD figure that translates a yuan amount)"))
        if basis and basis not in self.bases:
            found.append(("basis", f"{shorten(basis)!r} is not a basis (expected one of "
                          + ", ".join(sorted(self.bases)) + ")"))
        if basis == "doubtful" and not note:
            found.append(("note", "blank (expected the reason for the doubt)"))

    def _subject_object(self, seed: str, subject: str, predicate: str, cls: str | None, obj: str,
                        found: Found) -> None:
        ref = self.ref
        if seed not in ref.seeds:
            found.append(("seed", f"unknown seed {shorten(seed)!r} (expected a file name in "
                          "seeds/)" + did_you_mean(seed, ref.seeds)))
        if cls is None:
            found.append(("predicate", f"unknown predicate {shorten(predicate)!r} (expected one "
                          "of " + ", ".join(sorted(self.predicates)) + ")"
                          + did_you_mean(predicate, self.predicates)))
            return
        if cls == "metadata":
            if subject != seed:
                found.append(("subject", f"{shorten(subject)!r} is not this fact's seed "
                              f"(expected {seed!r} for a {predicate} fact)"))
            if predicate == "published" and not iso_date(obj):
                found.append(("object", f"{shorten(obj)!r} is not a date (expected YYYY-MM-DD)"))
        elif subject not in self.names:
            found.append(("subject", f"unknown subject {shorten(subject)!r} (expected a name from "
                          "entities.csv or regions.csv)" + did_you_mean(subject, self.names)))
        if cls == "place":
            if obj not in ref.regions:
                found.append(("object", f"region {shorten(obj)!r} is not in the gazetteer "
                              "(expected a name from regions.csv)"
                              + did_you_mean(obj, ref.regions)))
        elif cls == "link":
            if obj not in self.names:
                found.append(("object", f"unknown entity {shorten(obj)!r} (expected a name from "
                              "entities.csv or regions.csv)" + did_you_mean(obj, self.names)))
        elif not obj and cls in ("metadata", "text", "event"):
            found.append(("object", f"blank (expected an object for a {predicate} fact)"))
        elif predicate == "sector" and ref.sectors is not None and obj not in ref.sectors:
            found.append(("object", f"sector {shorten(obj)!r} has no class in sectors.csv "
                          "(expected a row sector,code,match,note for it)"
                          + did_you_mean(obj, ref.sectors)))

    def _quantity(self, predicate: str, cls: str | None, value: str, unit: str, value_text: str,
                  quote: str, status: str, found: Found) -> None:
        units = self.units.get(predicate, ())
        if not units:
            for column, cell in (("value", value), ("unit", unit)):
                if cell and cls is not None:
                    found.append((column, f"{shorten(cell)!r} given (expected blank for a "
                                  f"{predicate} fact)"))
            if status and status not in self.statuses:
                found.append(("status", f"{shorten(status)!r} is not a status (expected one of "
                              + ", ".join(sorted(self.statuses)) + ")"))
            return None
        if unit not in units:
            found.append(("unit", f"{shorten(unit)!r} is not a unit of {predicate} (expected one "
                          "of " + ", ".join(sorted(units)) + ")"))
        if status not in self.statuses:
            found.append(("status", f"{shorten(status)!r} is not a status (expected one of "
                          + ", ".join(sorted(self.statuses)) + ")"))
        if not value_text:
            found.append(("value_text", "blank (expected the words that state the number)"))
        elif value_text not in quote:
            found.append(("value_text", f"{shorten(value_text)!r} is not in the quote (expected "
                          "the words of the quote that state the number)"))
        key = (value, value_text)
        problem = self._numbers.get(key)
        if problem is None:
            if len(self._numbers) >= _MEMO_LIMIT:
                self._numbers.clear()
            problem = self._numbers[key] = _value_problem(value, value_text)
        if problem:
            found.append(("value", problem))

    def _years(self, cls: str | None, year: str, year_end: str, basis: str, quote: str,
               found: Found) -> tuple[int | None, int | None]:
        first, last = whole_number(year), whole_number(year_end)
        if year and (first is None or not 1900 <= first <= 2100):
            found.append(("year", f"{shorten(year)!r} is not a year (expected four digits, "
                          "1900-2100)"))
            first = None
        if year_end and (last is None or first is None or last < first):
            found.append(("year_end", f"{shorten(year_end)!r} is not a year after year "
                          "(expected >= year)"))
        if first is not None and basis not in self.year_bases:
            found.append(("year_basis", f"{shorten(basis)!r} is not a year basis (expected one "
                          "of " + ", ".join(sorted(self.year_bases)) + ")"))
        elif not year and basis:
            found.append(("year_basis", f"{shorten(basis)!r} given without a year (expected "
                          "blank)"))
        elif basis == "stated" and year not in quote:
            found.append(("year", f"{year} is not in the quote (expected the year as written, "
                          "or year_basis implied/published)"))
        if cls == "event" and not year:
            found.append(("year", "blank (expected the year of the event; an undated happening "
                          "is not an event fact)"))
        return first, last

    def _period(self, cls: str | None, running_total: str, months: str, as_of: str, year: str,
                year_end: str, found: Found) -> None:
        """The part of a year a figure covers, and the date a stock is as of."""
        if running_total and (running_total not in self.running_totals
                              or cls not in self.stocks):
            found.append(("running_total", f"{shorten(running_total)!r} (expected "
                          + " or ".join(sorted(self.running_totals)) + " on an amount of "
                          + ", ".join(sorted(self.stocks)) + ", or blank)"))
        if months:
            if month_span(months) is None:
                found.append(("months", f"{shorten(months)!r} is not a span of months (expected "
                              "e.g. 1-7 for January to July, or 3 for March alone)"))
            elif not year or (year_end and year_end != year):
                found.append(("months", "given without a single year (expected the year the "
                              "months are of)"))
        if as_of and not iso_date(as_of):
            found.append(("as_of", f"{shorten(as_of)!r} is not a date (expected YYYY-MM-DD, or "
                          "blank for the publication date)"))

    def _unquoted(self, seed: str, predicate: str, obj: str, basis: str, note: str, quote: str,
                  start: str, end: str, found: Found) -> None:
        """The one form of a fact without a quote: a title or publication date the text does not
        print, from the URL (a date, which the seed's URL must carry) or given by the curator."""
        allowed = ("published",) if basis == "url" else ("published", "title")
        if predicate not in allowed:
            found.append(("basis", f"{basis!r} on a {predicate} fact (expected only on a "
                          + " or ".join(allowed) + " fact the text does not print)"))
        if quote or start or end:
            found.append(("quote", f"given with basis {basis!r} (expected quote, start and end "
                          "blank: the text does not print it)"))
        if not note:
            found.append(("note", f"blank (expected where the {predicate} comes from, e.g. "
                          "'from the URL, not printed in the text')"))
        url = self.ref.sources.get(seed, {}).get("url", "")
        if basis == "url" and predicate == "published" and url_date(url) != obj:
            found.append(("object", f"{obj!r} is not the date in the seed's URL {shorten(url)!r} "
                          "in sources.csv (expected the date the URL carries, or basis given)"))

    def _citation(self, seed: str, quote: str, start: str, end: str,
                  found: Found) -> tuple[int | None, int | None]:
        """The quote's offsets: as given and checked, or, both left blank, located (found exactly
        once in the seed; ``located`` keeps them for check --fix)."""
        self.located = None
        text = self._text(seed) if quote else None
        if not start and not end and text is not None:
            where = locate(text, quote)
            if isinstance(where, str):
                found.append(("quote", where))
                return None, None
            self.located = where
            return where
        begin, stop = whole_number(start), whole_number(end)
        if begin is None:
            found.append(("start", f"{shorten(start)!r} is not an offset (expected a whole "
                          "number, or start and end both blank to have the quote located)"))
        if stop is None:
            found.append(("end", f"{shorten(end)!r} is not an offset (expected a whole number, "
                          "or start and end both blank to have the quote located)"))
        if not quote:
            found.append(("quote", "blank (expected the words of the article that support the "
                          "fact)"))
        elif (begin is not None and stop is not None and text is not None
              and text[begin:stop] != quote):
            found.append(("quote", check_quote(text, quote, begin, stop) or ""))
        return begin, stop

    def _text(self, seed: str) -> str | None:
        """The text of a known seed (facts come grouped by seed: one article is kept at hand)."""
        if seed not in self.ref.seeds:
            return None
        if seed != self._seed[0]:
            self._seed = (seed, self.ref.seeds[seed].text)
        return self._seed[1]


def _value_problem(value: str, value_text: str) -> str:
    """What is wrong with a value against the words that state it, or "" when it is right."""
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        return (f"{shorten(value)!r} is not a number (expected the number as stated, "
                      "e.g. 1800000000)")
    if not number.is_finite():
        return f"{shorten(value)!r} is not a finite number (expected a number)"
    if number < 0:
        return f"{shorten(value)} is negative (expected a number >= 0)"
    if not plain_decimal(value):
        return (f"{shorten(value)!r} is not a plain decimal (expected ASCII digits with at "
                      "most one point, e.g. 1800000000 or 14.85)")
    if value_text:
        stated = read_number(value_text)
        if stated != number:
            reads = format(stated.normalize(), "f") if stated is not None else "no number"
            return (f"{shorten(value)} is not what {shorten(value_text)!r} says (the quote "
                          f"reads {reads})")
    return ""

