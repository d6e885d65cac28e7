"""Cells in the browser: a Datasette plugin, registered by ``web.datasette``, nothing else.

Datasette links a cell only along a declared foreign key, and the facts table declares none (see
schema.sql), so this hook does it: a seed links to its article (the row of sources), a fact id
(or a list of them, in fact_ids) to the fact's page, the ``fact`` canned query with the quote in
its paragraph. It also writes money for people ("13.5 bn CNY", as the CLI's tables do), each
quote of a ``quotes`` cell on a line of its own with its fact linked, and a quote marked « » in
its context highlighted. Only HTML changes: JSON and CSV keep the raw numbers and text. It acts
only in a database with the ``fact`` canned query, that is one served by parkdb.
"""

from __future__ import annotations

import sys
from typing import Any
from urllib.parse import quote

from datasette import hookimpl
from datasette.plugins import pm
from datasette.utils import tilde_encode
from markupsafe import Markup, escape

from ..queries.money import class_column, status_classes
from ..render.tables import human_number
from ..values import money_units

NAME = "parkdb-links"
# Columns that hold an amount of money in the row's currency (or, for value, in its unit).
MONEY = frozenset({*(class_column(c) for c in status_classes()), "mixed_total", "amount", "value"})
MARKED = frozenset({"context", "paragraph", "snippet"})


def register() -> None:
    """Register the hook once per process."""
    if not pm.has_plugin(NAME):
        pm.register(sys.modules[__name__], name=NAME)


@hookimpl  # type: ignore[untyped-decorator]
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str,
                datasette: Any) -> Any:
    """HTML for a seed, fact ids, money, quotes or a marked context in a parkdb database; None
    (Datasette's own) otherwise."""
    if value is None or value == "" or "fact" not in (
            datasette.metadata("queries", database=database) or {}):
        return None
    fact_page = datasette.urls.database(database) + "/fact?fact_id="
    if column in MONEY and isinstance(value, int | float) and not isinstance(value, bool):
        unit = _unit(row)
        return (Markup(f'<span class="parkdb-money">{escape(human_number(value, unit))}</span>')
                if unit in money_units() else None)
    if not isinstance(value, str):
        return None
    if column == "seed" and table != "sources":
        href = datasette.urls.row(database, "sources", tilde_encode(value))
        return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')
    if column in ("fact_id", "fact_ids"):
        return Markup(" ".join(_fact_link(fact_page, fact) for fact in value.split()))
    if column == "quotes":
        items = []
        for item in value.split(" | "):
            fact, _, words = item.partition(": ")
            items.append(f"<li>{_fact_link(fact_page, fact)}: {escape(words)}</li>")
        return Markup(f'<ul class="parkdb-quotes">{"".join(items)}</ul>')
    if column in MARKED and "«" in value:
        text = str(escape(value)).replace("«", "<mark>«").replace("»", "»</mark>")
        return Markup(text.replace("\n", "<br>"))
    return None


def _unit(row: Any) -> str | None:
    keys = row.keys() if hasattr(row, "keys") else ()
    for name in ("currency", "unit"):
        if name in keys and isinstance(row[name], str):
            return str(row[name])
    return None


def _fact_link(base: str, fact: str) -> str:
    return f'<a href="{escape(base + quote(fact))}">{escape(fact)}</a>'
