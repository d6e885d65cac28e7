"""Rows that are not numbers, proposed from an article's words: where a park or company is
(``located_in``, from "X in Y", "Y's X" or a place in its name), what it belongs to and what
belongs to it ("consists of A, B and C", "Among them, X park"), whom it hosts ("enterprises such as
A, B and C"), its sectors ("focuses on A and B industries", with a GB/T 4754 class matched on
industry_classes.csv's names, marked ``inferred``) and its founding and approval events ("was
approved in December 1992").

Invariant: every row's quote is ``text[start:end]``; a located_in object is a region name (of
regions.csv or proposed with ``Names.new_regions``); a link's object is an entity name; an event
carries the year its quote states; nothing here raises.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..text.quantities import MONTHS
from ..vocabulary import FACT_COLUMNS
from .subjects import Mention, Names

_F = re.IGNORECASE
_YEAR = r"(?:19|20)[0-9]{2}"
_EVENT = re.compile(
    r"\b(?P<what>(?:was|were|been) (?:officially |formally |jointly )?(?:approved|established|founded|set up|launched"
    r"|opened|upgraded|inaugurated|ratified|designated|identified|listed|put into operation|completed)"
    r"(?: (?:by|as) [^,.;]{3,60}?)?|(?:began|started) (?:construction|operation|production)|opened)"
    r",? (?:in|on|since) (?:(?:late |early |mid-)?(?:" + "|".join(MONTHS) + r") )?(?:[0-9]{1,2},? ?)?"
    r"(?P<year>" + _YEAR + r")\b", _F)
_FOUNDED = re.compile(r"\b(?P<what>(?:approved|established|founded|set up)(?: by [^,.;]{3,60}?)?) (?:in|on) "
                      r"(?:(?:" + "|".join(MONTHS) + r") )?(?:[0-9]{1,2},? ?)?(?P<year>" + _YEAR + r")\b", _F)
_SECTORS = re.compile(
    r"\b(?:(?:focus(?:es|ing)? on|concentrat\w+ on|priority to developing)(?=[^.;:]{3,200}\b(?:industry|industries"
    r"|sectors)\b)|key industries(?: in the zone)? (?:are|include)"
    r"|(?:main|leading|pillar|key|emerging|dominant|major) industries(?: of the \w+)? (?:are|include|such as|including)"
    r"|industries such as|sectors such as|fields such as|sectors including|areas including|fields including"
    r"|(?:industry|industries) (?:covering|including))\s+(?P<list>[^.;:]{3,240})", _F)
_LIST_SPLIT = re.compile(r",\s*(?:and\s+|as well as\s+)?|\s+and\s+|\s+as well as\s+", _F)
_SECTOR_TRIM = re.compile(r"^(?:the|developing|its|a|an|both|two industries of)\s+|\s+(?:industry|industries|sectors?"
                          r"|fields?|businesses|etc)$|\s+(?:industry|industries)\s+.*$", _F)
_CLAUSE = re.compile(r"\b(?:will|is|are|was|were|has|have|said|says|according|which|that|build|while|so as)\b",
                     _F)
_LIST = r"(?P<list>(?:[^.;\n]|\.(?=,? ?[A-Za-z(])){3,240})"  # "Co., Ltd." does not end it
_PARTS = re.compile(r"\b(?:consists of|comprises|is made up of|is composed of)\s+" + _LIST, _F)
_AMONG = re.compile(r"^\s*(?:Among them|Of them|Of these|Among these)\b", _F)
_HOSTED = re.compile(r"\b(?:(?:enterprises|companies|firms|businesses) (?:such as|including|like)|has attracted"
                     r"|have attracted|home to|attracted enterprises such as)\s+" + _LIST, _F)
_LOCATED = re.compile(r"^[\s,(\u2013\u2014-]*(?:(?:which is |that is )?(?:located|based|situated|sits)\s+)?"
                      r"(?:in|at)\s+$", _F)
_STOP = frozenset(("and", "the", "of", "in", "industry", "industries", "manufacturing", "products", "other",
                   "services", "high-end", "new", "modern"))


@dataclass
class Proposed:
    """The rows proposed and the sectors.csv mappings they need."""

    rows: list[dict[str, str]] = field(default_factory=list)
    sectors: list[dict[str, str]] = field(default_factory=list)
    unclassed: list[str] = field(default_factory=list)  # sectors read but matched to no class


def propose(seed: str, text: str, names: Names, sentences: list[tuple[int, int]],
            classes: dict[str, str], mapped: dict[str, list[str]]) -> Proposed:
    """located_in, belongs_to, hosts, sector and event rows for ``text`` (``classes``: industry
    class code -> English name; ``mapped``: written sector -> its codes in sectors.csv)."""
    found = Proposed()
    rows = found.rows
    carried = ""
    for sentence in sentences:
        carried = names.sentence_subject(sentence, carried)
        holder = names.sentence_subject(sentence, "") or names.topic
        rows += _located(text, names, sentence)
        rows += _listed(text, names, sentence, holder, _PARTS, "belongs_to", reverse=True)
        rows += _listed(text, names, sentence, holder, _HOSTED, "hosts")
        if _AMONG.match(text, sentence[0]):
            rows += _among(text, names, sentence, carried)
        for row in _sectors(text, sentence, holder):
            if row["object"] not in mapped:
                mapped[row["object"]] = [m["code"] for m in _classes_of(row["object"], classes)]
                found.sectors += _classes_of(row["object"], classes)
            if mapped[row["object"]]:  # a sector the build can class; the others are named, not proposed
                rows.append(row)
            elif row["object"] not in found.unclassed:
                found.unclassed.append(row["object"])
        rows += _events(text, sentence, holder)
    unique: dict[tuple[str, str, str], dict[str, str]] = {}
    for row in rows:
        if row["subject"] and row["subject"] != row["object"]:
            unique.setdefault((row["subject"], row["predicate"], row["object"]), row | {"seed": seed})
    found.rows = _one_place_each(list(unique.values()), names)
    return found


def _row(text: str, subject: str, predicate: str, obj: str, start: int, end: int, basis: str = "stated",
         note: str = "", year: str = "") -> dict[str, str]:
    while end > start and text[end - 1] in " ,;.":
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return dict.fromkeys(FACT_COLUMNS, "") | {
        "subject": subject, "predicate": predicate, "object": obj, "quote": text[start:end],
        "start": str(start), "end": str(end), "basis": basis, "note": note, "year": year,
        "year_basis": "stated" if year else ""}


def _in(names: Names, span: tuple[int, int]) -> list[Mention]:
    return [m for m in names.mentions if span[0] <= m.start and m.end <= span[1] and m.cls not in ("?", "it")]


def _located(text: str, names: Names, sentence: tuple[int, int]) -> Iterator[dict[str, str]]:
    """"X in Y", "X, located in Y", "Y's X"; and a place inside an entity's name (basis name)."""
    inside = _in(names, sentence)
    for i, m in enumerate(inside):
        if m.cls == "region" or m.anaphor:
            continue
        for place in inside[i + 1:i + 3]:
            if place.cls == "region" and _LOCATED.match(text[m.end:place.start]):
                yield _row(text, m.name, "located_in", place.name, m.start, place.end)
                break
        if i > 0 and inside[i - 1].cls == "region" and text[inside[i - 1].end:m.start] in ("'s ", "\u2019s "):
            yield _row(text, m.name, "located_in", inside[i - 1].name, inside[i - 1].start, m.end)
    for m in inside:
        if m.cls in ("park", "project", "company") and not m.anaphor:
            where = names.place_in(text[m.start:m.end])
            if where:
                yield _row(text, m.name, "located_in", where, m.start, m.end, "name", "read from the name")


