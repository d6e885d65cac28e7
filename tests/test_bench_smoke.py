"""A tiny run of the benchmark's corpus generator: its output must build and answer queries."""

from __future__ import annotations

import sys
from pathlib import Path

from parkdb import queries
from parkdb.db import connect
from parkdb.loader import build

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from generate import generate  # noqa: E402


def test_generated_corpus_builds(tmp_path: Path) -> None:
    corpus = generate(1020, tmp_path / "corpus", seed=7)
    report = build(corpus / "data", corpus / "seeds", tmp_path / "bench.db")
    # 1020 // 102 = 10 articles, each 2 metadata facts + 10 paragraphs of 10 facts = 1020 facts
    assert (report.seeds, report.facts) == (10, 1020)
    conn = connect(tmp_path / "bench.db")
    result = queries.investments(conn, include_nested=False)
    # 100 paragraphs, each one CNY total (its first phase is part_of it, its USD is equivalent_of)
    assert sum(result.column("facts")) == 100
    again = generate(1020, tmp_path / "again", seed=7)
    assert (again / "data" / "facts.csv").read_bytes() == (corpus / "data" / "facts.csv").read_bytes()
