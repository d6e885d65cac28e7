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
from dataclasses import dataclass, replace
from decimal import Decimal

from .. import vocabulary
from ..text.quantities import Quantity, find_quantities
from ..values import fact_prefix, money_units
from ..vocabulary import FACT_COLUMNS
from . import context, numbers, page
from .subjects import CAPTION, Names

MONEY = vocabulary.terms("predicate", "money")

_F = re.IGNORECASE | re.ASCII  # ASCII: "ſ" is not "s", so matched words are the ones listed
# "unrecorded": amounts no predicate records (CURATION.md): GDP, added value, fiscal income, trade
_MONEY_WORDS = re.compile(r"(?P<unrecorded>added value|value added|\bGDP\b|fiscal (?:income|revenue)"
                          r"|imports? and exports?|import-export|foreign trade)"
                          r"|(?P<tax>\btax(?:es)?(?: revenues?| income| paid)?\b)"
                          r"|(?P<revenue>operating income|sales income|revenues?|turnover|\bincome|\bsales\b)"
                          r"|(?P<output_value>output value|production value|\boutput\b)"
                          r"|(?P<investment>\binvest\w*|\ballocat\w*|\binject\w*|\bfund\w*|\bfinanc\w*"
                          r"|\bcapital\b|\bFDI\b|\bworth\b|\bcost(?:s|ing)?\b|\bspent\b)", _F)
_GROWTH = re.compile(r"increase|growth|grew|grow|\brise\b|\brose\b|\bup (?:by )?[0-9]|year-on-year|declin"
                     r"|decreas|\bdown\b|expanded", _F)
_SHARE = re.compile(r"\b(?:including|includes|include|of which|among them|among which|among these|of these|of them"
                    r"|specifically|in these|such as)\b", _F)
_SHARE_OPENING = re.compile(r"\s*[\"\u201c]?(?:among them|of which|of these|specifically|in particular"
                            r"|in these|including|(?:the|these|those) (?:\w+ )?(?:include|includes|included|comprise)"
                            r"|they (?:include|comprise))\b", _F)
_AMONG = re.compile(r"\bamong (?:the|its|these) ", _F)
_OF_THEM = re.compile(r"\s+(?:of (?:them|these|those|which)|of the (?:total|projects|enterprises))\b", _F)
_OF_THE = re.compile(r"\s+of (?:the|its|their)\s+$", _F)
_NOUN_STOP = re.compile(r"\s*(?:[,;:.()\u201c\u201d\"\u2014\u2013]|\s-+\s|\b(?:including|among|and|or|to|is|are|was"
                        r"|were|has|have|had|will|in|on|at|by|for|from|with|that|which|who|of|into|be|worth"
                        r"|signed|were|totaling|accounting|last|this|next|since|during|after|before)\b)", _F)
_AMOUNT = re.compile(r"(?<![0-9.,])[0-9][0-9.,]*\s*(?:billion|million|trillion)?\s*yuan", re.IGNORECASE)
_OF_A_PROJECT = re.compile(r"[^.;]{0,80}?\bprojects?\b", re.IGNORECASE)
_UP_TO = re.compile(r"(?:by|since|until|till|as of|as at|up to|to the end of)\b", re.IGNORECASE)
_THEN = re.compile(r"\s*(?:Meanwhile|At the same time|By then|By that time|Then)\b", re.IGNORECASE)
_ELIDED_AFTER = re.compile(r"\s+(?:are|were|is|was|have|has|had)\b(?! (?:to|no|not)\b)", re.IGNORECASE)
_ELIDED_FROM = re.compile(r"\s+to\s+[0-9][0-9,]*\b")  # "from 8,400 to 119,499"
_ELIDED_RANGE = re.compile(r"\bfrom\s+[0-9][0-9,]*\s+to\s+$")
# "the number of private enterprises ... has increased to over 40,000", "the number of ... is 7"
_ELIDED_NUMBER_OF = re.compile(r"\bnumber of\b[^.;\n]{0,90}?\b(?:is|was|are|were|reached|rose|increased|grew|hit"
                               r"|stood|totaled|totalled|jumped|soared|climbed)(?:\s+(?:to|at))?"
                               r"(?:\s+(?:over|more than|nearly|about|around|almost|some))?\s+$", re.IGNORECASE)
