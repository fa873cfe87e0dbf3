"""Looking up the policy nodes a ``policy`` parameter names, by policy id or part of a company name (the
brand, ``pg:company``, or the legal entity, ``pg:legalEntity``: "Meta" and "Platforms Ireland" both find Meta's).

This runs before a catalogue query, so that a question about one company starts from its policy nodes
instead of scanning every statement. A user's value enters these look-ups only as an RDF literal (``.n3()``),
never as query text.
"""

from __future__ import annotations

import difflib
from typing import Any

from rdflib import Literal
from rdflib.term import Node

from policygraph.errors import QueryError

_POLICY_PREFIXES = """PREFIX pg: <https://w3id.org/policygraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
_POLICY_BY_ID = _POLICY_PREFIXES + "SELECT ?policy WHERE { VALUES ?id { %s } ?policy dcterms:identifier ?id }"
_POLICY_BY_COMPANY = _POLICY_PREFIXES + """SELECT DISTINCT ?policy WHERE {
  ?policy pg:company|pg:legalEntity ?company FILTER (CONTAINS(LCASE(STR(?company)), LCASE(%s)))
}"""
_POLICY_NAMES = _POLICY_PREFIXES + """SELECT DISTINCT ?name WHERE {
  { ?policy dcterms:identifier ?name } UNION { ?policy pg:company|pg:legalEntity ?name }
}"""


def matching_policies(store: Any, company: str, param: str = "company") -> list[Node]:
    """The policy nodes whose id is ``company`` or, failing that, whose brand or legal entity contains it
    (case-insensitive); ``QueryError`` with the closest names when none matches.

    The id is looked up in the index; only a name that is not an id scans the company names.
    """
    literal = Literal(company).n3()
    policies = [row["policy"] for row in store.query(_POLICY_BY_ID % literal)]
    if not policies:
        policies = sorted(row["policy"] for row in store.query(_POLICY_BY_COMPANY % literal))
    if policies:
        return policies
    names = [str(row["name"]) for row in store.query(_POLICY_NAMES)]
    close = difflib.get_close_matches(company, names, n=3, cutoff=0.5)
    hint = f"; closest: {', '.join(close)}" if close else ""
    raise QueryError(f"parameter {param!r}: no policy has the id {company!r} or a company name containing it{hint}")
