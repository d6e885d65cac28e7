"""suggest as a curator's step: every proposal for one seed (its numbers, from suggest; the rows that
are not numbers, from propose; the new entities, regions and sector classes they need; restates and
running-total links to facts already in the base), and ``write_proposals``, which appends them to
the data files marked as proposed, for a review in one pass.

Invariants: a proposal written to facts.csv has a note that starts ``PROPOSED``, which the build
refuses until a curator has removed it; with the mark removed it needs no other edit to build
unless it says ``?`` (its quote, offsets, status and units are valid, and the entities, regions and
sector classes it names are written with it). Files are only appended to, through files.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .. import vocabulary
from ..build.reader import Reader
from ..errors import ParkdbError, Problem, Problems
from ..render.result import FACT_TABLE, Result
from ..seeds import read_seed, resolve_seed
from ..values import PROPOSED, PROPOSED_REASON, fact_prefix, plain_decimal, whole_number
from ..vocabulary import FACT_COLUMNS, REQUIRED_FACT_COLUMNS
from . import context
from .files import append_together, csv_lines, curation_lock, writable
from .propose import propose
from .subjects import Names
from .suggest import suggest, why_not
from .uncited import explanations, uncited_numbers

TABLES = {"entities.csv": ("name", "kind", "aliases"), "regions.csv": ("name", "level", "parent", "code", "aliases"),
          "sectors.csv": ("sector", "code", "match", "note")}


@dataclass
class Proposals:
    """One seed's proposals: fact rows, and the rows of the small tables they need."""

    seed: str
    facts: list[dict[str, str]] = field(default_factory=list)
    tables: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    unclassed: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # places named that neither regions.csv nor GB/T 2260 has
    uncited: list[tuple[int, str, str]] = field(default_factory=list)  # (start, number, why not a fact)

    def result(self) -> Result:
        return Result(list(FACT_COLUMNS), [tuple(_number(r.get(c, "")) if c == "value" else r.get(c, "")
                                                 for c in FACT_COLUMNS) for r in self.facts],
                      title=f"Candidate facts for {self.seed}", units={"value": "unit"},
                      default_columns=("fact_id", "subject", "predicate", "object", "value", "year", "status",
                                       "part_of", "quote"), **_REVIEW_TABLE)


def _spans(rows: list[dict[str, str]]) -> list[tuple[int, int]]:
    """The quotes' offsets of ``rows`` that are whole numbers (a row mid-review may hold anything)."""
    return [(start, end) for r in rows if (start := whole_number(r["start"])) is not None
            and (end := whole_number(r["end"])) is not None]


def _number(value: str) -> int | float | str:
    """A value as a number, so that a table shows it with its unit ("12.6 bn CNY")."""
    if not value:
        return value
    if not plain_decimal(value):
        return value
    return int(value) if "." not in value else float(value)


# A table of proposals keeps, on a narrow screen, what a reviewer most often corrects (the year,
# status and part_of) before the quote, which the article shows
_REVIEW_TABLE = FACT_TABLE | {"narrow": (("object", "predicate"), ("value", "predicate"), ("year", "status"),
                                        ("part_of", "status"), ("quote", None))}


