-- parkdb schema: the single definition of the database.
--
-- The loader runs this file in three parts. Everything before the line "-- @post-load" creates the
-- tables, which are filled in bulk; the part after it (indexes, derived tables, views) runs once the
-- rows are in, because building an index once is much faster than keeping it up to date row by row;
-- the part after "-- @search" builds the full-text index of the passages. The schema version is
-- PRAGMA user_version below.
--
-- The vocabulary (predicates, units, statuses, levels, kinds, ...) is defined once, in
-- parkdb/vocabulary.csv: a placeholder (the kind, or kind.class, in braces) here stands for the quoted list of
-- those terms and is filled in when the schema is applied. The facts table declares no vocabulary
-- CHECKs: every fact row is judged by the rule book (parkdb/rules.py) before it is inserted, and
-- the cross-row rules are the store's named checks (parkdb/store.py), so nothing declared here is
-- left unenforced.
--
-- Descriptions (for `parkdb schema` and `parkdb serve`): the comment block touching a CREATE
-- describes that table or view, its first sentence being the short description. Inside it, a line
-- "-- name: meaning" describes a column (a line indented further continues it). A column without
-- such a line takes its meaning from the glossary below, where names that mean the same thing in
-- every table and view are described once; a view that follows this needs no column lines. A column
-- named after a vocabulary kind (predicate, unit, status, ...) also lists its terms. "(unit: X)"
-- in a meaning is the column's unit. A block whose first line starts "Internal." is hidden in the
-- browser (it is still queryable). A test checks that every column of every table and view is
-- described.

