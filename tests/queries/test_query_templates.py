"""Query templates: '# @if' blocks, '# @subclasses' tables, '# @bind' markers and '# @match' lines."""

import pytest

from policygraph.errors import QueryError
from policygraph.queries.catalogue import bind, parse_spec

HEAD = "# name: t\n# params: data:concept(data)=, company:string=\nPREFIX pg: <https://w3id.org/policygraph/ontology#>\n"


def spec(body: str):
    return parse_spec(HEAD + body, "t.rq")


def test_if_blocks_follow_whether_a_parameter_is_given():
    q = spec("SELECT * WHERE {\n  # @if data\n  ?p pg:dataCategory ?want_data .\n  # @end\n"
             "  # @if !data\n  OPTIONAL { ?p pg:dataCategory ?data }\n  # @end\n}\n")
    given = bind(q, {"data": "contact data"})
    assert "?p pg:dataCategory ?want_data" in given and "OPTIONAL" not in given
    assert "pg:dataCategory ?want_data" not in bind(q, {}) and "OPTIONAL" in bind(q, {})


def test_concepts_bind_with_their_subclasses():
    text = bind(spec("SELECT * WHERE { ?p pg:dataCategory ?want_data }\n"), {"data": "contact data"})
    for local in ("ContactData", "EmailAddress", "PhoneNumber", "PostalAddress", "ShippingAddress"):
        assert f"ontology#{local}>" in text


def test_subclasses_table_pairs_each_class_with_its_family():
    text = bind(spec("SELECT * WHERE {\n  # @subclasses ?v pg:Audience pg:RetentionPeriod as ?kind\n}\n"))
    assert "VALUES (?v ?kind)" in text
    assert "(<https://w3id.org/policygraph/ontology#Children> <https://w3id.org/policygraph/ontology#Audience>)" in text
    strict = bind(spec("SELECT * WHERE {\n  # @subclasses+ ?a pg:Share\n}\n"))
    assert "ontology#Sell>" in strict and "ontology#Share>" not in strict


def test_each_bind_marker_gets_the_values():
    q = spec("SELECT * WHERE {\n  {\n    # @bind\n    ?p pg:x ?want_company\n  } UNION {\n    # @bind\n"
             "    ?q pg:y ?want_company\n  }\n}\n")
    text = bind(q, {"company": "Acme"})
    assert text.count('VALUES ?want_company { "Acme" }') == 2


@pytest.mark.parametrize("body, message", [
    ("SELECT * WHERE {\n  # @if nope\n  # @end\n}\n", "names no declared parameter"),
    ("SELECT * WHERE {\n  # @if data\n}\n", "without '# @end'"),
    ("SELECT * WHERE {\n  # @end\n}\n", "without '# @if'"),
    ("SELECT * WHERE {\n  # @subclasses ?x pg:NoSuchTerm\n}\n", "unknown term"),
    # a '# @match' line that is not exactly right would otherwise stay a comment, and its concept join nothing
    ("SELECT * WHERE {\n  # @match ?p data = pg:dataCategory\n}\n", "malformed"),
    ("SELECT * WHERE {\n  # @match ?p data=dcterms:subject\n}\n", "malformed"),
    ("SELECT * WHERE {\n  # @match ?p data=pg:dataCategory # trailing\n}\n", "malformed"),
    ("SELECT * WHERE {\n  # @match ?p data=pg:dataCategory\n  # @match ?p company=pg:x\n}\n", "more than one"),
    ("SELECT * WHERE {\n  # @match ?p nothing=pg:dataCategory\n}\n", "no declared parameter 'nothing'"),
    ("SELECT * WHERE {\n  # @match ?p data=pg:dataCategory\n  # @bind\n}\n", "not both"),
    ("SELECT * WHERE {\n  # @match-end\n}\n", "closes the one '# @match' line above it"),
    ("SELECT * WHERE {\n  # @match-end\n  # @match ?p data=pg:dataCategory\n}\n", "closes the one"),
    ("SELECT * WHERE {\n  # @match ?p data=pg:dataCategory\n  # @match-end\n  # @match-end\n}\n", "closes the one"),
    ("SELECT * WHERE {\n  # @match ?p data=pg:dataCategory\n  # @match-end ?p\n}\n", "closes the one"),
    ("SELECT * WHERE {\n  # @match-ends ?p data=pg:dataCategory\n}\n", "malformed"),
    # the checks become a sub-select after a hash join: a brace they leave open would close it, ...
    ("SELECT * WHERE {\n  OPTIONAL {\n  # @match ?p data=pg:dataCategory\n  ?p a ?t . }\n  # @match-end\n}\n",
     "must close every brace"),
    # ... and a variable the rest of the query binds would be unbound inside it
    ("SELECT * WHERE {\n  ?p pg:policy ?policy .\n  # @match ?p data=pg:dataCategory\n"
     "  FILTER EXISTS { ?p pg:policy ?policy }\n  # @match-end\n}\n", r"use \?policy, which the rest"),
])
def test_template_mistakes_are_clear_errors(body, message):
    with pytest.raises(QueryError, match=message):
        bind(spec(body))


