"""Curation writes never lose a row: one writer at a time, numbers fixed when written, all or nothing.

Every case runs real parkdb processes against a scratch fact base and checks the files byte for
byte afterwards: the directory is either as before or holds the whole article, never a part. The
articles are fictional, written for these tests.
"""

from __future__ import annotations

import csv
import io
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from parkdb.curation import files

ARTICLE = """Lakeside Test Park number {n} signs new deals

A fictional article, written for parkdb's tests.

Updated: 2025-03-1{n}

Lakeside Test Park signed {n} projects last year.

Copyright \u00a9 2025 Test Daily
"""


def article(tmp_path: Path, n: int) -> Path:
    path = tmp_path / f"article{n}.txt"
    path.write_text(ARTICLE.format(n=n), encoding="utf-8")
    return path


def parkdb(home: Path, *args: str, **popen: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "parkdb", *args],
                            env={**os.environ, "PARKDB_HOME": str(home)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)  # type: ignore[call-overload]


def finish(process: subprocess.Popen[bytes], stdin: bytes | None = None) -> tuple[int, str]:
    _, err = process.communicate(stdin, timeout=60)
    return process.returncode, err.decode()


def snapshot(home: Path) -> dict[str, bytes]:
    """Every file of data/ and seeds/, hidden ones included, by relative path."""
    return {str(p.relative_to(home)): p.read_bytes()
            for d in ("data", "seeds") for p in sorted((home / d).iterdir())}


def added(home: Path) -> list[tuple[str, str, list[str]]]:
    """(seed, its sha256 in sources.csv, its fact ids) of each seed added after the bundled 5."""
    sources = list(csv.DictReader(io.StringIO((home / "data" / "sources.csv").read_text())))
    facts = list(csv.DictReader(io.StringIO((home / "data" / "facts.csv").read_text())))
    return [(s["seed"], s["sha256"], [f["fact_id"] for f in facts if f["seed"] == s["seed"]])
            for s in sources[5:]]


def test_adds_at_once_each_get_their_own_number(home: Path, tmp_path: Path) -> None:
    before = snapshot(home)
    running = [parkdb(home, "add", str(article(tmp_path, n)), "--yes") for n in range(1, 6)]
    assert [finish(p)[0] for p in running] == [0] * 5
    found = added(home)
    assert sorted(seed[:4] for seed, _, _ in found) == ["005_", "006_", "007_", "008_", "009_"]
    for seed, sha, ids in found:
        number = seed[:3]
        assert ids == [f"F{number}-01", f"F{number}-02", f"F{number}-03"]
        assert (home / "seeds" / seed).is_file() and seed[4:20] == sha[:16]
    assert set(snapshot(home)) == set(before) | {f"seeds/{seed}" for seed, _, _ in found}
    built = parkdb(home, "build", "--db", str(tmp_path / "built.db"))
    assert finish(built)[0] == 0


def test_suggest_writes_at_once_never_number_a_fact_twice(home: Path, tmp_path: Path) -> None:
    assert finish(parkdb(home, "add", str(article(tmp_path, 1)), "--yes"))[0] == 0  # seed 005
    writers = [parkdb(home, "suggest", "005", "--write", "--csv") for _ in range(3)]
    assert [finish(w)[0] for w in writers] == [0, 0, 0]
    facts = list(csv.DictReader(io.StringIO((home / "data" / "facts.csv").read_text())))
    ids = [f["fact_id"] for f in facts]
    assert len(ids) == len(set(ids))
    # the first writer proposes the 1 project and the park's entity; the others find them written
    assert [f["fact_id"] for f in facts if f["seed"].startswith("005_") and f["note"].startswith("PROPOSED")] \
        == ["F005-04"]
    entities = (home / "data" / "entities.csv").read_text().splitlines()
    assert sum(line.startswith("Lakeside Test Park,") for line in entities) == 1


def test_an_add_waiting_at_its_prompt_holds_no_number(home: Path, tmp_path: Path) -> None:
    waiting = parkdb(home, "add", str(article(tmp_path, 1)), stdin=subprocess.PIPE)
    assert waiting.stderr is not None
    prompt = b""
    while not prompt.endswith(b"Add it? [y/N]: "):
        prompt += waiting.stderr.read(1)
    assert b"F005-01 title" in prompt  # provisional
    assert finish(parkdb(home, "add", str(article(tmp_path, 2)), "--yes"))[0] == 0
    code, err = finish(waiting, b"y\n")
    assert code == 0
    assert [(seed[:3], ids) for seed, _, ids in added(home)] == [
        ("005", ["F005-01", "F005-02", "F005-03"]), ("006", ["F006-01", "F006-02", "F006-03"])]
    seed = added(home)[1][0]
    assert err.endswith(f"written as {seed}, facts F006-01 to F006-03\n"
                        f"added {home / 'seeds' / seed}; next: parkdb suggest 006\n")


