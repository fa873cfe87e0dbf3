"""Answering a limited query without asking the engine to sort every match: take rows, then order them here.

A catalogue question without a narrowing parameter ("which companies sell data?") matches rows in most
policies. With ``ORDER BY ... LIMIT n`` the engine must find every match in the corpus and sort them all
before it returns the first row, so the cost grows with the corpus: seconds at 10,000 policies, minutes at
100,000. Without ``ORDER BY`` the engine streams, and ``LIMIT n`` stops it after ``n`` rows. So when a query
ends with a plain ``ORDER BY ?a ?b ...`` (ascending variables, nothing after it) and a row limit is asked
for, the query runs without its ``ORDER BY`` for ``n + 1`` rows and the rows are sorted here in SPARQL's
order (unbound, blank nodes, IRIs, then literals: numbers by value, booleans, then by lexical form).

When no more than ``n`` rows match, the answer is the whole answer in the query's order, exactly as the
engine would give it. When more match, the ``n`` rows are sorted but are *some* ``n`` of the matches (the
first the engine found), not the first ``n`` in order; the result says so (``Rows.truncated``) and the CLI
tells the user to narrow the question or raise the limit. Ordering over the whole answer would cost as much
as the whole answer, which is what the limit is there to avoid.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from policygraph.sparql import blanked, solution_modifiers

_FINAL_ORDER_BY = re.compile(r"(?is)\bORDER\s+BY((?:\s+\?[A-Za-z_]\w*)+)\s*$")
_STRING = str(XSD.string)
_BOOLEAN = str(XSD.boolean)
_NUMERIC = {str(XSD[name]) for name in (
    "integer", "decimal", "float", "double", "int", "long", "short", "byte", "nonNegativeInteger",
    "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong",
    "unsignedShort", "unsignedByte")}


def split_order_by(text: str) -> tuple[str, tuple[str, ...]] | None:
    """``(text without its final ORDER BY, the ordering variables)``, or None when the query does not end
    with a plain ascending ``ORDER BY ?a ?b ...`` (then it is left to the engine as written)."""
    start, end = solution_modifiers(text)
    match = _FINAL_ORDER_BY.search(blanked(text), start, end)
    if match is None:
        return None
    variables = tuple(name.lstrip("?") for name in match.group(1).split())
    return text[:match.start()].rstrip() + "\n" + text[end:], variables


def sort_rows(rows: list[dict[str, Any]], variables: tuple[str, ...]) -> list[dict[str, Any]]:
    """``rows`` ordered by ``variables`` as SPARQL's ``ORDER BY`` orders them.

    A term's key is computed once per term object and found again by the object's ``id``: values repeat across
    rows as the same objects (a result converts each distinct term once), and an rdflib term hashes in Python
    (0.3 us), which was half the time of sorting 10,000 rows. The rows keep their terms alive while they are
    sorted, so no ``id`` is reused meanwhile."""
    keys: dict[int, tuple] = {}

    def row_key(row: dict[str, Any]) -> tuple:
        found = []
        for name in variables:
            term = row.get(name)
            key = keys.get(id(term))
            if key is None:
                key = keys[id(term)] = _term_key(term)
            found.append(key)
        return tuple(found)

    return sorted(rows, key=row_key)


_ZERO = Decimal(0)


def _term_key(term: Any) -> tuple:
    if term is None:
        return (0,)
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype else None
        if datatype is None or datatype == _STRING:
            return (3, 3, _ZERO, str(term))
        if datatype in _NUMERIC:
            try:
                return (3, 0, Decimal(str(term)), "")
            except InvalidOperation:  # NaN, INF or an ill-typed value: after the numbers, by text
                return (3, 1, _ZERO, str(term))
        if datatype == _BOOLEAN:
            return (3, 2, Decimal(str(term).strip() in ("true", "1")), "")
        return (3, 3, _ZERO, str(term))
    if isinstance(term, URIRef):
        return (2, str(term))
    if isinstance(term, BNode):
        return (1, str(term))
    return (4, str(term))