_DONE = re.compile(r"\b(?!(?:were|was|planned|signed|expected|listed|based)\b)[a-z]{3,}ed\b|\b(?:has|have|had)\b",
                   re.IGNORECASE)  # a verb of its own: a share that says what happened to it
_DEALS = re.compile(r"\b(?:projects?|contracts?|deals?|agreements?|investments?)\b", _F)


@dataclass
class Reading:
    """What suggest knows while it reads one article: its text, date and names."""

    seed: str
    text: str
    published: str | None
    names: Names
    sentences: list[tuple[int, int]]


def suggest(seed: str, text: str, published: str | None, cited: list[tuple[int, int]], next_number: int,
            include_cited: bool = False, names: Names | None = None) -> list[dict[str, str]]:
    """Candidate rows (facts.csv columns, all strings) for the numbers in ``text``; never raises."""
    reading = Reading(seed, text, published, names or Names.read(text, {}, {}), context.sentences(text))
    prefix = fact_prefix(seed)
    rows: list[dict[str, str]] = []
    placed: list[tuple[Quantity, dict[str, str], tuple[int, int]]] = []
    seen: set[tuple[str, str | None]] = set()
    carried = ""
    found = [q for q in map(lambda q: _elided(text, q), find_quantities(text))
             if not (q.is_year or q.is_furniture or q.unit is None or numbers.not_a_quantity(text, q))]
    headline = page.headline(text, page.page_date(text))
    told = 0  # sentences whose subject has been carried
    for q in found:
        if headline is not None and headline.start <= q.start < headline.end:
            continue  # the headline's figure is the article's, cited where the article gives it
        sentence = next((s for s in reading.sentences if s[0] <= q.start < s[1]), (0, len(text)))
        if (format(q.value), q.unit) in seen and CAPTION.search(text, *sentence):
            continue  # a photo caption repeating a figure of the article
        seen.add((format(q.value), q.unit))
        while told < len(reading.sentences) and reading.sentences[told][1] <= sentence[0]:
            carried = reading.names.sentence_subject(reading.sentences[told], carried)
            told += 1
        row = _row(reading, q, sentence, carried)
        if not row["predicate"]:
            continue  # GDP, added value, fiscal income, trade, shares: no predicate records them
        keep = include_cited or not _inside(q, cited)
        if keep:
            row.update(fact_id=f"{prefix}{next_number:02d}", seed=seed)
            next_number += 1
            rows.append(row)
            placed.append((q, row, sentence))
        eq = q.equivalent
        if eq is not None and (include_cited or not _inside(eq, cited)):
            twin = dict(row, value=_plain(eq.value), unit=eq.unit or "", value_text=eq.value_text,
                        qualifier=eq.qualifier or q.qualifier or "", fact_id=f"{prefix}{next_number:02d}",
                        seed=seed, equivalent_of=row.get("fact_id", ""), part_of="")
            next_number += 1
            rows.append(twin)
    _link_shares(reading, placed)
    for row in rows:
        if not row["status"]:  # every quantity has a status: say it was assumed
            row.update(status="actual", note=f"{row['note']}; status actual assumed, no verb read".lstrip("; "))
    return rows


