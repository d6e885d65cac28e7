"""Coverage: every number in an article that no fact cites, and whether CURATION.md explains it.

A number is a run of digits (with inner commas or points). It is cited when it lies inside the
quote of some fact. Numbers that are deliberately not facts (times of day, copyright years, street
numbers, repeats) are listed in ``data/CURATION.md`` in a table whose rows read
``| seed | start | text | why |``; ``parkdb check`` reports the uncited numbers that no row explains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_NUMBER = re.compile(r"[0-9](?:[0-9,.]*[0-9])?")
_ROW = re.compile(r"^\|\s*(?P<seed>[^|\s]+)\s*\|\s*(?P<start>\d+)\s*\|\s*(?P<text>[^|]*?)\s*\|"
                  r"\s*(?P<why>[^|]*?)\s*\|\s*$")


@dataclass(frozen=True)
class Uncited:
    """A number in an article that no fact's quote covers."""

    seed: str
    start: int
    text: str
    context: str
    why: str | None


def explanations(curation_md: Path) -> dict[tuple[str, int], tuple[str, str]]:
    """(seed, start) -> (text, why) from the uncited-numbers table of CURATION.md."""
    if not curation_md.is_file():
        return {}
    table = {}
    for line in curation_md.read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if match:
            table[(match["seed"], int(match["start"]))] = (match["text"], match["why"])
    return table


def _words_around(line: str, start: int, end: int, reach: int) -> str:
    """About ``reach`` characters of ``line`` either side of [start, end), in whole words."""
    lo = max(0, start - reach)
    while lo > 0 and not line[lo - 1].isspace():
        lo -= 1
    hi = min(len(line), end + reach)
    while hi < len(line) and not line[hi].isspace():
        hi += 1
    return line[lo:hi].strip()


def uncited_numbers(texts: dict[str, str], spans: dict[str, list[tuple[int, int]]],
                    explained: dict[tuple[str, int], tuple[str, str]]) -> list[Uncited]:
    """Every number in ``texts`` outside all quote ``spans``, with its explanation if any."""
    found = []
    for seed, text in sorted(texts.items()):
        covered = sorted(spans.get(seed, []))
        for match in _NUMBER.finditer(text):
            start, end = match.span()
            if any(lo <= start and end <= hi for lo, hi in covered):
                continue
            note = explained.get((seed, start))
            why = note[1] if note and note[0] == match.group() else None
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", end)
            line = text[line_start: line_end if line_end >= 0 else len(text)]
            snippet = _words_around(line, start - line_start, end - line_start, 40)
            found.append(Uncited(seed, start, match.group(), snippet, why))
    return found
