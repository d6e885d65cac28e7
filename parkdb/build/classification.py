"""The curated groupings: industry classes, written sectors' classes, analysts' short names for
classes, and economic regions as groups of administrative regions.

``read_classification`` reads data/industry_classes.csv, sectors.csv, sector_names.csv and
region_groups.csv through the one CSV reader (reference.rows) and judges each row by the rules
written here once, every problem as file:line: column: what, expected what. A file that is absent
are empty tables when none of them is there (a data directory from before them); then sector facts
are not checked against sectors.csv. When one is there, all four must be.

Invariant: every code in sectors.csv and sector_names.csv is in industry_classes.csv; every code's
form fits its level (``CODE_DIGITS``) and its parent (the longest proper prefix that is a code) is
there too; every group and member of region_groups.csv is a region of the gazetteer, and no group
contains itself.
"""

from __future__ import annotations

from pathlib import Path

from .. import vocabulary
from ..errors import Problems, did_you_mean, shorten
from .reference import Reference, rows

CLASS_COLUMNS = ("code", "level", "name_en", "name_zh")
SECTOR_COLUMNS = ("sector", "code", "match", "note")
NAME_COLUMNS = ("name", "codes", "note")
GROUP_COLUMNS = ("group", "member", "note")
FILES = ("industry_classes.csv", "sectors.csv", "sector_names.csv", "region_groups.csv")
# A GB/T 4754 code is one capital letter and this many digits for its level; an SEI category is
# "SEI" and one digit.
CODE_DIGITS = {"section": 0, "division": 2, "group": 3, "class": 4}


class Classification:
    """The four tables as judged, ready for the store."""

    __slots__ = ("classes", "sectors", "names", "groups")

    def __init__(self) -> None:
        self.classes: dict[str, tuple[str, str | None, str, str | None]] = {}  # code -> row
        self.sectors: list[tuple[str, str, str, str | None]] = []
        self.names: list[tuple[str, str, str | None]] = []
        self.groups: list[tuple[str, str, str | None]] = []

    def class_rows(self) -> list[tuple[str, str, str | None, str, str | None]]:
        """(code, level, parent, name_en, name_zh) of every class."""
        return [(code, *row) for code, row in self.classes.items()]


def _code_fits(code: str, level: str) -> bool:
    if level == "sei":
        return len(code) == 4 and code.startswith("SEI") and code[3].isdigit()
    digits = CODE_DIGITS.get(level)
    return (digits is not None and len(code) == digits + 1 and "A" <= code[0] <= "Z"
            and (code[1:].isdigit() or not digits) and code.isascii())


def parent_code(code: str, level: str) -> str | None:
    """The code one level up (``C1433`` -> ``C143``, ``C14`` -> ``C``); None for a section or an
    SEI category."""
    if level in ("section", "sei"):
        return None
    return code[:1] if level == "division" else code[:-1]


def read_classification(data_dir: Path, ref: Reference, problems: Problems) -> Classification:
    """Read and judge the four tables; also sets ``ref.sectors`` (the mapped written sectors) when
    sectors.csv exists, so that a sector fact without a mapping is refused."""
    out = Classification()
    if not any((data_dir / name).exists() for name in FILES):
        return out  # a data directory from before the classification: nothing to read
    _classes(data_dir / "industry_classes.csv", out, problems)
    path = data_dir / "sectors.csv"
    mapped: set[str] = set()
    matches = vocabulary.terms("match")
    seen: dict[tuple[str, str], int] = {}
    for shown, line, row in rows(path, SECTOR_COLUMNS, SECTOR_COLUMNS[:3], problems):
        sector, code, match = row["sector"], row["code"], row["match"]
        if not sector:
            problems.add(shown, line, "sector", "blank (expected a sector as the facts write it)")
            continue
        if (sector, code) in seen:
            problems.add(shown, line, "code", f"{sector!r} -> {code!r} again (first on line "
                         f"{seen[sector, code]})")
            continue
        seen[sector, code] = line
        mapped.add(sector)
        ok = _known_code(shown, line, "code", code, out, problems)
        if match not in matches:
            problems.add(shown, line, "match", f"{shorten(match)!r} is not a match grade "
                         "(expected one of " + ", ".join(matches) + ")")
            ok = False
        elif match == "inferred" and not row["note"]:
            problems.add(shown, line, "note", "blank (expected the reasoning of an inferred "
                         "match)")
            ok = False
        if ok:
            out.sectors.append((sector, code, match, row["note"] or None))
    ref.sectors = frozenset(mapped)
    _names(data_dir / "sector_names.csv", out, problems)
    _groups(data_dir / "region_groups.csv", ref, out, problems)
    return out


