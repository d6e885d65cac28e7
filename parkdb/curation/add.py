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

import csv
import hashlib
import io
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .. import resources
from ..build.reader import Reader, decode_problem
from ..build.reference import read_reference
from ..build.rules import FactRules
from ..errors import NotFound, ParkdbError, Problem, Problems
from ..render.result import Result
from ..seeds import read_seed
from ..text.quantities import MONTHS
from ..vocabulary import FACT_COLUMNS, REQUIRED_FACT_COLUMNS

_SEED_NAME = re.compile(r"(?P<number>[0-9]{3,})_[0-9a-f]{16}\.txt")
_ISO_DATE = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}-[01][0-9]-[0-3][0-9](?![0-9])")
_MONTH_DATE = re.compile(r"\b(?P<month>" + "|".join(m.title() for m in MONTHS)
                         + r")\.? (?P<day>[0-9]{1,2}), (?P<year>(?:19|20)[0-9]{2})\b")
_PUBLISHER = re.compile(r"(?:Copyright\s*(?:\u00a9\s*)?(?:(?:19|20)[0-9]{2}\s+)?|^SOURCE\s+)"
                        r"(?P<name>[A-Z][\w&.'\u2019-]*(?: [A-Z][\w&.'\u2019-]*)*)", re.MULTILINE)


def homes(data_dir: Path | None, seeds_dir: Path | None) -> tuple[Path, Path]:
    """(data/, seeds/): as given, else those of PARKDB_HOME or the checkout or package."""
    _, data, seeds = resources.inputs()
    return Path(data_dir or data), Path(seeds_dir or seeds)


def writable(directory: Path) -> None:
    """Raise ParkdbError if ``directory`` is the data of an installed package."""
    if resources.installed(directory):
        raise ParkdbError(f"{directory}: is the data installed with parkdb, which curation never "
                          "changes; work on a copy (set PARKDB_HOME=DIR to a directory holding "
                          "schema.sql, data/ and seeds/, or give --data and --seeds)")


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
    names = sorted(p.name for p in seeds_dir.glob("*") if p.is_file()) if seeds_dir.is_dir() else []
    for name in names:
        if hashlib.sha256((seeds_dir / name).read_bytes()).hexdigest() == digest:
            raise ParkdbError(f"{source}: is already a seed, {seeds_dir / name} (same sha256); "
                              "nothing was added")
    numbers = [int(m["number"]) for n in names if (m := _SEED_NAME.fullmatch(n))]
    number = max(numbers, default=-1) + 1
    article = Article(source, data, seeds_dir / f"{number:03d}_{digest[:16]}.txt", digest,
                      url or "")
    seed, prefix = article.seed.name, f"F{number:03d}-"
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


