"""Where a build may write, and how it replaces the old database without ever losing a file.

A build writes a new database into a temporary file beside its target and renames it over the
target only when complete. Before it starts, ``check_target`` refuses every target that is not a
missing path or a database parkdb built (with ``force``, any regular SQLite file): a CSV file, an
input of the build, a directory, a device, a FIFO, a socket or a symbolic link is never touched,
and no message suggests a command that would destroy one. One build at a time writes in a directory
(``locked``, an advisory lock on the directory itself, so no lock file is left behind); under that
lock, temporary files and side directories of builds whose process is gone are removed.

Invariant: the target is either the old database, byte-identical, or the complete new one.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from .. import schema
from ..errors import ParkdbError
from ..resources import read_only_uri

PARTS_PREFIX = ".parkdb-parts-"
FULL = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)


class DiskFull(ParkdbError):
    """The disk filled up (or a file size limit was reached) while a build was writing."""


def check_target(db_path: str, inputs: Iterable[str], force: bool = False,
                 input_dirs: Iterable[str] = ()) -> None:
    """Raise ParkdbError unless ``db_path`` is a file a build may replace (or create); a path
    inside an input directory (data/, seeds/) is refused: the next build would read it."""
    where = os.path.realpath(os.path.dirname(os.path.abspath(db_path)))
    for directory in input_dirs:
        real = os.path.realpath(directory)
        if where == real or where.startswith(real + os.sep):
            raise ParkdbError(f"{db_path}: is inside {directory}, an input directory of the "
                              "build; choose a path outside it with --db")
    if os.path.islink(db_path):
        raise ParkdbError(f"{db_path}: is a symbolic link; parkdb replaces only a database file "
                          "it built (give the path of the file itself with --db)")
    try:
        info = os.stat(db_path)
    except (FileNotFoundError, NotADirectoryError):
        _check_directory(os.path.dirname(os.path.abspath(db_path)))
        return
    if stat.S_ISDIR(info.st_mode):
        raise ParkdbError(f"{db_path}: is a directory (expected a database file path)")
    if not stat.S_ISREG(info.st_mode):
        raise ParkdbError(f"{db_path}: is not a regular file (a device, FIFO or socket); parkdb "
                          "writes a database only to a new path or over a database it built")
    real = os.path.realpath(db_path)
    if any(os.path.realpath(path) == real for path in inputs):
        raise ParkdbError(f"{db_path}: is an input of this build; choose another path for the "
                          "database with --db")
    kind = _database_kind(db_path)
    if kind == "parkdb" or (kind == "sqlite" and force):
        return
    if kind == "sqlite":
        raise ParkdbError(f"{db_path}: is a SQLite database that parkdb did not build; it is "
                          "left as it is (choose another path with --db, or pass --force to "
                          "replace it)")
    raise ParkdbError(f"{db_path}: exists and is not a database (a CSV or other file); it is "
                      "left as it is (choose a new path with --db)")


def _check_directory(directory: str) -> None:
    existing = directory
    while not os.path.exists(existing):
        existing = os.path.dirname(existing)
    if not os.path.isdir(existing):
        raise ParkdbError(f"{existing}: is not a directory, so it cannot hold a database "
                          "(choose another path with --db)")


def _database_kind(path: str) -> str:
    """'parkdb' for a database parkdb built, 'sqlite' for another SQLite file, else 'other'."""
    try:
        if not schema.is_sqlite_file(path):
            return "other"
    except OSError:
        return "other"
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            identity = schema.identify(conn)
        finally:
            conn.close()
    except (sqlite3.Error, ValueError):
        return "sqlite"
    return "parkdb" if identity.is_parkdb else "sqlite"


@contextmanager
def locked(db_path: str, wait: bool) -> Iterator[None]:
    """Hold the build lock of ``db_path``'s directory; wait for it, or raise ParkdbError if it is
    held. Under the lock, what killed builds of the same database left behind is removed."""
    import fcntl

    directory, name = os.path.split(os.path.abspath(db_path))
    try:
        os.makedirs(directory, exist_ok=True)
        fd = os.open(directory, os.O_RDONLY)
    except OSError as exc:
        raise ParkdbError(f"{directory}: cannot write a database here: {exc.strerror} (choose "
                          "another path with --db)") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError as exc:
            raise ParkdbError(f"{directory}: another parkdb build is writing here; nothing was "
                              "changed (try again when it has finished)") from exc
        remove_stale(directory, name)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def temp_name(db_path: str) -> str:
    """A new, empty temporary file beside ``db_path``, named after it and this process."""
    directory, name = os.path.split(os.path.abspath(db_path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.{os.getpid()}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise ParkdbError(f"{directory}: cannot write a database here: {exc.strerror} (choose "
                          "another path with --db)") from exc
    os.close(fd)
    return tmp


def parts_dir(directory: str) -> str:
    """A new directory for a build's side databases, named after this process."""
    return tempfile.mkdtemp(prefix=f"{PARTS_PREFIX}{os.getpid()}-", dir=directory)


def remove_stale(directory: str, db_name: str) -> list[str]:
    """Remove the temporary files of builds of ``db_name`` and the side directories of builds
    whose process is gone; return their names. Only names this module makes are considered."""
    import re
    import shutil

    pattern = re.compile(rf"\.{re.escape(db_name)}\.([0-9]+)\.[a-z0-9_]{{8}}\.tmp"
                         rf"|{re.escape(PARTS_PREFIX)}([0-9]+)-[a-z0-9_]{{8}}")
    removed = []
    for entry in os.scandir(directory):
        match = pattern.fullmatch(entry.name)
        if not match:
            continue
        pid = int(match.group(1) or match.group(2))
        if pid == os.getpid() or _alive(pid):
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            os.unlink(entry.path)
        removed.append(entry.name)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def replace(tmp: str, db_path: str) -> None:
    """Make the complete temporary database the target, durably, with the old file's permissions
    (or, for a new one, those the umask allows: mkstemp makes the file private)."""
    try:
        mode = stat.S_IMODE(os.stat(db_path).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(tmp, mode)
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, db_path)
    fd = os.open(os.path.dirname(os.path.abspath(db_path)), os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def is_disk_full(exc: BaseException) -> bool:
    """True for the errors a full disk or a file size limit gives (OS and SQLite)."""
    if isinstance(exc, OSError):
        return exc.errno in FULL
    return isinstance(exc, sqlite3.Error) and any(
        words in str(exc) for words in ("disk is full", "disk I/O error", "too large"))
