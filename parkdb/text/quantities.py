"""Quantities: the one reader of "1.8 billion yuan ($265.9 million)".

``find_quantities`` finds every number an English news text states, with its span, value, unit,
qualifier ("nearly"), bracketed translation ("($265.9 million)") and two flags: a year, or page
furniture (datelines, times, copyright years, licence and street numbers, screen resolutions).
``read_number`` reads the number that a fact's ``value_text`` states; the build checks each fact's
``value`` with it, and suggest proposes facts from ``find_quantities``.

Invariants, checked by tests/test_quantities.py (examples, every curated row of data/facts.csv, and
hypothesis over arbitrary unicode): for every Quantity ``q`` found in ``text``,
``text[q.start:q.end] == q.value_text`` and ``read_number(q.value_text) == q.value``; only the ASCII
digits 0-9 are read (never "²", "٣" or "①"); no text raises.

The grammar is small on purpose (a regular expression per part, no parser library):
``[qualifier] [currency] number [scale] [unit] [( [qualifier] equivalent )]`` where number is digits
("330,000", "1.8") or number words ("four", "twenty-five", "a dozen"). Single-letter scales ("$265.9m",
"$2.2b") count only with a currency, since "5m" alone may be metres.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from .. import vocabulary
from ..values import money_units

# The unit codes and qualifiers are the vocabulary's; the grammar below maps words to them.
UNITS = vocabulary.terms("unit")
QUALIFIERS = vocabulary.terms("qualifier")


@dataclass(frozen=True)
class Quantity:
    """One number stated in a text.

    start, end: the span of ``value_text`` in the text (Python str offsets, end exclusive).
    value: the number the words state ("1.8 billion yuan" is 1800000000).
    unit: one of ``UNITS``; ``count`` for a number followed by a noun ("13 university workstations");
        None for a bare number or a year.
    value_text: ``text[start:end]``, the words that state the number, currency and unit included,
        qualifier excluded ("1.8 billion yuan", "$265.9 million", "four").
    qualifier: the approximation immediately before it (one of ``QUALIFIERS``, lower case) or None.
    equivalent: the bracketed translation that immediately follows, as its own Quantity; it is not
        listed separately by ``find_quantities``.
    is_year: a four-digit 19xx/20xx year not followed by a unit, or the short end of a year range
        ("22" in "2020-22").
    is_furniture: page furniture, not content: dates and times in datelines, copyright years,
        licence, registration, telephone and street numbers, screen resolutions, numbers in URLs.
    """

    start: int
    end: int
    value: Decimal
    unit: str | None
    value_text: str
    qualifier: str | None = None
    equivalent: Quantity | None = None
    is_year: bool = False
    is_furniture: bool = False


_F = re.ASCII | re.IGNORECASE  # ASCII: "²" and "٣" are not digits, "ſ" is not "s"
_SPACE = r"[ \t\u00a0]"
_UNIT_WORDS = {
    "CNY": r"yuan|renminbi|RMB|CNY",
    "USD": r"U\.S\.\s?dollars?|US\s?dollars?|American\s+dollars?|dollars?|USD",
    "km2": r"square\s+kilomet(?:er|re)s?|square\s+km|sq\.?[\s-]?km|km2|km\u00b2",
    "m2": r"square\s+met(?:er|re)s?|sq\.?[\s-]?m|sqm|m2|m\u00b2",
    "ha": r"hectares?|ha",
    "mu": r"mu",
    "km": r"kilomet(?:er|re)s?|km",
    "t": r"tonnes?|tons?",
    "percent": r"percent|per\s+cent|pct|%",
}
_UNIT = r"(?:" + "|".join(f"(?P<u_{code}>{words})" for code, words in _UNIT_WORDS.items()) + r")(?![A-Za-z0-9])"
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
           "k": 10**3, "m": 10**6, "mn": 10**6, "b": 10**9, "bn": 10**9, "tn": 10**12}
_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "hundred": 100,
    "a": 1, "an": 1,
}
_MULTIPLIERS = {"dozen": 12, "hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9,
                "trillion": 10**12}
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_WORD_ALT = "|".join(sorted(_WORDS, key=len, reverse=True))

_DIGITS = re.compile(
    r"(?P<pre>(?<![A-Za-z])(?:US\$|U\.S\.\s?\$|\$|USD" + _SPACE + r"?|RMB" + _SPACE + r"?|CNY" + _SPACE
    + r"?|\u00a5|\uffe5)|(?<![0-9A-Za-z_])(?<![0-9][.,]))"
    r"(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    r"(?:(?:" + _SPACE + r"*|-)(?P<scale>thousand|million|billion|trillion)(?![A-Za-z])"  # "73-billion-yuan"
    r"|(?P<short>bn|mn|tn|[kmb])(?![A-Za-z0-9]))?"
    r"(?:" + _SPACE + r"?-?" + _SPACE + r"?" + _UNIT + r")?",
    _F,
)
_WORD = re.compile(
    r"(?<![A-Za-z0-9'\u2019-])"
    r"(?P<word>(?:" + _TENS + r")-(?:" + _ONES + r")|" + _WORD_ALT + r")"
    r"(?P<mult>(?:" + _SPACE + r"+(?:dozen|hundred|thousand|million|billion|trillion))*)"
    r"(?![A-Za-z0-9'\u2019-])"
    r"(?:" + _SPACE + r"?-?" + _SPACE + r"?" + _UNIT + r")?",
    _F,
)
# A qualifier as written, inflected verbs too: "exceeding 49.5 billion yuan" is qualified "exceed".
_QUALIFIER = re.compile(r"(?<![A-Za-z])(" + "|".join(
    q + "(?:s|ed|ing)?" if q == "exceed" else q for q in sorted(QUALIFIERS, key=len, reverse=True)) + r")"
                        + _SPACE + r"+$", _F)
_NEXT_WORD = re.compile(_SPACE + r"+(?P<word>[A-Za-z][A-Za-z'\u2019-]*)", _F)
# Words after a number that say it does not count a noun ("3 times", "2 of 5 is", "four to six").
_NOT_NOUNS = frozenset((
    "and", "or", "to", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will",
    "would", "can", "could", "may", "might", "shall", "should", "in", "on", "at", "by", "for", "from",
    "with", "than", "that", "which", "who", "whom", "whose", "times", "as", "per", "into", "onto", "upon"
))
_LOWERS = frozenset(("no", "any", "every", "each", "some", "which", "this", "that", "another"))  # "no one"
_YEAR = re.compile(r"(?:19|20)[0-9]{2}")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
# "Jan", "January", "Sept": case-sensitive, so that "may" and "march" stay words.
_MONTH = "(?-i:Sept|" + "|".join(f"{m[:3].title()}(?:{m[3:]})?" for m in MONTHS) + ")"
_FURNITURE = re.compile(
    r"(?<![0-9])(?:19|20)[0-9]{2}[-/.][0-9]{1,2}[-/.][0-9]{1,2}(?![0-9])"  # 2016-12-20
    r"|(?<![0-9])[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?![0-9])"  # 08:57:24
    r"|(?<![0-9])[0-9]{3,4}\s*[*\u00d7xX]\s*[0-9]{3,4}(?![0-9])"  # 1024*768
    r"|(?:copyright|\u00a9|\(c\))\s*(?:\u00a9\s*)?(?:19|20)[0-9]{2}(?:\s*[-\u2013]\s*(?:(?:19|20)[0-9]{2})?)?"
    r"|\b" + _MONTH + r"\.?\s+[0-9]{1,2}(?:st|nd|rd|th)?\b(?:,\s*(?:19|20)[0-9]{2})?"  # April 29, 2024
    r"|\b[0-9]{1,2}\s+" + _MONTH + r"\b(?:,?\s*(?:19|20)[0-9]{2})?"  # 29 April 2024
    r"|\b(?:https?://|www\.)\S+|(?<![\w.+-])[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+",  # bounded: no rescans
    _F,
)
_FURNITURE_LINE = re.compile(r"licen[cs]e|registration|\bICP\b|permit|\btel\b|telephone|phone|\bfax\b|address"
                             r"|e-?mail|postcode|zip\s+code|p\.?\s?o\.?\s+box", _F)
_STREET_NUMBER = re.compile(r"(?:\bNo\.|#)" + _SPACE + r"*$")
_YEAR_RANGE_HEAD = re.compile(r"(?:19|20)[0-9]{2}" + _SPACE + r"*[-\u2013]" + _SPACE + r"*$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:\n]\s*[\"\u201c\u2018(]?|^[\"\u201c\u2018(])\s*$")
_BRACKET_OPEN = re.compile(r"\s*[(\uff08]")
_BRACKET_CLOSE = re.compile(r"\s*[)\uff09]")


def read_number(value_text: str) -> Decimal | None:
    """The first number written in ``value_text`` (digits, or words with their scale), or None; never raises."""
    found = [q for q in _scan(value_text, strict=False)]
    if not found:
        article = _WORD.search(value_text)  # "a foreign-funded project" is one project
        return Decimal(1) if article else None
    return min(found, key=lambda q: q.start).value


def find_quantities(text: str) -> list[Quantity]:
    """Every number stated in ``text``, in order, bracketed translations nested as ``equivalent``; never raises."""
    found = sorted(_scan(text, strict=True), key=lambda q: q.start)
    furniture = [m.span() for m in _FURNITURE.finditer(text)]
    marked = [_mark(text, q, furniture) for q in found]
    result: list[Quantity] = []
    skip: set[int] = set()
    for i, q in enumerate(marked):
        if i in skip:
            continue
        nxt = marked[i + 1] if i + 1 < len(marked) else None
        if nxt is not None and _is_translation(text, q, nxt):
            q = replace(q, equivalent=nxt)
            skip.add(i + 1)
        result.append(q)
    return result


def _scan(text: str, strict: bool) -> list[Quantity]:
    """Digit and word quantities; ``strict`` keeps only number words that count a noun."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for m in _DIGITS.finditer(text):
        q = _digit_quantity(text, m)
        if q is not None:
            found.append(q)
            taken.append((q.start, q.end))
    for m in _WORD.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        q = _word_quantity(text, m, strict)
        if q is not None:
            found.append(q)
    return found


