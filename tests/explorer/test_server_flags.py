"""The server's flags and limits, each on a server of its own (a store is served by one server at a time): a
question that runs past --timeout is stopped with a message, a server out of query threads says so, and the server
listens on 127.0.0.1 only unless --bind says otherwise."""

from __future__ import annotations

import socket
import urllib.parse

import pytest
from explorer_server import get, start, stop

pytestmark = pytest.mark.server


def test_a_question_that_runs_too_long_is_stopped_with_a_message(explorer_store):
    """A timeout shorter than any of these pages' queries takes: the question ``compare`` (about 0.1 s on the
    examples; a question's queries get at least 1 ms), and the overview's and a company page's own queries."""
    root, process = start(explorer_store, "--timeout", "0.000001")
    try:
        for page in ("questions/compare?a=000_473cca7521ebc7d6&b=001_1cc416990f708708", "",
                     "company?policy=000_473cca7521ebc7d6"):
            status, _h, body = get(root + page)
            assert status == 504 and "stopped after 1e-06 s" in body and "Traceback" not in body, (page, body)
    finally:
        stop(process)


def outward_address() -> str | None:
    """This machine's address on its way out (no packet is sent), or None when it has only loopback."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") else address


def reachable(address: str, port: int) -> bool:
    try:
        socket.create_connection((address, port), timeout=5).close()
    except OSError:
        return False
    return True


def test_only_127_0_0_1_unless_bind_says_otherwise(explorer_store):
    address = outward_address()
    root, process = start(explorer_store)
    port = int(urllib.parse.urlsplit(root).port)
    try:
        assert reachable("127.0.0.1", port)
        if address:
            assert not reachable(address, port)
    finally:
        stop(process)
    assert "warning" not in process.stderr.read()
    if address is None:
        pytest.skip("this machine has no address but loopback to check --bind against")
    root, process = start(explorer_store, "--bind", "0.0.0.0")
    port = int(urllib.parse.urlsplit(root).port)
    try:
        assert reachable(address, port)
        status, _h, body = get(f"http://{address}:{port}/")
        assert status == 200 and "The corpus" in body
    finally:
        stop(process)
    assert "warning: serving on non-loopback address 0.0.0.0" in process.stderr.read()


def test_a_server_out_of_query_threads_says_it_is_busy(explorer_store):
    """Oxigraph keeps a thread for each query until its timeout has passed, and their stacks count against its
    memory cap: past a few hundred queries a minute it cannot start another. The answer says so (503), on the
    endpoint and on a page."""
    root, process = start(explorer_store, env={"POLICYGRAPH_QUERY_MEMORY": "300000000"})
    ask = root + "query?" + urllib.parse.urlencode({"query": "ASK {}"})
    try:
        for _ in range(1000):
            status, headers, body = get(ask, headers={"Accept": "application/sparql-results+json"})
            if status != 200:
                break
        assert status == 503 and "the SPARQL server is busy" in body and "--timeout" in body
        status, _h, body = get(root)
        assert status == 503 and "the SPARQL server is busy" in body and "Traceback" not in body
    finally:
        stop(process)
