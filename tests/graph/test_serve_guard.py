"""The guard in front of ``policygraph serve`` (issue 17): no federated queries unless allowed, no cross-site or
DNS-rebinding writes, security headers on pages, answers bounded in size, and no build into a served store.

Every test starts the real ``policygraph serve`` (and so a real ``oxigraph serve``) on 127.0.0.1; a "remote"
SPARQL endpoint is a small HTTP server on 127.0.0.1 that counts the requests reaching it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from graph_records import make_extraction
from local_http import free_port

from policygraph.config import Settings
from policygraph.graph.build import build
from policygraph.graph.stores import open_store
from policygraph.graph.stores.lock import SERVE_LOCK

pytestmark = pytest.mark.server
ID = "<http://purl.org/dc/terms/identifier>"


@pytest.fixture
def store_dir(tmp_path):
    location = tmp_path / "store"
    with open_store("oxigraph", str(location)) as store:
        build([make_extraction("acme")], store, Settings())
    return location


def start_server(location, *flags: str):
    """``policygraph serve`` in a child process; its root URL and the process (stopped with SIGTERM)."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "policygraph.cli", "serve", "--store", str(location),
                                "--port", str(port), *flags], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    line = process.stdout.readline()
    if f":{port}/query" not in line:
        stop_server(process)
        pytest.fail(f"the server did not start: {line} {process.stderr.read()}")
    return f"http://127.0.0.1:{port}/", process


def stop_server(process) -> None:
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        process.wait(timeout=15)


@pytest.fixture
def server(store_dir, request):
    root, process = start_server(store_dir, *getattr(request, "param", ()))
    yield root
    stop_server(process)


class _Remote(BaseHTTPRequestHandler):
    hits: list[str] = []
    reply = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"remote"}}]}}'

    def do_GET(self):  # noqa: N802
        self._answer()

    def do_POST(self):  # noqa: N802
        self._answer()

    def _answer(self):
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(self.reply)))
        self.end_headers()
        self.wfile.write(self.reply)

    def log_message(self, *args):
        pass


@pytest.fixture
def remote():
    """A SPARQL endpoint on 127.0.0.1 that records each request; its query URL and the list of requests."""
    _Remote.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Remote)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", _Remote.hits
    server.shutdown()
    server.server_close()


