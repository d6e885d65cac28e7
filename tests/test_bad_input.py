"""The bad-input catalogue: each bad input gets its exact message, location and exit status 1,
and the database built before is byte-identical afterwards.

Line numbers refer to the bundled data/facts.csv: line 1 is the header, line 5 is F000-04 (the
1.8 billion yuan investment of Hengshui Industrial New Area, quoted at 118-234 of seed 000).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from parkdb.build import loader
from parkdb.cli import cli
from tests.conftest import read_facts, repeated_facts, write_facts

FACTS = "data/facts.csv"
HEADER = ("fact_id,seed,subject,predicate,object,value,unit,value_text,qualifier,year,year_end,"
          "year_basis,status,part_of,equivalent_of,quote,start,end,note,basis,restates,"
          "running_total,months,as_of")
SEED0 = "000_116b4bab6e28bba9.txt"


def build_args(db: Path) -> list[str]:
    return ["build", "--data", "data", "--seeds", "seeds", "--db", str(db)]


@pytest.fixture(params=["one process", "two processes"])
def built(workdir: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database built from the unchanged copy; every bad build must leave it as it is.

    Every case runs twice: in one process, and split over two (which the bundled data is too
    small for otherwise), so that a problem in either half is reported with its line.
    """
    if request.param == "two processes":
        monkeypatch.setattr(loader, "PARALLEL_BYTES", 0)
        monkeypatch.setattr(loader, "_cpus", lambda: 2)
        write_facts(read_facts(workdir / FACTS), workdir / FACTS)  # the standard header
    db = workdir / "built.db"
    result = CliRunner().invoke(cli, build_args(db))
    assert result.exit_code == 0, result.output
    return db


def edit_row(line: int, **changes: str) -> Callable[[Path], None]:
    """An edit setting columns of the fact on ``line`` of facts.csv."""

    def apply(root: Path) -> None:
        rows = read_facts(root / FACTS)
        rows[line - 2].update(changes)
        write_facts(rows, root / FACTS)

    return apply


def append_copy(line: int, **changes: str) -> Callable[[Path], None]:
    """An edit appending a copy of the fact on ``line`` of facts.csv, with some columns set."""

    def apply(root: Path) -> None:
        rows = read_facts(root / FACTS)
        rows.append({**rows[line - 2], **changes})
        write_facts(rows, root / FACTS)

    return apply


