"""What each view says: places found by any of their regions, search in FTS5's language, how a
total was counted in the data, hints between --subject and --region, completion of short names.

Expected values are worked out from data/facts.csv by hand.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from parkdb.commands.completion import values
from parkdb.queries.search import expression, snippet, spans
from tests.test_cli import Run, rows

GUOHUA = "Beijing Guohua Technology Group"  # F002-20 located_in Beijing, F002-21 Tangshan


@pytest.mark.parametrize("region", ["Beijing", "Tangshan", "Hebei", "Beijing-Tianjin-Hebei"])
def test_a_company_in_two_regions_is_found_by_either_and_once(run: Run, region: str) -> None:
    found = [r["company"] for r in rows(run("companies", "--region", region))]
    assert found.count(GUOHUA) == 1


def test_a_company_in_two_regions_lists_both(run: Run) -> None:
    [guohua] = [r for r in rows(run("companies")) if r["company"] == GUOHUA]
    assert (guohua["region"], guohua["city"], guohua["province"]) == (
        "Beijing; Tangshan", "Tangshan", "Beijing; Hebei")
    [listed] = [r for r in json.loads(run("companies", "--json").stdout) if r["company"] == GUOHUA]
    assert listed["region"] == ["Beijing", "Tangshan"]


def test_facts_by_region_find_a_subject_placed_in_two(run: Run) -> None:
    # F002-16..F002-22 are facts about Guohua (F002-23 names it as an object)
    ids = {r["fact_id"] for r in rows(run("facts", "--region", "Beijing"))}
    assert {f"F002-{n}" for n in range(16, 23)} <= ids
    ids = [r["fact_id"] for r in rows(run("facts", "--region", "Beijing", "--region", "Tangshan"))]
    assert len(ids) == len(set(ids))


def _search(run: Run, *words: str) -> list[dict[str, str]]:
    return rows(run("search", *words, "--csv"))


def test_a_phrase_is_a_phrase(run: Run) -> None:
    # only article 001 says "12 billion" (F001-29: output value of 12 billion yuan)
    for words in (["12 billion"], ['"12 billion"']):
        [hit] = _search(run, *words)
        assert hit["seed"].startswith("001_") and hit["facts"] == "F001-29"
        assert "«12 billion»" in hit["snippet"]
    assert len(_search(run, "12", "billion")) > 1  # both words anywhere


def test_prefixes_or_not_near(run: Run) -> None:
    rubber = {(h["seed"], h["start"]) for h in _search(run, "rubber")}
    assert {(h["seed"], h["start"]) for h in _search(run, "rubb*")} == rubber
    both = _search(run, "rubber OR gears")
    assert {(h["seed"], h["start"]) for h in both} == rubber  # gears only beside rubber
    [apart] = _search(run, "rubber NOT gears")
    assert apart["start"] == "306"
    [near] = _search(run, "NEAR(reclaimed gears, 5)")
    assert near["start"] == "3547"


def test_glued_words_are_found_by_their_parts(run: Run) -> None:
    # article 002 writes "BeijingTianjinHebei" (F002-19's paragraph, at 1819)
    hits = _search(run, "Tianjin")
    glued = [h for h in hits if "Beijing«Tianjin»Hebei" in h["snippet"]]
    assert glued and glued[0]["start"] == "1819" and glued[0]["facts"] == "F002-19"
    assert hits.index(glued[0]) > 0  # the word index's hits come first


def test_a_hit_names_the_facts_whose_quotes_hold_the_match(run: Run) -> None:
    # the paragraph at 3547 holds F000-43..F000-46; "rubber" is in the quotes of F000-45, F000-46
    [hit] = [h for h in _search(run, "rubber") if h["start"] == "3547"]
    assert hit["facts"] == "F000-45 F000-46"


@pytest.mark.parametrize("query", ['"12 billion', "AND", "NEAR(", "rubber OR"])
def test_a_bad_query_is_an_error_not_a_traceback(run: Run, query: str) -> None:
    result = run("search", query)
    assert result.exit_code == 1
    assert "FTS5" in result.stderr and "Traceback" not in result.output


def test_expression_and_snippet() -> None:
    assert expression(("12 billion",)) == '"12 billion"'
    assert expression(("1.8", "rubb*")) == '"1.8" rubb*'
    assert expression(("Beijing-Tianjin-Hebei",)) == '"Beijing-Tianjin-Hebei"'
    assert expression(("a OR b",)) == "a OR b"
    marked = "word " * 60 + "\x01match\x02 " + "tail " * 60
    text = snippet(marked)
    assert "«match»" in text and text.startswith("…") and text.endswith("…")
    assert len(text) < 220 and " wor " not in text
    assert json.loads(spans("ab \x01cd\x02 e", 100)) == [[103, 105]]


def test_how_a_row_was_counted_is_in_the_csv(run: Run) -> None:
    # --year 2014: F003-23 (signed "since 2013", 2013-2014) overlaps 2014 and reaches outside it
    [hebei] = rows(run("investments", "--year", "2014"))
    assert hebei["outside_years"] == "F003-23 2013-2014"
    # --sector food: Chengde's deals count because the zone lists green food
    [hebei] = rows(run("investments", "--sector", "food"))
    assert "F003-23 of Chengde High-tech Zone (green food)" in hebei["by_holder_sector"]
    assert "by_holder_sector" not in rows(run("investments"))[0]


def test_a_region_asked_as_a_subject_says_so(run: Run) -> None:
    result = run("facts", "--subject", "Chengde")
    inside = len(rows(run("facts", "--region", "Chengde")))
    assert f"Chengde is a region: 0 facts are about Chengde itself; {inside} facts" in result.stderr
    assert "--region 'Chengde'" in result.stderr


def test_a_park_asked_as_a_region_says_so(run: Run) -> None:
    result = run("facts", "--region", "Chengde High-tech Zone")
    assert result.exit_code == 1
    assert "'Chengde High-tech Zone' is a zone in Chengde" in result.stderr
    assert "--subject 'Chengde High-tech Zone'" in result.stderr


def test_completion_offers_short_names(bundled_db: Path) -> None:
    assert "pharmaceuticals" in values(str(bundled_db), "sector", "pharm")
    assert "electronics" in values(str(bundled_db), "sector", "elec")
    assert "Greater Bay Area" in values(str(bundled_db), "region", "Greater")
    assert "Beijing" in values(str(bundled_db), "region", "bei")


def test_jsonl_shortcut(run: Run) -> None:
    lines = run("sources", "--jsonl").stdout.splitlines()
    assert len(lines) == 5 and json.loads(lines[0])["seed"].startswith("000_")


def test_parks_by_sector_show_the_matching_sector(run: Run) -> None:
    out = {r["park"]: r["matching_sectors"] for r in rows(run("parks", "--sector", "food"))}
    assert out["Chengde High-tech Zone"] == "green food"
    table = run("parks", "--sector", "food", "--format", "table").stdout
    assert "green food" in table


def test_the_tests_keep_out_of_home(tmp_path: Path) -> None:
    assert Path(os.environ["HOME"]).is_relative_to(tmp_path)
    assert os.environ["LESSHISTFILE"] == "-"
