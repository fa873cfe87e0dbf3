"""The ``sparql`` store against a real ``oxigraph serve``, plus retries and messages on failing endpoints."""

from __future__ import annotations

import http.server
import json
import threading

import pytest
from graph_records import make_extraction
from local_http import free_port
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from policygraph.config import Settings
from policygraph.errors import QueryError, StoreError
from policygraph.graph.build import build
from policygraph.graph.stores import SparqlStore, open_store

SETTINGS = Settings(batch_size=4)
QUESTION = """
PREFIX pg: <https://w3id.org/policygraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?company ?practice ?evidence WHERE {
  ?practice a pg:Share ; pg:recipient ?r ; pg:policy ?policy ; pg:evidenceText ?evidence .
  ?r rdfs:subClassOf* pg:Recipient .
  ?policy pg:company ?company .
} ORDER BY ?practice
"""


def corpus():
    return [make_extraction(f"site-{i}.example/privacy", statements=1 + i % 4, company=f"Company {i}")
            for i in range(8)]


def dump(store):
    return {g: store.named_graph(g) for g in store.policy_graphs()}


@pytest.mark.server
def test_endpoint_build_matches_embedded_build(oxigraph_server, tmp_path):
    remote = open_store("sparql", oxigraph_server + "query", SETTINGS)
    assert remote.graph_store_url == oxigraph_server + "store"
    with open_store("oxigraph", str(tmp_path / "embedded")) as local:
        for store in (remote, local):
            summary = build(corpus(), store, SETTINGS)
            assert summary.added == 8
            store.load_ontology()
        remote_graphs, local_graphs = dump(remote), dump(local)
        assert remote_graphs.keys() == local_graphs.keys() and len(remote_graphs) == 8
        for iri, graph in local_graphs.items():
            assert isomorphic(graph, remote_graphs[iri])
        rows = local.query(QUESTION)
        assert rows and remote.query(QUESTION) == rows
        assert remote.query("ASK { ?s a <https://w3id.org/policygraph/ontology#PrivacyPolicy> }") is True
    assert build(corpus(), remote, SETTINGS).skipped == 8
    summary = build(corpus()[:6], remote, SETTINGS, prune=True)
    assert (summary.skipped, summary.pruned) == (6, 2)
    assert len(remote.policy_state()) == 6
    with pytest.raises(QueryError, match="rejected the query"):
        remote.query("SELECT WHERE nonsense")


@pytest.mark.server
def test_update_only_endpoint_replaces_atomically_with_awkward_literals(oxigraph_server):
    store = SparqlStore(oxigraph_server + "query", oxigraph_server + "update", graph_store_url=None)
    graph = Graph()
    graph.add((URIRef("urn:x:s"), URIRef("urn:x:p"), Literal('quote " back \\ new\nline }{ é 😀 \x01')))
    store.put_graph(URIRef("urn:x:g"), Graph().add((URIRef("urn:x:old"), URIRef("urn:x:p"), Literal(1))))
    store.put_graph(URIRef("urn:x:g"), graph)
    assert set(store.named_graph(URIRef("urn:x:g"))) == set(graph)
    store.drop_graph(URIRef("urn:x:g"))
    assert len(store.named_graph(URIRef("urn:x:g"))) == 0


def test_unreachable_endpoint_is_a_clear_store_error(monkeypatch):
    monkeypatch.setenv("POLICYGRAPH_ENDPOINT_USER", "alice")
    monkeypatch.setenv("POLICYGRAPH_ENDPOINT_PASSWORD", "s3cret-pw")
    url = f"http://127.0.0.1:{free_port()}/query"
    store = SparqlStore(url, retries=2, backoff=0)
    with pytest.raises(StoreError, match=r"unreachable or failing after 2 attempt") as info:
        store.query("ASK {}")
    assert url in str(info.value) and "s3cret-pw" not in str(info.value)


class _Flaky(http.server.BaseHTTPRequestHandler):
    """Answers 503 to the first two requests, then an ASK result; 401 when asked for /private."""

    calls: list[str] = []

    def do_POST(self):  # noqa: N802 (http.server naming)
        self.calls.append(self.headers.get("Authorization", ""))
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path.startswith("/private"):
            self.send_response(401)
            self.end_headers()
        elif len(self.calls) <= 2:
            self.send_response(503)
            self.end_headers()
        else:
            body = json.dumps({"head": {}, "boolean": True}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_5xx_is_retried_and_credentials_are_sent_but_never_shown(monkeypatch):
    monkeypatch.setenv("POLICYGRAPH_ENDPOINT_USER", "alice")
    monkeypatch.setenv("POLICYGRAPH_ENDPOINT_PASSWORD", "s3cret-pw")
    server = http.server.HTTPServer(("127.0.0.1", 0), _Flaky)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    root = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        _Flaky.calls.clear()
        assert SparqlStore(root + "sparql", retries=3, backoff=0.01).query("ASK {}") is True
        assert len(_Flaky.calls) == 3 and all(c.startswith("Basic ") for c in _Flaky.calls)
        with pytest.raises(StoreError, match="refused access \\(HTTP 401\\)") as info:
            SparqlStore(root + "private", retries=3, backoff=0.01).query("ASK {}")
        assert "s3cret-pw" not in str(info.value) and len(_Flaky.calls) == 4  # 401 is not retried
    finally:
        server.shutdown()
        server.server_close()
