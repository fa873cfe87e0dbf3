"""A bulk load killed mid-way leaves ``bulk-*.sst`` files in the store directory; the next open removes them
(issue 17). The load is a real pyoxigraph bulk load in a child process, killed with SIGKILL once its files
appear."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from policygraph.graph.stores import open_store

_LOAD = """
import sys, pyoxigraph as ox
store = ox.Store(sys.argv[1])
store.add(ox.Quad(ox.NamedNode("urn:kept"), ox.NamedNode("urn:p"), ox.Literal("before"), ox.NamedNode("urn:g")))
store.flush()
data = "".join(f'<urn:s{i}> <urn:p> "value {i}" <urn:g{i % 50}> .\\n' for i in range(3_000_000)).encode()
print("loading", flush=True)
store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
"""


@pytest.mark.slow
def test_killed_bulk_load_leftovers_are_removed(tmp_path):
    location = tmp_path / "store"
    process = subprocess.Popen([sys.executable, "-c", _LOAD, str(location)], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "loading"
        deadline = time.monotonic() + 120
        while not list(location.glob("bulk-*.sst")) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert list(location.glob("bulk-*.sst")), "the kill came before the bulk loader wrote its files"
    with open_store("oxigraph", str(location)) as store:
        assert not list(location.glob("bulk-*.sst"))
        assert store.query("ASK { GRAPH <urn:g> { <urn:kept> <urn:p> \"before\" } }") is True
