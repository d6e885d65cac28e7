"""Fitting text to a terminal: display widths, word wrapping, shortening and column widths.

Invariant: no line that ``wrap`` or ``shorten`` returns is wider than the width asked for, and no
word is cut in two across lines: a word longer than the width is shortened with an ellipsis (…)
instead, so every piece of text a table shows is either a whole word or ends in "…". Widths are
terminal cells: East Asian wide characters count two, combining marks none. Pure functions, cheap to load
(unicodedata only when a text is not ASCII) and easy to test.
"""

from __future__ import annotations

ELLIPSIS = "…"
GAP = 2  # cells between two table columns
WORD_CAP = 24  # a column need not be wider than this to hold its longest word whole


def cell_width(text: str) -> int:
    """The number of terminal cells ``text`` takes."""
    if text.isascii():
        return len(text)
    import unicodedata

    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF"
               else 1 for ch in text)


def _take(text: str, width: int) -> str:
    """The longest prefix of ``text`` at most ``width`` cells wide."""
    if text.isascii():
        return text[:width]
    used = 0
    for i, ch in enumerate(text):
        used += cell_width(ch)
        if used > width:
            return text[:i]
    return text


def shorten(text: str, width: int) -> str:
    """``text`` if it fits in ``width`` cells, else cut (at a word boundary when one is near the
    end) and ended with an ellipsis."""
    if cell_width(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    head = _take(text, width - 1)
    if not text[len(head)].isspace():
        space = head.rfind(" ")
        if space >= (width - 1) // 2:
            head = head[:space]
    return head.rstrip() + ELLIPSIS


def _ellipsis_after(line: str, width: int) -> str:
    """``line`` marked as continuing: an ellipsis after it, or in place of its end."""
    if cell_width(line) + 1 <= width:
        return line + ELLIPSIS
    return shorten(line + " " + ELLIPSIS * width, width)


def wrap(text: str, width: int, max_lines: int = 0, whole: bool = False) -> list[str]:
    """``text`` broken into lines of at most ``width`` cells at spaces (line breaks kept); with
    ``max_lines``, the lines past it are dropped and the last one kept ends with an ellipsis. Each
    line break's part keeps at least one line: a long object never hides the value under it. With
    ``whole`` (a record, which shows every value whole), a word wider than ``width`` (a URL) is cut
    into pieces, not shortened."""
    parts = [_wrapped(paragraph, width, whole) for paragraph in text.split("\n")]
    lines = [line for part in parts for line in part]
    if not max_lines or len(lines) <= max_lines:
        return lines
    if len(parts) > max_lines:  # more line breaks than lines (a text column): cut after max_lines
        return lines[:max_lines - 1] + [_ellipsis_after(lines[max_lines - 1], width)]
    budgets = [1] * len(parts)
    spare = max_lines - len(parts)
    for i, part in enumerate(parts):  # the rest of the lines to the parts in order
        extra = max(0, min(spare, len(part) - 1))
        budgets[i] += extra
        spare -= extra
    lines = []
    for part, budget in zip(parts, budgets, strict=True):
        if len(part) > budget:
            part = part[:budget - 1] + [_ellipsis_after(part[budget - 1], width)]
        lines += part
    return lines


def _wrapped(paragraph: str, width: int, whole: bool = False) -> list[str]:
    """``paragraph`` in lines of ``width``; a longer word is shortened, or with ``whole`` (a record,
    which shows every value whole: a URL) cut into pieces of ``width``."""
    lines: list[str] = []
    line = ""
    words = paragraph.split()
    if whole and width > 0:
        words = [piece for w in words for piece in _pieces(w, width)]
    for word in words:
        word = shorten(word, width)
        if not line:
            line = word
        elif cell_width(line) + 1 + cell_width(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


def longest_word(text: str) -> int:
    """The width of the widest word in ``text`` (0 for empty text)."""
    return max((cell_width(word) for word in text.split()), default=0)


def fit_widths(naturals: list[int], minimums: list[int], width: int, gap: int = GAP) -> list[int]:
    """Column widths that fit ``width`` cells with ``gap`` between columns.

    Every column gets its natural width when all fit. Otherwise each starts at its minimum,
    columns are dropped from the right (the list is fewer than the input) until the minimums fit,
    and the room left is shared among the columns still short of their natural width.
    """
    count = len(naturals)
    if sum(naturals) + gap * (count - 1) <= width:
        return list(naturals)
    keep = count
    while keep > 1 and sum(minimums[:keep]) + gap * (keep - 1) > width:
        keep -= 1
    widths = [min(m, width) for m in minimums[:keep]]
    spare = width - sum(widths) - gap * (keep - 1)
    while spare > 0:
        short = [i for i in range(keep) if widths[i] < naturals[i]]
        if not short:
            break
        share = max(1, spare // len(short))
        for i in short:
            add = min(share, naturals[i] - widths[i], spare)
            widths[i] += add
            spare -= add
    return widths


def _pieces(word: str, width: int) -> list[str]:
    """``word`` cut into pieces of at most ``width`` cells (a wide character takes two)."""
    if cell_width(word) <= width:
        return [word]
    pieces, piece = [], ""
    for char in word:
        if piece and cell_width(piece + char) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece]
