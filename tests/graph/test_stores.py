"""Stores: choice by name, transactions, persistence, lock and corruption messages, query results."""

from __future__ import annotations

import subprocess
import sys

import pytest
from graph_records import make_extraction
from rdflib import RDFS, XSD, Graph, Literal, URIRef

from policygraph.config import Settings
from policygraph.errors import ConfigError, QueryError, StoreError
from policygraph.graph.rdf import extraction_to_graph, policy_graph_iri
from policygraph.graph.stores import STORE_KINDS, OxigraphStore, open_store
from policygraph.graph.stores.embedded import _plain_literal
from policygraph.ontology import ONTOLOGY_GRAPH
from policygraph.ontology.namespace import PG

BASE = Settings().base_iri
NASTY = 'quote " backslash \\ newline \n tab \t braces }{ <angle> é 😀 \x01'


def put(store, policy_id, **kwargs):
    graph = extraction_to_graph(make_extraction(policy_id, **kwargs), BASE)
    store.replace_policy(policy_id, policy_graph_iri(policy_id, BASE), graph)
    return graph


def test_unknown_kind_lists_valid_kinds():
    with pytest.raises(ConfigError, match="unknown store kind 'rocks'; valid: memory, oxigraph, sparql"):
        open_store("rocks")
    assert STORE_KINDS == ("memory", "oxigraph", "sparql")


def test_sparql_kind_needs_an_endpoint():
    with pytest.raises(StoreError, match="endpoint"):
        open_store("sparql", None, Settings())


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_replace_policy_swaps_the_whole_graph(kind, tmp_path):
    with open_store(kind, str(tmp_path / "store")) as store:
        put(store, "acme", version="1")
        new = put(store, "acme", version="2", statements=2)
        assert set(store.named_graph(policy_graph_iri("acme", BASE))) == set(new)
        assert store.policy_state() == {"acme": (make_extraction("acme", statements=2).document.sha256, "2")}
        assert store.remove_policy("acme") == 1
        assert store.policy_state() == {}
        assert len(store.named_graph(policy_graph_iri("acme", BASE))) == 0


def test_embedded_store_persists_across_reopen(tmp_path):
    location = tmp_path / "store"
    with OxigraphStore(location) as store:
        expected = put(store, "acme")
    with OxigraphStore(location) as store:
        assert set(store.named_graph(policy_graph_iri("acme", BASE))) == set(expected)


def test_store_locked_by_this_process(tmp_path):
    with OxigraphStore(tmp_path / "store"):
        with pytest.raises(StoreError, match="is locked.*one writer per directory"):
            OxigraphStore(tmp_path / "store")


def test_store_locked_by_another_process(tmp_path):
    location = tmp_path / "store"
    OxigraphStore(location).close()
    script = "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); print('open', flush=True); input()"
    holder = subprocess.Popen([sys.executable, "-c", script, str(location)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreError, match="is locked"):
            OxigraphStore(location)
    finally:
        holder.communicate("\n")
    OxigraphStore(location).close()  # the lock is released with the other process


def test_corrupted_store_and_non_store_directory(tmp_path):
    location = tmp_path / "store"
    OxigraphStore(location).close()
    (location / "CURRENT").write_text("garbage\n")
    with pytest.raises(StoreError, match="corrupted"):
        OxigraphStore(location)
    other = tmp_path / "documents"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="not an Oxigraph store"):
        OxigraphStore(other)
    assert sorted(p.name for p in other.iterdir()) == ["notes.txt"]
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="is a file"):
        OxigraphStore(tmp_path / "file")


def test_closed_store_says_so():
    store = open_store("memory")
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.query("ASK {}")


