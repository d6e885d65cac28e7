"""Who or what an article's clauses are about: every mention of a park, company, project or region,
matched against entities.csv and regions.csv (names and aliases) and the GB/T 2260 gazetteer, with
the names of parks, zones and companies the entity base does not know yet read from the text, and
"the zone", "the park", "it" resolved to what they refer to.

``Names.read`` builds the index of one article; ``Names.subject`` proposes the subject of a number
or a clause. A name not in entities.csv is proposed as a new entities.csv row (``Names.new``), a
place not in regions.csv as new regions.csv rows (``gazetteer.region_rows``).

Invariant: every subject proposed is an entities.csv or regions.csv name, or a new row proposed
with it; a mention's span is inside the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .. import vocabulary
from . import gazetteer
from .gazetteer import name_key as _key

_HEADS = (  # (words ending a name, the entities.csv kind they give)
    (r"(?:Industrial|Industry|Science|Technology|Tech|Ecological|Logistics|Software|Innovation)? ?Park"
     r"|Ecopark|Industrial Base|Economic Zone", "park"),
    (r"(?:Development|High-tech|Hi-tech|High-Tech|Hi-Tech|Economy|Economic|Trade|Demonstration|Cooperation"
     r"|Pilot|Bonded|Industrial|Innovation)? ?Zone|Development Area|Cooperation Area|Pilot Area"
     r"|Demonstration Area|Science City|Valley", "zone"),
    (r"New Area|New District", "new_area"),
    (r"Cluster", "cluster"),
    (r"Co\.,? ?Ltd\.?|Co\.|Company|Group|Corporation|Corp\.?|Holdings|Limited|Inc\.?", "company"),
    (r"University|Institute|Academy|Center|Centre|Association|Laboratory|Hospital", "institution"),
    (r"Project|Plaza|Base", "project"),
)
_TOKEN = r"(?:[A-Z][\w'\u2019&.-]*|\([A-Z][\w]*\)|of|and|for|the|de)"  # "China (Yunnan) Pilot Free Trade Zone"
_HEAD = "|".join(f"(?:{h})" for h, _ in _HEADS)
# Words are joined by one space only ("-" stays inside a word: "Hefei-Wuhu-Bengbu"), so a name splits
# into its words one way
_NAME = re.compile(r"\b((?:[A-Z][\w'\u2019&-]* )(?:" + _TOKEN + r" ){0,7}?)(?P<head>" + _HEAD + r")(?![\w-])")
# the same, as long as it goes: "Mock Valley Industrial Park", not "Mock Valley"
_LONG_NAME = re.compile(r"\b((?:[A-Z][\w'\u2019&-]* )(?:" + _TOKEN + r" ){0,7})(?P<head>" + _HEAD
                        + r")(?![\w-])")
_ALIAS = re.compile(r"\s*\((?P<alias>[A-Z][\w .'\u2019-]{1,40})\)|,? (?:also )?known as (?:the )?\"?\u201c?"
                    r"(?P<known>[A-Z][\w '\u2019-]{1,40}?)\"?\u201d?(?=[,.;)]|$| and)")
_ANAPHORA = re.compile(r"\b(?P<w>[Tt]he (?:(?:new|high-tech|hi-tech|development|demonstration|industrial"
                       r"|economic|pilot|science|free trade) )?(?:zone|park|area|new area|district|city"
                       r"|county|province|municipality|region|company|group|cluster|base|valley|project))\b"
                       r"|\b(?P<it>[Ii]t|[Ii]ts)\b")
_UNKNOWN_PLACE = re.compile(r"\b(?!(?:Development|Economic|Industrial|Business|Central|Financial|Commercial|Technology"
                            r"|Science|Special|New|Free|Pilot|Administrative|Bonded|Port|Downtown|Urban|Rural)\b)"
                            r"([A-Z][a-z]{2,}) ([Dd]istrict|[Cc]ounty)\b")
_NAME_GOES_ON = re.compile(r" (?!(?:And|The|In|On|At|Of)\b)[A-Z][a-z]")
CAPTION = re.compile(  # a photo caption or a date line
    r"\[photo|photo/|\(photo|\(xinhua|\.(?:jpe?g|png|gif)\b|^\s*(?:updated|source|editor|date)\s*:"
                      r"|\bupdated\s*:", re.IGNORECASE | re.MULTILINE)
# A count of the country's zones or parks: its subject is China
_NATIONWIDE_AFTER = re.compile(r"[0-9,]+\s+[^.;,]{0,90}?\b(?:zones|parks|areas)\b[^.;,]{0,20}?"
                               r"\b(?:in (?:the country|China)|nationwide|across (?:the country|China))\b")
_NATIONWIDE_BEFORE = re.compile(r"\b(?:the country['\u2019]s|China['\u2019]s)\s+$")
_WHOSE = re.compile(r"(?:['\u2019]s?)? ?")
_PREPOSITIONS = re.compile(r"\b(?:in|from|to|with|between|at|near|across|than|into|for|on|among|by|and"
                           r"|via|inside|within|around|under)\s+(?:the\s+)?$", re.IGNORECASE)
_KIND_WORDS = {"zone": ("park",), "park": ("park",), "area": ("park", "region"), "new area": ("park",),
               "valley": ("park",), "base": ("park", "project"), "cluster": ("park",),
               "district": ("region",), "city": ("region",), "county": ("region",), "province": ("region",),
               "municipality": ("region",), "region": ("region",), "company": ("company",),
               "group": ("company",), "project": ("project", "park")}
_LEVEL_WORDS = {"district": ("district", "new area"), "county": ("county", "county-level city"),
                "city": ("prefecture", "county-level city"), "province": ("province",),
                "municipality": ("province",)}
# The classes of entity kinds (vocabulary.csv), an organisation called a company here
_CLASSES = {kind: "company" if cls == "organisation" else cls
            for kind, cls in vocabulary.classes("entity_kind").items()}


@dataclass
class Mention:
    """Words naming something: its canonical name and class (park, project, company, region)."""

    start: int
    end: int
    name: str
    cls: str
    prepositional: bool = False
    anaphor: bool = False


@dataclass
class Names:
    """The names of one article, their mentions, the new entities and places they need."""

    mentions: list[Mention] = field(default_factory=list)
    new: dict[str, dict[str, str]] = field(default_factory=dict)  # entities.csv rows to propose
    places: dict[str, gazetteer.Place] = field(default_factory=dict)  # region name -> place
    new_regions: list[dict[str, str]] = field(default_factory=list)
    levels: dict[str, str] = field(default_factory=dict)  # region name -> level
    regions: dict[str, dict[str, str]] = field(default_factory=dict)  # regions.csv rows by name
    unknown_places: list[str] = field(default_factory=list)  # "X district" the gazetteer lacks
    text: str = ""
    topic: str = ""

    @classmethod
    def read(cls, text: str, entities: dict[str, dict[str, str]],
             regions: dict[str, dict[str, str]], title: str = "") -> Names:
        """Index the names of ``text`` against the entity and region tables."""
        names = cls(regions=regions, text=text)
        known: dict[str, tuple[str, str]] = {}  # lower-case words -> (name, class)
        for name, row in entities.items():
            for key in (name, *filter(None, row.get("aliases", "").split(";"))):
                for spelling in _spellings(key):
                    known.setdefault(_key(spelling), (name, _CLASSES.get(row.get("kind", ""), "park")))
        for name, row in regions.items():
            names.levels[name] = row.get("level", "")
            for key in (name, *filter(None, row.get("aliases", "").split(";"))):
                known.setdefault(_key(key), (name, "region"))
        names._read_new(text, known)
        taken = _Taken(len(text))
        for key, (name, kind) in sorted(known.items(), key=lambda k: -len(k[0])):
            for m in re.finditer(r"(?<![\w-])" + re.escape(key).replace("'", "['\u2019]") + r"(?![\w-])",
                                 text, re.IGNORECASE):
                if not text[m.start()].isupper() or taken.overlaps(m.span()):
                    continue
                taken.add(m.span())
                names.mentions.append(Mention(*m.span(), name, kind))
        names._read_places(text, regions, taken)
        names._read_unknown_places(text, taken)
        names.mentions.sort(key=lambda m: m.start)
        names._mark(text)
        names.topic = names._topic(title)
        names._resolve_anaphora(text)
        return names

    def _read_new(self, text: str, known: dict[str, tuple[str, str]]) -> None:
        """Names of parks, zones and companies not in the tables: new entities.csv rows."""
        for m in _names(text):
            words = m.group().removeprefix("The ").strip()
            words = re.sub(r"^(?:(?:In|On|At|By|From|With|During|Since|For|As|And|Of) )+", "", words)
            words = re.sub(r"^[A-Z][\w-]*['\u2019]s ", "", words)  # "Wuhan's East Lake ...": whose, not its name
            inner = re.search(r" of (?:the )?((?:[A-Z][\w'\u2019&-]*[ -]){1,6}\S+)$", words)
            if inner and inner.group(1).endswith(m["head"]):  # "Committee of Zhengzhou Airport Economy Zone"
                words = inner.group(1)
            first, joined, rest = words.rpartition(" and the ")
            if joined:  # "Origin Quantum and the Chinese Academy": the head word names the last of them
                words = rest  # ("Economic and Technological Development Zone" is one name)
            bracket = _ALIAS.match(text, m.end())
            if _key(words) in known and bracket and bracket["alias"] and _key(bracket["alias"]) not in known:
                known[_key(bracket["alias"])] = known[_key(words)]  # "Nansha Free Trade Zone (FTZ)"
            if len(words.split()) < 2 or _key(words) in known or words.split()[0] in ("The", "This", "These"):
                continue
            tail = words.split()
            if any(_is_place(" ".join(tail[i:])) for i in range(len(tail) - 1)):
                continue  # "State-level Tianjin Binhai New Area" is the gazetteer's Binhai New Area
            kind = next(k for h, k in _HEADS if re.fullmatch(h, m["head"]))
            aliases = [a for a in (bracket["alias"] or bracket["known"],) if a] if bracket else []
            same = next((known[_key(a)] for a in aliases if known.get(_key(a), ("", "region"))[1] != "region"
                         and known[_key(a)][0] not in self.new), None)
            if same is not None:  # "East Lake Hi-tech Development Zone (Optics Valley)": a known zone
                known[_key(words)] = same
                continue
            core = words[:len(words) - len(m["head"])].strip()
            if kind in ("park", "zone", "new_area") and len(core.split()) == 1 and not gazetteer.find(core):
                aliases.append(core)  # "Liangjiang" for Liangjiang New Area
            known.setdefault(_key(words), (words, _CLASSES[kind]))
            for other in aliases:  # "(Optics Valley)" is another name of the zone before it
                known[_key(other)] = (words, _CLASSES[kind])
                self.new.pop(other, None)
            if words not in {a for row in self.new.values() for a in row["aliases"].split(";")}:
                self.new.setdefault(words, {"name": words, "kind": kind, "aliases": ";".join(aliases)})

    def _read_places(self, text: str, regions: dict[str, dict[str, str]], taken: _Taken) -> None:
        found = gazetteer.find(text)
        chosen = gazetteer.resolve(found)
        for m in found:
            place = chosen.get(m.start)
            if place is None or taken.overlaps((m.start, m.end)):
                continue
            name = self._region(place)
            taken.add((m.start, m.end))
            self.mentions.append(Mention(m.start, m.end, name, "region"))

    def _read_unknown_places(self, text: str, taken: _Taken) -> None:
        """"Mockpu district": a place the gazetteer does not know, named as written (a curator adds it to
        regions.csv with its parent and code)."""
        for m in _UNKNOWN_PLACE.finditer(text):
            if not taken.overlaps(m.span()) and m.group(1) not in ("The", "This", "That", "Each", "Every"):
                name = f"{m.group(1)} {m.group(2).lower()}"
                self.mentions.append(Mention(m.start(), m.end(), name, "region"))
                self.levels.setdefault(name, {"city": "prefecture"}.get(m.group(2).lower(), m.group(2).lower()))
                if name not in self.unknown_places:
                    self.unknown_places.append(name)
                taken.add(m.span())

    def _region(self, place: gazetteer.Place) -> str:
        """The regions.csv name of a gazetteer place, proposing its rows when they are new."""
        name, rows = gazetteer.region_rows(place, self.regions | {r["name"]: r for r in self.new_regions})
        self.new_regions.extend(rows)
        self.places[name] = place
        self.levels[name] = place.level
        return name

    def place_in(self, words: str) -> str:
        """The most specific place named inside ``words`` (a park's name), as a region name, or ""."""
        found = gazetteer.find(words)
        chosen = gazetteer.resolve(found)
        near = self._provinces()
        places = sorted((chosen[m.start] for m in found if m.start in chosen
                         and (not near or gazetteer.chain(chosen[m.start])[-1].code in near)),
                        key=lambda p: -len(gazetteer.chain(p)))
        return self._region(places[0]) if places else ""

    def _provinces(self) -> set[str]:
        """The provinces of the places the article names (a name's place must lie in one of them:
        "Yungang" in a park's name in Guangxi is not Yungang district of Shanxi)."""
        codes = {self.regions[m.name].get("code", "") for m in self.mentions if m.name in self.regions}
        found = {gazetteer.chain(p)[-1].code for p in self.places.values()}
        found |= {gazetteer.chain(gazetteer.places()[c])[-1].code for c in codes if c in gazetteer.places()}
        return found

    def _mark(self, text: str) -> None:
        for mention in self.mentions:  # in a prepositional phrase, in brackets or in a longer name ("the
            # Guangdong Standing Committee"): not what a clause is about
            line = text[max(text.rfind("\n", 0, mention.start) + 1, mention.start - 200):mention.start]
            mention.prepositional = (bool(_PREPOSITIONS.search(text[max(0, mention.start - 14):mention.start]))
                                     or line.count("(") > line.count(")")
                                     or bool(mention.cls == "region" and _NAME_GOES_ON.match(text, mention.end)))
        for before, mention in zip(self.mentions, self.mentions[1:], strict=False):  # "in Wuhan, Hubei province"
            if (before.prepositional and before.cls == mention.cls == "region"
                    and text[before.end:mention.start] == ", "):
                mention.prepositional = True
        named = _Taken(len(text))
        for mention in self.mentions:
            named.add((mention.start, mention.end))
        for m in _ANAPHORA.finditer(text):
            if not named.overlaps(m.span()):
                self.mentions.append(Mention(m.start(), m.end(), m.group(), "?", bool(
                    _PREPOSITIONS.search(text[max(0, m.start() - 14):m.start()])), anaphor=True))
        self.mentions.sort(key=lambda m: m.start)

    def _topic(self, title: str) -> str:
        """The park the article is about: the one named most (in the title too), else the region."""
        counts: dict[str, int] = {}
        for m in self.mentions:
            if not m.anaphor:
                counts[m.name] = counts.get(m.name, 0) + (3 if m.cls == "park" else 1)
        for name in counts:
            if name.lower() in title.lower():
                counts[name] += 3
        return max(counts, key=lambda n: counts[n], default="")

    def _resolve_anaphora(self, text: str) -> None:
        for i, m in enumerate(self.mentions):
            word = m.name.lower().split()[-1]
            if not m.anaphor or word in ("it", "its"):
                continue  # "it" is the subject carried from the sentence before: see subject
            wanted = _KIND_WORDS.get(" ".join(m.name.lower().split()[-2:]) if "new area" in m.name.lower()
                                     else word, ("park",))
            earlier = [x for x in self.mentions[:i] if not x.anaphor and x.cls in wanted
                       and (word not in _LEVEL_WORDS or self.levels.get(x.name) in _LEVEL_WORDS[word])]
            named = earlier[-1].name if earlier else (self.topic if "park" in wanted else "")
            if word in ("zone", "park", "area", "valley") and self.topic and _cls_of(self, self.topic) == "park":
                named = self.topic if not earlier or earlier[-1].cls != "park" else earlier[-1].name
            same = [x for x in earlier if x.cls == "park" and x.name.lower().split()[-1:] == [word]]
            if word in ("zone", "park", "cluster", "valley") and same:  # "the park": a Park, not the zone it is in
                named = self.topic if self.topic in {x.name for x in same} else same[-1].name
            m.name, m.cls = (named, _cls_of(self, named)) if named else (m.name, "?")
        for m in self.mentions:
            if m.anaphor and m.name.lower() in ("it", "its"):
                m.cls = "it"

    def subject(self, sentence: tuple[int, int], at: int, clause: tuple[int, int], carried: str) -> str:
        if "China" in self.regions and (_NATIONWIDE_AFTER.match(self.text, at)
                                        or _NATIONWIDE_BEFORE.search(self.text, max(0, at - 20), at)):
            return "China"  # "168 national high-tech zones in the country", "China's 219 ... zones"
        return self._subject(sentence, at, clause, carried)

    def _subject(self, sentence: tuple[int, int], at: int, clause: tuple[int, int], carried: str) -> str:
        """The subject of the words at ``at``: the first mention of the sentence before them that is
        not in a prepositional phrase ("it": the subject carried from the sentence before), else that
        carried subject, else the nearest mention before them, else one after them in their clause,
        else the article's topic."""
        before = [m for m in self.mentions if sentence[0] <= m.start and m.end <= at and m.cls not in ("?", "plan")]
        heads = [m for i, m in enumerate(before) if not m.prepositional and not _possessor(self.text, before, i)]
        own = [m for m in heads if m.start >= clause[0]]  # the clause's own subject first
        heads = own + [m for m in heads if m not in own]
        if heads and heads[0].cls == "region":  # "Chongqing will invest ... in the Liangjiang New Area"
            park = [m for m in self.mentions if sentence[0] <= m.start < sentence[1] and m.cls == "park"]
            if park:
                return park[0].name
        if heads:
            return (carried or self.topic) if heads[0].cls == "it" else heads[0].name
        parks = [m for m in self.mentions if at <= m.start and m.end <= clause[1] and m.cls == "park"
                 and not m.prepositional or at <= m.start < clause[1] and m.anaphor and m.cls == "park"]
        if parks:  # "9,220 new businesses entered the zone"
            return parks[0].name
        named = [m for m in before if m.cls != "it"]
        there = re.match(r"\s*there (?:is|are|was|were|have been)\b", self.text[sentence[0]:sentence[1]], re.IGNORECASE)
        places = [m for m in self.mentions if sentence[0] <= m.start < sentence[1] and m.cls in ("region", "park")
                  and not m.anaphor]
        if there and places:  # "There were 19 projects ... in Xiamen": where they are is what it is about
            return places[-1].name
        if carried and self.kind_of(carried) == "company" and not named:
            return self.topic  # a company's name carried into a sentence of figures names no holder
        if carried:
            return carried
        if named:
            return named[-1].name
        after = [m for m in self.mentions if at <= m.start and m.end <= sentence[1] and m.cls not in ("?", "it")
                 and not m.prepositional]
        return after[0].name if after else self.topic

    def sentence_subject(self, sentence: tuple[int, int], carried: str) -> str:
        """What a sentence is about (its first mention not in a prepositional phrase), to carry to the
        next sentence; ``carried`` when it names nothing."""
        if self.text and CAPTION.search(self.text, *sentence):
            return carried  # a photo caption is not what the article goes on about
        inside = [m for m in self.mentions if sentence[0] <= m.start < sentence[1] and m.cls not in ("?", "plan")]
        heads = [m for i, m in enumerate(inside) if not m.prepositional and not _possessor(self.text, inside, i)]
        if not heads and re.match(r"\s*there (?:is|are|was|were)\b", self.text[sentence[0]:sentence[1]], re.I):
            heads = [m for m in inside if m.cls in ("region", "park") and not m.anaphor][-1:]
        return heads[0].name if heads and heads[0].cls != "it" else carried  # "Its GDP ...": the same

    def kind_of(self, name: str) -> str:
        return _cls_of(self, name)


def _cls_of(names: Names, name: str) -> str:
    return next((m.cls for m in names.mentions if m.name == name and not m.anaphor), "?")


def _possessor(text: str, before: list[Mention], i: int) -> bool:
    """"Guangzhou's Nansha district": Guangzhou only says whose (not "X (Y)", Y another name of X)."""
    return i + 1 < len(before) and bool(_WHOSE.fullmatch(text[before[i].end:before[i + 1].start]))


def _names(text: str) -> Iterator[re.Match[str]]:
    """Each name ending in a head word, the longest one that does not join two names with "and"."""
    at = 0
    while (short := _NAME.search(text, at)) is not None:
        long = _LONG_NAME.match(text, short.start())
        chosen = long if long is not None and " and " not in text[short.end():long.end()] else short
        yield chosen
        at = chosen.end()


def _spellings(name: str) -> set[str]:
    """A name as entities.csv writes it and as articles also spell it ("Hi-tech" for "High-tech")."""
    variants = {name}
    for one, other in (("High-tech", "Hi-tech"), ("High-Tech", "Hi-Tech"), ("Hi-tech", "High-tech"),
                       ("Hi-Tech", "High-Tech"), ("High-tech", "Hi-Tech"), ("Hi-Tech", "High-tech")):
        variants |= {v.replace(one, other) for v in variants}
    return variants


def _is_place(words: str) -> bool:
    found = gazetteer.find(words)
    return len(found) == 1 and found[0].start == 0 and found[0].end == len(words)


class _Taken:
    """The characters of a text that a mention already covers (one byte each: a check costs the
    mention's length, not the number of mentions)."""

    def __init__(self, length: int) -> None:
        self.covered = bytearray(length)

    def add(self, span: tuple[int, int]) -> None:
        self.covered[span[0]:span[1]] = b"\x01" * (span[1] - span[0])

    def overlaps(self, span: tuple[int, int]) -> bool:
        return 1 in self.covered[span[0]:span[1]]
