"""Totals of the grown base (issue 22): the full bundled data, 26 articles, not the five-article copy
every other test builds from.

Each expected figure is worked out by hand from the rows of data/facts.csv that the comment names
(value, unit, status, part_of, equivalent_of, running_total), never copied from parkdb's output.
Only provinces that no article in preparation is about are asserted (Chongqing, Guangdong, Guizhou,
Yunnan, Tianjin, Guangxi, Henan): new articles on Hubei, Anhui and Jiangsu are being added, and
their totals will change. The grown base's one restated amount is Hubei's (F007-07 restates
F006-09) and it has no superseded running total of money at all (its one superseded running total
is a count, China's national high-tech zones, F009-04 then F010-09, in two Anhui articles), so those
rules are held on fictional articles in test_totals.py; here, two running totals of one holder in
two status classes both count (Chongqing).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parkdb.build.loader import build
from tests.conftest import BUNDLED, figures, row, totals


@pytest.fixture(scope="module")
def grown_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database built once from the full bundled data (tests must not write to it)."""
    path = tmp_path_factory.mktemp("grown") / "parkdb.db"
    build(BUNDLED / "data", BUNDLED / "seeds", path)
    return path


# Investment by province in yuan: each status class its own figure and fact count.
PROVINCES = {
    # F008-04 3 bn planned (undated "will invest"); F008-12 6.36 bn under construction (the 64
    # upgrade projects to date); F008-10 2.8 bn actual (government funds since May 2020). F008-10
    # and F008-12 are both running totals of Liangjiang New Area to the same date, but of two
    # classes, so neither supersedes the other; F008-05 is F008-04 in dollars (equivalent_of).
    "Chongqing": {"plan": ("3000000000", "1"), "under_way": ("6360000000", "1"),
                  "actual": ("2800000000", "1")},
    # F012-07 85.02 bn (the 203 major projects of 2020) + F012-09 318.2 bn (new infrastructure,
    # undated, doubtful) = 403.22 bn planned; F012-10's 25.05 bn is part_of F012-07, not added.
    # F012-04 9.7 bn actual (completed to date; F012-05 is it in dollars).
    "Guangdong": {"plan": ("403220000000", "2"), "actual": ("9700000000", "1")},
    # F024-06 the 30 bn annual goal (target); F024-09 15.58 bn signed January to May: never 45.58.
    "Guizhou": {"target": ("30000000000", "1"), "signed": ("15580000000", "1")},
    # F025-06 18.2 bn of industrial investment + F025-20 3 bn for infrastructure (an "also", no
    # part_of), both planned for 2022-2024: 21.2 bn; F025-07 is F025-06 in dollars.
    "Yunnan": {"plan": ("21200000000", "2")},
    # F022-10 19.5 bn, the FAW-Volkswagen base under construction in Binhai New Area. Binhai's
    # US$33.25 bn of foreign investment (F022-11) is stated only in dollars: not a yuan amount.
    "Tianjin": {"under_way": ("19500000000", "1")},
    # Two articles: seed 001's F001-16 5 bn (Digital Hezhou) + F001-23 10 bn (Yungang) = 15 bn
    # planned; seed 020's F020-10 14 bn actual (Qinzhou park, total to date). Kuantan's 42 bn
    # (F020-15) is in Malaysia, not Guangxi.
    "Guangxi": {"plan": ("15000000000", "2"), "actual": ("14000000000", "1")},
    # F011-06 11.66 bn, the 10 projects that began work on 2017-09-28.
    "Henan": {"under_way": ("11660000000", "1")},
}


@pytest.mark.parametrize("province", PROVINCES)
def test_investment_by_province_keeps_status_classes_apart(grown_db: Path, province: str) -> None:
    found = row(totals(grown_db, "investments", "--by", "province"), "province", province)
    assert figures(found) == PROVINCES[province]


def test_a_figure_across_classes_only_when_asked(grown_db: Path) -> None:
    found = totals(grown_db, "investments", "--mixed-total", "--region", "Chongqing",
                   "--region", "Guizhou")
    # Chongqing 3 + 6.36 + 2.8 = 12.16 bn; Guizhou 30 + 15.58 = 45.58 bn, each labelled a mix
    assert {r["province"]: r["mixed_total"] for r in found} == {
        "Chongqing": "12160000000", "Guizhou": "45580000000"}


