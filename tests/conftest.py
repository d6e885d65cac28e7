"""Shared fixtures: the bundled data, databases built from it in tmp_path, and a CLI runner.

Every test builds from the real schema.sql and the real data; nothing depends on the working
directory or on a database outside tmp_path (XDG_CACHE_HOME and PARKDB_DB are redirected).
"""

from __future__ import annotations

import csv
import os
import pty
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from parkdb import resources
from parkdb.build.loader import build
from parkdb.cli import cli
from parkdb.vocabulary import FACT_COLUMNS

ROOT = resources.bundled_root()
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
    monkeypatch.delenv("PARKDB_HOME", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture(scope="session")
def bundled_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database built once from the bundled data (tests must not write to it)."""
    path = tmp_path_factory.mktemp("bundled") / "parkdb.db"
    build(db_path=path)
    return path


@pytest.fixture
def run(bundled_db: Path) -> Callable[..., Result]:
    """Run a parkdb command line against the bundled database."""

    def invoke(*args: str, db: Path | None = None) -> Result:
        return CliRunner().invoke(cli, [*args, "--db", str(db or bundled_db)])

    return invoke


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
