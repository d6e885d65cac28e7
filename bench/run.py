"""Benchmark: parkdb against sqlite3 and sqlite-utils, as whole processes, medians and ratios.

    python bench/run.py [--sizes 10000,100000,1000000] [--repeat 3] [--quick]

Generates the synthetic corpora (bench/generate.py) under bench/work/, then measures in one run:
build (parkdb build vs the sqlite3 shell's .import of the same facts.csv vs sqlite-utils insert
--csv, with peak memory), query (parkdb investments --by province --format csv vs the same SQL in
the sqlite3 shell and in sqlite-utils query), start-up (parkdb --help, a CSV and a table query on
the bundled data, vs python -c "import click") and growth with size. Prints the table and writes
bench/RESULTS.md. Ratios, not absolute times, are the result: the reference runs on the same
machine in the same run.
"""

from __future__ import annotations

import argparse
import os
import platform
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
    return " ".join(statements[-1].split())


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
        sample: bool = False) -> tuple[float, int]:
    """Run a command to completion; return (seconds, peak memory in MB).

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
    if process.returncode != 0:
        err = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{err}")
    return elapsed, max(usage.ru_maxrss // 1024, tree_peak // 1024)


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


def interleaved(commands: dict[str, list[str]], repeat: int, env: dict[str, str] | None = None,
                before: dict[str, Any] | None = None,
                sample: set[str] | None = None) -> dict[str, tuple[float, int]]:
    """Median seconds and peak MB of each command, run in turn ``repeat`` times (one run of each
    per round, so that a drift in the machine's speed hits them all alike). ``before`` maps a
    name to a function called before each of its runs; ``sample`` names the commands whose
    process tree is sampled for memory (see ``run``)."""
    runs: dict[str, list[tuple[float, int]]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            if before and name in before:
                before[name]()
            runs[name].append(run(command, env, sample=bool(sample and name in sample)))
    return {name: (statistics.median(t for t, _ in got), max(m for _, m in got))
            for name, got in runs.items()}


def unlink(*paths: Path) -> object:
    def remove() -> None:
        for path in paths:
            path.unlink(missing_ok=True)
    return remove


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peer-size", type=int, default=100000,
                        help="size at which sqlite-utils insert is measured")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    compile_bytecode()
    work = HERE / "work"
    work.mkdir(exist_ok=True)
    lines: list[str] = []
    growth: list[tuple[int, float, float]] = []

    def row(name: str, seconds: float, reference: float, peak: int | None = None,
            target: str = "") -> None:
        ratio = seconds / reference
        lines.append(f"| {name} | {seconds:.3f} | {ratio:.2f}x | "
                     f"{'' if peak is None else peak} | {target} |")
        print(lines[-1], flush=True)

    header = ["| measurement | median s | ratio to reference | peak MB | target |",
              "| --- | --- | --- | --- | --- |"]
    print("\n".join(header))
    for size in sizes:
        corpus = generate(size, work / f"n{size}")
        facts_csv = corpus / "data" / "facts.csv"
        db = work / f"n{size}.db"
        imported, peer = work / f"n{size}-import.db", work / f"n{size}-peer.db"
        build = PARKDB + ["build", "--data", str(corpus / "data"), "--seeds",
                          str(corpus / "seeds"), "--db", str(db)]
        got = interleaved({"import": ["sqlite3", str(imported), "-cmd", ".mode csv",
                                      f".import {facts_csv} facts"], "build": build},
                          args.repeat, before={"import": unlink(imported)}, sample={"build"})
        (t_import, m_import), (t_build, m_build) = got["import"], got["build"]
        row(f"sqlite3 .import, {size:,} facts (floor)", t_import, t_import, m_import)
        row(f"parkdb build, {size:,} facts", t_build, t_import, m_build,
            "<= 2.0x; <= 200 MB at 1M")
        if size == args.peer_size and Path(SQLITE_UTILS).exists():
            (t_peer, m_peer), = interleaved(
                {"peer": [SQLITE_UTILS, "insert", str(peer), "facts", str(facts_csv), "--csv"]},
                1, before={"peer": unlink(peer)}).values()
            row(f"sqlite-utils insert --csv, {size:,} facts (peer)", t_peer, t_import, m_peer)
            lines.append(f"| parkdb build speed-up over sqlite-utils insert | | "
                         f"{t_peer / t_build:.1f}x faster | | >= 10x |")
            print(lines[-1])
        query = PARKDB + ["investments", "--by", "province", "--format", "csv", "--db", str(db)]
        sql = query_sql(db)
        commands = {"shell": ["sqlite3", "-csv", "-header", str(db), sql], "parkdb": query}
        if Path(SQLITE_UTILS).exists():
            commands["sqlite-utils"] = [SQLITE_UTILS, "query", str(db), sql, "--csv"]
        got = interleaved(commands, max(5, args.repeat * 2))
        t_sqlite_q, t_query, m_query = got["shell"][0], *got["parkdb"]
        row(f"sqlite3 shell, same SQL, {size:,} facts", t_sqlite_q, t_sqlite_q)
        row(f"parkdb investments --by province, {size:,} facts", t_query, t_sqlite_q, m_query,
            "<= 1.3x at 1M")
        if "sqlite-utils" in got:
            row(f"sqlite-utils query, same SQL, {size:,} facts", got["sqlite-utils"][0],
                t_sqlite_q)
        growth.append((size, t_build, t_query))
        for path in (imported, peer):
            path.unlink(missing_ok=True)

    # Start-up, on the bundled data, against importing click.
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
    run(PARKDB + ["sources", "--format", "csv"], env)  # build the cache database once
    repeat = max(15, args.repeat * 5)  # short runs: more of them, for a steady median
    startup = [
        ("python -c 'import click' (reference)", [sys.executable, "-c", "import click"], ""),
        ("parkdb --help", PARKDB + ["--help"], "<= 1.3x"),
        ("parkdb investments --format csv (bundled)",
         PARKDB + ["investments", "--format", "csv"], "<= 1.5x"),
        ("parkdb investments --format table (bundled)",
         PARKDB + ["investments", "--format", "table"], "<= 2.2x"),
    ]
    got = interleaved({name: command for name, command, _ in startup}, repeat, env)
    t_click = got[startup[0][0]][0]
    for name, _, target in startup:
        row(name, got[name][0], t_click, None, target)

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
        f"Produced by `python bench/run.py --sizes {args.sizes} --repeat {args.repeat}` on "
        f"{time.strftime('%Y-%m-%d')}.", "", f"Machine: {machine}.", f"Versions: {versions}.", "",
        "Each figure is the median wall time of whole processes, run in turn with their reference "
        "(one run of each per round); ratios are against the reference measured in the same run "
        "(the floor for builds, the sqlite3 shell for queries, `python -c 'import click'` for "
        "start-up). Peak MB is the largest resident set of the process, or for "
        "parkdb build the sum over its process tree sampled every 5 ms, whichever is larger.", "",
        *header, *lines, "", "## Growth", "", *growth_lines, ""])
    args.out.write_text(text, encoding="utf-8")
    shutil.rmtree(work / "cache", ignore_errors=True)


if __name__ == "__main__":
    main()
