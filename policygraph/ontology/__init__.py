"""The policygraph OWL ontology: Turtle sources, the closed namespace, the lexicon and the checks."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from rdflib import Graph, Namespace, URIRef

ONTOLOGY_IRI = URIRef("https://w3id.org/policygraph/ontology")
ONTOLOGY_GRAPH = URIRef("https://w3id.org/policygraph/ontology/graph")
DPV = Namespace("https://w3id.org/dpv#")
DPV_PD = Namespace("https://w3id.org/dpv/pd#")
SOURCE_FILES = ("core.ttl", "data-categories.ttl", "purposes.ttl", "recipients.ttl", "practices.ttl")


def ontology_turtle_sources() -> dict[str, str]:
    """The Turtle text of each ontology module, by file name."""
    package = resources.files(__name__)
    return {name: package.joinpath(name).read_text(encoding="utf-8") for name in SOURCE_FILES}


@lru_cache(maxsize=1)
def _cached_ontology() -> Graph:
    graph = Graph()
    for text in ontology_turtle_sources().values():
        graph.parse(data=text, format="turtle")
    return graph


def load_ontology() -> Graph:
    """The whole ontology as a fresh rdflib graph (callers may modify it)."""
    graph = Graph()
    for prefix, namespace in _cached_ontology().namespaces():
        graph.bind(prefix, namespace)
    for triple in _cached_ontology():
        graph.add(triple)
    return graph
