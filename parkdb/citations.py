"""Citations: a quote, found at its offsets in its seed, that states the fact's number.

``check_quote`` verifies the offsets; ``read_number`` reads the number an article writes
("1.8 billion yuan", "$265.9m", "330,000", "four") so that the loader can check that a fact's
``value`` is what its quoted words say. ``context`` returns the sentences around a quote.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "dozen": 12,
}
SCALE = {
    "thousand": 10**3, "k": 10**3, "million": 10**6, "m": 10**6, "mn": 10**6,
    "billion": 10**9, "bn": 10**9, "b": 10**9, "trillion": 10**12, "tn": 10**12,
}
NUMBER = re.compile(
    r"(?<![\w.])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<scale>thousand|million|billion|trillion|mn|bn|tn|[kmb])\b)?",
    re.IGNORECASE,
)
_WORD = re.compile(r"\b(?P<word>" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")\b",
                   re.IGNORECASE)


def read_number(text: str) -> Decimal | None:
    """The first number written in ``text`` (digits or a number word, with its scale), or None."""
    match = NUMBER.search(text)
    if match:
        number = Decimal(match.group("num").replace(",", ""))
        scale = match.group("scale")
        return number * SCALE[scale.lower()] if scale else number
    word = _WORD.search(text)
    if word:
        return Decimal(_WORDS[word.group("word").lower()])
    return None


def parse_decimal(text: str) -> Decimal | None:
    """A CSV cell as a finite Decimal, or None if it is not a number."""
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def check_quote(text: str, quote: str, start: int, end: int) -> str | None:
    """None if ``text[start:end] == quote``, else what is wrong, saying where the quote really is."""
    if start < 0 or end > len(text) or start >= end:
        where = f"offsets {start}-{end} are outside the seed, which has {len(text)} characters"
    elif text[start:end] == quote:
        return None
    else:
        where = f"the seed has {text[start:end]!r} at {start}-{end}"
    found = text.find(quote)
    if found < 0:
        return f"quote not found in the seed ({where})"
    return f"quote is at {found}-{found + len(quote)}, not {start}-{end} ({where})"


_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+|\n\s*\n")


def context(text: str, start: int, end: int, sentences: int = 1) -> tuple[int, int]:
    """The span of the sentence(s) around ``text[start:end]``: ``sentences`` before and after."""
    stops = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    before = [s for s in stops if s <= start]
    after = [s for s in stops if s >= end]
    lo = before[-1 - sentences] if len(before) > sentences else 0
    hi = after[sentences] if len(after) > sentences else len(text)
    return lo, hi
