"""The analysts' questions by class, region group, time and kind, and the pages of one name.

Expected values are worked out from data/facts.csv, sectors.csv, sector_names.csv and
region_groups.csv by hand; the arithmetic is in the comments.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from parkdb.build.loader import build
from parkdb.errors import DataError
from tests.conftest import figures
from tests.test_cli import Run, rows


def parks(run: Run, *args: str) -> list[str]:
    return [r["park"] for r in rows(run("parks", *args))]


def test_parks_in_food(run: Run) -> None:
    # food = C13;C14;C15 (sector_names.csv). Written sectors all of whose GB/T codes lie there:
    # food, green food (C13-C15), instant noodle (C1433), agribusiness (C13). Parks with one:
    # Hengshui Industrial New Area (food, F000-15), Chengde High-tech Zone (green food, F003-34),
    # Longyao Food industrial cluster (F004-48), Qingxian county high-end food parks (F004-55).
    result = run("parks", "--sector", "food")
    assert sorted(parks(run, "--sector", "food")) == [
        "Chengde High-tech Zone", "Hengshui Industrial New Area",
        "Longyao Food industrial cluster", "Qingxian county high-end food industrial parks"]
    assert result.stderr == ("parkdb: food = C13, C14, C15: agribusiness, food, green food, "
                             "instant noodle\n")


def test_parks_in_electronics(run: Run) -> None:
    # electronics = C39. In it: electronic, electronic technology, mid-to-high-end electronics
    # (C39), new display and OLED (C3974), electronics components (C397, C398). Of parks only
    # Guangxi Bestone has one (F001-28, F001-30); Hezhou and Gu'an county are regions.
    # Equipment manufacturing (C33..C40, Chengde) and robotics (C3491, C3492, C3964) only overlap.
    result = run("parks", "--sector", "electronics")
    assert parks(run, "--sector", "electronics") == ["Guangxi Bestone Electronic Industrial Park"]
    assert "not counted, only partly in it: equipment manufacturing, robotics" in result.stderr


def test_parks_in_health(run: Run) -> None:
    # health = Q84: health (Hezhou, a region) and high-end health services (Yungang, F001-25)
    assert parks(run, "--sector", "health") == ["Hezhou Health Yungang Industrial Park"]


def test_parks_in_c27_at_every_spelling(run: Run) -> None:
    # C27: biomedicine (Yungang F001-24, Chengde F003-33), pharmaceutical (Jingfukang, a company),
    # traditional chinese medicine (the Anguo cluster, F004-07): three parks, ordered by province,
    # city, park (Guangxi Hezhou; Hebei Baoding, Chengde).
    expected = ["Hezhou Health Yungang Industrial Park", "traditional Chinese medicine in Anguo",
                "Chengde High-tech Zone"]
    for spelling in ("C27", "c27", "pharmaceuticals", "Pharmaceutical manufacturing"):
        assert parks(run, "--sector", spelling) == expected
    # a class deeper down: traditional chinese medicine is C27, C273 and C274, so it is not all
    # inside C274 (Chinese patent medicines): it overlaps, is named, and is not counted
    result = run("parks", "--sector", "C274")
    assert rows(result) == []
    assert result.stderr == ("parkdb: C274 = C274: no written sector; not counted, only partly "
                             "in it: traditional chinese medicine\n")
    # a written sector counts only itself
    assert parks(run, "--sector", "green food") == ["Chengde High-tech Zone"]


def test_unknown_sector_suggests(run: Run) -> None:
    result = run("parks", "--sector", "electronicz")
    assert result.exit_code == 1
    assert "no sector named 'electronicz'; did you mean 'electronic', 'electronics'" in result.stderr


def test_investments_in_beijing_tianjin_hebei(run: Run) -> None:
    # The group's members are Beijing, Tianjin and Hebei (region_groups.csv); inside Hebei:
    # signed F003-23 7.4 bn + F003-44 6.1 bn (Chengde) = 13.5 bn; planned F000-04 1.8 bn
    # (Hengshui). Never 15.3 bn in one figure.
    for name in ("Beijing-Tianjin-Hebei", "Beijing-Tianjin-Hebei region"):
        out = rows(run("investments", "--region", name))
        assert [(r["province"], figures(r), r["facts"]) for r in out] == [
            ("Hebei", {"plan": ("1800000000", "1"), "signed": ("13500000000", "2")}, "3")]


def test_cooperation_is_not_membership(run: Run) -> None:
    # Hezhou cooperates with the Greater Bay Area (F001-07) but is not a member: nothing of its
    # 15 bn is in the Bay Area.
    assert rows(run("investments", "--region", "Greater Bay Area")) == []


def test_regions_are_a_union(run: Run) -> None:
    # Hebei's cities and Hezhou, each its own row: Chengde 7.4 + 6.1 = 13.5 bn signed; Hezhou
    # 10 + 5 = 15 bn planned; Hengshui 1.8 bn planned
    out = rows(run("investments", "--region", "Hebei", "--region", "Hezhou", "--by", "city"))
    assert {r["city"]: figures(r) for r in out} == {
        "Chengde": {"signed": ("13500000000", "2")}, "Hezhou": {"plan": ("15000000000", "2")},
        "Hengshui": {"plan": ("1800000000", "1")}}


def test_by_county_never_shows_a_blank(run: Run) -> None:
    # No investment is known below city level: each says so.
    out = rows(run("investments", "--by", "county"))
    assert [(r["county"], r["plan"], r["signed"]) for r in out] == [
        ("Hezhou (city level, no county)", "15000000000", ""),
        ("Chengde (city level, no county)", "", "13500000000"),
        ("Hengshui (city level, no county)", "1800000000", "")]


def test_years_open_ranges(run: Run) -> None:
    # 2013-: only dated amounts from 2013 on: F003-23 (2013-2014) 7.4 bn + F003-44 (2014) 6.1 bn.
    # The undated plans (F000-04, F001-16, F001-23) never match a year.
    out = rows(run("investments", "--year", "2013-", "--cite"))
    assert [(r["province"], r["signed"], r["fact_ids"]) for r in out] == [
        ("Hebei", "13500000000", "F003-23 F003-44")]
    # -2013: F003-23 runs 2013-2014, so it overlaps 2013
    assert [r["signed"] for r in rows(run("investments", "--year", "-2013"))] == ["7400000000"]
    # parks with a fact about 2013 or later: every park with a dated fact from then
    assert "Hezhou Health Yungang Industrial Park" in parks(run, "--year", "2013-")
    # facts --year 2025: the two targets of Yungang (F001-26, F001-27)
    assert [r["fact_id"] for r in rows(run("facts", "--year", "2025"))] == ["F001-26", "F001-27"]


def test_published_is_the_articles_date(run: Run) -> None:
    # article 001 was published 2018-10-17: its investments are F001-16 (5 bn) + F001-23 (10 bn)
    out = rows(run("investments", "--published", "2018"))
    assert [(r["province"], r["plan"]) for r in out] == [("Guangxi", "15000000000")]


def test_output_value_by_province(run: Run) -> None:
    # Guangxi: F001-27 50 bn (Yungang, target 2025) and F001-29 12 bn (Bestone, expected: a
    # plan), never 62 bn. Hebei: F004-36 nearly 100 m (Hebei Duofu Food, actual 2019).
    out = rows(run("amounts", "--kind", "output_value", "--by", "province"))
    assert [(r["kind"], r["province"], figures(r), r["facts"], r["approximate"]) for r in out] == [
        ("output_value", "Guangxi", {"plan": ("12000000000", "1"), "target": ("50000000000", "1")},
         "2", "0"),
        ("output_value", "Hebei", {"actual": ("100000000", "1")}, "1", "1")]


def test_amounts_never_add_kinds(run: Run) -> None:
    out = rows(run("amounts", "--by", "province"))
    # one row per kind and province: investment x2, output_value x2, revenue x1. Hebei's revenue:
    # F004-13 (1,980 bn, Hebei's clusters, 2019) and F004-66 (3.64 bn, Bazhou, 2019) are measures
    # of a region and of a city inside it for one year: not additive, both named.
    assert [(r["kind"], r["province"], figures(r)) for r in out] == [
        ("investment", "Hebei", {"plan": ("1800000000", "1"), "signed": ("13500000000", "2")}),
        ("investment", "Guangxi", {"plan": ("15000000000", "2")}),
        ("output_value", "Guangxi", {"plan": ("12000000000", "1"),
                                     "target": ("50000000000", "1")}),
        ("output_value", "Hebei", {"actual": ("100000000", "1")}),
        ("revenue", "Hebei", {"actual": ("", "2")})]
    assert out[-1]["not_additive"] == (
        "actual: F004-13 1.98 trillion yuan (2019, Hebei) / F004-66 3.64 billion yuan (2019, Bazhou)")


def test_amounts_by_sector_say_how_they_are_attributed(run: Run) -> None:
    # biomedicine: Chengde's two signed amounts (13.5 bn) and Yungang's 10 bn; the title says the
    # attribution is by the sectors of the subject
    result = run("amounts", "--kind", "investment", "--by", "sector", "--sector", "biomedicine",
                 "--format", "json")
    data = json.loads(result.stdout)
    # 13.5 bn signed and 10 bn planned, never 23.5 bn
    assert [(r["sector"], r["signed"], r["plan"], r["facts"]) for r in data] == [
        ("biomedicine", 13500000000, 10000000000, 3)]
    assert "not by what the money is for" in result.stderr


def test_show_chengde_high_tech_zone(run: Run) -> None:
    page = json.loads(run("show", "Chengde High-tech Zone", "--json").stdout)
    assert (page["name"], page["kind"], page["city"], page["province"]) == (
        "Chengde High-tech Zone", "zone", "Chengde", "Hebei")
    sections = page["sections"]
    where = {r["what"]: r for r in sections["Where and what"]}
    assert where["located_in"] == {"fact_id": "F003-04", "what": "located_in", "value": "Chengde"}
    assert where["region chain (GB/T 2260)"]["value"] == \
        "Chengde 130800 < Hebei 130000 < China"
    assert where["in economic regions"]["value"] == "Beijing-Tianjin-Hebei region"
    # amounts: F003-23 7.4 bn (2013-2014) + F003-44 6.1 bn (2014), both signed investment, both
    # counting: 13.5 bn signed from 2 facts
    assert [(a["fact_id"], a["kind"], a["value"], a["status"], a["period"], a["counted"])
            for a in sections["Amounts"]] == [
        ("F003-23", "investment", 7400000000, "signed", "2013-2014", "counts"),
        ("F003-44", "investment", 6100000000, "signed", "2014", "counts")]
    assert [(a["kind"], a["class"], a["value"], a["facts"])
            for a in sections["Amounts by status class"]] == [
        ("investment", "signed", 13500000000, 2)]
    sectors = {s["sector"]: s["classes"] for s in sections["Sectors"]}
    assert sectors["green food"][0] == "C13 Agricultural and sideline food processing (inferred)"
    assert len(sections["Hosts, projects and partners"]) == 13  # 4 partners, 1 hosted, 8 projects
    assert [a["seed"] for a in sections["Articles"]] == ["003_37c33071b06477f7.txt"]


def test_show_converts_areas_and_finds_parts_of_names(run: Run) -> None:
    page = json.loads(run("show", "primary land development", "--json").stdout)
    # F003-47: nearly 11,000 mu; 1,500 mu = 1 km2, so 11,000 / 1,500 = 7.333... km2
    (area,) = page["sections"]["Areas"]
    assert (area["value"], area["unit"], round(area["km2"], 3), area["factor"]) == (
        11000, "mu", 7.333, "1 mu = 1/1500 km2")
    assert json.loads(run("show", "Yungang", "--json").stdout)["name"] == \
        "Hezhou Health Yungang Industrial Park"
    result = run("show", "Industrial Park")
    assert result.exit_code == 1 and "'Guangxi Digital Hezhou Industrial Park'" in result.stderr


def test_companies(run: Run) -> None:
    out = {r["company"]: r for r in rows(run("companies", "--sector", "food"))}
    # food companies: Hebei Duofu Food (F004-34), Yihai Kerry (F004-61), Beijing Daoxiang
    # Village, Dali, Zhouheiya (F004-70..72), Jinmailang (instant noodle, F004-50)
    assert sorted(out) == ["Beijing Daoxiang Village", "Dali", "Hebei Duofu Food",
                           "Jinmailang", "Yihai Kerry", "Zhouheiya"]
    assert out["Jinmailang"]["park"] == "Longyao Food industrial cluster"  # F004-49 hosts
    assert out["Yihai Kerry"]["hosted_by"] == "Bazhou"  # F004-59, a region
    chengde = rows(run("companies", "--park", "Chengde High-tech Zone"))
    assert [r["company"] for r in chengde] == ["Jingfukang Pharmaceutical Group Co., Ltd."]


def test_sectors_tree(run: Run) -> None:
    out = rows(run("sectors"))
    # the first section is C, with every division beneath; food sits under C13, C14 and C15
    assert out[0]["section"] == "C" and out[0]["name"] == "Manufacturing"
    food = [r for r in out if r["name"] == "food"]
    assert [r["code"] for r in food] == ["C13", "C14", "C15"]
    assert food[0]["facts"] == "11"  # F000-15, F004-34, -48, -55, -58, -61, -68, -69, -70..-72
    assert out[-1]["code"] == "SEI9"


@pytest.mark.parametrize("file, line, message", [
    ("sectors.csv", "food,C99,exact,\n",
     "sectors.csv:{line}: code: unknown class 'C99' (expected a code of industry_classes.csv)"),
    ("region_groups.csv", "Greater Bay Area,Atlantis,\n",
     "region_groups.csv:{line}: group: unknown region 'Greater Bay Area' (expected a name in "
     "regions.csv)"),
    ("industry_classes.csv", "C271,group,Chemical medicine,\n",
     ""),
    ("industry_classes.csv", "C9,division,Nonsense,\n",
     "industry_classes.csv:{line}: code: 'C9' is not a division code (expected e.g. C27)"),
])
def test_bad_class_rows_are_reported(workdir: Path, file: str, line: str, message: str) -> None:
    # the bad row is appended: its line is the file's line count + 1 (the curated files grow)
    path = workdir / "data" / file
    message = message.format(line=len(path.read_bytes().splitlines()) + 1)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(line)
    if not message:  # a well-formed new group under C27 is fine
        build(workdir / "data", workdir / "seeds", workdir / "out.db")
        return
    with pytest.raises(DataError) as caught:
        build(workdir / "data", workdir / "seeds", workdir / "out.db")
    assert message in str(caught.value)


def test_a_sector_without_a_class_is_refused(workdir: Path) -> None:
    path = workdir / "data" / "sectors.csv"
    kept = [ln for ln in path.read_text(encoding="utf-8").splitlines(keepends=True)
            if not ln.startswith("cookware,")]
    path.write_text("".join(kept), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        build(workdir / "data", workdir / "seeds", workdir / "out.db")
    assert "facts.csv:" in str(caught.value)
    assert ("object: sector 'cookware' has no class in sectors.csv (expected a row "
            "sector,code,match,note for it)") in str(caught.value)


def test_doubtful_facts_are_shown_and_can_be_left_out(run: Run) -> None:
    # Hebei's investment: planned F000-04 1.8 bn; signed F003-23 7.4 bn + F003-44 6.1 bn = 13.5
    # bn, of which F003-23 is doubtful (the 7.4 bn may cover only the domestic-funded projects):
    # without it, signed 13.5 - 7.4 = 6.1 bn
    hebei = [r for r in rows(run("investments", "--csv")) if r["province"] == "Hebei"]
    assert [(r["plan"], r["signed"], r["facts"], r["doubtful"]) for r in hebei] == [
        ("1800000000", "13500000000", "3", "1")]
    kept = [r for r in rows(run("investments", "--exclude-doubtful", "--csv"))
            if r["province"] == "Hebei"]
    assert [(r["plan"], r["signed"], r["facts"], r["doubtful"]) for r in kept] == [
        ("1800000000", "6100000000", "2", "0")]
    # 243 facts (239 + the three name-read sectors F003-54..56 + Qinghe's cashmere F004-73),
    # 16 of them doubtful (19 - F004-13/14/15, of which only the '269 counties' wording is in doubt)
    assert len(rows(run("facts", "--exclude-doubtful", "--csv"))) == 243 - 16
    # Hebei's province-wide revenue survives --exclude-doubtful: F004-13 1.98 tn and F004-66
    # 3.64 bn (Bazhou, doubtful) overlap (one region inside the other, one year): no figure, 2
    # facts; without the doubtful one, 1.98 tn from 1 fact
    revenue = [(r["actual"], r["actual_facts"], r["doubtful"]) for r in rows(run(
        "amounts", "--kind", "revenue", "--csv")) if r["province"] == "Hebei"]
    assert revenue == [("", "2", "1")]
    revenue = [(r["actual"], r["actual_facts"], r["doubtful"]) for r in rows(run(
        "amounts", "--kind", "revenue", "--exclude-doubtful", "--csv")) if r["province"] == "Hebei"]
    assert revenue == [("1980000000000", "1", "0")]
    assert {r["basis"] for r in rows(run("facts", "--csv"))} == {
        "stated", "name", "context", "doubtful"}


def test_a_chart_labels_every_bar_with_every_grouping_column(run: Run) -> None:
    chart = run("amounts", "--by", "province", "--chart").stdout
    # three kinds on one chart: each bar says which kind it is
    assert "investment · Hebei" in chart and "output_value · Guangxi" in chart
    years = run("investments", "--by", "province,year", "--chart").stdout
    # Hebei's investments: 7.4 bn in 2013-2014, 6.1 bn in 2014, 1.8 bn undated, each bar of one
    # status class
    assert "Hebei · 2013-2014 · signed" in years and "Hebei · undated · plan" in years


def test_the_investments_view_counts_nothing_twice(run: Run) -> None:
    # F000-25 (about 100 million) is part_of F000-04 (1.8 bn): left out of the view, so the sums
    # by class are the command's: Hebei planned 1.8 bn (not 1.9), signed 7.4 + 6.1 = 13.5 bn
    out = rows(run("sql", "SELECT province, status_class, sum(value) AS total FROM investments "
                          "GROUP BY province, currency, status_class ORDER BY total DESC", "--csv"))
    assert [(r["province"], r["status_class"], r["total"]) for r in out] == [
        ("Guangxi", "plan", "15000000000"), ("Hebei", "signed", "13500000000"),
        ("Hebei", "plan", "1800000000")]


def test_names_as_analysts_type_them(run: Run) -> None:
    # a part of one name is that name, in filters as in show
    assert {r["subject"] for r in rows(run("facts", "--subject", "Yungang", "--csv"))} == {
        "Hezhou Health Yungang Industrial Park"}
    # a part of several names lists them
    ambiguous = run("source", "00")
    assert ambiguous.exit_code == 1
    assert "'00' could be any of several: '000_116b4bab6e28bba9.txt'" in ambiguous.stderr
    # apostrophes and spaces do not hide the closest name
    assert "did you mean \"Xiong'an New Area\"" in run("parks", "--region", "xiongan").stderr


def test_a_sector_stated_twice_counts_an_amount_once(tmp_path: Path) -> None:
    # a second article giving Chengde High-tech Zone the sector "biomedicine" again (a copy of
    # F003-33) must not double its 7.4 + 6.1 = 13.5 bn under biomedicine
    from parkdb.build.loader import build as build_db
    from tests.conftest import DATA, SEEDS, read_facts, write_facts

    data = tmp_path / "data"
    data.mkdir()
    for path in DATA.iterdir():
        (data / path.name).write_bytes(path.read_bytes())
    facts = read_facts(data / "facts.csv")
    facts.append({**next(f for f in facts if f["fact_id"] == "F003-33"), "fact_id": "F003-90"})
    write_facts(facts, data / "facts.csv")
    build_db(data, SEEDS, tmp_path / "twice.db")
    from click.testing import CliRunner

    from parkdb.cli import cli

    out = CliRunner().invoke(cli, ["investments", "--by", "sector", "--sector", "biomedicine",
                                   "--csv", "--db", str(tmp_path / "twice.db")]).stdout
    # Chengde's two signed amounts once: 7.4 + 6.1 = 13.5 bn from 2 facts; Yungang's 10 bn is
    # biomedicine too, planned: 1 fact. 3 facts in all, as with the sector stated once.
    found = [(r["sector"], figures(r), r["facts"]) for r in csv.DictReader(io.StringIO(out))]
    assert found == [("biomedicine", {"plan": ("10000000000", "1"),
                                      "signed": ("13500000000", "2")}, "3")]
