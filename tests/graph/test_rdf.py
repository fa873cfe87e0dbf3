"""Extraction -> RDF: deterministic IRIs, no blank nodes, the documented properties and literal forms."""

from __future__ import annotations

import dataclasses

import pytest
from graph_records import make_extraction
from rdflib import DCTERMS, PROV, RDF, XSD, BNode, Literal, URIRef

from policygraph.errors import InputError, UnknownConceptError
from policygraph.graph.rdf import extraction_to_graph, policy_graph_iri, policy_iri
from policygraph.ontology.namespace import PG

BASE = "https://w3id.org/policygraph/data/"


def test_same_extraction_gives_identical_triples_and_no_blank_nodes():
    first = extraction_to_graph(make_extraction("acme"), BASE)
    second = extraction_to_graph(make_extraction("acme"), BASE)
    assert set(first) == set(second)
    assert not any(isinstance(term, BNode) for triple in first for term in triple)


def test_iris_live_under_the_policy_and_change_with_content():
    graph = extraction_to_graph(make_extraction("acme"), BASE)
    policy = policy_iri("acme", BASE)
    subjects = {s for s in graph.subjects() if s != policy}
    assert all(str(s).startswith(str(policy) + "/") for s in subjects)
    practices = set(graph.subjects(PG.actor, None))
    changed = make_extraction("acme")
    statement = dataclasses.replace(changed.statements[0], negated=True)
    changed = dataclasses.replace(changed, statements=(statement, *changed.statements[1:]))
    assert len(practices ^ set(extraction_to_graph(changed, BASE).subjects(PG.actor, None))) == 2


@pytest.mark.parametrize("policy_id, tail", [
    ("example.com/privacy", "policy/example.com%2Fprivacy"),
    ("a b?c#d", "policy/a%20b%3Fc%23d"),
    ("café", "policy/caf%C3%A9"),
    ("..", "policy/%2E%2E"),
])
def test_policy_ids_are_percent_encoded(policy_id, tail):
    assert policy_iri(policy_id, BASE) == URIRef(BASE + tail)
    assert policy_graph_iri(policy_id, BASE.rstrip("/")) == URIRef(BASE + tail + "/graph")


def test_empty_policy_id_is_an_input_error():
    with pytest.raises(InputError):
        policy_iri("", BASE)


def test_policy_node_properties():
    extraction = make_extraction("acme")
    graph = extraction_to_graph(extraction, BASE)
    policy = policy_iri("acme", BASE)
    assert (policy, RDF.type, PG.PrivacyPolicy) in graph
    assert graph.value(policy, DCTERMS.identifier) == Literal("acme")
    assert graph.value(policy, PG.sha256) == Literal(extraction.document.sha256)
    assert graph.value(policy, PG.company) == Literal("Example Corp")
    assert graph.value(policy, PG.legalEntity) == Literal("Example Corp Ltd.")
    assert graph.value(policy, PG.effectiveDate) == Literal("2024-01-01")
    assert graph.value(policy, PG.contactEmail) == Literal("privacy@example.com")
    assert graph.value(policy, DCTERMS.source) == Literal("https://example.com/acme")
    assert graph.value(policy, PG.retrievedAt) == Literal("2024-05-01T12:00:00Z")
    assert graph.value(policy, PG.statementCount) == Literal(4)
    assert graph.value(policy, PG.factCount) == Literal(2)
    assert graph.value(policy, PG.extractorVersion) == Literal("1.0")
    bare = dataclasses.replace(extraction, document=dataclasses.replace(extraction.document, metadata={}))
    assert extraction_to_graph(bare, BASE).value(policy, PG.retrievedAt) is None


def test_practice_node_properties_and_provenance():
    graph = extraction_to_graph(make_extraction("acme"), BASE)
    policy = policy_iri("acme", BASE)
    (share,) = graph.subjects(RDF.type, PG.Share)
    assert graph.value(share, PG.actor) == PG.FirstParty
    assert graph.value(share, PG.dataCategory) == PG.EmailAddress
    assert graph.value(share, PG.recipient) == PG.Affiliate
    assert graph.value(share, PG.purpose) == PG.ThirdPartyMarketing
    assert graph.value(share, PG.negated) == Literal(False)
    assert graph.value(share, PG.confidence) == Literal("0.85", datatype=XSD.decimal)
    assert graph.value(share, PG.modality) == Literal("may")
    segment = URIRef(f"{policy}/segment/1")
    assert graph.value(share, PG.segment) == segment
    assert graph.value(share, PROV.wasDerivedFrom) == segment
    assert graph.value(share, PG.policy) == policy
    assert str(graph.value(share, PG.evidenceText)).startswith("We may share your email address")
    assert graph.value(share, PG.rule) == Literal("rule-Share")
    assert (segment, RDF.type, PG.Segment) in graph
    assert graph.value(segment, PG.headingPath) == Literal("HOW WE SHARE YOUR INFORMATION")
    assert graph.value(segment, PG.segmentKind) == Literal("text")
    (sell,) = graph.subjects(RDF.type, PG.Sell)
    assert graph.value(sell, PG.negated) == Literal(True)
    (collect,) = graph.subjects(RDF.type, PG.Collect)
    assert set(graph.objects(collect, PG.dataCategory)) == {PG.PersonName, PG.PhoneNumber}
    assert graph.value(collect, PG.condition) == PG.OptOut


def test_audience_and_facts():
    extraction = make_extraction("acme", statements=1)
    child = dataclasses.replace(extraction.statements[0], audience="Children", age_threshold=13)
    graph = extraction_to_graph(dataclasses.replace(extraction, statements=(child,)), BASE)
    (practice,) = graph.subjects(PG.actor, None)
    assert graph.value(practice, PG.dataSubject) == PG.Children
    assert graph.value(practice, PG.ageThreshold) == Literal(13)
    facts = {graph.value(f, PG.factValue): f for f in graph.subjects(RDF.type, PG.PolicyFact)}
    assert set(facts) == {PG.RightToDelete, PG.AsLongAsNecessary}
    assert graph.value(facts[PG.RightToDelete], PG.detail) == Literal("by e-mail")
    assert graph.value(facts[PG.RightToDelete], PG.segment) == URIRef(f"{policy_iri('acme', BASE)}/segment/1")


def test_unknown_ontology_term_names_the_value_and_suggests():
    extraction = make_extraction("acme", statements=1)
    bad = dataclasses.replace(extraction.statements[0], recipients=("Afiliate",))
    with pytest.raises(UnknownConceptError, match="Afiliate.*closest: Affiliate"):
        extraction_to_graph(dataclasses.replace(extraction, statements=(bad,)), BASE)
