"""Never destroy a file, never lose a build, never hang: the build's target, the cache database's
provenance, interrupts and time limits, option values, stale files, locks and a full disk.

Every destructive case runs against copies in tmp_path and checks that the file is byte-identical
(or, for special files, still of its kind) afterwards.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parkdb.build.target import locked
from parkdb.cli import cli
from tests.conftest import DATA, SEEDS, sigint_default

SLOW_SQL = "SELECT count(*) FROM facts a, facts b, facts c, facts d"
# a slow query that returns rows as it goes: it is stopped while its rows are fetched
SLOW_ROWS = ("SELECT a.fact_id FROM facts a, facts b, facts c, facts d "
             "WHERE a.line + b.line + c.line + d.line > 0")


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _parkdb(*args: str) -> list[str]:
    return [sys.executable, "-m", "parkdb", *args]


# --- the build replaces only what it built ------------------------------------------------------

def _csv(tmp: Path) -> Path:
    path = tmp / "notes.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    return path


def _foreign_sqlite(tmp: Path) -> Path:
    path = tmp / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("make, message", [
    (_csv, "exists and is not a database (a CSV or other file); it is left as it is"),
    (_foreign_sqlite, "is a SQLite database that parkdb did not build; it is left as it is"),
    (lambda tmp: tmp, "is a directory"),
])
def test_build_refuses_files_it_did_not_build(tmp_path: Path, make: Callable[[Path], Path],
                                              message: str) -> None:
    target = make(tmp_path)
    before = target.read_bytes() if target.is_file() else None
    result = invoke("build", "--db", str(target))
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output
    # no message offers a command that would overwrite the file
    assert f"--db {target}" not in result.stderr
    if before is not None:
        assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_build_never_writes_over_its_own_input(workdir: Path) -> None:
    facts, bundled_schema = workdir / "data" / "facts.csv", SEEDS.parent / "schema.sql"
    before = facts.read_bytes(), bundled_schema.read_bytes()
    # a path inside an input directory (the next build would read it), and an input file
    for args, message in [
        (["--data", "data", "--seeds", "seeds", "--db", str(facts)],
         "is inside data, an input directory of the build"),
        (["--data", "data", "--seeds", "seeds", "--db", str(workdir / "seeds" / "x.db")],
         "an input directory of the build"),
        (["--db", str(bundled_schema)], "is an input of this build"),
    ]:
        result = invoke("build", "--force", *args)
        assert result.exit_code == 1, args
        assert message in result.stderr
    assert (facts.read_bytes(), bundled_schema.read_bytes()) == before
    assert not (workdir / "seeds" / "x.db").exists()


def test_build_refuses_fifo_device_and_symlink(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "link.db"
    link.symlink_to(_csv(tmp_path))
    for target, message in [(fifo, "is not a regular file"), ("/dev/null", "is not a regular file"),
                            (link, "is a symbolic link")]:
        result = invoke("build", "--db", str(target), "--force")
        assert result.exit_code == 1, target
        assert message in result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert link.is_symlink() and (tmp_path / "notes.csv").read_text() == "a,b\n1,2\n"


def test_force_replaces_a_foreign_sqlite_file_only(tmp_path: Path) -> None:
    target = _foreign_sqlite(tmp_path)
    result = invoke("build", "--db", str(target), "--force")
    assert result.exit_code == 0, result.stderr
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT value FROM meta WHERE key = 'built_by'").fetchone() == ("parkdb",)
    conn.close()
    # and a database parkdb built is replaced without --force
    assert invoke("build", "--db", str(target)).exit_code == 0


# --- a database built from other data is never replaced unasked ----------------------------------

def test_custom_build_in_the_cache_is_kept_and_warns_when_its_sources_change(
        workdir: Path) -> None:
    rows = (workdir / "data" / "facts.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    # the last two facts are sector facts nothing links to: 243 - 1 = 242 facts, then 241
    (workdir / "data" / "facts.csv").write_text("".join(rows[:-1]), encoding="utf-8")
    assert invoke("build", "--data", "data", "--seeds", "seeds").exit_code == 0
    first = invoke("sql", "SELECT count(*) AS n FROM facts", "--csv")
    assert first.stdout == "n\n242\n"
    assert first.stderr == ""
    (workdir / "data" / "facts.csv").write_text("".join(rows[:-2]), encoding="utf-8")
    second = invoke("sql", "SELECT count(*) AS n FROM facts", "--csv")
    assert second.stdout == "n\n242\n"  # not rebuilt from the bundled data, nor from the change
    assert "was built from" in second.stderr and "has changed since" in second.stderr


def test_relative_xdg_cache_home_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert invoke("sources", "--csv").exit_code == 0
    assert not (tmp_path / "relative").exists()
    assert (tmp_path / "home" / ".cache" / "parkdb" / "parkdb.db").is_file()


# --- interrupts and time limits ------------------------------------------------------------------

@pytest.mark.parametrize("statement", [SLOW_SQL, SLOW_ROWS], ids=["one row", "rows"])
def test_ctrl_c_stops_a_long_query_at_once(bundled_db: Path, statement: str) -> None:
    process = subprocess.Popen(_parkdb("sql", statement, "--timeout", "0", "--db", str(bundled_db)),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               preexec_fn=sigint_default)
    time.sleep(1.5)
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert time.monotonic() - sent < 0.5
    assert process.returncode == 130
    assert stderr.decode().strip() == "parkdb: interrupted"


@pytest.mark.parametrize("statement", [SLOW_SQL, SLOW_ROWS], ids=["one row", "rows"])
def test_timeout_stops_a_query_with_a_message(bundled_db: Path, statement: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    started = time.monotonic()
    result = invoke("sql", statement, "--timeout", "0.5", "--db", str(bundled_db))
    assert time.monotonic() - started < 5
    assert result.exit_code == 1
    assert "the query took longer than 0.5 s and was stopped" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    monkeypatch.setenv("PARKDB_TIMEOUT", "0.5")
    assert invoke("sql", statement, "--db", str(bundled_db)).exit_code == 1


@pytest.mark.parametrize("statement", [
    "select randomblob(300000000)", "select length(randomblob(20000000))",
    "select group_concat(hex(randomblob(1000000)), '') from facts"])
def test_a_value_over_the_size_cap_is_an_sql_error(bundled_db: Path, statement: str) -> None:
    result = invoke("sql", statement, "--csv", "--db", str(bundled_db))
    assert result.exit_code == 1
    assert result.stderr == ("parkdb: error: SQL error: string or blob too big (a value made by "
                             "this query is over the 16 MB limit of any one value)\n")
    assert result.stdout.count("\n") == 1  # the header, written before the first row was made


def test_a_padded_printf_over_the_size_cap_makes_no_value(bundled_db: Path) -> None:
    result = invoke("sql", "select length(printf('%.*c', 900000000, 'x')) AS n", "--csv",
                    "--db", str(bundled_db))
    assert (result.exit_code, result.stdout) == (0, "n\n\"\"\n")  # NULL: one empty field


# --- option values are checked before they reach SQL ---------------------------------------------

@pytest.mark.parametrize("args", [
    ["investments", "--year", "²"], ["investments", "--year", "2013-²"],
    ["investments", "--year", "٢٠١٦"], ["investments", "--year", "99999999999999999999"],
    ["investments", "--year", "0"], ["investments", "--year", "2016-2013"],
    ["investments", "--region", ""], ["investments", "--sector", " "], ["parks", "--region", ""],
    ["facts", "--seed", ""], ["facts", "--subject", ""], ["sql", ""], ["source", ""],
    ["sql", "select 1", "--timeout", "nan"], ["sql", "select 1", "--timeout", "inf"],
])
def test_bad_option_values_are_usage_errors(run: Callable[..., Result], args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("years, provinces", [
    # open ranges: 2013- keeps Chengde's 2013-2014 amounts (7.4 + 6.1 bn signed), -2016 the same
    ("2013-", [("Hebei", "13500000000")]), ("-2016", [("Hebei", "13500000000")]),
    ("2015-", []),
])
def test_open_year_ranges(run: Callable[..., Result], years: str,
                          provinces: list[tuple[str, str]]) -> None:
    found = list(csv.DictReader(io.StringIO(run("investments", "--year", years, "--csv").stdout)))
    assert [(r["province"], r["signed"]) for r in found] == provinces


def test_an_empty_db_is_a_usage_error() -> None:
    result = invoke("investments", "--db", "")
    assert result.exit_code == 2
    assert "must not be empty" in result.stderr


def test_a_huge_argument_is_shortened_in_messages(run: Callable[..., Result]) -> None:
    result = run("parks", "--region", "x" * 100_000)
    assert result.exit_code == 1
    assert len(result.stderr) < 400


def test_a_fifo_as_database_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "db"
    os.mkfifo(fifo)
    result = subprocess.run(_parkdb("sources", "--db", str(fifo)), capture_output=True, timeout=20)
    assert result.returncode == 1
    assert b"is not a regular file" in result.stderr


# --- stale files, two builds at once, a full disk ------------------------------------------------

def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_temp_files_of_killed_builds_are_removed(tmp_path: Path) -> None:
    dead, alive = _dead_pid(), os.getppid()
    stale = [f".kept.db.{dead}.abcdefgh.tmp", f".parkdb-parts-{dead}-abcdefgh"]
    kept = [f".kept.db.{alive}.abcdefgh.tmp", f".other.db.{dead}.abcdefgh.tmp", "notes.tmp"]
    for name in stale + kept:
        (tmp_path / name).mkdir() if "parts" in name else (tmp_path / name).write_text("x")
    assert invoke("build", "--db", str(tmp_path / "kept.db")).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*kept, "kept.db"])


def test_a_second_build_of_the_same_directory_stops_with_a_message(tmp_path: Path,
                                                                   bundled_db: Path) -> None:
    db = tmp_path / "kept.db"
    shutil.copy(bundled_db, db)
    before = db.read_bytes()
    with locked(str(db), wait=False):
        result = subprocess.run(_parkdb("build", "--db", str(db)), capture_output=True, timeout=60)
    assert result.returncode == 1
    assert b"another parkdb build is writing here" in result.stderr
    assert db.read_bytes() == before


FULL_DISK = """
import resource, signal, sys
from click.testing import CliRunner
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))
from parkdb.cli import cli
result = CliRunner().invoke(cli, ["build", "--db", sys.argv[1]])
sys.stderr.write(result.stderr)
sys.exit(result.exit_code)
"""


def test_a_full_disk_leaves_the_old_database_and_no_temp_file(tmp_path: Path,
                                                             bundled_db: Path) -> None:
    db = tmp_path / "kept.db"
    shutil.copy(bundled_db, db)
    before = db.read_bytes()
    result = subprocess.run([sys.executable, "-c", FULL_DISK, str(db)], capture_output=True,
                            timeout=120, env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)})
    assert result.returncode == 1, result.stderr
    assert b"the disk is full (or a file size limit was reached)" in result.stderr
    assert b"Traceback" not in result.stderr
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.db"]


# --- no option value gives a traceback ------------------------------------------------------------

COMMANDS = {
    "investments": ["--by", "--year", "--sector", "--region", "--status", "--currency"],
    "parks": ["--sector", "--year", "--region"],
    "facts": ["--seed", "--predicate", "--subject", "--sort", "--limit", "-c"],
    "source": [None], "cite": [None], "search": [None], "sql": [None, "--timeout"],
}
VALUES = st.one_of(st.text(max_size=20), st.sampled_from(
    ["²", "٣", "①", "2013-", "-2016", "-", "9" * 30, "x" * 5000, "\x00", "'; DROP TABLE facts",
     "Hebei", "food", "-value", "0", "-1", "nan", "1e309"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(sorted(COMMANDS)), st.data())
def test_any_option_value_gives_0_1_or_2_never_a_traceback(
        bundled_db: Path, command: str, data: st.DataObject) -> None:
    option = data.draw(st.sampled_from(COMMANDS[command]))
    value = data.draw(VALUES)
    args = [command, value] if option is None else [command, option, value]
    if command in ("source", "cite", "search", "sql") and option is not None:
        args = [command, "x", option, value]
    result = CliRunner().invoke(cli, [*args, "--csv", "--db", str(bundled_db)])
    assert result.exit_code in (0, 1, 2), (args, result.output)
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), (
        args, result.exception)
    assert "Traceback" not in result.output


def test_a_build_in_a_pipe_prints_only_its_summary(tmp_path: Path) -> None:
    # no progress bar unless stderr is a terminal: one line, the summary (the five articles' 243
    # facts and the 65 entities they name; the whole gazetteer, a row per region)
    regions = len((DATA / "regions.csv").read_text(encoding="utf-8").splitlines()) - 1
    result = invoke("build", "--db", str(tmp_path / "p.db"))
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"built {tmp_path / 'p.db'}: 243 facts from 5 seeds, 65 entities, {regions} regions"]


def test_a_cache_database_of_an_earlier_parkdb_is_rebuilt(tmp_path: Path) -> None:
    # An earlier parkdb wrote no built_by, but its meta had the content hash and the fingerprint.
    cache = tmp_path / "cache" / "parkdb"
    cache.mkdir(parents=True)
    conn = sqlite3.connect(cache / "parkdb.db")
    conn.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                       "INSERT INTO meta VALUES ('content_hash', 'x'), ('fingerprint', 'y');"
                       "CREATE TABLE facts (fact_id); CREATE TABLE sources (seed);"
                       "PRAGMA user_version = 1;")
    conn.close()
    result = invoke("sql", "SELECT count(*) AS n FROM facts", "--csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "n\n243\n"


def test_a_database_path_with_uri_characters_is_that_file(tmp_path: Path) -> None:
    # '#' and '?' mean something in a SQLite URI: the path must still name this file, read-only
    odd = tmp_path / "c#1?x"
    odd.mkdir()
    db = odd / "parks.db"
    assert invoke("build", "--db", str(db)).exit_code == 0
    result = invoke("sql", "SELECT count(*) AS n FROM facts", "--csv", "--db", str(db))
    assert result.stdout == "n\n243\n", result.stderr
    assert invoke("build", "--db", str(db)).exit_code == 0  # recognised as parkdb's own
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c#1?x"]


def test_a_rebuild_keeps_the_databases_permissions(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    assert invoke("build", "--db", str(db)).exit_code == 0
    os.chmod(db, 0o644)
    assert invoke("build", "--db", str(db)).exit_code == 0
    assert stat.S_IMODE(db.stat().st_mode) == 0o644


def test_an_outdated_cache_database_built_from_other_data_is_not_replaced(
        workdir: Path) -> None:
    assert invoke("build", "--data", "data", "--seeds", "seeds").exit_code == 0
    cache = workdir / "cache" / "parkdb" / "parkdb.db"
    conn = sqlite3.connect(cache)
    conn.execute("PRAGMA user_version = 1")  # as an older parkdb would have left it
    conn.commit()
    conn.close()
    before = cache.read_bytes()
    result = invoke("sources", "--csv")
    assert result.exit_code == 1
    assert "rebuild it with `parkdb build --data" in result.stderr
    assert cache.read_bytes() == before


def test_a_query_on_the_cache_reads_the_inputs_fingerprint_once(
        home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from parkdb import db, resources

    assert invoke("sources", "--csv").exit_code == 0  # builds the cache database
    calls: list[str] = []
    fingerprint = resources.fingerprint

    def counted(*inputs: str) -> str:
        calls.append("fingerprint")
        return fingerprint(*inputs)

    monkeypatch.setattr(resources, "fingerprint", counted)
    db.connect().close()
    assert calls == ["fingerprint"]
    # touched but unchanged: the new fingerprint is recorded, and still computed once
    os.utime(home / "data" / "facts.csv")
    calls.clear()
    db.connect().close()
    assert calls == ["fingerprint"]
    calls.clear()
    db.connect().close()
    assert calls == ["fingerprint"]
