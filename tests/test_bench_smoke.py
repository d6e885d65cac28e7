"""A tiny run of the benchmark's corpus generator: its output must build and answer queries.

The bench scripts are run as the benchmark runs them, as scripts in their own process, so that
no test edits ``sys.path`` to import them.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from parkdb import queries
from parkdb.build.loader import build
from parkdb.db import connect

BENCH = Path(__file__).resolve().parents[1] / "bench"


def generate(facts: int, out: Path, seed: int) -> Path:
    """``bench/generate.py FACTS OUT --seed SEED``; returns OUT."""
    subprocess.run([sys.executable, str(BENCH / "generate.py"), str(facts), str(out), "--seed",
                    str(seed)], check=True, capture_output=True)
    return out


def test_generated_corpus_builds(tmp_path: Path) -> None:
    corpus = generate(1120, tmp_path / "corpus", seed=7)
    report = build(corpus / "data", corpus / "seeds", tmp_path / "bench.db")
    # 1120 // 112 = 10 articles, each 2 metadata facts + 10 paragraphs of 11 facts = 1120 facts,
    # plus one belongs_to for each sub-park (every fifth park) the first time it appears
    belongs = (corpus / "data" / "facts.csv").read_text(encoding="utf-8").count(",belongs_to,")
    assert belongs > 0
    assert (report.seeds, report.facts) == (10, 1120 + belongs)
    conn = connect(tmp_path / "bench.db")
    result = queries.investments(conn, include_nested=False)
    # 100 paragraphs, each one planned CNY total (its first phase is part_of it, its USD is
    # equivalent_of) and one running total (actual); of a park's running totals the latest counts.
    # A sub-park's plan of a year its outer park also plans for is held by the outer one.
    held = conn.execute("SELECT count(*) FROM amounts WHERE predicate = 'investment' "
                        "AND status_class = 'plan' AND part_of IS NULL AND held_by IS NOT NULL"
                        ).fetchone()[0]
    assert sum(result.column("plan_facts")) + held == 100
    assert 0 < sum(result.column("actual_facts")) < 100
    again = generate(1120, tmp_path / "again", seed=7)
    assert (again / "data" / "facts.csv").read_bytes() == (corpus / "data" / "facts.csv").read_bytes()


def test_fair_floor_script_builds_the_same_tables(tmp_path: Path) -> None:
    corpus = generate(1120, tmp_path / "corpus", seed=7)
    subprocess.run([sys.executable, str(BENCH / "floor.py"), str(corpus)], check=True,
                   capture_output=True)
    script = corpus / "floor.sql"
    db = tmp_path / "floor.db"
    with open(script, encoding="utf-8") as handle:
        subprocess.run(["sqlite3", str(db)], stdin=handle, check=True, capture_output=True)
    conn = sqlite3.connect(db)
    # the same 1120 facts plus the sub-parks' belongs_to, and schema.sql's indexes on them
    belongs = (corpus / "data" / "facts.csv").read_text(encoding="utf-8").count(",belongs_to,")
    assert conn.execute("SELECT count(*) FROM facts").fetchone() == (1120 + belongs,)
    indexes = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"facts_fact_id", "facts_subject", "facts_seed"} <= indexes
    # every article's title paragraph is in the full-text index: 10 articles
    assert conn.execute("SELECT count(*) FROM passages_fts WHERE passages_fts MATCH 'report'"
                        ).fetchone() == (10,)
    conn.close()
