"""Parallel and distributed builds give the store a one-process build gives; failures stay per policy; a
rerun resumes. The Dask test runs a real LocalCluster with two worker processes."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest
from scale_helpers import InlineBackend, assert_same_stores

from policygraph.config import Settings
from policygraph.extract import read_inputs
from policygraph.graph.build import build
from policygraph.graph.stores import open_store
from policygraph.scale import build_policies, load_shard_dir
from policygraph.scale import runner as runner_module
from policygraph.scale import shards as shards_module

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "policies"


@pytest.fixture(scope="module")
def reference(extractor):
    """The one-process build of examples/policies in a memory store."""
    store = open_store("memory")
    summary = build(extractor.extract_many(read_inputs([EXAMPLES])), store, Settings())
    assert summary.added == 5
    return store


@pytest.mark.slow

def import_generator():
    """The benchmark's corpus generator (benchmarks/ is not a package)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import generate_corpus
    finally:
        sys.path.pop(0)
    return generate_corpus

def test_dask_local_cluster_build_is_isomorphic_and_resumes(reference, tmp_path):
    from policygraph.scale import DaskBackend

    started = time.monotonic()
    backend = DaskBackend("local:2")
    try:
        assert backend.workers == 2
        store = open_store("oxigraph", str(tmp_path / "store"))
        summary = build_policies(read_inputs([EXAMPLES]), store, backend, chunk_size=2,
                                 shard_dir=str(tmp_path / "shards"), quiet=True)
        assert (summary.added, summary.failed) == (5, 0), summary.failures
        assert_same_stores(store, reference)
        manifests = [json.loads(p.read_text()) for p in sorted((tmp_path / "shards").glob("shard-*.json"))]
        assert len(manifests) == 3 and sum(len(m["policies"]) for m in manifests) == 5
        assert {p["extractor_version"] for m in manifests for p in m["policies"]} == {shards_module_version()}
        assert len({m["worker"] for m in manifests}) >= 1
        again = build_policies(read_inputs([EXAMPLES]), store, backend, quiet=True)
        assert (again.skipped, again.added) == (5, 0)  # resumed before extraction: nothing sent to workers
        store.close()
    finally:
        backend.close()
    assert time.monotonic() - started < 90


def shards_module_version() -> str:
    from policygraph.extract.pipeline import EXTRACTOR_VERSION

    return EXTRACTOR_VERSION


@pytest.mark.slow
def test_cli_processes_with_a_list_file_matches_one_process(reference, tmp_path, capsys):
    from policygraph.cli import main

    listing = tmp_path / "list.txt"
    listing.write_text("\n".join(str(p) for p in sorted(EXAMPLES.glob("*.txt"))) + "\n")
    store_dir = tmp_path / "store"
    assert main(["build", f"@{listing}", "--store", str(store_dir), "--processes", "2", "-q"]) == 0
    assert "5 added" in capsys.readouterr().err
    store = open_store("oxigraph", str(store_dir))
    try:
        assert_same_stores(store, reference)
    finally:
        store.close()


def test_a_dying_task_fails_only_its_policy_and_a_rerun_resumes(reference, extractor, monkeypatch):
    monkeypatch.setattr(shards_module, "_EXTRACTOR", extractor)
    poison = "002_11a3d4c72a26c1b8"
    real = runner_module.extract_chunk

    def flaky(payloads, *args):
        if any(p[0] == poison for p in payloads):
            raise RuntimeError("worker process died")
        return real(payloads, *args)

    monkeypatch.setattr(runner_module, "extract_chunk", flaky)
    store = open_store("memory")
    summary = build_policies(read_inputs([EXAMPLES]), store, InlineBackend(), chunk_size=3, quiet=True)
    assert (summary.added, summary.failed) == (4, 1)
    assert summary.failures[0][0] == poison and "worker process died" in summary.failures[0][1]
    backend = InlineBackend()
    again = build_policies(read_inputs([EXAMPLES]), store, backend, quiet=True)
    assert (again.skipped, again.failed) == (4, 1) and backend.submitted == 3  # only the poison, 3 attempts
    monkeypatch.setattr(runner_module, "extract_chunk", real)
    fixed = build_policies(read_inputs([EXAMPLES]), store, InlineBackend(), quiet=True)
    assert (fixed.skipped, fixed.added) == (4, 1)
    assert_same_stores(store, reference)


