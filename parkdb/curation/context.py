"""The words around a number: the sentence and clause it stands in, the period it is about (year
from its own clause, else its sentence, else the sentence before; months; the date a stock is as
of), its status from the verb, and whether it is a running total (whether it is a quantity at all:
numbers.py).

Invariant: every span is inside the text, and a year whose basis is ``stated`` is written inside
the span ``Period.start:Period.end`` that the quote must take in; nothing here raises.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from .. import vocabulary
from ..text.quantities import MONTHS, Quantity

_F = re.IGNORECASE | re.ASCII  # ASCII: "ſ" is not "s", so matched words are the ones listed
_YEAR = r"(?:19|20)[0-9]{2}"
_MONTH = r"(?P<m>" + "|".join(MONTHS) + r")"
_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019]?\s+(?=[\"\u201c\u2018(]?[A-Z0-9])")
_ABBREVIATIONS = frozenset((
    "u.s", "no", "co", "ltd", "inc", "corp", "mr", "mrs", "ms", "dr", "st", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "vs"))
_HARD_BREAK = re.compile(r",\s+|;\s*|\s+-+\s+|\s+[\u2014\u2013]\s+|:\s+")
_SOFT_BREAK = re.compile(r"\s+(?:and|including|while|when|which)\s+", _F)

# Year expressions, in the order they are tried within one span: a range, "by 2025", "since
# 2013", a year; then relative ones, resolved against the publication date.
_RANGE = re.compile(r"(?<![0-9])(?P<y>" + _YEAR + r")\s*(?:-|\u2013|to)\s*(?P<e>" + _YEAR
                    + r"|[0-9]{2})(?![0-9])", _F)
_BY = re.compile(r"\b(?:by|until|till|before) (?:the end of )?(?P<y>" + _YEAR + r")\b", _F)
_SINCE = re.compile(r"\bsince (?:(?:" + "|".join(MONTHS) + r") )?(?:[0-9]{1,2},? )?(?P<y>" + _YEAR + r")\b"
                    r"|\bsince (?:it|its|the \w+) [^.;]{0,30}?\b(?:in|on) (?:(?:" + "|".join(MONTHS) + r") )?"
                    r"(?:[0-9]{1,2},? )?(?P<y2>" + _YEAR + r")\b", _F)
_STATED = re.compile(r"(?<![0-9A-Za-z,.$\\])(?P<y>" + _YEAR + r")(?![0-9]|,[0-9]{3}|\s*(?:yuan|percent|%|mu|square"
                     r"|hectares|tons?|km|projects|enterprises|companies))", _F)
# The year a figure is compared with is not its own ("the same period of the previous year", "than 2015")
_COMPARED = re.compile(r"(?:\bsame period (?:of|in|last)|\bcompared (?:to|with)\b[^.;]{0,40}?|\bthan(?: in| that of)?"
                       r"|\bover|\bfrom)\s+(?:that of\s+)?(?:the\s+)?$", _F)
_RELATIVE = re.compile(r"\b(?P<rel>last|this|next|the previous|the same) year\b|\ba few days ago\b"
                       r"|\b(?:last|since) (?P<month>" + "|".join(MONTHS) + r")\b|\bearlier this year\b"
                       r"|\b(?:on|since) (?P<day>" + "|".join(MONTHS) + r") [0-9]{1,2}\b(?!,? ?(?:19|20)[0-9]{2})"
                       r"|\bon (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
                       r"|\b(?:the|this) (?:whole|full|entire) year\b", _F)
_MONTHS_SPAN = re.compile(
    r"\bfrom " + _MONTH + r" to (?P<m2>" + "|".join(MONTHS) + r")(?:,? (?P<y>" + _YEAR + r"))?"
    r"|\b(?:between|during) (?P<m4>" + "|".join(MONTHS) + r") and (?P<m3>" + "|".join(MONTHS) + r")"
    r"(?:,? (?P<y2>" + _YEAR + r"))?"
    r"|\bfirst (?P<half>half)\b|\bfirst (?P<q>three quarters|quarter|two quarters)\b"
    r"|\bfirst (?P<n>two|three|four|five|six|seven|eight|nine|ten|eleven|[0-9]{1,2}) months\b", _F)
_MONTH_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11}
_AS_OF = re.compile(r"\b(?:by|as of|at|until|till) the end of (?:(?P<m>" + "|".join(MONTHS) + r") )?"
                    r"(?:(?P<y>" + _YEAR + r")|(?P<rel>last|this) year)", _F)
# A founding year, and a state in the present after it that it does not date
_FOUNDED = re.compile(r"\b(?:founded|established|set up|approved|launched|opened|inaugurated|created)\s+(?:in\s+)?"
                      r"(?:\w+\s+)?$", _F)
_STATE_NOW = re.compile(r"\b(?:covers|houses|hosts|has|have|is home to|boasts|occupies|spans|employs)\b", _F)
# "in three years", "over the next five years": from the year of publication, the plan's span
_AHEAD = re.compile(r"\b(?:in|within|over|during) (?:the )?(?:next |coming |following )?(?P<n>two|three|four|five|six"
                    r"|seven|eight|nine|ten|[2-9]|10) years\b", _F)
# A state at publication: said so in the sentence or at the opening of its paragraph ("At present"),
# or in the simple present of a state ("covers", "consists of").
_NOW = re.compile(r"\bat present\b|\bcurrently\b|\bnow\b|\bto date\b|\bso far\b|\bup to now\b"
                  r"|\b(?:over|in) the (?:past|last) (?:few |several )?(?:\w+ )?(?:years|decades?)\b", _F)
_STATE = re.compile(r"\b(?:covers|covering|houses|hosts|occupies|encompasses|consists of|comprises|is made up of"
                    r"|is home to|area (?:is|of)|(?:is|are) located|(?:is|are) (?:also )?home to"
                    r"|boasts|there are|accounts for)\b", _F)

# Status cues, strongest first. Before the number in its clause, the strongest modal cue wins ("aims
# to ... have reached" is a target, "signed ... will" signed, "estimated ... will" a forecast); a
# verb of fact counts only when no such cue stands before it.
_STATUSES = (
    # a past result, estimated: "was estimated to be over 150 billion yuan", "estimated to have reached"
    ("actual", re.compile(r"\b(?:estimated|believed|reported) to have\b|\b(?:was|were) estimated to be\b", _F)),
    ("expected", re.compile(r"\b(?:is|are|was|were) (?:expected|estimated|projected|forecast)\b|\bestimated\b"
                            r"|\bexpect(?:ed|s)? to\b|\b(?:it|they|he|she|we|the \w+) expects?\b|\bforecast"
                            r"|\bprojected\b", _F)),
    ("signed", re.compile(r"(?<!will )(?<!to )\bsign(?:ed|s|ing)?\b|\bagreements? (?:worth|valued)\b"
                          r"|\bcontract(?:ed|ual)\b|\bcontracts? (?:worth|were"
                          r"|was|signed|for)\b|\bsecured\b", _F)),
    ("intended", re.compile(r"\bintention|\bintend", _F)),
    ("target", re.compile(r"\bstriv(?:e|es|ing) (?:to|for)\b|\baims? to\b|\baiming (?:to|at)\b|\btarget(?:s|ing|ed)?\b"
                          r"|\bgoals?\b", _F)),
    ("under construction", re.compile(r"under construction|being built|\bbr(?:oke|eak|eaks) ground\b"
                                      r"|\bcommenc(?:ed|es)\b|\bstarted construction\b", _F)),
    ("planned", re.compile(r"\bwill\b|\bplans? (?:to\b|(?=[0-9]|an?\b|about|nearly|over|more))|\bplanned\b"
                           r"|\b(?:is|are) going to\b|\bprepar(?:e|es|ing) to\b|\bshall\b"
                           r"|\bto be (?:built|invested)\b", _F)),
    ("actual", re.compile(r"\b(?:was|were|has|have|had|achieved|realized|realised|reached|covers|occupies|totaled"
                          r"|totalled|topped|completed|attracted|invested|increased|grew|rose|expanded|registered"
                          r"|introduced|gathered|accounted|exported|delivered|shipped|transported|solved|built"
                          r"|developed|created|established|recorded|generated|posted|handled|received|spent"
                          r"|cultivated|formed|amounted|stood|hit|saw|made|brought|settled|set up|at present"
                          r"|currently|so far|to date|last year)\b", _F)),
)
_BUILDING = re.compile(r"\bunder construction\b|\bbeing built\b|\bconstruction\b[^.;]*\b(?:accelerated|commenced"
                       r"|begun|began|started|under way|underway)\b", _F)
_PAST = re.compile(r"\b(?!(?:planned|proposed|expected|targeted|intended|signed|listed|based|designated)\b)"
                   r"[a-z]{3,}ed\b", _F)  # a verb in the past tense, when nothing else says
_WEAK = re.compile(r"\b(?:is|are)\b", _F)  # a state now, unless the words say a plan
_PLANNED_SUM = re.compile(r"\b(?:total|planned|overall) investment\b", _F)
_RIGHT_AFTER = re.compile(r"\s+(?:planned|proposed|intended|expected)\b", _F)


@dataclass(frozen=True)
class Period:
    """What a figure is about in time, and the span of text a quote must hold to show it."""

    year: str = ""
    year_end: str = ""
    basis: str = ""
    months: str = ""
    as_of: str = ""
    note: str = ""
    start: int = -1
    end: int = -1


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: lines, cut after ". " before a capital, except after abbreviations (U.S., Co.)."""
    spans: list[tuple[int, int]] = []
    at = 0
    for line in text.split("\n"):
        start = at
        for m in _SENTENCE_END.finditer(line):
            word = line[line.rfind(" ", 0, m.start()) + 1:m.start()]  # the word before the stop
            if word.lower().strip("(\"\u201c") in _ABBREVIATIONS:
                continue
            spans.append((start, at + m.start() + 1))
            start = at + m.end()
        spans.append((start, at + len(line)))
        at += len(line) + 1
    return [s for s in spans if s[1] > s[0] and text[s[0]:s[1]].strip()]


