"""Benchmark: parkdb against sqlite3 and sqlite-utils, as whole processes, medians and ratios.

    python bench/run.py [--sizes 10000,100000,1000000] [--repeat 3] [--quick]

Generates the synthetic corpora (bench/generate.py) under bench/work/, then measures in one run:
build (parkdb build vs the sqlite3 shell's .import of the same facts.csv vs sqlite-utils insert
--csv, with peak memory), query (parkdb investments --by province --format csv vs the same SQL in
the sqlite3 shell and in sqlite-utils query), streaming (parkdb facts --limit 1 vs parkdb --help;
every fact as CSV vs the sqlite3 shell's .mode csv of the same SQL; JSON, JSON Lines and a table,
with peak memory), start-up (parkdb --help, a CSV and a table query on the bundled data, vs
python -c "import click") and growth with size. Prints the table and writes
bench/RESULTS.md. Ratios, not absolute times, are the result: the reference runs on the same
machine in the same run.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from floor import floor_script  # noqa: E402
from generate import generate  # noqa: E402

BIN = Path(sys.executable).parent
PARKDB = [str(BIN / "parkdb")] if (BIN / "parkdb").exists() else [sys.executable, "-m", "parkdb"]
SQLITE_UTILS = str(BIN / "sqlite-utils")


def query_sql(db: Path) -> str:
    """The exact SQL `parkdb investments --by province` runs, captured with a trace callback."""
    sys.path.insert(0, str(HERE.parent))
    from parkdb import queries

    conn = sqlite3.connect(db)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    queries.investments(conn)
    conn.close()
    return _one_line(statements[-1])


def facts_sql(db: Path) -> str:
    """The exact SQL `parkdb facts` runs for its rows (after the LIMIT 0 that reads its columns)."""
    sys.path.insert(0, str(HERE.parent))
    from parkdb import queries

    conn = sqlite3.connect(db)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    next(queries.facts(conn).stream(), None)
    conn.close()
    return _one_line(statements[-1])


def _one_line(sql: str) -> str:
    """``sql`` on one line for the sqlite3 shell's argument, its ``--`` comments dropped first."""
    return " ".join(re.sub(r"--[^\n]*", "", sql).split())


def compile_bytecode() -> None:
    """Byte-compile the parkdb package, as `pip install` does, so start-up is measured as installed.

    (A checkout run with PYTHONDONTWRITEBYTECODE would otherwise recompile every module per run.)
    """
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("parkdb")
    if spec and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            compileall.compile_dir(location, quiet=1)


def run(command: list[str], env: dict[str, str] | None = None,
        sample: bool = False, expect: int = 0) -> tuple[float, int, float]:
    """Run a command to completion; return (seconds, peak memory in MB, CPU seconds).

    CPU seconds are user + system time of the process and of the children it waited for (a
    build's second process included), from the kernel's accounting (wait4).

    The peak is the largest resident set of the process or any child it waited for (wait4). With
    ``sample``, the resident sets of the whole process tree are also summed every 5 ms and the
    larger of the two is returned, so a build's second process counts with the first (pages the
    two share after the fork count twice: an upper bound). Sampling costs the measured process
    nothing but is only used where the peak is reported, not for timings of start-up.
    """
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=env)
    tree_peak = 0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG if sample else 0)
        if pid:
            break
        tree_peak = max(tree_peak, tree_rss(process.pid))
        time.sleep(0.005)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != expect:
        err = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"exit {process.returncode}, expected {expect}: {' '.join(command)}\n{err}")
    return (elapsed, max(usage.ru_maxrss // 1024, tree_peak // 1024),
            usage.ru_utime + usage.ru_stime)


def tree_rss(pid: int) -> int:
    """Resident kB of a process and all its descendants, from /proc (0 if it has gone)."""
    total = 0
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            children = [int(c) for c in handle.read().split()]
    except (OSError, ValueError):
        return total
    return total + sum(tree_rss(child) for child in children)


class Runs:
    """The runs of one command: medians of wall and CPU seconds, the largest peak."""

    def __init__(self) -> None:
        self.walls: list[float] = []
        self.cpus: list[float] = []
        self.peak = 0

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)

    def ratio(self, other: Runs) -> float:
        """The median of the run-by-run ratios to ``other`` (runs made in the same rounds)."""
        return statistics.median(a / b for a, b in zip(self.walls, other.walls, strict=True))


