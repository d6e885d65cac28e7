"""Curation: adding an article.

``plan_article`` reads a new article and works out what ``add`` writes: the seed's name (the naming
rule: the next three-digit number, ``_``, the first 16 hex digits of the article's sha256,
``.txt``), its sources.csv row and its ``title``/``published``/``publisher`` facts with located
quotes; ``write_article`` writes them.

Invariants: the seed's number, and so its name and fact ids, is fixed when it is written, under the
curation lock (files.py), never while a curator is asked to confirm: two ``add`` never take the
same number. The seed is created, never replaced; sources.csv and facts.csv change only by the
lines appended, together with the seed or not at all (files.append_together); nothing is written
into the data of an installed package.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..build.reader import decode_problem
from ..errors import ParkdbError
from ..seeds import read_article, seed_files
from ..text.quantities import MONTHS
from ..values import fact_prefix, seed_name, seed_number
from ..vocabulary import FACT_COLUMNS
from .files import append_together, csv_lines, curation_lock, writable

_ISO_DATE = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}-[01][0-9]-[0-3][0-9](?![0-9])")
_MONTH_DATE = re.compile(r"\b(?P<month>" + "|".join(m.title() for m in MONTHS)
                         + r")\.? (?P<day>[0-9]{1,2}), (?P<year>(?:19|20)[0-9]{2})\b")
_PUBLISHER = re.compile(r"(?:Copyright\s*(?:\u00a9\s*)?(?:(?:19|20)[0-9]{2}\s+)?|^SOURCE\s+)"
                        r"(?P<name>[A-Z][\w&.'\u2019-]*(?: [A-Z][\w&.'\u2019-]*)*)", re.MULTILINE)






@dataclass
class Article:
    """What ``add`` writes for one new article. The seed's number (and so its name and fact ids)
    is provisional until ``write_article`` fixes it under the curation lock."""

    source: Path
    data: bytes
    seed: Path
    sha256: str
    url: str
    facts: list[dict[str, str]] = field(default_factory=list)
    found: list[str] = field(default_factory=list)  # the metadata read from the text, not given


def plan_article(source: Path, data_dir: Path, seeds_dir: Path, url: str | None = None,
                 published: str | None = None, publisher: str | None = None) -> Article:
    """The seed, source row and metadata facts of a new article; raises ParkdbError when it is
    not a regular file of at most 5 MB, not UTF-8, already a seed, or its metadata cannot be
    found in it."""
    writable(data_dir)
    writable(seeds_dir)
    data = read_article(source)
    problem = decode_problem(str(source), data)
    if problem:
        raise ParkdbError(f"{problem}; save it as UTF-8 first (e.g. iconv -f GB18030 -t UTF-8 "
                          f"{source} > article.txt), then add that file")
    text = data.decode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    _not_a_seed_yet(source, digest, seeds_dir)
    article = Article(source, data, seeds_dir / seed_name(_next_number(data_dir, seeds_dir),
                                                          digest), digest, url or "")
    for predicate, found in (("title", _title(text)), ("publisher", _publisher(text, publisher)),
                             ("published", _published(text, published))):
        if found is None:
            continue
        obj, start, end, given = found
        article.facts.append(_metadata_fact(predicate, obj, text, start, end))
        if not given:
            article.found.append(predicate)
    if not any(f["predicate"] == "published" for f in article.facts):
        raise ParkdbError(f"{source}: no publication date found (expected a date such as "
                          "2016-12-20 or April 29, 2024 in the text; give it with --published)")
    _name(article, article.seed)
    return article


def _not_a_seed_yet(source: Path, digest: str, seeds_dir: Path) -> None:
    for path in seed_files(seeds_dir):
        if hashlib.sha256(path.read_bytes()).hexdigest() == digest:
            raise ParkdbError(f"{source}: is already a seed, {path} (same sha256); nothing was "
                              "added")


def _next_number(data_dir: Path, seeds_dir: Path) -> int:
    """One more than the largest number a seed file or a sources.csv row has (a name not made by
    the naming rule counts too: ``005_notes.txt`` takes 5)."""
    names = [p.name for p in seed_files(seeds_dir)]
    try:
        with open(data_dir / "sources.csv", encoding="utf-8-sig", errors="replace",
                  newline="") as handle:
            names += [row[0] for row in csv.reader(handle) if row]
    except (OSError, csv.Error):
        pass  # the build reports what is wrong with sources.csv; numbering needs only the names
    return max((n for n in map(seed_number, names) if n is not None), default=-1) + 1


def _name(article: Article, seed: Path) -> None:
    """Give the article its seed file name and its facts their ids."""
    article.seed = seed
    prefix = fact_prefix(seed.name)
    for number, fact in enumerate(article.facts, 1):
        fact.update(fact_id=f"{prefix}{number:02d}", seed=seed.name, subject=seed.name)


def describe(article: Article) -> str:
    """What ``add`` is about to write, for the curator to confirm."""
    lines = [f"{article.source} -> {article.seed} (sha256 {article.sha256})"]
    for fact in article.facts:
        how = "found in the text" if fact["predicate"] in article.found else "as given"
        lines.append(f"  {fact['fact_id']} {fact['predicate']}: {fact['object']} ({how}; quote "
                     f"{fact['quote']!r} at {fact['start']}-{fact['end']})")
    if not any(f["predicate"] == "publisher" for f in article.facts):
        lines.append("  no publisher found (give --publisher NAME if the article prints one)")
    return "\n".join(lines)


Found = tuple[str, int, int, bool]  # (object, start, end, given as an option)


def _title(text: str) -> Found | None:
    """The first line of four words or more before the first paragraph, not a menu or dateline."""
    at = 0
    for line in text.split("\n"):
        words = line.split()
        if len(line) > 200:
            break
        if (len(words) >= 4 and ">>" not in line and "|" not in line
                and not _ISO_DATE.search(line) and not _MONTH_DATE.search(line)):
            start = at + line.index(words[0])
            return " ".join(words), start, start + len(line.strip()), False
        at += len(line) + 1
    return None


def _publisher(text: str, given: str | None) -> Found | None:
    if given:
        credit = next((m for m in _PUBLISHER.finditer(text) if m["name"] == given), None)
        if credit:
            return given, credit.start(), credit.end(), True
        start = text.find(given)
        if start < 0:
            raise ParkdbError(f"publisher {given!r} is not written in the article (expected the "
                              "name as printed, e.g. in its copyright line)")
        return given, start, start + len(given), True
    credit = next(_PUBLISHER.finditer(text), None)
    return (credit["name"], credit.start(), credit.end(), False) if credit else None


def _published(text: str, given: str | None) -> Found | None:
    for match in (*_ISO_DATE.finditer(text), *_MONTH_DATE.finditer(text)):
        iso = match.group() if match.re is _ISO_DATE else (
            f"{match['year']}-{MONTHS.index(match['month'].lower()) + 1:02d}-{int(match['day']):02d}")
        if given in (None, iso):
            return iso, match.start(), match.end(), given is not None
    if given:
        raise ParkdbError(f"{given} is not written in the article (expected it as printed, e.g. "
                          f"{given} or April 29, 2024; the published fact quotes it)")
    return None


def _metadata_fact(predicate: str, obj: str, text: str, start: int, end: int) -> dict[str, str]:
    """A title, publisher or published fact (its id, seed and subject are given by ``_name``)."""
    row = dict.fromkeys(FACT_COLUMNS, "") | {
        "predicate": predicate, "object": obj,
        "quote": text[start:end], "start": str(start), "end": str(end), "basis": "stated"}
    if predicate == "published":
        words = _ISO_DATE.search(row["quote"]) or _MONTH_DATE.search(row["quote"])
        row.update(value_text=words.group() if words else "", year=obj[:4], year_basis="stated")
    return row


def write_article(article: Article, data_dir: Path) -> Path | None:
    """Fix the seed's number (the next free one, now), then create the seed and add its
    sources.csv row and its facts, all or nothing, under the curation lock; return the number's
    old seed path if another writer took it meanwhile. Raises ParkdbError."""
    planned = article.seed
    with curation_lock(data_dir):
        seeds_dir = planned.parent
        _not_a_seed_yet(article.source, article.sha256, seeds_dir)
        _name(article, seeds_dir / seed_name(_next_number(data_dir, seeds_dir), article.sha256))
        retrieved = date.today().isoformat() if article.url else ""
        source_row = {"seed": article.seed.name, "sha256": article.sha256, "url": article.url,
                      "retrieved": retrieved}
        appends = {"sources.csv": csv_lines(data_dir / "sources.csv", [source_row]),
                   "facts.csv": csv_lines(data_dir / "facts.csv", article.facts)}
        seeds_dir.mkdir(parents=True, exist_ok=True)
        append_together(data_dir, appends, article.seed, article.data)
    return planned if planned != article.seed else None
