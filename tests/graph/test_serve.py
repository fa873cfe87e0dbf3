"""``serve``: the oxigraph command line, warnings, and a real read-only server stopped with Ctrl-C."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from graph_records import make_extraction
from local_http import free_port, wait_for_http

from policygraph.config import Settings
from policygraph.errors import StoreError
from policygraph.graph.build import build
from policygraph.graph.serve import bind_warning, find_oxigraph, serve, serve_command
from policygraph.graph.stores import open_store


def test_binary_next_to_python_is_preferred():
    assert find_oxigraph() == str(Path(sys.executable).parent / "oxigraph")


def test_command_is_read_only_unless_updates_are_allowed(tmp_path):
    command = serve_command(tmp_path, 8000)
    assert command[1:] == ["serve-read-only", "--location", str(tmp_path), "--bind", "127.0.0.1:8000",
                           "--union-default-graph", "--timeout-s", "60"]
    assert serve_command(tmp_path, 8000, "::1", allow_update=True)[1:2] == ["serve"]
    assert "[::1]:8000" in serve_command(tmp_path, 8000, "::1")


def test_read_only_serve_needs_an_existing_store(tmp_path):
    with pytest.raises(StoreError, match="no Oxigraph store"):
        serve(tmp_path / "nothing", 8000)


@pytest.mark.parametrize("bind, allow_update, warned", [
    ("0.0.0.0", True, "READ-WRITE"), ("127.0.0.1", True, None), ("localhost", True, None),
    ("0.0.0.0", False, "can read"), ("::1", False, None)])
def test_warns_beyond_loopback(bind, allow_update, warned):
    warning = bind_warning(bind, allow_update)
    assert warning is None if warned is None else warned in warning


@pytest.mark.server
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_real_server_answers_and_stops_on_ctrl_c_or_sigterm(tmp_path, stop):
    location = tmp_path / "store"
    with open_store("oxigraph", str(location)) as store:
        build([make_extraction("acme")], store, Settings())
    port = free_port()
    # Ctrl-C in a terminal reaches a process whose SIGINT is handled; a test run started in the background
    # inherits an ignored SIGINT, so the child asks for Python's usual handler first.
    process = subprocess.Popen(
        [sys.executable, "-c", "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
         "from policygraph.graph.serve import serve; sys.exit(serve(sys.argv[1], int(sys.argv[2])))",
         str(location), str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert f"http://127.0.0.1:{port}/query" in process.stdout.readline()
        query = "SELECT ?id WHERE { ?p <http://purl.org/dc/terms/identifier> ?id }"
        url = f"http://127.0.0.1:{port}/query?" + urllib.parse.urlencode({"query": query})
        wait_for_http(url, process)
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=5) as response:
            rows = json.load(response)["results"]["bindings"]
        assert [row["id"]["value"] for row in rows] == ["acme"]  # union default graph, read from the store
        update = urllib.request.Request(f"http://127.0.0.1:{port}/update", data=b"update=CLEAR+ALL",
                                        method="POST")
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(update, timeout=5)  # read-only
        process.send_signal(stop)
        assert process.wait(timeout=15) == 0
        with pytest.raises(urllib.error.URLError):  # the oxigraph process stopped with it
            urllib.request.urlopen(url, timeout=5)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    with open_store("oxigraph", str(location)) as store:  # the server released the directory
        assert set(store.policy_state()) == {"acme"}
