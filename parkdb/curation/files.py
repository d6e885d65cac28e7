"""Where curation writes, and how: the data and seeds directories, never an installed package's;
one writer at a time; every change all-or-nothing.

Invariants:

- Every curation write holds one lock, an exclusive ``flock`` on the data directory itself (no lock
  file), from the moment it reads what it will change to the moment the change is complete. Two
  ``add`` at once, or ``add`` beside ``check --fix``, run one after the other; the lock is never
  held while a command waits for an answer.
- ``add`` changes several files (a new seed, sources.csv and facts.csv) through an undo journal:
  first ``.parkdb-journal`` in the data directory records the length of each file it appends to
  and the seed it creates, durably; then the seed is written and the rows appended; then the
  journal is removed. Any failure (Ctrl-C, a full disk, a file size limit) undoes the change at
  once; a process killed in the middle leaves the journal, and the next curation command, build or
  check undoes the change before it reads anything (``recover``), with Ctrl-C held back
  meanwhile. So the directory is always as before or complete: no orphan row, no seed without its
  row.
- A file rewritten in place (``check --fix``'s offsets) is replaced by a complete new copy renamed
  over it; the copy has a fixed name, ``.NAME.parkdb-new``, which ``recover`` removes if a killed
  process left it.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import json
import os
import signal
import stat
from collections.abc import Iterator
from pathlib import Path

from .. import resources
from ..errors import ParkdbError

JOURNAL = ".parkdb-journal"
NEW = ".parkdb-new"
# Signals that would stop a write half-way; held back while the journal is undone or completed.
_HELD = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


def homes(data_dir: Path | None, seeds_dir: Path | None) -> tuple[Path, Path]:
    """(data/, seeds/): as given, else those of PARKDB_HOME or the checkout or package."""
    _, data, seeds = resources.inputs()
    return Path(data_dir or data), Path(seeds_dir or seeds)


def writable(directory: Path) -> None:
    """Raise ParkdbError if ``directory`` is the data of an installed package."""
    if resources.installed(directory):
        raise ParkdbError(f"{directory}: is the data installed with parkdb, which curation never "
                          "changes; work on a copy (set PARKDB_HOME=DIR to a directory holding "
                          "schema.sql, data/ and seeds/, or give --data and --seeds)")


@contextlib.contextmanager
def curation_lock(data_dir: Path) -> Iterator[None]:
    """Hold the data directory's curation lock (waiting for another writer to finish), after
    undoing what a killed writer left; raises ParkdbError if the directory cannot be opened."""
    import fcntl

    try:
        fd = os.open(data_dir, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise ParkdbError(f"{data_dir}: cannot open the data directory: {exc.strerror}") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        _undo(data_dir)
        yield
    finally:
        os.close(fd)  # releases the lock


def recover(data_dir: Path) -> None:
    """Undo a curation write that a killed process left half-done, if any (under the lock)."""
    if (data_dir / JOURNAL).exists() or _leftovers(data_dir):
        with curation_lock(data_dir):
            pass


def _leftovers(directory: Path) -> list[Path]:
    try:
        return [directory / n for n in os.listdir(directory) if n.startswith(".") and n.endswith(NEW)]
    except OSError:
        return []


def _undo(data_dir: Path) -> None:
    """Put back what the journal recorded: truncate the appended files, remove the new seed."""
    for leftover in _leftovers(data_dir):
        leftover.unlink(missing_ok=True)
    journal = data_dir / JOURNAL
    try:
        record = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return
    except (ValueError, OSError):  # torn while written: nothing was changed after it yet
        record = {"lengths": {}, "seed": None}
    with _held():
        for name, length in record["lengths"].items():
            with open(data_dir / name, "r+b") as handle:
                if os.fstat(handle.fileno()).st_size > length:
                    handle.truncate(length)
                    os.fsync(handle.fileno())
        # The seed did not exist when the journal was written (it is created O_EXCL under the
        # lock), so whatever is there now, whole or partial, is this write's.
        seed = record["seed"]
        if seed and os.path.lexists(seed):
            os.unlink(seed)
            _sync_directory(os.path.dirname(seed))
        journal.unlink()
        _sync_directory(data_dir)


@contextlib.contextmanager
def _held() -> Iterator[None]:
    """Hold back Ctrl-C and termination signals until the block is done (then they act)."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _sync_directory(directory: str | Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def csv_lines(path: Path, rows: list[dict[str, str]]) -> bytes:
    """The bytes to append to CSV file ``path`` for ``rows``, in its header's column order and
    line ending (with a line end first if the file lacks its last one); raises ParkdbError if a
    row has a value for a column the header lacks."""
    try:
        with open(path, "rb") as handle:
            first = handle.readline(1 << 16).rstrip(b"\n")
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            if size:
                handle.seek(size - 1)
            last = handle.read(1)
    except OSError as exc:
        raise ParkdbError(f"{path}: cannot read: {exc.strerror}") from exc
    header = next(csv.reader([first.decode("utf-8-sig", "replace").rstrip("\r")]), [])
    header = [h.strip() for h in header]
    for row in rows:
        missing = [c for c, v in row.items() if v and c not in header]
        if missing:
            raise ParkdbError(f"{path}: has no column {', '.join(missing)} (add it to the header "
                              "line, with a comma for it on every row); nothing was added")
    ending = "\r\n" if first.endswith(b"\r") else "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=ending)
    writer.writerows([[row.get(c, "") for c in header] for row in rows])
    lead = ending if size and last != b"\n" else ""
    return (lead + buffer.getvalue()).encode("utf-8")


