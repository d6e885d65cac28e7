"""Suggest: candidate facts.csv rows for the numbers in an article, for a curator to finish.

``suggest`` turns every number that ``quantities.find_quantities`` finds into a row in facts.csv's
columns: value, unit, value_text and qualifier as read; a guessed predicate, year (with its basis),
status, ``part_of`` and ``equivalent_of``; the shortest clause around the number as the quote. What
it cannot know (the subject, mostly) is ``?``. Years on their own and page furniture are not proposed.

Invariant, checked by tests/test_suggest.py: every row's quote is ``text[start:end]`` and contains its
``value_text`` (and its year when the basis is ``stated``); on the five bundled articles, read as if
new, the candidates cover at least 95% of the curated numeric facts (``evaluate``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .. import vocabulary
from ..build.reader import Reader
from ..errors import ParkdbError, Problem, Problems
from ..render.result import Result
from ..seeds import read_seed, resolve_seed
from ..text.quantities import MONTHS, Quantity, find_quantities
from ..values import fact_prefix, money_units
from ..vocabulary import FACT_COLUMNS, REQUIRED_FACT_COLUMNS

MONEY = vocabulary.terms("predicate", "money")

_F = re.IGNORECASE | re.ASCII  # ASCII: "ſ" is not "s", so matched words are the ones listed
_MONEY_WORDS = re.compile(r"(?P<revenue>operating income|sales income|revenue|turnover|\bincome)"
                          r"|(?P<output_value>output value|production value|\boutput\b|\bGDP\b)"
                          r"|(?P<investment>\binvest\w*|\ballocat\w*|\binject\w*|\bfund\w*|\bfinanc\w*"
                          r"|\bcapital\b)", _F)
_GROWTH = re.compile(r"increase|growth|grew|grow|\brise\b|\brose\b|\bup (?:by )?[0-9]|year-on-year|declin|decreas"
                     r"|\bdown\b", _F)
# First match wins: a signed deal is signed even if its money "will" flow.
_STATUSES = (
    ("signed", re.compile(r"\bsign(?:ed|s|ing)?\b", _F)),
    ("intended", re.compile(r"\bintention|\bintend", _F)),
    ("expected", re.compile(r"\bexpect(?:ed|s)?\b|\bprojected\b|\bforecast", _F)),
    ("target", re.compile(r"\bby (?:19|20)[0-9]{2}\b|\bstriv(?:e|es|ing)\b|\baims? to\b|\btargets?\b|\bgoal\b", _F)),
    ("planned", re.compile(r"\bwill\b|\bplans? to\b|\bplanned\b|\b(?:is|are) going to\b|\bprepar(?:e|es|ing) to\b"
                           r"|\bshall\b", _F)),
    ("under construction", re.compile(r"under construction|being built", _F)),
    ("actual", re.compile(r"\b(?:was|were|has|have|had|is|are|achieved|reached|covers|occupies)\b|\w+ed\b", _F)),
)
_RELATIVE = re.compile(
    r"\b(?P<rel>last|this|next) year\b|\ba few days ago\b|\b(?:last|since) (?P<month>" + "|".join(MONTHS) + r")\b",
    _F)
_PRESENT = re.compile(r"\bat present\b|\bcurrently\b|\bto date\b|\bso far\b", _F)
_SHARE = re.compile(r"\b(?:including|of which|among them|among which)\b", _F)
_OF_THEM = re.compile(r"\s+of (?:them|these|those)\b", _F)
_OF_THE = re.compile(r"\s+of (?:the|its|their)\s+$", _F)
_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019]?\s+(?=[\"\u201c\u2018(]?[A-Z0-9])")
_ABBREVIATIONS = frozenset((
    "u.s", "no", "co", "ltd", "inc", "corp", "mr", "mrs", "ms", "dr", "st", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "vs"
))
_HARD_BREAK = re.compile(r",\s+|;\s*|\s+-+\s+|\s+[\u2014\u2013]\s+|:\s+")
_SOFT_BREAK = re.compile(r"\s+(?:and|including)\s+", _F)
_NOUN_STOP = re.compile(r"\s*(?:[,;:.()\u201c\u201d\"\u2014\u2013]|\s-+\s|\b(?:including|among|and|or|to|is|are|was"
                        r"|were|has|have|had|will|in|on|at|by|for|from|with|that|which|who|of|into|be)\b)", _F)


def suggest(seed: str, text: str, published: str | None, cited: list[tuple[int, int]], next_number: int,
            include_cited: bool = False) -> list[dict[str, str]]:
    """Candidate rows (facts.csv columns, all strings) for the numbers in ``text``; never raises."""
    found = find_quantities(text)
    years = [q for q in found if q.is_year and not q.is_furniture]
    sentences = _sentences(text)
    pub_year = int(published[:4]) if published and published[:4].isdigit() else None
    pub_month = int(published[5:7]) if published and published[5:7].isdigit() else None
    prefix = seed[:3]
    rows: list[dict[str, str]] = []
    placed: list[tuple[Quantity, dict[str, str], tuple[int, int]]] = []
    for q in found:
        if q.is_year or q.is_furniture or q.unit is None:
            continue
        sentence = next((s for s in sentences if s[0] <= q.start < s[1]), (0, len(text)))
        row = _row(text, q, sentence, years, pub_year, pub_month)
        keep = include_cited or not _inside(q, cited)
        if keep:
            row.update(fact_id=f"F{prefix}-{next_number:02d}", seed=seed)
            next_number += 1
            rows.append(row)
            placed.append((q, row, sentence))
        eq = q.equivalent
        if eq is not None and (include_cited or not _inside(eq, cited)):
            twin = dict(row, value=_plain(eq.value), unit=eq.unit or "", value_text=eq.value_text,
                        qualifier=eq.qualifier or q.qualifier or "", fact_id=f"F{prefix}-{next_number:02d}",
                        seed=seed, equivalent_of=row.get("fact_id", ""), part_of="")
            next_number += 1
            rows.append(twin)
    _link_shares(text, placed)
    return rows


def _row(text: str, q: Quantity, sentence: tuple[int, int], years: list[Quantity], pub_year: int | None,
         pub_month: int | None) -> dict[str, str]:
    """The row for ``q``: quote from the shortest clause, widened to the clause that dates it."""
    end = q.equivalent.end if q.equivalent is not None else q.end
    start = _qualifier_start(text, q)
    clauses = _clauses(text, sentence, start, end)
    lo, hi = _clause_at(clauses, start, sentence)
    year, year_end, basis, note = "", "", "", ""
    stated = [y for y in years if sentence[0] <= y.start < sentence[1] and len(y.value_text) == 4]
    relative = _RELATIVE.search(text, sentence[0], sentence[1])
    if stated:
        y = min(stated, key=lambda y: abs(y.start - q.start))
        year, basis = str(y.value), "stated"
        dated = _clause_at(clauses, y.start, sentence)
        lo, hi = min(lo, dated[0]), max(hi, y.end)
        tail = next((t for t in years if 0 < t.start - y.end <= 3 and len(t.value_text) == 2), None)
        if tail is not None:
            year_end = str(y.value)[:2] + tail.value_text
    elif relative and pub_year is not None:
        year, note = str(_resolve(relative, pub_year, pub_month)), f"year from {relative.group(0)!r}"
        basis = "implied"
        dated = _clause_at(clauses, relative.start(), sentence)
        lo, hi = min(lo, dated[0]), max(hi, relative.end())
    elif pub_year is not None and _PRESENT.search(text, sentence[0], sentence[1]):
        year, basis = str(pub_year), "published"
    lo, hi = _trim(text, lo, max(hi, end), start, end)
    quote = text[lo:hi]
    status = _status(quote, text[sentence[0]:hi], text[sentence[0]:sentence[1]])
    return {column: "" for column in FACT_COLUMNS} | {
        "subject": "?", "predicate": _predicate(text, q, sentence, lo, hi), "object": _object(text, q),
        "value": _plain(q.value), "unit": q.unit or "", "value_text": q.value_text, "qualifier": q.qualifier or "",
        "year": year, "year_end": year_end, "year_basis": basis, "status": status,
        "quote": quote, "start": str(lo), "end": str(hi), "note": note,
    }


def _qualifier_start(text: str, q: Quantity) -> int:
    """Where ``q`` begins with its qualifier ("nearly 5 billion yuan"), so that the quote keeps both."""
    if not q.qualifier:
        return q.start
    window = max(0, q.start - 30)
    found = re.compile(re.escape(q.qualifier) + r"\s+$", re.IGNORECASE | re.ASCII).search(text, window, q.start)
    return found.start() if found else q.start


def _predicate(text: str, q: Quantity, sentence: tuple[int, int], lo: int, hi: int) -> str:
    if q.unit in money_units():
        before = list(_MONEY_WORDS.finditer(text, sentence[0], q.start))
        after = _MONEY_WORDS.search(text, q.end, hi)
        near = before[-1] if before else after
        return (near.lastgroup or "?") if near else "?"
    if q.unit == "percent":
        return "growth_rate" if _GROWTH.search(text, lo, hi) else "?"
    # Otherwise the one predicate of the unit's class, if it has one (ha: area, t and km: quantity).
    serving = vocabulary.terms("predicate", vocabulary.classes("unit").get(q.unit or ""))
    return serving[0] if len(serving) == 1 else "?"


def _status(*windows: str) -> str:
    """The first status whose words appear, looking at the quote, then wider."""
    for where in windows:
        for status, pattern in _STATUSES:
            if pattern.search(where):
                return status
    return ""


def _object(text: str, q: Quantity) -> str:
    """For a count, the noun phrase counted: "13 university workstations" -> "university workstations"."""
    if q.unit != "count":
        return ""
    rest = text[q.end:q.end + 80]
    stop = _NOUN_STOP.search(rest)
    return " ".join(rest[:stop.start() if stop else len(rest)].split()[:5])


def _resolve(relative: re.Match[str], pub_year: int, pub_month: int | None) -> int:
    """The year of "last year", "this year", "last October", "since September" in an article of ``pub_year``."""
    rel = (relative.group("rel") or "").lower()
    if rel:
        return pub_year + {"last": -1, "this": 0, "next": 1}[rel]
    month = relative.group("month")
    if month and pub_month is not None:
        number = MONTHS.index(month.lower()) + 1
        earlier = number < pub_month if relative.group(0).lower().startswith("last") else number <= pub_month
        return pub_year if earlier else pub_year - 1
    return pub_year


def _link_shares(text: str, placed: list[tuple[Quantity, dict[str, str], tuple[int, int]]]) -> None:
    """``part_of``: "20 projects, including seven ...", "two of the four ...", "about 20 of them"."""
    for q, row, sentence in placed:
        same = [(p, r) for p, r, s in placed if s == sentence and p.unit == q.unit and p is not q]
        earlier = [(p, r) for p, r in same if p.end <= q.start]
        later = [(p, r) for p, r in same if p.start >= q.end]
        if later and _OF_THE.search(text, q.end, later[0][0].start):
            row["part_of"] = later[0][1]["fact_id"]  # "two of the four academician workstations"
        elif earlier and (_SHARE.search(text, earlier[-1][0].end, q.start) or _OF_THEM.match(text, q.end)):
            row["part_of"] = earlier[-1][1]["fact_id"]


def _clauses(text: str, sentence: tuple[int, int], start: int, end: int) -> list[tuple[int, int]]:
    """The sentence cut into clauses at commas, semicolons and dashes, and at "and"/"including" between
    long parts; never inside ``start:end``. A clause of one or two words ("In 2019", "Last year",
    "Currently") is joined to the next."""
    cuts = [m.span() for m in _HARD_BREAK.finditer(text, sentence[0], sentence[1]) if not _crosses(m, start, end)]
    pieces = _pieces(sentence, cuts)
    for m in _SOFT_BREAK.finditer(text, sentence[0], sentence[1]):
        piece = next((p for p in pieces if p[0] <= m.start() and m.end() <= p[1]), None)
        if (piece and not _crosses(m, start, end) and _words(text, piece[0], m.start()) >= 5
                and _words(text, m.end(), piece[1]) >= 5):
            pieces = sorted([p for p in pieces if p != piece] + [(piece[0], m.start()), (m.end(), piece[1])])
    merged: list[tuple[int, int]] = []
    for piece in pieces:
        if merged and _words(text, *merged[-1]) < 3:
            merged[-1] = (merged[-1][0], piece[1])
        else:
            merged.append(piece)
    return merged


def _clause_at(clauses: list[tuple[int, int]], at: int, sentence: tuple[int, int]) -> tuple[int, int]:
    return next((c for c in clauses if c[0] <= at < c[1]), sentence)


def _trim(text: str, lo: int, hi: int, start: int, end: int) -> tuple[int, int]:
    """``lo:hi`` without the punctuation and spaces at its ends, never cutting into ``start:end``."""
    while hi > end and text[hi - 1] in " \t\n.,;:!?":
        hi -= 1
    while lo < start and text[lo] in " \t\n\"\u201c,;:":
        lo += 1
    return lo, hi


def _pieces(sentence: tuple[int, int], cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    pieces, at = [], sentence[0]
    for cut_start, cut_end in cuts:
        pieces.append((at, cut_start))
        at = cut_end
    pieces.append((at, sentence[1]))
    return [p for p in pieces if p[1] > p[0]]


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: lines, cut after ". " before a capital, except after abbreviations (U.S., Co.)."""
    spans: list[tuple[int, int]] = []
    at = 0
    for line in text.split("\n"):
        start = at
        for m in _SENTENCE_END.finditer(line):
            word = line[:m.start()].split()[-1:] or [""]
            if word[0].lower().strip("(\"\u201c") in _ABBREVIATIONS:
                continue
            spans.append((start, at + m.start() + 1))
            start = at + m.end()
        spans.append((start, at + len(line)))
        at += len(line) + 1
    return [s for s in spans if s[1] > s[0]]


