"""Curation: adding an article, writing located offsets back, proposing an article's facts.

``plan_article`` reads a new article and works out what ``add`` writes: the seed's name (the naming
rule: the next three-digit number, ``_``, the first 16 hex digits of the article's sha256,
``.txt``), its sources.csv row and its ``title``/``published``/``publisher`` facts with located
quotes; ``write_article`` writes them. ``fix_offsets`` writes into facts.csv the offsets the rule
book located for quotes whose ``start`` and ``end`` were left blank. ``candidates`` is suggest.py's
engine over one seed of a data directory.

Invariants: no file is overwritten but facts.csv and sources.csv, and those only by a complete new
copy renamed over the old one (``replace_file``) that differs from it in the bytes added (a fact,
a source) or filled in (an offset) and no other; a seed is created, never replaced; nothing is
written into the data of an installed package.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..build.reader import decode_problem
from ..errors import ParkdbError
from ..seeds import seed_files
from ..text.quantities import MONTHS
from ..values import fact_prefix, seed_name, seed_number
from ..vocabulary import FACT_COLUMNS
from .files import appended, replace_file, writable

_ISO_DATE = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}-[01][0-9]-[0-3][0-9](?![0-9])")
_MONTH_DATE = re.compile(r"\b(?P<month>" + "|".join(m.title() for m in MONTHS)
                         + r")\.? (?P<day>[0-9]{1,2}), (?P<year>(?:19|20)[0-9]{2})\b")
_PUBLISHER = re.compile(r"(?:Copyright\s*(?:\u00a9\s*)?(?:(?:19|20)[0-9]{2}\s+)?|^SOURCE\s+)"
                        r"(?P<name>[A-Z][\w&.'\u2019-]*(?: [A-Z][\w&.'\u2019-]*)*)", re.MULTILINE)






@dataclass
class Article:
    """What ``add`` writes for one new article."""

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
    not UTF-8, is already a seed, or its metadata cannot be found in it."""
    writable(data_dir)
    writable(seeds_dir)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise ParkdbError(f"{source}: cannot read: {exc.strerror}") from exc
    problem = decode_problem(str(source), data)
    if problem:
        raise ParkdbError(f"{problem}; save it as UTF-8 first (e.g. iconv -f GB18030 -t UTF-8 "
                          f"{source} > article.txt), then add that file")
    text = data.decode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    names = [p.name for p in seed_files(seeds_dir)]
    for name in names:
        if hashlib.sha256((seeds_dir / name).read_bytes()).hexdigest() == digest:
            raise ParkdbError(f"{source}: is already a seed, {seeds_dir / name} (same sha256); "
                              "nothing was added")
    numbers = [n for n in map(seed_number, names) if n is not None]
    article = Article(source, data, seeds_dir / seed_name(max(numbers, default=-1) + 1, digest),
                      digest, url or "")
    seed = article.seed.name
    prefix = fact_prefix(seed)
    for predicate, found in (("title", _title(text)), ("publisher", _publisher(text, publisher)),
                             ("published", _published(text, published))):
        if found is None:
            continue
        obj, start, end, given = found
        article.facts.append(_metadata_fact(
            f"{prefix}{len(article.facts) + 1:02d}", seed, predicate, obj, text, start, end))
        if not given:
            article.found.append(predicate)
    if not any(f["predicate"] == "published" for f in article.facts):
        raise ParkdbError(f"{source}: no publication date found (expected a date such as "
                          "2016-12-20 or April 29, 2024 in the text; give it with --published)")
    return article


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


def _metadata_fact(fact_id: str, seed: str, predicate: str, obj: str, text: str, start: int,
                   end: int) -> dict[str, str]:
    row = dict.fromkeys(FACT_COLUMNS, "") | {
        "fact_id": fact_id, "seed": seed, "subject": seed, "predicate": predicate, "object": obj,
        "quote": text[start:end], "start": str(start), "end": str(end), "basis": "stated"}
    if predicate == "published":
        words = _ISO_DATE.search(row["quote"]) or _MONTH_DATE.search(row["quote"])
        row.update(value_text=words.group() if words else "", year=obj[:4], year_basis="stated")
    return row


def write_article(article: Article, data_dir: Path) -> None:
    """Create the seed, then add its sources.csv row and its facts; raises ParkdbError."""
    retrieved = date.today().isoformat() if article.url else ""
    source_row = {"seed": article.seed.name, "sha256": article.sha256, "url": article.url,
                  "retrieved": retrieved}
    sources, facts = data_dir / "sources.csv", data_dir / "facts.csv"
    new_sources = appended(sources, [source_row])
    new_facts = appended(facts, article.facts)
    try:
        article.seed.parent.mkdir(parents=True, exist_ok=True)
        with open(article.seed, "xb") as handle:  # never replaces a seed
            handle.write(article.data)
    except FileExistsError:
        raise ParkdbError(f"{article.seed}: exists already; nothing was added") from None
    except OSError as exc:
        raise ParkdbError(f"{article.seed}: cannot write: {exc.strerror}") from exc
    try:
        replace_file(sources, new_sources)
        replace_file(facts, new_facts)
    except BaseException:
        article.seed.unlink()
        raise
