def _row(reading: Reading, q: Quantity, sentence: tuple[int, int], carried: str) -> dict[str, str]:
    """The row for ``q``: quote from the shortest clause, widened to the words that date it."""
    text = reading.text
    end = q.equivalent.end if q.equivalent is not None else q.end
    start = _qualifier_start(text, q)
    spans = context.clauses(text, sentence, start, end)
    clause = context.clause_at(spans, start, sentence)
    paragraph = text.rfind("\n", 0, sentence[0]) + 1
    when = context.period(text, q, clause, sentence, reading.published, paragraph)
    lo, hi = clause
    if sentence[0] <= when.start < sentence[1]:  # the words that date it, stated or relative
        dated = context.clause_at(spans, when.start, sentence)
        lo, hi = min(lo, dated[0]), max(hi, when.end)
    lo, hi = _trim(text, lo, max(hi, end), start, end)
    predicate = _predicate(text, q, sentence, lo, hi)
    status = context.status(text, q, clause, sentence, when.year, reading.published)
    cumulative = context.running_total(text, (sentence[0], clause[1]), predicate, status)
    if cumulative and when.start >= 0 and when.year and not _UP_TO.match(text, when.start):
        cumulative = "no"  # "has introduced 62.86 billion yuan ... in 2016": that year's, not a total to date
    if not when.year and status in ("actual", "signed", "under construction") and not cumulative:
        # a result, dated by the sentences before (a total to date is as of publication: below)
        at = reading.sentences.index(sentence) if sentence in reading.sentences else 0
        when = context.earlier_period(text, q, reading.sentences[max(0, at - 5):at], reading.published)
    if not when.year and status in ("planned", "expected") and _THEN.match(text, sentence[0]):
        at = reading.sentences.index(sentence) if sentence in reading.sentences else 0
        when = context.earlier_period(text, q, reading.sentences[max(0, at - 1):at], reading.published)
        if when.year and status == "planned" and reading.published and when.year > reading.published[:4]:
            status = "target"  # "Meanwhile, the valley will boast 30 ...", after "in 2025, when ..."
    subject = reading.names.subject(sentence, q.start, clause, carried)
    row = dict.fromkeys(FACT_COLUMNS, "") | {
        "subject": subject or "?", "predicate": predicate, "object": _object(text, q, clause, predicate),
        "value": _plain(q.value), "unit": q.unit or "", "value_text": q.value_text, "qualifier": q.qualifier or "",
        "year": when.year, "year_end": when.year_end, "year_basis": when.basis, "status": status,
        "quote": text[lo:hi], "start": str(lo), "end": str(hi), "note": when.note, "basis": "stated",
        "months": when.months, "as_of": when.as_of,
        "running_total": cumulative,
    }
    if row["running_total"] == "yes" and not row["year"] and reading.published:  # a stock is as of publication
        row.update(year=reading.published[:4], year_basis="published")
    if status in ("planned", "intended", "expected") and when.basis == "published":
        row.update(year="", year_basis="")  # an undated plan has no year
    return row


def _elided(text: str, q: Quantity) -> Quantity:
    """A number whose noun is left out is a count of the noun before it: "457 results; 90 are leading",
    "soared from 8,400 to 119,499", "the number of industrial projects is 7"."""
    if q.unit is not None or q.is_year or q.is_furniture or "." in q.value_text:
        return q
    after = text[q.end:q.end + 12]
    before = text[max(0, q.start - 30):q.start]
    if (_ELIDED_AFTER.match(after) or _ELIDED_RANGE.search(before) or _ELIDED_FROM.match(after)
            or _ELIDED_NUMBER_OF.search(text, max(0, q.start - 130), q.start)):
        return replace(q, unit="count")
    return q


def _qualifier_start(text: str, q: Quantity) -> int:
    """Where ``q`` begins with its qualifier ("nearly 5 billion yuan"), so that the quote keeps both."""
    if not q.qualifier:
        return q.start
    window = max(0, q.start - 30)
    found = re.compile(re.escape(q.qualifier) + r"\w*\s+$", re.IGNORECASE | re.ASCII).search(text, window, q.start)
    return found.start() if found else q.start


def _predicate(text: str, q: Quantity, sentence: tuple[int, int], lo: int, hi: int) -> str:
    if q.unit in money_units():
        respectively = _respectively(text, q, sentence)
        if respectively:  # "GDP ... respectively": no predicate records it, not proposed
            return "" if respectively == "unrecorded" else respectively
        before = list(_MONEY_WORDS.finditer(text, max(sentence[0], q.start - 160), q.start))
        after = _MONEY_WORDS.search(text, q.end, hi)
        near = before[-1] if before else after
        if near is not None and near.group().lower() == "worth" and not _DEALS.search(
                text, max(sentence[0], near.start() - 60), near.start()):
            return "?"  # "vehicles worth 2 billion yuan" are sales, not an investment
        if near is not None and near.lastgroup == "unrecorded":
            return ""  # not proposed: see why_not
        if near is None and "-" in q.value_text and _OF_A_PROJECT.match(text, q.end):
            return "investment"  # "the 73-billion-yuan ... industrial chain project": its total investment
        return (near.lastgroup or "?") if near else "?"
    if q.unit == "percent":  # a share or ratio is no fact (no predicate records it): see why_not
        return "growth_rate" if _GROWTH.search(text, max(sentence[0], min(lo, q.start - 60)), hi) else ""
    # Otherwise the one predicate of the unit's class, if it has one (ha: area, t and km: quantity).
    serving = vocabulary.terms("predicate", vocabulary.classes("unit").get(q.unit or ""))
    return serving[0] if len(serving) == 1 else "?"


