"""The one CSV reader: every input file of the build is read through ``Reader``.

It owns every quirk of a CSV file: a missing or empty file, the header (unknown, duplicated, missing
or renamed columns, with the closest name suggested), a UTF-8 byte-order mark, CRLF line endings,
NUL bytes, bytes that are not UTF-8, broken quoting, oversized fields and ragged rows. Each becomes
a ``Problem`` naming file, line and column, added to the caller's ``Problems``; the reader then goes
on with the next record where it can, and stops where it cannot (bad bytes, broken quoting).

Invariant: every record it yields is a list of strings in the caller's column order (a missing
optional column reads as ""), paired with the line its record starts on, the line a message must
name. A range of bytes of a file can be read on its own (``start``, ``stop``, ``lines_before``),
which is how a large facts.csv is split between two processes.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from collections.abc import Iterator, Sequence
from typing import Any

from ..errors import Problem, Problems, did_you_mean

CHUNK = 1 << 20
Record = tuple[int, list[str]]


class Reader:
    """The records of a CSV file (or of bytes [start, stop) of it), each as (line, cells).

    With ``start`` 0 the first record is the header, checked against ``columns``; a part further
    in is read with the standard column order. Every problem goes to ``problems``. After the
    iteration, ``complete`` says whether the file was read to its end (no header problem, broken
    quoting, bad bytes or NUL stopped it); ``read`` is how many bytes were consumed so far.
    """

    def __init__(self, path: str, shown: str, columns: Sequence[str], required: Sequence[str],
                 problems: Problems, start: int = 0, stop: int | None = None,
                 lines_before: int = 0) -> None:
        self.path, self.shown, self.columns, self.required = path, shown, columns, required
        self.problems, self.start, self.stop, self.lines_before = problems, start, stop, lines_before
        self.complete = False
        self._bounded: _Bounded | None = None

    @property
    def read(self) -> int:
        """Bytes consumed so far."""
        return self._bounded.consumed if self._bounded else 0

    def __iter__(self) -> Iterator[Record]:
        path, shown, problems, start = self.path, self.shown, self.problems, self.start
        size = _size(path, shown, problems)
        if size is None:
            return
        stop = size if self.stop is None else self.stop
        nul = find_byte(path, b"\0", start, stop)
        if nul is not None:  # csv would take a NUL as text: a file saved as UTF-16 is full of them
            stop = _line_start(path, nul)
        stream = _text(path, start, stop)
        self._bounded = stream.buffer.raw  # type: ignore[attr-defined]
        reader = csv.reader(stream, strict=True)
        try:
            width = len(self.columns)
            order = list(range(width))
            line = self.lines_before + 1
            if start == 0:
                header = _header(reader, shown, problems)
                order = _order(header, self.columns, self.required, shown, problems)
                if header is None or not order:
                    return
                width = len(header)
            standard = order == list(range(width)) and width == len(self.columns)
            yield from self._rows(reader, width, order, standard)
            self.complete = nul is None
        except csv.Error as exc:
            problems.add(shown, reader.line_num + self.lines_before, "row", _csv_problem(exc))
        except UnicodeDecodeError:
            with open(path, "rb") as handle:
                handle.seek(start)
                data = handle.read(stop - start)
            problem = decode_problem(shown, data, self.lines_before)
            if problem:
                problems.extend([problem])
        finally:
            stream.close()
        if nul is not None:
            line, column = _position(path, nul)
            problems.add(shown, line, f"character {column}",
                         "NUL byte (expected text; was the file saved as UTF-16 or binary?)")

    def _rows(self, reader: Any, width: int, order: list[int], standard: bool) -> Iterator[Record]:
        shown, problems, before = self.shown, self.problems, self.lines_before
        last = reader.line_num
        rows = 0
        line = last + before
        for row in reader:
            line = last + before + 1
            last = reader.line_num
            if len(row) != width:
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue  # a blank line
                rows += 1
                problems.add(shown, line, "row",
                             f"{len(row)} fields (expected {width}, one per header column)")
                continue
            rows += 1
            yield line, (row if standard else [row[i] if i >= 0 else "" for i in order])
        if self.start == 0 and rows == 0:
            problems.add(shown, max(line + 1, 2), "row",
                         "no data rows after the header (expected at least one)")


def _size(path: str, shown: str, problems: Problems) -> int | None:
    """The file's size, or None with a problem when it is missing or no regular file (a FIFO
    would block the reader forever, a device never end)."""
    try:
        info = os.stat(path)
        if stat.S_ISREG(info.st_mode):
            return info.st_size
        problems.add(shown, 0, "file", "is not a regular file (a device, FIFO or socket; "
                     "expected a CSV file)")
    except FileNotFoundError:
        problems.add(shown, 0, "file", "file not found (expected a CSV file)")
    except OSError as exc:
        problems.add(shown, 0, "file", f"cannot read: {exc.strerror}")
    return None


def _header(reader: Any, shown: str, problems: Problems) -> list[str] | None:
    try:
        header: list[str] | None = next(reader, None)
    except csv.Error as exc:
        problems.add(shown, 1, "header", f"{exc} (expected a header row)")
        return None
    return header


def _order(header: list[str] | None, columns: Sequence[str], required: Sequence[str], shown: str,
           problems: Problems) -> list[int]:
    """For each of ``columns``, its index in the header (-1 if absent); [] if the header is bad."""
    if header is None:
        problems.add(shown, 1, "header", "file is empty (expected a header row: "
                     + ",".join(columns) + ")")
        return []
    names = [h.strip() for h in header]
    before = problems.count
    seen: set[str] = set()
    for name in names:
        if name in seen:
            problems.add(shown, 1, name, "column appears twice (expected each column once)")
        seen.add(name)
    for name in names:
        if name not in columns:
            problems.add(shown, 1, name or "(blank)", "unknown column (expected one of "
                         + ", ".join(columns) + ")" + did_you_mean(name, columns))
    for name in required:
        if name not in seen:
            problems.add(shown, 1, name, "required column is missing (expected header: "
                         + ",".join(columns) + ")")
    if problems.count > before:
        return []
    return [names.index(c) if c in seen else -1 for c in columns]


def _csv_problem(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return (f"a field is longer than {csv.field_size_limit()} characters (expected short "
                "cells; is a quote left open?)")
    return f"{exc} (expected well-formed CSV; is a quote left open?)"


def decode_problem(path: str, data: bytes, lines_before: int = 0) -> Problem | None:
    """A Problem locating the first byte of ``data`` that is not UTF-8, or None if it decodes."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1 + lines_before
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start: exc.start].decode("utf-8", "replace")) + 1
        return Problem(path, line, f"character {column}",
                       f"byte 0x{data[exc.start]:02x} is not UTF-8 (expected UTF-8 text)")
    return None