def test_a_named_bind_marker_gets_only_its_parameters():
    q = spec("SELECT * WHERE {\n  # @bind\n  ?p pg:x ?want_data .\n  { SELECT ?p WHERE {\n    # @bind company\n"
             "    ?p pg:y ?want_company } }\n}\n")
    text = bind(q, {"company": "Acme", "data": "pg:EmailAddress"})
    assert text.count('VALUES ?want_company { "Acme" }') == 2 and text.count("VALUES ?want_data") == 1
    with pytest.raises(QueryError, match="names no declared parameter colour"):
        bind(spec("SELECT * WHERE {\n  # @bind colour\n  ?p pg:x ?o }\n"), {"data": "pg:EmailAddress"})


def test_if_with_alternatives_and_a_filter_of_subclasses():
    q = spec("SELECT * WHERE {\n  # @if !data|company\n  # @subclasses ?a pg:Share\n  # @end\n  ?p a ?a .\n"
             "  # @if data|company\n  # @filter-subclasses ?a pg:Share\n  # @end\n}\n")
    alone = bind(q, {})
    assert "VALUES ?a {" in alone and "FILTER" not in alone
    for params in ({"data": "pg:EmailAddress"}, {"company": "Acme"}):
        text = bind(q, params)
        assert "VALUES ?a" not in text
        assert ("FILTER (?a IN (<https://w3id.org/policygraph/ontology#Sell>, "
                "<https://w3id.org/policygraph/ontology#Share>))") in text
    with pytest.raises(QueryError, match="names no declared parameter 'colour'"):
        bind(spec("SELECT * WHERE {\n  # @if data|colour\n  ?p pg:x ?o .\n  # @end\n}\n"))


MATCH_HEAD = ("# name: m\n# params: data:concept(data)=, purpose:concept(purpose)=, company:string=\n"
              "PREFIX pg: <https://w3id.org/policygraph/ontology#>\n")


def test_match_places_each_given_concept_in_written_order_without_a_store():
    q = parse_spec(MATCH_HEAD + "SELECT * WHERE {\n  # @match ?p data=pg:dataCategory purpose=pg:purpose\n"
                               "  ?p pg:policy ?policy .\n}\n", "m.rq")
    text = bind(q, {"purpose": "marketing", "data": "e-mail address"})
    data_at, purpose_at = text.index("?p pg:dataCategory ?want_data ."), text.index("?p pg:purpose ?want_purpose .")
    assert text.index("VALUES ?want_data") < data_at < text.index("VALUES ?want_purpose") < purpose_at
    assert "# @match" not in text and "SELECT ?p" not in text
    assert "# @match" not in bind(q, {}) and "VALUES" not in bind(q, {})
    # the checks up to '# @match-end' stay where they are written when the concepts are nested loops
    checked = parse_spec(MATCH_HEAD + "SELECT * WHERE {\n  # @match ?p data=pg:dataCategory purpose=pg:purpose\n"
                                     "  ?p a pg:Collect .\n  # @match-end\n  ?p pg:policy ?policy .\n}\n", "m.rq")
    text = bind(checked, {"purpose": "marketing", "data": "e-mail address"})
    assert text.index("?p pg:purpose ?want_purpose .") < text.index("?p a pg:Collect .") < text.index("?p pg:policy")
    assert "@match" not in text and text.count("SELECT") == 1
    # a parameter outside the directive still goes to the start of WHERE
    with_company = bind(q, {"company": "Acme"})
    assert with_company.index('VALUES ?want_company { "Acme" }') < with_company.index("?p pg:policy")