def test_shares_and_doubtful_amounts_of_guangdong(grown_db: Path) -> None:
    plain = row(totals(grown_db, "investments"), "province", "Guangdong")
    assert (plain["approximate"], plain["doubtful"]) == ("0", "1")  # F012-09 is doubtful
    nested = row(totals(grown_db, "investments", "--include-nested"), "province", "Guangdong")
    # with the share: 85.02 + 318.2 + F012-10's 25.05 = 428.27 bn, counted twice on purpose
    assert figures(nested) == {"plan": ("428270000000", "3"), "actual": ("9700000000", "1")}
    trusted = row(totals(grown_db, "investments", "--exclude-doubtful"), "province", "Guangdong")
    # without F012-09: the 203 projects' 85.02 bn alone
    assert figures(trusted) == {"plan": ("85020000000", "1"), "actual": ("9700000000", "1")}


def test_dollars_are_the_articles_own_or_converted_at_a_named_rate(grown_db: Path) -> None:
    found = totals(grown_db, "investments", "--currency", "USD", "--region", "Tianjin",
                   "--region", "Guizhou", "--region", "Yunnan")
    # Tianjin: F022-11's own US$33.25 bn actual; F022-10's 19.5 bn / 6.6423 (the 2016 average of
    # fx_rates.csv) = $2,935,730,093.49 under way
    assert figures(row(found, "province", "Tianjin")) == {
        "actual": ("33250000000", "1"), "under_way": ("2935730093.49", "1")}
    # Guizhou: F024-07's own $4.18 bn target; F024-09's 15.58 bn at the rate article 024 implies
    # (30 bn / $4.18 bn): 15.58 bn x 4.18 / 30 = $2,170,813,333.33 signed
    assert figures(row(found, "province", "Guizhou")) == {
        "target": ("4180000000", "1"), "signed": ("2170813333.33", "1")}
    # Yunnan: F025-07's own $2.77 bn + F025-20's 3 bn at article 025's rate (18.2 bn / $2.77 bn):
    # 2.77 bn + 3 bn x 2.77 / 18.2 = 2.77 bn + 456,593,406.59 = $3,226,593,406.59
    assert figures(row(found, "province", "Yunnan")) == {"plan": ("3226593406.59", "2")}
    assert {r["province"]: r["converted"] for r in found} == {
        "Tianjin": "1", "Guizhou": "1", "Yunnan": "1"}


def test_output_value_status_classes_of_tianjin_and_guangxi(grown_db: Path) -> None:
    found = totals(grown_db, "amounts", "--kind", "output_value", "--by", "province")
    # TEDA: more than 416.7 bn actual in January-June 2014 (F015-06) and 900 bn expected for the
    # whole of 2014 (F015-09, a plan): never 1,316.7 bn
    assert figures(row(found, "province", "Tianjin")) == {
        "plan": ("900000000000", "1"), "actual": ("416700000000", "1")}
    # Hezhou: Yungang's 2025 target of 50 bn (F001-27) and Bestone's expected 12 bn (F001-29)
    assert figures(row(found, "province", "Guangxi")) == {
        "plan": ("12000000000", "1"), "target": ("50000000000", "1")}


def test_a_park_followed_across_two_articles_is_one_park_counted_once(grown_db: Path) -> None:
    parks = totals(grown_db, "parks", "--region", "Chongqing")
    # Liangjiang New Area is in 008 and 017, and placed in Chongqing by each (F008-03, F017-04):
    # one row with both seeds; the three zones 017 puts inside it (F017-05/15/16) are parks too;
    # Yuelai International Exhibition City (F017-17) is a project, not a park
    assert sorted(r["park"] for r in parks) == [
        "Guoyuan Port Comprehensive Bonded Zone", "Liangjiang Coordinative Innovation Zone",
        "Liangjiang New Area", "Lianglu Cuntan Comprehensive Bonded Zone"]
    assert row(parks, "park", "Liangjiang New Area")["seeds"] == (
        "008_6e6a60082708f8f8.txt; 017_53cc0f277d513cb9.txt")
    # its two placements never count an amount twice: the same 3 + 6.36 + 2.8 bn, one fact each
    by_park = row(totals(grown_db, "investments", "--by", "park"), "park", "Liangjiang New Area")
    in_region = totals(grown_db, "investments", "--region", "Chongqing")
    assert figures(by_park) == figures(row(in_region, "province", "Chongqing")) == PROVINCES[
        "Chongqing"]


def test_a_park_abroad_is_never_added_to_its_twin(grown_db: Path) -> None:
    found = totals(grown_db, "investments", "--by", "province")
    # F020-15, about 42 bn signed for the Kuantan park's 13 projects: Malaysia has no province
    kuantan = row(found, "province", "(no region: Malaysia-China Kuantan Industrial Park)")
    assert figures(kuantan) == {"signed": ("42000000000", "1")}
    assert kuantan["approximate"] == "1"  # "about"
    # Guangxi's approximate amounts: F001-16 "nearly 5 billion", F020-10 "over 14 billion"
    assert row(found, "province", "Guangxi")["approximate"] == "2"
