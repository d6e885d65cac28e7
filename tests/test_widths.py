"""Every command's table at 80, 120 and 200 columns: no line wider than the screen, no word split.

A word is "split" when a piece of it shows without an ellipsis: every token of a narrow table must
be a token of the same table drawn 1000 columns wide (where nothing wraps) or end in "…".
"""

from __future__ import annotations

import pytest

from parkdb.render.fit import cell_width
from tests.test_cli import Run

COMMANDS = [
    ["investments"], ["investments", "--currency", "USD"], ["investments", "--by", "park", "--cite"],
    ["investments", "--chart"], ["sectors", "--chart"], ["parks"], ["sectors"], ["facts"],
    ["sources"], ["source", "001"], ["cite", "F001-16"], ["search", "Hezhou"],
    ["sql", "SELECT * FROM facts"], ["sql", "SELECT * FROM amounts"], ["schema"],
    ["schema", "facts"], ["tables", "--counts"], ["sectors", "--flat"],
    ["amounts", "--by", "province,year"], ["amounts", "--by", "sector", "--cite"], ["companies"],
    ["show", "Chengde High-tech Zone"], ["show", "Hebei"], ["show", "Yungang"],
]
NOTE = "Not shown at this width: (choose columns with -c)"
PUNCTUATION = ",;:()"
BARS = set("─█▏▎▍▌▋▊▉")


def tokens(text: str) -> set[str]:
    return {t.strip(PUNCTUATION) for t in text.split()} - {""}


def table(run: Run, command: list[str], width: int) -> str:
    from click.testing import CliRunner

    from parkdb.cli import cli

    db = run.__closure__[0].cell_contents  # type: ignore[attr-defined]
    result = CliRunner(env={"COLUMNS": str(width)}).invoke(
        cli, [*command, "--format", "table", "--db", str(db)])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_tables_fit_and_never_split_a_word(run: Run, command: list[str]) -> None:
    whole = tokens(table(run, command, 1000)) | tokens(NOTE)
    for width in (80, 120, 200):
        out = table(run, command, width)
        for line in out.splitlines():
            assert cell_width(line) <= width, (width, line)
        broken = {t for t in tokens(out) - whole if not t.endswith("…") and not set(t) <= BARS}
        assert not broken, (width, sorted(broken))


def test_facts_table_is_compact_and_one_line_per_fact(run: Run) -> None:
    out = table(run, ["facts"], 200).splitlines()
    assert out[1].split() == ["fact_id", "subject", "predicate", "value", "year", "status", "quote"]
    # One line per fact (243), some long subjects wrapping onto a second line at this width.
    assert len([line for line in out if line.startswith("F0")]) == 243
    assert len(out) < 2 * 243
    assert "F000-04  Hengshui Industrial New Area" in out[6]
    # F000-04 is an undated plan: blank year between value and status
    assert out[6].split()[5:10] == ["investment", "1.8", "bn", "CNY", "planned"]
