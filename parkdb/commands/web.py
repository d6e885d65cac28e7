"""The serve command: the fact base in a browser, over web/.
"""

from __future__ import annotations

import click

from .options import db_option, open_db


@click.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8001, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 shares the fact base with the network (warned).")
@click.option("--open", "open_browser", is_flag=True, help="Open it in the web browser.")
@db_option
def serve(port: int, host: str, open_browser: bool, db_path: str | None) -> None:
    """Browse, facet and share the fact base in a web browser (Datasette, read-only).

    Needs the web extra: pip install 'parkdb[web]'.

    \b
    Example:
      parkdb serve --open
    """
    from ..web import app as web

    web.require_datasette()
    conn = open_db(db_path)
    web.serve(conn, str(conn.path), host, port, open_browser)


COMMANDS = (serve,)
