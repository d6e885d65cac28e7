"""Opening the database: where it is, whether it is current, and read-only access.

``--db`` or ``PARKDB_DB`` name a database explicitly; it must exist and have this parkdb's schema
version. Without either, parkdb uses ``parkdb.db`` in the user's cache directory
(``$XDG_CACHE_HOME/parkdb``, else ``~/.cache/parkdb``) and builds it from the bundled data on first
use, and again whenever the bundled schema, data or seeds change (their content hash is kept in the
database's meta table).

Query connections are read-only three times over: the file is opened with ``mode=ro``,
``PRAGMA query_only`` is set, and an authorizer refuses every write, ATTACH, writing PRAGMA and
extension loading. The authorizer is what ``parkdb sql`` relies on, with comments, CTEs and
multiple statements considered.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
import time
from collections.abc import Callable
from typing import Any

from . import resources, schema
from .errors import DatabaseError, ParkdbError, QueryError, QueryTimeout, ReadOnlyError
from .resources import StrPath, read_only_uri

# PRAGMAs that only read; any other PRAGMA (and every PRAGMA with an argument) is refused, except
# the introspection PRAGMAs below, whose argument names what to describe (PRAGMA table_info(facts),
# SELECT * FROM pragma_index_list('facts')) and never sets anything.
NAME_PRAGMAS = frozenset({
    "table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list",
    "table_list",
})
READ_PRAGMAS = frozenset({
    "table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list",
    "database_list", "function_list", "pragma_list", "collation_list", "compile_options",
    "table_list", "user_version", "schema_version", "page_count", "page_size", "encoding",
    "freelist_count", "module_list", "query_only", "foreign_keys", "data_version",
})
_READ_ACTIONS = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION,
                 sqlite3.SQLITE_RECURSIVE}
# Authorizer action codes by name (sqlite3's other SQLITE_* constants reuse the same numbers).
_ACTIONS = (
    "CREATE_INDEX", "CREATE_TABLE", "CREATE_TEMP_INDEX", "CREATE_TEMP_TABLE",
    "CREATE_TEMP_TRIGGER", "CREATE_TEMP_VIEW", "CREATE_TRIGGER", "CREATE_VIEW", "DELETE",
    "DROP_INDEX", "DROP_TABLE", "DROP_TEMP_INDEX", "DROP_TEMP_TABLE", "DROP_TEMP_TRIGGER",
    "DROP_TEMP_VIEW", "DROP_TRIGGER", "DROP_VIEW", "INSERT", "PRAGMA", "READ", "SELECT",
    "TRANSACTION", "UPDATE", "ATTACH", "DETACH", "ALTER_TABLE", "REINDEX", "ANALYZE",
    "CREATE_VTABLE", "DROP_VTABLE", "FUNCTION", "SAVEPOINT", "RECURSIVE",
)
_ACTION_NAMES = {getattr(sqlite3, f"SQLITE_{name}"): name.replace("_", " ") for name in _ACTIONS
                 if hasattr(sqlite3, f"SQLITE_{name}")}


class _Guard:
    """sqlite3 authorizer that allows only reading, and remembers what it refused."""

    def __init__(self) -> None:
        self.refused: str | None = None

    def __call__(self, action: int, arg1: str | None, arg2: str | None, _db: str | None,
                 _trigger: str | None) -> int:
        if action in _READ_ACTIONS:
            if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in {
                    "load_extension", "readfile", "writefile", "edit", "fts3_tokenizer"}:
                self.refused = self.refused or f"function {arg2}()"
                return sqlite3.SQLITE_DENY
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_PRAGMA and (arg1 or "").lower() in READ_PRAGMAS and (
                not arg2 or (arg1 or "").lower() in NAME_PRAGMAS):
            return sqlite3.SQLITE_OK
        # VACUUM first attaches a temporary database (with an empty name) to rewrite the file into.
        if action == sqlite3.SQLITE_ATTACH and arg1 == "":
            self.refused = "VACUUM (it rewrites the database file)"
            return sqlite3.SQLITE_DENY
        if action == sqlite3.SQLITE_TRANSACTION:
            return sqlite3.SQLITE_OK
        # FTS5 reports an UPDATE of sqlite_master when it first connects to its tables. A user's
        # own UPDATE of sqlite_master is still impossible: SQLite refuses it without
        # writable_schema, and the file is opened read-only with query_only set.
        if action == sqlite3.SQLITE_UPDATE and arg1 == "sqlite_master":
            return sqlite3.SQLITE_OK
        # Report the statement's own action rather than the schema-table write SQLite checks on
        # its behalf (a DROP TABLE is also a DELETE from sqlite_master).
        if self.refused is None or "sqlite_" in self.refused:
            self.refused = _ACTION_NAMES.get(action, f"action {action}") + (f" {arg1}" if arg1 else "")
        return sqlite3.SQLITE_DENY


# The longest string or blob a query may make (SQLite's length limit): an article is at most 5 MB
# (curation/add.py refuses longer ones), and without a cap one call such as randomblob(300000000)
# or printf('%.*c', 900000000, 'x') allocates gigabytes inside SQLite, where neither the progress
# handler nor the time limit can stop it.
MAX_VALUE_BYTES = 16 * 1024 * 1024


def limit_values(conn: sqlite3.Connection) -> None:
    """Cap the size of every value ``conn`` makes at MAX_VALUE_BYTES (also the web's)."""
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)


