"""Where the bundled fact base is: schema.sql, data/ and seeds/.

The rule: an installed wheel carries them inside the package, in ``parkdb/_bundled/``; a source
checkout (or an editable install) has them at the top of the repository, next to ``parkdb/``.
``PARKDB_HOME`` overrides both and names a directory holding all three.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import ParkdbError

_PACKAGE = Path(__file__).resolve().parent


def bundled_root() -> Path:
    """The directory holding schema.sql, data/ and seeds/; raises ParkdbError if there is none."""
    override = os.environ.get("PARKDB_HOME")
    candidates = [Path(override)] if override else [_PACKAGE / "_bundled", _PACKAGE.parent]
    for root in candidates:
        if (root / "schema.sql").is_file():
            return root
    where = ", ".join(str(c) for c in candidates)
    raise ParkdbError(f"cannot find schema.sql in {where} (is parkdb installed completely?)")


def schema_path() -> Path:
    """Path of the bundled schema.sql."""
    return bundled_root() / "schema.sql"


def data_dir() -> Path:
    """Path of the bundled data/ directory."""
    return bundled_root() / "data"


def seeds_dir() -> Path:
    """Path of the bundled seeds/ directory."""
    return bundled_root() / "seeds"


def _inputs(schema: Path, data: Path, seeds: Path) -> list[Path]:
    files = [schema, *sorted(data.glob("*.csv"))]
    if seeds.is_dir():
        files += seed_files(seeds)
    return files


def seed_files(seeds_dir: Path) -> list[Path]:
    """The seed files in a directory, sorted by name (hidden files are ignored)."""
    # scandir and plain names: sorting Path objects and stat-ing each costs seconds at 100k files.
    with os.scandir(seeds_dir) as entries:
        names = sorted(e.name for e in entries if e.is_file() and not e.name.startswith("."))
    return [seeds_dir / name for name in names]


def content_hash(schema: Path, data: Path, seeds: Path) -> str:
    """sha256 over the schema, the data files and the seeds: changes whenever any of them does."""
    import hashlib

    digest = hashlib.sha256()
    for path in _inputs(schema, data, seeds):
        digest.update(path.name.encode() + b"\0")
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()


def fingerprint(schema: Path, data: Path, seeds: Path) -> str:
    """Names, sizes and modification times of the inputs: a cheap first test of freshness.

    When it matches the database's, nothing was touched since the build; when it does not, the
    content hash decides (a file touched but unchanged does not force a rebuild).
    """
    parts = []
    for path in _inputs(schema, data, seeds):
        stat = path.stat()
        parts.append(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return ";".join(parts)
