"""The fair floor of a build: what the sqlite3 shell alone takes to build the same tables, indexes
and full-text index that schema.sql builds, from the same files, with no validation at all.

The script is written from schema.sql (with its vocabulary placeholders filled, as parkdb reads
it), not copied by hand: its table part (all but the facts table, which the shell's .import creates
from the CSV header, as the bare reference does), the small tables' rows as INSERTs, .import of
facts.csv and of the articles' paragraphs (written to a CSV beforehand, outside the timing), then
schema.sql's post-load part (indexes, derived tables, views) and its search part (FTS5).

    python bench/floor.py bench/work/n100000   # writes floor.sql there and prints the command
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from parkdb import schema  # noqa: E402
from parkdb.seeds import paragraphs  # noqa: E402

SMALL_TABLES = {  # file -> (table, the columns it fills, in the table's order)
    "regions.csv": ("regions", ["name", "level", "parent", "code", "aliases"]),
    "entities.csv": ("entities", ["name", "kind", "aliases", "", "", ""]),
    "fx_rates.csv": ("fx_rates", ["year", "cny_per_usd", "source"]),
}


def _literal(value: str) -> str:
    return "NULL" if value == "" else "'" + value.replace("'", "''") + "'"


def floor_script(corpus: Path) -> Path:
    """Write ``corpus``/floor.sql (and the paragraphs CSV it imports); return the script's path."""
    sch = schema.read_schema(ROOT / "schema.sql")
    tables = re.sub(r"CREATE TABLE facts \(.*?\) STRICT;", "", sch.tables, flags=re.S)
    passages = corpus / "passages.csv"
    with open(passages, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["passage_id", "seed", "start", "end", "text"])
        number = 0
        for seed in sorted((corpus / "seeds").iterdir()):
            for start, end, text in paragraphs(seed.read_text(encoding="utf-8")):
                number += 1
                writer.writerow([number, seed.name, start, end, text])
    lines = ["PRAGMA journal_mode = OFF;", "PRAGMA synchronous = OFF;", tables, "BEGIN;"]
    for name, (table, columns) in SMALL_TABLES.items():
        with open(corpus / "data" / name, newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                values = ", ".join(_literal(row[c]) if c else "NULL" for c in columns)
                lines.append(f"INSERT INTO {table} VALUES ({values});")
    lines += ["COMMIT;", ".mode csv", f".import {corpus / 'data' / 'facts.csv'} facts",
              f".import --skip 1 {passages} passages", sch.post_load, sch.search]
    script = corpus / "floor.sql"
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return script


if __name__ == "__main__":
    path = floor_script(Path(sys.argv[1]))
    print(f"sqlite3 floor.db < {path}")