def find_byte(path: str, byte: bytes, start: int = 0, stop: int | None = None) -> int | None:
    """The offset of the first ``byte`` in [start, stop) of a file, or None."""
    with open(path, "rb") as handle:
        handle.seek(start)
        offset = start
        while stop is None or offset < stop:
            chunk = handle.read(CHUNK if stop is None else min(CHUNK, stop - offset))
            if not chunk:
                return None
            found = chunk.find(byte)
            if found >= 0:
                return offset + found
            offset += len(chunk)
    return None


def _line_start(path: str, offset: int) -> int:
    with open(path, "rb") as handle:
        head = handle.read(offset)
    return head.rfind(b"\n") + 1


def _position(path: str, offset: int) -> tuple[int, int]:
    """(line, character) of a byte offset, counting from 1."""
    with open(path, "rb") as handle:
        head = handle.read(offset)
    line_start = head.rfind(b"\n") + 1
    return head.count(b"\n") + 1, len(head[line_start:].decode("utf-8", "replace")) + 1


def _text(path: str, start: int, stop: int) -> io.TextIOWrapper:
    """The bytes [start, stop) of a file as UTF-8 text (a byte-order mark skipped at the start)."""
    raw = open(path, "rb", buffering=0)  # noqa: SIM115 - closed with the wrapper
    raw.seek(start)
    bounded = io.BufferedReader(_Bounded(raw, stop - start), buffer_size=CHUNK)
    return io.TextIOWrapper(bounded, encoding="utf-8-sig" if start == 0 else "utf-8", newline="")


class _Bounded(io.RawIOBase):
    """A raw stream that ends after ``left`` bytes of another one."""

    def __init__(self, raw: io.FileIO, left: int) -> None:
        self.raw, self.left, self.consumed = raw, left, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.left <= 0:
            return 0
        view = memoryview(buffer)
        read = self.raw.readinto(view[:min(len(view), self.left)]) or 0
        self.left -= read
        self.consumed += read
        return read

    def close(self) -> None:
        self.raw.close()
        super().close()


def has_header(path: str, columns: Sequence[str]) -> bool:
    """True if the file's first line is exactly ``columns`` (a byte-order mark allowed)."""
    with open(path, "rb") as handle:
        first = handle.readline(1 << 16)
    return first.removeprefix(b"\xef\xbb\xbf").rstrip(b"\r\n") == ",".join(columns).encode()


def split_point(path: str, size: int, window: int = CHUNK) -> tuple[int, int] | None:
    """(byte offset, lines before it) of a record boundary near the middle of a CSV file, or None.

    A newline ends a record when the double quotes before it are balanced (RFC 4180 escapes a quote
    by doubling it, so a quoted field always holds an even number). Files with bare carriage returns
    are not split, because csv counts those as line ends and the line numbers would drift.
    """
    middle = size // 2
    quotes = newlines = 0
    with open(path, "rb") as handle:
        while handle.tell() < middle:
            chunk = handle.read(min(CHUNK, middle - handle.tell()))
            if chunk.count(b"\r") != chunk.count(b"\r\n"):
                return None
            quotes += chunk.count(b'"')
            newlines += chunk.count(b"\n")
        tail = handle.read(window)
    position = 0
    while (found := tail.find(b"\n", position)) >= 0:
        quotes += tail.count(b'"', position, found)
        newlines += 1
        position = found + 1
        if quotes % 2 == 0:
            return middle + position, newlines
    return None
