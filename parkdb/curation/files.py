"""Where curation writes, and how: the data and seeds directories, never an installed package's,
and whole-file replaces that keep every byte not added.

Invariant: a curated file is only ever replaced by a complete new copy renamed over it.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

from .. import resources
from ..errors import ParkdbError


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


def appended(path: Path, rows: list[dict[str, str]]) -> bytes:
    """The bytes of CSV file ``path`` with ``rows`` added in its header's column order and line
    ending; raises ParkdbError if a row has a value for a column the header lacks."""
    try:
        old = path.read_bytes()
    except OSError as exc:
        raise ParkdbError(f"{path}: cannot read: {exc.strerror}") from exc
    first = old.split(b"\n", 1)[0]
    header = next(csv.reader([first.decode("utf-8-sig").rstrip("\r")]), [])
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
    lead = ending.encode() if old and not old.endswith(b"\n") else b""
    return old + lead + buffer.getvalue().encode("utf-8")


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` into a new file beside ``path`` and rename it over ``path``, durably (over
    the file a symbolic link points to, never over the link)."""
    path = Path(os.path.realpath(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, os.stat(path).st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