def clauses(text: str, sentence: tuple[int, int], start: int, end: int) -> list[tuple[int, int]]:
    """The sentence cut into clauses at commas, semicolons and dashes, and at "and"/"including" between
    long parts; never inside ``start:end``. A clause of one or two words ("In 2019", "Last year") is
    joined to the next."""
    cuts = [m.span() for m in _HARD_BREAK.finditer(text, *sentence) if not _crosses(m.span(), start, end)]
    pieces = _pieces(sentence, cuts)
    for m in _SOFT_BREAK.finditer(text, *sentence):
        piece = next((p for p in pieces if p[0] <= m.start() and m.end() <= p[1]), None)
        if (piece and not _crosses(m.span(), start, end) and _words(text, piece[0], m.start()) >= 5
                and _words(text, m.end(), piece[1]) >= 5):
            pieces = sorted([p for p in pieces if p != piece] + [(piece[0], m.start()), (m.end(), piece[1])])
    merged: list[tuple[int, int]] = []
    for piece in pieces:
        if merged and _words(text, *merged[-1]) < 3:
            merged[-1] = (merged[-1][0], piece[1])
        else:
            merged.append(piece)
    return merged


def clause_at(spans: list[tuple[int, int]], at: int, default: tuple[int, int]) -> tuple[int, int]:
    return next((c for c in spans if c[0] <= at < c[1]), default)