def _words(text: str, lo: int, hi: int) -> int:
    return len(text[lo:hi].split())


def _inside(q: Quantity, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= q.start and q.end <= e for s, e in spans)


def _crosses(m: re.Match[str], start: int, end: int) -> bool:
    return m.start() < end and start < m.end()


def _plain(value: Decimal) -> str:
    """A Decimal as facts.csv writes it: "1800000000", "14.85"."""
    return format(value, "f")


@dataclass(frozen=True)
class Evaluation:
    """How candidates compare with curated numeric facts (rows with a ``value``).

    curated: curated numeric facts; found: those matched by a candidate (same seed, value and unit,
    overlapping quote); money_found / money_correct: curated money facts matched, and those whose
    best-overlapping candidate has the curated predicate; candidates / unmatched: all candidates, and
    those that match no curated numeric fact.
    """

    curated: int
    found: int
    money_found: int
    money_correct: int
    candidates: int
    unmatched: int

    @property
    def recall(self) -> float:
        return self.found / self.curated if self.curated else 1.0

    @property
    def money_accuracy(self) -> float:
        return self.money_correct / self.money_found if self.money_found else 1.0


def evaluate(candidates: Sequence[dict[str, str]], curated: Sequence[dict[str, str]]) -> Evaluation:
    """Compare candidate rows with curated facts.csv rows (both as strings); raises ValueError on a bad number."""
    facts = [c for c in curated if c["value"].strip()]
    matched: set[int] = set()
    found = money_found = money_correct = 0
    for fact in facts:
        hits = [(i, _overlap(k, fact)) for i, k in enumerate(candidates) if _matches(k, fact)]
        if not hits:
            continue
        found += 1
        matched.update(i for i, _ in hits)
        if fact["predicate"] in MONEY:
            money_found += 1
            best = max(hits, key=lambda hit: hit[1])[0]
            money_correct += candidates[best]["predicate"] == fact["predicate"]
    return Evaluation(len(facts), found, money_found, money_correct, len(candidates), len(candidates) - len(matched))


