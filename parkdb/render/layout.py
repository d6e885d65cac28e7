"""Which columns a table shows at a width, and how wide each is.

A table shows its default columns. When their narrowest readable widths do not fit the screen,
it keeps what identifies a row and what the row says before what is merely about it: it takes the
Result's ``narrow`` steps in order, each only while the table still does not fit: ``(column,
host)`` puts the column's text under the host's in one cell (``object`` under ``predicate``),
``(column, None)`` leaves the column out (before the first such step, words longer than
``TIGHT_CAP`` cells may be shortened with "…"); then an amount's unit may go under its number;
last, columns are left out from the right.
Running text (``prose``: a quote) is never narrower than ``PROSE_WIDTH`` while it is shown, so a
quote reads as a clause, not three words, and it gets the room first (``_shared``).

Invariant: the widths returned fit the width asked for (with GAP between columns), and every
column left out is named in the plan's ``left_out``, for the table's note.
"""

from __future__ import annotations

from typing import Any

from .fit import GAP, WORD_CAP, cell_width, fit_widths, longest_word

PROSE_WIDTH = 24  # the narrowest a quote is shown: a clause in a few lines
PROSE_LINES = 4  # lines a quote may take in a table before it ends in "…"
MAX_LINES = 3  # lines any other cell may take; a record shows its values whole
TIGHT_CAP = 14  # on a narrow screen a word longer than this may be shortened
NAME_WIDTH = 20  # text other than prose grows past this only once prose has PROSE_ROOM
PROSE_ROOM = 60


class Column:
    """One column as drawn: its header, one text a row, alignment and the lines a cell may take
    (a merged column holds several of the Result's columns, one under the other)."""

    __slots__ = ("names", "header", "texts", "right", "lines", "prose")

    def __init__(self, names: list[str], header: str, texts: list[str], right: bool, lines: int,
                 prose: bool) -> None:
        self.names, self.header, self.texts = names, header, texts
        self.right, self.lines, self.prose = right, lines, prose

    def natural(self) -> int:
        """The width that shows every line whole."""
        return max(max(map(cell_width, self.header.split("\n"))),
                   *(max(map(cell_width, t.split("\n"))) for t in self.texts))

    def minimum(self, cap: int, split: bool = False) -> int:
        """The narrowest width that keeps it readable: numbers whole (on a tight screen, an amount's
        unit may go to a second line when ``split``), words up to ``cap``."""
        natural = self.natural()
        if self.right and split:
            # tight: an amount may put its unit on a second line ("13.5 bn" over "CNY")
            return max(max(map(cell_width, self.header.split("\n"))),
                       *(cell_width(t.rsplit(" ", 1)[0]) for t in self.texts))
        if self.right:
            return natural
        if self.prose:
            return min(natural, PROSE_WIDTH)
        widest = max((longest_word(t) for t in self.texts), default=0)
        return min(natural, max(longest_word(self.header), 6, min(cap, widest)))

    def under(self, guest: Column) -> Column:
        """This column with ``guest``'s text on the lines below its own, in one cell."""
        texts = ["\n".join(filter(None, (mine, theirs)))
                 for mine, theirs in zip(self.texts, guest.texts, strict=True)]
        return Column([*self.names, *guest.names], f"{self.header}\n{guest.header}", texts,
                      self.right and guest.right, self.lines + guest.lines,
                      self.prose or guest.prose)


def column(name: str, texts: list[str], right: bool, prose: bool) -> Column:
    """A column of one of the Result's columns."""
    return Column([name], name, texts, right, PROSE_LINES if prose else MAX_LINES, prose)


class Plan:
    """The columns a table draws, their widths, and the Result's columns it leaves out."""

    __slots__ = ("columns", "widths", "left_out")

    def __init__(self, columns: list[Column], widths: list[int], left_out: list[str]) -> None:
        self.columns, self.widths, self.left_out = columns, widths, left_out


def plan(columns: list[Column], result: Any, width: int) -> Plan:
    """The columns and widths of a table ``width`` cells wide (see the module docstring)."""
    columns = list(columns)
    left_out: list[str] = []
    cap, split = WORD_CAP, False

    def fits() -> bool:
        return sum(c.minimum(cap, split) for c in columns) + GAP * (len(columns) - 1) <= width

    for name, host in result.narrow:
        if fits():
            break
        names = [c.names[0] for c in columns]
        if name not in names or (host is not None and host not in names):
            continue
        if host is None:
            cap = TIGHT_CAP
            if not fits() and len(columns) > 1:
                left_out += columns.pop(names.index(name)).names
        else:
            at = names.index(host)
            columns[at] = columns[at].under(columns[names.index(name)])
            del columns[names.index(name)]
    if not fits():
        cap = TIGHT_CAP
    if not fits():  # the last resort before leaving columns out: "13.5 bn" over "CNY"
        split = True
    widths = _shared(columns, [c.minimum(cap, split) for c in columns], width)
    for dropped in columns[len(widths):]:
        left_out += dropped.names
    return Plan(columns[:len(widths)], widths, left_out)


def _shared(columns: list[Column], minimums: list[int], width: int) -> list[int]:
    """Widths at least the minimums (columns that do not fit left out from the right, as
    fit_widths does), the room shared out in rounds: running text up to PROSE_ROOM, then other
    columns up to NAME_WIDTH, then running text up to 5 * NAME_WIDTH, then every column (a quote
    reads better wide than a name on one line)."""
    naturals = [c.natural() for c in columns]
    if sum(naturals) + GAP * (len(columns) - 1) <= width:
        return naturals
    widths = fit_widths(minimums, minimums, width)
    keep = range(len(widths))
    spare = width - sum(widths) - GAP * (len(widths) - 1)
    rounds = ([PROSE_ROOM if columns[i].prose else 0 for i in keep],
              [0 if columns[i].prose else NAME_WIDTH for i in keep],
              [5 * NAME_WIDTH if columns[i].prose else 0 for i in keep], naturals)
    for limits in rounds:
        while spare > 0:
            short = [i for i in keep if widths[i] < min(limits[i], naturals[i])]
            if not short:
                break
            share = max(1, spare // len(short))
            for i in short:
                add = min(share, min(limits[i], naturals[i]) - widths[i], spare)
                widths[i] += add
                spare -= add
    return widths
