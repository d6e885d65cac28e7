"""A news page's own metadata, read from its text: the date line, the headline and the publisher.

What ``add`` proposes for a new article, each with the span of the words it was read from. Pages
copied from news sites print their date in many forms ("Updated: Dec 14, 2017", "2014-01-14
10:29", "13:56, January 01, 2024", "2020年9月27日", "Date:9/28/2017", "Sept 24" with the year in
the URL), and print other dates in their sentences ("Beijing Daily reported on March 5, 2014"): a
date on the page's date line (a label such as "Updated:", or a short line of its own) is preferred
to any date inside a sentence, which is never taken for the page's date. The headline is the line
just above the date line, or the words that share the date line, never a photo caption, a menu, a
byline or a file name. The publisher is the name in a source line, a byline credit, a "Presented
by" line or a copyright line, without "Copyright", "©", years or "All rights reserved".

Invariant: every span is one of the text and its words are the value's (a value never holds a
byte-order mark, a bullet or the boilerplate around a name); nothing here raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.quantities import MONTHS
from ..values import iso_date

_MONTH = (r"(?P<month>(?-i:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|JAN|FEB|MAR|APR|MAY|JUN|JUL"
          r"|AUG|SEP|OCT|NOV|DEC)[a-zA-Z]*)\.?")
_DATES = re.compile(
    r"(?<![0-9])(?P<y1>(?:19|20)[0-9]{2})\s?(?:[-/.]|年)\s?(?P<m1>[0-9]{1,2})\s?(?:[-/.]|月)\s?"
    r"(?P<d1>[0-9]{1,2})日?(?![0-9])"
    r"|\b" + _MONTH + r"\s*(?P<d2>[0-9]{1,2})(?:st|nd|rd|th)?(?![0-9:])"
    r"(?:\s*,\s*|\s+)?(?P<y2>(?:19|20)[0-9]{2}(?![0-9]))?"
    r"|(?<![0-9])(?P<d3>[0-9]{1,2})\s+" + _MONTH.replace("month", "month3") + r",?\s+"
    r"(?P<y3>(?:19|20)[0-9]{2})(?![0-9])"
    r"|(?<![0-9/])(?P<a4>[0-9]{1,2})/(?P<b4>[0-9]{1,2})/(?P<y4>(?:19|20)[0-9]{2})(?![0-9])"
    r"|(?<![0-9-])(?P<y5>[0-9]{2})-(?P<m5>[01][0-9])-(?P<d5>[0-3][0-9])(?![0-9-])",  # 18-05-03, labelled
    re.IGNORECASE)
_LABEL_WORDS = (r"(?:updated?|(?:pub(?:lish)?|release)?\s*date|published|posted|released?|release time|time"
                r"|发布时间|日期|时间)")
_LABEL = re.compile(_LABEL_WORDS + r"\s*[:：]?\s*$", re.IGNORECASE)
_LABEL_AT_END = re.compile(r"[\s|]*(?:posted by\s*[:：]?\s*)?" + _LABEL_WORDS + r"\s*[:：]?\s*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?\"\u201d]\s*$")
_MONTH_NUMBERS = {name[:3]: number for number, name in enumerate(MONTHS, start=1)}


@dataclass(frozen=True)
class PageDate:
    """A date printed in the text: its span, ISO form and how sure it is the page's own date
    (``score`` 3: labelled, "Updated: ..."; 2: on a short line of its own; 0: inside a sentence)."""

    start: int
    end: int
    iso: str
    score: int


@dataclass(frozen=True)
class Found:
    """A value read from the text, with the span of the words it was read from."""

    value: str
    start: int
    end: int


def dates(text: str, year_hint: int | None = None) -> list[PageDate]:
    """Every date printed in ``text``, best page date first (then in order of appearance); a
    date without its year ("Sept 24") takes ``year_hint`` or a year on its line, else is left out."""
    found: list[PageDate] = []
    for match in _DATES.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        line = text[line_start:len(text) if line_end < 0 else line_end]
        score = _score(line, match.start() - line_start, match.end() - line_start)
        iso = _iso(match, _year_on(line) if year_hint is None else year_hint, score)
        if iso is not None:
            found.append(PageDate(match.start(), match.end(), iso, score))
    return sorted(found, key=lambda d: (-d.score, d.start))


def page_date(text: str, year_hint: int | None = None) -> PageDate | None:
    """The page's own date: the best date on a date line, else None (a date inside a sentence
    is not the page's)."""
    best = next(iter(dates(text, year_hint)), None)
    return best if best is not None and best.score > 0 else None


def _score(line: str, start: int, end: int) -> int:
    if _LABEL.search(line[max(0, start - 20):start]):
        return 3
    before, after = line[:start].split(), line[end:].split()
    in_sentence = (len(before) + len(after) >= 12 and _SENTENCE_END.search(line) is not None
                   or bool(before and after and len(before) >= 3 and before[-1].islower()
                           and after[0][:1].isalpha() and after[0].islower()))
    return 0 if in_sentence else 2


def _year_on(line: str) -> int | None:
    found = re.search(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])", line)
    return int(found.group()) if found else None


