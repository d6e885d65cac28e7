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


@pytest.mark.parametrize("width", [80, 120, 200])
def test_facts_table_says_what_each_fact_says(run: Run, width: int) -> None:
    """The object (which sectors, where), the value, the status and year, and the quote as a
    clause: every default column is there at every width, some sharing a cell when narrow."""
    out = table(run, ["facts", "--seed", "000"], width)
    assert "Not shown" not in out
    words = out.split()
    for shown in ("located_in", "Hengshui", "rubber", "reduction", "gears", "planned", "2016"):
        assert shown in words, (width, shown)
    # F000-04's quote as a clause, not three words
    flat = " ".join(words)
    assert "Area will allocate 1.8 billion yuan" in flat or "will allocate 1.8" in flat
    header = " ".join(out.splitlines()[1:4]).split()
    assert {"fact_id", "subject", "predicate", "object", "value", "year", "status",
            "quote"} <= set(header)


@pytest.mark.parametrize("command,kept", [
    (["investments", "--by", "park", "--cite"], ["F003-23", "F003-44", "signed", "plan"]),
    (["amounts"], ["plan", "target", "signed", "actual"]),
    (["amounts", "--by", "province,year", "--cite"], ["F003-23", "plan", "target", "signed",
                                                      "actual"]),
])
def test_money_tables_keep_the_classes_and_ids_at_80(run: Run, command: list[str],
                                                      kept: list[str]) -> None:
    out = table(run, command, 80)
    words = set(out.split())
    assert set(kept) <= words, sorted(set(kept) - words)
    for line in out.splitlines():
        if line.startswith("Not shown"):
            assert "fact_ids" not in line and line.rstrip().endswith(",") or len(line) <= 80


def test_the_note_naming_left_out_columns_fits_whole(run: Run) -> None:
    out = table(run, ["amounts"], 80)
    note = out[out.index("Not shown"):]
    assert "…" not in note and "(choose columns with -c)" in " ".join(note.split())
