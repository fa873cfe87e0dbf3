"""A limited query streams its rows unsorted and is ordered here exactly as the engine's ORDER BY would."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from rdflib import BNode, Literal, URIRef

from policygraph.graph.stores import open_store
from policygraph.queries import catalogue, run_query
from policygraph.queries.order import sort_rows, split_order_by
from policygraph.queries.run import _sortable_here, _with_limit

ORDERED = [spec.name for spec in catalogue() if split_order_by(spec.text)]
PARAMS = {"profile": {"company": "Jespionne"}, "compare": {"a": "Jespionne", "b": "Konzen"}}


def test_every_catalogue_query_ends_in_a_plain_order_by():
    assert ORDERED == [spec.name for spec in catalogue()]


@pytest.mark.parametrize("text", [
    "SELECT ?a WHERE { ?a ?b ?c } ORDER BY DESC(?a)",
    "SELECT ?a WHERE { ?a ?b ?c } ORDER BY ?a LIMIT 5",
    "SELECT ?a WHERE { ?a ?b ?c } ORDER BY ?a OFFSET 5",
    "SELECT ?a WHERE { ?a ?b ?c } ORDER BY STR(?a)",
    'SELECT ?a WHERE { ?a ?b "ORDER BY ?a" }',
])
def test_other_orderings_are_left_to_the_engine(text):
    assert split_order_by(text) is None


def test_split_keeps_the_body_and_names_the_variables():
    body, variables = split_order_by("SELECT ?a ?b WHERE { ?a ?b ?c }\norder by ?b  ?a\n")
    assert body == "SELECT ?a ?b WHERE { ?a ?b ?c }\n" and variables == ("b", "a")
    # a trailing VALUES clause comes after the solution modifiers, and stays
    body, variables = split_order_by("SELECT ?a WHERE { ?a ?b ?c } ORDER BY ?a VALUES ?c { 1 }")
    assert body == "SELECT ?a WHERE { ?a ?b ?c }\nVALUES ?c { 1 }" and variables == ("a",)


@pytest.mark.parametrize(("text", "limited"), [
    ("SELECT ?a WHERE { ?a ?b ?c }", "SELECT ?a WHERE { ?a ?b ?c }\nLIMIT 10\n"),
    ("SELECT ?a WHERE { ?a ?b ?c } LIMIT 5", "SELECT ?a WHERE { ?a ?b ?c } LIMIT 5"),
    ("SELECT ?a WHERE { ?a ?b ?c } limit 50 OFFSET 2\n", "SELECT ?a WHERE { ?a ?b ?c } limit 10 OFFSET 2\n"),
    ("SELECT ?a WHERE { ?a ?b ?c } OFFSET 2", "SELECT ?a WHERE { ?a ?b ?c } OFFSET 2 LIMIT 10\n"),
    ('SELECT ?a WHERE { ?a ?b "} LIMIT 5" }', 'SELECT ?a WHERE { ?a ?b "} LIMIT 5" }\nLIMIT 10\n'),
    ("SELECT ?a WHERE { { SELECT ?a WHERE { ?a ?b ?c } LIMIT 5 } }",
     "SELECT ?a WHERE { { SELECT ?a WHERE { ?a ?b ?c } LIMIT 5 } }\nLIMIT 10\n"),
    ("SELECT ?a WHERE { ?a ?b ?c } VALUES ?c { 1 }", "SELECT ?a WHERE { ?a ?b ?c }\nLIMIT 10\nVALUES ?c { 1 }"),
    ("SELECT ?a WHERE { ?a ?b ?c } LIMIT 50 VALUES ?c { 1 }", "SELECT ?a WHERE { ?a ?b ?c } LIMIT 10 VALUES ?c { 1 }"),
])
def test_a_row_limit_is_the_queries_own_final_limit_or_added(text, limited):
    assert _with_limit(text, 10) == limited


def test_a_query_ordered_by_a_column_it_does_not_return_is_sorted_by_the_engine(memory_store):
    text = ("PREFIX dcterms: <http://purl.org/dc/terms/>\n"
            "SELECT ?policy WHERE { ?policy dcterms:identifier ?policy_id } ORDER BY ?policy_id")
    assert _sortable_here(text) is None
    assert _sortable_here(text.replace("SELECT ?policy ", "SELECT ?policy ?policy_id ")) is not None
    assert _sortable_here(text.replace("SELECT ?policy ", "SELECT * ")) is not None
    whole = run_query(memory_store, text)
    assert run_query(memory_store, text, limit=10) == whole and len(whole) == 5


def test_a_limit_of_zero_keeps_the_columns(memory_store):
    rows = run_query(memory_store, "sharing", limit=0)
    assert rows == [] and rows.truncated and rows.columns[0] == "policy_id"


def test_sparql_term_order():
    terms = [Literal("b"), Literal(10), Literal(True), URIRef("urn:b"), None, Literal(9), BNode("x"),
             Literal("a"), URIRef("urn:a"), Literal(False), Literal(Decimal("2.5"))]
    ordered = [row["v"] for row in sort_rows([{"v": t} for t in terms], ("v",))]
    assert ordered == [None, BNode("x"), URIRef("urn:a"), URIRef("urn:b"),
                       Literal(Decimal("2.5")), Literal(9), Literal(10),
                       Literal(False), Literal(True), Literal("a"), Literal("b")]


@pytest.mark.parametrize("name", ORDERED)
def test_limited_answer_is_the_engines_ordered_answer(memory_store, name):
    whole = run_query(memory_store, name, PARAMS.get(name))  # no limit: the engine sorts
    assert not whole.truncated
    limited = run_query(memory_store, name, PARAMS.get(name), limit=100_000)
    assert limited == whole and not limited.truncated and limited.columns == whole.columns
    if len(whole) > 3:
        cut = run_query(memory_store, name, PARAMS.get(name), limit=3)
        assert cut.truncated and len(cut) == 3 and all(row in whole for row in cut)
        assert [whole.index(row) for row in cut] == sorted(whole.index(row) for row in cut)


def test_cli_says_when_the_limit_cut_the_answer(example_extractions, tmp_path, capsys):
    from query_fixtures import built_store

    from policygraph.cli import main

    built_store(example_extractions, "oxigraph", tmp_path / "store").close()
    store = str(tmp_path / "store")
    assert main(["query", "sharing", "--store", store, "--limit", "2", "--format", "csv"]) == 0
    captured = capsys.readouterr()
    # one line per statement of the 2 rows read (two rows of one statement make one line), under the header
    opened = open_store("oxigraph", store)
    try:
        statements = {row["statement"] for row in run_query(opened, "sharing", limit=2)}
    finally:
        opened.close()
    lines = list(csv.reader(io.StringIO(captured.out)))
    assert lines[0][0] == "statement" and len(lines) == 1 + len(statements)
    assert "more than 2 rows match and 2 are read" in captured.err
    assert main(["query", "sharing", "--store", store, "--param", "company=Nobody Incorporated"]) != 0
    assert "error: parameter 'company': no policy has the id 'Nobody Incorporated'" in capsys.readouterr().err
