"""The second build process: the same pipeline over the second half of a large facts.csv.

The process is forked, so it shares the reference tables already read. It judges and inserts the
second half of the file into a side database and sends back ("facts", (count, problems, refused
ids, complete, entity links)); then it fills the articles and their full-text index into another side database
and sends ("done", (content hash, fingerprint)). A failure is sent as ("error", (exception,
traceback)) and raised in the parent as what it is; a process that dies is a ParkdbError.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from .. import schema
from ..errors import ParkdbError, Problems
from ..vocabulary import FACT_COLUMNS
from .pipeline import fill_articles, load_facts, open_part
from .reader import Reader
from .reference import Reference
from .rules import FactRules
from .target import parts_dir


class Worker:
    """The forked second process, the pipe it reports on and its side databases."""

    def __init__(self, directory: str, facts_path: str, shown: str, split: tuple[int, int],
                 size: int, ref: Reference, sch: schema.Schema,
                 inputs: tuple[Path, Path, Path]) -> None:
        import multiprocessing

        self.parts = parts_dir(directory)
        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_work, daemon=True,
            args=(send, facts_path, shown, split, size, self.parts, ref, sch, inputs))
        self.process.start()
        send.close()

    def path(self, name: str) -> str:
        """The path of one of the side databases."""
        return os.path.join(self.parts, name)

    def wait_for(self, stage: str) -> Any:
        """What the process sends at ``stage``; raises what it failed with."""
        try:
            kind, payload = self.receive.recv()
        except EOFError as exc:
            self.process.join(1)
            raise ParkdbError(f"the second build process died (exit status "
                              f"{self.process.exitcode}); nothing was written") from exc
        if kind == "error":
            error, trace = payload
            if isinstance(error, BaseException):
                raise error
            raise RuntimeError(f"the second build process failed:\n{trace}")
        if kind != stage:
            raise RuntimeError(f"the second build process sent {kind!r}, expected {stage!r}")
        return payload

    def stop(self) -> None:
        """End the process if it still runs and remove the side databases."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.receive.close()
        shutil.rmtree(self.parts, ignore_errors=True)


def _work(send: Any, facts_path: str, shown: str, split: tuple[int, int], size: int, parts: str,
          ref: Reference, sch: schema.Schema, inputs: tuple[Path, Path, Path]) -> None:
    """The second process: the second half of the facts, then the articles, then the hash."""
    status = 0
    try:
        problems = Problems(limit=10**9)
        conn = open_part(os.path.join(parts, "facts.db"), sch)
        reader = Reader(facts_path, shown, FACT_COLUMNS, FACT_COLUMNS, problems, start=split[0],
                        stop=size, lines_before=split[1])
        rules = FactRules(ref)
        facts, rejected, complete = load_facts(conn, reader, rules)
        conn.close()
        send.send(("facts", (facts, problems.items[:200], rejected, complete, rules.links)))
        conn = open_part(os.path.join(parts, "text.db"), sch)
        digest = fill_articles(conn, ref, sch, inputs)
        conn.close()
        send.send(("done", digest))
    except KeyboardInterrupt:
        status = 130
    except BaseException as exc:  # noqa: BLE001 - sent to the parent, which raises it
        import traceback

        try:
            send.send(("error", (exc, traceback.format_exc())))
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled: send its text
            send.send(("error", (None, traceback.format_exc())))
    finally:
        send.close()
        os._exit(status)  # no atexit handlers or inherited cleanups in a forked child