def candidates(data_dir: Path, seeds_dir: Path, name: str, include_cited: bool) -> Proposals:
    """Every proposal for one seed; raises ParkdbError."""
    seed = resolve_seed(seeds_dir, name)
    facts = _read(data_dir / "facts.csv", FACT_COLUMNS, REQUIRED_FACT_COLUMNS)
    tables = {file: {r[columns[0]]: r for r in _read(data_dir / file, columns, columns[:1])}
              for file, columns in TABLES.items() if (data_dir / file).exists()}
    classes = {r["code"]: r["name_en"] for r in _read(data_dir / "industry_classes.csv", ("code", "level", "name_en",
               "name_zh"), ("code",))} if (data_dir / "industry_classes.csv").exists() else {}
    own = [r for r in facts if r["seed"] == seed]
    cited = _spans(own)
    prefix = fact_prefix(seed)
    numbers = [n for r in facts if r["fact_id"].startswith(prefix)
               and (n := whole_number(r["fact_id"][len(prefix):])) is not None]
    published = next((r["object"] for r in own if r["predicate"] == "published"), None)
    title = next((r["object"] for r in own if r["predicate"] == "title"), "")
    article = read_seed(seeds_dir / seed)
    if isinstance(article, Problem):
        raise ParkdbError(str(article))
    text = article.text
    names = Names.read(text, tables.get("entities.csv", {}), tables.get("regions.csv", {}), title)
    rows = suggest(seed, text, published, cited, max(numbers, default=0) + 1, include_cited, names)
    mapped: dict[str, list[str]] = {}
    for row in tables.get("sectors.csv", {}).values():
        mapped.setdefault(row["sector"], []).append(row["code"])
    others = propose(seed, text, names, context.sentences(text), classes, mapped)
    known = {(r["subject"], r["predicate"], r["object"]) for r in own}
    placed = {(r["subject"], r["predicate"]) for r in facts if r["predicate"] in ("located_in", "belongs_to")}
    number = max([int(r["fact_id"][len(prefix):]) for r in rows] + numbers + [0]) + 1
    for row in others.rows:
        if include_cited or ((row["subject"], row["predicate"], row["object"]) not in known
                             and (row["subject"], row["predicate"]) not in placed):
            rows.append(row | {"fact_id": f"{prefix}{number:02d}"})
            number += 1
    _link_earlier(rows, facts, published)
    spans = _spans(own + rows)
    left = [u for u in uncited_numbers({seed: text}, {seed: spans}, explanations(data_dir / "CURATION.md"))
            if u.why is None]
    named = {r["subject"] for r in rows} | {r["object"] for r in rows}
    proposals = Proposals(seed, rows, unclassed=others.unclassed,
                          uncited=[(u.start, u.text, why_not(text, u.start)) for u in left],
                          unknown=[p for p in names.unknown_places if p in named])
    _needed(proposals, names, others.sectors)
    return proposals


def _read(path: Path, columns: tuple[str, ...], required: tuple[str, ...]) -> list[dict[str, str]]:
    problems = Problems()
    rows = [dict(zip(columns, cells, strict=True)) for _, cells in Reader(str(path), str(path), columns, required,
                                                                          problems)]
    problems.raise_if_any()
    return rows


def _link_earlier(rows: list[dict[str, str]], facts: list[dict[str, str]], published: str | None) -> None:
    """restates, or a note naming the running total it follows: an earlier article's fact of the same
    holder, kind, unit and status class, of the same or a smaller value."""
    dates = {r["seed"]: r["object"] for r in facts if r["predicate"] == "published"}
    status_class = vocabulary.classes("status")
    for row in rows:
        if not row["value"] or row["subject"] in ("", "?"):
            continue
        earlier = [f for f in facts if (f["subject"], f["predicate"], f["unit"]) == (row["subject"], row["predicate"],
                   row["unit"]) and plain_decimal(f["value"]) and dates.get(f["seed"], "9999") < (published or "0000")
                   and status_class.get(f["status"]) == status_class.get(row["status"])
                   and Decimal(f["value"]) <= Decimal(row["value"])]  # a row mid-review ("12.5%") is skipped
        same = [f for f in earlier if Decimal(f["value"]) == Decimal(row["value"])]
        if same and not row["running_total"]:
            row["restates"] = same[-1]["fact_id"]
            row["note"] = _join(row["note"], f"the same amount as {same[-1]['fact_id']} of an earlier article")
        elif earlier and row["running_total"]:
            last = earlier[-1]
            row["note"] = _join(row["note"], f"a running total after {last['fact_id']} ({last['value_text']}, "
                                             f"{dates.get(last['seed'], '')})")


