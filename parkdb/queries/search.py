"""Full-text search over the articles' paragraphs, in SQLite FTS5's query language.

A query is FTS5's own (phrases "12 billion", prefixes rubb*, AND, OR, NOT, NEAR(a b, 10)), with two
kindnesses for a shell: an argument holding spaces and no FTS5 syntax is a phrase (the shell ate
the quotes of ``search "12 billion"``), and a word FTS5 would refuse as a bare word (``1.8``,
``Beijing-Tianjin-Hebei``) is quoted as a phrase. Paragraphs are found by the word index first,
then by the trigram index beside it, which finds a word glued inside a longer one ("Tianjin" in
"BeijingTianjinHebei"); its hits come after the word index's.

Invariant: a hit names the facts whose quotes overlap a matched span (not every fact of the
paragraph), and its snippet is cut around the first match, at spaces, with the match marked « ».
A query FTS5 cannot parse is a QueryError naming the syntax, never a traceback.
"""

from __future__ import annotations

import json
import re
from typing import Any, Protocol

from ..errors import QueryError
from ..render.result import MARK_CLOSE, MARK_OPEN, Result, from_query
from .common import Conn

_START, _END = "\x01", "\x02"  # match marks inside a highlighted paragraph
_OPERATORS = frozenset({"AND", "OR", "NOT"})
_BAREWORD = re.compile(r"[\w\x80-\U0010ffff]+\*?")
WINDOW = 200  # characters of a snippet, about two lines of a wide table


class Searchable(Conn, Protocol):
    """A connection search can define its SQL functions on."""

    def create_function(self, name: str, narg: int, func: Any, *,
                        deterministic: bool = False) -> None: ...


def expression(words: tuple[str, ...]) -> str:
    """The FTS5 query for the command's arguments (see the module docstring)."""
    out = []
    for word in words:
        if any(ch in word for ch in '"()^:') or not _OPERATORS.isdisjoint(word.split()):
            out.append(word)  # FTS5 syntax, the user's own
        elif any(ch.isspace() for ch in word.strip()):
            out.append(_phrase(word))
        else:
            out.extend(w if _BAREWORD.fullmatch(w) else _phrase(w) for w in word.split())
    return " ".join(out)


def _phrase(text: str) -> str:
    return '"' + " ".join(text.split()).replace('"', '""') + '"'


def search(conn: Searchable, words: tuple[str, ...]) -> Result:
    """Paragraphs matching the query, word-index hits first (best first), then trigram hits,
    each with its snippet and the facts whose quotes overlap a match; raises QueryError for an
    empty query or one FTS5 cannot parse."""
    query = expression(words)
    if not query.strip():
        raise QueryError("nothing to search for (expected words; see parkdb search --help)")
    _check(conn, "passages_fts", query, raising=True)
    conn.create_function("parkdb_snippet", 1, snippet, deterministic=True)
    conn.create_function("parkdb_spans", 2, spans, deterministic=True)
    arms = ["""SELECT p.passage_id, p.seed, p.start, p."end", 0 AS pass, rank AS score,
                   highlight(passages_fts, 0, char(1), char(2)) AS marked
            FROM passages_fts JOIN passages AS p ON p.passage_id = passages_fts.rowid
            WHERE passages_fts MATCH :q"""]
    if _check(conn, "passages_trigram", query):
        arms.append("""SELECT p.passage_id, p.seed, p.start, p."end", 1, rank,
                   highlight(passages_trigram, 0, char(1), char(2))
            FROM passages_trigram JOIN passages AS p ON p.passage_id = passages_trigram.rowid
            WHERE passages_trigram MATCH :q AND p.passage_id NOT IN (
                SELECT rowid FROM passages_fts WHERE passages_fts MATCH :q)""")
    sql = f"""
        WITH found AS ({' UNION ALL '.join(arms)})
        SELECT h.seed, h.start, h."end", parkdb_snippet(h.marked) AS snippet,
               (SELECT group_concat(fact_id, ' ') FROM (
                    SELECT f.fact_id FROM facts AS f
                    JOIN json_each(parkdb_spans(h.marked, h.start)) AS m
                      ON f.start < json_extract(m.value, '$[1]')
                     AND f."end" > json_extract(m.value, '$[0]')
                    WHERE f.seed = h.seed
                    GROUP BY f.fact_id ORDER BY min(f.start), f.fact_id)) AS facts
        FROM found AS h
        ORDER BY h.pass, h.score"""
    return from_query(conn, sql, {"q": query}, title=f"Search: {' '.join(words)}",
                      marked=frozenset({"snippet"}), lists={"facts": " "},
                      default_columns=("seed", "snippet", "facts"), prose=frozenset({"snippet"}))


def _check(conn: Conn, index: str, query: str, raising: bool = False) -> bool:
    """Whether ``index`` can run ``query``; with ``raising``, a QueryError saying why not."""
    try:
        conn.execute(f"SELECT 1 FROM {index} WHERE {index} MATCH ? LIMIT 1", (query,)).fetchall()
    except QueryError as exc:
        if raising:
            reason = str(exc).removeprefix("SQL error: ")
            raise QueryError(f"cannot search for {query!r}: {reason} (the query language is "
                             "SQLite FTS5's: see parkdb search --help)") from None
        return False
    return True


def spans(marked: str, base: int) -> str:
    """The matched spans of a highlighted paragraph, as article offsets ``[[start, end], ...]``
    in JSON (the paragraph starts at ``base``)."""
    found, at, start = [], base, base
    for ch in marked:
        if ch == _START:
            start = at
        elif ch == _END:
            found.append([start, at])
        else:
            at += 1
    return json.dumps(found)


def snippet(marked: str) -> str:
    """About WINDOW characters of a highlighted paragraph around its first match, cut at spaces,
    with "…" where text is left out and the matches marked « »."""
    first = max(marked.find(_START), 0)
    lo = max(first - WINDOW // 3, 0)
    hi = min(lo + WINDOW, len(marked))
    if lo > 0:
        space = marked.find(" ", lo, first)
        lo = space + 1 if space >= 0 else lo
    if hi < len(marked):
        space = marked.rfind(" ", first, hi)
        hi = space if space > first else hi
    text = marked[lo:hi].strip()
    if text.count(_START) > text.count(_END):
        text += _END
    return (("…" if lo > 0 else "") + text.replace(_START, MARK_OPEN).replace(_END, MARK_CLOSE)
            + ("…" if hi < len(marked) else ""))