def period(text: str, q: Quantity, clause: tuple[int, int], sentence: tuple[int, int],
           published: str | None, paragraph: int = 0) -> Period:
    """The year (own clause, else its sentence), months and as-of date of ``q`` (``paragraph``:
    where its paragraph starts); see ``earlier_period`` for the sentences before."""
    pub = _pub(published)
    found = _years_in(text, clause, q, pub) or _years_in(text, sentence, q, pub)
    months = _months(text, clause, sentence, pub)
    if found is None and months is not None:
        found = months
    elif found is not None and months is not None and not found.year_end and (
            found.year == months.year or found.basis == "stated" and months.basis != "stated"):
        found = Period(found.year, "", found.basis, months.months, note=found.note,
                       start=min(found.start, months.start), end=max(found.end, months.end))
    ahead = _AHEAD.search(text, *clause) or _AHEAD.search(text, *sentence)
    if found is None and pub is not None and ahead is not None and not _NOW.search(text, *sentence):
        n = int(ahead["n"]) if ahead["n"].isdigit() else _MONTH_WORDS[ahead["n"].lower()]
        found = Period(str(pub[0]), str(pub[0] + n - 1), "implied", note=f"years from {ahead.group(0)!r} "
                       "counted from the year of publication", start=ahead.start(), end=ahead.end())
    if found is None and pub is not None and (_NOW.search(text, *sentence) or _STATE.search(text, *sentence)
                                              or _NOW.match(text, paragraph)):
        found = Period(str(pub[0]), basis="published")
    as_of = _as_of(text, sentence, pub)
    if as_of and found is not None:
        found = Period(found.year, found.year_end, found.basis, found.months, as_of, found.note, found.start,
                       found.end)
    return found or Period()


def earlier_period(text: str, q: Quantity, before: list[tuple[int, int]], published: str | None) -> Period:
    """The period a sentence before states ("In the first half of 2017, ..." dating the figures of
    the sentences after it), as ``implied`` with a note saying where it was read; nearest first."""
    pub = _pub(published)
    for span in reversed(before):
        if pub is not None and _NOW.search(text, *span):  # "over the past four years": as of publication
            return Period(str(pub[0]), basis="published")
        found = _years_in(text, span, q, pub) or _months(text, span, span, pub)
        if found is not None and not found.year_end:
            months = _months(text, span, span, pub)
            words = text[found.start:found.end] if found.start >= 0 else ""
            return Period(found.year, "", "implied", months.months if months and months.year == found.year
                          else found.months, note=f"year from an earlier sentence ({words!r})")
    return Period()