def test_changed_policy_is_replaced_and_duplicates_and_bad_graphs_fail(reference, extractor, monkeypatch,
                                                                        tmp_path):
    from policygraph.records import PolicyDocument

    monkeypatch.setattr(shards_module, "_EXTRACTOR", extractor)
    store = open_store("memory")
    docs = [d for d in read_inputs([EXAMPLES])]
    build_policies(docs, store, InlineBackend(), chunk_size=2, quiet=True)
    text = docs[0].text + "\nWe sell your e-mail address to advertisers.\n"
    changed = PolicyDocument(docs[0].policy_id, text, docs[0].source)
    summary = build_policies([changed, *docs[1:], docs[1]], store, InlineBackend(), chunk_size=2, quiet=True)
    assert (summary.replaced, summary.skipped, summary.failed) == (1, 4, 1)
    assert "duplicate policy_id" in summary.failures[0][1]
    single = open_store("memory")
    build(extractor.extract_many([changed, *docs[1:]]), single, Settings())
    assert_same_stores(store, single)


def test_generated_shards_load_and_resume(tmp_path):
    generate_corpus = import_generator()
    out = tmp_path / "corpus"
    out.mkdir()
    triples = [generate_corpus.write_shard((out, i, i * 3, i * 3 + 3, 0))[1] for i in range(2)]
    store = open_store("memory")
    store.load_ontology()
    assert load_shard_dir(store, out) == (6, 0, sum(triples))
    assert load_shard_dir(store, out) == (0, 6, 0)
    assert len(store.policy_state()) == 6


def test_generator_writes_what_extraction_to_graph_writes():
    from rdflib import Dataset, Graph
    from rdflib.compare import isomorphic

    from policygraph.graph.rdf import extraction_to_graph
    from policygraph.graph.validate import validate_policy_graph

    generate_corpus = import_generator()
    for index in range(3):
        extraction = generate_corpus.synthetic_extraction(index)
        text, count = generate_corpus.extraction_to_nquads(extraction)
        dataset = Dataset()
        dataset.parse(data=text, format="nquads")
        ours = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            ours.add((s, p, o))
        expected = extraction_to_graph(extraction, generate_corpus.BASE_IRI)
        validate_policy_graph(expected, extraction.document.policy_id)
        assert count == len(expected) and isomorphic(ours, expected)


def test_an_interrupted_bulk_load_is_invisible_and_the_next_load_repairs_it(tmp_path):
    import pyoxigraph as ox

    from policygraph.scale.load import iter_shards, shard_bytes

    generate_corpus = import_generator()
    out = tmp_path / "corpus"
    out.mkdir()
    generate_corpus.write_shard((out, 0, 0, 3, 0))
    (manifest,) = iter_shards(out)
    first = manifest["policies"][0]
    policy = first["graph"][: -len("/graph")]
    suffix, head = f" <{first['graph']}> .\n".encode(), f"<{policy}> ".encode()
    body = [line for line in shard_bytes(manifest).splitlines(keepends=True)
            if line.endswith(suffix) and not line.startswith(head)]
    store = open_store("memory")
    store.load_ontology()
    store.store.bulk_load(b"".join(body[: len(body) // 2]), format=ox.RdfFormat.N_QUADS)  # killed mid-way
    assert store.policy_state() == {}
    assert store.query("SELECT * WHERE { ?p a <https://w3id.org/policygraph/ontology#PrivacyPolicy> }") == []
    assert load_shard_dir(store, out)[0] == 3
    clean = open_store("memory")
    clean.load_ontology()
    load_shard_dir(clean, out, bulk=False)
    assert_same_stores(store, clean)


