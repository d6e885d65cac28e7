"""Sectors as classes: what ``--sector`` means, and the classification as a tree.

``resolve_sector`` turns what a user types (a GB/T 4754 code at any level, an SEI category, an
analysts' short name such as ``food``, a class's English name, or a written sector) into a
``SectorMatch``: the written sectors it counts, and those it only overlaps. The rule, written once
here (and in CURATION.md's Sector classes): a written sector is in the classes asked for when every
one of its codes of that classification (GB/T 4754, or the SEI list) is one of them or lies
beneath one; with only some of them there, it overlaps and is named but not counted. A written
sector typed as written counts itself only.
"""

from __future__ import annotations

from typing import Any

from .. import vocabulary
from ..errors import NotFound, closest_names
from ..render.result import Result
from .common import Conn, sector_fact


class SectorMatch:
    """What a --sector value matched: the classes, the written sectors counted and those left out
    because only part of them lies in the classes."""

    __slots__ = ("asked", "codes", "sectors", "overlapping")

    def __init__(self, asked: str, codes: list[str], sectors: list[str],
                 overlapping: list[str]) -> None:
        self.asked, self.codes, self.sectors, self.overlapping = asked, codes, sectors, overlapping

    def describe(self) -> str:
        """``food = C13, C14, C15: agribusiness, food, green food, instant noodle``; a written
        sector asked for by its own name: ``biomedicine: the written sector, only``."""
        if not self.codes and self.sectors == [self.asked]:
            return f"{self.asked}: the written sector, only (a class code or name such as C27 " \
                   "or pharmaceuticals takes in the sectors beneath it)"
        head = f"{self.asked} = {', '.join(self.codes)}: " if self.codes else f"{self.asked}: "
        text = head + (", ".join(self.sectors) or "no written sector")
        if self.overlapping:
            text += "; not counted, only partly in it: " + ", ".join(self.overlapping)
        return text

    def label(self) -> str:
        """The short form for a title: ``food (C13, C14, C15)``."""
        return f"{self.asked} ({', '.join(self.codes)})" if self.codes else self.asked


def _tables(conn: Conn) -> tuple[dict[str, tuple[str, str]], dict[str, list[str]],
                                 dict[str, set[str]], dict[str, list[str]]]:
    """classes (code -> level, name), written sector -> codes, code -> ancestors, name -> codes."""
    classes = {code: (level, name) for code, level, name in conn.execute(
        "SELECT code, level, name_en FROM industry_classes ORDER BY code")}
    mapping: dict[str, list[str]] = {}
    for sector, code in conn.execute("SELECT sector, code FROM sector_classes ORDER BY sector, code"):
        mapping.setdefault(sector, []).append(code)
    ancestors: dict[str, set[str]] = {}
    for code, ancestor in conn.execute("SELECT code, ancestor FROM class_ancestors"):
        ancestors.setdefault(code, set()).add(ancestor)
    names: dict[str, list[str]] = {}
    for name, code in conn.execute("SELECT name, code FROM sector_names ORDER BY name, code"):
        names.setdefault(name, []).append(code)
    return classes, mapping, ancestors, names


def resolve_sector(conn: Conn, text: str) -> SectorMatch:
    """The written sectors ``text`` stands for (see the module's rule); raises NotFound."""
    classes, mapping, ancestors, names = _tables(conn)
    key = text.strip()
    by_name = {name.lower(): code for code, (_, name) in classes.items()}
    written = {sector.lower(): sector for sector in mapping}
    written.update((s.lower(), s) for (s,) in conn.execute(
        f"SELECT DISTINCT object FROM facts WHERE {sector_fact()}"))
    if key.upper() in classes:
        asked, codes = key.upper(), [key.upper()]
    elif key.lower() in names:
        asked, codes = key.lower(), names[key.lower()]
    elif key.lower() in written:
        return SectorMatch(written[key.lower()], [], [written[key.lower()]], [])
    elif key.lower() in by_name:
        asked, codes = key, [by_name[key.lower()]]
    else:
        choices = sorted({*names, *written.values(), *classes})
        raise NotFound("sector", text, closest_names(text, choices))
    system = vocabulary.classes("class_level")
    systems = {system[classes[c][0]] for c in codes}
    counted, overlapping = [], []
    for sector, sector_codes in sorted(mapping.items()):
        relevant = [c for c in sector_codes if system[classes[c][0]] in systems]
        inside = [bool(ancestors.get(c, set()) & set(codes)) for c in relevant]
        if inside and all(inside):
            counted.append(sector)
        elif any(inside):
            overlapping.append(sector)
    return SectorMatch(asked, codes, counted, overlapping)