_AMOUNT_NOUN = re.compile(r"\b(?:investments?|revenues?|income|output(?: value)?|value|GDP|funds?|capital|taxe?s?"
                          r"|sales|area|FDI|budget|subsidy|turnover)\b", re.IGNORECASE)
_VERB = re.compile(r"\b(?:is|are|was|were|will|has|have|had|reached|hit|totaled|totalled|topped|stood|amounted"
                   r"|exceeded|expanded|increased|rose|grew|achieved|realized|covers|occupies|be|to|of about"
                   r"|reaching|exceeding|is expected|worth)\b", re.IGNORECASE)
_FOR = re.compile(r"\)?\s*(?:\(\S[^)]*\)\s*)?(?P<what>(?:into|for|in|on|to) [^,;.]{3,80})")


def _respectively(text: str, q: Quantity, sentence: tuple[int, int]) -> str:
    """"output value and fiscal income amounted to 128.2 billion yuan and 5.86 billion yuan,
    respectively": the kinds, in the order of the amounts."""
    word = re.compile(r"\brespectively\b", re.IGNORECASE).search(text, q.end, sentence[1])
    if word is None:
        return ""
    amounts = [m for m in _AMOUNT.finditer(text, sentence[0], word.start())]
    chain = [amounts[-1]] if amounts else []
    for m in reversed(amounts[:-1]):  # back from "respectively" while only "and" or a comma joins them
        if not re.fullmatch(r"\s*(?:\([^)]*\)\s*)?(?:,|and|, and)\s*", text[m.end():chain[0].start()]):
            break
        chain.insert(0, m)
    starts = [m.start() for m in chain]
    if len(chain) < 2 or q.start not in starts:
        return ""
    kinds = [m.lastgroup for m in _MONEY_WORDS.finditer(text, max(sentence[0], chain[0].start() - 120),
                                                          chain[0].start())]
    return (kinds[-len(chain):][starts.index(q.start)] or "") if len(kinds) >= len(chain) else ""


def _object(text: str, q: Quantity, clause: tuple[int, int], predicate: str) -> str:
    """In the article's words: the noun counted ("13 university workstations" -> "university
    workstations"); for an amount or area, the noun phrase that names it ("total investment of the
    project", "annual output value"), else what it goes into or is for."""
    if q.unit == "count":
        rest = text[q.end:q.end + 80]
        stop = _NOUN_STOP.search(rest)
        return " ".join(rest[:stop.start() if stop else len(rest)].split()[:5])
    if q.unit == "percent":
        return ""
    before = text[clause[0]:q.start]
    nouns = list(_AMOUNT_NOUN.finditer(before))
    if nouns:
        lo = max((m.end() for m in re.finditer(r"(?:^|[,;]|\b(?:the|a|an|its|their|of|with|and|In|in)\b)\s*",
                                               before[:nouns[0].start()])), default=0)
        phrase = before[lo:]
        verb = _VERB.search(phrase, nouns[-1].end() - lo)
        phrase = phrase[:verb.start()] if verb else phrase
        phrase = re.sub(r"(?:\s+(?:of|with|at|to|by|for|in))+\s*$", "", phrase)
        if phrase.split():
            return " ".join(phrase.split()[:10]).strip(" ,;:-")
    end = q.equivalent.end if q.equivalent is not None else q.end
    found = _FOR.match(text, end, clause[1] + 1)
    if found is None:
        return ""
    what = found["what"]
    named = re.match(r"(?:in|of) ((?:\w+ ){0,2}?" + _AMOUNT_NOUN.pattern + r")", what, re.IGNORECASE)
    return named.group(1) if named else " ".join(what.split()[:10])  # "in output value in the whole year"


