"""Shared fixtures: a real Oxigraph SPARQL server on a free 127.0.0.1 port."""

from __future__ import annotations

import os
import signal
import subprocess

import pytest
from local_http import free_port, wait_for_http

from policygraph.graph.serve import find_oxigraph


@pytest.fixture
def oxigraph_server(tmp_path):
    """Root URL ``http://127.0.0.1:PORT/`` of a fresh read-write ``oxigraph serve`` (union default graph)."""
    port = free_port()
    process = subprocess.Popen(
        [find_oxigraph(), "serve", "--location", str(tmp_path / "server-store"),
         "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    root = f"http://127.0.0.1:{port}/"
    try:
        wait_for_http(root + "query?query=ASK%7B%7D", process)
        yield root
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture(scope="session")
def extractor():
    """One spaCy-backed extractor for the whole test session (loading the model takes seconds)."""
    from policygraph.extract import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def extract_all_readings():
    """Extract a hand-written policy text keeping tentative readings too (``min_confidence=0``)."""
    from policygraph.extract import Extractor
    from policygraph.records import PolicyDocument

    extractor = Extractor(min_confidence=0)
    return lambda text, policy_id="t": extractor.extract(PolicyDocument(policy_id=policy_id, text=text))


@pytest.fixture(scope="session")
def extract_text(extractor):
    """Extract a hand-written policy text."""
    from policygraph.records import PolicyDocument

    def run(text: str, policy_id: str = "t"):
        return extractor.extract(PolicyDocument(policy_id=policy_id, text=text))

    return run
