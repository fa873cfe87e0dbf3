"""Which graphs a question reads in a store that holds policy versions: the current ones, or those in force
on a date (``--as-of``).

In a store without versions nothing changes: a question reads the union of all graphs (or the graphs of the
policies it names). In a store with versions, the union would hold every version at once, so a question reads
the current graphs (``<P>/graph``) unless asked about a date; with ``as_of`` it reads, for each policy with
versions, the version graph in force then (generated on or before the date, not invalidated by it). A question
naming policies (``company``) reads those policies' graphs of that date.
"""

from __future__ import annotations

from datetime import datetime

from rdflib import XSD, Literal, URIRef

from policygraph.errors import QueryError
from policygraph.graph.rdf import policy_graph
from policygraph.ontology import ONTOLOGY_GRAPH

_HAS_VERSIONS = "ASK { ?version <http://purl.org/dc/terms/isVersionOf> ?policy }"
_POLICIES = "SELECT DISTINCT ?policy WHERE { ?policy a <https://w3id.org/policygraph/ontology#PrivacyPolicy> }"
_IN_FORCE = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?policy ?version WHERE {
  ?version dcterms:isVersionOf ?policy ; prov:generatedAtTime ?from .
  FILTER(?from <= %(when)s)
  OPTIONAL { ?version prov:invalidatedAtTime ?until }
  FILTER(!BOUND(?until) || ?until > %(when)s)
}
"""


def current_graphs(store) -> tuple[URIRef, ...]:
    """The graphs of the current policies and the ontology when the store holds versions; empty (the union of
    all graphs, which holds only current policies then) when it holds none."""
    if not store.query(_HAS_VERSIONS):
        return ()
    return (*(policy_graph(row["policy"]) for row in store.query(_POLICIES)), ONTOLOGY_GRAPH)


def question_graphs(store, graphs: tuple[URIRef, ...], as_of: datetime | None) -> tuple[URIRef, ...]:
    """The graphs a question reads (empty: the union of all), given the graphs its parameters scoped it to."""
    if as_of is None:
        return graphs or current_graphs(store)
    if not store.query(_HAS_VERSIONS):
        raise QueryError("--as-of asks about policy versions, and this store holds none: write them with "
                         "policygraph versions HISTORY --store DIR")
    when = Literal(as_of, datatype=XSD.dateTime).n3()
    named = set(graphs)
    found = [URIRef(f"{row['version']}/graph") for row in store.query(_IN_FORCE % {"when": when})
             if not named or policy_graph(row["policy"]) in named]
    if not found:
        raise QueryError(f"no policy version was in force on {as_of:%Y-%m-%d %H:%M:%S} UTC"
                         + (" for the policies named" if named else ""))
    return (*sorted(found), ONTOLOGY_GRAPH)
