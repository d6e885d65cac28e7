"""Citations: a quote, found in its seed, at its offsets or located there.

``check_quote`` verifies a quote's offsets; ``locate`` finds a quote whose offsets were left blank,
and when a quote is not where it should be, ``mismatch`` says why: the closest passage of the
article and the first character that differs, named ("article has ’ U+2019 where the quote has
' U+0027"), since a curly apostrophe or a non-breaking space is invisible in a spreadsheet.
``context`` returns the sentences around a quote. (The number a quote states is read by
quantities.read_number, the one reader of numbers.)

Invariant: offsets are Python string indices of the decoded text, end exclusive; a located quote is
one found exactly once.
"""

from __future__ import annotations

import re
import unicodedata

MAX_CANDIDATES = 5  # offsets listed for a quote found several times


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
        return f"quote not found in the seed ({where}); {mismatch(text, quote)}"
    return f"quote is at {found}-{found + len(quote)}, not {start}-{end} ({where})"


def locate(text: str, quote: str) -> tuple[int, int] | str:
    """(start, end) of ``quote`` if it occurs exactly once in ``text``, else what went wrong."""
    first = text.find(quote)
    if first < 0:
        return f"quote not found in the seed; {mismatch(text, quote)}"
    found = [first]
    while len(found) <= MAX_CANDIDATES and (at := text.find(quote, found[-1] + 1)) >= 0:
        found.append(at)
    if len(found) == 1:
        return first, first + len(quote)
    shown = ", ".join(f"{at}-{at + len(quote)}" for at in found[:MAX_CANDIDATES])
    times = f"more than {MAX_CANDIDATES}" if len(found) > MAX_CANDIDATES else str(len(found))
    return (f"quote found {times} times, at {shown} (expected the start and end of the one "
            "meant, or a longer quote)")


def mismatch(text: str, quote: str) -> str:
    """The passage of ``text`` closest to ``quote`` and the first character where they differ."""
    if not quote:
        return "the quote is blank"
    begin, same = _longest_prefix(text, quote)
    tail_at, tail = _longest_prefix(text[::-1], quote[::-1])
    end = len(text) - tail_at
    # Two candidates: where the quote's start matches longest, and where its end does; the
    # closer passage is the one more alike as a whole (a garbled character may shift the rest).
    if max(same, tail) == 0:
        return "no passage of the article shares its first or last character"
    ahead = max(0, end - len(quote))
    if _likeness(text[ahead:end], quote) > _likeness(text[begin: begin + len(quote)], quote):
        at, begin, article_at = len(quote) - tail - 1, ahead, end - tail - 1
        passage = text[ahead:end]
    else:
        at, article_at = same, begin + same
        passage = text[begin: begin + len(quote)]
    has = (f"article has {_name(text[article_at])}" if 0 <= article_at < len(text)
           else "the article begins" if article_at < 0 else "the article ends")
    return (f"closest passage at {begin}: {passage!r}; {has} where the quote has "
            f"{_name(quote[at])} (character {at + 1} of the quote)")


def _likeness(passage: str, quote: str) -> float:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, passage, quote, autojunk=False).ratio()


def _longest_prefix(text: str, quote: str) -> tuple[int, int]:
    """(where, length) of the longest prefix of ``quote`` that occurs in ``text``."""
    lo, hi, where = 0, len(quote), 0
    while lo < hi:  # a prefix that occurs has every shorter prefix occurring: bisect its length
        mid = (lo + hi + 1) // 2
        found = text.find(quote[:mid])
        if found >= 0:
            lo, where = mid, found
        else:
            hi = mid - 1
    return where, lo


_CONTROLS = {"\n": "line break", "\r": "carriage return", "\t": "tab"}
_GARBLED = {"\u00ac": "(\u00ac\u2020 is a non-breaking space garbled by a wrong encoding)"}


def _name(char: str) -> str:
    """A character as a message names it: "\u2019 U+2019", "non-breaking space U+00A0"."""
    code = f"U+{ord(char):04X}"
    if char == "\u00a0":
        return f"non-breaking space {code}"
    if char.isspace() or not char.isprintable():
        name = _CONTROLS.get(char) or unicodedata.name(char, "control character").lower()
        return f"{name} {code}"
    hint = _GARBLED.get(char)
    return f"{char} {code}" + (f" {hint}" if hint else "")


_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+|\n\s*\n")


def context(text: str, start: int, end: int, sentences: int = 1) -> tuple[int, int]:
    """The span of the sentence(s) around ``text[start:end]``: ``sentences`` before and after."""
    stops = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    before = [s for s in stops if s <= start]
    after = [s for s in stops if s >= end]
    lo = before[-1 - sentences] if len(before) > sentences else 0
    hi = after[sentences] if len(after) > sentences else len(text)
    return lo, hi
