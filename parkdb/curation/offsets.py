"""Offsets written back: the start and end the rule book located for quotes left blank.

Invariant: facts.csv changes only in the blank start/end fields filled; every other byte stays.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..build.reader import Reader
from ..build.reference import Reference, read_reference
from ..build.rules import FactRules
from ..errors import Problems
from ..vocabulary import FACT_COLUMNS, REQUIRED_FACT_COLUMNS
from .files import curation_lock, replace_file, writable


def fix_offsets(data_dir: Path, seeds_dir: Path, ref: Reference | None = None) -> int:
    """Write into facts.csv the offsets located for quotes whose start and end are blank; return
    how many facts got them. No other byte changes. Reads and writes under the curation lock, so
    that no row another writer adds meanwhile is lost. ``ref``: the reference tables of
    ``data_dir`` and ``seeds_dir``, when the caller has read them."""
    writable(data_dir)
    with curation_lock(data_dir):
        return _fix(data_dir, seeds_dir, ref)


def _fix(data_dir: Path, seeds_dir: Path, ref: Reference | None) -> int:
    path = data_dir / "facts.csv"
    problems = Problems()
    if ref is None:
        ref = read_reference(data_dir, seeds_dir, problems)
    else:
        problems.extend(ref.problems)
    rules = FactRules(ref)
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