def _matches(candidate: dict[str, str], fact: dict[str, str]) -> bool:
    return (candidate["seed"] == fact["seed"] and candidate["unit"] == fact["unit"]
            and Decimal(candidate["value"]) == Decimal(fact["value"]) and _overlap(candidate, fact) > 0)


def _overlap(candidate: dict[str, str], fact: dict[str, str]) -> int:
    return min(int(candidate["end"]), int(fact["end"])) - max(int(candidate["start"]), int(fact["start"]))


def candidates(data_dir: Path, seeds_dir: Path, name: str, include_cited: bool) -> Result:
    """suggest.py's candidate facts for one seed, in facts.csv's columns; raises ParkdbError."""
    seed = resolve_seed(seeds_dir, name)
    problems = Problems()
    path = data_dir / "facts.csv"
    rows = [dict(zip(FACT_COLUMNS, cells, strict=True)) for _, cells in Reader(
        str(path), str(path), FACT_COLUMNS, REQUIRED_FACT_COLUMNS, problems)]
    problems.raise_if_any()
    own = [r for r in rows if r["seed"] == seed]
    cited = [(int(r["start"]), int(r["end"])) for r in own
             if r["start"].isdigit() and r["end"].isdigit()]
    prefix = fact_prefix(seed)
    numbers = [int(r["fact_id"][len(prefix):]) for r in rows if r["fact_id"].startswith(prefix)
               and r["fact_id"][len(prefix):].isdigit()]
    published = next((r["object"] for r in own if r["predicate"] == "published"), None)
    article = read_seed(seeds_dir / seed)
    if isinstance(article, Problem):
        raise ParkdbError(str(article))
    text = article.text
    found = suggest(seed, text, published, cited, max(numbers, default=0) + 1, include_cited)
    return Result(list(FACT_COLUMNS), [tuple(row.get(c, "") for c in FACT_COLUMNS) for row in found],
                  title=f"Candidate facts for {seed}")
