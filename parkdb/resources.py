"""Where the bundled fact base is: schema.sql, data/ and seeds/.

The rule: an installed wheel carries them inside the package, in ``parkdb/_bundled/``; a source
checkout (or an editable install) has them at the top of the repository, next to ``parkdb/``.
``PARKDB_HOME`` overrides both and names a directory holding all three.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Union

from .errors import ParkdbError

if TYPE_CHECKING:
    from pathlib import Path

# Queries find their files through the str-based functions here (root, inputs, fingerprint), so
# that a query's start-up does not import pathlib; the loader uses the Path-returning ones.
StrPath = Union[str, "os.PathLike[str]"]
_PACKAGE = os.path.dirname(os.path.realpath(__file__))


def root() -> str:
    """The directory holding schema.sql, data/ and seeds/; raises ParkdbError if there is none."""
    override = os.environ.get("PARKDB_HOME")
    candidates = [override] if override else [os.path.join(_PACKAGE, "_bundled"),
                                               os.path.dirname(_PACKAGE)]
    for candidate in candidates:
        if os.path.isfile(os.path.join(candidate, "schema.sql")):
            return candidate
    where = ", ".join(candidates)
    raise ParkdbError(f"cannot find schema.sql in {where} (is parkdb installed completely?)")


def installed(path: StrPath) -> bool:
    """True if ``path`` lies in the data installed with the package (never to be changed)."""
    real = os.path.realpath(path)
    bundled = os.path.join(_PACKAGE, "_bundled")
    parts = real.split(os.sep)
    return (real == bundled or real.startswith(bundled + os.sep)
            or "site-packages" in parts or "dist-packages" in parts)


def inputs() -> tuple[str, str, str]:
    """(schema.sql, data/, seeds/) of the bundled fact base, as strings."""
    base = root()
    return (os.path.join(base, "schema.sql"), os.path.join(base, "data"),
            os.path.join(base, "seeds"))


def bundled_root() -> Path:
    """The directory holding schema.sql, data/ and seeds/; raises ParkdbError if there is none."""
    from pathlib import Path

    return Path(root())


def schema_path() -> Path:
    """Path of the bundled schema.sql."""
    return bundled_root() / "schema.sql"


def data_dir() -> Path:
    """Path of the bundled data/ directory."""
    return bundled_root() / "data"


def display_path(path: Path) -> str:
    """A path as messages show it: relative to the bundled root or the working directory."""
    for base in (root, os.getcwd):
        try:
            relative = os.path.relpath(os.path.realpath(path), os.path.realpath(base()))
        except (ValueError, ParkdbError):
            continue
        if not relative.startswith(".."):
            return relative
    return str(path)


def read_only_uri(path: StrPath) -> str:
    """The SQLite URI that opens ``path`` read-only; characters a URI gives a meaning to (%, #, ?)
    are escaped, so that a path holding them names that file and no other."""
    text = os.fspath(path)
    for char, escaped in (("%", "%25"), ("#", "%23"), ("?", "%3F")):
        text = text.replace(char, escaped)
    return f"file:{text}?mode=ro"


def default_db_file() -> str:
    """The database used when neither --db nor PARKDB_DB is given: parkdb.db in the user's cache.

    ``XDG_CACHE_HOME`` counts only when it is an absolute path, as the XDG specification says.
    """
    cache = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(cache):
        cache = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(cache, "parkdb", "parkdb.db")


def file_names(directory: StrPath, suffix: str = "") -> list[str]:
    """Names of the files in a directory ending in ``suffix``, sorted (hidden files ignored)."""
    # scandir and plain names: sorting Path objects and stat-ing each costs seconds at 100k files.
    with os.scandir(directory) as entries:
        return sorted(e.name for e in entries
                      if e.is_file() and e.name.endswith(suffix) and not e.name.startswith("."))


def input_files(schema: StrPath, data: StrPath, seeds: StrPath) -> list[str]:
    """schema.sql, the CSV files of data/ and the seed files, as paths."""
    files = [os.fspath(schema), *(os.path.join(data, n) for n in file_names(data, ".csv"))]
    if os.path.isdir(seeds):
        files += [os.path.join(seeds, n) for n in file_names(seeds)]
    return files


def content_hash(schema: StrPath, data: StrPath, seeds: StrPath,
                 seed_digests: dict[str, str] | None = None) -> str:
    """sha256 over the name and sha256 of each input (the schema, the data files, the seeds):
    changes whenever any of them does. ``seed_digests`` (seed name -> sha256) are the seeds'
    digests when the caller has just computed them (a build), so that no seed is read again."""
    import hashlib

    known = seed_digests or {}
    seeds_dir = os.fspath(seeds)
    digest = hashlib.sha256()
    for path in input_files(schema, data, seeds):
        name = os.path.basename(path)
        own = known.get(name) if os.path.dirname(path) == seeds_dir else None
        if own is None:
            file_digest = hashlib.sha256()
            with open(path, "rb") as handle:
                while chunk := handle.read(1 << 20):
                    file_digest.update(chunk)
            own = file_digest.hexdigest()
        digest.update(f"{name}\0{own}\n".encode())
    return digest.hexdigest()


def fingerprint(schema: StrPath, data: StrPath, seeds: StrPath) -> str:
    """Names, sizes and modification times of the inputs: a cheap first test of freshness.

    When it matches the database's, nothing was touched since the build; when it does not, the
    content hash decides (a file touched but unchanged does not force a rebuild).
    """
    parts = []
    for path in input_files(schema, data, seeds):
        stat = os.stat(path)
        parts.append(f"{os.path.basename(path)}:{stat.st_size}:{stat.st_mtime_ns}")
    return ";".join(parts)
