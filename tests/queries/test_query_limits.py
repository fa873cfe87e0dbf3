"""Queries that stop (issue 17): on an embedded store a query runs in a child process that is killed at its
timeout and capped in memory, so a cartesian product neither outlives its timeout nor grows without limit.

The store holds the ontology graph (about 3,000 triples): a three-way cartesian product counts 2.5e10 rows
(minutes of CPU, flat memory); a two-way one ordered descending sorts 8.5 million rows (gigabytes)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from policygraph.errors import QueryError
from policygraph.graph.stores import open_store
from policygraph.queries import run_query

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SORT = "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY DESC(?d)"


def children() -> set[int]:
    """Process ids of this process's children."""
    found = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        found |= {int(pid) for pid in (task / "children").read_text().split()}
    return found


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    location = tmp_path_factory.mktemp("limits") / "store"
    with open_store("oxigraph", str(location)) as store:
        store.load_ontology()
    return location


def test_a_timeout_stops_the_query(store_dir):
    before = children()
    with open_store("oxigraph", str(store_dir)) as store:
        started = time.monotonic()
        with pytest.raises(QueryError, match="timed out after 3 s and was stopped"):
            run_query(store, COUNT, timeout=3)
        assert time.monotonic() - started < 10
    assert children() <= before, "no query process is left running"


def test_a_query_over_the_memory_limit_is_stopped(store_dir):
    with open_store("oxigraph", str(store_dir)) as store:
        store.query_memory = 300_000_000
        started = time.monotonic()
        with pytest.raises(QueryError, match="needed more than 300 MB of memory"):
            run_query(store, SORT, timeout=60)
        assert time.monotonic() - started < 30


def test_bounded_queries_answer_as_before(store_dir):
    with open_store("oxigraph", str(store_dir)) as store:
        rows = run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", timeout=30)
        assert int(rows[0]["n"]) == int(run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]) > 1000
        assert run_query(store, "ASK { ?s ?p ?o }", timeout=30)[0]["result"].toPython() is True
        assert len(run_query(store, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5", timeout=30)) == 5
        with pytest.raises(QueryError, match="invalid SPARQL query"):
            run_query(store, "SELECT ?x WHERE { ?x", timeout=30)


def test_cli_query_timeout_exits_7(store_dir, tmp_path):
    rq = tmp_path / "count.rq"
    rq.write_text(COUNT + "\n")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "policygraph.cli", "query", str(rq), "--store", str(store_dir),
                           "--timeout", "3"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 7 and "timed out after 3 s and was stopped" in done.stderr, done.stderr
    assert time.monotonic() - started < 30 and "Traceback" not in done.stderr


def test_a_timeout_stops_a_query_on_a_memory_store():
    """A memory store hands its data to the query's child process, so its queries stop at their timeout too (a
    query thread could only be abandoned: it went on using a core and gigabytes after the error)."""
    before, threads = children(), threading.active_count()
    with open_store("memory") as store:
        store.load_ontology()
        started = time.monotonic()
        with pytest.raises(QueryError, match="timed out after 3 s and was stopped"):
            run_query(store, COUNT, timeout=3)
        assert time.monotonic() - started < 10
        rows = run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", timeout=30)
        assert int(rows[0]["n"]) == int(run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]) > 1000
    assert children() <= before and threading.active_count() <= threads, "nothing is left running"


def test_a_timeout_closes_an_endpoint_request_without_retrying_it():
    """An endpoint that never answers: the query fails at its timeout, once, not after four retries of it."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/query"
        store = open_store("sparql", url)
        started = time.monotonic()
        with pytest.raises(QueryError, match="timed out"):
            run_query(store, "SELECT * WHERE { ?s ?p ?o }", timeout=1.5)
        assert 1.4 < time.monotonic() - started < 4
        listener.settimeout(1)
        connection, _ = listener.accept()
        with connection:
            connection.settimeout(2)
            while connection.recv(65536):  # the request, then the end of the stream: the client closed it
                pass
        with pytest.raises(TimeoutError):
            listener.accept()  # and tried no second time
