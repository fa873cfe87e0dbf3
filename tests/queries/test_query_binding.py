"""Binding parameters into plain SPARQL: a VALUES block and the parameter's '# when NAME is given' pattern."""

import pytest
from rdflib.plugins.sparql import prepareQuery

from policygraph.errors import QueryError
from policygraph.queries.catalogue import bind, parse_spec

HEAD = ("# name: t\n# params: data:concept(data)=, company:policy=\n"
        "# when data is given: ?p pg:dataCategory ?want_data .\n"
        "PREFIX pg: <https://w3id.org/policygraph/ontology#>\n")
BODY = "SELECT ?p WHERE {\n  ?p pg:policy ?policy .\n}\n"


def spec(head: str = HEAD, body: str = BODY):
    return parse_spec(head + body, "t.rq")


def test_an_unset_parameter_leaves_the_query_as_written():
    q = spec()
    assert bind(q) == q.text
    assert bind(q, {"data": ""}) == q.text


def test_a_given_concept_is_one_iri_in_a_values_block_with_its_pattern_first_in_where():
    text = bind(spec(), {"data": "contact data"})
    where = text.index("WHERE {")
    values = text.index("VALUES ?want_data {")
    pattern = text.index("?p pg:dataCategory ?want_data .", values)
    assert where < values < pattern < text.index("?p pg:policy ?policy")
    assert "VALUES ?want_data { <https://w3id.org/policygraph/ontology#ContactData> }" in text
    prepareQuery(text)


def test_user_text_never_becomes_query_text():
    with pytest.raises(QueryError, match="unknown"):
        bind(spec(), {"data": "x } . DROP ALL ; SELECT * WHERE {"})


@pytest.mark.parametrize("head, message", [
    ("# name: t\n# params: data:concept(data)=\n# when colour is given: ?p ?q ?want_colour .\n"
     "# when data is given: ?p ?q ?want_data .\n", "names no declared"),
    ("# name: t\n# params: data:concept(data)=\n# when data is given: ?p ?q ?o .\n", r"does not use \?want_data"),
    ("# name: t\n# params: data:concept(data)=\n# when data is given: ?p ?q ?want_data .\n"
     "# when data is given: ?p ?r ?want_data .\n", "two '# when' lines"),
    ("# name: t\n# params: company:policy=\n# when company is given: ?policy ?q ?o .\n", "non-policy"),
])
def test_header_mistakes_are_clear_errors(head, message):
    with pytest.raises(QueryError, match=message):
        spec(head)


def test_a_required_parameter_needs_a_value_and_no_pattern():
    q = spec("# name: t\n# params: data:concept(data)\n", "SELECT ?p WHERE { ?p pg:dataCategory ?want_data }\n")
    with pytest.raises(QueryError, match="needs parameter 'data'"):
        bind(q)
    assert "VALUES ?want_data" in bind(q, {"data": "pg:EmailAddress"})


def test_patterns_follow_the_order_of_their_when_lines():
    head = ("# name: t\n# params: data:concept(data)=, purpose:concept(purpose)=\n"
            "# when purpose is given: ?p pg:purpose ?want_purpose .\n"
            "# when data is given: ?p pg:dataCategory ?want_data .\n"
            "PREFIX pg: <https://w3id.org/policygraph/ontology#>\n")
    text = bind(spec(head), {"data": "pg:EmailAddress", "purpose": "marketing"})
    assert text.index("?p pg:purpose ?want_purpose") < text.index("?p pg:dataCategory ?want_data")
    prepareQuery(text)


def test_two_concepts_each_select_in_a_sub_select_of_their_own():
    head = ("# name: t\n# params: data:concept(data)=, purpose:concept(purpose)=\n"
            "# when purpose is given: ?p pg:purposeIn ?want_purpose .\n"
            "# when data is given: ?p pg:dataCategoryIn ?want_data .\n"
            "PREFIX pg: <https://w3id.org/policygraph/ontology#>\n")
    one = bind(spec(head), {"data": "pg:EmailAddress"})
    assert "{ SELECT" not in one and "?p pg:dataCategoryIn ?want_data ." in one
    two = bind(spec(head), {"data": "pg:EmailAddress", "purpose": "marketing"})
    purpose, data = two.index("VALUES ?want_purpose"), two.index("VALUES ?want_data")
    assert two.count("{ SELECT ?p WHERE {") == 2 and purpose < data < two.index("?p pg:policy ?policy")
    prepareQuery(two)


@pytest.mark.parametrize("params", [
    {"recipient": "affiliate", "purpose": "marketing"},
    {"data": "contact data", "recipient": "third party"},
    {"data": "personal information", "recipient": "third party", "purpose": "pg:Purpose"},
])
def test_sub_selects_answer_as_consecutive_patterns_do(params, memory_store):
    """The shape changes, the answer does not: the same rows as each concept's VALUES and pattern one after the
    other at the start of the WHERE group."""
    from policygraph.queries import run_query
    from policygraph.queries.catalogue import get_query, resolve_value, values_block

    sharing = get_query("sharing")
    patterns = dict(sharing.narrowing)
    blocks = []
    for name, value in params.items():
        param = sharing.param(name)
        blocks.append(values_block({param.variable: resolve_value(param, value)}) + "\n  " + patterns[name])
    consecutive = sharing.text.replace("WHERE {\n", "WHERE {\n" + "\n".join(blocks) + "\n", 1)
    expected = run_query(memory_store, consecutive)
    assert expected and sorted(map(repr, run_query(memory_store, "sharing", params))) == sorted(map(repr, expected))
