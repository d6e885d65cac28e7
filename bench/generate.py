"""Synthetic corpus generator: N facts over N/100 generated articles, shaped like the real data.

Each article has a title line, a dateline and ten paragraphs about parks; each paragraph states
eleven facts (location, two sectors, an investment in yuan with its dollar equivalent and a first
phase that is part_of it, an area, a count, an output value over part of a year or a whole year and
its growth rate, a running total of investment), every one cited by a quote at its real offsets in
the generated text; every fifth park belongs to the park before it (a belongs_to fact, once), so
that totals meet parks inside parks, overlapping periods and running totals as the real data does.
Regions form a province > city > county hierarchy. The same seed value always gives the same
files.

    python bench/generate.py 100000 bench/work/100k [--seed 1]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from parkdb.vocabulary import FACT_COLUMNS  # noqa: E402  (the one list of facts.csv's columns)

SECTORS = ["biomedicine", "new materials", "electronics", "food", "equipment manufacturing",
           "new energy", "logistics", "digital", "chemical engineering", "rubber"]
PROVINCES, CITIES, COUNTIES = 31, 4, 3


class Article:
    """Accumulates text and the facts citing it."""

    def __init__(self, name: str) -> None:
        self.name, self.text, self.facts = name, "", []

    def say(self, text: str) -> None:
        self.text += text

    def cite(self, quote: str, **fact: str) -> str:
        start = self.text.rindex(quote)
        fact_id = f"S{self.name[:6]}-{len(self.facts) + 1:03d}"
        row = {c: "" for c in FACT_COLUMNS}
        row.update(fact, fact_id=fact_id, seed=self.name, quote=quote, start=str(start),
                   end=str(start + len(quote)))
        self.facts.append(row)
        return fact_id


# Each synthetic sector's class, so that the build judges every sector fact against sectors.csv
# as it does the curated ones; the classes and analysts' names are the curated files.
SECTOR_CLASSES = {"biomedicine": "C27", "new materials": "SEI3", "electronics": "C39",
                  "food": "C14", "equipment manufacturing": "C34", "new energy": "SEI6",
                  "logistics": "SEI9", "digital": "I", "chemical engineering": "C26",
                  "rubber": "C29"}


def write_classification(data: Path) -> None:
    for name in ("industry_classes.csv", "sector_names.csv"):
        shutil.copy(ROOT / "data" / name, data / name)
    with open(data / "sectors.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["sector", "code", "match", "note"])
        writer.writerows([sector, code, "broader", "synthetic"]
                         for sector, code in SECTOR_CLASSES.items())
    with open(data / "region_groups.csv", "w", newline="", encoding="utf-8") as handle:
        handle.write("group,member,note\nCoastal region,Province 00,synthetic\n"
                     "Coastal region,Province 01,synthetic\n")


def county_name(index: int) -> str:
    p, rest = divmod(index, CITIES * COUNTIES)
    c, k = divmod(rest, COUNTIES)
    return f"County {p:02d}-{c}-{k}"


def write_regions(data: Path) -> None:
    with open(data / "regions.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["name", "level", "parent", "code", "aliases"])
        writer.writerow(["China", "country", "", "", ""])
        writer.writerow(["Coastal region", "economic region", "China", "", ""])
        for p in range(PROVINCES):
            writer.writerow([f"Province {p:02d}", "province", "China", "", ""])
            for c in range(CITIES):
                writer.writerow([f"City {p:02d}-{c}", "prefecture", f"Province {p:02d}", "", ""])
                for k in range(COUNTIES):
                    writer.writerow([f"County {p:02d}-{c}-{k}", "county", f"City {p:02d}-{c}",
                                     "", ""])


MONTHS = {"1-6": "from January to June", "1-9": "from January to September", "": "for the year"}


def paragraph(article: Article, rng: random.Random, park: str, county: str, published: str,
              outer: str | None) -> None:
    year = str(rng.randint(2010, 2024))
    s1, s2 = rng.sample(SECTORS, 2)
    billions = rng.randint(11, 99) / 10
    dollars = round(billions * 1000 / 6.9, 1)
    phase = rng.randint(1, 9) * 100
    area = rng.randint(2, 150)
    firms = rng.randint(5, 900)
    output = rng.randint(11, 99) / 10
    growth = rng.randint(10, 300) / 10
    article.say(f"{park} is located in {county}. ")
    article.cite(f"{park} is located in {county}", subject=park, predicate="located_in",
                 object=county)
    if outer is not None:
        article.say(f"{park} is part of {outer}. ")
        article.cite(f"{park} is part of {outer}", subject=park, predicate="belongs_to",
                     object=outer)
    article.say(f"It works mainly in {s1} and {s2}. ")
    article.cite(f"works mainly in {s1}", subject=park, predicate="sector", object=s1)
    article.cite(f"and {s2}", subject=park, predicate="sector", object=s2)
    quote = f"will invest {billions} billion yuan (${dollars} million) in new plants in {year}"
    article.say(f"{park} {quote}. ")
    total = article.cite(quote, subject=park, predicate="investment", object="new plants",
                         value=str(round(billions * 10**9)), unit="CNY",
                         value_text=f"{billions} billion yuan", year=year, year_basis="stated",
                         status="planned")
    article.cite(quote, subject=park, predicate="investment", object="new plants",
                 value=str(round(dollars * 10**6)), unit="USD", value_text=f"${dollars} million",
                 year=year, year_basis="stated", status="planned", equivalent_of=total)
    article.say(f"The first phase will be about {phase} million yuan. ")
    article.cite(f"first phase will be about {phase} million yuan", subject=park,
                 predicate="investment", object="first phase", value=str(phase * 10**6),
                 unit="CNY", value_text=f"{phase} million yuan", qualifier="about",
                 status="planned", part_of=total)
    article.say(f"The park covers {area} square kilometers and hosts more than {firms} "
                "enterprises. ")
    article.cite(f"covers {area} square kilometers", subject=park, predicate="area",
                 value=str(area), unit="km2", value_text=f"{area} square kilometers",
                 status="actual", object="park area")
    article.cite(f"hosts more than {firms} enterprises", subject=park, predicate="count",
                 object="enterprises", value=str(firms), unit="count", value_text=str(firms),
                 qualifier="more than", status="actual")
    months = rng.choice(list(MONTHS))
    quote = (f"output value reached {output} billion yuan {MONTHS[months]} {year}, up {growth} "
             "percent")
    article.say(f"Its {quote}. ")
    article.cite(quote, subject=park, predicate="output_value", object="park output",
                 value=str(round(output * 10**9)), unit="CNY", value_text=f"{output} billion yuan",
                 year=year, year_basis="stated", status="actual", months=months)
    article.cite(quote, subject=park, predicate="growth_rate", object="output value",
                 value=str(growth), unit="percent", value_text=f"{growth} percent", year=year,
                 year_basis="stated", status="actual")
    so_far = rng.randint(11, 99)
    quote = f"has invested {so_far} billion yuan so far"
    article.say(f"The park {quote}.\n\n")
    article.cite(quote, subject=park, predicate="investment", object="the park",
                 value=str(so_far * 10**9), unit="CNY", value_text=f"{so_far} billion yuan",
                 year=published[:4], year_basis="published", status="actual", running_total="yes")


def generate(facts: int, out: Path, seed: int = 1) -> Path:
    """Write data/ and seeds/ for about ``facts`` facts into ``out``; return ``out``."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    data, seeds = out / "data", out / "seeds"
    data.mkdir(parents=True)
    seeds.mkdir()
    write_regions(data)
    shutil.copy(ROOT / "data" / "fx_rates.csv", data / "fx_rates.csv")
    write_classification(data)
    articles = max(1, facts // 112)
    parks = max(1, articles)
    counties = PROVINCES * CITIES * COUNTIES
    with open(data / "entities.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["name", "kind", "aliases"])
        for p in range(parks):
            writer.writerow([f"Park {p:06d}", "park", ""])
    facts_file = open(data / "facts.csv", "w", newline="", encoding="utf-8")  # noqa: SIM115
    sources = open(data / "sources.csv", "w", newline="", encoding="utf-8")  # noqa: SIM115
    writer = csv.DictWriter(facts_file, fieldnames=FACT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    sources.write("seed,sha256\n")
    placed: set[int] = set()
    for a in range(articles):
        name = f"{a:06d}_synthetic.txt"
        article = Article(name)
        year, month, day = rng.randint(2010, 2024), rng.randint(1, 12), rng.randint(1, 28)
        title = f"Parks report {a}"
        article.say(f"{title}\n\nUpdated: {year}-{month:02d}-{day:02d}\n\n")
        article.cite(title, subject=name, predicate="title", object=title)
        article.cite(f"{year}-{month:02d}-{day:02d}", subject=name, predicate="published",
                     object=f"{year}-{month:02d}-{day:02d}",
                     value_text=f"{year}-{month:02d}-{day:02d}", year=str(year),
                     year_basis="stated")
        for _ in range(10):
            park = rng.randrange(parks)
            # every fifth park lies inside the one before it, which is said once
            outer = f"Park {park - 1:06d}" if park % 5 == 1 and park not in placed else None
            placed.add(park)
            paragraph(article, rng, f"Park {park:06d}", county_name(park % counties),
                      f"{year}-{month:02d}-{day:02d}", outer)
        data_bytes = article.text.encode("utf-8")
        (seeds / name).write_bytes(data_bytes)
        sources.write(f"{name},{hashlib.sha256(data_bytes).hexdigest()}\n")
        writer.writerows(article.facts)
    facts_file.close()
    sources.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("facts", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.facts, args.out, args.seed)


if __name__ == "__main__":
    main()
