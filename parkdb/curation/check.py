"""The curator's check: every validation of a build without keeping the database, the warnings
of the store's named checks, and the numbers no fact cites.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from .. import resources
from ..build import store
from ..build.loader import BuildReport, Inputs, load
from ..build.reference import Reference, read_reference
from ..errors import DataError, Problems
from ..render.result import Result
from ..values import PROPOSED_REASON
from .files import homes, recover
from .offsets import fix_offsets
from .uncited import Uncited, explanations, uncited_numbers


def check(data_dir: Path | None = None, seeds_dir: Path | None = None,
          schema_path: Path | None = None, ref: Reference | None = None,
          ) -> tuple[BuildReport, list[Uncited]]:
    """Run every validation of ``build`` without keeping the database; raises DataError.

    Also returns the numbers in the articles that no fact cites (see uncited.py); the report
    lists the warnings of store.WARNINGS. ``ref``: the reference tables, if already read.
    """
    inputs = Inputs(data_dir, seeds_dir, schema_path)
    with tempfile.TemporaryDirectory(prefix="parkdb-check-") as tmp:
        db_file = os.path.join(tmp, "check.db")
        report = load(inputs, db_file, None, ref)
        conn = sqlite3.connect(db_file)
        try:
            uncited = uncited_numbers(store.seed_texts(conn), store.quote_spans(conn),
                                      explanations(inputs.data / "CURATION.md"))
            shown = resources.display_path(inputs.data / "facts.csv")
            report.warnings = [f"{shown}:{line}: {message}"
                               for line, message in store.warn_rows(conn)]
        finally:
            conn.close()
    return report, uncited


def checked(data_dir: Path | None, seeds_dir: Path | None, fix: bool,
            tell: Callable[[str], None]) -> tuple[Result, int]:
    """``check`` (after ``fix_offsets`` if ``fix``): the uncited numbers and how many are
    unexplained; what was written, the warnings and the summary go to ``tell`` as they happen.
    Raises DataError."""
    recover(homes(data_dir, seeds_dir)[0])  # a curation write a killed process left half-done
    ref, fixed = None, 0
    if fix:
        data, seeds = homes(data_dir, seeds_dir)
        ref = read_reference(data, seeds, Problems())  # once, for the fix and the check
        fixed = fix_offsets(data, seeds, ref)
        tell(f"check --fix: wrote the offsets of {_quotes(fixed)} into facts.csv")
    try:
        report, uncited = check(data_dir, seeds_dir, ref=ref)
    except DataError as exc:
        if not fixed:
            raise
        # the check itself writes nothing, but --fix did: the closing line says what
        raise DataError(exc.problems, exc.count, f"facts.csv has the offsets of {_quotes(fixed)} "
                        "written above, and nothing else was written") from None
    for warning in report.warnings:
        tell(f"parkdb: warning: {warning}")
    rows = [(u.seed, u.start, u.text, _why(u.why), u.context) for u in uncited]
    unexplained = sum(1 for u in uncited if u.why is None or u.why.endswith(PROPOSED_REASON))
    # "ok" only when nothing is left to explain; else the rows marked UNEXPLAINED are the work left
    tell(f"{'ok' if not unexplained else 'not ok'}: {report.facts} facts in {report.seeds} seeds; "
         f"{len(uncited)} uncited numbers, {unexplained} unexplained"
         + (" (the rows marked UNEXPLAINED below)" if unexplained else ""))
    return Result(["seed", "start", "number", "why", "context"], rows,
                  title="Numbers no fact cites"), unexplained


def _why(why: str | None) -> str:
    """A row's reason as the table shows it: UNEXPLAINED, or suggest's reason not yet reviewed."""
    if why is None:
        return "UNEXPLAINED"
    if why.endswith(PROPOSED_REASON):
        return f"UNEXPLAINED (proposed, not reviewed: {why.removesuffix(PROPOSED_REASON).strip()})"
    return why


def _quotes(count: int) -> str:
    return f"{count} quote{'' if count == 1 else 's'}"