def appended(path: Path, rows: list[dict[str, str]]) -> bytes:
    """The bytes of CSV file ``path`` with ``rows`` added in its header's column order and line
    ending; raises ParkdbError if a row has a value for a column the header lacks."""
    try:
        old = path.read_bytes()
    except OSError as exc:
        raise ParkdbError(f"{path}: cannot read: {exc.strerror}") from exc
    first = old.split(b"\n", 1)[0]
    header = next(csv.reader([first.decode("utf-8-sig").rstrip("\r")]), [])
    header = [h.strip() for h in header]
    for row in rows:
        missing = [c for c, v in row.items() if v and c not in header]
        if missing:
            raise ParkdbError(f"{path}: has no column {', '.join(missing)} (add it to the header "
                              "line, with a comma for it on every row); nothing was added")
    ending = "\r\n" if first.endswith(b"\r") else "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=ending)
    writer.writerows([[row.get(c, "") for c in header] for row in rows])
    lead = ending.encode() if old and not old.endswith(b"\n") else b""
    return old + lead + buffer.getvalue().encode("utf-8")


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` into a new file beside ``path`` and rename it over ``path``, durably (over
    the file a symbolic link points to, never over the link)."""
    path = Path(os.path.realpath(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, os.stat(path).st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def fix_offsets(data_dir: Path, seeds_dir: Path) -> int:
    """Write into facts.csv the offsets located for quotes whose start and end are blank; return
    how many facts got them. No other byte changes."""
    writable(data_dir)
    path = data_dir / "facts.csv"
    problems = Problems()
    rules = FactRules(read_reference(data_dir, seeds_dir, problems))
    located: dict[int, tuple[int, int]] = {}
    start_at, end_at = FACT_COLUMNS.index("start"), FACT_COLUMNS.index("end")
    reader = Reader(str(path), str(path), FACT_COLUMNS, REQUIRED_FACT_COLUMNS, problems)
    for line, row in reader:
        if not row[start_at] and not row[end_at]:
            rules.judge(row, line)
            if rules.located:
                located[line] = rules.located
    if not located or not reader.complete:
        problems.raise_if_any()  # what stopped the reader (bad bytes, quoting), with its line
        if not located:
            return 0
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    fixed, filled = fill_fields(text, located)
    if filled:
        replace_file(path, (b"\xef\xbb\xbf" if bom else b"") + fixed.encode("utf-8"))
    return filled


_FIELD = re.compile(r'"(?:[^"]|"")*"|[^,"\r\n]*')
_AFTER = re.compile(r",|\r\n|\n|\r|\Z")


def fill_fields(text: str, located: dict[int, tuple[int, int]]) -> tuple[str, int]:
    """CSV ``text`` with the blank start and end fields of the records that start on the lines of
    ``located`` filled in, every other character as it was; and how many records were filled."""
    pieces: list[str] = []
    header: list[str] | None = None
    record: list[tuple[int, int]] = []
    at = copied = counted = record_start = filled = 0
    line = 1
    while True:
        end = _FIELD.match(text, at).end()  # type: ignore[union-attr]  # it matches "" at least
        after = _AFTER.match(text, end)
        if after is None:  # a stray quote: the CSV reader reports it; the rest is left as it is
            break
        record.append((at, end))
        at = after.end()
        if after.group() == ",":
            continue
        line += _line_ends(text, counted, record_start)
        counted = record_start
        if header is None:
            header = [text[lo:hi].strip().strip('"') for lo, hi in record]
        elif line in located and {"start", "end"} <= set(header):
            cells = [record[header.index(c)] for c in ("start", "end")]
            if all(text[lo:hi] in ("", '""') for lo, hi in cells):
                for (lo, hi), value in zip(cells, located[line], strict=True):
                    pieces += [text[copied:lo], str(value)]
                    copied = hi
                filled += 1
        record, record_start = [], at
        if not after.group():
            break
    return "".join(pieces) + text[copied:], filled


def _line_ends(text: str, start: int, end: int) -> int:
    """Line ends in ``text[start:end]`` as the csv module counts them (CRLF is one)."""
    return (text.count("\n", start, end) + text.count("\r", start, end)
            - text.count("\r\n", start, end))


def resolve_seed(seeds_dir: Path, name: str) -> str:
    """The seed file named ``name`` or by a unique prefix of it; raises NotFound."""
    names = sorted(p.name for p in seeds_dir.glob("*") if p.is_file()) if seeds_dir.is_dir() else []
    if name in names:
        return name
    matches = [n for n in names if n.startswith(name)]
    if len(matches) == 1:
        return matches[0]
    raise NotFound("seed", name, matches or names)


def candidates(data_dir: Path, seeds_dir: Path, name: str, include_cited: bool) -> Result:
    """suggest.py's candidate facts for one seed, in facts.csv's columns; raises ParkdbError."""
    from .suggest import suggest

    seed = resolve_seed(seeds_dir, name)
    problems = Problems()
    path = data_dir / "facts.csv"
    rows = [dict(zip(FACT_COLUMNS, cells, strict=True)) for _, cells in Reader(
        str(path), str(path), FACT_COLUMNS, REQUIRED_FACT_COLUMNS, problems)]
    problems.raise_if_any()
    own = [r for r in rows if r["seed"] == seed]
    cited = [(int(r["start"]), int(r["end"])) for r in own
             if r["start"].isdigit() and r["end"].isdigit()]
    prefix = f"F{seed.split('_')[0]}-"
    numbers = [int(r["fact_id"][len(prefix):]) for r in rows if r["fact_id"].startswith(prefix)
               and r["fact_id"][len(prefix):].isdigit()]
    published = next((r["object"] for r in own if r["predicate"] == "published"), None)
    article = read_seed(seeds_dir / seed)
    if isinstance(article, Problem):
        raise ParkdbError(str(article))
    text = article.text
    found = suggest(seed, text, published, cited, max(numbers, default=0) + 1, include_cited)
    return Result(list(FACT_COLUMNS), [tuple(row.get(c, "") for c in FACT_COLUMNS) for row in found],
                  title=f"Candidate facts for {seed}")


def checked(data_dir: Path | None, seeds_dir: Path | None, fix: bool,
            tell: Callable[[str], None]) -> tuple[Result, int]:
    """``check`` (after ``fix_offsets`` if ``fix``): the uncited numbers and how many are
    unexplained; what was written, the warnings and the summary go to ``tell`` as they happen.
    Raises DataError."""
    from ..build.loader import check

    if fix:
        fixed = fix_offsets(*homes(data_dir, seeds_dir))
        tell(f"check --fix: wrote the offsets of {fixed} quote{'' if fixed == 1 else 's'} into "
             "facts.csv")
    report, uncited = check(data_dir, seeds_dir)
    for warning in report.warnings:
        tell(f"parkdb: warning: {warning}")
    rows = [(u.seed, u.start, u.text, u.why or "UNEXPLAINED", u.context) for u in uncited]
    unexplained = sum(1 for u in uncited if u.why is None)
    tell(f"ok: {report.facts} facts in {report.seeds} seeds; {len(uncited)} uncited numbers, "
         f"{unexplained} unexplained")
    return Result(["seed", "start", "number", "why", "context"], rows,
                  title="Numbers no fact cites"), unexplained