def sector_tree(conn: Conn) -> Result:
    """The classification as a tree: each section (SEI: the nine categories together), each
    division beneath it, each written sector beneath that, with parks, other subjects and facts."""
    classes, mapping, ancestors, _ = _tables(conn)
    who: dict[str, tuple[list[str], list[str], int]] = {}
    parks = vocabulary.terms("entity_kind", "park")
    for sector, subject, kind, facts in conn.execute(f"""
            SELECT f.object, f.subject, s.kind, count(*) FROM facts AS f
            JOIN subjects AS s ON s.subject = f.subject
            WHERE {sector_fact('f')} GROUP BY 1, 2 ORDER BY 1, 2"""):
        in_parks, others, count = who.get(sector, ([], [], 0))
        (in_parks if kind in parks else others).append(subject)
        who[sector] = (in_parks, others, count + facts)

    def top_and_division(code: str) -> tuple[str, str | None]:
        level = classes[code][0]
        if level == "sei":
            return "SEI", code
        up = sorted(ancestors[code], key=len)
        return up[0], (up[1] if len(up) > 1 else None)

    placed: dict[tuple[str, str | None], list[tuple[str, str]]] = {}
    for sector, codes in mapping.items():
        for code in codes:
            placed.setdefault(top_and_division(code), []).append((sector, code))
    rows: list[tuple[Any, ...]] = []
    tops = sorted({top for top, _ in placed}, key=lambda t: (t == "SEI", t))
    for top in tops:
        divisions = sorted({d for t, d in placed if t == top and d}, key=_code_order)
        top_name = "Strategic emerging industries (NBS 2018)" if top == "SEI" else classes[top][1]
        rows.append(_class_row(top, None, top_name, placed, top, None, who))
        for sector, code in sorted(placed.get((top, None), [])):
            rows.append(_sector_row(sector, code, who))
        for division in divisions:
            rows.append(_class_row(top, division, classes[division][1], placed, top, division,
                                   who))
            for sector, code in sorted(placed[top, division]):
                rows.append(_sector_row(sector, code, who))
    return Result(["section", "division", "code", "name", "parks", "others", "facts"], rows,
                  title="Sectors by class (GB/T 4754-2017 section > division > written sector)",
                  lists={"parks": "; ", "others": "; "})


def _code_order(code: str) -> tuple[int, str]:
    return (len(code), code) if not code.startswith("SEI") else (0, code)


def _class_row(top: str, division: str | None, name: str,
               placed: dict[tuple[str, str | None], list[tuple[str, str]]], at_top: str,
               at_division: str | None,
               who: dict[str, tuple[list[str], list[str], int]]) -> tuple[Any, ...]:
    """A section or division row: its name and the facts of the written sectors beneath it."""
    beneath = {s for (t, d), items in placed.items() if t == at_top
               and (at_division is None or d == at_division) for s, _ in items}
    facts = sum(who.get(s, ([], [], 0))[2] for s in beneath)
    return (top if division is None else None, division, division or top, name, None, None,
            facts)


def _sector_row(sector: str, code: str,
                who: dict[str, tuple[list[str], list[str], int]]) -> tuple[Any, ...]:
    in_parks, others, facts = who.get(sector, ([], [], 0))
    return (None, None, code, sector, "; ".join(in_parks) or None, "; ".join(others) or None,
            facts)


# Each written sector with its classes, parks, other subjects and fact count (sectors --flat;
# parkdb serve's canned query). Vocabulary placeholders are filled by vocabulary.expand.
SECTORS_SQL = f"""
        SELECT f.object AS sector,
               (SELECT group_concat(code, '; ') FROM (SELECT code FROM sector_classes
                    WHERE sector = f.object ORDER BY code)) AS classes,
               (SELECT group_concat(subject, '; ') FROM (SELECT DISTINCT p.subject
                    FROM facts AS p JOIN subjects AS ps ON ps.subject = p.subject
                    WHERE {sector_fact('p')} AND p.object = f.object
                      AND ps.kind IN ({{entity_kind.park}}) ORDER BY p.rowid)) AS parks,
               (SELECT group_concat(subject, '; ') FROM (SELECT DISTINCT o.subject
                    FROM facts AS o JOIN subjects AS os ON os.subject = o.subject
                    WHERE {sector_fact('o')} AND o.object = f.object
                      AND os.kind NOT IN ({{entity_kind.park}}) ORDER BY o.rowid)) AS others,
               count(*) AS facts
        FROM facts AS f JOIN subjects AS s ON s.subject = f.subject
        WHERE {sector_fact('f')}
        GROUP BY f.object ORDER BY facts DESC, sector"""


def sectors_flat(conn: Conn) -> Result:
    """Each written sector with its classes, the parks (and other subjects) said to work in it,
    and its fact count."""
    from ..render.result import from_query

    return from_query(conn, vocabulary.expand(SECTORS_SQL), title="Sectors", chart="facts",
                       label="sector", lists={"parks": "; ", "others": "; ", "classes": "; "})