def interleaved(commands: dict[str, list[str]], repeat: int, env: dict[str, str] | None = None,
                before: dict[str, Any] | None = None, sample: set[str] | None = None,
                expect: dict[str, int] | None = None) -> dict[str, Runs]:
    """Run each command in turn ``repeat`` times (one run of each per round, so that a drift in
    the machine's speed hits them all alike). ``before`` maps a name to a function called before
    each of its runs; ``sample`` names the commands whose process tree is sampled for memory (see
    ``run``); ``expect`` gives exit statuses other than 0."""
    runs = {name: Runs() for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            if before and name in before:
                before[name]()
            # Each run starts with nothing left to write back: otherwise a command pays for the
            # hundreds of MB its predecessor left in the page cache (measured: a 1M build took
            # 16.2 s right after the fair floor, 10.9 s on a quiet disk).
            os.sync()
            wall, peak, cpu = run(command, env, sample=bool(sample and name in sample),
                                  expect=(expect or {}).get(name, 0))
            runs[name].walls.append(wall)
            runs[name].cpus.append(cpu)
            runs[name].peak = max(runs[name].peak, peak)
    return runs


BURN = "x = 0\nfor i in range(8_000_000): x += i"


def two_core_probe() -> float:
    """How many cores two CPU-bound processes get at once: 2.0 on two free cores, 1.0 on one."""
    command = [sys.executable, "-c", BURN]
    alone = min(run(command)[0] for _ in range(3))
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        pair = [subprocess.Popen(command) for _ in range(2)]
        for process in pair:
            process.wait()
        best = min(best, time.perf_counter() - start)
    return 2 * alone / best


def bad_last_row(corpus: Path) -> Path:
    """A copy of the corpus's data/ whose facts.csv has one bad row, the last (an unknown unit)."""
    bad = corpus / "bad-data"
    shutil.rmtree(bad, ignore_errors=True)
    shutil.copytree(corpus / "data", bad)
    facts = bad / "facts.csv"
    with open(facts, "rb+") as handle:
        handle.seek(-4096, os.SEEK_END)
        tail = handle.read()
        last = tail.rstrip(b"\n").rsplit(b"\n", 1)[1]
        cells = last.split(b",")
        assert cells[6] in (b"CNY", b"USD", b"km2", b"count", b"percent", b"")
        handle.seek(-(len(tail) - tail.rindex(last)), os.SEEK_END)
        handle.write(b",".join([*cells[:6], b"parsecs", *cells[7:]]) + b"\n")
        handle.truncate()
    return bad


def unlink(*paths: Path) -> object:
    def remove() -> None:
        for path in paths:
            path.unlink(missing_ok=True)
    return remove


def streaming(db: Path, size: int, big: bool, repeat: int, row: Any, verdict: Any) -> None:
    """Output that streams: the first row against start-up, every row against the sqlite3 shell's
    .mode csv of the same SQL, and the peak memory of each format (output to /dev/null)."""
    facts = PARKDB + ["facts", "--db", str(db)]
    got = interleaved(
        {"help": PARKDB + ["--help"], "first": [*facts, "--limit", "1", "--csv"],
         "shell": ["sqlite3", "-csv", "-header", str(db), facts_sql(db)],
         "csv": [*facts, "--csv"], "json": [*facts, "--format", "json"],
         "jsonl": [*facts, "--format", "jsonl"], "table": [*facts, "--format", "table"]},
        repeat, sample={"first", "csv", "json", "jsonl", "table"})
    row("parkdb --help (reference)", got["help"], None)
    first = got["first"].ratio(got["help"])
    row(f"parkdb facts --limit 1 --csv, {size:,} facts (ratio to parkdb --help)", got["first"],
        first, "<= 2x at 1M", verdict(first <= 2) if big else "")
    row(f"sqlite3 shell .mode csv, the same SQL, {size:,} facts", got["shell"], None)
    every = got["csv"].ratio(got["shell"])
    row(f"parkdb facts --csv > /dev/null, {size:,} facts (ratio to the shell)", got["csv"], every,
        "<= 1.5x at 1M", verdict(every <= 1.5) if big else "")
    for fmt in ("json", "jsonl", "table"):
        runs = got[fmt]
        row(f"parkdb facts --format {fmt}, {size:,} facts (ratio to the shell's csv)", runs,
            runs.ratio(got["shell"]), "peak < 100 MB", verdict(runs.peak < 100) if big else "")


def totals(db: Path, size: int, big: bool, repeat: int, row: Any, verdict: Any) -> None:
    """Totals are a GROUP BY over the amounts table the build resolved: investments by province
    and amounts by province and year, each against importing click, in the same rounds."""
    click = [sys.executable, "-c", "import click"]
    commands = {"click": click,
                "investments": PARKDB + ["investments", "--by", "province", "--format", "csv",
                                         "--db", str(db)],
                "amounts": PARKDB + ["amounts", "--by", "province,year", "--format", "csv",
                                     "--db", str(db)]}
    got = interleaved(commands, max(5, repeat * 2))
    row("python -c 'import click' (reference)", got["click"], None)
    for name, what in (("investments", "investments --by province"),
                       ("amounts", "amounts --by province,year")):
        ratio = got[name].ratio(got["click"])
        row(f"parkdb {what}, {size:,} facts (ratio to import click)", got[name], ratio,
            "<= 3x at 1M", verdict(ratio <= 3) if big else "")


def write_results(args: Any, lines: list[str], growth: list[tuple[int, float, float]],
                  probes: list[float]) -> None:
    """Print the growth table and write bench/RESULTS.md."""
    header = ["| measurement | median wall s | median CPU s | ratio | peak MB | target | met |",
              "| --- | --- | --- | --- | --- | --- | --- |"]
    growth_lines = ["| facts | build s | build s per 1k facts | query s |", "| --- | --- | --- | --- |"]
    for size, t_build, t_query in growth:
        growth_lines.append(f"| {size:,} | {t_build:.2f} | {t_build / size * 1000:.4f} | "
                            f"{t_query:.3f} |")
    print("\n".join(growth_lines))
    versions = (f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version} (Python), "
                + subprocess.run(["sqlite3", "--version"], capture_output=True, text=True)
                .stdout.split()[0] + " (shell), "
                + (subprocess.run([SQLITE_UTILS, "--version"], capture_output=True, text=True)
                   .stdout.strip() if Path(SQLITE_UTILS).exists() else "no sqlite-utils"))
    machine = f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}"
    text = "\n".join([
        "# Benchmark results", "",
        f"Produced by `python bench/run.py --sizes {args.sizes} --repeat {args.repeat} "
        f"--sections {','.join(sorted(args.sections))}` on "
        f"{time.strftime('%Y-%m-%d')}.", "", f"Machine: {machine}.", f"Versions: {versions}.",
        f"Two-core probe (two CPU-bound processes at once; 2.00 means two free cores, 1.00 one): "
        f"{probes[0]:.2f} before, {probes[1]:.2f} after.", "",
        "Each command runs in turn with its reference, one run of each per round; the wall and CPU "
        "figures are medians, and a ratio is the median of the round-by-round ratios to the "
        "reference named in its row; every run starts after a sync, so that none pays for the "
        "writes of the one before. CPU seconds are user + system time of the process and its "
        "children (a build's second process included). The fair floor is the sqlite3 shell "
        "building the same tables, indexes and full-text index from the same files with no "
        "validation, from a script written from schema.sql (bench/floor.py). Peak MB is the "
        "largest resident set, or for parkdb build the sum over its process tree sampled every "
        "5 ms, whichever is larger.", "",
        *header, *lines, "", "## Growth", "", *growth_lines, ""])
    args.out.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peer-size", type=int, default=100000,
                        help="size at which sqlite-utils insert is measured")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--sections", default="build,totals,stream,startup",
                        help="what to measure, comma-separated: build (builds and the investments "
                        "query), totals (investments and amounts against import click), stream "
                        "(output of every facts row), startup (a database is built at each size "
                        "whatever this says)")
    args = parser.parse_args()
    args.sections = set(args.sections.split(","))
    sizes = [int(s) for s in args.sizes.split(",")]
    compile_bytecode()
    work = HERE / "work"
    work.mkdir(exist_ok=True)
    lines: list[str] = []
    growth: list[tuple[int, float, float]] = []
    probes = [two_core_probe()]

    def row(name: str, runs: Runs, ratio: float | None, target: str = "", met: str = "") -> None:
        lines.append(f"| {name} | {runs.wall:.3f} | {runs.cpu:.3f} | "
                     f"{'' if ratio is None else f'{ratio:.2f}x'} | {runs.peak or ''} | "
                     f"{target} | {met} |")
        print(lines[-1], flush=True)

    def verdict(ok: bool) -> str:
        return "yes" if ok else "no"

    header = ["| measurement | median wall s | median CPU s | ratio | peak MB | target | met |",
              "| --- | --- | --- | --- | --- | --- | --- |"]
    print("\n".join(header))
    for size in sizes:
        corpus = generate(size, work / f"n{size}")
        facts_csv = corpus / "data" / "facts.csv"
        floor = floor_script(corpus)
        bad = bad_last_row(corpus)
        db, bad_db = work / f"n{size}.db", work / f"n{size}-bad.db"
        imported, floored, peer = (work / f"n{size}-{k}.db" for k in ("import", "floor", "peer"))
        build = PARKDB + ["build", "--data", str(corpus / "data"), "--seeds",
                          str(corpus / "seeds"), "--db", str(db)]
        build_bad = PARKDB + ["build", "--data", str(bad), "--seeds", str(corpus / "seeds"),
                              "--db", str(bad_db)]
        big = size == max(sizes)
        if "build" not in args.sections:
            if not db.exists():
                run(build)
            if "totals" in args.sections:
                totals(db, size, big, args.repeat, row, verdict)
            if "stream" in args.sections:
                streaming(db, size, big, args.repeat, row, verdict)
            continue
        got = interleaved(
            {"import": ["sqlite3", str(imported), "-cmd", ".mode csv", f".import {facts_csv} facts"],
             "floor": ["sh", "-c", f'exec sqlite3 "{floored}" < "{floor}"'],
             "build": build, "bad": build_bad},
            args.repeat, before={"import": unlink(imported), "floor": unlink(floored)},
            sample={"build"}, expect={"bad": 1})
        row(f"sqlite3 .import, {size:,} facts (bare)", got["import"], None)
        row(f"fair floor: sqlite3 .import + schema.sql's indexes and FTS5, {size:,} facts",
            got["floor"], got["floor"].ratio(got["import"]), "(ratio to bare .import)")
        build_ratio = got["build"].ratio(got["floor"])
        row(f"parkdb build, {size:,} facts (ratio to the fair floor)", got["build"], build_ratio,
            "<= 1.3x, <= 150 MB at 1M",
            verdict(build_ratio <= 1.3 and got["build"].peak <= 150) if big else "")
        bad_ratio = got["bad"].ratio(got["build"])
        row(f"parkdb build, {size:,} facts, only the last row bad (ratio to the clean build)",
            got["bad"], bad_ratio, "<= 1.2x at 1M", verdict(bad_ratio <= 1.2) if big else "")
        if size == args.peer_size and Path(SQLITE_UTILS).exists():
            paired = interleaved(
                {"peer": [SQLITE_UTILS, "insert", str(peer), "facts", str(facts_csv), "--csv"],
                 "build": build}, args.repeat, before={"peer": unlink(peer)})
            factor = paired["peer"].ratio(paired["build"])
            row(f"sqlite-utils insert --csv, {size:,} facts (ratio: how many times slower than "
                "parkdb build, in pairs)", paired["peer"], factor, "report the honest factor")
        query = PARKDB + ["investments", "--by", "province", "--format", "csv", "--db", str(db)]
        sql = query_sql(db)
        commands = {"shell": ["sqlite3", "-csv", "-header", str(db), sql], "parkdb": query}
        if Path(SQLITE_UTILS).exists():
            commands["sqlite-utils"] = [SQLITE_UTILS, "query", str(db), sql, "--csv"]
        q = interleaved(commands, max(5, args.repeat * 2))
        row(f"sqlite3 shell, same SQL, {size:,} facts", q["shell"], None)
        query_ratio = q["parkdb"].ratio(q["shell"])
        row(f"parkdb investments --by province, {size:,} facts", q["parkdb"], query_ratio,
            "<= 1.3x at 1M", verdict(query_ratio <= 1.3) if big else "")
        if "sqlite-utils" in q:
            row(f"sqlite-utils query, same SQL, {size:,} facts", q["sqlite-utils"],
                q["sqlite-utils"].ratio(q["shell"]))
        if "stream" in args.sections:
            streaming(db, size, big, args.repeat, row, verdict)
        if "totals" in args.sections:
            totals(db, size, big, args.repeat, row, verdict)
        growth.append((size, got["build"].wall, q["parkdb"].wall))
        for path in (imported, floored, peer, bad_db):
            path.unlink(missing_ok=True)

    # Start-up, on the bundled data, against importing click.
    if "startup" not in args.sections:
        write_results(args, lines, growth, probes + [probes[0]])
        return
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
    run(PARKDB + ["sources", "--format", "csv"], env)  # build the cache database once
    repeat = max(15, args.repeat * 5)  # short runs: more of them, for a steady median
    startup = [
        ("python -c 'import click' (reference)", [sys.executable, "-c", "import click"], None),
        ("parkdb --help", PARKDB + ["--help"], 1.3),
        ("parkdb investments --format csv (bundled)",
         PARKDB + ["investments", "--format", "csv"], 1.5),
        ("parkdb investments --format table (bundled)",
         PARKDB + ["investments", "--format", "table"], 2.2),
    ]
    got = interleaved({name: command for name, command, _ in startup}, repeat, env)
    click_runs = got[startup[0][0]]
    for name, _, target in startup:
        if target is None:
            row(name, click_runs, None)
        else:
            ratio = got[name].ratio(click_runs)
            row(name, got[name], ratio, f"<= {target}x", verdict(ratio <= target))
    probes.append(two_core_probe())

    write_results(args, lines, growth, probes)
    shutil.rmtree(work / "cache", ignore_errors=True)


if __name__ == "__main__":
    main()
