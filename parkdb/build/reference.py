"""The reference tables every fact is judged against: the seeds and the small CSV files.

``read_reference`` reads the seeds (checking each against its sha256 in sources.csv), the gazetteer
(regions.csv), the entities, the exchange rates and, where present, the sector classes, through the
one CSV reader, and judges each row by the rules written here once. Every problem goes to the
caller's ``Problems``; what passes is a ``Reference``.

Invariant: a name is a region or an entity, never both; every region's parent is a region and the
regions form a tree; every seed file is listed in sources.csv with the sha256 of its bytes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .. import vocabulary
from ..errors import Problem, Problems, did_you_mean, shorten
from ..resources import display_path
from ..seeds import Seed, read_seed, seed_files
from ..values import region_code, year
from .reader import Reader

SOURCE_COLUMNS = ("seed", "sha256", "url", "retrieved")
REGION_COLUMNS = ("name", "level", "parent", "code", "aliases")
ENTITY_COLUMNS = ("name", "kind", "aliases")
FX_COLUMNS = ("year", "cny_per_usd", "source")
Row = dict[str, str]


class Reference:
    """The seeds and small tables of one data directory, as read and judged, with the problems
    found reading them (so that a command that reads them once can judge with them twice)."""

    __slots__ = ("seeds", "sources", "regions", "entities", "fx_rates", "sectors", "groupings",
                 "problems")

    def __init__(self, seeds: dict[str, Seed], sources: dict[str, Row], regions: dict[str, Row],
                 entities: dict[str, Row], fx_rates: list[tuple[int, float, str]],
                 sectors: frozenset[str] | None) -> None:
        self.seeds, self.sources, self.regions = seeds, sources, regions
        self.entities, self.fx_rates, self.sectors = entities, fx_rates, sectors
        # the industry classes and region groups (classification.Classification), read after
        # this table by classification.read_classification, which also sets ``sectors``
        self.groupings: Any = None
        self.problems: list[Problem] = []


def rows(path: Path, columns: tuple[str, ...], required: tuple[str, ...],
         problems: Problems) -> Iterator[tuple[str, int, Row]]:
    """(shown path, line, row as a dict) of each record of a small CSV file."""
    shown = display_path(path)
    for line, cells in Reader(str(path), shown, columns, required, problems):
        yield shown, line, dict(zip(columns, cells, strict=True))


def read_reference(data_dir: Path, seeds_dir: Path, problems: Problems) -> Reference:
    """Read and judge the seeds and every small table of ``data_dir``; their problems go to
    ``problems`` and are kept in the Reference's ``problems``."""
    found = Problems(limit=10**9)
    ref = _read_reference(data_dir, seeds_dir, found)
    ref.problems = found.items
    problems.extend(found.items)
    return ref


def _read_reference(data_dir: Path, seeds_dir: Path, problems: Problems) -> Reference:
    seeds: dict[str, Seed] = {}
    if not seeds_dir.is_dir():
        problems.add(display_path(seeds_dir), 0, "directory", "seeds directory not found")
    else:
        for path in seed_files(seeds_dir):
            seed = read_seed(path)
            if isinstance(seed, Problem):
                problems.extend([seed])
            else:
                seeds[seed.name] = seed
    sources = _sources(data_dir / "sources.csv", seeds, problems)
    regions = _named(data_dir / "regions.csv", REGION_COLUMNS, problems, _region_rule)
    _region_tree(data_dir / "regions.csv", regions, problems)
    entities = _named(data_dir / "entities.csv", ENTITY_COLUMNS, problems, _entity_rule)
    for name, row in entities.items():
        if name in regions:
            problems.add(display_path(data_dir / "entities.csv"), int(row["_line"]), "name",
                         f"{name!r} is also a region (expected a name used only once across "
                         "entities and regions)")
    return Reference(seeds, sources, regions, entities, _fx(data_dir / "fx_rates.csv", problems),
                     None)


def _sources(path: Path, seeds: dict[str, Seed], problems: Problems) -> dict[str, Row]:
    listed: dict[str, Row] = {}
    shown = display_path(path)
    first: dict[str, int] = {}
    for shown, line, row in rows(path, SOURCE_COLUMNS, SOURCE_COLUMNS[:2], problems):
        if row["seed"] in first:
            problems.add(shown, line, "seed", f"duplicate seed {shorten(row['seed'])!r} (first on "
                         f"line {first[row['seed']]}; expected one line per seed)")
            continue
        first[row["seed"]] = line
        listed[row["seed"]] = row
        seed = seeds.get(row["seed"])
        if seed is None:
            problems.add(shown, line, "seed", f"no seed file {shorten(row['seed'])!r} (expected "
                         "a file in seeds/)" + did_you_mean(row["seed"], seeds))
        elif seed.sha256 != row["sha256"]:
            problems.add(shown, line, "sha256", f"seed {seed.name} has changed since it was "
                         f"curated: its sha256 is {seed.sha256} (expected {row['sha256']}); "
                         "re-check its facts, then update this line")
    if os.path.exists(path):
        for name in sorted(set(seeds) - set(listed)):
            problems.add(shown, 0, "seed", f"seed file {name} is not listed (expected a line "
                         f"{name},{seeds[name].sha256})")
    return listed


# What parkdb writes between the items of a list of names in CSV and tables, and splits them at in
# JSON: so no name may hold it (a comma may: "Jingfukang Pharmaceutical Group Co., Ltd.").
LIST_SEPARATOR = "; "

RowRule = Callable[[Row, Callable[[str, str], None]], None]


