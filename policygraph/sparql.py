"""Reading SPARQL text without evaluating it: its form (SELECT, ASK, an update...), its projection, where its
solution modifiers and its WHERE group are, and whether it asks the engine to fetch from other servers.

A lexical scan, not a parse: comments, strings and IRIs are blanked out first (``blanked``), so a keyword or
brace inside them is never read as syntax. Used by the store layer (to choose a result format) and by the
queries layer (to bind parameters, apply limits and refuse federated queries); a query that is not valid SPARQL
is still rejected by the engine that runs it. Why not a parser at run time: rdflib's takes 25-85 ms per catalogue
query (more than a whole answer to ``profile``) and rejects SPARQL that Oxigraph accepts (RDF-star, for one).
Instead ``tests/queries/test_sparql_reading.py`` checks every reader against rdflib's parse of every catalogue
question and of queries written to trip a lexical reader.
"""

from __future__ import annotations

import re
from functools import lru_cache

from policygraph.errors import QueryError

UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_QUERY_KEYWORDS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
# Tokens that may contain braces or keywords without being syntax: comments, strings, IRIs.
_SKIP = re.compile(
    r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>')
_KEYWORD = re.compile(r"(?<![\w:?$])([A-Za-z]+)(?![\w:-])")

# ``blanked`` and ``strip_comments`` are pure functions of the text, and one query's text is read several times
# per run (form, projection, ORDER BY, LIMIT): remembering the last few saves about 0.6 ms per run of an 8 KB
# query.
@lru_cache(maxsize=256)
def blanked(text: str) -> str:
    """The query text with comments, strings and IRIs blanked out (same length, so positions still match)."""
    return _SKIP.sub(lambda m: " " * len(m.group(0)), text)


_TRAILING_VALUES = re.compile(r"(?is)\bVALUES\s+(?:[?$]\w+|\([^()]*\))\s*\{[^{}]*\}\s*$")


def solution_modifiers(text: str) -> tuple[int, int]:
    """Where the outermost query's solution modifiers (``ORDER BY``, ``LIMIT``, ``OFFSET`` ...) can be:
    after the query's last ``}`` that is not part of a trailing ``VALUES`` clause, up to that clause (or the
    end). Searching there spares a scan of the whole text (0.2 ms for a query with long VALUES tables)."""
    syntax = blanked(text)
    values = _TRAILING_VALUES.search(syntax)  # "... ORDER BY ?a LIMIT 5 VALUES ?x { ... }"
    end = values.start() if values else len(text)
    return syntax.rfind("}", 0, end) + 1, end


@lru_cache(maxsize=256)
def strip_comments(text: str) -> str:
    """The query without its ``#`` comments (strings and IRIs containing ``#`` are kept)."""
    return _SKIP.sub(lambda m: "" if m.group(0).startswith("#") else m.group(0), text)


def where_brace(text: str) -> int | None:
    """The position of the ``{`` opening the outermost WHERE group."""
    syntax = blanked(text)
    match = re.search(r"(?i)\bWHERE\s*\{", syntax)
    if match:
        return match.end() - 1
    if query_form(text) in ("SELECT", "ASK"):
        index = syntax.find("{")
        return index if index >= 0 else None
    return None


def query_form(text: str) -> str | None:
    """The first query or update keyword (SELECT, ASK, ..., INSERT, DROP...), upper-cased; None if none."""
    for match in _KEYWORD.finditer(blanked(text)):
        word = match.group(1).upper()
        if word in _QUERY_KEYWORDS or word in UPDATE_KEYWORDS:
            return word
    return None


def is_update(text: str) -> bool:
    return query_form(text) in UPDATE_KEYWORDS


def projection(text: str) -> tuple[str, ...]:
    """The variables a SELECT query projects, in order (empty for ``SELECT *`` or other forms)."""
    syntax = blanked(text)
    match = re.search(r"(?is)\bSELECT\b(?:\s+(?:DISTINCT|REDUCED)\b)?(.*?)(?:\bWHERE\b|\{)", syntax)
    if not match:
        return ()
    clause, names, depth, start = match.group(1), [], 0, 0
    for i, char in enumerate(clause):
        if char == "(":
            if depth == 0:
                start = i
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                alias = re.search(r"(?i)\bAS\s+[?$](\w+)\s*$", clause[start + 1:i])
                if alias:
                    names.append(alias.group(1))
        elif depth == 0 and char in "?$":
            var = re.match(r"[?$](\w+)", clause[i:])
            if var:
                names.append(var.group(1))
    return tuple(names)

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_OUTBOUND = re.compile(r"(?<![\w:?$])(SERVICE|LOAD)(?![\w:-])", re.I)


def outbound_keyword(sparql: str) -> str | None:
    """``SERVICE`` or ``LOAD`` when a query or update asks the engine to fetch from another server, else None.

    Code point escapes are decoded first (SPARQL reads ``\\u0053ERVICE`` as ``SERVICE``); comments, strings and
    IRIs are not syntax. A word that only looks like the keyword is refused too, never let through."""
    text = _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), sparql)
    match = _OUTBOUND.search(blanked(text))
    return match.group(1).upper() if match else None


def refuse_outbound(sparql: str, name: str, opt_in: str) -> None:
    """A ``QueryError`` when ``sparql`` would make the engine send requests to other servers; ``opt_in`` says how
    to allow it."""
    keyword = outbound_keyword(sparql)
    if keyword:
        raise QueryError(f"query {name!r} uses {keyword}, which makes the engine send requests to other "
                         f"servers (a federated query); refused unless allowed ({opt_in})")