class ReadOnlyConnection:
    """A read-only sqlite3 connection that turns refusals and SQLite errors into ParkdbErrors.

    Every statement runs under SQLite's progress handler, so that Ctrl-C stops it within a few
    milliseconds (the handler gives Python the chance to raise KeyboardInterrupt) and a query
    given a ``timeout`` stops when the time is up.
    """

    def __init__(self, path: StrPath) -> None:
        self.path = path
        self.timeout: float | None = None
        self._deadline: float | None = None
        try:
            self.conn = sqlite3.connect(read_only_uri(path), uri=True, isolation_level=None,
                                        check_same_thread=False)
            self.conn.execute("PRAGMA query_only = ON")
            limit_values(self.conn)
        except sqlite3.Error as exc:
            raise _database_error(path, exc) from exc
        self.conn.set_progress_handler(self._progress, 20_000)
        self.guard = _Guard()

    def _progress(self) -> int:
        # Being called is what lets a pending Ctrl-C raise here; SQLite then stops the statement.
        return int(self._deadline is not None and time.monotonic() > self._deadline)

    def guarded(self) -> None:
        """Switch the authorizer on (after the schema checks, which read PRAGMAs freely)."""
        self.conn.set_authorizer(self.guard)

    def execute(self, sql: str, params: object = ()) -> sqlite3.Cursor:
        """Run one statement; raises ReadOnlyError, QueryError, QueryTimeout or
        KeyboardInterrupt, also while its rows are fetched (see _Cursor)."""
        self.guard.refused = None
        self._deadline = time.monotonic() + self.timeout if self.timeout else None
        cursor = self.conn.cursor(_Cursor)
        cursor.owner = self
        try:
            return cursor.execute(sql, params)  # type: ignore[arg-type]
        except sqlite3.ProgrammingError as exc:
            raise QueryError(f"SQL error: {exc} (expected a single statement)") from exc
        except (sqlite3.Error, OverflowError) as exc:
            raise self.translate(exc) from exc

    def translate(self, exc: BaseException) -> BaseException:
        """The error to raise for a SQLite error: a stopped statement becomes QueryTimeout or
        KeyboardInterrupt, a refusal ReadOnlyError, anything else QueryError or DatabaseError."""
        if str(exc) == "interrupted":
            if self._deadline is not None and time.monotonic() > self._deadline:
                return QueryTimeout(f"the query took longer than {self.timeout:g} s and was "
                                    "stopped (give more time with --timeout SECONDS or "
                                    "PARKDB_TIMEOUT; 0 means no limit)")
            return KeyboardInterrupt()
        if isinstance(exc, sqlite3.DataError):  # "string or blob too big": the query's doing
            return QueryError(f"SQL error: {exc} (a value made by this query is over the "
                              f"{MAX_VALUE_BYTES // 2**20} MB limit of any one value)")
        if isinstance(exc, sqlite3.DatabaseError):
            if self.guard.refused or "not authorized" in str(exc):
                what = self.guard.refused or "this statement"
                if "sqlite_" in what:  # SQLite checks the schema-table write first
                    what = "a schema change (CREATE, DROP or ALTER)"
                return ReadOnlyError(f"refused: {what} (parkdb sql is read-only: one SELECT, "
                                     "WITH or read-only PRAGMA statement)")
            if "readonly" in str(exc) or "read-only" in str(exc):
                return ReadOnlyError(f"refused: {exc} (parkdb sql is read-only)")
            if not isinstance(exc, sqlite3.OperationalError):
                return _database_error(self.path, exc)
        return QueryError(f"SQL error: {exc}")

    def create_function(self, name: str, narg: int, func: Any, *,
                        deterministic: bool = False) -> None:
        """Define an SQL function for this connection's statements (sqlite3's own)."""
        self.conn.create_function(name, narg, func, deterministic=deterministic)

    def close(self) -> None:
        self.conn.close()


