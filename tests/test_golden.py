"""Golden test: every query command's CSV output on the bundled data's five original articles (the
copy conftest makes), as captured in tests/golden/.

Written before the package was reorganised (issue 17), to prove the move changed no answer. When a
command's output changes on purpose, regenerate with ``PARKDB_GOLDEN=write python -m pytest
tests/test_golden.py`` and review the diff of tests/golden/ like any other change.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from parkdb.cli import cli
from tests.conftest import DATA, SEEDS

GOLDEN = Path(__file__).parent / "golden"

# Every command that prints results, with the options that pick a different query path.
COMMANDS: list[list[str]] = [
    ["investments"],
    ["investments", "--by", "province"],
    ["investments", "--by", "park", "--cite"],
    ["investments", "--by", "county", "--region", "Beijing-Tianjin-Hebei"],
    ["investments", "--currency", "USD"],
    ["investments", "--by", "year,status"],
    ["investments", "--by", "sector"],
    ["investments", "--include-nested", "--by", "city"],
    ["investments", "--exclude-doubtful"],
    ["investments", "--year", "2013-2014"],
    ["amounts"],
    ["amounts", "--kind", "output_value", "--by", "province"],
    ["amounts", "--by", "province,year"],
    ["amounts", "--kind", "revenue", "--by", "city", "--cite"],
    ["parks"],
    ["parks", "--sector", "food"],
    ["parks", "--region", "Hebei", "--year", "2016"],
    ["sectors"],
    ["sectors", "--flat"],
    ["companies"],
    ["companies", "--region", "Hebei"],
    ["show", "Chengde High-tech Zone"],
    ["show", "Hebei"],
    ["facts"],
    ["facts", "--seed", "003", "--predicate", "investment"],
    ["facts", "--sector", "food"],
    ["sources"],
    ["source", "001"],
    ["cite", "F000-04"],
    ["search", "rubber"],
    ["sql", "SELECT predicate, count(*) AS n FROM facts GROUP BY predicate ORDER BY predicate"],
    ["schema"],
    ["schema", "facts"],
    ["tables", "--counts", "--views"],
]


def golden_name(args: list[str]) -> str:
    """A file name for a command line: its words joined, anything odd replaced by _."""
    return re.sub(r"[^A-Za-z0-9.-]+", "_", "-".join(args))[:120] + ".csv"


# The curator's commands that print results read data/ and seeds/, not a database.
CURATION_COMMANDS: list[list[str]] = [
    ["check"],
    ["suggest", "001"],
    ["suggest", "004"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=golden_name)
def test_golden(run: Callable[..., Result], args: list[str]) -> None:
    compare(run(*args, "--csv"), args)


@pytest.mark.parametrize("args", CURATION_COMMANDS, ids=golden_name)
def test_golden_curation(args: list[str]) -> None:
    compare(CliRunner().invoke(cli, [*args, "--data", str(DATA), "--seeds", str(SEEDS), "--csv"]),
            args)


def compare(result: Result, args: list[str]) -> None:
    """The command's stdout, byte for byte as in its golden file (or written there on request)."""
    assert result.exit_code == 0, result.output
    path = GOLDEN / golden_name(args)
    if os.environ.get("PARKDB_GOLDEN") == "write":
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")
