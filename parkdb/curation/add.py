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
from ..values import fact_prefix, seed_name, seed_number, url_date
from ..vocabulary import FACT_COLUMNS
from . import page
from .files import append_together, csv_lines, curation_lock, writable


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
                 published: str | None = None, publisher: str | None = None,
                 title: str | None = None) -> Article:
    """The seed, source row and metadata facts of a new article; raises ParkdbError when it is
    not a regular file of at most 5 MB, not UTF-8, already a seed, or its headline or date can
    be found neither in its text nor in its URL nor among the options."""
    writable(data_dir)
    writable(seeds_dir)
    data = read_article(source)
    problem = decode_problem(str(source), data)
    if problem:
        raise ParkdbError(f"{problem}; save it as UTF-8 first (e.g. iconv -f GB18030 -t UTF-8 "
                          f"{source} > article.txt), then add that file")
    text = data.decode("utf-8")
    if not text.strip("\ufeff \t\r\n"):
        raise ParkdbError(f"{source}: is empty (expected the text of a news article); nothing was added")
    digest = hashlib.sha256(data).hexdigest()
    _not_a_seed_yet(source, digest, seeds_dir)
    article = Article(source, data, seeds_dir / seed_name(_next_number(data_dir, seeds_dir),
                                                          digest), digest, url or "")
    dateline = page.page_date(text, _url_year(url))
    for predicate, found in (("title", _title(text, dateline, title, url or "")),
                             ("publisher", _publisher(text, publisher)),
                             ("published", _published(text, dateline, published, url or ""))):
        if found is None:
            continue
        article.facts.append(_metadata_fact(predicate, text, found))
        if not found.given:
            article.found.append(predicate)
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
        how = ("as given" if fact["predicate"] not in article.found
               else "read from the URL" if fact["basis"] == "url" else "found in the text")
        where = (f"quote {fact['quote']!r} at {fact['start']}-{fact['end']}" if fact["quote"]
                 else f"no quote, basis {fact['basis']}: {fact['note']}")
        lines.append(f"  {fact['fact_id']} {fact['predicate']}: {fact['object']} ({how}; {where})")
    if not any(f["predicate"] == "publisher" for f in article.facts):
        lines.append("  no publisher found (give --publisher NAME if the article prints one)")
    return "\n".join(lines)


@dataclass(frozen=True)
class Metadata:
    """A title, publisher or date: its words in the text (``start:end``), or none (``basis``
    ``url`` or ``given`` and a ``note`` saying where it comes from); ``given`` as an option."""

    value: str
    start: int | None
    end: int | None
    given: bool
    basis: str = "stated"
    note: str = ""


def _url_year(url: str | None) -> int | None:
    """The year of the date in the URL, for a date line that prints none ("Sept 24")."""
    found = url_date(url or "")
    return int(found[:4]) if found else None


def _title(text: str, dateline: page.PageDate | None, given: str | None, url: str = "") -> Metadata:
    if given:
        given = " ".join(given.split())
        at = _words_at(text, given)
        if at >= 0:
            return Metadata(given, at, at + len(given), True)
        return Metadata(given, None, None, True, "given", "given by the curator (--title): the "
                        "headline is not in the text")
    found = page.headline(text, dateline)
    if found is None:
        slug = re.search(r"/([a-z0-9]+(?:-[a-z0-9]+){2,})(?:\.s?html?)?/?$", url)
        hint = f" (its URL's words: {slug.group(1).replace('-', ' ')!r})" if slug else ""
        raise ParkdbError("no headline found in the text (expected a line above the date line, "
                          f"not a caption or menu); give it with --title as the page prints it{hint}")
    return Metadata(found.value, found.start, found.end, False)


def _publisher(text: str, given: str | None) -> Metadata | None:
    found = page.publisher(text)
    if not given:
        return Metadata(found.value, found.start, found.end, False) if found else None
    if found is not None and found.value == given:
        return Metadata(given, found.start, found.end, True)
    start = _words_at(text, given)
    if start < 0:
        raise ParkdbError(f"publisher {given!r} is not written in the article (expected the "
                          "name as printed, e.g. in its copyright line)")
    return Metadata(given, start, start + len(given), True)


def _words_at(text: str, words: str) -> int:
    """Where ``words`` stand in ``text`` as whole words ("Z" is not in "Zone"), or -1."""
    found = re.search(r"(?<!\w)" + re.escape(words) + r"(?!\w)", text)
    return found.start() if found else -1


def _published(text: str, dateline: page.PageDate | None, given: str | None,
               url: str) -> Metadata:
    from_url = url_date(url)
    if given:
        printed = next((d for d in page.dates(text, _url_year(url)) if d.iso == given), None)
        if printed is not None:
            return Metadata(given, printed.start, printed.end, True)
        if from_url == given:
            return Metadata(given, None, None, True, "url", f"from the URL {url}: the text does "
                            "not print it")
        shown = f" (the page's date line prints {dateline.iso})" if dateline else ""
        return Metadata(given, None, None, True, "given", "given by the curator (--published): "
                        f"the text does not print it{shown}")
    if dateline is not None:
        return Metadata(dateline.iso, dateline.start, dateline.end, False)
    if from_url:
        return Metadata(from_url, None, None, False, "url", f"from the URL {url}: the text does "
                        "not print it")
    inside = [f"{text[d.start:d.end]!r} at {d.start}" for d in page.dates(text)][:3]
    raise ParkdbError("no date line found (expected a date such as 'Updated: 2016-12-20' or "
                      "'Dec 14, 2017' on a line of its own" + (f"; the dates inside sentences, "
                      f"{', '.join(inside)}, are not the page's" if inside else "")
                      + "); give it with --published YYYY-MM-DD or --url with the date in it")


def _metadata_fact(predicate: str, text: str, found: Metadata) -> dict[str, str]:
    """A title, publisher or published fact (its id, seed and subject are given by ``_name``)."""
    row = dict.fromkeys(FACT_COLUMNS, "") | {
        "predicate": predicate, "object": found.value.replace("\ufeff", ""),
        "basis": found.basis, "note": found.note}
    if found.start is not None and found.end is not None:
        row.update(quote=text[found.start:found.end], start=str(found.start), end=str(found.end))
        if predicate == "published":
            row["value_text"] = row["quote"]
            if found.value[:4] in row["quote"]:  # "Sept 24" takes its year from elsewhere
                row.update(year=found.value[:4], year_basis="stated")
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