def _listed(text: str, names: Names, sentence: tuple[int, int], holder: str, cue: re.Pattern[str],
            predicate: str, reverse: bool = False) -> Iterator[dict[str, str]]:
    """A cue and a list of entities after it: the holder hosts them, or they belong to it."""
    found = cue.search(text, *sentence)
    if found is None or names.kind_of(holder) not in ("park", "region"):
        return
    lo, hi = found.span("list")
    for m in _in(names, (lo, hi + 2)):  # "Mocktone Co., Ltd." ends after the list's last word
        if m.cls in ("company", "park", "project") and m.name != holder:
            if reverse and m.cls != "region":
                yield _row(text, m.name, "belongs_to", holder, sentence[0], found.end("list"), "context",
                           f"one of the parts of {holder} the sentence lists")
            elif not reverse and m.cls == "company":
                yield _row(text, holder, predicate, m.name, sentence[0], found.end("list"))


def _among(text: str, names: Names, sentence: tuple[int, int], carried: str) -> Iterator[dict[str, str]]:
    """"Among them, X park ...": X belongs to what the sentence before is about."""
    if names.kind_of(carried) != "park":
        return
    for m in _in(names, sentence)[:1]:
        if m.cls == "park" and m.name != carried:
            yield _row(text, m.name, "belongs_to", carried, sentence[0], m.end, "context",
                       f"'Among them' after a sentence about {carried}")


