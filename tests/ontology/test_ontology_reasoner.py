"""HermiT through owlready2: the shipped ontology is consistent, and contradictions are found."""

from __future__ import annotations

import owlready2
import pytest
from rdflib import OWL, RDF, RDFS, URIRef

from policygraph.errors import OntologyError
from policygraph.ontology.checks import PASS, check_ontology
from policygraph.ontology.namespace import PG
from policygraph.ontology.reasoning import run_reasoner

EX = "https://example.org/test#"
BOTH = URIRef(EX + "affiliateAndThirdParty")


@pytest.mark.reasoner
def test_shipped_ontology_is_consistent():
    result = run_reasoner()
    assert result.consistent and result.ok
    assert result.unsatisfiable == ()


@pytest.mark.reasoner
def test_individual_both_affiliate_and_third_party_is_inconsistent_and_does_not_leak():
    extra = [
        (BOTH, RDF.type, OWL.NamedIndividual),
        (BOTH, RDF.type, PG.Affiliate),
        (BOTH, RDF.type, PG.ThirdParty),
    ]
    result = run_reasoner(extra=extra)
    assert not result.consistent and not result.ok
    assert "inconsistent" in result.message
    assert run_reasoner().consistent  # a fresh World per call: the contradiction is gone


@pytest.mark.reasoner
def test_class_below_marketing_and_advertising_is_unsatisfiable():
    both = URIRef(EX + "MarketingAdvertising")
    extra = [
        (both, RDF.type, OWL.Class),
        (both, RDFS.subClassOf, PG.Marketing),
        (both, RDFS.subClassOf, PG.Advertising),
    ]
    result = run_reasoner(extra=extra)
    assert result.consistent and not result.ok
    assert result.unsatisfiable == (str(both),)


@pytest.mark.reasoner
def test_full_check_runs_the_reasoner():
    assert check_ontology().result("reasoner").status == PASS


def test_missing_java_is_a_clear_ontology_error(monkeypatch):
    monkeypatch.setattr(owlready2, "JAVA_EXE", "/nonexistent/java")
    with pytest.raises(OntologyError, match="needs Java"):
        run_reasoner()