def append_together(data_dir: Path, appends: dict[str, bytes], seed: Path | None = None,
                    data: bytes = b"") -> None:
    """Append ``appends`` (file name in ``data_dir`` -> bytes) and create ``seed`` (if given)
    holding ``data``, all or nothing, through the journal; call it holding ``curation_lock``. Raises
    ParkdbError (the directory as before) on a full disk or size limit."""
    lengths = {name: os.stat(data_dir / name).st_size for name in appends}
    if seed is not None and os.path.lexists(seed):
        raise ParkdbError(f"{seed}: exists already; nothing was added")
    record = {"lengths": lengths, "seed": os.path.abspath(seed) if seed is not None else None}
    writing = data_dir / JOURNAL
    try:
        _write_new(writing, json.dumps(record).encode())
        _sync_directory(data_dir)
        if seed is not None:
            writing = seed
            _write_new(seed, data)
            _sync_directory(seed.parent)
        for name, added in appends.items():
            writing = data_dir / name
            with open(writing, "ab") as handle:
                handle.write(added)
                handle.flush()
                os.fsync(handle.fileno())
        (data_dir / JOURNAL).unlink()
        _sync_directory(data_dir)
    except BaseException as exc:  # Ctrl-C too: undone at once, then it stops the command
        if (data_dir / JOURNAL).exists():
            _undo(data_dir)
        if isinstance(exc, FileExistsError):
            raise ParkdbError(f"{exc.filename}: exists already; nothing was added") from None
        if isinstance(exc, OSError):
            raise _write_error(exc, writing, "nothing was added") from exc
        raise


def _write_new(path: Path, data: bytes) -> None:
    """Create ``path`` (never over an existing file) holding ``data``, durably."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        os.unlink(path)
        raise


def _write_error(exc: OSError, path: Path, outcome: str) -> ParkdbError:
    if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return ParkdbError(f"{path}: the disk is full (or a file size limit was reached); "
                           f"{outcome}")
    return ParkdbError(f"{path}: cannot write: {exc.strerror}; {outcome}")


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` into ``.NAME.parkdb-new`` beside ``path`` and rename it over ``path``,
    durably (over the file a symbolic link points to, never over the link); call it holding
    ``curation_lock``. Raises ParkdbError (the file as before) on a full disk or size limit."""
    path = Path(os.path.realpath(path))
    staged = path.parent / f".{path.name}{NEW}"
    staged.unlink(missing_ok=True)
    try:
        _write_new(staged, data)
        os.chmod(staged, stat.S_IMODE(os.stat(path).st_mode))
        os.replace(staged, path)
    except BaseException as exc:
        staged.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _write_error(exc, path, f"{path.name} is as it was") from exc
        raise
