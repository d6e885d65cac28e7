"""Which numbers of an article are no quantity to record: a length of time ("10 years ago", "three
decades"), a rank ("top 500", "Fortune Global 500", "the 500 largest"), a size class ("projects of
more than 100 million yuan each"), a model or line number ("COVID-19"), "One" as an article.

Invariant: a pure test of the words around a number; nothing here raises.
"""

from __future__ import annotations

import re

from ..text.quantities import Quantity

_F = re.IGNORECASE | re.ASCII
_TIME_NOUNS = re.compile(r"(?:years?|months?|days?|decades?|weeks?|hours?|minutes?|seconds?|centur(?:y|ies)"
                         r"|quarters?|times|consecutive|(?:sea |nautical )?miles)\b", _F)
_OTHER_UNITS = re.compile(r"(?:[kMGT]Wh?|TEUs?|petaflops|Gbps|GB|TB)(?![A-Za-z])|[A-Z]*Wh?-", re.ASCII)
_THRESHOLD = re.compile(r"^\S*\s+(?:yuan\s+)?(?:each|or (?:more|above)|and above)\b", _F)
# "projects exceeding 100 million yuan", "projects worth over 10 billion yuan each": a size class
_THRESHOLD_BEFORE = re.compile(r"\b(?:above|worth over|each worth|each with|each exceed(?:s|ing)?"
                               r"|projects? (?:exceeding|of over|of more than|over|above))\s+(?:\w+\s+)?$", _F)
_RANK_BEFORE = re.compile(r"(?:\btop|\bglobal|\bfortune|\bforbes|\bno\.?|#|\branked|\branking)\s*$", _F)
_RANK_AFTER = re.compile(r"\s*(?:largest|biggest|strongest|richest)\b", _F)



def not_a_quantity(text: str, q: Quantity) -> bool:
    """"10 years ago", "three decades", "top 500", "Fortune Global 500", "the 500 largest": a time
    span or a rank; "one" as an article: not a number to record."""
    after = text[q.end:q.end + 30]
    if q.unit == "count" and q.value_text in ("One", "A", "An", "a", "an"):
        return True  # "One significant accomplishment ...": an article, not a count ("one institute" is)
    if q.start >= 2 and text[q.start - 1] == "-" and text[q.start - 2].isalpha():
        return True  # COVID-19, a model or line number
    if q.unit == "count" and (_TIME_NOUNS.match(after.lstrip(" -")) or _OTHER_UNITS.match(after.lstrip(" -"))):
        return True
    if _THRESHOLD.search(text[q.end:q.end + 20]) or _THRESHOLD_BEFORE.search(text[max(0, q.start - 25):q.start]):
        return True  # "projects of more than 100 million yuan each", "above designated size"
    return bool(_RANK_BEFORE.search(text[max(0, q.start - 12):q.start]) or _RANK_AFTER.match(after))