def edit_text(transform: Callable[[str], str]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / FACTS
        path.write_text(transform(path.read_text(encoding="utf-8")), encoding="utf-8")

    return apply


def edit_bytes(transform: Callable[[bytes], bytes], name: str = FACTS) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / name
        path.write_bytes(transform(path.read_bytes()))

    return apply


def replace_line(line: int, new: Callable[[str], str]) -> Callable[[Path], None]:
    def transform(text: str) -> str:
        lines = text.split("\n")
        lines[line - 1] = new(lines[line - 1])
        return "\n".join(lines)

    return edit_text(transform)


def _rename_header(old: str, new: str) -> Callable[[Path], None]:
    return replace_line(1, lambda h: h.replace(old, new, 1))


def _cycle(root: Path) -> None:
    # F000-25 (100 million, part_of F000-04) and F000-04 made to point at each other.
    rows = read_facts(root / FACTS)
    rows[3]["part_of"] = "F000-25"
    write_facts(rows, root / FACTS)


BAD_INPUTS = {
    "missing file": (lambda root: (root / FACTS).unlink(),
                     [f"{FACTS}:0: file: file not found (expected a CSV file)"]),
    "empty file": (edit_text(lambda t: ""),
                   [f"{FACTS}:1: header: file is empty (expected a header row: {HEADER})"]),
    "header only": (edit_text(lambda t: t.split("\n")[0] + "\n"),
                    [f"{FACTS}:2: row: no data rows after the header (expected at least one)"]),
    "missing column": (
        _rename_header(",unit,", ","),
        [f"{FACTS}:1: unit: required column is missing "
         f"(expected header: {HEADER})"]),
    "extra column": (
        edit_text(lambda t: "\n".join(line + ",x" if line else line for line in t.split("\n"))),
        [f"{FACTS}:1: x: unknown column (expected one of " + HEADER.replace(",", ", ") + ")"]),
    "duplicated column": (
        _rename_header(",note", ",quote"),
        [f"{FACTS}:1: quote: column appears twice (expected each column once)"]),
    "renamed column": (
        _rename_header(",value,", ",valu,"),
        [f"{FACTS}:1: valu: unknown column (expected one of " + HEADER.replace(",", ", ")
         + "); did you mean 'value'?",
         f"{FACTS}:1: value: required column is missing (expected header: {HEADER})"]),
    "bytes not UTF-8": (
        edit_bytes(lambda b: b.replace(b"Hengshui Industrial New Area will", b"Heng\xffshui", 1)),
        # 159: F000-04 has no year since the years were re-curated (blank year and year_basis).
        [f"{FACTS}:5: character 159: byte 0xff is not UTF-8 (expected UTF-8 text)"]),
    "NUL byte": (
        replace_line(5, lambda line: "F000\x00-04" + line[7:]),
        [f"{FACTS}:5: character 5: NUL byte (expected text; was the file saved as UTF-16 or "
         "binary?)"]),
    "unterminated quote": (
        edit_text(lambda t: t.rstrip("\n") + '\nF999-01,"open\n'),
        [": row: unexpected end of data (expected well-formed CSV; is a quote left open?)"]),
    "non-numeric value": (
        edit_row(5, value="1.8bn"),
        [f"{FACTS}:5: value: '1.8bn' is not a number (expected the number as stated, "
         "e.g. 1800000000)"]),
    "negative value": (edit_row(5, value="-1800000000"),
                       [f"{FACTS}:5: value: -1800000000 is negative (expected a number >= 0)"]),
    "infinite value": (edit_row(5, value="inf"),
                       [f"{FACTS}:5: value: 'inf' is not a finite number (expected a number)"]),
    "NaN value": (edit_row(5, value="NaN"),
                  [f"{FACTS}:5: value: 'NaN' is not a finite number (expected a number)"]),
    "value not what the quote says": (
        edit_row(5, value="1900000000"),
        [f"{FACTS}:5: value: 1900000000 is not what '1.8 billion yuan' says (the quote reads "
         "1800000000)"]),
    "unknown unit": (edit_row(5, unit="RMB"),
                     [f"{FACTS}:5: unit: 'RMB' is not a unit of investment (expected one of "
                      "CNY, USD)"]),
    "unknown predicate": (
        edit_row(5, predicate="investmnet"),
        [f"{FACTS}:5: predicate: unknown predicate 'investmnet' (expected one of area, "
         "belongs_to, cooperates_with, count, event, growth_rate, hosts, investment, "
         "located_in, output_value, plan, project, published, publisher, quantity, revenue, sector, tax, "
         "title); did you mean 'investment'?"]),
    "unknown status": (edit_row(5, status="approved"),
                       [f"{FACTS}:5: status: 'approved' is not a status (expected one of actual, "
                        "expected, intended, planned, signed, target, under construction)"]),
    "duplicate fact_id": (
        edit_row(6, fact_id="F000-04", equivalent_of=""),
        [f"{FACTS}:6: fact_id: duplicate fact_id 'F000-04' (first on line 5; expected each id "
         "once)"]),
    "a second dollar figure for one yuan amount": (
        # line 6 is F000-05, $265.9 million, equivalent_of F000-04; the copy is line 245
        # (a header and 243 facts, then the copy)
        append_copy(6, fact_id="F000-91"),
        [f"{FACTS}:245: equivalent_of: a second dollar figure for F000-04 (expected one; the "
         "first is on line 6)"]),
    "a report restated twice": (
        # F003-44 (line 166) restates F003-23, and so does a copy of it (line 245)
        lambda root: (edit_row(166, restates="F003-23")(root),
                      append_copy(166, fact_id="F003-91", restates="F003-23")(root)),
        [f"{FACTS}:245: restates: F003-23 is already restated on line 166 (expected a chain: "
         "restate the latest report)"]),
    "part_of points nowhere": (
        edit_row(26, part_of="F000-99"),
        [f"{FACTS}:26: part_of: points to 'F000-99', which is not a fact_id (expected the id "
         "of a larger amount)"]),
    "part_of cycle": (_cycle, [f"{FACTS}:5: part_of: forms a cycle through 'F000-04' "
                               "(expected a chain that ends in a total)",
                               f"{FACTS}:26: part_of: forms a cycle through 'F000-25'"]),
    "unknown seed": (edit_row(5, seed="000_116b4bab6e28bba8.txt"),
                     [f"{FACTS}:5: seed: unknown seed '000_116b4bab6e28bba8.txt' (expected a "
                      f"file name in seeds/); did you mean '{SEED0}'?"]),
    "quote not in seed": (
        edit_row(5, quote="Hengshui will allocate 1.8 billion yuan"),
        [f"{FACTS}:5: quote: quote not found in the seed (the seed has 'Hengshui Industrial New "
         "Area will allocate 1.8 billion yuan ($265.9 million) into facilities to improve its "
         "services' at 118-234)"]),
    "quote at wrong offsets": (
        edit_row(5, start="119", end="235"),
        [f"{FACTS}:5: quote: quote is at 118-234, not 119-235"]),
    "offsets out of range": (
        edit_row(5, start="5000", end="5116"),
        [f"{FACTS}:5: quote: quote is at 118-234, not 5000-5116 (offsets 5000-5116 are outside "
         "the seed, which has 4059 characters)"]),
    "offset in superscript digits": (
        edit_row(5, start="²"),
        [f"{FACTS}:5: start: '²' is not an offset (expected a whole number, or start and end "
         "both blank"]),
    "year in Arabic-Indic digits": (
        edit_row(5, year="٢٠١٦", year_basis="published"),
        [f"{FACTS}:5: year: '٢٠١٦' is not a year (expected four digits, 1900-2100)"]),
    "value in circled digits": (
        edit_row(5, value="①800000000"),
        [f"{FACTS}:5: value: '①800000000' is not a number (expected the number as stated, "
         "e.g. 1800000000)"]),
    "offsets not numbers": (
        edit_row(5, start="a"),
        [f"{FACTS}:5: start: 'a' is not an offset (expected a whole number, or start and end "
         "both blank to have the quote located)"]),
    "seed changed after curation": (
        edit_bytes(lambda b: b + b"\nAn added line.\n", f"seeds/{SEED0}"),
        ["data/sources.csv:2: sha256: seed 000_116b4bab6e28bba9.txt has changed since it was "
         "curated: its sha256 is "]),
    "region missing from gazetteer": (
        edit_row(7, object="Hengshui City"),
        [f"{FACTS}:7: object: region 'Hengshui City' is not in the gazetteer (expected a name "
         "from regions.csv); did you mean 'Hengshui'?"]),
    "10 MB field": (
        edit_row(5, note="x" * 10_000_000),
        [f"{FACTS}:5: row: a field is longer than 131072 characters (expected short cells; is "
         "a quote left open?)"]),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_reported_and_database_kept(case: str, workdir: Path, built: Path) -> None:
    edit, messages = BAD_INPUTS[case]
    before = built.read_bytes()
    edit(workdir)
    result = CliRunner().invoke(cli, build_args(built))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for message in messages:
        assert message in result.stderr
    assert result.stderr.startswith("parkdb: error: ")
    assert result.stderr.rstrip().endswith("nothing was written")
    assert result.stdout == ""
    assert built.read_bytes() == before
    # Neither the temporary database nor the second process's side databases are left behind.
    assert [p.name for p in workdir.iterdir() if p.name.startswith((".built.db", ".parkdb-"))] == []


def test_all_problems_are_reported_at_once(workdir: Path, built: Path) -> None:
    edit_row(5, unit="RMB")(workdir)
    edit_row(8, value="x")(workdir)
    result = CliRunner().invoke(cli, build_args(built))
    assert result.exit_code == 1
    lines = result.stderr.strip().split("\n")
    # two problems, then the summary line
    assert lines[0].endswith(f"{FACTS}:5: unit: 'RMB' is not a unit of investment (expected one "
                             "of CNY, USD)")
    assert lines[1].startswith(f"{FACTS}:8: value: 'x' is not a number")
    assert lines[2] == "2 problems found; nothing was written"


def test_large_file_whose_only_bad_row_is_the_last(workdir: Path, built: Path) -> None:
    # The curated rows and 200 copies of the content rows but belongs_to (once per subject):
    # 243 + 200 * 220 = 44,243 rows; the last is broken, and it is the only problem.
    curated = read_facts(workdir / FACTS)
    ids = {row["fact_id"] for row in curated}
    big = [r for r in repeated_facts(curated, 200)
           if r["fact_id"] in ids or r["predicate"] != "belongs_to"]
    big[-1] = {**big[-1], "unit": "parsecs"}
    write_facts(big, workdir / FACTS)
    last_line = len(big) + 1
    before = built.read_bytes()
    result = CliRunner().invoke(cli, build_args(built))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"parkdb: error: {FACTS}:{last_line}: unit: 'parsecs'")
    assert result.stderr.endswith("1 problem found; nothing was written\n")
    assert built.read_bytes() == before


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_spreadsheet_saved_file_loads(workdir: Path, built: Path, newline: str) -> None:
    # A spreadsheet saves a BOM, CRLF line endings and every cell quoted, numbers included.
    rows = read_facts(workdir / FACTS)
    with open(workdir / FACTS, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), quoting=csv.QUOTE_ALL,
                                lineterminator=newline)
        writer.writeheader()
        writer.writerows(rows)
    result = CliRunner().invoke(cli, build_args(workdir / "sheet.db"))
    assert result.exit_code == 0, result.stderr
    assert f": {len(rows)} facts from 5 seeds" in result.stderr