-- Glossary of columns (not attached to a CREATE):
-- fact_id: the fact's id (F, the seed's number, a dash and a number, as in data/facts.csv)
-- seed: the article's file name in seeds/ (links to the article in the browser)
-- subject: what the fact is about: a region or entity name
-- predicate: what the fact says about its subject
-- object: the other end of the fact: an entity, a region, a sector or the thing measured
-- value: the number the article states, in the row's unit
-- unit: the unit of value
-- currency: the currency the amount is stated in (CNY or USD)
-- value_text: the number as the article writes it
-- qualifier: how the number is hedged ("about", "more than", ...); empty when exact
-- year: the year the fact refers to; empty when undated
-- year_end: the last year of a range of years the fact refers to; empty for one year
-- subject_kind: what the subject is: region, or an entity kind (park, company, ...)
-- basis: how the fact is known: stated, name, context or doubtful (empty: stated)
-- status: how far the thing is done (planned, signed, actual, ...)
-- part_of: the fact id of a larger amount this one is a share of
-- quote: the article's exact words the fact is taken from
-- start: where the quote starts in the article's text (unit: characters from 0)
-- end: where the quote ends in the article's text, exclusive (unit: characters from 0)
-- park: the park (or zone, new area, cluster) the subject belongs to
-- region: the region the subject is located in (the smallest known)
-- province: the province-level region it lies in
-- city: the prefecture-level city it lies in
-- county: the county-level region it lies in
-- title: the article's title as printed
-- months: the months of the year it covers (1-7: January to July); empty: the whole year
-- status_class: the class of its status: plan, target, signed, under way, actual, or unstated;
--   classes are never added together
-- running_total: 'yes' for a total to its as_of date
-- as_of: the date a running total is as of (its article's publication date unless the fact says)
-- period_start: the first month it covers, as year * 12 + month - 1; empty when undated or a
--   running total
-- period_end: the last month it covers (for a running total, the month of as_of), as
--   year * 12 + month - 1
-- period: the period as people read it (2022 Jan-Jul, 2013-2016, to 2021-06-01, undated)
-- usd: the amount in US dollars (unit: USD): the article's own dollar figure where it gives one;
--   else at the rate the same article implies; else at the official annual average of its year
-- usd_basis: how usd is known: stated, article rate or annual average
-- rate: the rate used (unit: CNY/USD); empty for an amount stated in dollars
-- usd_source: the dollar fact, the article or the annual rate the conversion rests on
-- counted: 1 when it counts in totals (a share also needs --include-nested); 0: see why_not
-- why_not: why it does not count: restated by, superseded by, covered by, share of
-- held_by: the amount of the park it belongs to that already holds it (left out of totals
--   above park level)
-- overlaps: the group of amounts whose periods overlap (empty: none); never added together

-- Internal. How and from what the database was built (paths, content hashes).
-- key: a build setting's name
-- value: its value
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

PRAGMA user_version = 4;

-- The vocabulary, one row per term, as vocabulary.csv defines it (for reading; the rules use the
-- file itself).
-- kind: what the term names (predicate, unit, status, ...)
-- term: the term as written in data/facts.csv
-- class: the group the term belongs to (a predicate's class says what it takes)
-- factor: converts a unit to its class's base unit (area: km2)
-- meaning: what the term means
CREATE TABLE vocabulary (
    kind    TEXT NOT NULL,
    term    TEXT NOT NULL,
    class   TEXT,
    factor  TEXT,
    meaning TEXT NOT NULL,
    PRIMARY KEY (kind, term)
) STRICT;

-- One row per seed article. title, publisher and published come from the article's own metadata
-- facts (predicates title, publisher, published), so that they are cited like everything else.
-- sha256: the SHA-256 of the seed file, checked at build time
-- publisher: the article's publisher as printed
-- published: the publication date (YYYY-MM-DD)
-- published_text: the publication date as printed
-- url: the article's address, where known
-- text: the article's full text (it belongs to its publisher)
CREATE TABLE sources (
    seed           TEXT PRIMARY KEY,
    sha256         TEXT NOT NULL CHECK (length(sha256) = 64),
    title          TEXT,
    publisher      TEXT,
    published      TEXT CHECK (published IS NULL OR published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    published_text TEXT,
    url            TEXT,
    text           TEXT NOT NULL
) STRICT;

-- Regions of China (and beyond) with their level and parent, from data/regions.csv.
-- name: the region's English name
-- level: the administrative level
-- parent: the region it is part of
-- code: the six-digit administrative division code, where known
-- aliases: other names, separated by semicolons
CREATE TABLE regions (
    name    TEXT PRIMARY KEY,
    level   TEXT NOT NULL CHECK (level IN ({level})),
    parent  TEXT REFERENCES regions (name),
    code    TEXT CHECK (code IS NULL OR (length(code) = 6 AND code NOT GLOB '*[^0-9]*')),
    aliases TEXT
) STRICT;

-- Parks, companies, projects and other named things, from data/entities.csv. region and park are
-- derived by the loader: region is where the entity is located (its own
-- located_in fact, else its parent's; the nearest common region when it has several), park is the
-- entity itself when it is a park-like kind, else the nearest park-like entity it belongs to.
-- name: the entity's name
-- kind: what the entity is (park, zone, company, project, ...)
-- aliases: other names, separated by semicolons
-- parent: the entity it belongs to
CREATE TABLE entities (
    name    TEXT PRIMARY KEY,
    kind    TEXT NOT NULL CHECK (kind IN ({entity_kind})),
    aliases TEXT,
    parent  TEXT REFERENCES entities (name),
    region  TEXT REFERENCES regions (name),
    park    TEXT REFERENCES entities (name)
) STRICT;

-- Official annual average exchange rates, used to convert yuan amounts to dollars.
-- year: the year the average is for
-- cny_per_usd: yuan per US dollar (unit: CNY/USD)
-- source: where the rate is published
CREATE TABLE fx_rates (
    year     INTEGER PRIMARY KEY,
    cny_per_usd REAL NOT NULL CHECK (cny_per_usd > 0),
    source   TEXT NOT NULL
) STRICT;

-- One row per curated fact with its citation (quote at [start, end) of its seed's text).
-- A fact without a quote (a date read from the URL, a title given) has an empty quote, no start, no end.
-- line is the fact's line in data/facts.csv, kept so that every message can point back to it.
-- There is deliberately no PRIMARY KEY, foreign key or CHECK here: facts are loaded in bulk, judged
-- row by row by the rule book and across rows by the store's named checks (unique ids, links), so
-- that every problem is reported with its line. basis says how the fact is known (stated, name,
-- context, doubtful), restates links an earlier report of the same quantity in another article,
-- running_total is 'yes' for an amount that is a running total as of its article's date.
-- year_end: the last year of a span (year is the first); empty for a single year
-- year_basis: how the year is known
-- equivalent_of: the fact id of the amount this one restates in another currency
-- note: the curator's note
-- basis: how the fact is known
-- restates: the fact id of an earlier report of the same quantity in another article
-- running_total: 'yes' for a running total as of its as_of date; 'no' when checked not to be one
-- months: the months of the year a figure covers (1-7: January to July); empty: the whole year
-- as_of: the date a running total is as of; empty: the article's publication date
-- line: the fact's line in data/facts.csv
CREATE TABLE facts (
    fact_id       TEXT NOT NULL,
    seed          TEXT NOT NULL,
    subject       TEXT NOT NULL,
    predicate     TEXT NOT NULL,
    object        TEXT,
    value         ANY,
    unit          TEXT,
    value_text    TEXT,
    qualifier     TEXT,
    year          INTEGER,
    year_end      INTEGER,
    year_basis    TEXT,
    status        TEXT,
    part_of       TEXT,
    equivalent_of TEXT,
    quote         TEXT NOT NULL,
    start         INTEGER,
    "end"         INTEGER,
    note          TEXT,
    basis         TEXT,
    restates      TEXT,
    running_total TEXT,
    months        TEXT,
    as_of         TEXT,
    line          INTEGER NOT NULL
) STRICT;

-- The industry classification (data/industry_classes.csv): GB/T 4754-2017 sections, divisions,
-- groups and classes, and the nine NBS 2018 strategic emerging industry categories (level sei).
-- code: the class code: a section letter (C), a division (C13), a group (C131), a class (C1310),
--   or SEI1..SEI9
-- level: section, division, group, class or sei
-- parent: the code one level up (C1433 -> C143 -> C14 -> C); empty for a section or SEI category
-- name_en: the class's name in English
-- name_zh: the class's official Chinese name
CREATE TABLE industry_classes (
    code    TEXT PRIMARY KEY,
    level   TEXT NOT NULL CHECK (level IN ({class_level})),
    parent  TEXT REFERENCES industry_classes (code),
    name_en TEXT NOT NULL,
    name_zh TEXT
) STRICT;

-- Each written sector (the object of a sector fact, as the article words it) with its classes
-- (data/sectors.csv); match says how sure: exact, broader (the class is wider than the words) or
-- inferred (note gives the reasoning).
-- sector: the sector as the article words it (the object of its sector facts)
-- code: a class code from industry_classes
-- match: how sure the mapping is
-- note: the curator's reasoning
CREATE TABLE sector_classes (
    sector TEXT NOT NULL,
    code   TEXT NOT NULL REFERENCES industry_classes (code),
    match  TEXT NOT NULL CHECK (match IN ({match})),
    note   TEXT,
    PRIMARY KEY (sector, code)
) STRICT;

-- Analysts' short names for classes (data/sector_names.csv): food = C13, C14, C15; one row a code.
-- name: the short name (food, electronics, health, ...)
-- code: one of the class codes it stands for
-- note: the curator's reasoning
CREATE TABLE sector_names (
    name TEXT NOT NULL,
    code TEXT NOT NULL REFERENCES industry_classes (code),
    note TEXT,
    PRIMARY KEY (name, code)
) STRICT;

-- Economic regions (and Xiong'an New Area) as groups of administrative regions
-- (data/region_groups.csv). Cooperation is not membership: only these rows put a region in a group.
-- region_group: the group (an economic region in regions.csv)
-- member: an administrative region in the group
-- note: where the membership comes from
CREATE TABLE region_groups (
    region_group TEXT NOT NULL REFERENCES regions (name),
    member       TEXT NOT NULL REFERENCES regions (name),
    note         TEXT,
    PRIMARY KEY (region_group, member)
) STRICT;

-- Paragraphs of the articles with their offsets, and full-text search over them. A quote always
-- lies inside its article, so searching the paragraphs finds the quotes too; the facts whose quote
-- overlaps a matching paragraph are the facts that cite it.
-- passage_id: the paragraph's number
-- start: where the paragraph starts in the article's text (unit: characters from 0)
-- end: where the paragraph ends in the article's text, exclusive (unit: characters from 0)
-- text: the paragraph's text
CREATE TABLE passages (
    passage_id INTEGER PRIMARY KEY,
    seed       TEXT NOT NULL REFERENCES sources (seed),
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL
) STRICT;

-- @post-load

-- Built first: when it fails on a duplicate id, the loader runs the store's named check "unique
-- fact ids", which names both lines, and stops before the checks that need ids to be unique.
CREATE UNIQUE INDEX facts_fact_id ON facts (fact_id);
CREATE INDEX facts_subject ON facts (subject, predicate);
CREATE INDEX facts_seed ON facts (seed, start);
CREATE INDEX facts_part_of ON facts (part_of) WHERE part_of IS NOT NULL;
CREATE INDEX facts_equivalent_of ON facts (equivalent_of) WHERE equivalent_of IS NOT NULL;
CREATE INDEX facts_restates ON facts (restates) WHERE restates IS NOT NULL;
-- Facts that link an entity to another (the parks view's seeds), kept small by its WHERE (an OR
-- chain: SQLite rebuilds an IN list for every row of a partial index, 1 s at 1M facts). There is
-- no index on predicate: money and sector questions read a large share of the rows anyway, and a
-- scan is cheaper than following an index to each of them.
CREATE INDEX facts_object ON facts (object)
    WHERE {predicate.link=predicate};
CREATE INDEX regions_parent ON regions (parent);
CREATE INDEX entities_region ON entities (region);

-- Internal. Every region with every region inside it (itself included, at depth 0): its descendants in the
-- gazetteer and, for a group, its members and everything inside them. --region X reads the members
-- of X here, so that Beijing-Tianjin-Hebei takes in Hebei and all of Hebei's cities and counties.
-- member: a region inside it (or itself)
-- depth: how many steps down the member is (0: the region itself)
CREATE TABLE region_members (
    region TEXT NOT NULL REFERENCES regions (name),
    member TEXT NOT NULL REFERENCES regions (name),
    depth  INTEGER NOT NULL,
    PRIMARY KEY (region, member)
) STRICT, WITHOUT ROWID;

INSERT INTO region_members (region, member, depth)
WITH RECURSIVE inside (outer_region, inner_region) AS (
    SELECT parent, name FROM regions WHERE parent IS NOT NULL
    UNION
    SELECT region_group, member FROM region_groups
),
down (region, member, depth) AS (
    SELECT name, name, 0 FROM regions
    UNION ALL
    SELECT down.region, i.inner_region, down.depth + 1
    FROM down JOIN inside AS i ON i.outer_region = down.member
    WHERE down.depth < 32
)
SELECT region, member, min(depth) FROM down GROUP BY region, member;

-- Internal. Every class with each of its ancestors (and itself, at depth 0).
-- code: a class code
-- ancestor: a class containing it (or itself)
-- depth: how many steps up the ancestor is (0: the class itself)
CREATE TABLE class_ancestors (
    code     TEXT NOT NULL REFERENCES industry_classes (code),
    ancestor TEXT NOT NULL REFERENCES industry_classes (code),
    depth    INTEGER NOT NULL,
    PRIMARY KEY (code, ancestor)
) STRICT, WITHOUT ROWID;

INSERT INTO class_ancestors (code, ancestor, depth)
WITH RECURSIVE up (code, ancestor, depth) AS (
    SELECT code, code, 0 FROM industry_classes
    UNION ALL
    SELECT up.code, c.parent, up.depth + 1
    FROM up JOIN industry_classes AS c ON c.code = up.ancestor
    WHERE c.parent IS NOT NULL AND up.depth < 8
)
SELECT code, ancestor, depth FROM up;

-- Each written sector with each of its classes and that class's section (or SEI category) and
-- division, as the sectors tree shows them.
-- sector: the sector as the article words it
-- code: one of its class codes
-- match: how sure the mapping is (exact, broader, inferred)
-- level: the class's level
-- name_en: the class's name in English
-- top: the section (or SEI category) above the class
-- division: the division above the class, if any
CREATE VIEW sector_tree AS
SELECT
    sc.sector, sc.code, sc.match, c.level, c.name_en,
    (SELECT a.ancestor FROM class_ancestors AS a JOIN industry_classes AS t ON t.code = a.ancestor
        WHERE a.code = sc.code AND t.parent IS NULL) AS top,
    (SELECT a.ancestor FROM class_ancestors AS a JOIN industry_classes AS t ON t.code = a.ancestor
        WHERE a.code = sc.code AND t.level = 'division') AS division
FROM sector_classes AS sc JOIN industry_classes AS c ON c.code = sc.code;

-- Internal. Every region with each of its ancestors (and itself, at depth 0), with the
-- ancestor's level, so that a roll-up to province, city or county is one join.
-- ancestor: a region containing it (or itself)
-- level: the ancestor's level
-- depth: how many steps up the ancestor is (0: the region itself)
CREATE TABLE region_ancestors (
    region   TEXT NOT NULL REFERENCES regions (name),
    ancestor TEXT NOT NULL REFERENCES regions (name),
    level    TEXT NOT NULL,
    depth    INTEGER NOT NULL,
    PRIMARY KEY (region, ancestor)
) STRICT, WITHOUT ROWID;

INSERT INTO region_ancestors (region, ancestor, level, depth)
WITH RECURSIVE up (region, ancestor, depth) AS (
    SELECT name, name, 0 FROM regions
    UNION ALL
    SELECT up.region, r.parent, up.depth + 1
    FROM up JOIN regions AS r ON r.name = up.ancestor
    WHERE r.parent IS NOT NULL AND up.depth < 32
)
SELECT up.region, up.ancestor, r.level, up.depth FROM up JOIN regions AS r ON r.name = up.ancestor;

-- The region chain of every region: the province, prefecture-level city and county it lies in.
-- level: the region's level
CREATE VIEW region_chain AS
SELECT
    r.name AS region,
    r.level AS level,
    (SELECT ancestor FROM region_ancestors a WHERE a.region = r.name
        AND a.level IN ({level.province})) AS province,
    (SELECT ancestor FROM region_ancestors a WHERE a.region = r.name
        AND a.level IN ({level.city})) AS city,
    (SELECT ancestor FROM region_ancestors a WHERE a.region = r.name
        AND a.level IN ({level.county}) ORDER BY depth LIMIT 1) AS county
FROM regions AS r;

-- Internal. Every possible fact subject (a region or an entity) with where it rolls up to,
-- materialised once so that a roll-up over many facts is a single join on a small table.
-- kind: 'region', or the entity's kind
CREATE TABLE subjects (
    subject  TEXT PRIMARY KEY,
    kind     TEXT NOT NULL,
    park     TEXT,
    region   TEXT,
    province TEXT,
    city     TEXT,
    county   TEXT
) STRICT;

INSERT INTO subjects
SELECT r.name, 'region', NULL, r.name, c.province, c.city, c.county
FROM regions AS r JOIN region_chain AS c ON c.region = r.name
UNION ALL
SELECT e.name, e.kind, e.park, e.region, c.province, c.city, c.county
FROM entities AS e LEFT JOIN region_chain AS c ON c.region = e.region;

-- Internal. Every entity with each entity it belongs to (entities.parent, up the chain), so that an
-- amount of a park inside another can be set against the outer park's.
-- entity: an entity
-- ancestor: an entity it belongs to, directly or through others
-- depth: how many steps up the ancestor is
CREATE TABLE entity_ancestors (
    entity   TEXT NOT NULL REFERENCES entities (name),
    ancestor TEXT NOT NULL REFERENCES entities (name),
    depth    INTEGER NOT NULL,
    PRIMARY KEY (entity, ancestor)
) STRICT, WITHOUT ROWID;

INSERT INTO entity_ancestors (entity, ancestor, depth)
WITH RECURSIVE up (entity, ancestor, depth) AS (
    SELECT name, parent, 1 FROM entities WHERE parent IS NOT NULL
    UNION
    SELECT up.entity, e.parent, up.depth + 1
    FROM up JOIN entities AS e ON e.name = up.ancestor
    WHERE e.parent IS NOT NULL AND up.depth < 32
)
SELECT entity, ancestor, min(depth) FROM up GROUP BY entity, ancestor;

-- Internal. Every place a subject is in, one row a place, so that a region filter finds a subject
-- by any of its places. A region is in itself; an entity is in each region of its own located_in
-- facts (a company placed in Beijing and in Tangshan has both rows, where entities.region keeps
-- their nearest common region, China, for roll-ups), else in the places of the nearest entity it
-- belongs to that has some, else in the places of a park that hosts it, else in the regions that
-- host it.
-- region: a region it is in (the smallest known)
-- basis: how it is known: itself, located_in, its parent, its park or hosts (a region hosts it)
CREATE TABLE placements (
    subject TEXT NOT NULL,
    region  TEXT NOT NULL REFERENCES regions (name),
    basis   TEXT NOT NULL,
    PRIMARY KEY (subject, region)
) STRICT, WITHOUT ROWID;

INSERT INTO placements (subject, region, basis)
WITH own (entity, region) AS (
    SELECT DISTINCT f.subject, f.object FROM facts AS f
    JOIN entities AS e ON e.name = f.subject JOIN regions AS r ON r.name = f.object
    WHERE f.predicate = 'located_in'
),
nearest (entity, depth) AS (
    SELECT ea.entity, min(ea.depth) FROM entity_ancestors AS ea
    JOIN own AS o ON o.entity = ea.ancestor
    WHERE ea.entity NOT IN (SELECT entity FROM own) GROUP BY ea.entity
),
placed (entity, region, basis) AS (
    SELECT entity, region, 'located_in' FROM own
    UNION
    SELECT n.entity, o.region, 'its parent' FROM nearest AS n
    JOIN entity_ancestors AS ea ON ea.entity = n.entity AND ea.depth = n.depth
    JOIN own AS o ON o.entity = ea.ancestor
),
by_park (entity, region, basis) AS (
    SELECT DISTINCT f.object, pl.region, 'its park' FROM facts AS f
    JOIN entities AS e ON e.name = f.object
    JOIN placed AS pl ON pl.entity = f.subject
    WHERE f.predicate = 'hosts' AND f.object NOT IN (SELECT entity FROM placed)
)
SELECT name, name, 'itself' FROM regions
UNION ALL
SELECT entity, region, basis FROM placed
UNION ALL
SELECT entity, region, basis FROM by_park
UNION ALL
SELECT DISTINCT f.object, f.subject, 'hosts' FROM facts AS f
JOIN regions AS r ON r.name = f.subject JOIN entities AS e ON e.name = f.object
WHERE f.predicate = 'hosts' AND f.object NOT IN (SELECT entity FROM placed)
  AND f.object NOT IN (SELECT entity FROM by_park);

CREATE INDEX placements_region ON placements (region);

-- Every amount of money once, with how it counts in totals, decided once by the build so that every
-- total (the CLI's, show's and the web's) is a plain GROUP BY over these rows. A dollar figure that
-- only translates a yuan amount (equivalent_of) is not an amount of its own and is left out. The
-- rules, in the order they are applied (README, Totals you can trust):
-- a report restated by a later one gives way to it; of one holder's running totals of a kind and
-- status class only the latest (by as_of date) counts; of one holder's measures over a period
-- (output value, revenue, tax) a figure covered by a longer period of the same year (January to
-- September over January to July), or by a later report of the same period, gives way; a share of
-- an amount that gives way gives way too; an amount of a park covered by the same kind, class and
-- period of the park it belongs to is held by it (held_by); amounts that cannot be added without
-- counting a period twice share an overlaps group, and a total that would add two of one group is
-- not given (the parts are listed instead).
CREATE TABLE amounts (
    fact_id       TEXT PRIMARY KEY,
    seed          TEXT NOT NULL,
    subject       TEXT NOT NULL,
    predicate     TEXT NOT NULL,
    object        TEXT,
    value         ANY,
    currency      TEXT,
    value_text    TEXT,
    qualifier     TEXT,
    year          INTEGER,
    year_end      INTEGER,
    months        TEXT,
    status        TEXT,
    status_class  TEXT NOT NULL,
    part_of       TEXT,
    basis         TEXT,
    running_total TEXT,
    as_of         TEXT,
    period_start  INTEGER,
    period_end    INTEGER,
    period        TEXT NOT NULL,
    park          TEXT,
    subject_kind  TEXT,
    region        TEXT,
    province      TEXT,
    city          TEXT,
    county        TEXT,
    usd           REAL,
    usd_basis     TEXT,
    rate          REAL,
    usd_source    TEXT,
    counted       INTEGER NOT NULL,
    why_not       TEXT,
    held_by       TEXT,
    overlaps      TEXT
) STRICT;

INSERT INTO amounts
WITH pairs AS (  -- one per yuan amount (a second is the named check's problem, not a row here)
    SELECT u.equivalent_of AS fact_id, min(u.fact_id) AS usd_fact, min(u.value) AS usd
    FROM facts AS u WHERE u.equivalent_of IS NOT NULL AND u.unit = 'USD'
    GROUP BY u.equivalent_of
),
article_rates AS (
    SELECT c.seed, avg(c.value * 1.0 / u.value) AS rate
    FROM facts AS u JOIN facts AS c ON c.fact_id = u.equivalent_of
    WHERE u.unit = 'USD' AND c.unit = 'CNY' AND u.value > 0
    GROUP BY c.seed
),
based AS (
    SELECT f.*, s.park AS s_park, s.kind AS s_kind, s.region AS s_region, s.province AS s_province,
           s.city AS s_city, s.county AS s_county,
           coalesce(f.as_of, pub.object) AS as_of_date,
           CAST(substr(f.months, 1, instr(f.months || '-', '-') - 1) AS INTEGER) AS m1,
           CAST(substr(f.months, instr(f.months, '-') + 1) AS INTEGER) AS m2,
           coalesce((SELECT v.class FROM vocabulary AS v WHERE v.kind = 'status'
                     AND v.term = f.status), 'unstated') AS cls,
           p.usd_fact, p.usd AS stated_usd, r.rate AS article_rate,
           x.cny_per_usd AS annual_rate, x.year AS rate_year, x.source AS rate_source
    FROM facts AS f
    LEFT JOIN subjects AS s ON s.subject = f.subject
    -- the article's date from its published fact (sources is filled after this part runs)
    LEFT JOIN facts AS pub ON pub.subject = f.seed AND pub.predicate = 'published'
    LEFT JOIN pairs AS p ON p.fact_id = f.fact_id
    LEFT JOIN article_rates AS r ON r.seed = f.seed
    LEFT JOIN fx_rates AS x ON x.year = coalesce(f.year, CAST(substr(pub.object, 1, 4) AS INTEGER))
    WHERE f.predicate IN ({predicate.money}) AND f.equivalent_of IS NULL
)
SELECT
    fact_id, seed, subject, predicate, object, value, unit, value_text, qualifier, year, year_end,
    months, status, cls, part_of, basis, running_total, as_of_date,
    CASE WHEN running_total = 'yes' OR year IS NULL THEN NULL
         ELSE year * 12 + coalesce(m1, 1) - 1 END,
    CASE WHEN running_total = 'yes'
         THEN CAST(substr(as_of_date, 1, 4) AS INTEGER) * 12
              + CAST(substr(as_of_date, 6, 2) AS INTEGER) - 1
         WHEN year IS NULL THEN NULL
         ELSE coalesce(year_end, year) * 12 + coalesce(m2, 12) - 1 END,
    CASE WHEN running_total = 'yes' THEN 'to ' || coalesce(as_of_date, '?')
         WHEN year IS NULL THEN 'undated'
         WHEN months IS NOT NULL THEN year || ' '
              || substr('JanFebMarAprMayJunJulAugSepOctNovDec', 3 * m1 - 2, 3)
              || CASE WHEN m2 > m1 THEN '-' || substr('JanFebMarAprMayJunJulAugSepOctNovDec',
                                                          3 * m2 - 2, 3) ELSE '' END
         WHEN year_end > year THEN year || '-' || year_end
         ELSE CAST(year AS TEXT) END,
    s_park, s_kind, s_region, s_province, s_city, s_county,
    CASE WHEN unit = 'USD' THEN value
         WHEN stated_usd IS NOT NULL THEN stated_usd
         WHEN article_rate IS NOT NULL THEN value / article_rate
         WHEN annual_rate IS NOT NULL THEN value / annual_rate END,
    CASE WHEN unit = 'USD' OR stated_usd IS NOT NULL THEN 'stated'
         WHEN article_rate IS NOT NULL THEN 'article rate'
         WHEN annual_rate IS NOT NULL THEN 'annual average' END,
    CASE WHEN unit = 'USD' THEN NULL
         WHEN stated_usd IS NOT NULL THEN value * 1.0 / stated_usd
         WHEN article_rate IS NOT NULL THEN article_rate
         ELSE annual_rate END,
    CASE WHEN unit = 'USD' THEN fact_id
         WHEN stated_usd IS NOT NULL THEN usd_fact
         WHEN article_rate IS NOT NULL THEN 'rate implied by ' || seed
         WHEN annual_rate IS NOT NULL THEN rate_year || ' average, ' || rate_source END,
    1, NULL, NULL, NULL
FROM based;

CREATE INDEX amounts_holder ON amounts (subject, predicate, status_class);
CREATE INDEX amounts_region ON amounts (region, predicate, status_class);

-- A report restated by a later one gives way to it.
UPDATE amounts SET counted = 0, why_not = 'restated by ' || (
    SELECT min(r.fact_id) FROM facts AS r WHERE r.restates = amounts.fact_id)
WHERE fact_id IN (SELECT restates FROM facts WHERE restates IS NOT NULL);

-- Of one holder's running totals of a kind and class only the latest counts (by as_of; the fact id
-- only names one of several of the same date). Shares never compete: a share of a running total
-- goes with its whole (below). Ties (the same as_of) both stay and share an overlaps group.
UPDATE amounts SET counted = 0, why_not = 'superseded by the later running total ' || t.latest
FROM (SELECT fact_id, as_of,
             first_value(fact_id) OVER holder AS latest, max(as_of) OVER holder AS newest
      FROM amounts WHERE running_total = 'yes' AND part_of IS NULL AND counted = 1
      WINDOW holder AS (PARTITION BY subject, predicate, status_class, currency
                        ORDER BY as_of DESC, fact_id
                        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)) AS t
WHERE amounts.fact_id = t.fact_id AND t.as_of < t.newest;

-- A measure over part of a year gives way to the same holder's figure for the longest period of that
-- year (the latest article's, of two as long) when that period contains it. A figure that period
-- does not contain stays, and is never added to it (overlaps, below).
UPDATE amounts SET counted = 0,
    why_not = 'covered by ' || t.top || ' (a longer or later figure for the same year)'
FROM (SELECT fact_id, period_start, period_end, as_of,
             first_value(fact_id) OVER year AS top, first_value(period_start) OVER year AS top_start,
             first_value(period_end) OVER year AS top_end, first_value(as_of) OVER year AS top_as_of
      FROM amounts
      WHERE counted = 1 AND part_of IS NULL AND predicate IN ({series}) AND year_end IS NULL
        AND period_start IS NOT NULL
      WINDOW year AS (PARTITION BY subject, predicate, status_class, currency, year
                      ORDER BY period_end - period_start DESC, as_of DESC, fact_id)) AS t
WHERE amounts.fact_id = t.fact_id AND t.fact_id <> t.top
  AND t.top_start <= t.period_start AND t.top_end >= t.period_end
  AND (t.top_end - t.top_start > t.period_end - t.period_start OR t.top_as_of > t.as_of);

-- A share of an amount that gives way gives way too (shares of shares as well).
UPDATE amounts SET counted = 0, why_not = 'share of ' || part_of || ', which does not count'
WHERE counted = 1 AND part_of IN (
    WITH RECURSIVE gone (fact_id) AS (
        SELECT fact_id FROM amounts WHERE counted = 0
        UNION
        SELECT a.fact_id FROM amounts AS a JOIN gone ON a.part_of = gone.fact_id
    )
    SELECT fact_id FROM gone);

-- An amount of a park that the same kind, class and period of a park it belongs to covers is held
-- by the outer one (the nearest): totals above park level count the outer only.
UPDATE amounts SET held_by = (
    SELECT b.fact_id FROM entity_ancestors AS ea
    JOIN amounts AS b ON b.subject = ea.ancestor AND b.predicate = amounts.predicate
     AND b.status_class = amounts.status_class
    WHERE ea.entity = amounts.subject AND b.currency IS amounts.currency AND b.counted = 1
      AND b.part_of IS NULL AND b.subject_kind IN ({entity_kind.park})
      AND b.period_start <= amounts.period_start AND b.period_end >= amounts.period_end
    ORDER BY ea.depth LIMIT 1)
WHERE counted = 1 AND part_of IS NULL AND period_start IS NOT NULL
  AND subject_kind IN ({entity_kind.park})
  AND subject IN (SELECT entity FROM entity_ancestors);

-- Pairs that must never be added (same kind, class and currency, both counting, neither a share
-- nor held): one holder's measures whose periods overlap; one holder's running totals of the same
-- date; a running total and another amount of its holder from before its date; amounts of a park
-- and of a park it belongs to whose periods overlap; a region's measure and a measure of anything
-- inside the region whose periods overlap. Each connected set is one overlaps group.
CREATE TABLE overlap_pairs AS
WITH open (fact_id, subject, predicate, status_class, currency, period_start, period_end,
           running_total, as_of, series) AS (
    SELECT fact_id, subject, predicate, status_class, currency, period_start, period_end,
           running_total, as_of, predicate IN ({series})
    FROM amounts WHERE counted = 1 AND part_of IS NULL AND held_by IS NULL
)
SELECT a.fact_id AS a, b.fact_id AS b  -- one holder's measures whose periods overlap
FROM open AS a JOIN open AS b
  ON b.subject = a.subject AND b.predicate = a.predicate AND b.status_class = a.status_class
 AND b.fact_id > a.fact_id
WHERE a.series AND a.running_total IS NOT 'yes' AND b.running_total IS NOT 'yes'
  AND b.currency IS a.currency AND a.period_start <= b.period_end AND b.period_start <= a.period_end
UNION ALL
SELECT a.fact_id, b.fact_id  -- a running total, and a running total of its date or an amount before
FROM open AS a JOIN open AS b
  ON b.subject = a.subject AND b.predicate = a.predicate AND b.status_class = a.status_class
 AND b.fact_id <> a.fact_id
WHERE a.running_total = 'yes' AND b.currency IS a.currency
  AND CASE WHEN b.running_total = 'yes' THEN b.as_of = a.as_of AND b.fact_id > a.fact_id
           ELSE coalesce(b.period_start, 0) <= a.period_end END
UNION ALL
SELECT a.fact_id, b.fact_id
FROM entity_ancestors AS ea
JOIN amounts AS a ON a.subject = ea.ancestor
JOIN amounts AS b ON b.subject = ea.entity AND b.predicate = a.predicate
 AND b.status_class = a.status_class
WHERE a.counted = 1 AND b.counted = 1 AND a.part_of IS NULL AND b.part_of IS NULL
  AND a.held_by IS NULL AND b.held_by IS NULL AND b.currency IS a.currency
  AND a.subject_kind IN ({entity_kind.park}) AND b.subject_kind IN ({entity_kind.park})
  AND a.period_end IS NOT NULL AND b.period_end IS NOT NULL
  AND coalesce(a.period_start, 0) <= b.period_end AND coalesce(b.period_start, 0) <= a.period_end
UNION ALL
SELECT a.fact_id, b.fact_id
FROM amounts AS a
JOIN region_members AS rm ON rm.region = a.subject
JOIN amounts AS b ON b.region = rm.member AND b.predicate = a.predicate
 AND b.status_class = a.status_class AND b.subject <> a.subject
WHERE a.subject_kind = 'region' AND a.predicate IN ({series})
  AND a.counted = 1 AND b.counted = 1 AND a.part_of IS NULL AND b.part_of IS NULL
  AND b.held_by IS NULL AND b.currency IS a.currency
  AND a.period_end IS NOT NULL AND b.period_end IS NOT NULL
  AND coalesce(a.period_start, 0) <= b.period_end AND coalesce(b.period_start, 0) <= a.period_end;

CREATE TABLE overlap_groups AS
WITH RECURSIVE linked (a, b) AS (
    SELECT a, b FROM overlap_pairs UNION SELECT b, a FROM overlap_pairs
),
reach (origin, fact_id) AS (
    SELECT a, a FROM linked
    UNION
    SELECT reach.origin, linked.b FROM reach JOIN linked ON linked.a = reach.fact_id
)
SELECT origin AS fact_id, min(fact_id) AS overlaps FROM reach GROUP BY origin;

UPDATE amounts SET overlaps = (
    SELECT g.overlaps FROM overlap_groups AS g WHERE g.fact_id = amounts.fact_id)
WHERE fact_id IN (SELECT fact_id FROM overlap_groups);

DROP TABLE overlap_groups;
DROP TABLE overlap_pairs;

CREATE INDEX amounts_totals ON amounts (predicate, currency, counted);

-- Each investment that counts in a total, with its region chain: shares of a larger amount
-- (part_of), amounts that give way and amounts a park holding them already counts are left out, so
-- that sum(value) grouped by currency and status_class is a total that counts nothing twice, as
-- long as no two rows share an overlaps group.
CREATE VIEW investments AS
SELECT * FROM amounts
WHERE predicate = 'investment' AND counted = 1 AND part_of IS NULL AND held_by IS NULL;

-- Parks and park-like entities with their sectors, years and seeds.
-- park: the park's name
-- kind: what the park is (park, zone, new area, cluster)
-- part_of: the entity it belongs to
-- sectors: the sectors the articles say it works in, separated by semicolons
-- years: the years its facts refer to, separated by semicolons
-- seeds: the articles that mention it, separated by semicolons
CREATE VIEW parks AS
SELECT
    e.name AS park, e.kind, e.parent AS part_of, e.region, c.city, c.province,
    (SELECT group_concat(object, '; ') FROM (SELECT DISTINCT object FROM facts
        WHERE subject = e.name AND predicate = 'sector' ORDER BY object)) AS sectors,
    (SELECT group_concat(year, '; ') FROM (SELECT DISTINCT year FROM facts
        WHERE subject = e.name AND year IS NOT NULL ORDER BY year)) AS years,
    (SELECT group_concat(seed, '; ') FROM (
        SELECT seed FROM facts WHERE subject = e.name
        UNION
        SELECT seed FROM facts WHERE object = e.name
            AND {predicate.link=predicate}
        ORDER BY seed)) AS seeds
FROM entities AS e
LEFT JOIN region_chain AS c ON c.region = e.region
WHERE e.kind IN ({entity_kind.park});

-- The citation of every fact.
CREATE VIEW citations AS
SELECT fact_id, seed, start, "end", quote FROM facts;

-- Every fact with its quote in context and its article: what a link to a fact shows, a record
-- with everything that says how far to trust it (status, basis, the curator's note).
-- period: the year or span of years the fact is about (2013-2014); empty when undated
-- status_class: the class of its status: plan, target, signed, under way or actual
-- note: the curator's note (why it is read so, what is doubtful)
-- context: up to 200 characters either side of the quote, which is marked «like this»
-- paragraph: the paragraph of the article that holds the quote, the quote marked «like this»
-- article: the article's title, or its file name when it has none
CREATE VIEW cited_facts AS
SELECT
    f.fact_id, f.subject, f.predicate, f.object, f.value, f.unit, f.qualifier, f.year,
    CASE WHEN f.year_end > f.year THEN f.year || '-' || f.year_end ELSE f.year END AS period,
    f.status,
    (SELECT v.class FROM vocabulary AS v WHERE v.kind = 'status' AND v.term = f.status)
        AS status_class,
    f.basis, f.note, f.quote,
    -- (a fact without a quote, a date read from the URL, has no start: no context, no paragraph)
    CASE WHEN f.start > 200 THEN '…' ELSE '' END
        || substr(s.text, max(f.start - 199, 1), min(f.start, 200)) || '«' || f.quote || '»'
        || substr(s.text, f."end" + 1, 200)
        || CASE WHEN length(s.text) > f."end" + 200 THEN '…' ELSE '' END AS context,
    (SELECT substr(p.text, 1, f.start - p.start) || '«' || f.quote || '»'
            || substr(p.text, f."end" - p.start + 1)
     FROM passages AS p WHERE p.seed = f.seed AND p.start <= f.start AND p."end" >= f."end"
     LIMIT 1) AS paragraph,
    coalesce(s.title, f.seed) AS article, f.seed, f.start, f."end"
FROM facts AS f JOIN sources AS s ON s.seed = f.seed;

-- @search

-- Full-text search over the paragraphs (see passages above). It needs only the passages, so a build
-- may create it in a side database while the facts are still loading, and copy it in.
-- text: the paragraph's text, indexed word by word
CREATE VIRTUAL TABLE passages_fts USING fts5 (
    text, content = 'passages', content_rowid = 'passage_id', tokenize = 'unicode61'
);
INSERT INTO passages_fts (passages_fts) VALUES ('rebuild');

-- Full-text search over the paragraphs by pieces of three characters, beside the word index: it
-- finds a word inside a longer one ("Tianjin" in the glued "BeijingTianjinHebei"), which the word
-- index cannot. search asks it for the paragraphs the word index does not find.
-- text: the paragraph's text, indexed by every three characters
CREATE VIRTUAL TABLE passages_trigram USING fts5 (
    text, content = 'passages', content_rowid = 'passage_id', tokenize = 'trigram'
);
INSERT INTO passages_trigram (passages_trigram) VALUES ('rebuild');
