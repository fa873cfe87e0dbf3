"""Exports parse back into graphs isomorphic to the store's content; TriG/N-Quads keep a graph per policy."""

from __future__ import annotations

import io

import pytest
from graph_records import make_extraction
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from policygraph.config import Settings
from policygraph.errors import ConfigError, StoreError
from policygraph.graph.build import build
from policygraph.graph.export import FORMATS, export_ontology, export_store, open_output
from policygraph.graph.rdf import policy_graph_iri
from policygraph.graph.stores import open_store
from policygraph.ontology import ONTOLOGY_GRAPH, load_ontology

SETTINGS = Settings()
IDS = ["acme", "example.com/privacy", "café"]


@pytest.fixture(scope="module")
def store():
    with open_store("memory") as store:
        build((make_extraction(i) for i in IDS), store, SETTINGS)
        store.load_ontology()
        yield store


def exported(store, fmt, policy_id=None):
    out = io.BytesIO()
    count = export_store(store, fmt, out, policy_id)
    dataset = Dataset()
    dataset.parse(data=out.getvalue(), format=FORMATS[fmt])
    return count, dataset


def named(dataset):
    return {g.identifier: g for g in dataset.graphs() if len(g)}


@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld"])
def test_dataset_formats_keep_one_graph_per_policy(store, fmt):
    count, dataset = exported(store, fmt)
    graphs = named(dataset)
    assert count == 3 and set(graphs) == {policy_graph_iri(i, SETTINGS.base_iri) for i in IDS}
    for iri, graph in graphs.items():
        assert isomorphic(graph, store.named_graph(iri))


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_one_policy(store, fmt):
    iri = policy_graph_iri("example.com/privacy", SETTINGS.base_iri)
    count, dataset = exported(store, fmt, "example.com/privacy")
    union = Graph()
    for graph in dataset.graphs():
        union += graph
    assert count == 1 and isomorphic(union, store.named_graph(iri))


def test_turtle_is_the_union_of_policy_graphs(store):
    _, dataset = exported(store, "turtle")
    expected = Graph()
    for i in IDS:
        expected += store.named_graph(policy_graph_iri(i, SETTINGS.base_iri))
    assert isomorphic(dataset.default_graph, expected)


def test_unknown_policy_and_format(store):
    with pytest.raises(StoreError, match="no policy 'nope'"):
        export_store(store, "trig", io.BytesIO(), "nope")
    with pytest.raises(ConfigError, match="unknown export format 'xml'; valid: jsonld, nquads, trig, turtle"):
        export_store(store, "xml", io.BytesIO())


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_ontology_alone(fmt):
    out = io.BytesIO()
    export_ontology(fmt, out)
    dataset = Dataset()
    dataset.parse(data=out.getvalue(), format=FORMATS[fmt])
    graph = dataset.default_graph if fmt == "turtle" else dataset.graph(ONTOLOGY_GRAPH)
    assert isomorphic(graph, load_ontology())


def test_open_output_writes_a_file(tmp_path, store):
    target = tmp_path / "corpus.nq"
    with open_output(target) as out:
        export_store(store, "nquads", out)
    parsed = named(Dataset().parse(target, format="nquads"))
    assert set(parsed) == {policy_graph_iri(i, SETTINGS.base_iri) for i in IDS}
    with pytest.raises(ConfigError, match="cannot write"):
        with open_output(tmp_path / "missing" / "x.ttl"):
            pass