def _digit_quantity(text: str, m: re.Match[str]) -> Quantity | None:
    unit = _unit_of(m)
    currency = m.group("pre")
    short = m.group("short")
    if short and not currency and unit not in money_units():
        return None  # "5m" alone may be metres: not read
    number = m.group("num")
    value = Decimal(number.replace(",", ""))
    scale = m.group("scale") or short
    if scale:
        value *= _SCALES[scale.lower()]
    if currency:
        prefix_unit = "USD" if "$" in currency or currency.upper().startswith("USD") else "CNY"
        unit = unit if unit in money_units() else prefix_unit
    is_year = bool(unit is None and not scale and not currency and _YEAR.fullmatch(number))
    if unit is None and not is_year and _counts_a_noun(text, m.end(), partitive=True):
        unit = "count"
    return _make(text, m.start(), m.end(), value, unit, is_year=is_year)


def _word_quantity(text: str, m: re.Match[str], strict: bool) -> Quantity | None:
    word = m.group("word").lower()
    mults = m.group("mult").lower().split()
    if word in ("a", "an") and not mults:
        return None  # "a" is 1 only in a quantity phrase: read_number's last resort, never proposed
    if "-" in word:
        tens, ones = word.split("-")
        value = Decimal(_WORDS[tens] + _WORDS[ones])
    else:
        value = Decimal(_WORDS[word])
    for mult in mults:
        value *= _MULTIPLIERS[mult]
    unit = _unit_of(m)
    if strict and unit is None and not _word_counts(text, m, word):
        return None
    return _make(text, m.start(), m.end(), value, unit or "count")


