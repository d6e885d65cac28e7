"""Bounds on what the web serves: a Datasette plugin, registered by ``web.datasette``, nothing else.

- Every connection Datasette opens gets the CLI's cap on the size of one value
  (db.MAX_VALUE_BYTES): without it one anonymous GET such as ``?sql=select randomblob(300000000)``
  allocates gigabytes and runs past Datasette's time limit, whose progress handler cannot stop a
  single function call.
- Arbitrary SQL never reads the articles' text. Downloading the database is off because the file
  holds the full text of every article, which belongs to its publisher; the text is shown on the
  article's own page (the sources row, with the licence note every page carries), in the passages
  search and around each fact on its page (the ``fact`` canned query), but ``?sql=select text from
  sources`` would hand out any article whole, as JSON or CSV, without the note. So a statement
  that reads ``sources.text``, ``passages.text`` or the full-text table, directly or through a
  view or CTE (SQLite's authorizer cannot tell a view from a CTE of the same name, so neither is
  trusted), is refused with 403 before it runs: it is compiled, never run, under an authorizer.
- CSV from the web is for people (it is downloaded and opened in a spreadsheet), so every cell that
  would start a formula is escaped (render.machine.formula_safe, OWASP's advice).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import sqlite3
import sys
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

from datasette import hookimpl
from datasette.plugins import pm

from ..db import limit_values
from ..render.machine import formula_safe
from ..resources import read_only_uri

NAME = "parkdb-guard"
# (table, column) pairs that hold an article's text; None: every column of the table.
ARTICLE_TEXT = {("sources", "text"), ("passages", "text"), ("passages_fts", None),
                ("passages_trigram", None)}
REFUSED = ("this query reads the articles' text, which parkdb serves only on each article's page "
           "with its licence note (each article belongs to its publisher); query the facts table "
           "and its quotes instead, or open a fact's page for its quote in context")

Send = Callable[[dict[str, Any]], Awaitable[None]]


def register() -> None:
    """Register the hooks once per process."""
    if not pm.has_plugin(NAME):
        pm.register(sys.modules[__name__], name=NAME)


@hookimpl  # type: ignore[untyped-decorator]
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    """Cap the size of every value a query makes, as the CLI does."""
    limit_values(conn)


def reads_article_text(path: str, sql: str) -> bool:
    """True when ``sql`` reads an article's text (directly or through a view or CTE); compiled on
    a connection of its own, never run. A statement that does not compile is left to Datasette."""
    found: list[bool] = []

    def authorizer(action: int, table: str | None, column: str | None, _db: str | None,
                   view: str | None) -> int:
        if action == sqlite3.SQLITE_READ and (
                (table, column) in ARTICLE_TEXT or (table, None) in ARTICLE_TEXT):
            found.append(True)
        return sqlite3.SQLITE_OK

    conn = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        conn.set_authorizer(authorizer)
        conn.execute("EXPLAIN " + sql).fetchall()
    except (sqlite3.Error, sqlite3.Warning, ValueError):
        pass
    finally:
        conn.close()
    return bool(found)


@hookimpl  # type: ignore[untyped-decorator]
def asgi_wrapper(datasette: Any) -> Callable[[Any], Any]:
    """Refuse arbitrary SQL that reads the articles' text; escape formulas in CSV."""

    def wrap(app: Any) -> Any:
        async def guarded(scope: dict[str, Any], receive: Any, send: Send) -> None:
            if scope.get("type") != "http":
                await app(scope, receive, send)
                return
            path = scope.get("path", "")
            database = path.strip("/").split("/")[0].rsplit(".", 1)[0]
            sql = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("sql", [""])[0]
            if sql and database in datasette.databases and reads_article_text(
                    datasette.databases[database].path, sql):
                await _forbidden(send)
                return
            if path.endswith(".csv") or b"_format=csv" in scope.get("query_string", b""):
                send = _SafeCsv(send)
            await app(scope, receive, send)

        return guarded

    return wrap


async def _forbidden(send: Send) -> None:
    body = json.dumps({"ok": False, "error": REFUSED, "status": 403}).encode()
    await send({"type": "http.response.start", "status": 403,
                "headers": [(b"content-type", b"application/json; charset=utf-8")]})
    await send({"type": "http.response.body", "body": body})


class _SafeCsv:
    """An ASGI send that rewrites a CSV body record by record with formulas escaped."""

    def __init__(self, send: Send) -> None:
        self.send, self.pending = send, ""
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    async def __call__(self, message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":  # the length changes
            headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"content-length"]
            await self.send({**message, "headers": headers})
            return
        if message["type"] != "http.response.body":
            await self.send(message)
            return
        more = message.get("more_body", False)
        self.pending += self.decoder.decode(message.get("body", b""), final=not more)
        cut = _records_end(self.pending) if more else len(self.pending)
        done, self.pending = self.pending[:cut], self.pending[cut:]
        await self.send({**message, "body": _escaped(done).encode("utf-8")})


def _records_end(text: str) -> int:
    """Where the last complete CSV record of ``text`` ends (a line end outside quotes)."""
    end = quotes = at = 0
    while (found := text.find("\n", at)) >= 0:
        quotes += text.count('"', at, found)
        at = found + 1
        if quotes % 2 == 0:
            end = at
    return end


def _escaped(text: str) -> str:
    if not text:
        return ""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in csv.reader(io.StringIO(text, newline="")):
        writer.writerow([formula_safe(cell) for cell in row])
    return out.getvalue()
