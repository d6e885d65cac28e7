"""Links in the browser: a Datasette plugin, registered by ``web.datasette``, nothing else.

Datasette links a cell only along a declared foreign key, and the facts table declares none (see
schema.sql), so this hook does it: a seed links to its article (the row of sources), a fact id
(or a list of them, in fact_ids) to the fact's page, the ``fact`` canned query with the quote in context. It
acts only in a database with that canned query, that is one served by parkdb.
"""

from __future__ import annotations

import sys
from typing import Any
from urllib.parse import quote

from datasette import hookimpl
from datasette.plugins import pm
from datasette.utils import tilde_encode
from markupsafe import Markup, escape

NAME = "parkdb-links"


def register() -> None:
    """Register the hook once per process."""
    if not pm.has_plugin(NAME):
        pm.register(sys.modules[__name__], name=NAME)


@hookimpl  # type: ignore[untyped-decorator]
def render_cell(value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """A link for a seed or fact ids in a parkdb database; None (Datasette's own) otherwise."""
    if not isinstance(value, str) or not value or "fact" not in (
            datasette.metadata("queries", database=database) or {}):
        return None
    if column == "seed" and table != "sources":
        href = datasette.urls.row(database, "sources", tilde_encode(value))
        return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')
    if column in ("fact_id", "fact_ids"):
        base = datasette.urls.database(database) + "/fact?fact_id="
        return Markup(" ".join(f'<a href="{escape(base + quote(fact))}">{escape(fact)}</a>'
                               for fact in value.split()))
    return None
