"""The GB/T 2260 gazetteer suggest reads place names with, and the rows that are not numbers it
proposes. Texts here are fictional, written for these tests, with real place names."""

from __future__ import annotations

import csv

import pytest

from parkdb import resources
from parkdb.curation import gazetteer
from parkdb.curation.context import sentences
from parkdb.curation.propose import propose
from parkdb.curation.subjects import Names

REGIONS = {r["name"]: r for r in csv.DictReader((resources.bundled_root() / "data" / "regions.csv").open(
    encoding="utf-8"))}
CLASSES = {r["code"]: r["name_en"] for r in csv.DictReader(
    (resources.bundled_root() / "data" / "industry_classes.csv").open(encoding="utf-8"))}


def test_every_division_of_every_level_is_there() -> None:
    places = gazetteer.places()
    levels = [p.level for p in places.values()]
    assert levels.count("province") == 34 and levels.count("prefecture") == 333
    assert len(places) == 3213
    assert all(p.parent in places for p in places.values() if p.parent)


@pytest.mark.parametrize(("code", "name", "parent"), [  # checked against the codes as remembered
    ("110000", "Beijing", ""), ("440300", "Shenzhen", "440000"), ("451200", "Hechi", "450000"),
    ("451202", "Jinchengjiang district", "451200"), ("451203", "Yizhou district", "451200"),
    ("310115", "Pudong New Area", "310000"), ("610100", "Xi'an", "610000"), ("340300", "Bengbu", "340000"),
    ("341500", "Lu'an", "340000"), ("150000", "Inner Mongolia", ""), ("131100", "Hengshui", "130000"),
])
def test_sample_codes(code: str, name: str, parent: str) -> None:
    place = gazetteer.places()[code]
    assert (place.name, place.parent) == (name, parent)


def test_the_curated_codes_name_the_same_places() -> None:
    for row in REGIONS.values():
        if row["code"]:
            place = gazetteer.places()[row["code"]]
            assert row["name"] in (place.name, *place.aliases), (row, place)


def test_places_are_found_by_their_pinyin_names_and_resolved_by_context() -> None:
    text = ("The park, in Yizhou district of Hechi, Guangxi, grows. Jinchengjiang is near. "
            "The Guide to investing is free. Chaoyang district in Beijing also grows.")
    found = gazetteer.find(text)
    chosen = gazetteer.resolve(found)
    named = {text[m.start:m.end]: chosen[m.start].code for m in found if m.start in chosen}
    assert named == {"Yizhou district": "451203", "Hechi": "451200", "Guangxi": "450000",
                     "Jinchengjiang": "451202", "Chaoyang district": "110105", "Beijing": "110000"}
    name, rows = gazetteer.region_rows(gazetteer.places()["451203"], REGIONS)
    assert name == "Yizhou district"
    assert [(r["name"], r["parent"], r["code"]) for r in rows] == [
        ("Hechi", "Guangxi", "451200"), ("Yizhou district", "Hechi", "451203")]


ARTICLE = """Mock Valley Industrial Park grows

Mock Valley Industrial Park in Hechi, a park invented for this test, was approved by the State Council \
in December 1992. It focuses on new materials and electronics industries.

The park consists of Mock North Industrial Park and Mock South Industrial Park. It has attracted \
enterprises such as Mockfield Group and Mocktone Co., Ltd.
"""


def test_rows_that_are_not_numbers() -> None:
    names = Names.read(ARTICLE, {}, REGIONS)
    found = propose("009_x.txt", ARTICLE, names, sentences(ARTICLE), CLASSES, {})
    rows = {(r["subject"], r["predicate"], r["object"], r["year"]) for r in found.rows}
    park = "Mock Valley Industrial Park"
    assert {(park, "located_in", "Hechi", ""), (park, "event", "approved by the State Council", "1992"),
            (park, "sector", "new materials", ""), ("Mock North Industrial Park", "belongs_to", park, ""),
            ("Mock South Industrial Park", "belongs_to", park, ""), (park, "hosts", "Mockfield Group", ""),
            (park, "hosts", "Mocktone Co., Ltd.", "")} <= rows
    for row in found.rows:
        assert ARTICLE[int(row["start"]):int(row["end"])] == row["quote"]
        if row["year"]:
            assert row["year"] in row["quote"]
    assert {(s["sector"], s["code"], s["match"]) for s in found.sectors} >= {("new materials", "SEI3", "inferred")}
    assert [r["name"] for r in names.new_regions] == ["Hechi"]