def _named(path: Path, columns: tuple[str, ...], problems: Problems,
           rule: RowRule) -> dict[str, Row]:
    """The rows of a file keyed by their unique, non-blank name, each judged by ``rule``."""
    named: dict[str, Row] = {}
    for shown, line, row in rows(path, columns, columns, problems):
        broken: list[str] = []

        def add(column: str, message: str, shown: str = shown, line: int = line,
                broken: list[str] = broken) -> None:
            broken.append(column)
            problems.add(shown, line, column, message)

        if not row["name"]:
            add("name", "blank (expected a name)")
        elif LIST_SEPARATOR in row["name"]:
            add("name", f"{shorten(row['name'])!r} holds {LIST_SEPARATOR!r}, which parkdb writes "
                "between the names of a list (expected a name without it)")
        elif row["name"] in named:
            add("name", f"duplicate name {shorten(row['name'])!r} (first on line "
                f"{named[row['name']]['_line']})")
        else:
            rule(row, add)
            # a broken row still names a region or entity (so facts about it are judged), but
            # is never inserted
            named[row["name"]] = {**row, "_line": str(line), "_broken": "yes" if broken else ""}
    return named


def _region_rule(row: Row, add: Callable[[str, str], None]) -> None:
    levels = vocabulary.terms("level")
    if row["level"] not in levels:
        add("level", f"unknown level {shorten(row['level'])!r} (expected one of "
            + ", ".join(levels) + ")")
    code = row["code"]
    if code and not region_code(code):
        add("code", f"{shorten(code)!r} is not a GB/T 2260 code (expected six digits, or blank "
            "when uncertain)")


def _region_tree(path: Path, regions: dict[str, Row], problems: Problems) -> None:
    shown = display_path(path)
    for name, row in regions.items():
        line = int(row["_line"])
        if row["parent"] and row["parent"] not in regions:
            problems.add(shown, line, "parent", f"unknown region {shorten(row['parent'])!r} "
                         "(expected a name in this file)" + did_you_mean(row["parent"], regions))
        seen = {name}
        node = row["parent"]
        while node in regions:
            if node in seen:
                if node == name:
                    problems.add(shown, line, "parent", f"{name!r} is its own ancestor "
                                 "(expected a tree)")
                break
            seen.add(node)
            node = regions[node]["parent"]


def _entity_rule(row: Row, add: Callable[[str, str], None]) -> None:
    kinds = vocabulary.terms("entity_kind")
    if row["kind"] not in kinds:
        add("kind", f"unknown kind {shorten(row['kind'])!r} (expected one of "
            + ", ".join(kinds) + ")")


def _fx(path: Path, problems: Problems) -> list[tuple[int, float, str]]:
    from decimal import Decimal, InvalidOperation

    rates: list[tuple[int, float, str]] = []
    first: dict[str, int] = {}
    for shown, line, row in rows(path, FX_COLUMNS, FX_COLUMNS, problems):
        if row["year"] in first:
            problems.add(shown, line, "year", f"duplicate year {shorten(row['year'])!r} (first on "
                         f"line {first[row['year']]}; expected one rate a year)")
            continue
        first[row["year"]] = line
        try:
            rate = Decimal(row["cny_per_usd"])
        except InvalidOperation:
            rate = Decimal(-1)
        if year(row["year"]) is None:
            problems.add(shown, line, "year", f"{shorten(row['year'])!r} is not a year (expected "
                         "e.g. 2019)")
        elif not rate.is_finite() or rate <= 0:
            problems.add(shown, line, "cny_per_usd", f"{shorten(row['cny_per_usd'])!r} is not a "
                         "rate (expected a positive number of yuan per dollar)")
        elif not row["source"]:
            problems.add(shown, line, "source", "blank (expected the official series it is from)")
        else:
            rates.append((int(row["year"]), float(rate), row["source"]))
    return rates


def entity_rows(ref: Reference, links: list[tuple[str, str, str]]) -> list[tuple[Any, ...]]:
    """Each entity with its parent, region and park, derived from belongs_to/located_in links.

    region is where the entity is located (its own located_in, else its parent's; the nearest
    common region when it has several); park is the entity itself when it is park-like, else the
    nearest park-like entity it belongs to.
    """
    parks = frozenset(vocabulary.terms("entity_kind", "park"))
    parent: dict[str, str] = {}
    located: dict[str, list[str]] = {}
    for subject, predicate, obj in links:
        if predicate == "belongs_to" and obj in ref.entities:
            parent.setdefault(subject, obj)
        elif predicate == "located_in":
            located.setdefault(subject, []).append(obj)

    def chain(region: str) -> list[str]:
        out = []
        node: str | None = region
        while node and node not in out:
            out.append(node)
            node = ref.regions.get(node, {}).get("parent") or None
        return out

    def region_of(name: str, depth: int = 0) -> str | None:
        places = located.get(name)
        if places:
            chains = [chain(p) for p in places]
            common = [r for r in chains[0] if all(r in c for c in chains[1:])]
            return common[0] if common else None
        up = parent.get(name)
        return region_of(up, depth + 1) if up and depth < 32 else None

    def park_of(name: str, depth: int = 0) -> str | None:
        if ref.entities[name]["kind"] in parks:
            return name
        up = parent.get(name)
        return park_of(up, depth + 1) if up and depth < 32 else None

    return [(name, row["kind"], row["aliases"] or None, parent.get(name), region_of(name),
             park_of(name)) for name, row in ref.entities.items() if not row["_broken"]]
