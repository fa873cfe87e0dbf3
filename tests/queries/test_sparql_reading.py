"""The lexical SPARQL readers (``policygraph.sparql``, the limit and ORDER BY rewriting in ``queries``) checked
against rdflib's SPARQL parser, on every catalogue question and on queries written to trip a lexical reader
(keywords and braces in comments, strings and IRIs; sub-selects; trailing VALUES; escapes).

At run time the readers stay lexical: rdflib's parser takes 25-85 ms per catalogue query (more than a whole
answer to ``profile``) and rejects SPARQL that Oxigraph accepts; here it is the oracle that says whether the
readers understood each query as a real parser does."""

from __future__ import annotations

import pytest
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from policygraph.queries.catalogue import catalogue
from policygraph.queries.order import split_order_by
from policygraph.queries.run import _with_limit
from policygraph.sparql import outbound_keyword, projection, query_form, strip_comments, where_brace

TRICKY = [
    # a keyword and braces inside a comment, a string and an IRI
    'PREFIX ex: <http://example.org/SELECT#>\n# SELECT ?nope WHERE { SERVICE <x> {} }\n'
    'SELECT ?a (COUNT(?b) AS ?n) WHERE { ?a ex:p "} SERVICE { LIMIT 3" ; ex:q ?b } GROUP BY ?a ORDER BY ?a LIMIT 7',
    # a sub-select with its own ORDER BY and LIMIT, the outer query with none
    "SELECT ?x ?y WHERE { { SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x LIMIT 3 } ?x ?q ?y }",
    # a trailing VALUES clause after the solution modifiers
    "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s ?o LIMIT 10 OFFSET 2 VALUES ?o { 1 2 }",
    # ASK, CONSTRUCT and DESCRIBE
    "ASK { ?s ?p 'WHERE {' }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5",
    "DESCRIBE <http://example.org/a>",
    # SELECT without WHERE, long strings with quotes, a descending order (left to the engine)
    "SELECT * { ?s ?p '''it's \"here\" { }''' } ORDER BY DESC(?s)",
    # federation, plainly and through a code point escape
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }",
]


def catalogue_texts() -> list[pytest.param]:
    return [pytest.param(spec.text, id=spec.name) for spec in catalogue()]


def parsed(text: str) -> CompValue:
    return parseQuery(text)[1]


def part(query: CompValue, key: str):
    """A clause of a parsed query, None when it has none (``CompValue.get`` takes no default)."""
    return query[key] if key in query else None


def same(a, b) -> bool:
    """Two parse trees alike (parse results compare by identity, their text by content)."""
    return str(a) == str(b)


def ordering(query: CompValue) -> tuple[str, ...] | None:
    """The variables of a final plain ascending ORDER BY of variables (no LIMIT or OFFSET after it); None when
    the query orders otherwise."""
    clause = part(query, "orderby")
    if clause is None:
        return ()
    if part(query, "limitoffset") is not None:
        return None
    names = []
    for condition in clause["condition"]:
        expr = condition["expr"] if isinstance(condition, CompValue) else condition
        if (isinstance(condition, CompValue) and part(condition, "order") == "DESC") or isinstance(expr, CompValue):
            return None
        names.append(str(expr))
    return tuple(names)


def contains(node, name: str) -> bool:
    """Whether rdflib's parse tree holds a node called ``name`` (e.g. ``ServiceGraphPattern``)."""
    if isinstance(node, CompValue):
        return node.name == name or any(contains(value, name) for value in node.values())
    if isinstance(node, (list, tuple)):
        return any(contains(item, name) for item in node)
    return False


def parser_projection(query: CompValue) -> tuple[str, ...]:
    items = part(query, "projection") or ()
    return tuple(str(item["evar"] if "evar" in item else item["var"]) for item in items)


@pytest.mark.parametrize("text", catalogue_texts() + TRICKY)
def test_form_projection_and_federation_read_as_rdflib_parses_them(text):
    decoded = text.replace("\\u0053", "S")  # rdflib does not decode code point escapes before parsing
    query = parsed(decoded)
    assert query_form(text) == query.name.removesuffix("Query").upper()
    assert projection(text) == (parser_projection(query) if query.name == "SelectQuery" else ())
    assert (outbound_keyword(text) == "SERVICE") == contains(query, "ServiceGraphPattern")
    assert same(parsed(strip_comments(decoded)), query), "comments carry no meaning"


@pytest.mark.parametrize("text", catalogue_texts() + TRICKY[:3] + TRICKY[4:5])
def test_a_limit_is_the_outermost_querys_limit(text):
    for limit in (2, 50):
        limited = parsed(_with_limit(text, limit))
        before = part(parsed(text), "limitoffset")
        old = part(before, "limit") if before is not None else None
        expected = min(limit, int(old)) if old is not None else limit
        assert int(limited["limitoffset"]["limit"]) == expected
        if before is not None and part(before, "offset") is not None:
            assert limited["limitoffset"]["offset"] == before["offset"]


@pytest.mark.parametrize("text", catalogue_texts() + TRICKY)
def test_a_final_plain_order_by_is_split_off_whole(text):
    """Split off exactly when the outermost query ends in a plain ORDER BY of variables, and then whole."""
    query = parsed(text.replace("\\u0053", "S"))
    split, expected = split_order_by(text), ordering(query)
    if expected is None:
        assert split is None
        return
    if not expected:
        assert split is None
        return
    rest, variables = split
    assert variables == expected
    stripped = parsed(rest.replace("\\u0053", "S"))
    assert part(stripped, "orderby") is None and same(stripped["where"], query["where"])


@pytest.mark.parametrize("text", catalogue_texts() + [TRICKY[0], TRICKY[1], TRICKY[6]])
def test_the_where_brace_opens_the_outermost_group(text):
    """A pattern inserted after it lands in the outermost query's WHERE group, not in a sub-select."""
    position = where_brace(text)
    marked = text[:position + 1] + "\n  BIND (1 AS ?marker__)\n" + text[position + 1:]
    query = parsed(marked)
    top = query["where"]["part"] if "part" in query["where"] else []
    assert any(isinstance(part, CompValue) and part.name == "Bind" and str(part["var"]) == "marker__"
               for part in top)


def test_updates_are_read_as_updates():
    for text in ("DROP ALL", "INSERT DATA { <a:b> <a:c> 'SELECT' }", "LOAD <http://example.org/x>",
                 "# SELECT\nDELETE WHERE { ?s ?p ?o }"):
        parseUpdate(text)
        assert query_form(text) in {"DROP", "INSERT", "LOAD", "DELETE"}
    assert outbound_keyword("LOAD <http://example.org/x>") == "LOAD"