def _iso(match: re.Match[str], year_hint: int | None, score: int) -> str | None:
    groups = match.groupdict()
    if groups["y1"]:
        year, month, day = int(groups["y1"]), int(groups["m1"]), int(groups["d1"])
    elif groups["month"]:
        number = _MONTH_NUMBERS.get(groups["month"][:3].lower())
        if number is None or not _month_word(groups["month"]):
            return None
        given = groups["y2"]
        if not given and (score == 0 or year_hint is None):
            return None  # "Sept 24" in a sentence, or with no year to be had
        year, month, day = int(given) if given else year_hint or 0, number, int(groups["d2"])
    elif groups["month3"]:
        number = _MONTH_NUMBERS.get(groups["month3"][:3].lower())
        if number is None or not _month_word(groups["month3"]):
            return None
        year, month, day = int(groups["y3"]), number, int(groups["d3"])
    elif groups["y5"]:  # a two-digit year only after a label: "Pub Date:18-05-03"
        if score < 3:
            return None
        year, month, day = 2000 + int(groups["y5"]), int(groups["m5"]), int(groups["d5"])
    else:  # 9/28/2017 is month/day (the US order these sites use), 28/9/2017 day/month
        first, second = int(groups["a4"]), int(groups["b4"])
        month, day = (first, second) if first <= 12 else (second, first)
        year = int(groups["y4"])
    text = f"{year:04d}-{month:02d}-{day:02d}"
    return text if iso_date(text) else None


def _month_word(word: str) -> bool:
    """"Sept", "Dec", "December", not "Decade" or "Mayor"."""
    lower = word.lower()
    return any(full.startswith(lower) for full in MONTHS) or lower == "sept"


# Lines that are never a headline: menus, captions, file names, share widgets, sites, bylines.
_NOT_HEADLINE = re.compile(
    r">|\[photo|photo/|\(photo|photo by|\(xinhua|/xinhua|\bCHINA DAILY$|\.(?:jpe?g|png|gif|webp)\s*$"
    r"|^\s*(?:by|source|editor|contact us|share|print|updated?|date|posted|release|pub)\b"
    r"|^\W*\S+\.(?:com|cn|org|net)\S*\W*$"
    r"|^\s*[0-9]{1,2}:[0-9]{2}"  # a time: the rest of a date line ("09:14 By Li Wenjun")
    r"|^\s*\(.*\)\s*$",  # a note in brackets
    re.IGNORECASE)
_NAMES = r"[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}"
_AUTHORS = re.compile(rf"^{_NAMES}(?:(?:,| and) {_NAMES})+$")  # "Li Yang and Huo Yan"
_WIDGETS = frozenset(("weibo", "weixin", "qzone", "facebook", "twitter", "more", "print", "share",
                      "wechat", "l", "m", "s", "mail", "email", "e-mail", "large", "medium", "small", "font",
                      "size", "a", "a+", "a-", "close", "text", "text size", "font size"))
_CJK = re.compile("[\u3000-\u9fff\uff00-\uffef]")
_LEAD = " \t\u00a0\ufeff\u2022\u00b7*-\u2013\u2014"  # bullets and marks before a headline


def headline(text: str, dateline: PageDate | None) -> Found | None:
    """The page's headline: words sharing the date line, else the nearest good line above it,
    else the first good line of four words or more; None when the page prints none."""
    lines = _lines(text)
    if dateline is not None:
        at = next(i for i, (lo, hi) in enumerate(lines) if lo <= dateline.start <= hi)
        lo, hi = lines[at]
        label = _LABEL_AT_END.search(text, max(lo, dateline.start - 40), dateline.start)
        beside = [_strip(text, a, b) for a, b in ((lo, label.start() if label else dateline.start),
                                                  (dateline.end, hi))]
        for part in sorted(beside, key=lambda s: -len(text[s[0]:s[1]])):
            words = text[part[0]:part[1]].split()
            if (len(words) >= 4 and any(len(w) >= 3 and w.islower() for w in words)
                    and not _not_headline(text[part[0]:part[1]])
                    and not _widgets(words)):
                return _found(text, *part)
        for lo, hi in reversed(lines[max(0, at - 5):at]):
            if _headline_like(text[lo:hi], 2):
                return _found(text, *_strip(text, lo, hi))
    for lo, hi in lines:
        if len(text[lo:hi].split()) >= 25:
            break  # the first paragraph: the headline comes before it
        if _headline_like(text[lo:hi], 4):
            return _found(text, *_strip(text, lo, hi))
    return None


def _not_headline(line: str) -> bool:
    """Page furniture, a caption, a byline, a note in brackets or a menu ("Home | About | News")."""
    return bool(_NOT_HEADLINE.search(line)) or line.count("|") >= 2


def _widgets(words: list[str]) -> bool:
    """Whether the words are only a page's buttons ("Weibo Weixin Share", "Text size: A A A Print")."""
    return {w.lower().strip(":") for w in words} <= _WIDGETS


