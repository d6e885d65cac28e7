"""Curation: add, located offsets and check --fix, suggest as a command, an article end to end.

The articles here are fictional, written for these tests: no such parks, deals or newspapers exist.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from parkdb import resources
from parkdb.cli import cli
from parkdb.curation.files import writable
from parkdb.curation.offsets import fill_fields
from parkdb.errors import ParkdbError, Problems
from parkdb.text.citations import locate
from parkdb.vocabulary import FACT_COLUMNS
from tests.conftest import SEEDS, read_facts, write_facts

# Fictional, written for this test.
LAKESIDE = """Lakeside Test Park signs new deals

A fictional article, written for parkdb's tests.

Updated: 2025-03-10

Lakeside Test Park in Hengshui signed 12 projects last year with a total investment of 3.5 billion \
yuan ($480 million).

The park\u2019s area is 20 square kilometers.

Copyright \u00a9 2025 Test Daily
"""


def parkdb(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=stdin)


def article(tmp_path: Path, text: str = LAKESIDE, name: str = "lakeside.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


# --- located offsets ---------------------------------------------------------------------------

def test_a_quote_found_once_is_located() -> None:
    assert locate("one two three", "two") == (4, 7)  # "one " is 4 characters; 4 + 3 = 7


def test_a_quote_found_several_times_lists_the_candidates() -> None:
    assert locate("a yuan, b yuan, c yuan", "yuan") == (
        "quote found 3 times, at 2-6, 10-14, 18-22 (expected the start and end of the one meant, "
        "or a longer quote)")


@pytest.mark.parametrize(("text", "quote", "expected"), [
    ("The park\u2019s area", "The park's area",
     "article has \u2019 U+2019 where the quote has ' U+0027 (character 9 of the quote)"),
    ("20\u00a0square kilometers", "20 square kilometers",
     "article has non-breaking space U+00A0 where the quote has space U+0020 (character 3 of "
     "the quote)"),
    ("of the\u00ac\u2020Beijing region", "of the Beijing region",
     "article has \u00ac U+00AC (\u00ac\u2020 is a non-breaking space garbled by a wrong "
     "encoding) where the quote has space U+0020 (character 7 of the quote)"),
])
def test_a_quote_not_found_names_the_first_character_that_differs(text: str, quote: str,
                                                                 expected: str) -> None:
    message = locate(text, quote)
    assert isinstance(message, str)
    assert message.startswith("quote not found in the seed; closest passage at 0: ")
    assert message.endswith(expected)


@given(st.text(max_size=60), st.text(min_size=1, max_size=12))
def test_locate_never_raises_and_a_located_quote_is_there(text: str, quote: str) -> None:
    where = locate(text, quote)
    occurs = sum(text.startswith(quote, at) for at in range(len(text)))  # overlapping ones too
    if isinstance(where, tuple):
        assert text[where[0]:where[1]] == quote and occurs == 1
    else:
        assert occurs != 1


def test_overlapping_occurrences_are_two() -> None:
    assert locate("aaa", "aa") == ("quote found 2 times, at 0-2, 1-3 (expected the start and end "
                                   "of the one meant, or a longer quote)")


def test_fill_fields_changes_only_the_blank_offsets() -> None:
    text = 'a,start,end\r\nx,,\r\n"y\nz",,\n\nq,"",""\n'
    # records start on lines 2, 3 (spanning 3-4) and 6 (after the blank line 5)
    assert fill_fields(text, {2: (1, 2), 3: (30, 40), 6: (5, 6)}) == (
        'a,start,end\r\nx,1,2\r\n"y\nz",30,40\n\nq,5,6\n', 3)


def blank_offsets(path: Path, fact_ids: set[str]) -> None:
    rows = read_facts(path)
    for row in rows:
        if row["fact_id"] in fact_ids:
            row["start"] = row["end"] = ""
    write_facts(rows, path)


def test_check_fix_writes_the_located_offsets_and_no_other_byte(home: Path) -> None:
    facts = home / "data" / "facts.csv"
    write_facts(read_facts(facts), facts)  # the file as write_facts writes it
    original = facts.read_bytes()
    blank_offsets(facts, {"F000-04", "F002-07"})  # F000-04's quote is unique in its seed
    result = parkdb("check", "--fix", "--csv")
    assert result.exit_code == 0, result.output
    assert "check --fix: wrote the offsets of 2 quotes into facts.csv" in result.stderr
    assert facts.read_bytes() == original
    assert sorted(p.name for p in facts.parent.iterdir() if p.name.startswith(".")) == []


def test_check_fix_reads_the_reference_tables_once(home: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from parkdb.build import reference

    blank_offsets(home / "data" / "facts.csv", {"F000-04"})
    reads: list[Path] = []
    real = reference._read_reference

    def counted(data_dir: Path, seeds_dir: Path, problems: Problems) -> reference.Reference:
        reads.append(data_dir)
        return real(data_dir, seeds_dir, problems)

    monkeypatch.setattr(reference, "_read_reference", counted)
    result = parkdb("check", "--fix", "--csv")
    assert result.exit_code == 0, result.output
    assert "wrote the offsets of 1 quote into facts.csv" in result.stderr
    assert len(reads) == 1


def test_blank_offsets_build_without_fix(home: Path, tmp_path: Path) -> None:
    blank_offsets(home / "data" / "facts.csv", {"F000-04"})
    result = parkdb("build", "--db", str(tmp_path / "p.db"))
    assert result.exit_code == 0, result.output
    cited = parkdb("cite", "F000-04", "--db", str(tmp_path / "p.db"), "--csv", "-c", "start,end")
    assert cited.stdout == "start,end\n118,234\n"


def test_blank_offsets_of_a_repeated_quote_are_an_error_with_candidates(home: Path) -> None:
    facts = home / "data" / "facts.csv"
    rows = read_facts(facts)
    row = next(r for r in rows if r["fact_id"] == "F000-06")
    row.update(quote="Hengshui", start="", end="")
    write_facts(rows, facts)
    result = parkdb("check", "--fix", "--csv")
    assert result.exit_code == 1
    assert "data/facts.csv:7: quote: quote found more than 5 times, at 33-41, 118-126" in (
        result.stderr)


def test_fix_refuses_the_installed_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    installed = tmp_path / "lib" / "python3.12" / "site-packages" / "parkdb" / "_bundled" / "data"
    with pytest.raises(ParkdbError, match="is the data installed with parkdb"):
        writable(installed)
    assert resources.installed(str(installed))
    assert not resources.installed(str(tmp_path / "home" / "data"))


# --- add ---------------------------------------------------------------------------------------

def test_add_copies_the_article_and_writes_its_source_and_metadata(home: Path,
                                                                 tmp_path: Path) -> None:
    source = article(tmp_path)
    result = parkdb("add", str(source), "--url", "https://example.org/lakeside", stdin="y\n")
    assert result.exit_code == 0, result.output
    (seed,) = [p for p in (home / "seeds").iterdir() if p.name.startswith("005_")]
    assert seed.read_bytes() == source.read_bytes()
    sources = list(csv.DictReader(io.StringIO((home / "data" / "sources.csv").read_text())))
    assert (sources[-1]["seed"], sources[-1]["url"]) == (seed.name, "https://example.org/lakeside")
    rows = read_facts(home / "data" / "facts.csv")[-3:]
    assert [(r["fact_id"], r["predicate"], r["object"], r["quote"]) for r in rows] == [
        ("F005-01", "title", "Lakeside Test Park signs new deals",
         "Lakeside Test Park signs new deals"),
        ("F005-02", "publisher", "Test Daily", "Copyright \u00a9 2025 Test Daily"),
        ("F005-03", "published", "2025-03-10", "2025-03-10"),
    ]
    text = LAKESIDE
    assert all(text[int(r["start"]):int(r["end"])] == r["quote"] for r in rows)


def test_add_refuses_an_article_already_there(home: Path, tmp_path: Path) -> None:
    copy = tmp_path / "again.txt"
    shutil.copy(SEEDS / "003_37c33071b06477f7.txt", copy)
    before = (home / "data" / "facts.csv").read_bytes()
    result = parkdb("add", str(copy), "--yes")
    assert result.exit_code == 1
    assert "is already a seed" in result.stderr and "003_37c33071b06477f7.txt" in result.stderr
    assert (home / "data" / "facts.csv").read_bytes() == before


def test_add_refuses_a_file_that_is_not_utf8(home: Path, tmp_path: Path) -> None:
    source = tmp_path / "latin1.txt"
    source.write_bytes("Caf\u00e9 news 2020-01-01\n".encode("latin-1"))
    result = parkdb("add", str(source), "--yes")
    assert result.exit_code == 1
    assert "character 4: byte 0xe9 is not UTF-8" in result.stderr
    assert "save it as UTF-8 first" in result.stderr
    assert len(list((home / "seeds").iterdir())) == 5


def test_add_asks_about_what_it_found_and_quotes_given_values(home: Path, tmp_path: Path) -> None:
    source = article(tmp_path)
    result = parkdb("add", str(source), "--published", "2025-03-10", "--publisher", "Test Daily")
    assert result.exit_code == 1  # the title was found in the text: asked, no answer, not added
    assert "Add it? [y/N]: Aborted!" in result.stderr
    assert len(list((home / "seeds").iterdir())) == 5
    # a date the text does not print is recorded without a quote, saying so, and builds
    result = parkdb("add", str(source), "--published", "2025-03-11", "--yes")
    assert result.exit_code == 0, result.output
    assert ("F005-03 published: 2025-03-11 (as given; no quote, basis given: given by the curator "
            "(--published): the text does not print it (the page's date line prints 2025-03-10))"
            ) in result.stderr
    (row,) = [r for r in read_facts(home / "data" / "facts.csv") if r["fact_id"] == "F005-03"]
    assert (row["quote"], row["start"], row["end"], row["basis"]) == ("", "", "", "given")
    assert parkdb("build", "--db", str(tmp_path / "given.db")).exit_code == 0


# --- an article end to end ---------------------------------------------------------------------

def test_an_article_end_to_end(home: Path, tmp_path: Path) -> None:
    assert parkdb("add", str(article(tmp_path)), "--yes").exit_code == 0
    suggested = parkdb("suggest", "005", "--csv", "--write")
    assert suggested.exit_code == 0, suggested.output
    candidates = list(csv.DictReader(io.StringIO(suggested.stdout)))
    assert [(c["fact_id"], c["subject"], c["predicate"], c["object"], c["value"], c["unit"], c["year"],
             c["status"], c["equivalent_of"]) for c in candidates] == [
        ("F005-04", "Lakeside Test Park", "count", "projects", "12", "count", "2024", "signed", ""),
        ("F005-05", "Lakeside Test Park", "investment", "total investment", "3500000000", "CNY", "2024", "signed",
         ""),
        ("F005-06", "Lakeside Test Park", "investment", "total investment", "480000000", "USD", "2024", "signed",
         "F005-05"),
        ("F005-07", "Lakeside Test Park", "area", "The park\u2019s area", "20", "km2", "2025", "actual", ""),
        ("F005-08", "Lakeside Test Park", "located_in", "Hengshui", "", "", "", "", ""),
    ]
    assert "new entities: Lakeside Test Park,park," in suggested.stderr
    assert "wrote 5 rows to facts.csv, 1 row to entities.csv" in suggested.stderr
    facts = home / "data" / "facts.csv"
    refused = parkdb("check", "--csv")
    assert refused.exit_code == 1 and refused.stderr.count("not yet reviewed") == 5
    # The review: one row corrected (the object in fewer words), every mark removed.
    rows = read_facts(facts)
    for row in rows:
        row["note"] = row["note"].removeprefix("PROPOSED by parkdb suggest").removeprefix("; ")
        if row["fact_id"] == "F005-07":
            row.update(object="area")
    write_facts(rows, facts)
    checked = parkdb("check", "--csv")
    assert checked.exit_code == 0, checked.output
    db = str(tmp_path / "parks.db")
    assert parkdb("build", "--db", db).exit_code == 0
    found = parkdb("investments", "--by", "park", "--csv", "--db", db, "-c",
                   "park,signed,signed_facts")
    assert "Lakeside Test Park,3500000000,1\n" in found.stdout  # the dollars are a translation
    assert parkdb("suggest", "005", "--csv").stdout.count("\n") == 1  # all cited: the header


# --- suggest as a command ----------------------------------------------------------------------

def test_suggest_continues_the_numbering_and_leaves_out_cited_numbers(home: Path) -> None:
    cited = parkdb("suggest", "003", "--csv")
    rows = list(csv.DictReader(io.StringIO(cited.stdout)))
    assert [(r["fact_id"], r["predicate"], r["value"]) for r in rows[:3]] == [
        ("F003-57", "count", "3"), ("F003-58", "count", "4"), ("F003-59", "count", "6")]  # the last is F003-56
    assert [r["fact_id"] for r in rows] == [f"F003-{n}" for n in range(57, 57 + len(rows))]
    every = parkdb("suggest", "003", "--all", "--csv")
    assert every.stdout.splitlines()[0] == ",".join(FACT_COLUMNS)
    numbers = [r for r in csv.DictReader(io.StringIO(every.stdout)) if r["value"]]
    assert len(numbers) == 10  # 7 cited + those 3


def test_suggest_unknown_seed(home: Path) -> None:
    result = parkdb("suggest", "009")
    assert result.exit_code == 1
    assert "009" in result.stderr and "Traceback" not in result.output


# --- the same amount in two articles -----------------------------------------------------------

# Two fictional articles, written for this test: a running total each year, and one deal reported
# in both.
RIVERSIDE = ("""Riverside Test Zone keeps growing

