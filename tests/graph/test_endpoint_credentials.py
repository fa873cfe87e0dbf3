"""Credentials stay home (issue 17): a redirect is an error and is never followed, so the Authorization header
never reaches another origin; no message shows a credential, even when the endpoint echoes the request.

The endpoints are small HTTP servers on 127.0.0.1: one redirects to another (another port is another origin),
one answers errors whose body echoes every request header."""

from __future__ import annotations

import base64
import http.server
import subprocess
import sys
import threading

import pytest
from rdflib import Graph, URIRef

from policygraph.errors import QueryError, StoreError, cut_values
from policygraph.graph.stores import SparqlStore

PASSWORD = "s3cret-pw"
TOKEN = base64.b64encode(f"alice:{PASSWORD}".encode()).decode()


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Records the Authorization header of every request; answers what its class says."""

    status = 200
    location = ""
    echo = False
    seen: list[str]

    def _answer(self):
        self.seen.append(self.headers.get("Authorization", ""))
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = (str(self.headers) if self.echo else '{"head": {}, "boolean": true}').encode()
        self.send_response(self.status)
        if self.location:
            self.send_header("Location", self.location)
        self.send_header("Content-Type", "text/plain" if self.echo else "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_PUT = do_GET = _answer

    def log_message(self, *args):
        pass


def _serve(**behaviour):
    handler = type("Handler", (_Recorder,), {"seen": [], **behaviour})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, handler.seen, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def servers(monkeypatch):
    monkeypatch.setenv("POLICYGRAPH_ENDPOINT_USER", "alice")
    monkeypatch.setenv("POLICYGRAPH_ENDPOINT_PASSWORD", PASSWORD)
    started = []

    def start(**behaviour):
        server, seen, root = _serve(**behaviour)
        started.append(server)
        return seen, root

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_is_an_error_and_credentials_stay_home(servers, status):
    elsewhere_seen, elsewhere = servers()
    home_seen, home = servers(status=status, location=f"{elsewhere}/query")
    store = SparqlStore(f"{home}/query", f"{home}/update", f"{home}/store", retries=1)
    with pytest.raises(StoreError, match=rf"HTTP {status}, a redirect to {elsewhere}/query, which is not followed"):
        store.query("ASK {}")
    with pytest.raises(StoreError, match="not followed"):
        store.put_graph(URIRef("urn:g"), Graph())
    assert home_seen == [f"Basic {TOKEN}"] * 2 and elsewhere_seen == []


def test_a_redirect_fails_the_cli_instead_of_an_empty_answer(servers):
    elsewhere_seen, elsewhere = servers()
    _home_seen, home = servers(status=302, location=f"{elsewhere}/query")
    done = subprocess.run([sys.executable, "-m", "policygraph.cli", "query", "policies", "--endpoint", f"{home}/query"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 6 and "redirect" in done.stderr and "Traceback" not in done.stderr
    assert elsewhere_seen == []


@pytest.mark.parametrize("status, error", [(400, QueryError), (418, StoreError), (503, StoreError)])
def test_an_echoed_authorization_header_is_redacted(servers, status, error):
    _seen, root = servers(status=status, echo=True)
    with pytest.raises(error) as info:
        SparqlStore(f"{root}/query", retries=1).query("ASK {}")
    message = str(info.value)
    assert "redacted" in message and "Content-Type" in message, message  # the echo is shown, the secret is not
    assert PASSWORD not in message and TOKEN not in message and "Basic " not in message


def test_credential_like_text_is_redacted_in_every_error():
    message = str(StoreError("Authorization: Bearer abc.def.ghi, http://bob:hunter22@host/x password=pw123 ok"))
    assert "abc.def" not in message and "hunter22" not in message and "pw123" not in message
    assert "http://[redacted]@host/x" in message and message.endswith("ok")


def test_long_values_are_cut_in_messages(tmp_path):
    value = "x" * 120_000
    assert len(cut_values(f"unknown recipient {value!r}")) < 300
    done = subprocess.run([sys.executable, "-m", "policygraph.cli", "query", "sharing", "--memory", "--param",
                           f"recipient={value}"], capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "120,002 characters" in done.stderr and len(done.stderr) < 2000, done.stderr[:500]
