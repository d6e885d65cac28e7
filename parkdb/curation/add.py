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
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..build.reader import decode_problem
from ..errors import ParkdbError
from ..seeds import seed_files
from ..values import fact_prefix, seed_name, seed_number, url_date
from ..vocabulary import FACT_COLUMNS
from . import page
from .files import appended, replace_file, writable


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
                 published: str | None = None, publisher: str | None = None,
                 title: str | None = None) -> Article:
    """The seed, source row and metadata facts of a new article; raises ParkdbError when it is
    not UTF-8, is already a seed, or its headline or date can be found neither in its text nor
    in its URL nor among the options."""
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
    dateline = page.page_date(text, _url_year(url))
    for predicate, found in (("title", _title(text, dateline, title)),
                             ("publisher", _publisher(text, publisher)),
                             ("published", _published(text, dateline, published, url or ""))):
        if found is None:
            continue
        article.facts.append(_metadata_fact(
            f"{prefix}{len(article.facts) + 1:02d}", seed, predicate, text, found))
        if not found.given:
            article.found.append(predicate)
    return article


def describe(article: Article) -> str:
    """What ``add`` is about to write, for the curator to confirm."""
    lines = [f"{article.source} -> {article.seed} (sha256 {article.sha256})"]
    for fact in article.facts:
        how = "found in the text" if fact["predicate"] in article.found else "as given"
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


def _title(text: str, dateline: page.PageDate | None, given: str | None) -> Metadata:
    if given:
        given = " ".join(given.split())
        at = text.find(given)
        if at >= 0:
            return Metadata(given, at, at + len(given), True)
        return Metadata(given, None, None, True, "given", "given by the curator (--title): the "
                        "headline is not in the text")
    found = page.headline(text, dateline)
    if found is None:
        raise ParkdbError("no headline found in the text (expected a line above the date line, "
                          "not a caption or menu); give it with --title as the page prints it")
    return Metadata(found.value, found.start, found.end, False)


def _publisher(text: str, given: str | None) -> Metadata | None:
    found = page.publisher(text)
    if not given:
        return Metadata(found.value, found.start, found.end, False) if found else None
    if found is not None and found.value == given:
        return Metadata(given, found.start, found.end, True)
    start = text.find(given)
    if start < 0:
        raise ParkdbError(f"publisher {given!r} is not written in the article (expected the "
                          "name as printed, e.g. in its copyright line)")
    return Metadata(given, start, start + len(given), True)


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


def _metadata_fact(fact_id: str, seed: str, predicate: str, text: str,
                   found: Metadata) -> dict[str, str]:
    quoted = found.start is not None and found.end is not None
    row = dict.fromkeys(FACT_COLUMNS, "") | {
        "fact_id": fact_id, "seed": seed, "subject": seed, "predicate": predicate,
        "object": found.value.replace("\ufeff", ""), "basis": found.basis, "note": found.note}
    if found.start is not None and found.end is not None:
        row.update(quote=text[found.start:found.end], start=str(found.start), end=str(found.end))
    if predicate == "published" and quoted:
        row["value_text"] = row["quote"]
        if found.value[:4] in row["quote"]:  # "Sept 24" takes its year from elsewhere
            row.update(year=found.value[:4], year_basis="stated")
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
