def _translated(fetch: Callable[..., Any]) -> Callable[..., Any]:
    """A cursor method that raises what ReadOnlyConnection.execute raises."""

    def method(self: _Cursor, *args: Any) -> Any:
        try:
            return fetch(self, *args)
        except (sqlite3.Error, OverflowError) as exc:
            raise self.owner.translate(exc) from exc

    return method


class _Cursor(sqlite3.Cursor):
    """A cursor whose fetches raise what ReadOnlyConnection.execute raises: SQLite runs a
    statement as its rows are fetched, so Ctrl-C or the time limit can stop it there too."""

    owner: ReadOnlyConnection
    fetchall = _translated(sqlite3.Cursor.fetchall)
    fetchone = _translated(sqlite3.Cursor.fetchone)
    fetchmany = _translated(sqlite3.Cursor.fetchmany)
    __next__ = _translated(sqlite3.Cursor.__next__)


def _database_error(path: StrPath, exc: BaseException) -> DatabaseError:
    """What is wrong with a database file, never suggesting a command that would destroy it."""
    if os.path.isdir(path):
        return DatabaseError(f"{path}: is a directory (expected a parkdb database file)")
    if not os.path.exists(path):
        return DatabaseError(f"{path}: no database here (run `parkdb build --db {path}`)")
    return DatabaseError(f"{path}: not a usable parkdb database ({exc}); it is left as it is "
                         "(build a new one with `parkdb build --db NEW_PATH`)")


def _open_explicit(path: str) -> ReadOnlyConnection:
    """Open a database named by --db or PARKDB_DB; raises DatabaseError without opening anything
    that is not a regular file (a FIFO would block forever)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise DatabaseError(f"{path}: no database here (run `parkdb build --db {path}`)") from None
    except OSError as exc:
        raise DatabaseError(f"{path}: cannot read: {exc.strerror}") from exc
    if stat.S_ISDIR(info.st_mode):
        raise DatabaseError(f"{path}: is a directory (expected a parkdb database file)")
    if not stat.S_ISREG(info.st_mode):
        raise DatabaseError(f"{path}: is not a regular file (expected a parkdb database file)")
    if not schema.is_sqlite_file(path):
        raise DatabaseError(f"{path}: is not a parkdb database (not a SQLite file); it is "
                            "left as it is")
    return ReadOnlyConnection(path)


def _identify(db: ReadOnlyConnection, path: StrPath) -> schema.Identity:
    try:
        return schema.identify(db.conn)
    except sqlite3.DatabaseError as exc:
        raise _database_error(path, exc) from exc


def _version_problem(identity: schema.Identity, path: StrPath, expected: int) -> str | None:
    if not identity.is_parkdb:
        return f"{path}: not a parkdb database (parkdb did not build it); it is left as it is"
    if identity.version != expected:
        return (f"{path}: database has schema version {identity.version}, this parkdb needs "
                f"{expected}; rebuild it with `parkdb build --db {path}`")
    return None


def _sources_changed(meta: dict[str, str], inputs: tuple[str, str, str],
                     fingerprint: str | None = None) -> bool:
    """True when the inputs differ from those the database was built from (fingerprint first,
    then the content hash). ``fingerprint`` is the inputs' own, when the caller has it."""
    try:
        if meta.get("fingerprint") == (fingerprint or resources.fingerprint(*inputs)):
            return False
        return meta.get("content_hash") != resources.content_hash(*inputs)
    except (OSError, ParkdbError):
        return True


