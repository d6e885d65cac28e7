"""Shared fixtures: the bundled data, databases built from it in tmp_path, and a CLI runner.

Every test builds from the real schema.sql and the real data; nothing depends on the working
directory or on a database outside tmp_path (XDG_CACHE_HOME and PARKDB_DB are redirected).
"""

from __future__ import annotations

import atexit
import csv
import io
import os
import pty
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from parkdb import resources
from parkdb.build.loader import build
from parkdb.cli import cli
from parkdb.vocabulary import FACT_COLUMNS

# The five articles the tests' expected values are worked out on (in comments, by hand). The
# bundled base grows (issue 22); the tests of the grown base are in test_grown.py. Every other test
# builds from a copy of the bundled data that holds only these five seeds and their facts.
FIVE = ("000_116b4bab6e28bba9.txt", "001_52a3f429c11a6b32.txt", "002_5766bb2df33da97f.txt",
        "003_37c33071b06477f7.txt", "004_4589358bf7039e5b.txt")
BUNDLED = resources.bundled_root()


def _five_articles() -> Path:
    """A copy of schema.sql, data/ and seeds/ holding the five seeds: facts.csv and sources.csv keep
    their rows of those seeds (byte for byte, so line numbers stay), entities.csv the entities those
    facts name."""
    base = Path(tempfile.mkdtemp(prefix="parkdb-five-"))
    atexit.register(shutil.rmtree, base, True)
    shutil.copy(BUNDLED / "schema.sql", base / "schema.sql")
    shutil.copytree(BUNDLED / "data", base / "data")
    (base / "seeds").mkdir()
    for seed in FIVE:
        shutil.copy(BUNDLED / "seeds" / seed, base / "seeds" / seed)
    named: set[str] = set()
    for name, seed_column in (("facts.csv", 1), ("sources.csv", 0)):
        lines = (BUNDLED / "data" / name).read_bytes().decode("utf-8").splitlines(keepends=True)
        kept = [lines[0]]
        for line in lines[1:]:
            cells = next(csv.reader([line]))
            if cells[seed_column] in FIVE:
                kept.append(line)
                named.update(cells[2:5] if name == "facts.csv" else ())
        (base / "data" / name).write_bytes("".join(kept).encode("utf-8"))
    lines = (BUNDLED / "data" / "entities.csv").read_bytes().decode("utf-8").splitlines(keepends=True)
    (base / "data" / "entities.csv").write_bytes("".join(
        [lines[0]] + [ln for ln in lines[1:] if next(csv.reader([ln]))[0] in named]).encode("utf-8"))
    return base


ROOT = _five_articles()
DATA = ROOT / "data"
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    # nothing a test runs (less, chromium, parkdb) writes into the user's home
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("LESSHISTFILE", "-")
    monkeypatch.delenv("PARKDB_DB", raising=False)
    # the "bundled" data of every test is the copy holding the five original articles
    monkeypatch.setenv("PARKDB_HOME", str(ROOT))
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture(scope="session")
def bundled_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database built once from the five articles of the bundled data (tests must not write to
    it)."""
    path = tmp_path_factory.mktemp("bundled") / "parkdb.db"
    build(DATA, SEEDS, path)
    return path


@pytest.fixture
def run(bundled_db: Path) -> Callable[..., Result]:
    """Run a parkdb command line against the bundled database."""

    def invoke(*args: str, db: Path | None = None) -> Result:
        return CliRunner().invoke(cli, [*args, "--db", str(db or bundled_db)])

    return invoke


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch fact base (schema.sql, data/, seeds/ of the five articles) in tmp_path, named by
    PARKDB_HOME, for tests that write to the fact base as a curator does."""
    base = tmp_path / "home"
    base.mkdir()
    shutil.copy(ROOT / "schema.sql", base / "schema.sql")
    shutil.copytree(DATA, base / "data")
    shutil.copytree(SEEDS, base / "seeds")
    monkeypatch.setenv("PARKDB_HOME", str(base))
    return base


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of data/ and seeds/ in tmp_path, which is also the working directory."""
    shutil.copytree(DATA, tmp_path / "data")
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def read_facts(path: Path = DATA / "facts.csv") -> list[dict[str, str]]:
    """facts.csv as a list of dicts, straight from the csv module."""
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_facts(rows: list[dict[str, str]], path: Path) -> None:
    """Write rows back as facts.csv, with every column of the standard header."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FACT_COLUMNS, lineterminator="\n",
                                restval="")
        writer.writeheader()
        writer.writerows(rows)


def repeated_facts(rows: list[dict[str, str]], copies: int) -> list[dict[str, str]]:
    """The curated rows plus ``copies`` copies of the non-metadata ones (metadata is once per seed),
    each copy with fresh ids and its part_of/equivalent_of links renamed alike."""
    content = [r for r in rows if r["predicate"] not in ("title", "publisher", "published")]
    big = list(rows)
    for copy in range(copies):
        suffix = f"-c{copy}"
        big += [{**r, "fact_id": r["fact_id"] + suffix,
                 "part_of": r["part_of"] and r["part_of"] + suffix,
                 "equivalent_of": r["equivalent_of"] and r["equivalent_of"] + suffix}
                for r in content]
    return big


def sigint_default() -> None:
    """For ``preexec_fn``: a child that a test stops with SIGINT gets SIGINT's default handler
    back. A shell that starts the tests in the background ignores SIGINT, children inherit that,
    and Python then never turns SIGINT into KeyboardInterrupt: the test would wait forever."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def on_terminal(args: list[str], env: dict[str, str]) -> str:
    """What ``parkdb ARGS`` writes to stdout when stdout is a terminal (a pseudo-terminal)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "parkdb", *args], stdout=follower,
                               stderr=subprocess.PIPE, env={**os.environ, **env})
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    assert process.wait() == 0
    return output.decode()


def figures(row: dict[str, str]) -> dict[str, tuple[str, str]]:
    """The status classes a totals row (CSV) holds: class column -> (figure, fact count); a class
    whose amounts overlap in time has a count but no figure ("")."""
    classes = [c[:-len("_facts")] for c in row if c.endswith("_facts")]
    return {c: (row[c], row[c + "_facts"]) for c in classes if row[c + "_facts"] != "0"}


def totals(db: str | Path, *args: str) -> list[dict[str, str]]:
    """The CSV rows of ``parkdb ARGS`` on the database ``db`` (a totals command, as a script reads
    it)."""
    result = CliRunner().invoke(cli, [*args, "--csv", "--db", str(db)])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def row(found: list[dict[str, str]], column: str, name: str, kind: str = "") -> dict[str, str]:
    """The one row whose ``column`` is ``name`` (and whose kind is ``kind``, when given)."""
    [match] = [r for r in found if r[column] == name and (not kind or r["kind"] == kind)]
    return match
