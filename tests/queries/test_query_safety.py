"""Parameter values are RDF terms, never query text; queries are read-only; timeouts."""

from __future__ import annotations

import pytest
from rdflib import Literal

from policygraph.errors import QueryError, UnknownConceptError
from policygraph.graph.stores import open_store
from policygraph.queries import is_update, run_query
from policygraph.queries.lookup import _POLICY_BY_COMPANY, _POLICY_BY_ID

INJECTIONS = [
    "x> } DROP ALL ; #",
    "affiliate> } ; DROP ALL #",
    '" } DROP ALL ; #',
    "pg:Affiliate } INSERT DATA { <a:b> <a:c> <a:d> } #",
    "<https://w3id.org/policygraph/ontology#Affiliate> } DROP ALL",
    "affiliate\n} DROP ALL",
]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def count(store) -> int:
    return int(store.query(COUNT)[0]["n"])


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_is_only_an_unknown_concept(memory_store, value):
    before = count(memory_store)
    for param in ("data", "recipient", "purpose"):
        with pytest.raises(UnknownConceptError):
            run_query(memory_store, "sharing", {param: value})
    assert count(memory_store) == before


@pytest.mark.parametrize("value", INJECTIONS + ['a"""b', "back\\slash\"", "it's", "x' } DROP ALL #"])
def test_company_values_are_only_looked_up_as_literals(memory_store, value):
    before = count(memory_store)
    with pytest.raises(QueryError, match="no policy has the id"):
        run_query(memory_store, "sharing", {"company": value})
    for template in (_POLICY_BY_ID, _POLICY_BY_COMPANY):
        text = template % Literal(value).n3()
        assert text.count("DROP ALL") == value.count("DROP ALL")  # only inside the literal
        memory_store.query(text)  # parses: the value stayed one literal
    assert count(memory_store) == before


def test_updates_are_refused_unless_allowed():
    store = open_store("memory")
    store.load_ontology()
    before = count(store)
    for update in ("DROP ALL", "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }",
                   "PREFIX add: <urn:x:>\nCLEAR ALL", "# SELECT in a comment\nDELETE WHERE { ?s ?p ?o }"):
        assert is_update(update)
        with pytest.raises(QueryError, match="read-only"):
            run_query(store, update)
        assert count(store) == before
    assert not is_update("PREFIX drop: <urn:x:> SELECT ?drop WHERE { ?drop drop:insert 'DROP ALL' }")
    run_query(store, "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }", allow_update=True)
    assert count(store) == before + 1
    # an update smuggled after a query is a syntax error, not an update
    with pytest.raises(QueryError):
        run_query(store, "SELECT * WHERE { ?s ?p ?o } ; DROP ALL")
    assert count(store) == before + 1


def test_timeout():
    store = open_store("memory")
    triples = " ".join(f"<urn:s{i}> <urn:p> <urn:o{i}> ." for i in range(200))
    store.store.update("INSERT DATA { " + triples + " }")
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
    with pytest.raises(QueryError, match="timed out"):
        run_query(store, slow, timeout=0.2)
