"""Hardening: read-only SQL stays read-only, database faults get clear messages, readers never
see a half-built database, interruptions lose nothing, and random damage never gives a traceback.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parkdb import queries
from parkdb.cli import cli
from parkdb.db import connect
from tests.conftest import DATA, SEEDS, read_facts, repeated_facts, sigint_default, write_facts

Run = Callable[..., Result]


@pytest.fixture
def own_db(tmp_path: Path, bundled_db: Path) -> Path:
    """A private copy of the bundled database that a test may try to damage."""
    path = tmp_path / "own.db"
    shutil.copy(bundled_db, path)
    return path


@pytest.mark.parametrize("statement, refused", [
    ("INSERT INTO facts (fact_id) VALUES ('x')", "refused: INSERT facts"),
    ("UPDATE facts SET value = 0", "refused: UPDATE facts"),
    ("DELETE FROM facts", "refused: DELETE facts"),
    ("DROP TABLE facts", "refused: a schema change (CREATE, DROP or ALTER)"),
    ("CREATE TABLE t (x)", "refused: a schema change (CREATE, DROP or ALTER)"),
    ("CREATE TEMP TABLE t (x)", "refused: a schema change (CREATE, DROP or ALTER)"),
    ("ATTACH DATABASE ':memory:' AS other", "refused: ATTACH"),
    ("PRAGMA user_version = 7", "refused: PRAGMA user_version"),
    ("PRAGMA journal_mode = WAL", "refused: PRAGMA journal_mode"),
    ("PRAGMA query_only = OFF", "refused: PRAGMA query_only"),
    ("SELECT load_extension('/tmp/evil')", "refused: function load_extension()"),
    ("/* harmless? */ DELETE FROM facts -- SELECT", "refused: DELETE facts"),
    ("WITH doomed AS (SELECT fact_id FROM facts) DELETE FROM facts WHERE fact_id IN doomed",
     "refused: DELETE facts"),
    ("SELECT 1; DROP TABLE facts", "SQL error: You can only execute one statement at a time"),
    ("UPDATE sqlite_master SET sql = ''", "sqlite_master may not be modified"),
])
def test_sql_is_read_only(run: Run, own_db: Path, statement: str, refused: str) -> None:
    before = own_db.read_bytes()
    result = run("sql", statement, db=own_db)
    assert result.exit_code == 1, result.output
    assert refused in result.stderr
    assert "Traceback" not in result.output
    assert own_db.read_bytes() == before


def test_sql_reads_pragmas_and_binds_parameters(run: Run, own_db: Path) -> None:
    result = run("sql", "SELECT count(*) AS n FROM facts WHERE subject = :s", "-p", "s",
                 "'; DROP TABLE facts; --", db=own_db)
    assert result.stdout == "n\n0\n"
    assert run("sql", "PRAGMA user_version", db=own_db).stdout == "user_version\n4\n"
    assert "SQL error: no such column: nope" in run("sql", "SELECT nope", db=own_db).stderr


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:1000])


def _garble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[:16] = b"This is not SQL!"
    path.write_bytes(bytes(data))


def _old_version(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 0")
    conn.commit()
    conn.close()


def _empty_file(path: Path) -> None:
    path.write_bytes(b"")


# A damaged or foreign file is left as it is, and no message suggests a command that would
# overwrite it; only a parkdb database of another schema version is offered a rebuild.
@pytest.mark.parametrize("damage, message", [
    (_truncate, "not a usable parkdb database (database disk image is malformed); it is left "
                "as it is (build a new one with `parkdb build --db NEW_PATH`)"),
    (_garble, "is not a parkdb database (not a SQLite file); it is left as it is"),
    (_old_version, "database has schema version 0, this parkdb needs 4; rebuild it with "
                   "`parkdb build --db"),
    (_empty_file, "is not a parkdb database (not a SQLite file); it is left as it is"),
])
def test_database_faults(run: Run, own_db: Path, damage: Callable[[Path], None],
                         message: str) -> None:
    damage(own_db)
    result = run("investments", db=own_db)
    assert result.exit_code == 1
    assert f"parkdb: error: {own_db}: {message}" in result.stderr
    assert "Traceback" not in result.output


def test_database_path_is_a_directory(run: Run, tmp_path: Path) -> None:
    result = run("sources", db=tmp_path)
    assert result.exit_code == 1
    assert f"{tmp_path}: is a directory (expected a parkdb database file)" in result.stderr
    build = CliRunner().invoke(cli, ["build", "--db", str(tmp_path)])
    assert build.exit_code == 1
    assert f"{tmp_path}: is a directory (expected a database file path)" in build.stderr


def test_directory_that_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = CliRunner().invoke(cli, ["build", "--db", str(blocker / "parkdb.db")])
    assert result.exit_code == 1
    assert f"{blocker}: is not a directory, so it cannot hold a database (choose another path " \
           "with --db)" in result.stderr


def _parkdb(*args: str) -> list[str]:
    return [sys.executable, "-m", "parkdb", *args]


def test_readers_during_rebuilds(tmp_path: Path, bundled_db: Path) -> None:
    db = tmp_path / "shared.db"
    shutil.copy(bundled_db, db)
    expected = queries.investments(connect(db)).rows
    rebuilds = subprocess.Popen(
        ["bash", "-c", f'for i in $(seq 15); do "{sys.executable}" -m parkdb build --db "{db}" '
                       '|| exit 1; done'], stderr=subprocess.PIPE)
    reads = 0
    while rebuilds.poll() is None:
        conn = connect(db)
        assert queries.investments(conn).rows == expected
        assert len(queries.facts(conn)) == len(read_facts())
        conn.close()
        reads += 1
    assert rebuilds.returncode == 0, rebuilds.stderr.read() if rebuilds.stderr else ""
    assert reads > 15


def _big_data(root: Path, copies: int) -> None:
    """data/ and seeds/ with the curated content facts repeated ``copies`` times."""
    shutil.copytree(DATA, root / "data")
    shutil.copytree(SEEDS, root / "seeds")
    big = repeated_facts(read_facts(), copies)
    write_facts(big, root / "data" / "facts.csv")


def test_ctrl_c_during_build_keeps_the_old_database(tmp_path: Path, bundled_db: Path) -> None:
    _big_data(tmp_path, 1500)  # about 335,000 facts: a build of several seconds
    db = tmp_path / "kept.db"
    shutil.copy(bundled_db, db)
    before = db.read_bytes()
    process = subprocess.Popen(_parkdb("build", "--data", str(tmp_path / "data"), "--seeds",
                                       str(tmp_path / "seeds"), "--db", str(db)),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               preexec_fn=sigint_default)
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob(".kept.db.*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert b"Traceback" not in stderr
    assert stderr.decode().strip() == "parkdb: interrupted"
    assert db.read_bytes() == before
    assert not list(tmp_path.glob(".kept.db.*"))
    assert not list(tmp_path.glob(".parkdb-parts-*"))  # the second process's side databases


@pytest.mark.parametrize("command", [
    ["investments"], ["parks"], ["sectors"], ["facts"], ["sources"], ["source", "002"],
    ["cite", "F002-05"], ["search", "Hebei"], ["sql", "SELECT * FROM facts"], ["check"],
    ["--help"],
])
def test_head_after_every_command(bundled_db: Path, command: list[str]) -> None:
    args = " ".join(f"'{a}'" for a in command)
    db = "" if command in (["check"], ["--help"]) else f' --db "{bundled_db}"'
    script = f'"{sys.executable}" -m parkdb {args}{db} | head -1 >/dev/null; ' \
             'echo "status=${PIPESTATUS[0]}"'
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True,
                          env={**os.environ, "XDG_CACHE_HOME": str(bundled_db.parent)})
    assert done.stdout == "status=0\n"
    assert "Traceback" not in done.stderr


FACT_TEXT = (DATA / "facts.csv").read_bytes()


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    """facts.csv with random cells changed, rows dropped or duplicated, and bytes flipped."""
    lines = FACT_TEXT.split(b"\n")
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["cell", "drop", "duplicate", "flip"]))
        index = draw(st.integers(0, len(lines) - 1))
        if kind == "cell":
            cells = lines[index].split(b",")
            cells[draw(st.integers(0, len(cells) - 1))] = draw(st.binary(max_size=12))
            lines[index] = b",".join(cells)
        elif kind == "drop":
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, lines[index])
        elif lines[index]:
            position = draw(st.integers(0, len(lines[index]) - 1))
            line = bytearray(lines[index])
            line[position] ^= 1 << draw(st.integers(0, 7))
            lines[index] = bytes(line)
    return b"\n".join(lines)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=damaged())
def test_random_damage_never_gives_a_traceback(tmp_path_factory: pytest.TempPathFactory,
                                               content: bytes) -> None:
    root = tmp_path_factory.mktemp("damaged")
    shutil.copytree(DATA, root / "data")
    (root / "data" / "facts.csv").write_bytes(content)
    result = CliRunner().invoke(cli, ["build", "--data", str(root / "data"), "--seeds",
                                      str(SEEDS), "--db", str(root / "x.db")])
    assert result.exit_code in (0, 1), result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    if result.exit_code == 1:  # a message saying where, and no database
        assert result.stderr.startswith("parkdb: error: ")
        assert not (root / "x.db").exists()
    else:  # the damage left valid facts: the summary, and the database
        assert result.stderr.startswith(f"built {root / 'x.db'}: ")
        assert (root / "x.db").is_file()
