"""``policygraph serve --endpoint URL``: the explorer over a SPARQL endpoint (here a real ``oxigraph
serve-read-only`` over the shared store, standing for Virtuoso or QLever): its pages read the endpoint; no SPARQL is
forwarded, and the flags of the store's own server are refused."""

from __future__ import annotations

import subprocess
import sys

import pytest
from explorer_server import get, stop
from local_http import free_port, wait_for_http

from policygraph.graph.serve import find_oxigraph

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def endpoint(explorer_store):
    """The query URL of a plain Oxigraph server over the shared store."""
    port = free_port()
    process = subprocess.Popen([find_oxigraph(), "serve-read-only", "--location", str(explorer_store), "--bind",
                                f"127.0.0.1:{port}", "--union-default-graph"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    wait_for_http(url + "?query=ASK%7B%7D", process)
    yield url
    stop(process)


@pytest.fixture(scope="module")
def over_endpoint(endpoint):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "policygraph.cli", "serve", "--endpoint", endpoint, "--port",
                                str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    if f":{port}/" not in line or endpoint not in line:
        stop(process)
        pytest.fail(f"the server did not start: {line} {process.stderr.read()}")
    yield f"http://127.0.0.1:{port}/"
    stop(process)


def test_the_pages_read_the_endpoint(over_endpoint):
    assert '<strong id="policy-count">6</strong>' in get(over_endpoint)[2]
    status, _h, page = get(over_endpoint + "questions/sharing?recipient=affiliate")
    assert status == 200 and "parent, affiliate and subsidiary companies" in page
    status, _h, page = get(over_endpoint + "company?policy=000_473cca7521ebc7d6")
    assert status == 200 and "<mark id=" in page


def test_no_sparql_is_forwarded(over_endpoint, endpoint):
    assert get(over_endpoint + "query?query=ASK%7B%7D")[0] == 404
    assert get(over_endpoint + "update", b"update=CLEAR+ALL", method="POST")[0] in (404, 405)
    status, _h, page = get(over_endpoint + "editor/")
    assert status == 200 and f"<code>{endpoint}</code>" in page and "# name: sharing" in page


def test_store_server_flags_are_refused_with_an_endpoint(endpoint):
    done = subprocess.run([sys.executable, "-m", "policygraph.cli", "serve", "--endpoint", endpoint,
                           "--allow-update"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--allow-update: only for the SPARQL server" in done.stderr
    both = subprocess.run([sys.executable, "-m", "policygraph.cli", "serve", "--endpoint", endpoint, "--store", "x"],
                          capture_output=True, text=True, timeout=60)
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
