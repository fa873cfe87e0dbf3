"""The ``sparql`` store's write path on a real Virtuoso: build, skip, prune, replace, drop, and what it reads back."""

from __future__ import annotations

import pytest
from rdflib import XSD, Graph, Literal, URIRef
from virtuoso_helpers import EXAMPLES, start_virtuoso

from policygraph.errors import QueryError, StoreError
from policygraph.extract import read_inputs
from policygraph.graph.build import build
from policygraph.graph.stores import SparqlStore, open_store

pytestmark = pytest.mark.virtuoso
LOADER_PASSWORD = "l0ader-pw"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """An empty Virtuoso whose anonymous endpoint may run SPARQL Update (a 127.0.0.1 test instance), with a user
    ``loader`` who may update through the authenticated ``/sparql-auth``."""
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso-writable"))
    try:
        server.allow_sparql_update()
        server.isql(f"DB.DBA.USER_CREATE('loader', '{LOADER_PASSWORD}');\nGRANT SPARQL_UPDATE TO \"loader\";\n")
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def writable(server) -> SparqlStore:
    return open_store("sparql", server.sparql_url)


@pytest.fixture(scope="module")
def extractions(extractor):
    documents = [d for d in read_inputs([EXAMPLES]) if hasattr(d, "text")]
    return list(extractor.extract_many(documents))


def test_build_skip_and_prune(writable, extractions, tmp_path):
    assert writable.graph_store_url is None  # Virtuoso's /sparql: each policy is one DROP + INSERT DATA update
    summary = build(extractions, writable)
    assert (summary.added, summary.failed) == (5, 0)
    with open_store("oxigraph", str(tmp_path / "embedded")) as embedded:
        build(extractions, embedded)
        assert writable.policy_state() == embedded.policy_state()
    assert build(extractions, writable).skipped == 5
    summary = build(extractions[:3], writable, prune=True)
    assert (summary.skipped, summary.pruned) == (3, 2)
    assert sorted(writable.policy_state()) == sorted(e.document.policy_id for e in extractions[:3])


def test_replace_and_drop_keep_awkward_literals(writable):
    graph = Graph()
    graph.add((URIRef("urn:x:s"), URIRef("urn:x:p"), Literal('quote " back \\ new\nline }{ é 😀 \x01')))
    graph.add((URIRef("urn:x:s"), URIRef("urn:x:flag"), Literal(True)))
    graph.add((URIRef("urn:x:s"), URIRef("urn:x:lang"), Literal("Grüße", lang="de")))
    writable.put_graph(URIRef("urn:x:g"), Graph().add((URIRef("urn:x:old"), URIRef("urn:x:p"), Literal(1))))
    writable.put_graph(URIRef("urn:x:g"), graph)
    assert set(writable.named_graph(URIRef("urn:x:g"))) == set(graph)
    writable.drop_graph(URIRef("urn:x:g"))
    assert len(writable.named_graph(URIRef("urn:x:g"))) == 0


def test_booleans_and_ask_read_back_as_other_engines_send_them(writable):
    writable.put_graph(URIRef("urn:x:b"), Graph().add((URIRef("urn:x:s"), URIRef("urn:x:flag"), Literal(False))))
    rows = writable.query("SELECT ?o WHERE { GRAPH <urn:x:b> { <urn:x:s> <urn:x:flag> ?o } }")
    assert rows == [{"o": Literal("false", datatype=XSD.boolean)}]
    assert writable.query("ASK { GRAPH <urn:x:b> { <urn:x:s> <urn:x:flag> false } }") is True
    assert writable.query("ASK { GRAPH <urn:x:b> { <urn:x:s> <urn:x:flag> true } }") is False
    writable.drop_graph(URIRef("urn:x:b"))


def test_a_bad_query_is_a_query_error_with_virtuosos_message(writable):
    with pytest.raises(QueryError, match=r"rejected the query: .*SP030"):
        writable.query("SELECT WHERE nonsense")


def test_the_authenticated_endpoint_takes_digest_credentials(server, monkeypatch):
    """Virtuoso's /sparql-auth answers 401 with a Digest challenge; the store answers it, for that URL only."""
    url = server.sparql_url + "-auth"
    graph = Graph().add((URIRef("urn:x:s"), URIRef("urn:x:p"), Literal("written with a password")))
    monkeypatch.setenv("POLICYGRAPH_ENDPOINT_USER", "loader")
    monkeypatch.setenv("POLICYGRAPH_ENDPOINT_PASSWORD", "not-the-pw")
    with pytest.raises(StoreError, match="refused access") as refused:
        SparqlStore(url, url).put_graph(URIRef("urn:x:auth"), graph)
    assert "not-the-pw" not in str(refused.value)
    monkeypatch.setenv("POLICYGRAPH_ENDPOINT_PASSWORD", LOADER_PASSWORD)
    store = SparqlStore(url, url)
    store.put_graph(URIRef("urn:x:auth"), graph)
    assert set(store.named_graph(URIRef("urn:x:auth"))) == set(graph)
    store.drop_graph(URIRef("urn:x:auth"))
    assert store.query("ASK { GRAPH <urn:x:auth> { ?s ?p ?o } }") is False