def _pub(published: str | None) -> tuple[int, int] | None:
    if published and len(published) >= 7 and published[:4].isdigit() and published[5:7].isdigit():
        return int(published[:4]), int(published[5:7])
    return None


def _years_in(text: str, span: tuple[int, int], q: Quantity, pub: tuple[int, int] | None,
              stated_only: bool = False) -> Period | None:
    """The year expression in ``span`` nearest to ``q`` (before it preferred)."""
    found: list[tuple[int, Period]] = []
    for m in _RANGE.finditer(text, *span):
        last = m["e"] if len(m["e"]) == 4 else m["y"][:2] + m["e"]
        if int(last) > int(m["y"]):
            found.append((m.start(), Period(m["y"], last, "stated", start=m.start(), end=m.end())))
    for pattern in (_BY, _SINCE, _STATED):
        for m in pattern.finditer(text, *span):
            group = "y" if m["y"] else "y2"
            if pattern is _STATED and _COMPARED.search(text, max(0, m.start() - 60), m.start()):
                continue
            if (pattern is _STATED and m.end() <= q.start and _FOUNDED.search(text, max(0, m.start() - 30), m.start())
                    and _STATE_NOW.search(text, m.end(), q.start)):
                continue  # "was founded in 2009 and covers 12.5 square kilometers": its size now
            if any(s <= m.start(group) < e for s, e in ((p.start, p.end) for _, p in found)):
                continue
            if q.start <= m.start(group) < q.end:
                continue
            end = str(pub[0]) if pattern is _SINCE and pub and pub[0] > int(m[group]) else ""
            found.append((m.start(), Period(m[group], end, "stated", start=m.start(), end=m.end())))
    if not stated_only and pub is not None:
        for m in _RELATIVE.finditer(text, *span):
            if _COMPARED.search(text, max(0, m.start() - 60), m.start()):
                continue
            year = _resolve(m, pub)
            if year is not None:
                found.append((m.start(), Period(str(year), basis="implied", note=f"year from {m.group(0)!r}",
                                                start=m.start(), end=m.end())))
    if not found:
        return None
    return min(found, key=lambda f: (f[0] > q.start, abs(f[0] - q.start)))[1]


def _resolve(m: re.Match[str], pub: tuple[int, int]) -> int | None:
    """The year of "last year", "this year", "last October", "since September"."""
    rel = (m["rel"] or "").lower()
    if rel in ("last", "the previous"):
        return pub[0] - 1
    if rel in ("this", "the same") or m.group(0).lower().startswith(("a few", "earlier")):
        return pub[0]
    if rel == "next":
        return pub[0] + 1
    if m["day"]:  # "On April 6": the last April 6 by publication
        return pub[0] if MONTHS.index(m["day"].lower()) + 1 <= pub[1] else pub[0] - 1
    if m.group(0).lower().startswith(("on ", "the ", "this ")):  # "on Wednesday", "the whole year"
        return pub[0]
    month = m["month"]
    if month:
        number = MONTHS.index(month.lower()) + 1
        earlier = number < pub[1] if m.group(0).lower().startswith("last") else number <= pub[1]
        return pub[0] if earlier else pub[0] - 1
    return None


def _months(text: str, clause: tuple[int, int], sentence: tuple[int, int],
            pub: tuple[int, int] | None) -> Period | None:
    """"From January to September" -> months 1-9 of the year written with it, else of the
    publication year (or the year before, when those months are not over by publication)."""
    m = _MONTHS_SPAN.search(text, *clause) or _MONTHS_SPAN.search(text, *sentence)
    if m is None:
        return None
    if m["m"] or m["m4"]:
        first = MONTHS.index((m["m"] or m["m4"]).lower()) + 1
        last = MONTHS.index((m["m2"] or m["m3"]).lower()) + 1
    elif m["half"] or m["q"]:
        first, last = 1, {"half": 6, "quarter": 3, "two quarters": 6, "three quarters": 9}[
            (m["half"] or m["q"]).lower()]
    else:
        first, last = 1, int(m["n"]) if m["n"].isdigit() else _MONTH_WORDS[m["n"].lower()]
    if not 1 <= first <= last <= 12:
        return None
    span = f"{first}-{last}" if last > first else str(first)
    stated = m["y"] or m["y2"]
    if stated:
        return Period(stated, "", "stated", span, start=m.start(), end=m.end())
    if pub is None:
        return None
    year = pub[0] if last <= pub[1] else pub[0] - 1
    return Period(str(year), "", "implied", span, note=f"months from {m.group(0)!r}", start=m.start(), end=m.end())