BAD_REFERENCE = {
    "unknown region parent": (
        "regions.csv", lambda t: t.replace("Hengshui,prefecture,Hebei,", "Hengshui,prefecture,Hebie,"),
        "data/regions.csv:20: parent: unknown region 'Hebie' (expected a name in this file); "
        "did you mean 'Hebei'?"),
    "bad division code": (
        "regions.csv", lambda t: t.replace(",131100,", ",13110,"),
        "data/regions.csv:20: code: '13110' is not a GB/T 2260 code (expected six digits, or "
        "blank when uncertain)"),
    "division code with a superscript digit": (
        "regions.csv", lambda t: t.replace(",131100,", ",13110²,"),
        "data/regions.csv:20: code: '13110²' is not a GB/T 2260 code (expected six digits, or "
        "blank when uncertain)"),
    "unknown entity kind": (
        "entities.csv", lambda t: t.replace("Hengshui Industrial New Area,new_area",
                                            "Hengshui Industrial New Area,new area"),
        "data/entities.csv:2: kind: unknown kind 'new area' (expected one of park, zone, "
        "new_area, cluster, project, company, institution, plan, fund)"),
    "a year's rate twice": (
        "fx_rates.csv", lambda t: t + "2013,6.2,another series\n",
        "data/fx_rates.csv:10: year: duplicate year '2013' (first on line 2; expected one rate a "
        "year)"),
    "rate not a number": (
        "fx_rates.csv", lambda t: t.replace("2013,6.1932", "2013,six"),
        "data/fx_rates.csv:2: cny_per_usd: 'six' is not a rate (expected a positive number of "
        "yuan per dollar)"),
}


@pytest.mark.parametrize("case", list(BAD_REFERENCE))
def test_bad_reference_file(case: str, workdir: Path, built: Path) -> None:
    name, transform, message = BAD_REFERENCE[case]
    path = workdir / "data" / name
    path.write_text(transform(path.read_text(encoding="utf-8")), encoding="utf-8")
    before = built.read_bytes()
    result = CliRunner().invoke(cli, build_args(built))
    assert result.exit_code == 1
    assert message in result.stderr
    assert built.read_bytes() == before