def _built_inputs(meta: dict[str, str]) -> tuple[str, str, str]:
    return meta.get("schema_path", ""), meta.get("data_dir", ""), meta.get("seeds_dir", "")


def _warn_if_changed(path: str, meta: dict[str, str]) -> None:
    """A database built from another directory is never rebuilt unasked: say once if its
    sources changed since."""
    if meta.get("built_from") == "directory" and _sources_changed(meta, _built_inputs(meta)):
        sys.stderr.write(f"parkdb: warning: {path} was built from {meta.get('data_dir')}, which "
                         "has changed since; the answers are from the old data (rebuild with "
                         f"`parkdb build --data {meta.get('data_dir')} --db {path}`)\n")


def connect(db_path: StrPath | None = None) -> ReadOnlyConnection:
    """Open the database read-only, building the default one when missing or out of date.

    Raises DatabaseError when an explicit database is missing, corrupt or of another version.
    """
    explicit = db_path or os.environ.get("PARKDB_DB") or None
    if explicit is not None:
        path = os.fspath(explicit)
        db = _open_explicit(path)
        identity = _identify(db, path)
        problem = _version_problem(identity, path, schema.version())
        if problem:
            db.close()
            raise DatabaseError(problem)
        _warn_if_changed(path, identity.meta)
        db.guarded()
        return db
    path = resources.default_db_file()
    if os.path.exists(path):
        db = _open_explicit(path)
        if _cache_usable(db, path):
            db.guarded()
            return db
        db.close()
    from pathlib import Path

    from .build.loader import build

    build(db_path=Path(path), wait=True)
    db = ReadOnlyConnection(path)
    db.guarded()
    return db


def _cache_usable(db: ReadOnlyConnection, path: str) -> bool:
    """True when the cache database may answer as it is; False when it is to be rebuilt from the
    bundled data. Raises DatabaseError for an outdated one built from the user's own data."""
    identity = _identify(db, path)
    meta = identity.meta
    problem = _version_problem(identity, path, schema.version())
    if meta.get("built_from") == "directory":
        # built from the user's own data: never replaced unasked, even when outdated
        if problem is not None:
            db.close()
            raise DatabaseError(f"{path}: built from {meta.get('data_dir')} with an older "
                                "parkdb; rebuild it with `parkdb build --data "
                                f"{meta.get('data_dir')}` (it is not replaced unasked)")
        _warn_if_changed(path, meta)
        return True
    if problem is not None or meta.get("built_by") != "parkdb":
        return False
    inputs = resources.inputs()
    try:
        fingerprint = resources.fingerprint(*inputs)
    except (OSError, ParkdbError):
        return False
    if _sources_changed(meta, inputs, fingerprint):
        return False
    if meta.get("fingerprint") != fingerprint:
        _refresh_fingerprint(path, fingerprint)
    return True


def _refresh_fingerprint(path: StrPath, fingerprint: str) -> None:
    """Record that the inputs were touched but not changed, so later queries skip the hash.

    Best effort: if another process holds the file (a rebuild), the next query tries again.
    """
    try:
        conn = sqlite3.connect(path, timeout=0.1)
        try:
            with conn:
                conn.execute("UPDATE meta SET value = ? WHERE key = 'fingerprint'", (fingerprint,))
        finally:
            conn.close()
    except sqlite3.Error:
        pass