def _sectors(text: str, sentence: tuple[int, int], holder: str) -> Iterator[dict[str, str]]:
    """The items of "focuses on A, B and C industries", "main industries are A, B, C", up to the first
    item that is not a sector's name (a clause, a person)."""
    found = _SECTORS.search(text, *sentence)
    if found is None or not holder:
        return
    lo = found.start("list")
    inner = re.search(r"\b(?:such as|including|like)\s+", found["list"])
    if inner:
        lo += inner.end()
    for part in _LIST_SPLIT.split(text[lo:found.end("list")]):
        start = text.find(part, lo)
        words = _SECTOR_TRIM.sub("", _SECTOR_TRIM.sub("", part.strip()).strip()).strip()
        if (not 1 <= len(words.split()) <= 4 or not words[:1].isalpha() or re.search(r"[0-9]", words)
                or (words[:1].isupper() and not words.split()[0].isupper()) or _CLAUSE.search(words)):
            return
        lo = start + len(part)
        yield _row(text, holder, "sector", words.lower(), sentence[0], lo)


def _classes_of(sector: str, classes: dict[str, str]) -> list[dict[str, str]]:
    """The GB/T 4754 classes whose English names share the most words with ``sector`` (inferred)."""
    wanted = {_stem(w) for w in re.findall(r"[a-z]+", sector.lower())} - _STOP
    if not wanted:
        return []
    scored = []
    for code, name in classes.items():
        words = {_stem(w) for w in re.findall(r"[a-z]+", name.lower())} - _STOP
        overlap = len(wanted & words)
        if overlap and overlap / len(wanted) >= 0.5:
            scored.append((overlap / len(wanted | words), code, name))
    best = max((s[0] for s in scored), default=0.0)
    if not scored or sum(1 for s in scored if s[0] == best) > 2:
        return []  # no class, or too many to choose from: the curator maps it
    return [{"sector": sector, "code": code, "match": "inferred",
             "note": f"proposed by parkdb suggest from the class name {name!r}: check it"}
            for score, code, name in sorted(scored) if score == best]


def _stem(word: str) -> str:
    return word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") else word


def _events(text: str, sentence: tuple[int, int], holder: str) -> Iterator[dict[str, str]]:
    for pattern in (_EVENT, _FOUNDED):
        found = pattern.search(text, *sentence)
        if found is not None and holder:
            what = " ".join(re.sub(r"^(?:was|were|been) ", "", found["what"], flags=_F).split())
            yield _row(text, holder, "event", what, sentence[0] if found.start() - sentence[0] < 160
                       else found.start(), found.end(), year=found["year"])
            return


def _one_place_each(rows: list[dict[str, str]], names: Names) -> list[dict[str, str]]:
    """One located_in per subject: stated before read from a name, then the most specific place."""
    rank = {"county": 0, "district": 0, "county-level city": 0, "new area": 0, "prefecture": 1, "province": 2}
    places = [r for r in rows if r["predicate"] == "located_in"]
    best: dict[str, dict[str, str]] = {}
    for row in places:
        key = (row["basis"] != "stated", rank.get(names.levels.get(row["object"], ""), 3))
        held = best.get(row["subject"])
        if held is None or key < (held["basis"] != "stated", rank.get(names.levels.get(held["object"], ""), 3)):
            best[row["subject"]] = row
    return [r for r in rows if r["predicate"] != "located_in" or best.get(r["subject"]) is r]
