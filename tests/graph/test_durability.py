"""SIGKILL in the middle of builds: every policy is fully present (one whole version) or absent."""

from __future__ import annotations

import dataclasses
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from kill_worker import POLICIES, corpus
from rdflib import URIRef

from policygraph.config import Settings
from policygraph.graph.build import build
from policygraph.graph.rdf import extraction_to_graph, policy_graph_iri
from policygraph.graph.stores import OxigraphStore
from policygraph.ontology import ONTOLOGY_GRAPH

WORKER = Path(__file__).with_name("kill_worker.py")
BASE = Settings().base_iri
KILLS = 8


def check_all_or_nothing(location: Path) -> dict[str, str]:
    """Every named graph in the store equals the complete graph of one version of its policy."""
    with OxigraphStore(location) as store:
        state = store.policy_state()
        graphs = {URIRef(g.value) for g in store.store.named_graphs()} - {ONTOLOGY_GRAPH}
        assert graphs == {policy_graph_iri(pid, BASE) for pid in state}, "a graph without its policy node"
        expected = {e.document.policy_id: e for e in corpus("")}
        for policy_id, (_, version) in state.items():
            extraction = dataclasses.replace(expected[policy_id], extractor_version=version)
            stored = set(store.named_graph(policy_graph_iri(policy_id, BASE)))
            assert stored == set(extraction_to_graph(extraction, BASE)), f"{policy_id} {version} is partial"
    return {pid: version for pid, (_, version) in state.items()}


@pytest.mark.slow
def test_sigkill_mid_build_leaves_each_policy_whole_or_absent(tmp_path):
    location = tmp_path / "store"
    rng = random.Random(115)
    states = []
    for _ in range(KILLS):
        writes_before_kill = rng.randrange(3, 2 * POLICIES)
        worker = subprocess.Popen([sys.executable, str(WORKER), str(location)], stdout=subprocess.PIPE,
                                  text=True, cwd=WORKER.parent)
        try:
            assert worker.stdout.readline(), "worker stopped early"
            first = time.monotonic()
            for _ in range(writes_before_kill - 1):
                assert worker.stdout.readline(), "worker stopped early"
            cycle = (time.monotonic() - first) / (writes_before_kill - 1)
            time.sleep(rng.uniform(0, cycle))  # anywhere in the next policy's cycle: graph, SHACL, write
        finally:
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait()
            worker.stdout.close()
        states.append(check_all_or_nothing(location))
    assert any(len(set(s.values())) > 1 or len(s) < POLICIES for s in states), "no kill landed mid-build"
    with OxigraphStore(location) as store:
        summary = build(corpus("final"), store, Settings())
        assert summary.failed == 0 and summary.added + summary.replaced == POLICIES
    assert check_all_or_nothing(location) == {f"k{i}": "final" for i in range(POLICIES)}
