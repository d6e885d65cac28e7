"""parkdb serve in a real browser: headless Chromium reads the investment page and a fact page.

Skipped when Chromium or the web extra is missing (.ci/run installs both, so CI runs it). The server
listens on 127.0.0.1 on a free port, every wait is bounded, and the server is stopped at the end.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("datasette", reason="the web extra is not installed: pip install '.[web]'")
CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def server(bundled_db: Path) -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "parkdb", "serve", "--port", str(port),
                                "--db", str(bundled_db)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"parkdb serve did not start: {process.stderr.read()!r}"  # type: ignore[union-attr]
                                if process.poll() is not None else "parkdb serve did not start in 30 s")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _chromium(tmp_path: Path, *args: str) -> str:
    # its profile in tmp_path, so that nothing is written into the user's home
    result = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-crash-reporter", f"--user-data-dir={tmp_path / 'chromium'}", *args],
        capture_output=True, text=True, timeout=90, check=True)
    return result.stdout


def _dom(url: str, tmp_path: Path) -> str:
    return _chromium(tmp_path, "--dump-dom", url)


def test_investment_and_fact_pages_in_chromium(server: str, tmp_path: Path) -> None:
    investment = _dom(f"{server}/parkdb/investment_by_province", tmp_path)
    assert "Investment by province (CNY)" in investment
    hebei_row = next(row for row in investment.split("<tr") if ">Hebei<" in row)
    # signed 7.4 + 6.1 = 13.5 bn and planned 1.8 bn, each its own cell, as people read money;
    # never 15.3 bn
    assert ">13.5 bn CNY<" in hebei_row and ">1.8 bn CNY<" in hebei_row
    assert "15.3" not in hebei_row and "15300000000" not in hebei_row
    fact = _dom(f"{server}/parkdb/fact?fact_id=F000-04", tmp_path)
    assert "«Hengshui Industrial New Area will allocate 1.8 billion yuan ($265.9 million)" in fact
    assert '<table class="parkdb-record">' in fact


def test_home_lists_the_questions_and_pages_fit_a_phone(server: str, tmp_path: Path) -> None:
    home = _dom(f"{server}/", tmp_path)
    assert '<a href="/parkdb/investment_by_province">Investment by province (CNY)</a>' in home
    for size in ("1280,900", "390,844"):
        shot = tmp_path / f"investment-{size.replace(',', 'x')}.png"
        _chromium(tmp_path, f"--screenshot={shot}", f"--window-size={size}",
                  f"{server}/parkdb/investment_by_province")
        assert shot.stat().st_size > 10_000