def _headline_like(line: str, fewest: int) -> bool:
    words = line.strip(_LEAD).split()
    return (fewest <= len(words) <= 30 and not _CJK.search(line) and not _not_headline(line.strip())
            and not _AUTHORS.match(line.strip())
            and not (line.rstrip().endswith(".") and len(words) >= 5)  # a sentence, a caption
            and not _widgets(words))


def _lines(text: str) -> list[tuple[int, int]]:
    spans, at = [], 0
    for line in text.split("\n"):
        spans.append((at, at + len(line.rstrip("\r"))))
        at += len(line) + 1
    return spans


def _strip(text: str, lo: int, hi: int) -> tuple[int, int]:
    """``lo:hi`` without the marks, separators and spaces at its ends (a bullet, a "|")."""
    while lo < hi and (text[lo] in _LEAD or text[lo] == "|"):
        lo += 1
    while hi > lo and (text[hi - 1] in _LEAD or text[hi - 1] in "|:"):
        hi -= 1
    return lo, hi


def _found(text: str, lo: int, hi: int) -> Found:
    return Found(" ".join(text[lo:hi].split()), lo, hi)


_YEARS = r"(?:(?:19|20)[0-9]{2}(?:\s*[-\u2013]\s*(?:(?:19|20)[0-9]{2})?)?)"
_CREDITS = (  # (pattern whose group "name" is the publisher, how sure: lower is better)
    # "Source: X" on a line of its own, after a date or a sentence's end ("... so far. Source: X"),
    # or glued to the byline before it ("Edit:Editor of Suzhou ChinaSource:Suzhou Industrial Park")
    (re.compile(r"(?:^|(?<=\s\s)|(?<=\|)|(?<=[0-9.!?)]\s)|(?-i:(?<=[a-z])(?=Source)))[ \t]*source[ \t]*[:：]"
                r"[ \t]*(?P<name>[^|\n]+?)[ \t]*(?:\||[ \t]{2}|$|date|updated)", re.IGNORECASE | re.MULTILINE), 0),
    (re.compile(r"^The (?:official )?website of (?P<name>[A-Z][^\n|]+?)\s*$", re.MULTILINE), 2),
    (re.compile(r"^SOURCE\s+(?P<name>[^\n]+?)\s*$", re.MULTILINE), 0),
    (re.compile(r"\((?P<name>[A-Z][\w .&'-]+)\)\s*Updated", re.IGNORECASE), 1),
    (re.compile(r"\|\s*(?P<name>[A-Z][\w .&'-]+?)\s*\|\s*Updated", re.IGNORECASE), 1),
    (re.compile(r"Updated\s*:[^\n]*?[0-9](?:\s*[AP]M)?[ \t]{2,}(?P<name>[A-Z][\w .&'-]+?)\s*$",
                re.MULTILINE), 1),
    (re.compile(r"\b(?:Presented|Powered) by\s+(?P<name>[A-Z][^\n|]+?)\s*$", re.MULTILINE), 2),
    (re.compile(r"(?:Copyright|\u00a9|\(c\))[ \t]*(?:\u00a9[ \t]*)?" + _YEARS + r"?[ \t]*(?:by[ \t]+)?"
                r"(?P<name>[^\n|]+?)\s*$", re.MULTILINE | re.IGNORECASE), 3),
)
_BOILERPLATE = re.compile(r"\.?\s*\bAll(?: rights reserved\b.*)?$|\s*(?:Copyright|\u00a9)\s*|^" + _YEARS
                          + r"\s+", re.IGNORECASE)
_URL = re.compile(r"(?:https?://)?(?:www\.)?(?P<host>[\w-]+(?:\.[\w-]+)*\.(?:com|cn|org|net|gov)(?:\.cn)?)(?:/\S*)?",
                  re.IGNORECASE)
_ABBREVIATION_END = re.compile(r"\b(?:Co|Ltd|Inc|Corp|Bhd|Pte)\.$")


def publisher(text: str) -> Found | None:
    """The publisher a page credits, without its copyright boilerplate; a site's own "this site"
    and bare web addresses only when nothing better is printed."""
    best: tuple[int, Found] | None = None
    for pattern, rank in _CREDITS:
        for match in pattern.finditer(text):
            lo, hi = match.span("name")
            name = _BOILERPLATE.sub("", text[lo:hi]).strip(" .,;:|")
            site = _URL.fullmatch(name)
            name = site["host"] if site else name  # "Source: http://x.chinadaily.com.cn/index.html"
            if _ABBREVIATION_END.search(text[lo:hi].split(" All")[0].strip()):
                name += "." if not name.endswith(".") else ""
            if (not name or name.lower() in ("this site", "this website") or not re.search("[A-Za-z]", name)
                    or _widgets(name.split())):  # "Print  Mail  Large Medium Small"
                continue
            at = text.find(name, lo, hi + 1)
            if at < 0:
                continue
            grade = rank + (4 if re.fullmatch(r"\S+\.(?:com|cn|org|net)(?:\.cn)?", name) else 0)
            quote_lo = match.start() if rank == 3 else at
            if best is None or grade < best[0]:
                best = (grade, Found(name, quote_lo, at + len(name)))
    return best[1] if best else None
