"""The terminal: its size, whether colour is wanted, and the pager for output taller than it.

The pager follows git: ``$PARKDB_PAGER``, else ``$PAGER``, else ``less -FRX`` (quit if one screen,
keep colours, leave the text on the screen); an empty value or ``cat`` means no pager. It is used
only when stdout is a terminal, the output is taller than the screen, and ``--no-pager`` was not
given; a pager that cannot be started is skipped and the text written directly. Loaded only for
people formats on a terminal: a piped CSV query never imports this module or subprocess.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import TextIO

DEFAULT_PAGER = "less -FRX"


def terminal_size(stream: TextIO, environ: Mapping[str, str]) -> tuple[int, int]:
    """(columns, lines) of the terminal behind ``stream``; COLUMNS and LINES win; 80x24 if none."""
    try:
        size = os.get_terminal_size(stream.fileno())
        columns, lines = size.columns, size.lines
    except (OSError, ValueError, AttributeError):
        columns, lines = 80, 24
    for name in ("COLUMNS", "LINES"):
        value = environ.get(name, "")
        if value.isdigit() and int(value) > 0:
            columns, lines = (int(value), lines) if name == "COLUMNS" else (columns, int(value))
    return columns, lines


def wants_color(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Colour on a terminal, unless NO_COLOR is set or TERM is dumb (clig.dev)."""
    return (stream.isatty() and "NO_COLOR" not in environ
            and environ.get("TERM", "") != "dumb")


def pager_command(environ: Mapping[str, str]) -> list[str] | None:
    """The pager to run as an argument list, or None for no pager; raises ValueError (saying
    which variable) when the command cannot be split into words (an unclosed quote)."""
    import shlex

    name = next((n for n in ("PARKDB_PAGER", "PAGER") if n in environ), None)
    value = (environ[name] if name else DEFAULT_PAGER).strip()
    if not value or value == "cat":
        return None
    try:
        return shlex.split(value)
    except ValueError as exc:
        raise ValueError(f"cannot read {name}={value!r} as a command ({exc})") from None


def show(text: str, stream: TextIO, lines: int, environ: Mapping[str, str],
         notes: TextIO | None = None) -> None:
    """Write ``text`` to ``stream``, through the pager when it has more lines than ``lines``; a
    pager command that cannot be read is skipped with a note on ``notes`` (stderr)."""
    try:
        command = pager_command(environ) if text.count("\n") > lines else None
    except ValueError as exc:
        (notes or sys.stderr).write(f"parkdb: note: {exc}; writing without a pager\n")
        command = None
    if command is None:
        stream.write(text)
        return
    import subprocess

    stream.flush()
    try:
        pager = subprocess.Popen(command, stdin=subprocess.PIPE, encoding="utf-8",
                                 env={"LESS": "FRX", **environ, "LESSCHARSET": "utf-8"})
    except OSError:  # no such pager: the text is still wanted
        stream.write(text)
        return
    try:
        pager.communicate(text)
    except BrokenPipeError:  # the reader quit the pager before the end: nothing more to show
        pass
    except KeyboardInterrupt:  # Ctrl-C belongs to the pager while it runs (as in git)
        pager.wait()