def test_a_seed_named_by_hand_counts_in_the_numbering(home: Path, tmp_path: Path) -> None:
    shutil.copy(article(tmp_path, 9), home / "seeds" / "005_notes.txt")
    assert finish(parkdb(home, "add", str(article(tmp_path, 1)), "--yes"))[0] == 0
    assert [seed[:4] for seed, _, _ in added(home)] == ["006_"]


def _file_size_limit(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_file_size_limit_leaves_the_directory_as_it_was(home: Path, tmp_path: Path) -> None:
    before = snapshot(home)
    limit = (home / "data" / "facts.csv").stat().st_size + 10  # the facts' lines cannot fit
    code, err = finish(parkdb(home, "add", str(article(tmp_path, 1)), "--yes",
                              preexec_fn=lambda: _file_size_limit(limit)))
    assert code == 1
    assert err.endswith("facts.csv: the disk is full (or a file size limit was reached); nothing "
                        "was added\n")
    assert "Traceback" not in err
    assert snapshot(home) == before


@pytest.mark.parametrize("sent", [signal.SIGKILL, signal.SIGINT, signal.SIGTERM])
def test_a_signal_during_the_write_leaves_it_undone_or_whole(home: Path, tmp_path: Path,
                                                             sent: int) -> None:
    """Stopped the moment its journal appears (in the middle of the write), an add is undone by
    the next command; a signal that comes after the journal is gone finds the article whole."""
    before = snapshot(home)
    process = parkdb(home, "add", str(article(tmp_path, 1)), "--yes")
    journal = home / "data" / files.JOURNAL
    deadline = time.monotonic() + 60
    while not journal.exists() and process.poll() is None and time.monotonic() < deadline:
        pass
    process.send_signal(sent)
    code, err = finish(process)
    assert code in ({-signal.SIGKILL, 0} if sent == signal.SIGKILL else
                    {130, 0} if sent == signal.SIGINT else {-signal.SIGTERM, 0})
    assert "Traceback" not in err
    assert finish(parkdb(home, "suggest", "000", "--csv"))[0] == 0  # any command recovers
    after = snapshot(home)
    if not added(home):
        assert after == before
    else:
        (seed, _, ids), = added(home)
        assert ids == ["F005-01", "F005-02", "F005-03"]
        assert set(after) == set(before) | {f"seeds/{seed}"}


def test_the_journal_of_a_killed_add_is_undone(home: Path, tmp_path: Path) -> None:
    """The state a kill between the seed and the facts leaves: journal, seed, sources row, half a
    facts line. The next command puts every file back."""
    before = snapshot(home)
    data = home / "data"
    lengths = {name: (data / name).stat().st_size for name in ("sources.csv", "facts.csv")}
    seed = home / "seeds" / "005_0123456789abcdef.txt"
    (data / files.JOURNAL).write_text(json.dumps({"lengths": lengths, "seed": str(seed)}))
    seed.write_text("half an art")
    with open(data / "sources.csv", "a") as handle:
        handle.write("005_0123456789abcdef.txt,0123\n")
    with open(data / "facts.csv", "a") as handle:
        handle.write("F005-01,005_0123")
    (data / f".facts.csv{files.NEW}").write_text("a copy check --fix was writing")
    assert finish(parkdb(home, "build", "--db", str(tmp_path / "x.db")))[0] == 0
    assert snapshot(home) == before


def test_check_fix_beside_adds_loses_neither(home: Path, tmp_path: Path) -> None:
    facts = home / "data" / "facts.csv"
    rows = list(csv.DictReader(io.StringIO(facts.read_text())))
    blanked = rows[10]["fact_id"]
    rows[10].update(start="", end="")
    with open(facts, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    running = [parkdb(home, "check", "--fix", "--csv"),
               *(parkdb(home, "add", str(article(tmp_path, n)), "--yes") for n in range(1, 4))]
    codes = [finish(p)[0] for p in running]
    assert codes[1:] == [0, 0, 0]
    assert len(added(home)) == 3
    fixed = next(r for r in csv.DictReader(io.StringIO(facts.read_text()))
                 if r["fact_id"] == blanked)
    assert (fixed["start"], fixed["end"]) != ("", "")


@pytest.mark.parametrize("make", ["fifo", "device", "big"])
def test_add_refuses_an_article_it_cannot_read_safely(home: Path, tmp_path: Path,
                                                      make: str) -> None:
    before = snapshot(home)
    path = tmp_path / "article.txt"
    if make == "fifo":
        os.mkfifo(path)
    elif make == "big":
        path.write_bytes(ARTICLE.format(n=1).encode() + b"x" * (5 * 2**20))
    else:
        path = Path("/dev/zero")
    code, err = finish(parkdb(home, "add", str(path), "--yes"))
    assert code == 1
    expected = {"fifo": f"parkdb: error: {path}: is not a regular file (a device, FIFO or "
                        "socket; expected an article saved as a text file)\n",
                "device": "parkdb: error: /dev/zero: is not a regular file (a device, FIFO or "
                          "socket; expected an article saved as a text file)\n",
                "big": f"parkdb: error: {path}: is 5.0 MB, over the 5 MB an article may be "
                       "(expected the text of one article)\n"}
    assert err == expected[make]
    assert snapshot(home) == before


@pytest.mark.parametrize("command", [["build", "--db", "x.db"], ["check"], ["suggest", "000", "--csv"]])
def test_a_fifo_among_the_csv_files_is_refused_without_hanging(home: Path, tmp_path: Path,
                                                               command: list[str]) -> None:
    regions = home / "data" / "regions.csv"
    regions.unlink()
    os.mkfifo(regions)
    args = [str(tmp_path / a) if a.endswith(".db") else a for a in command]
    code, err = finish(parkdb(home, *args))
    assert code == 1
    assert ("data/regions.csv:0: file: is not a regular file (a device, FIFO or socket; expected "
            "a CSV file)") in err


@pytest.mark.parametrize("command", [["add", "ARTICLE", "--yes"]])
def test_commands_that_need_no_gazetteer_finish_beside_a_fifo(home: Path, tmp_path: Path,
                                                              command: list[str]) -> None:
    # suggest reads regions.csv (the places a clause is about): it is refused above
    regions = home / "data" / "regions.csv"
    regions.unlink()
    os.mkfifo(regions)
    args = [str(article(tmp_path, 1)) if a == "ARTICLE" else a for a in command]
    code, err = finish(parkdb(home, *args))  # finish() gives up after 60 s: a hang fails
    assert (code, "Traceback" in err) == (0, False)


def test_a_seed_listed_twice_in_sources_is_reported_with_its_line(home: Path) -> None:
    sources = home / "data" / "sources.csv"
    lines = sources.read_text().splitlines(keepends=True)
    sources.write_text("".join(lines) + lines[2].replace("https://", "https://mirror."))
    code, err = finish(parkdb(home, "check"))
    assert code == 1
    seed = lines[2].split(",")[0]
    assert (f"data/sources.csv:{len(lines) + 1}: seed: duplicate seed {seed!r} (first on line 3; "
            "expected one line per seed)") in err


def test_pages_that_once_made_a_pattern_backtrack_finish(home: Path, tmp_path: Path) -> None:
    # fictional pages: runs of spaces before a source line and a date, a 60,000-character line with a
    # pipe, a chain of hyphenated capitalised words; each once took from seconds to minutes in a
    # regular expression. finish() gives up after 60 s: a hang fails
    pages = ["Mock Park grows\n\n" + " " * 5000 + "Updated: 2020-05-01\n\nMock Park, a fictional park, grew.\n",
             "Mock Park grows\n\n" + " " * 2000 + "Source: Mock Daily\nUpdated: 2020-05-02\n\nBody.\n",
             "Mock Park grows\n\nUpdated: 2020-05-03\n\nword | " + "a" * 60000 + "\n",
             "Mock Park grows\n\nUpdated: 2020-05-04\n\nThe " + "-".join(["Ab"] * 40) + " Park signed 12 projects.\n"]
    for number, text in enumerate(pages, 1):
        path = tmp_path / f"page{number}.txt"
        path.write_text(text, encoding="utf-8")
        assert finish(parkdb(home, "add", str(path), "--yes"))[0] == 0
        assert finish(parkdb(home, "suggest", f"{4 + number:03d}", "--csv"))[0] == 0