def request(url, data=None, headers=None, method=None):
    """(status, headers, body) of a request, HTTP errors included."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def select_url(root: str, query: str) -> str:
    return root + "query?" + urllib.parse.urlencode({"query": query})


JSON = {"Accept": "application/sparql-results+json"}


def test_service_is_refused_by_the_server(server, remote):
    url, hits = remote
    query = f"SELECT ?x WHERE {{ SERVICE <{url}> {{ ?x ?p ?o }} }}"
    form = urllib.parse.urlencode({"query": query}).encode()
    for attempt in (request(select_url(server, query), headers=JSON),
                    request(server + "query", form, {**JSON, "Content-Type": "application/x-www-form-urlencoded"}),
                    request(server + "query", query.replace("SERVICE", "\\u0053ERVICE").encode(),
                            {**JSON, "Content-Type": "application/sparql-query"})):
        status, _headers, body = attempt
        assert status == 403 and b"--allow-service" in body
    assert hits == []
    status, _headers, body = request(select_url(server, f"SELECT ?id WHERE {{ ?p {ID} ?id }}"), headers=JSON)
    assert status == 200 and b"acme" in body


@pytest.mark.parametrize("server", [("--allow-service",)], indirect=True)
def test_service_runs_when_allowed(server, remote):
    url, hits = remote
    status, _headers, body = request(select_url(server, f"SELECT ?x WHERE {{ SERVICE <{url}> {{ ?x ?p ?o }} }}"),
                                     headers=JSON)
    assert status == 200 and b"remote" in body and len(hits) == 1


def test_service_is_refused_by_the_cli(store_dir, remote, tmp_path):
    url, hits = remote
    rq = tmp_path / "federated.rq"
    rq.write_text(f"SELECT ?x WHERE {{ SERVICE <{url}> {{ ?x ?p ?o }} }}\n")
    command = [sys.executable, "-m", "policygraph.cli", "query", str(rq), "--store", str(store_dir)]
    refused = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 7 and "SERVICE" in refused.stderr and "--allow-service" in refused.stderr
    assert "Traceback" not in refused.stderr and hits == []
    allowed = subprocess.run([*command, "--allow-service", "--format", "csv"], capture_output=True, text=True,
                             timeout=120)
    assert allowed.returncode == 0, allowed.stderr
    assert "remote" in allowed.stdout and len(hits) == 1


@pytest.mark.parametrize("server", [("--allow-update",)], indirect=True)
def test_cross_site_and_rebinding_writes_are_refused(server):
    drop = urllib.parse.urlencode({"update": "DROP ALL"}).encode()
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    host = server.split("/")[2]
    assert request(server + "update", drop, {**form, "Origin": "http://evil.example"})[0] == 403
    assert request(server + "update", drop, {**form, "Origin": "null"})[0] == 403
    assert request(server + "update", drop, {**form, "Sec-Fetch-Site": "same-site"})[0] == 403
    assert request(server + "update", drop, {**form, "Host": f"evil.example:{host.split(':')[1]}"})[0] == 421
    assert request(select_url(server, "ASK {}"), headers={**JSON, "Host": "rebind.evil.example"})[0] == 421
    status, _h, body = request(select_url(server, f"SELECT ?id WHERE {{ ?p {ID} ?id }}"), headers=JSON)
    assert b"acme" in body, "nothing was dropped"
    insert = urllib.parse.urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}).encode()
    assert request(server + "update", insert, {**form, "Origin": f"http://{host}"})[0] == 204  # same origin
    assert request(server + "update", insert, form)[0] == 204  # a program (no Origin), e.g. build --endpoint


def test_pages_carry_security_headers(server):
    status, headers, body = request(server + "editor/")  # Oxigraph's editor page, with an inline script
    assert status == 200 and b"<html" in body.lower()
    assert headers["X-Content-Type-Options"] == "nosniff"
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy and "'sha256-" in policy
    status, headers, body = request(server)  # the explorer's overview: no inline script to allow
    assert status == 200 and b"<html" in body.lower() and headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    status, headers, _body = request(select_url(server, "ASK {}"), headers=JSON)
    assert status == 200 and headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("server", [("--max-response-bytes", "2000")], indirect=True)
def test_answers_over_the_size_limit_are_refused(server):
    status, _headers, body = request(select_url(server, "SELECT * WHERE { ?s ?p ?o }"), headers=JSON)
    assert status == 413 and b"--max-response-bytes" in body
    assert request(select_url(server, "ASK {}"), headers=JSON)[0] == 200


def test_build_into_a_served_store_is_refused(server, store_dir, tmp_path):
    policy = tmp_path / "p.txt"
    policy.write_text("We collect your e-mail address and share it with our service providers.\n")
    done = subprocess.run([sys.executable, "-m", "policygraph.cli", "build", str(policy), "--store", str(store_dir),
                           "-q"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 6 and "is served by policygraph serve (pid" in done.stderr, done.stderr
    assert server.rstrip("/") in done.stderr and "Traceback" not in done.stderr


def test_a_stale_serve_lock_is_ignored(store_dir):
    (store_dir / SERVE_LOCK).write_text(json.dumps({"pid": 999999, "url": "http://127.0.0.1:1"}))
    with open_store("oxigraph", str(store_dir)) as store:  # no process holds the lock: the store opens
        assert set(store.policy_state()) == {"acme"}


def test_serving_beyond_loopback_warns(store_dir):
    root, process = start_server(store_dir, "--bind", "0.0.0.0")
    stop_server(process)
    assert "warning: serving on non-loopback address 0.0.0.0" in process.stderr.read()
    assert not (store_dir / SERVE_LOCK).exists(), "the lock file goes with the server"


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SORT = "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY DESC(?d)"


def cpu_ticks(pid: int) -> int:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def oxigraph_of(process) -> int:
    (child,) = open(f"/proc/{process.pid}/task/{process.pid}/children").read().split()
    return int(child)


def test_serve_stops_a_query_at_its_timeout(store_dir):
    root, process = start_server(store_dir, "--timeout", "3")
    try:
        started = time.monotonic()
        status, _headers, body = request(select_url(root, COUNT), headers=JSON)
        assert status == 504 and b"stopped after 3 s" in body and time.monotonic() - started < 15
        oxigraph = oxigraph_of(process)
        before = cpu_ticks(oxigraph)
        time.sleep(2)
        assert cpu_ticks(oxigraph) - before < 20, "the query no longer runs"
    finally:
        stop_server(process)


def test_serve_survives_a_query_over_its_memory_limit(store_dir, monkeypatch):
    monkeypatch.setenv("POLICYGRAPH_QUERY_MEMORY", "300000000")
    root, process = start_server(store_dir)
    try:
        status, _headers, body = request(select_url(root, SORT), headers=JSON)
        assert status == 502 and b"memory limit" in body
        status, _headers, body = request(select_url(root, f"SELECT ?id WHERE {{ ?p {ID} ?id }}"), headers=JSON)
        assert status == 200 and b"acme" in body, "the server was started again"
    finally:
        stop_server(process)
    assert "300 MB memory limit" in process.stderr.read()