def _link_shares(reading: Reading, placed: list[tuple[Quantity, dict[str, str], tuple[int, int]]]) -> None:
    """``part_of`` for every item of "20 projects, including seven ... and three ...", for "two of the four",
    "19 of which", and for the figures of a sentence opening "Among them", "Of which" or "Specifically"
    (their total is in the sentence before)."""
    text = reading.text
    for q, row, sentence in placed:
        same = [(p, r, s) for p, r, s in placed if p.unit == q.unit and p is not q]
        earlier = [(p, r) for p, r, s in same if s == sentence and p.end <= q.start]
        later = [(p, r) for p, r, s in same if s == sentence and p.start >= q.end]
        total: dict[str, str] | None = None
        share = _last_share(text, sentence[0], q.start)
        if later and _OF_THE.search(text, q.end, later[0][0].start):
            total = later[0][1]  # "two of the four academician workstations"
        elif earlier and _OF_THEM.match(text, q.end):
            total = earlier[-1][1]  # "19 of which", "about 20 of them"
        heads = [(p, r) for p, r in earlier if share is not None and p.end <= share]
        if total is None and heads:
            total = heads[-1][1]
        among = _AMONG.search(text, sentence[0], q.start)
        if total is None and among:  # "Among the 48 projects ..., Nansha's three"
            total = next((r for p, r in earlier if p.start == among.end()), None)
        elif total is None and _SHARE_OPENING.match(text, sentence[0]):
            previous = [(p, r) for p, r, s in same if s[1] <= sentence[0] and sentence[0] - s[1] < 400]
            total = previous[-1][1] if previous else None
        if total is not None and Decimal(total["value"]) >= Decimal(row["value"]) and total is not row:
            row["part_of"] = total["fact_id"]
            if not row["status"] or (row["status"] == "actual" and not _DONE.search(row["quote"])):
                row["status"] = total["status"]  # "Among them, there were 69 projects": of the signed 92
            if row["predicate"] == "?" and total["predicate"] != "?":  # "the biomedicine projects account for"
                row["predicate"] = total["predicate"]
            if not row["year"] and total["year"]:  # a share is of its total's period
                row.update({k: total[k] for k in ("year", "year_end", "year_basis", "months", "as_of")},
                           note=total["note"] or f"year of its total {total['fact_id']}")
            if total["subject"] not in ("", "?") and row["subject"] in ("", "?"):
                row["subject"] = total["subject"]


def _last_share(text: str, lo: int, hi: int) -> int | None:
    found = list(_SHARE.finditer(text, lo, hi))
    return found[-1].start() if found else None


def _trim(text: str, lo: int, hi: int, start: int, end: int) -> tuple[int, int]:
    """``lo:hi`` without the punctuation and spaces at its ends, never cutting into ``start:end``."""
    caption = text.find(" [", end, hi)  # "[Photo provided to ...]" after a sentence
    hi = caption if caption >= 0 else hi
    while hi > end and text[hi - 1] in " \t\n.,;:!?":
        hi -= 1
    while lo < start and text[lo] in " \t\n\"\u201c,;:":
        lo += 1
    return lo, hi


def _inside(q: Quantity, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= q.start and q.end <= e for s, e in spans)


def _plain(value: Decimal) -> str:
    """A Decimal as facts.csv writes it: "1800000000", "14.85"."""
    return format(value, "f")


def why_not(text: str, start: int) -> str:
    """Why suggest did not propose the number at ``start``: what the reader took it for."""
    quantities = find_quantities(text)
    found = next((q for q in quantities if q.start <= start < q.end), None)
    if found is None:  # a bracketed translation goes with its amount
        found = next((q for q in quantities if q.equivalent is not None
                      and q.equivalent.start <= start < q.equivalent.end), None)
    headline = page.headline(text, page.page_date(text))
    if headline is not None and headline.start <= start < headline.end:
        return "a figure of the headline, cited where the article gives it"
    if found is None or found.unit is None:
        return ("a year" if found is not None and found.is_year else
                "part of a date, a time, a name or a code, not a quantity")
    if found.is_furniture:
        return "page furniture (a date line, time, copyright year, licence, address or web address)"
    if numbers.not_a_quantity(text, found):
        return "a length of time, a rank, a model number or 'one' as an article, not a quantity"
    sentence = next((s for s in context.sentences(text) if s[0] <= found.start < s[1]), (0, len(text)))
    if found.unit in money_units() and not _predicate(text, found, sentence, found.start, found.end + 80):
        return "GDP, added value, fiscal income or trade: no predicate records it (see CURATION.md)"
    if found.unit == "percent" and not _predicate(text, found, sentence, sentence[0], sentence[1]):
        return "a share or ratio, not a growth rate: no predicate records it (see CURATION.md)"
    return "a repeat of a figure the article gives elsewhere"
