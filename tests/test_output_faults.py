"""Output faults end cleanly: a full disk, a closed pipe, blobs, infinity, text that is not UTF-8,
a C locale, a pager command that cannot be read, and formulas a spreadsheet would run."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result as Run

from parkdb.render.output import formula_safe
from parkdb.render.pager import show

FORMATS = ["csv", "tsv", "json", "jsonl", "table"]
WIDE = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) "
        "SELECT i, printf('%.200c', 'x') AS filler FROM n")


def parkdb(*args: str, **popen: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "parkdb", *args], stderr=subprocess.PIPE,
                            **popen)  # type: ignore[call-overload]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_full_disk_is_a_message(bundled_db: Path, fmt: str) -> None:
    with open("/dev/full", "w") as full:
        process = parkdb("sources", "--format", fmt, "--db", str(bundled_db), stdout=full)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert err.decode() == ("parkdb: error: stdout: the disk is full (or a file size limit was "
                            "reached); the output is incomplete\n")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_closed_pipe_ends_quietly(bundled_db: Path, fmt: str) -> None:
    process = parkdb("sql", WIDE, "--format", fmt, "--no-pager", "--db", str(bundled_db),
                     stdout=subprocess.PIPE)
    assert process.stdout is not None
    process.stdout.readline()
    process.stdout.close()
    _, err = process.communicate(timeout=60)
    assert (process.returncode, err.decode()) == (0, "")


@pytest.mark.parametrize(("fmt", "expected"), [
    ("csv", "b,n\n00FF,\n"), ("tsv", "b\tn\n00FF\t\n"),
    ("json", '[\n  {\n    "b": "00FF",\n    "n": null\n  }\n]\n'),
    ("jsonl", '{"b": "00FF", "n": null}\n')])
def test_blobs_are_hex(run: Callable[..., Run], fmt: str, expected: str) -> None:
    result = run("sql", "SELECT x'00ff' AS b, NULL AS n", "--format", fmt)
    assert (result.exit_code, result.stdout) == (0, expected)


def test_a_blob_in_a_table_is_hex(run: Callable[..., Run]) -> None:
    result = run("sql", "SELECT x'00ff' AS b, 1 AS n", "--format", "table")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[2].split() == ["00FF", "1"]


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_never_holds_infinity(run: Callable[..., Run], fmt: str) -> None:
    result = run("sql", "SELECT 1e999 AS up, -1e999 AS down, 2.5 AS x", "--format", fmt)
    assert result.exit_code == 0
    text = result.stdout if fmt == "json" else "[" + result.stdout.strip() + "]"
    assert json.loads(text, parse_constant=lambda c: pytest.fail(c)) == [
        {"up": None, "down": None, "x": 2.5}]


@pytest.mark.parametrize("args", [["facts", "--subject", "\udcff"],
                                  ["sql", "SELECT :x", "-p", "x", "caf\udce9"],
                                  ["sql", "SELECT '\udcff'"], ["facts", "-c", "\udcff"]])
def test_arguments_that_are_not_utf8_are_usage_errors(run: Callable[..., Run],
                                                      args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert "is not UTF-8 text (expected text in UTF-8; set a UTF-8 locale" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_c_locale_is_a_message(bundled_db: Path) -> None:
    env = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    env.pop("PYTHONIOENCODING", None)
    process = parkdb("cite", "F001-16", "--csv", "--db", str(bundled_db), env=env,
                     stdout=subprocess.DEVNULL)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert err.decode() == ("parkdb: error: stdout: cannot write '«' in its encoding, ascii (set "
                            "a UTF-8 locale, e.g. LC_ALL=C.UTF-8, or PYTHONIOENCODING=utf-8)\n")


def test_a_pager_command_that_cannot_be_read_is_skipped_with_a_note() -> None:
    stream, notes = io.StringIO(), io.StringIO()
    show("1\n2\n3\n", stream, 1, {"PARKDB_PAGER": "less '-R"}, notes)
    assert stream.getvalue() == "1\n2\n3\n"
    assert notes.getvalue() == ("parkdb: note: cannot read PARKDB_PAGER=\"less '-R\" as a command "
                                "(No closing quotation); writing without a pager\n")


# --- spreadsheet safety ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "shown"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
    ("-2+3", "-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("-5", "-5"), ("+1.5e3", "+1.5e3"), ("-", "'-"), ("plain", "plain"), ("a=b", "a=b")])
def test_formula_safe_follows_owasp(text: str, shown: str) -> None:
    assert formula_safe(text) == shown


FORMULA = "SELECT '=1+1' AS f, -3 AS n, '-3' AS t"


def test_csv_into_a_file_is_safe_unless_raw(bundled_db: Path, tmp_path: Path) -> None:
    def into_file(*extra: str) -> bytes:
        out = tmp_path / "out.csv"
        with open(out, "w") as handle:
            process = parkdb("sql", FORMULA, "--csv", *extra, "--db", str(bundled_db),
                             stdout=handle)
            assert process.wait(timeout=60) == 0
        return out.read_bytes()

    assert into_file() == b"f,n,t\n'=1+1,-3,-3\n"
    assert into_file("--raw") == b"f,n,t\n=1+1,-3,-3\n"
    assert into_file("--bom") == "\ufefff,n,t\n'=1+1,-3,-3\n".encode()


def test_csv_into_a_pipe_is_raw_unless_safe(run: Callable[..., Run]) -> None:
    assert run("sql", FORMULA, "--csv").stdout == "f,n,t\n=1+1,-3,-3\n"
    assert run("sql", FORMULA, "--csv", "--safe").stdout == "f,n,t\n'=1+1,-3,-3\n"
    assert run("sql", FORMULA, "--tsv", "--safe").stdout == "f\tn\tt\n'=1+1\t-3\t-3\n"
    assert run("sql", FORMULA, "--json", "--safe").stdout.count("'") == 0  # JSON is for scripts
