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

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

PRAGMA user_version = 2;

-- The vocabulary, one row per term, as vocabulary.csv defines it (for reading; the rules use the
-- file itself).
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

CREATE TABLE regions (
    name    TEXT PRIMARY KEY,
    level   TEXT NOT NULL CHECK (level IN ({level})),
    parent  TEXT REFERENCES regions (name),
    code    TEXT CHECK (code IS NULL OR (length(code) = 6 AND code NOT GLOB '*[^0-9]*')),
    aliases TEXT
) STRICT;

-- region and park are derived by the loader: region is where the entity is located (its own
-- located_in fact, else its parent's; the nearest common region when it has several), park is the
-- entity itself when it is a park-like kind, else the nearest park-like entity it belongs to.
CREATE TABLE entities (
    name    TEXT PRIMARY KEY,
    kind    TEXT NOT NULL CHECK (kind IN ({entity_kind})),
    aliases TEXT,
    parent  TEXT REFERENCES entities (name),
    region  TEXT REFERENCES regions (name),
    park    TEXT REFERENCES entities (name)
) STRICT;

CREATE TABLE fx_rates (
    year     INTEGER PRIMARY KEY,
    cny_per_usd REAL NOT NULL CHECK (cny_per_usd > 0),
    source   TEXT NOT NULL
) STRICT;

-- One row per curated fact with its citation (quote at [start, end) of its seed's text).
-- line is the fact's line in data/facts.csv, kept so that every message can point back to it.
-- There is deliberately no PRIMARY KEY, foreign key or CHECK here: facts are loaded in bulk, judged
-- row by row by the rule book and across rows by the store's named checks (unique ids, links), so
-- that every problem is reported with its line. basis says how the fact is known (stated, name,
-- context, doubtful), restates links an earlier report of the same quantity in another article,
-- running_total is 'yes' for an amount that is a running total as of its article's date.
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
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    note          TEXT,
    basis         TEXT,
    restates      TEXT,
    running_total TEXT,
    line          INTEGER NOT NULL
) STRICT;

-- The industry classification (data/industry_classes.csv): GB/T 4754-2017 sections, divisions,
-- groups and classes, and the nine NBS 2018 strategic emerging industry categories (level sei).
-- parent is the code one level up (C1433 -> C143 -> C14 -> C); NULL for a section or SEI category.
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
CREATE TABLE sector_classes (
    sector TEXT NOT NULL,
    code   TEXT NOT NULL REFERENCES industry_classes (code),
    match  TEXT NOT NULL CHECK (match IN ({match})),
    note   TEXT,
    PRIMARY KEY (sector, code)
) STRICT;

-- Analysts' short names for classes (data/sector_names.csv): food = C13, C14, C15; one row a code.
CREATE TABLE sector_names (
    name TEXT NOT NULL,
    code TEXT NOT NULL REFERENCES industry_classes (code),
    note TEXT,
    PRIMARY KEY (name, code)
) STRICT;

-- Economic regions (and Xiong'an New Area) as groups of administrative regions
-- (data/region_groups.csv). Cooperation is not membership: only these rows put a region in a group.
CREATE TABLE region_groups (
    region_group TEXT NOT NULL REFERENCES regions (name),
    member       TEXT NOT NULL REFERENCES regions (name),
    note         TEXT,
    PRIMARY KEY (region_group, member)
) STRICT;

-- Paragraphs of the articles with their offsets, and full-text search over them. A quote always
-- lies inside its article, so searching the paragraphs finds the quotes too; the facts whose quote
-- overlaps a matching paragraph are the facts that cite it.
CREATE TABLE passages (
    passage_id INTEGER PRIMARY KEY,
    seed       TEXT NOT NULL REFERENCES sources (seed),
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL
) STRICT;

-- @post-load

-- Not UNIQUE: a duplicate id is one of the store's named checks, which names both lines.
CREATE INDEX facts_fact_id ON facts (fact_id);
CREATE INDEX facts_subject ON facts (subject, predicate);
CREATE INDEX facts_seed ON facts (seed, start);
CREATE INDEX facts_part_of ON facts (part_of) WHERE part_of IS NOT NULL;
CREATE INDEX facts_equivalent_of ON facts (equivalent_of) WHERE equivalent_of IS NOT NULL;
CREATE INDEX facts_restates ON facts (restates) WHERE restates IS NOT NULL;
-- Facts that link an entity to another (the parks view's seeds), kept small by its WHERE. There is
-- no index on predicate: money and sector questions read a large share of the rows anyway, and a
-- scan is cheaper than following an index to each of them.
CREATE INDEX facts_object ON facts (object)
    WHERE predicate IN ({predicate.link});
CREATE INDEX regions_parent ON regions (parent);
CREATE INDEX entities_region ON entities (region);

-- Every region with every region inside it (itself included, at depth 0): its descendants in the
-- gazetteer and, for a group, its members and everything inside them. --region X reads the members
-- of X here, so that Beijing-Tianjin-Hebei takes in Hebei and all of Hebei's cities and counties.
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

-- Every class with each of its ancestors (and itself, at depth 0).
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
CREATE VIEW sector_tree AS
SELECT
    sc.sector, sc.code, sc.match, c.level, c.name_en,
    (SELECT a.ancestor FROM class_ancestors AS a JOIN industry_classes AS t ON t.code = a.ancestor
        WHERE a.code = sc.code AND t.parent IS NULL) AS top,
    (SELECT a.ancestor FROM class_ancestors AS a JOIN industry_classes AS t ON t.code = a.ancestor
        WHERE a.code = sc.code AND t.level = 'division') AS division
FROM sector_classes AS sc JOIN industry_classes AS c ON c.code = sc.code;

-- Every region with each of its ancestors (and itself, at depth 0), with the ancestor's level, so
-- that a roll-up to province, city or county is one join.
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

-- Every possible fact subject (a region or an entity) with where it rolls up to, materialised once
-- so that a roll-up over many facts is a single join on a small table.
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

-- Money facts in the currency they are stated in, with where they roll up to. A dollar figure that
-- only translates a yuan amount (equivalent_of) is not an amount of its own and is left out.
CREATE VIEW amounts AS
SELECT
    f.fact_id, f.seed, f.subject, f.predicate, f.object, f.value, f.unit AS currency,
    f.value_text, f.qualifier, f.year, f.year_end, f.status, f.part_of,
    s.park, s.kind AS subject_kind, s.region, s.province, s.city, s.county
FROM facts AS f
LEFT JOIN subjects AS s ON s.subject = f.subject
WHERE f.predicate IN ({predicate.money}) AND f.equivalent_of IS NULL;

-- Each amount in US dollars: the article's own dollar figure where it gives one (basis 'stated');
-- else converted at the rate the same article implies where it states both currencies ('article
-- rate', the mean when it implies several); else at the official annual average of the fact's year,
-- or of the publication year when the fact has none ('annual average'). usd is NULL when no rate
-- is known. rate is yuan per dollar.
CREATE VIEW amounts_usd AS
WITH pairs AS (
    SELECT u.equivalent_of AS fact_id, u.fact_id AS usd_fact, u.value AS usd
    FROM facts AS u WHERE u.equivalent_of IS NOT NULL AND u.unit = 'USD'
),
article_rates AS (
    SELECT c.seed, avg(c.value * 1.0 / u.value) AS rate
    FROM facts AS u JOIN facts AS c ON c.fact_id = u.equivalent_of
    WHERE u.unit = 'USD' AND c.unit = 'CNY' AND u.value > 0
    GROUP BY c.seed
),
based AS (
    SELECT a.*, p.usd_fact, p.usd AS stated_usd, r.rate AS article_rate,
           x.cny_per_usd AS annual_rate, x.year AS rate_year, x.source AS rate_source
    FROM amounts AS a
    LEFT JOIN pairs AS p ON p.fact_id = a.fact_id
    LEFT JOIN article_rates AS r ON r.seed = a.seed
    LEFT JOIN sources AS src ON src.seed = a.seed
    LEFT JOIN fx_rates AS x ON x.year = coalesce(a.year, CAST(substr(src.published, 1, 4) AS INTEGER))
)
SELECT
    fact_id, seed, subject, predicate, object, value, currency, value_text, qualifier, year,
    year_end, status, part_of, park, subject_kind, region, province, city, county,
    CASE WHEN currency = 'USD' THEN value
         WHEN stated_usd IS NOT NULL THEN stated_usd
         WHEN article_rate IS NOT NULL THEN value / article_rate
         WHEN annual_rate IS NOT NULL THEN value / annual_rate END AS usd,
    CASE WHEN currency = 'USD' OR stated_usd IS NOT NULL THEN 'stated'
         WHEN article_rate IS NOT NULL THEN 'article rate'
         WHEN annual_rate IS NOT NULL THEN 'annual average' END AS usd_basis,
    CASE WHEN currency = 'USD' THEN NULL
         WHEN stated_usd IS NOT NULL THEN value * 1.0 / stated_usd
         WHEN article_rate IS NOT NULL THEN article_rate
         ELSE annual_rate END AS rate,
    CASE WHEN currency = 'USD' THEN fact_id
         WHEN stated_usd IS NOT NULL THEN usd_fact
         WHEN article_rate IS NOT NULL THEN 'rate implied by ' || seed
         WHEN annual_rate IS NOT NULL THEN rate_year || ' average, ' || rate_source END AS usd_source
FROM based;

-- An investment with its region chain.
CREATE VIEW investments AS
SELECT * FROM amounts WHERE predicate = 'investment';

-- Parks and park-like entities with their sectors, years and seeds.
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
            AND predicate IN ({predicate.link})
        ORDER BY seed)) AS seeds
FROM entities AS e
LEFT JOIN region_chain AS c ON c.region = e.region
WHERE e.kind IN ({entity_kind.park});

-- The citation of every fact.
CREATE VIEW citations AS
SELECT fact_id, seed, start, "end", quote FROM facts;

-- @search

-- Full-text search over the paragraphs (see passages above). It needs only the passages, so a build
-- may create it in a side database while the facts are still loading, and copy it in.
CREATE VIRTUAL TABLE passages_fts USING fts5 (
    text, content = 'passages', content_rowid = 'passage_id', tokenize = 'unicode61'
);
INSERT INTO passages_fts (passages_fts) VALUES ('rebuild');