A fictional article, written for parkdb's tests.

Updated: 2021-06-01

Riverside Test Zone has invested 6.8 billion yuan in recent years. This year the zone signed \
projects worth 2 billion yuan.
""", """Riverside Test Zone looks back

A fictional article, written for parkdb's tests.

Updated: 2022-06-01

Riverside Test Zone invested 9.1 billion yuan over the past decade. In 2021 the zone signed \
projects worth 2 billion yuan.
""")


def riverside(home: Path, tmp_path: Path, restates: str) -> str:
    """Add both articles and their amounts; return the database built from them."""
    for number, text in enumerate(RIVERSIDE):
        assert parkdb("add", str(article(tmp_path, text, f"r{number}.txt")), "--yes").exit_code == 0
    seeds = sorted(p.name for p in (home / "seeds").iterdir())[-2:]
    with open(home / "data" / "entities.csv", "a", encoding="utf-8") as handle:
        handle.write("Riverside Test Zone,zone,\n")
    base = dict.fromkeys(FACT_COLUMNS, "") | {"subject": "Riverside Test Zone",
                                               "predicate": "investment", "unit": "CNY"}
    amounts = [
        ("F005-04", seeds[0], "6800000000", "6.8 billion yuan", "2021", "published", "actual",
         "Riverside Test Zone has invested 6.8 billion yuan in recent years", "", "yes"),
        ("F005-05", seeds[0], "2000000000", "2 billion yuan", "2021", "implied", "signed",
         "This year the zone signed projects worth 2 billion yuan", "", ""),
        ("F006-04", seeds[1], "9100000000", "9.1 billion yuan", "2022", "published", "actual",
         "Riverside Test Zone invested 9.1 billion yuan over the past decade", "", "yes"),
        ("F006-05", seeds[1], "2000000000", "2 billion yuan", "2021", "stated", "signed",
         "In 2021 the zone signed projects worth 2 billion yuan", restates, ""),
    ]
    names = ("fact_id", "seed", "value", "value_text", "year", "year_basis", "status", "quote",
             "restates", "running_total")
    facts = home / "data" / "facts.csv"
    write_facts(read_facts(facts) + [base | dict(zip(names, a, strict=True)) for a in amounts],
                facts)
    assert parkdb("check", "--fix", "--csv").exit_code == 0
    db = str(tmp_path / "r.db")
    assert parkdb("build", "--db", db).exit_code == 0
    return db


def test_a_restated_amount_and_running_totals_are_counted_once(home: Path,
                                                               tmp_path: Path) -> None:
    db = riverside(home, tmp_path, restates="F005-05")
    found = parkdb("investments", "--by", "park", "--cite", "--csv", "--db", db,
                   "-c", "park,actual,signed,facts,fact_ids")
    # actual 9.1 bn (the latest running total; not + 6.8) and signed 2 bn (the latest report; not
    # + 2 again), each class its own figure
    assert "Riverside Test Zone,9100000000,2000000000,2,F006-04 F006-05\n" in found.stdout
    assert "warning" not in parkdb("check", "--csv").stderr


def test_the_same_amount_unlinked_is_counted_twice_and_check_warns(home: Path,
                                                                   tmp_path: Path) -> None:
    db = riverside(home, tmp_path, restates="")
    found = parkdb("investments", "--by", "park", "--csv", "--db", db, "-c", "park,actual,signed")
    assert "Riverside Test Zone,9100000000,4000000000\n" in found.stdout  # 9.1; 2 + 2 bn
    warned = parkdb("check", "--csv").stderr
    assert warned.count("parkdb: warning:") == 1  # the running totals are said to be so
    assert ": F006-05 (006_" in warned
    assert ") and F005-05 (005_" in warned
    assert ("both give the investment in CNY of 'Riverside Test Zone' for overlapping years, "
            "and nothing links them (expected restates F005-05 on F006-05 if it is the same amount "
            "reported again; part_of if one is a share of the other; running_total yes on a total "
            "to its date; or running_total no on F006-05 if it is an amount of its own)") in warned


def test_restates_must_name_the_same_quantity(home: Path, tmp_path: Path) -> None:
    with pytest.raises(AssertionError):
        riverside(home, tmp_path, restates="F005-04x")
    result = parkdb("check", "--csv")
    assert "restates: points to 'F005-04x', which is not a fact_id" in result.stderr


def test_check_fix_says_what_it_wrote_even_when_the_check_fails(home: Path) -> None:
    facts = home / "data" / "facts.csv"
    rows = read_facts(facts)
    rows[3].update(start="", end="")  # F000-04, located
    rows[5].update(quote="The park's area", start="", end="")  # F000-06: not in the article
    write_facts(rows, facts)
    result = parkdb("check", "--fix", "--csv")
    assert result.exit_code == 1
    assert "check --fix: wrote the offsets of 1 quote into facts.csv" in result.stderr
    assert ("1 problem found; facts.csv has the offsets of 1 quote written above, and nothing "
            "else was written") in result.stderr
    assert "nothing was written" not in result.stderr
    assert read_facts(facts)[3]["start"] == "118"


def test_suggest_links_a_later_report_to_the_earlier_one(home: Path, tmp_path: Path) -> None:
    for number, text in enumerate(RIVERSIDE):
        assert parkdb("add", str(article(tmp_path, text, f"r{number}.txt")), "--yes").exit_code == 0
    first = parkdb("suggest", "005", "--write", "--csv")
    assert first.exit_code == 0, first.output
    facts = home / "data" / "facts.csv"
    rows = read_facts(facts)
    for row in rows:
        row["note"] = row["note"].removeprefix("PROPOSED by parkdb suggest").removeprefix("; ")
    write_facts(rows, facts)
    second = {r["value"]: r for r in csv.DictReader(io.StringIO(parkdb("suggest", "006", "--csv").stdout))}
    assert (second["2000000000"]["subject"], second["2000000000"]["year"]) == ("Riverside Test Zone", "2021")
    assert second["2000000000"]["restates"] == "F005-04"  # the same deal, reported again (F005-01..02: metadata)
    assert second["9100000000"]["running_total"] == "yes"
    assert "a running total after F005-03 (6.8 billion yuan, 2021-06-01)" in second["9100000000"]["note"]
