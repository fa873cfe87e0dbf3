"""Virtuoso Open Source as the engine past one embedded store: its bulk loader, and a local server.

Virtuoso is used through the ``sparql`` store (``SparqlStore``) pointed at its ``/sparql`` endpoint, which sees
the union of all named graphs as the default graph. This module adds what the SPARQL protocol cannot do:

- ``bulk_load``: load N-Quads files (the shards ``policygraph build --shard-dir`` or
  ``benchmarks/generate_corpus.py`` write) with Virtuoso's bulk loader (``ld_dir`` + ``rdf_loader_run`` +
  ``checkpoint``) through ``isql``. The server reads the files itself, so they must be on its machine, in a
  directory listed in ``DirsAllowed`` of its ``virtuoso.ini``. Quads are added: a graph that already holds a
  policy is not emptied first (replace such policies through the endpoint: ``policygraph build --endpoint``).
  A file already in the loader's list (``DB.DBA.load_list``) is not loaded again, so a load can be resumed.
- ``VirtuosoServer``: a ``virtuoso-t`` in the foreground with its own database directory and generated
  ``virtuoso.ini``, bound to 127.0.0.1 only (for tests and benchmarks); stopped by its process id.

From the command line::

    python -m policygraph.graph.stores.virtuoso ini DB_DIR --dirs-allowed SHARD_DIR   # then: virtuoso-t -c ...
    python -m policygraph.graph.stores.virtuoso load SHARD_DIR --port 1111   # password: $VIRTUOSO_PASSWORD
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from policygraph.errors import StoreError
from policygraph.ontology import ONTOLOGY_GRAPH
from policygraph.ontology import load_ontology as packaged_ontology

#: environment variable with the password of the Virtuoso user that bulk-loads (default ``dba``)
PASSWORD_ENV = "VIRTUOSO_PASSWORD"
#: the graph ``ld_dir`` puts triples without a graph in (N-Quads shards have none: every line names its graph)
DEFAULT_GRAPH = "urn:policygraph:bulk-default"
_ISQL_ERROR = re.compile(r"^\*\*\* Error (\S+): (.*)$", re.M)


def find_virtuoso() -> str | None:
    """The ``virtuoso-t`` server program on PATH, or None."""
    return shutil.which("virtuoso-t")


def find_isql() -> str:
    """Virtuoso's ``isql``: Debian calls it ``isql-vt`` (Debian's plain ``isql`` is unixODBC's); ``VIRTUOSO_ISQL``
    names another."""
    for name in (os.environ.get("VIRTUOSO_ISQL"), "isql-vt", "isql-v"):
        found = name and shutil.which(name)
        if found:
            return found
    raise StoreError("Virtuoso's isql was not found (isql-vt); install virtuoso-opensource or set VIRTUOSO_ISQL")


def isql(script: str, port: int, host: str = "127.0.0.1", user: str = "dba", password: str | None = None,
         timeout: float | None = None) -> str:
    """Run SQL ``script`` on Virtuoso through ``isql``; its output. Any ``*** Error`` raises ``StoreError``."""
    password = password if password is not None else os.environ.get(PASSWORD_ENV, "dba")
    command = [find_isql(), f"{host}:{port}", user, password, "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF"]
    try:
        done = subprocess.run(command, input=script, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise StoreError(f"isql on {host}:{port} did not finish within {timeout} s") from None
    output = done.stdout + done.stderr
    error = _ISQL_ERROR.search(output)
    if error or done.returncode != 0:
        detail = f"{error.group(1)}: {error.group(2)}" if error else " ".join(output.split())[:300]
        raise StoreError(f"Virtuoso at {host}:{port} refused the script: {detail.replace(password, '[redacted]')}")
    return output


def sql_string(value: str) -> str:
    """A Virtuoso SQL string literal (single quotes doubled, backslashes escaped)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


@dataclass(frozen=True)
class BulkLoad:
    """What a bulk load did: files loaded by this call, seconds taken, and quads in the store afterwards."""

    files: int
    seconds: float


