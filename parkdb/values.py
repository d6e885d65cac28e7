"""The one home of value rules: what a whole number, a year, a year range, an ISO date, a region
code, a seed name and a fact-id prefix are, which units are money, and how a seed is found by its
name or a prefix of it.

Every layer asks here: the click types of the command line, the row rules and reference tables of
the build, curation (add, suggest) and the queries. ``tests/test_schema.py`` holds schema.sql's
CHECKs to these rules: a value a CHECK would refuse is refused here first, with file:line.

Invariant: every rule accepts ASCII digits only (``²``, ``٣`` and full-width digits are not
numbers), and none depends on the Python version (``date.fromisoformat`` of 3.11 takes
``20161220``; these rules do not).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .errors import NotFound, closest_names

YEAR_MIN, YEAR_MAX = 1, 9999

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The naming rule of a seed: its number (three digits or more), _, 16 hex digits of its sha256.
SEED_NAME = re.compile(r"(?P<number>[0-9]{3,})_(?P<hash>[0-9a-f]{16})\.txt")
# A plain decimal: what the facts table's CAST stores exactly as it reads (no exponent, sign,
# underscore or space, which Decimal would take and CAST would not).
_SEED_NUMBER = re.compile(r"([0-9]+)_")
_PLAIN_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def whole_number(text: str) -> int | None:
    """``text`` as a whole number if it is ASCII digits only, else None."""
    return int(text) if text.isascii() and text.isdigit() else None


def year(text: str) -> int | None:
    """``text`` as a year from 1 to 9999 in ASCII digits, else None."""
    number = whole_number(text)
    return number if number is not None and YEAR_MIN <= number <= YEAR_MAX else None


def year_range(text: str) -> tuple[int, int] | None:
    """A year (2019), a range (2013-2016) or an open range (2013-, -2016) as (first, last), else
    None (also for a range whose first year is after its last)."""
    first, dash, last = text.strip().partition("-")
    if not first and not last:
        return None
    lo = year(first) if first else (YEAR_MIN if dash else None)
    hi = year(last) if last else (YEAR_MAX if dash else lo)
    if lo is None or hi is None or lo > hi:
        return None
    return lo, hi


def iso_date(text: str) -> bool:
    """Whether ``text`` is a calendar date written YYYY-MM-DD in ASCII digits."""
    if not _ISO_DATE.fullmatch(text):
        return False
    from datetime import date

    try:
        date(int(text[:4]), int(text[5:7]), int(text[8:]))
    except ValueError:
        return False
    return True


# The mark that begins the note of a row parkdb suggest --write appended: the build refuses the
# row until a curator has reviewed it and removed the mark.
PROPOSED = "PROPOSED"
# ... and the mark ending a reason suggest --write adds to CURATION.md's uncited-numbers table: the
# number counts as unexplained until the curator has read the reason and removed the mark
PROPOSED_REASON = "(proposed by parkdb suggest)"

# A date in a URL's path: /2018-07/06/, /201710/t20171010_, /2014/12/07/, /2023/0708/, /2014/08-04/
_URL_DATE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[-/_.]?([01][0-9])[-/_.]?([0-3][0-9])(?![0-9])")


def url_date(url: str) -> str | None:
    """The publication date a news site writes into an article's URL, as YYYY-MM-DD, else None
    (the host is not read: a number in it is not a date)."""
    path = url.split("://", 1)[-1].partition("/")[2]
    for found in _URL_DATE.finditer(path):
        text = "-".join(found.groups())
        if iso_date(text):
            return text
    return None


def month_span(text: str) -> tuple[int, int] | None:
    """The months of a year a figure covers, written ``1-7`` (January to July) or ``3`` (March
    alone), as (first, last) from 1 to 12, else None."""
    first, dash, last = text.partition("-")
    lo, hi = whole_number(first), whole_number(last) if dash else whole_number(first)
    if lo is None or hi is None or not 1 <= lo <= hi <= 12:
        return None
    return lo, hi


def plain_decimal(text: str) -> bool:
    """Whether ``text`` is ASCII digits with at most one point (1800000000, 14.85)."""
    return _PLAIN_DECIMAL.fullmatch(text) is not None


def region_code(text: str) -> bool:
    """Whether ``text`` is a GB/T 2260 code: six ASCII digits."""
    return len(text) == 6 and whole_number(text) is not None


def seed_number(name: str) -> int | None:
    """The number a seed's name starts with (``004_<hash>.txt`` -> 4; also a name a curator gave
    by hand, ``005_notes.txt`` -> 5, so that no number is given twice), else None."""
    found = _SEED_NUMBER.match(name)
    return int(found[1]) if found else None


def seed_name(number: int, sha256: str) -> str:
    """The name the naming rule gives an article: ``NNN_<16 hex digits of its sha256>.txt``."""
    return f"{number:03d}_{sha256[:16]}.txt"


def fact_prefix(seed: str) -> str:
    """The prefix of a seed's fact ids: ``F`` and the seed's number as written, then ``-``
    (``004_<hash>.txt`` -> ``F004-``, ``1000_<hash>.txt`` -> ``F1000-``)."""
    return f"F{seed.split('_', 1)[0]}-"


def money_units() -> tuple[str, ...]:
    """The units of money, as the vocabulary defines them (CNY, USD)."""
    from . import vocabulary

    return vocabulary.terms("unit", "money")


def match_seed(names: Iterable[str], name: str) -> str:
    """The seed called ``name``, or the one seed whose name starts with it; raises NotFound naming
    those it could be, or the closest names."""
    names = sorted(names)
    if name in names:
        return name
    matches = [n for n in names if n.startswith(name)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise NotFound("seed", name, matches[:5], ambiguous=True)
    raise NotFound("seed", name, closest_names(name, names))
