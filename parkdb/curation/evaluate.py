"""How suggest's candidates compare with curated facts: recall, and the share right per field.

A curated numeric fact (a row with a ``value``) is found when a candidate of the same seed, value
and unit has a quote overlapping its quote; of the facts found, the best-overlapping candidate is
compared field by field: year (and year_end), status, subject, part_of (right when both are blank
or the candidate's points at the candidate found for the curated total), kind (the predicate).

Invariant: every share is of the facts found (recall of the curated facts), so a field's figure
never counts a fact twice; tests/test_suggest_measured.py asserts the targets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

FIELDS = ("year", "status", "subject", "part_of", "kind")


@dataclass
class Evaluation:
    """curated: curated numeric facts; found: those a candidate matches; right: per field, how
    many of those the candidate has right; wrong: per field, (fact_id, curated, proposed) of the
    others; candidates: all candidates; unmatched: those that match no curated numeric fact."""

    curated: int = 0
    found: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    wrong: dict[str, list[tuple[str, str, str]]] = field(default_factory=lambda: {f: [] for f in FIELDS})
    candidates: int = 0
    unmatched: int = 0
    missed: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.curated if self.curated else 1.0

    def share(self, name: str) -> float:
        return self.right[name] / self.found if self.found else 1.0

    def summary(self) -> str:
        shares = "; ".join(f"{f} {self.right[f]}/{self.found} = {self.share(f):.0%}" for f in FIELDS)
        return (f"recall {self.found}/{self.curated} = {self.recall:.1%}; {shares}; "
                f"{self.unmatched} of {self.candidates} candidates match no curated fact")


def evaluate(candidates: Sequence[dict[str, str]], curated: Sequence[dict[str, str]]) -> Evaluation:
    """Compare candidate rows with curated facts.csv rows (both as strings); raises ValueError on a bad number."""
    facts = [c for c in curated if c["value"].strip()]
    result = Evaluation(curated=len(facts), candidates=len(candidates))
    matched: set[int] = set()
    best: dict[str, dict[str, str]] = {}
    for fact in facts:
        hits = [(i, _overlap(k, fact)) for i, k in enumerate(candidates) if _matches(k, fact)]
        if not hits:
            result.missed.append(fact["fact_id"])
            continue
        matched.update(i for i, _ in hits)
        best[fact["fact_id"]] = candidates[max(hits, key=lambda hit: hit[1])[0]]
    result.found = len(best)
    result.unmatched = len(candidates) - len(matched)
    for fact in facts:
        if fact["fact_id"] not in best:
            continue
        got = best[fact["fact_id"]]
        total = best.get(fact["part_of"]) if fact["part_of"] else None
        pairs = {
            "year": ((fact["year"], fact["year_end"]), (got["year"], got["year_end"])),
            "status": (fact["status"], got["status"]),
            "subject": (fact["subject"], got["subject"]),
            "part_of": (total["fact_id"] if total else fact["part_of"], got["part_of"]),
            "kind": (fact["predicate"], got["predicate"]),
        }
        for name, (want, have) in pairs.items():
            if want == have:
                result.right[name] += 1
            else:
                result.wrong[name].append((fact["fact_id"], str(want), str(have)))
    return result


def _matches(candidate: dict[str, str], fact: dict[str, str]) -> bool:
    return (candidate["seed"] == fact["seed"] and candidate["unit"] == fact["unit"]
            and Decimal(candidate["value"]) == Decimal(fact["value"]) and _overlap(candidate, fact) > 0)


def _overlap(candidate: dict[str, str], fact: dict[str, str]) -> int:
    return min(int(candidate["end"]), int(fact["end"])) - max(int(candidate["start"]), int(fact["start"]))