def bulk_load(directory: str | Path, port: int, pattern: str = "*.nq", host: str = "127.0.0.1",
              user: str = "dba", password: str | None = None, loaders: int = 1, ontology: bool = True) -> BulkLoad:
    """Load every file matching ``pattern`` in ``directory`` (on the server's machine, in its ``DirsAllowed``)
    with Virtuoso's bulk loader: ``ld_dir`` lists them, ``loaders`` isql sessions run ``rdf_loader_run`` in
    parallel, a ``checkpoint`` makes the load durable. With ``ontology``, the packaged ontology replaces the
    one in its named graph first (the catalogue needs it). A file that fails to load raises ``StoreError`` with
    Virtuoso's message (the others stay loaded)."""
    directory = Path(directory).resolve()
    if not directory.is_dir():
        raise StoreError(f"no such directory: {directory}")
    run = dict(port=port, host=host, user=user, password=password)
    started = time.perf_counter()
    if ontology:
        load_ontology(**run)
    isql(f"ld_dir({sql_string(str(directory))}, {sql_string(pattern)}, {sql_string(DEFAULT_GRAPH)});\n", **run)
    pending = _load_list(directory, "ll_state = 0", **run)
    local = sorted(directory.glob(pattern))
    if local and not _load_list(directory, "1 = 1", **run):
        raise StoreError(f"Virtuoso listed none of the {len(local)} file(s) matching {pattern} in {directory}: "
                         "the server reads them itself, so they must be on its machine at the same path")
    with ThreadPoolExecutor(max_workers=max(1, loaders)) as pool:
        list(pool.map(lambda _: isql("rdf_loader_run();\n", **run), range(max(1, loaders))))
    isql("checkpoint;\n", **run)
    failed = _load_list(directory, "ll_error IS NOT NULL", columns="ll_file || ' : ' || ll_error", **run)
    if failed:
        raise StoreError(f"Virtuoso could not load {len(failed)} file(s): " + "; ".join(failed)[:600])
    return BulkLoad(files=len(pending), seconds=round(time.perf_counter() - started, 2))


def load_ontology(port: int, host: str = "127.0.0.1", user: str = "dba", password: str | None = None) -> None:
    """Replace the ontology's named graph with the packaged ontology (parsed by Virtuoso's Turtle loader)."""
    triples = packaged_ontology().serialize(format="nt", encoding="utf-8").decode("utf-8")
    graph = sql_string(str(ONTOLOGY_GRAPH))
    isql(f"SPARQL CLEAR GRAPH <{ONTOLOGY_GRAPH}>;\nDB.DBA.TTLP({sql_string(triples)}, '', {graph}, 0);\n",
         port, host, user, password)


def _load_list(directory: Path, condition: str, columns: str = "ll_file", **run) -> list[str]:
    """Rows of the bulk loader's list for files in ``directory`` that meet ``condition``."""
    prefix = sql_string(str(directory) + "/%")
    output = isql(f"SELECT {columns} FROM DB.DBA.load_list WHERE ll_file LIKE {prefix} AND {condition};\n", **run)
    return [line.strip() for line in output.splitlines() if line.strip().startswith(str(directory))]


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on at ``host`` now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = {dirs}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
CheckpointInterval = 60
ThreadsPerQuery = {threads}
MaxQueryMem = {query_mem}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
ServerThreads = 8
MaxClientConnections = 8

