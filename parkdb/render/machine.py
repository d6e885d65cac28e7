"""Machine formats: CSV, TSV, JSON and JSON Lines, written row by row as the rows come.

They keep every column and print plain values: numbers as numbers, no thousands separators, blobs
as hex, highlight marks kept as « »; in JSON, list-valued columns (``Result.lists``) are arrays,
and infinity (which JSON cannot hold) is null. CSV and TSV meant for a spreadsheet escape text that
would start a formula (``formula_safe``, OWASP's advice on CSV injection).
"""

from __future__ import annotations

import csv
import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TextIO

from ..values import whole_number
from .registry import Screen, blob, is_page, plain, render, renderer
from .result import Page, Result

# A text cell starting with one of these is a formula to a spreadsheet (OWASP, CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(text: str) -> str:
    """``text`` as a spreadsheet shows it and never runs it: a leading ' when it would start a
    formula (OWASP's advice on CSV injection), unless it is made of digits, signs, points and
    exponents only (-5, +1.5e3, -2+3): numbers, or arithmetic on them, which can call nothing."""
    if text.startswith(_FORMULA_STARTS) and not (set(text) <= _NUMBER_CHARACTERS
                                                  and any(c.isdigit() for c in text)):
        return "'" + text
    return text


_NUMBER_CHARACTERS = frozenset("0123456789.+-eE")


def flat_cells(row: Sequence[Any], safe: bool) -> list[Any]:
    """A row's values for CSV and TSV: numbers plain, blobs as hex, NULL as nothing, and with
    ``safe`` text that would start a formula escaped."""
    out = list(row)
    for i, value in enumerate(row):
        kind = type(value)
        if kind is str:
            if safe and value.startswith(_FORMULA_STARTS):
                out[i] = formula_safe(value)
        elif kind is float:
            out[i] = plain(value)
        elif kind is bytes:
            out[i] = blob(value)
        elif value is None:
            out[i] = ""
    return out


def _flat_items(result: Result, row: Sequence[Any]) -> Sequence[Any]:
    """A row with its list columns joined by their separators (a Python list or JSON array)."""
    if not result.lists or not any(isinstance(v, list | tuple) for v in row):
        return row
    return [result.lists.get(c, "; ").join(map(str, v)) if isinstance(v, list | tuple) else v
            for c, v in zip(result.columns, row, strict=True)]


def _bom(stream: TextIO, screen: Screen) -> None:
    if screen.bom:
        stream.write("\ufeff")


# Values the csv module would write otherwise than parkdb does (None it writes as nothing).
_CONVERTED = frozenset({float, bytes, list, tuple})


def _csv_rows(result: Result, safe: bool) -> Iterator[Sequence[Any]]:
    """The rows as the csv module should write them; a row of only text, integers and NULL (most
    rows) goes through untouched, found by a test that runs in C, not per value in Python."""
    for row in result.stream():
        if safe or not _CONVERTED.isdisjoint(map(type, row)):
            yield flat_cells(_flat_items(result, row), safe)
        else:
            yield row


@renderer("csv")
def render_csv(result: Result, stream: TextIO, screen: Screen) -> None:
    """Comma-separated values with a header row (RFC 4180 quoting), written as rows come."""
    _bom(stream, screen)
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(flat_cells(result.columns, screen.safe))
    writer.writerows(_csv_rows(result, screen.safe))


# Backslash first, so that the escapes added after it are not escaped again.
_TSV_ESCAPES = (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r"))


def tsv_field(value: Any, safe: bool = False) -> str:
    """A TSV field: tab, newline, carriage return and backslash written as \\t \\n \\r \\\\
    (with ``safe``, a formula escaped first)."""
    text = str(flat_cells([value], safe)[0])
    for raw, escaped in _TSV_ESCAPES:
        text = text.replace(raw, escaped)
    return text


@renderer("tsv")
def render_tsv(result: Result, stream: TextIO, screen: Screen) -> None:
    """Tab-separated values with a header row; no field holds a raw tab or line break."""
    _bom(stream, screen)
    for row in itertools.chain([result.columns], result.stream()):
        stream.write("\t".join(tsv_field(v, screen.safe) for v in _flat_items(result, row))
                     + "\n")


def _list_item(text: str) -> Any:
    number = whole_number(text)
    return text if number is None else number


def _json_value(value: Any) -> Any:
    """A value JSON can hold: numbers plain, blobs as hex, infinity and NaN as null."""
    kind = type(value)
    if kind is float:
        return plain(value) if math.isfinite(value) else None
    if kind is bytes:
        return blob(value)
    return value


def _json_records(result: Result) -> Iterator[dict[str, Any]]:
    """The rows as JSON-ready dicts, as they come: list-valued columns as arrays."""
    lists = [result.lists.get(column) for column in result.columns]
    columns = result.columns
    for row in result.stream():
        record = {}
        for column, separator, value in zip(columns, lists, row, strict=True):
            if separator is None:
                record[column] = _json_value(value)
            elif isinstance(value, list | tuple):
                record[column] = [_json_value(v) for v in value]
            else:
                parts = str(value).split(separator) if value not in (None, "") else []
                record[column] = [_list_item(p.strip()) for p in parts if p.strip()]
        yield record


def json_rows(result: Result) -> list[dict[str, Any]]:
    """The rows as JSON-ready dicts: numbers as numbers, list-valued columns as arrays."""
    return list(_json_records(result))


@renderer("json")
def render_json(result: Result, stream: TextIO, screen: Screen) -> None:
    """A JSON array of objects, streamed: each object written as its row comes."""
    import json

    first = True
    for record in _json_records(result):
        stream.write("[\n  " if first else ",\n  ")
        # JSON strings hold no raw newline, so indenting every line of an object is this:
        stream.write(json.dumps(record, ensure_ascii=False, indent=2, allow_nan=False)
                     .replace("\n", "\n  "))
        first = False
    stream.write("[]\n" if first else "\n]\n")


@renderer("json", is_page)
def render_json_page(page: Page, stream: TextIO, screen: Screen) -> None:
    """A page nested: ``{about..., "sections": {title: [rows]}}``."""
    import json

    nested = {**page.about, "sections": {s.title: json_rows(s) for s in page.sections}}
    json.dump(nested, stream, ensure_ascii=False, indent=2, allow_nan=False)
    stream.write("\n")


@renderer("jsonl")
def render_jsonl(result: Result, stream: TextIO, screen: Screen) -> None:
    """One JSON object per line, each written as its row comes."""
    import json

    for record in _json_records(result):
        stream.write(json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n")


def _flat_page(fmt: str) -> Callable[[Page, TextIO, Screen], None]:
    def write(page: Page, stream: TextIO, screen: Screen) -> None:
        render(page.flat(), fmt, stream, screen)

    write.__doc__ = f"A page as one {fmt} table with a section column."
    return write


for _fmt in ("csv", "tsv", "jsonl"):
    renderer(_fmt, is_page)(_flat_page(_fmt))