def test_query_result_kinds_over_the_union_of_graphs():
    with open_store("memory") as store:
        put(store, "a")
        put(store, "b")
        store.load_ontology()
        rows = store.query("PREFIX pg: <https://w3id.org/policygraph/ontology#> "
                           "SELECT ?id WHERE { ?p a pg:PrivacyPolicy ; "
                           "<http://purl.org/dc/terms/identifier> ?id } ORDER BY ?id")
        assert rows == [{"id": Literal("a")}, {"id": Literal("b")}]
        optional = store.query("SELECT ?id ?none WHERE { ?p <http://purl.org/dc/terms/identifier> ?id "
                               "OPTIONAL { ?p <urn:x:none> ?none } } LIMIT 1")
        assert optional[0]["none"] is None
        # hierarchy from the ontology graph joins with the policy graphs (union default graph)
        contact = store.query("PREFIX pg: <https://w3id.org/policygraph/ontology#> "
                              "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                              "SELECT DISTINCT ?d WHERE { ?x pg:dataCategory ?d . "
                              "?d rdfs:subClassOf* pg:ContactData }")
        found = {row["d"] for row in contact}
        assert {PG.EmailAddress, PG.PhoneNumber} <= found and PG.IPAddress not in found
        assert store.query("ASK { ?s ?p ?o }") is True
        sub = RDFS.subClassOf.n3()
        constructed = store.query(
            f"CONSTRUCT {{ ?s {sub} ?o }} WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s {sub} ?o }} }}")
        assert isinstance(constructed, Graph)
        assert (PG.EmailAddress, RDFS.subClassOf, PG.ContactData) in constructed
        with pytest.raises(QueryError, match="invalid SPARQL"):
            store.query("SELEKT nothing")


def test_select_terms_are_rdflib_terms_and_repeats_are_one_object():
    terms = [URIRef("urn:x:a"), Literal("plain"), Literal(NASTY), Literal("chat", lang="fr"),
             Literal("12", datatype=XSD.integer), Literal("true", datatype=XSD.boolean),
             Literal("2024-01-31", datatype=XSD.date), Literal("x", datatype=URIRef("urn:x:type"))]
    values = " ".join(term.n3() for term in terms)
    with open_store("memory") as store:
        rows = store.query(f"SELECT ?v ?n ?none WHERE {{ VALUES ?v {{ {values} }} VALUES ?n {{ 1 2 }} }}")
        typed = store.query(f'SELECT ?v WHERE {{ VALUES ?v {{ "s"^^{XSD.string.n3()} '
                            f'"01"^^{XSD.integer.n3()} }} }}')
    assert len(rows) == 2 * len(terms) and all(row["none"] is None for row in rows)
    found: dict = {}
    for row in rows:
        assert found.setdefault(row["v"], row["v"]) is row["v"]  # each value is one object in every row
    assert found.keys() == set(terms)
    for term in terms:
        got = found[term]
        assert type(got) is type(term)
        if isinstance(term, Literal):
            assert (got.language, got.datatype, got.value) == (term.language, term.datatype, term.value)
    assert typed[0]["v"] == Literal("s") and typed[0]["v"].datatype is None  # xsd:string reads as plain
    assert typed[1]["v"] == Literal("01", datatype=XSD.integer)  # a typed value is normalised, as rdflib does


@pytest.mark.parametrize("value", ["plain", "", "01", " padded ", "true", NASTY])
def test_plain_literal_is_rdflibs(value):
    built, expected = _plain_literal(value), Literal(value)
    slots = [slot for cls in type(expected).__mro__ for slot in getattr(cls, "__slots__", ())]
    assert slots and type(built) is Literal and str(built) == str(expected)
    assert all(getattr(built, slot) == getattr(expected, slot) for slot in slots)
    assert built == expected and hash(built) == hash(expected) and built.n3() == expected.n3()


def test_policy_graphs_ignore_the_ontology_and_filter_by_id():
    with open_store("memory") as store:
        put(store, "a")
        put(store, 'b "quoted"')
        store.load_ontology()
        expected = {policy_graph_iri("a", BASE), policy_graph_iri('b "quoted"', BASE)}
        assert set(store.policy_graphs()) == expected
        assert list(store.policy_graphs('b "quoted"')) == [policy_graph_iri('b "quoted"', BASE)]
        assert store.policy_state(["a", "missing"]).keys() == {"a"}
        assert store.policy_state([]) == {}


def test_awkward_literals_round_trip():
    graph = Graph()
    graph.add((URIRef("urn:x:s"), URIRef("urn:x:p"), Literal(NASTY)))
    graph.add((URIRef("urn:x:s"), URIRef("urn:x:q"), Literal("chat", lang="fr")))
    with open_store("memory") as store:
        store.put_graph(URIRef("urn:x:g"), graph)
        assert set(store.named_graph(URIRef("urn:x:g"))) == set(graph)


def test_a_read_only_child_that_raced_a_write_is_told_from_other_failures():
    from policygraph.graph.stores.embedded import _raced_with_a_write

    raced = (b"RuntimeError: Corruption: Corruption: IO error: No such file or directory: While open a file for "
             b"random read: /s/000018.sst")
    assert _raced_with_a_write(raced)
    assert not _raced_with_a_write(b"syntax: error at 1:1")
    assert not _raced_with_a_write(b"store: Corruption: bad block")
