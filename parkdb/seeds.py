"""Seed articles: reading, hashing, paragraphs.

A seed is a UTF-8 text file in ``seeds/``. Offsets everywhere in parkdb are Python string indices of
the decoded text (not byte offsets), so a seed is always read whole and decoded strictly: a file
that is not UTF-8 is an error, never silently repaired.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import ParkdbError, Problem
from .resources import file_names
from .values import match_seed

# The largest article parkdb reads (add refuses a longer one, the build reports it): a news article
# is tens of kB; a 96 MB one made check take 44 s and 2.4 GB.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024


def read_article(path: Path) -> bytes:
    """The bytes of an article file; raises ParkdbError, reading nothing, for a device, FIFO or
    socket (which could block or never end) or a file over MAX_ARTICLE_BYTES."""
    try:  # O_NONBLOCK: opening a FIFO must not wait for a writer
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise ParkdbError(f"{path}: cannot read: {exc.strerror}") from exc
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ParkdbError(f"{path}: is not a regular file (a device, FIFO or socket; expected "
                              "an article saved as a text file)")
        data = handle.read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        raise ParkdbError(f"{path}: is {max(info.st_size, len(data)) / 2**20:.1f} MB, over the "
                          f"{MAX_ARTICLE_BYTES // 2**20} MB an article may be (expected the text "
                          "of one article)")
    return data


@dataclass(frozen=True)
class Seed:
    """One article: its file name, the sha256 of its bytes and where it is.

    The text is read on demand (``text``) and only the most recently used few are kept, so that a
    corpus of thousands of articles is never held in memory at once: facts come grouped by seed.
    ``read_seed`` keeps the text it decoded, so a small corpus is read once per build.
    """

    name: str
    sha256: str
    path: Path

    @property
    def text(self) -> str:
        """The decoded text of the article."""
        return _text(self.path)


_RECENT: OrderedDict[Path, str] = OrderedDict()  # path -> text, most recently used last
_KEEP = 16


def _text(path: Path) -> str:
    text = _RECENT.pop(path, None)
    if text is None:
        text = path.read_bytes().decode("utf-8")
    _remember(path, text)
    return text


def _remember(path: Path, text: str) -> None:
    _RECENT[path] = text
    while len(_RECENT) > _KEEP:
        _RECENT.popitem(last=False)


def decode_problem(path: str, data: bytes) -> Problem | None:
    """Return a Problem locating the first byte that is not UTF-8, or None if ``data`` decodes."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        return Problem(path, line, f"character {column}",
                       f"byte 0x{data[exc.start]:02x} is not UTF-8 (expected UTF-8 text)")
    return None


def read_seed(path: Path) -> Seed | Problem:
    """Read one seed file; return a Problem instead if it cannot be read as UTF-8 text."""
    try:
        data = read_article(path)
    except ParkdbError as exc:
        return Problem(str(path), 0, "file", str(exc).removeprefix(f"{path}: "))
    try:
        _remember(path, data.decode("utf-8"))
    except UnicodeDecodeError:
        return decode_problem(str(path), data) or Problem(str(path), 0, "file", "not UTF-8")
    return Seed(path.name, hashlib.sha256(data).hexdigest(), path)


_PARAGRAPH = re.compile(r"[^\n]+(?:\n[^\n]+)*")


def paragraphs(text: str) -> Iterator[tuple[int, int, str]]:
    """Each paragraph (lines separated by a blank line) as (start, end, text)."""
    for match in _PARAGRAPH.finditer(text):
        if match.group().strip():
            yield match.start(), match.end(), match.group()


def articles(seeds: Iterable[Seed]) -> Iterator[tuple[str, str, str, list[tuple[int, int, str]]]]:
    """Each seed as (name, sha256, text, paragraphs), read one at a time."""
    for seed in seeds:
        text = seed.text
        yield seed.name, seed.sha256, text, list(paragraphs(text))


def seed_files(seeds_dir: Path) -> list[Path]:
    """The seed files in a directory, sorted by name (hidden files are ignored)."""
    return [seeds_dir / name for name in file_names(seeds_dir)] if seeds_dir.is_dir() else []


def resolve_seed(seeds_dir: Path, name: str) -> str:
    """The seed file named ``name`` or by a unique prefix of it; raises NotFound."""
    return match_seed((p.name for p in seed_files(seeds_dir)), name)
