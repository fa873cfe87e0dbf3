"""Helpers for the scale tests: comparing stores graph by graph, and an in-process backend."""

from __future__ import annotations

from concurrent.futures import Future

from rdflib.compare import isomorphic

from policygraph.ontology import ONTOLOGY_GRAPH


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


class InlineBackend:
    """Runs tasks in this process, synchronously (a stand-in for worker processes in fast tests)."""

    workers = 2

    def __init__(self):
        self.submitted = 0

    def submit(self, fn, *args):
        self.submitted += 1
        future: Future = Future()
        try:
            future.set_result(fn(*args))
        except Exception as exc:  # noqa: BLE001 - handed to the runner like a worker's failure
            future.set_exception(exc)
        return future

    def wait_first(self, futures):
        return set(list(futures)[:1])

    def failed(self, exc):
        pass

    def close(self):
        pass
