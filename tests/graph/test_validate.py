"""SHACL: valid policy graphs conform; each broken rule is reported with its shape and focus node."""

from __future__ import annotations

import pytest
from graph_records import make_extraction
from rdflib import RDF, SH, Literal, URIRef

from policygraph.errors import ValidationError
from policygraph.graph.rdf import extraction_to_graph, policy_iri
from policygraph.graph.validate import shapes_graph, validate_policy_graph, violations
from policygraph.ontology.namespace import PG
from policygraph.records import Action

BASE = "https://w3id.org/policygraph/data/"


@pytest.fixture
def graph():
    return extraction_to_graph(make_extraction("acme"), BASE)


def _share(graph):
    return next(graph.subjects(RDF.type, PG.Share))


def test_builder_output_conforms(graph):
    assert violations(graph) == []
    validate_policy_graph(graph, "acme")


def test_confidence_out_of_range_names_shape_and_node(graph):
    node = _share(graph)
    graph.set((node, PG.confidence, Literal("1.5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))))
    with pytest.raises(ValidationError) as info:
        validate_policy_graph(graph, "acme")
    message = str(info.value)
    assert "pgsh:EvidenceConfidence" in message and str(node) in message and "'acme'" in message


@pytest.mark.parametrize("mutate, shape", [
    (lambda g, n: g.remove((n, PG.negated, None)), "pgsh:EvidenceNegated"),
    (lambda g, n: g.set((n, PG.negated, Literal("no"))), "pgsh:EvidenceNegated"),
    (lambda g, n: g.set((n, PG.startOffset, Literal("3"))), "pgsh:EvidenceStart"),
    (lambda g, n: g.set((n, PG.startOffset, Literal(10_000))), "pgsh:EvidenceStart"),
    (lambda g, n: g.remove((n, PG.evidenceText, None)), "pgsh:EvidenceText"),
    (lambda g, n: g.add((n, PG.policy, URIRef("https://example.org/other"))), "pgsh:EvidencePolicy"),
    (lambda g, n: g.set((n, PG.segment, URIRef(f"{policy_iri('acme', BASE)}/segment/99"))),
     "pgsh:EvidenceSegment"),
    (lambda g, n: g.add((n, RDF.type, PG.Use)), "pgsh:PracticeAction"),
    (lambda g, n: [g.remove((n, p, None)) for p in (PG.dataCategory, PG.recipient, PG.purpose)],
     "pgsh:PracticeShape"),
    (lambda g, n: g.add((policy_iri("acme", BASE), PG.sha256, Literal("abc"))), "pgsh:PolicySha256"),
    (lambda g, n: g.add((policy_iri("acme", BASE), PG.legalEntity, Literal("Other Ltd"))), "pgsh:PolicyLegalEntity"),
])
def test_each_rule_is_enforced(graph, mutate, shape):
    node = _share(graph)
    mutate(graph, node)
    assert shape in {found[0] for found in violations(graph)}


def test_untyped_practice_is_still_checked(graph):
    node = _share(graph)
    graph.remove((node, RDF.type, None))
    assert ("pgsh:PracticeAction", f"<{node}>") in {found[:2] for found in violations(graph)}


def test_shapes_cover_every_action():
    targets = set(shapes_graph().objects(URIRef("https://w3id.org/policygraph/shapes#PracticeShape"),
                                         SH.targetClass))
    assert targets == {PG[action.value] for action in Action}
