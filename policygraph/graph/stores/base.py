"""The interface every store implements, and the parts all stores share (written once, in SPARQL)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, BinaryIO

from rdflib import Graph, Literal, URIRef

from policygraph.errors import StoreError
from policygraph.graph.export import export_store
from policygraph.graph.nquads import split_by_graph
from policygraph.ontology import ONTOLOGY_GRAPH, load_ontology

QueryResult = list[dict[str, Any]] | bool | Graph

_POLICY_GRAPHS = """
PREFIX pg: <https://w3id.org/policygraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?g ?id ?sha ?version WHERE {
  %s
  GRAPH ?g {
    ?policy a pg:PrivacyPolicy ; dcterms:identifier ?id ; pg:sha256 ?sha ; pg:extractorVersion ?version
  }
}
"""

# Every graph holding a policy node: its graph, and in a store of policy versions its version graphs and links.
_GRAPHS_OF_POLICIES = """
PREFIX pg: <https://w3id.org/policygraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?g WHERE {
  %s
  GRAPH ?g { ?policy a pg:PrivacyPolicy ; dcterms:identifier ?id }
}
"""


class Store(ABC):
    """A quad store holding one named graph per policy plus the ontology graph.

    SPARQL sent to ``query`` sees the union of all named graphs as its default graph, so the same query
    gives the same answer on every store.
    """

    kind: str = ""

    @abstractmethod
    def put_graph(self, graph_iri: URIRef, graph: Graph) -> None:
        """Replace the named graph ``graph_iri`` with ``graph``'s triples, atomically."""

    @abstractmethod
    def drop_graph(self, graph_iri: URIRef) -> None:
        """Remove a named graph (no error when it does not exist)."""

    @abstractmethod
    def query(self, sparql: str, default_graphs: Sequence[URIRef] | None = None) -> QueryResult:
        """Run a SPARQL query: SELECT -> rows (dicts of rdflib terms, None when unbound), ASK -> bool,
        CONSTRUCT/DESCRIBE -> rdflib Graph. The default graph is the union of all graphs, or, with
        ``default_graphs``, the union of those only (the SPARQL Protocol's ``default-graph-uri``): a question
        about a few policies then reads only their graphs."""

    @abstractmethod
    def query_bounded(self, sparql: str, timeout: float,
                      default_graphs: Sequence[URIRef] | None = None) -> QueryResult:
        """``query``, stopped (not abandoned) with ``QueryError`` when ``timeout`` seconds pass: the work it
        started ends then too, in this process and, as far as the engine allows, in the engine."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update (``QueryError`` when it is malformed)."""

    def write_policies(self, nquads: bytes, policies: list[dict[str, Any]],
                       replaced: set[str] | frozenset[str] = frozenset(), bulk: bool = True) -> None:
        """Write the policy graphs of an N-Quads batch (``policies``: their ``policy_id`` and ``graph``, as a
        shard manifest lists them); ``replaced`` are the ids already stored. Here each graph replaces its policy
        on its own (``replace_policy``); a store with a faster path for new policies overrides this (``bulk``
        allows it)."""
        parts = split_by_graph(nquads, [p["graph"] for p in policies])
        for policy in policies:
            graph = Graph().parse(data=parts[policy["graph"]], format="nt")
            self.replace_policy(policy["policy_id"], URIRef(policy["graph"]), graph)

    @abstractmethod
    def close(self) -> None:
        """Release the store (file locks, connections)."""

    def optimize(self) -> None:
        """Compact the store after a bulk load, when the engine supports it (a no-op otherwise)."""
        return None

    def replace_policy(self, policy_id: str, graph_iri: URIRef, graph: Graph) -> None:
        """Replace one policy's named graph in one transaction: readers see old or new, never a mix."""
        try:
            self.put_graph(graph_iri, graph)
        except StoreError as exc:
            raise StoreError(f"cannot write policy {policy_id!r}: {exc}") from None

    def remove_policy(self, policy_id: str) -> int:
        """Remove every graph holding the policy ``policy_id``; the number removed."""
        graphs = list(self.policy_graphs(policy_id))
        for graph_iri in graphs:
            self.drop_graph(graph_iri)
        return len(graphs)

    def policy_graphs(self, policy_id: str | None = None) -> Iterator[URIRef]:
        """The named graphs that hold a policy (one policy, or all), its versions' graphs included."""
        for row in self.query(_GRAPHS_OF_POLICIES % _values(None if policy_id is None else [policy_id])):
            yield row["g"]

    def policy_state(self, ids: Iterable[str] | None = None) -> dict[str, tuple[str, str]]:
        """``{policy_id: (sha256, extractor_version)}`` as stored, for all policies or only ``ids``."""
        ids = None if ids is None else list(ids)
        if ids == []:
            return {}
        return {str(row["id"]): (str(row["sha"]), str(row["version"]))
                for row in self.query(_POLICY_GRAPHS % _values(ids))}

    def named_graph(self, graph_iri: URIRef) -> Graph:
        """The triples of one named graph."""
        result = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph_iri.n3()} {{ ?s ?p ?o }} }}")
        assert isinstance(result, Graph)
        return result

    def load_ontology(self) -> None:
        """Put the ontology into its own named graph (replacing an older copy)."""
        self.put_graph(ONTOLOGY_GRAPH, load_ontology())

    def export(self, fmt: str, out: BinaryIO, policy_id: str | None = None) -> int:
        """Write all policy graphs (or one) to ``out``; see ``policygraph.graph.export.export_store``."""
        return export_store(self, fmt, out, policy_id)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _values(ids: list[str] | None) -> str:
    """A VALUES block restricting ?id, built from escaped RDF literals (never pasted raw)."""
    if ids is None:
        return ""
    return "VALUES ?id { " + " ".join(Literal(i).n3() for i in ids) + " }"