def _known_code(shown: str, line: int, column: str, code: str, out: Classification,
                problems: Problems) -> bool:
    if code in out.classes:
        return True
    problems.add(shown, line, column, f"unknown class {shorten(code)!r} (expected a code of "
                 "industry_classes.csv)" + did_you_mean(code, out.classes))
    return False


def _classes(path: Path, out: Classification, problems: Problems) -> None:
    levels = vocabulary.terms("class_level")
    lines: dict[str, tuple[str, int]] = {}
    for shown, line, row in rows(path, CLASS_COLUMNS, CLASS_COLUMNS[:3], problems):
        code, level = row["code"], row["level"]
        if code in out.classes:
            problems.add(shown, line, "code", f"duplicate code {shorten(code)!r} (first on line "
                         f"{lines[code][1]})")
        elif level not in levels:
            problems.add(shown, line, "level", f"unknown level {shorten(level)!r} (expected one "
                         "of " + ", ".join(levels) + ")")
        elif not _code_fits(code, level):
            problems.add(shown, line, "code", f"{shorten(code)!r} is not a {level} code "
                         "(expected e.g. " + vocabulary_example(level) + ")")
        elif not row["name_en"]:
            problems.add(shown, line, "name_en", "blank (expected the class's English name)")
        else:
            out.classes[code] = (level, None, row["name_en"], row["name_zh"] or None)
            lines[code] = (shown, line)
    for code, (level, _, name_en, name_zh) in list(out.classes.items()):
        parent = parent_code(code, level)
        if parent is not None and parent not in out.classes:
            shown, line = lines[code]
            problems.add(shown, line, "code", f"the parent {parent!r} of {code!r} is not in this "
                         "file (expected every ancestor of a code used)")
            parent = None
        out.classes[code] = (level, parent, name_en, name_zh)


def vocabulary_example(level: str) -> str:
    """The example code the vocabulary gives for a class level."""
    for term in vocabulary.all_terms():
        if term.kind == "class_level" and term.term == level:
            return term.meaning.rsplit("(", 1)[-1].rstrip(")")
    return "C27"


def _names(path: Path, out: Classification, problems: Problems) -> None:
    seen: dict[str, int] = {}
    for shown, line, row in rows(path, NAME_COLUMNS, NAME_COLUMNS[:2], problems):
        name = row["name"].strip().lower()
        if not name:
            problems.add(shown, line, "name", "blank (expected a short name)")
            continue
        if name in seen:
            problems.add(shown, line, "name", f"duplicate name {name!r} (first on line "
                         f"{seen[name]})")
            continue
        seen[name] = line
        codes = [c.strip() for c in row["codes"].split(";") if c.strip()]
        if not codes:
            problems.add(shown, line, "codes", "blank (expected codes separated by ';')")
        if all([_known_code(shown, line, "codes", c, out, problems) for c in codes]):
            out.names += [(name, code, row["note"] or None) for code in codes]


def _groups(path: Path, ref: Reference, out: Classification, problems: Problems) -> None:
    seen: set[tuple[str, str]] = set()
    for shown, line, row in rows(path, GROUP_COLUMNS, GROUP_COLUMNS[:2], problems):
        group, member = row["group"], row["member"]
        ok = True
        for column, name in (("group", group), ("member", member)):
            if name not in ref.regions:
                problems.add(shown, line, column, f"unknown region {shorten(name)!r} (expected "
                             "a name in regions.csv)" + did_you_mean(name, ref.regions))
                ok = False
        if ok and group == member:
            problems.add(shown, line, "member", f"{member!r} is the group itself (expected a "
                         "region inside it)")
        elif ok and (group, member) in seen:
            problems.add(shown, line, "member", f"{member!r} is listed twice in {group!r}")
        elif ok and _contains(ref, out.groups, member, group):
            problems.add(shown, line, "member", f"{member!r} already contains {group!r} "
                         "(expected groups that do not contain themselves)")
        elif ok:
            seen.add((group, member))
            out.groups.append((group, member, row["note"] or None))


def _contains(ref: Reference, groups: list[tuple[str, str, str | None]], outer: str,
              inner: str) -> bool:
    """Whether ``inner`` lies inside ``outer`` through the gazetteer or the groups so far."""
    todo, seen = [inner], set()
    while todo:
        node = todo.pop()
        if node == outer:
            return True
        if node in seen:
            continue
        seen.add(node)
        parent = ref.regions.get(node, {}).get("parent")
        if parent:
            todo.append(parent)
        todo += [g for g, m, _ in groups if m == node]
    return False
