"""A progress bar for long builds, drawn on stderr only when stderr is a terminal.

``bar(enabled)`` is a context manager that yields a callable ``(bytes read, bytes in all)`` for
the loader, or None when nothing should be drawn (a pipe, a file, a test), so that a build in a
script prints nothing extra. rich is imported only when a bar is drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def bar(enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    """Yield the loader's progress callback, drawing a bar while the build runs, or None."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(TextColumn("checking facts.csv"), BarColumn(), DownloadColumn(),
                        TimeRemainingColumn(), console=Console(stderr=True), transient=True)
    task: list[Any] = []

    def update(done: int, total: int) -> None:
        if not task:
            task.append(progress.add_task("facts", total=total))
        progress.update(task[0], completed=done)

    with progress:
        yield update