def _word_counts(text: str, m: re.Match[str], word: str) -> bool:
    """A number word counts a noun: "three main areas", "two of the four", not "one of them", "Six Star"."""
    if text[m.start()].isupper() and not _SENTENCE_START.search(text[max(0, m.start() - 3):m.start()]):
        return False  # a capitalised number word inside a sentence is part of a name
    before = text[max(0, m.start() - 12):m.start()].split()
    if word == "one" and before and before[-1].lower() in _LOWERS:
        return False
    return _counts_a_noun(text, m.end(), partitive=word != "one")


def _counts_a_noun(text: str, end: int, partitive: bool) -> bool:
    nxt = _NEXT_WORD.match(text, end)
    if nxt is None:
        return False
    word = nxt.group("word").lower()
    if word == "of":
        return partitive
    return word not in _NOT_NOUNS


def _unit_of(m: re.Match[str]) -> str | None:
    for code in _UNIT_WORDS:
        if m.group(f"u_{code}") is not None:
            return code
    return None


def _make(text: str, start: int, end: int, value: Decimal, unit: str | None, is_year: bool = False) -> Quantity:
    if value == value.to_integral_value():
        value = Decimal(int(value))  # 1800000000, not 1800000000.0
    window = text[max(0, start - 20):start]
    qualifier = _QUALIFIER.search(window)
    return Quantity(start=start, end=end, value=value, unit=unit, value_text=text[start:end],
                    qualifier=_qualifier(qualifier.group(1)) if qualifier else None, is_year=is_year)


def _qualifier(words: str) -> str:
    """The vocabulary's qualifier for the words as written ("exceeding" is "exceed")."""
    lower = words.lower()
    return lower if lower in QUALIFIERS else next(q for q in QUALIFIERS if lower.startswith(q))


def _mark(text: str, q: Quantity, furniture: list[tuple[int, int]]) -> Quantity:
    """Flag page furniture and the short end of a year range."""
    line_start = text.rfind("\n", 0, q.start) + 1
    line_end = text.find("\n", q.end)
    line = text[line_start:len(text) if line_end < 0 else line_end]
    before = text[max(line_start, q.start - 50):q.start]
    is_furniture = (
        any(s < q.end and q.start < e for s, e in furniture)
        or (len(line) <= 160 and bool(_FURNITURE_LINE.search(before)))
        or bool(_STREET_NUMBER.search(before))
        or (q.value_text[:1] == "0" and len(q.value_text) > 1 and q.value_text[1:2].isdigit())
    )
    range_end = bool(_YEAR_RANGE_HEAD.search(text[max(0, q.start - 8):q.start])) and len(q.value_text) in (2, 4)
    is_year = q.is_year or (q.unit is None and not is_furniture and range_end)
    return replace(q, is_furniture=is_furniture, is_year=is_year)


def _is_translation(text: str, q: Quantity, nxt: Quantity) -> bool:
    """``nxt`` is "(…)" right after ``q``, holding only an amount in another unit: "($265.9 million)"."""
    if q.unit in (None, "count") or nxt.unit in (None, "count") or q.is_furniture or nxt.is_furniture:
        return False
    opened = _BRACKET_OPEN.match(text, q.end)
    if opened is None:
        return False
    between = text[opened.end():nxt.start].strip().lower()
    if between and between != nxt.qualifier:
        return False
    return _BRACKET_CLOSE.match(text, nxt.end) is not None