def _as_of(text: str, sentence: tuple[int, int], pub: tuple[int, int] | None) -> str:
    m = _AS_OF.search(text, *sentence)
    if m is None:
        return ""
    year = int(m["y"]) if m["y"] else (pub[0] - (m["rel"].lower() == "last") if pub else None)
    if year is None:
        return ""
    month = MONTHS.index(m["m"].lower()) + 1 if m["m"] else 12
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def status(text: str, q: Quantity, clause: tuple[int, int], sentence: tuple[int, int],
           year: str, published: str | None) -> str:
    """The status the verbs say, in the number's clause, else its sentence; a future "by 2025" is a
    target; the total investment of a project, said in the present, a plan."""
    after = _RIGHT_AFTER.match(text, q.end)
    if after:  # "three planned mass innovation spaces"
        return {"proposed": "planned"}.get(after.group().strip().lower(), after.group().strip().lower())
    found = _status_in(text, q, clause) or _status_in(text, q, sentence)
    if found == "actual":
        modal = _status_in(text, q, (sentence[0], q.start), modal_only=True)
        part = (text.rfind(";", sentence[0], q.start) + 1 or sentence[0],
                text.find(";", q.end, sentence[1]) % (sentence[1] + 1) or sentence[1])
        found = modal if modal in ("planned", "expected", "target", "intended") else (
            "under construction" if _BUILDING.search(text, *part) else found)
    future = _BY.search(text, *sentence)
    if found in ("planned", "actual") and future and published and int(future["y"]) > int(published[:4]):
        return "target"
    if found:
        return found
    if _PLANNED_SUM.search(text, *clause) or _PLANNED_SUM.search(text, *sentence):
        return "planned"
    return "actual" if _WEAK.search(text, *sentence) or _PAST.search(text, *clause) else ""


def _status_in(text: str, q: Quantity, span: tuple[int, int], modal_only: bool = False) -> str:
    cues: list[tuple[int, int, str]] = []  # (start, rank, status), no cue inside a stronger one
    taken: list[tuple[int, int]] = []
    for rank, (name, pattern) in enumerate(_STATUSES):
        for m in pattern.finditer(text, *span):
            if q.start <= m.start() < q.end or any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append(m.span())
            cues.append((m.start(), rank, name))
    modal = [c for c in cues if c[0] < q.start and c[2] != "actual"]
    if modal or modal_only:
        return min(modal, key=lambda c: c[1])[2] if modal else ""
    facts = [c for c in cues if c[0] < q.start]
    if facts:
        return "actual"
    later = [c for c in cues if c[0] >= q.end]
    return min(later, key=lambda c: c[1])[2] if later else ""


def running_total(text: str, span: tuple[int, int], predicate: str, status_: str) -> str:
    """"yes" when a total to date's words ("so far", "has invested", "in recent years") are in
    ``span`` for an amount, count or area that is not a plan."""
    stocks = vocabulary.classes("predicate").get(predicate) in vocabulary.terms("stock")
    if not stocks or vocabulary.classes("status").get(status_) not in ("actual", "under way", "signed"):
        return ""
    words = text[span[0]:span[1]].lower()
    if predicate == "area" and not re.search(r"\b(?:developed|built|added|expanded|completed|constructed)\b", words):
        return ""  # "the 60 square kilometer area has made achievements over the past four years": its size
    # "estimated to have reached" is no present perfect: not a total to date
    said = any(re.search(r"(?<!to )\b" + re.escape(w) + r"\b", words) for w in vocabulary.terms("cumulative"))
    return "yes" if said \
        or re.search(r"\bsince (?:it|its)\b|\bin (?:the )?(?:past|last) (?:few|several|\w+) (?:years|decades)\b",
                     words) else ""


def _pieces(sentence: tuple[int, int], cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    pieces, at = [], sentence[0]
    for cut_start, cut_end in cuts:
        pieces.append((at, cut_start))
        at = cut_end
    pieces.append((at, sentence[1]))
    return [p for p in pieces if p[1] > p[0]]


def _words(text: str, lo: int, hi: int) -> int:
    return len(text[lo:hi].split())


def _crosses(span: tuple[int, int], start: int, end: int) -> bool:
    return span[0] < end and start < span[1]
