"""Helpers for the scale tests: comparing stores graph by graph, and an in-process backend."""

from __future__ import annotations

from rdflib.compare import isomorphic

from policygraph.ontology import ONTOLOGY_GRAPH
from policygraph.scale import InProcessBackend


def graphs_of(store) -> dict[str, object]:
    """Every named graph of a store (policies and the ontology), as rdflib graphs."""
    rows = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {str(row["g"]): store.named_graph(row["g"]) for row in rows}


def assert_same_stores(store, reference) -> None:
    ours, theirs = graphs_of(store), graphs_of(reference)
    assert set(ours) == set(theirs)
    assert str(ONTOLOGY_GRAPH) in ours
    for name, graph in theirs.items():
        assert len(ours[name]) == len(graph), name
        assert isomorphic(ours[name], graph), name


class InlineBackend(InProcessBackend):
    """The in-process backend that counts the tasks it ran and claims two workers (two chunks in flight), as a
    stand-in for worker processes in fast tests."""

    workers = 2

    def __init__(self):
        self.submitted = 0

    def submit(self, fn, *args):
        self.submitted += 1
        return super().submit(fn, *args)
