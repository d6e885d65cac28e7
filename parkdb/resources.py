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
