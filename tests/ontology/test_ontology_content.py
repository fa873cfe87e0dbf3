"""The shipped ontology: size, OPP-115 mappings, closed namespace and hierarchy queries."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDFS, Graph

from policygraph.ontology import load_ontology
from policygraph.ontology.checks import OPP115_VALUES
from policygraph.ontology.codegen import NAMESPACE_MODULE, render_namespace_module
from policygraph.ontology.lexicon import FAMILY_ROOTS
from policygraph.ontology.namespace import PG


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


def _below(graph: Graph, root) -> set:
    return set(graph.transitive_subjects(RDFS.subClassOf, root)) - {root}


@pytest.mark.parametrize(("family", "minimum"), [("data", 60), ("purpose", 25), ("recipient", 15)])
def test_family_sizes(ontology, family, minimum):
    assert len(_below(ontology, FAMILY_ROOTS[family])) >= minimum


@pytest.mark.parametrize("family", ["data", "purpose", "recipient"])
def test_every_core_term_maps_to_opp115_or_says_none(ontology, family):
    allowed = set(OPP115_VALUES[family][1]) | {"none"}
    for term in _below(ontology, FAMILY_ROOTS[family]):
        values = [str(v) for v in ontology.objects(term, PG.opp115Value)]
        assert len(values) == 1, term
        assert values[0] in allowed, (term, values)


def test_namespace_module_in_sync_with_turtle():
    assert NAMESPACE_MODULE.read_text(encoding="utf-8") == render_namespace_module()


def test_closed_namespace_rejects_unknown_names():
    with pytest.raises(AttributeError):
        _ = PG.EmailAdress


def test_hierarchy_query_finds_contact_data_subclasses(ontology):
    rows = ontology.query(
        "SELECT ?c WHERE { ?c rdfs:subClassOf* ?root }",
        initNs={"rdfs": RDFS},
        initBindings={"root": PG.ContactData},
    )
    found = {row.c for row in rows}
    assert {PG.ContactData, PG.EmailAddress, PG.PhoneNumber, PG.PostalAddress, PG.ShippingAddress} <= found
    assert PG.DeviceIdentifier not in found


def test_needed_distinctions_are_disjoint(ontology):
    assert (PG.Marketing, OWL.disjointWith, PG.Advertising) in ontology
    assert (PG.Affiliate, OWL.disjointWith, PG.ThirdParty) in ontology
    assert (PG.PersonalData, OWL.disjointWith, PG.NonPersonalData) in ontology


@pytest.mark.parametrize("family", ["data", "recipient", "purpose", "condition"])
def test_a_surface_form_shared_by_two_terms_belongs_to_the_deeper_one(family):
    """A phrase two terms of one family both claim is read as the narrower one; two unrelated terms claiming it
    would make the reading depend on the order terms are read in."""
    from collections import defaultdict

    from policygraph.ontology.lexicon import get_lexicon

    lexicon = get_lexicon()
    claims: dict[str, set[str]] = defaultdict(set)
    for term in lexicon.family(family):
        for form in (term.label, *term.alt_labels):
            claims[form.lower()].add(term.local)
    for form, terms in claims.items():
        deepest = max(terms, key=lambda t: len(lexicon.ancestors(t)))
        assert all(lexicon.is_a(deepest, other) for other in terms), (form, sorted(terms))
        assert lexicon.surface_forms(family)[form] == deepest