def _needed(proposals: Proposals, names: Names, sectors: list[dict[str, str]]) -> None:
    """The new entities, regions and sector classes that the proposed rows name."""
    used = {r["subject"] for r in proposals.facts} | {r["object"] for r in proposals.facts}
    entities = [row for name, row in names.new.items() if name in used]
    wanted = {r["name"] for r in names.new_regions if r["name"] in used}
    by_name = {r["name"]: r for r in names.new_regions}
    for name in list(wanted):  # and the new parents above them
        parent = by_name[name]["parent"]
        while parent in by_name:
            wanted.add(parent)
            parent = by_name[parent]["parent"]
    regions = [r for r in names.new_regions if r["name"] in wanted]
    written = {r["object"] for r in proposals.facts if r["predicate"] == "sector"}
    proposals.tables = {"entities.csv": entities, "regions.csv": regions,
                        "sectors.csv": [s for s in sectors if s["sector"] in written]}


def write_proposals(data_dir: Path, seeds_dir: Path, name: str,
                    include_cited: bool) -> tuple[Proposals, dict[str, int]]:
    """The proposals for seed ``name``, read and appended under the curation lock (so that two
    writers never number the same fact ids nor add one entity twice): the fact rows to facts.csv,
    each note marked PROPOSED, and the rows they need to the small tables, all or nothing; return
    them and how many rows went into each file. Raises ParkdbError."""
    writable(data_dir)
    with curation_lock(data_dir):
        proposals = candidates(data_dir, seeds_dir, name, include_cited)
        marked = [row | {"note": _join(f"{PROPOSED} by parkdb suggest", row["note"])} for row in proposals.facts]
        files = {"facts.csv": marked, **proposals.tables}
        appends = {file: csv_lines(data_dir / file, rows) for file, rows in files.items() if rows}
        notes = _uncited_rows(data_dir / "CURATION.md", proposals)
        if notes is not None:
            appends["CURATION.md"] = notes
        if appends:
            append_together(data_dir, appends)
    counts = {file: len(rows) for file, rows in files.items() if rows}
    return proposals, counts | ({"CURATION.md": len(proposals.uncited)} if notes is not None else {})


def _uncited_rows(path: Path, proposals: Proposals) -> bytes | None:
    """The lines to append to CURATION.md's uncited-numbers table, which ends the file, for the
    numbers suggest did not propose; None when there are none, or the file does not end with that
    table."""
    if not proposals.uncited or not path.is_file():
        return None
    old = path.read_bytes()
    lines = old.splitlines()
    if not lines or not lines[-1].startswith(b"| "):
        return None
    rows = "".join(f"| {proposals.seed} | {start} | {number} | {why} {PROPOSED_REASON} |\n"
                   for start, number, why in proposals.uncited)
    return (b"" if old.endswith(b"\n") else b"\n") + rows.encode("utf-8")


def describe(proposals: Proposals, written: dict[str, int] | None) -> str:
    """What was proposed beyond the fact rows, and what was written, for stderr."""
    lines = [f"  new {file[:-4]}: " + "; ".join(",".join(row.values()) for row in rows)
             for file, rows in proposals.tables.items() if rows]
    if proposals.uncited:
        lines.append("  numbers not proposed, for the uncited-numbers table of CURATION.md (--write adds them):")
        lines += [f"  | {proposals.seed} | {start} | {number} | {why} |" for start, number, why in proposals.uncited]
    if proposals.unknown:
        lines.append("  places not in regions.csv nor the GB/T 2260 gazetteer (add each to regions.csv with its "
                     "level, parent and code): " + "; ".join(proposals.unknown))
    if proposals.unclassed:
        lines.append("  sectors read but not proposed, no GB/T 4754 class matched their words (add a sectors.csv "
                     "row and a sector fact by hand if they are sectors): " + "; ".join(proposals.unclassed))
    if written is None:
        return "\n".join([*lines, f"{len(proposals.facts)} proposals; parkdb suggest {proposals.seed[:3]} --write "
                                   "appends them (and the new rows above) marked PROPOSED for review"])
    told = ", ".join(f"{count} row{'s' if count != 1 else ''} to {file}" for file, count in written.items())
    return "\n".join([*lines, f"wrote {told or 'nothing'}; review each PROPOSED row in facts.csv (correct it "
                               "or delete it) and each reason marked (proposed by parkdb suggest) in CURATION.md, "
                               "remove the marks, then run parkdb check"])


def _join(first: str, second: str) -> str:
    return f"{first}; {second}" if first and second else first or second