[SPARQL]
; every row (the default caps answers at 10,000 rows without saying so)
ResultSetMaxRows = 100000000
; no "anytime" answers: a query over the time would return partial rows as if they were all
MaxQueryExecutionTime = 0
MaxQueryCostEstimationTime = 0
"""


def write_ini(directory: Path, sql_port: int, http_port: int, dirs_allowed: tuple[str, ...] = (),
              buffers: int = 10_000, threads: int = 2) -> Path:
    """A ``virtuoso.ini`` for a database in ``directory``: 127.0.0.1 only, ``buffers`` 8 KiB pages of cache."""
    dirs = ", ".join([".", *(str(Path(d).resolve()) for d in dirs_allowed)])
    text = _INI.format(db=directory.resolve(), sql_port=sql_port, http_port=http_port, dirs=dirs,
                       buffers=buffers, dirty=buffers * 3 // 4, threads=threads,
                       query_mem=f"{max(256, buffers * 8 // 1024 // 2)}M")
    path = directory / "virtuoso.ini"
    path.write_text(text)
    return path


class VirtuosoServer:
    """A ``virtuoso-t -f`` with its own database in ``directory`` (a new temporary one by default), bound to
    127.0.0.1 on free ports; ``dirs_allowed`` are the directories it may bulk-load from."""

    def __init__(self, directory: str | Path | None = None, dirs_allowed: tuple[str | Path, ...] = (),
                 buffers: int = 10_000, threads: int = 2):
        self.directory = Path(directory or tempfile.mkdtemp(prefix="policygraph-virtuoso-")).resolve()
        self.directory.mkdir(parents=True, exist_ok=True)
        self.sql_port, self.http_port = free_port(), free_port()
        self.ini = write_ini(self.directory, self.sql_port, self.http_port, tuple(map(str, dirs_allowed)),
                             buffers, threads)
        self.process: subprocess.Popen | None = None

    @property
    def sparql_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def start(self, timeout: float = 120.0) -> VirtuosoServer:
        """Start the server and wait until its SPARQL endpoint answers."""
        program = find_virtuoso()
        if program is None:
            raise StoreError("virtuoso-t was not found; install virtuoso-opensource")
        log = open(self.directory / "stdout.log", "wb")  # noqa: SIM115 - the child keeps writing it
        self.process = subprocess.Popen([program, "-f", "-c", str(self.ini)], cwd=self.directory,
                                        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        self._wait(timeout)
        return self

    def _wait(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        url = f"{self.sparql_url}?query={quote('ASK {}')}"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise StoreError(f"virtuoso-t exited with code {self.process.returncode}: {self.log_tail()}")
            try:
                with urllib.request.urlopen(url, timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise StoreError(f"virtuoso-t did not answer within {timeout} s: {self.log_tail()}")

    def log_tail(self, lines: int = 8) -> str:
        """The end of the server's output, on one line."""
        path = self.directory / "stdout.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return " | ".join(text.strip().splitlines()[-lines:])

    def isql(self, script: str, timeout: float | None = None) -> str:
        """Run SQL on this server as ``dba`` (a new database's password is ``dba``)."""
        return isql(script, self.sql_port, user="dba", password="dba", timeout=timeout)

    def allow_sparql_update(self) -> None:
        """Let the anonymous ``/sparql`` endpoint run SPARQL Update (a test instance on 127.0.0.1 only)."""
        self.isql('GRANT SPARQL_UPDATE TO "SPARQL";\n')

    def bulk_load(self, directory: str | Path, pattern: str = "*.nq", loaders: int = 1,
                  ontology: bool = True) -> BulkLoad:
        """``bulk_load`` into this server."""
        return bulk_load(directory, self.sql_port, pattern, user="dba", password="dba", loaders=loaders,
                         ontology=ontology)

    def stop(self, timeout: float = 60.0) -> None:
        """Stop the server by its process id: SIGTERM, then SIGKILL after ``timeout`` seconds."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()

    def __enter__(self) -> VirtuosoServer:
        return self.start() if self.process is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> None:
    """``ini DIR``: write a ``virtuoso.ini`` for a new database; ``load DIR``: bulk-load N-Quads shards."""
    parser = argparse.ArgumentParser(prog="python -m policygraph.graph.stores.virtuoso",
                                     description="A virtuoso.ini for policygraph, and bulk loading through isql.")
    sub = parser.add_subparsers(dest="command", required=True)
    ini = sub.add_parser("ini", help="write DIR/virtuoso.ini (database in DIR, 127.0.0.1 only); start the "
                                     "server with: virtuoso-t -f -c DIR/virtuoso.ini")
    ini.add_argument("directory", type=Path)
    ini.add_argument("--sql-port", type=int, default=1111)
    ini.add_argument("--http-port", type=int, default=8890)
    ini.add_argument("--dirs-allowed", type=Path, nargs="*", default=[], help="folders it may bulk-load from")
    ini.add_argument("--buffers", type=int, default=340_000, help="8 KiB pages of cache (340,000: 2.7 GB)")
    load = sub.add_parser("load", help="bulk-load DIR's N-Quads files (DIR must be in the server's DirsAllowed)")
    load.add_argument("directory", type=Path)
    load.add_argument("--port", type=int, default=1111, help="Virtuoso's SQL port (default 1111)")
    load.add_argument("--host", default="127.0.0.1")
    load.add_argument("--user", default="dba", help=f"password from ${PASSWORD_ENV} (default dba)")
    load.add_argument("--pattern", default="*.nq")
    load.add_argument("--loaders", type=int, default=1, help="parallel rdf_loader_run sessions")
    load.add_argument("--no-ontology", action="store_true", help="do not (re)load the packaged ontology")
    args = parser.parse_args(argv)
    if args.command == "ini":
        args.directory.mkdir(parents=True, exist_ok=True)
        print(write_ini(args.directory, args.sql_port, args.http_port, tuple(map(str, args.dirs_allowed)),
                        args.buffers))
        return
    try:
        done = bulk_load(args.directory, args.port, args.pattern, args.host, args.user, loaders=args.loaders,
                         ontology=not args.no_ontology)
    except StoreError as exc:
        raise SystemExit(f"error: {exc}") from None
    print(f"loaded {done.files} file(s) in {done.seconds} s")


if __name__ == "__main__":
    main()
