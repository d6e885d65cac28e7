"""Resolving the names users type (seeds, regions, sectors, subjects, fact ids, predicates).

Each resolver returns the name as stored, or raises ``NotFound`` with the closest names suggested.
"""

from __future__ import annotations

from ..errors import NotFound, closest_names
from ..values import match_seed
from .classes import resolve_sector
from .common import Conn, Filters


def resolve_seed(conn: Conn, name: str) -> str:
    """The seed file named ``name`` or uniquely starting with it; raises NotFound."""
    return match_seed((row[0] for row in conn.execute("SELECT seed FROM sources")), name)


def resolve_region(conn: Conn, name: str) -> str:
    """The gazetteer name for ``name`` (a name or alias, any case); raises NotFound."""
    rows = conn.execute("SELECT name, aliases FROM regions").fetchall()
    spellings = {}
    for region, aliases in rows:
        for spelling in [region, *(aliases or "").split(";")]:
            if spelling.strip():
                spellings[spelling.strip().lower()] = region
    found: str | None = spellings.get(name.strip().lower())
    if found:
        return found
    raise NotFound("region", name, closest_names(name, [r for r, _ in rows]),
                   hint=_entity_hint(conn, name))


def _entity_hint(conn: Conn, name: str) -> str:
    """For a --region that names a park or company: what it is, where, and its facts' option."""
    row = conn.execute("SELECT name, kind FROM entities WHERE lower(name) = lower(?)",
                       (name.strip(),)).fetchone()
    if row is None:
        return ""
    entity, kind = row
    (facts,) = conn.execute("SELECT count(*) FROM facts WHERE subject = ?", (entity,)).fetchone()
    places = [r for (r,) in conn.execute(
        "SELECT region FROM placements WHERE subject = ? ORDER BY region", (entity,))]
    where = f" in {' and '.join(places)} (--region {places[0]!r})" if places else ""
    return (f"{entity!r} is a {kind.replace('_', ' ')}{where}; its {facts} facts: "
            f"--subject {entity!r}")


def region_hint(conn: Conn, subject: str) -> str | None:
    """For a --subject that is a region: how many facts are about it itself, and how many about
    it and everything placed in it (--region); None for a park or company."""
    if conn.execute("SELECT 1 FROM regions WHERE name = ?", (subject,)).fetchone() is None:
        return None
    inside = Filters(regions=(subject,))
    (own,) = conn.execute("SELECT count(*) FROM facts WHERE subject = ?", (subject,)).fetchone()
    (under,) = conn.execute("SELECT count(*) FROM facts WHERE " + inside.placed_in(),
                            inside.params).fetchone()
    return (f"{subject} is a region: {own} facts are about {subject} itself; {under} facts are "
            f"about it and the parks, companies and places in it: --region {subject!r}")


def resolve_regions(conn: Conn, names: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The gazetteer names of several regions (for a union), in the order given; raises
    NotFound for the first unknown one."""
    return tuple(dict.fromkeys(resolve_region(conn, name) for name in names))


def resolve_subject(conn: Conn, name: str) -> str:
    """The entity or region called ``name`` (a name or alias, any case), or the only one whose
    name contains it, as ``show`` finds it; raises NotFound."""
    return find_subject(conn, name)


def find_subject(conn: Conn, name: str) -> str:
    """The entity or region called ``name``, or the only one whose name or alias contains it
    (any case); raises NotFound naming the candidates or the closest names."""
    rows = conn.execute("""SELECT name, aliases FROM entities
                           UNION ALL SELECT name, aliases FROM regions""").fetchall()
    key = name.strip().lower()
    spellings = {subject: [subject, *(a.strip() for a in (aliases or "").split(";") if a.strip())]
                 for subject, aliases in rows}
    exact = [s for s, names in spellings.items() if key in (n.lower() for n in names)]
    if exact:
        return str(exact[0])
    parts = [s for s, names in spellings.items() if any(key in n.lower() for n in names)]
    if len(parts) == 1:
        return str(parts[0])
    if parts:
        raise NotFound("park, company or region", name, sorted(parts)[:8], ambiguous=True)
    raise NotFound("park, company or region", name, closest_names(name, list(spellings)))



def resolve_fact(conn: Conn, fact_id: str) -> str:
    """The fact id ``fact_id`` (any case); raises NotFound."""
    row = conn.execute("SELECT fact_id FROM facts WHERE fact_id = ? COLLATE NOCASE",
                       (fact_id.strip(),)).fetchone()
    if row:
        return str(row[0])
    ids = [r[0] for r in conn.execute("SELECT fact_id FROM facts WHERE fact_id LIKE ?",
                                      (fact_id.strip()[:4] + "%",))]
    raise NotFound("fact", fact_id, closest_names(fact_id, ids))


def resolve_predicate(conn: Conn, name: str) -> str:
    """A predicate that occurs in the facts; raises NotFound."""
    predicates: list[str] = [r[0] for r in conn.execute("SELECT DISTINCT predicate FROM facts ORDER BY 1")]
    if name in predicates:
        return name
    raise NotFound("predicate", name, closest_names(name, predicates))



def filters(conn: Conn, years: tuple[int, int] | None = None,
            published: tuple[int, int] | None = None, sector: str | None = None,
            regions: tuple[str, ...] = (), exclude_doubtful: bool = False) -> Filters:
    """The filters a user typed, with the sector and regions resolved; raises NotFound."""
    return Filters(years, published, resolve_sector(conn, sector) if sector else None,
                   resolve_regions(conn, regions), exclude_doubtful)
