"""The query catalogue: plain SPARQL ``.rq`` files with a header, and safe parameter binding (running them: ``run``).

Every catalogue file is a SPARQL 1.1 query that runs unchanged, with its parameters unset, in any SPARQL tool.
Its header is comments::

    # name: sharing
    # question: Which companies share [data] with [recipient] for [purpose]?
    # params: data:concept(data)=, recipient:concept(recipient)=, company:policy=
    # when data is given: ?statement pg:dataCategoryIn ?want_data .

A parameter is ``name:type[=default]``; without ``=`` it is required, with an empty default it is optional and
an unset optional parameter does not constrain the query. Types are ``concept(FAMILY)`` (a lexicon family:
resolved from a label, altLabel, CURIE or IRI to one ontology IRI, which matches its sub-classes through the
``pg:...In`` properties the graph writer adds, see ``graph/rdf.py``), ``policy(VAR)`` (a
policy id or part of a company's brand or legal entity, resolved on the store to the policy nodes it matches and
bound to ``?VAR``, default ``?policy``), ``string`` and ``integer``. Other parameters ``x`` are bound to
``?want_x``. A given parameter's values are bound by a ``VALUES`` block built from rdflib terms (``.n3()``), so
user text never becomes query text; the block goes at the start of the outermost ``WHERE`` group, followed by
the graph pattern of the parameter's ``# when NAME is given:`` line (which narrows the query to what matches
the values). A policy parameter needs no such line: ``?policy`` is already in the query.

Two or more concepts given: each ``# when`` pattern that selects nodes by one property (``?statement
pg:recipientIn ?want_recipient .``) goes, with its ``VALUES``, into a sub-select of its own. One concept is best
read first and the rest of the query looked up for its statements, which stream. With two, that order makes the
engine look up the second concept for every statement of the first (35,749 look-ups for "affiliate" at 10,000
policies, and ten times as many at 100,000); as sub-selects, each concept's statements are read in one index
scan and the sets are joined by hashing (``sharing`` with affiliate and marketing at 10,000 policies: 1.36 s as
consecutive patterns, 0.23 s as sub-selects, benchmarks/RESULTS.md).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from policygraph.errors import QueryError
from policygraph.graph.rdf import policy_graph
from policygraph.ontology import ONTOLOGY_GRAPH
from policygraph.ontology.lexicon import FAMILY_ROOTS, get_lexicon
from policygraph.queries.lookup import matching_policies
from policygraph.sparql import where_brace

#: the variable prefix a parameter binds: parameter ``data`` -> ``?want_data``
PARAM_PREFIX = "want_"
PARAM_TYPES = ("concept", "policy", "string", "integer")
#: catalogue order (questions users ask most come first); other packaged .rq files follow by name
ORDER = ("sharing", "collection", "purposes-for-data", "opt-out", "sells-data", "business-transfer",
         "law-enforcement", "children", "retention", "international-transfer", "tracking", "rights",
         "security", "profile", "compare", "contradictions", "changes", "policies")

_PARAM = re.compile(r"^\s*([A-Za-z][\w-]*)\s*:\s*([a-z]+)(?:\(\s*(\w+)\s*\))?\s*(?:=(.*))?$")


@dataclass(frozen=True)
class Param:
    """A declared query parameter."""

    name: str
    type: str
    family: str | None = None
    default: str | None = None
    required: bool = False
    #: for a ``policy`` parameter, the variable its policy nodes are bound to
    target: str | None = None

    @property
    def variable(self) -> str:
        if self.type == "policy":
            return self.target or "policy"
        return PARAM_PREFIX + self.name.replace("-", "_")

    def __str__(self) -> str:
        qualifier = self.family or self.target
        kind = f"{self.type}({qualifier})" if qualifier else self.type
        return f"{self.name}:{kind}" + ("" if self.required else f"={self.default or ''}")


@dataclass(frozen=True)
class QuerySpec:
    """One query: its name, the question it answers, its parameters and its SPARQL text.

    ``narrowing`` maps a parameter's name to the graph pattern its ``# when NAME is given:`` line adds."""

    name: str
    question: str
    params: tuple[Param, ...]
    text: str
    source: str = ""
    narrowing: tuple[tuple[str, str], ...] = ()

    def param(self, name: str) -> Param:
        key = name.replace("_", "-")
        for param in self.params:
            if param.name.replace("_", "-") == key:
                return param
        valid = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {name!r}; its parameters: {valid}")


_HEADER_LINE = re.compile(r"#\s*(name|question|params)\s*:(.*)$")
_WHEN_LINE = re.compile(r"#\s*when\s+([A-Za-z][\w-]*)\s+is\s+given\s*:(.*)$")


def parse_spec(text: str, source: str = "", default_name: str = "query") -> QuerySpec:
    """A ``QuerySpec`` from ``.rq`` text; the header is optional for files outside the catalogue."""
    header: dict[str, list[str]] = {}
    narrowing: list[tuple[str, str]] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        when = _WHEN_LINE.match(stripped)
        if when:
            narrowing.append((when.group(1), when.group(2).strip()))
            continue
        match = _HEADER_LINE.match(stripped)
        if match:
            header.setdefault(match.group(1), []).append(match.group(2).strip())
    params: list[Param] = []
    for line in header.get("params", []):
        if line.lower() in ("", "none"):
            continue
        for item in line.split(","):
            if item.strip():
                params.append(_parse_param(item, source))
    name = (header.get("name") or [default_name])[0] or default_name
    _check_narrowing(params, narrowing, source or name)
    question = " ".join(header.get("question", []))
    return QuerySpec(name, question, tuple(params), text, source, tuple(narrowing))


def _check_narrowing(params: list[Param], narrowing: list[tuple[str, str]], source: str) -> None:
    """Each ``when`` line names a declared parameter once and uses its variable. A parameter without one is
    bound by its ``VALUES`` block alone (the query uses ``?want_x`` itself, e.g. ``FILTER (!BOUND(?want_x) ||
    ...)``)."""
    declared = {p.name: p for p in params}
    seen = set()
    for name, pattern in narrowing:
        param = declared.get(name)
        if param is None or param.type == "policy":
            raise QueryError(f"{source}: '# when {name} is given' names no declared non-policy parameter")
        if name in seen:
            raise QueryError(f"{source}: parameter {name!r} has two '# when' lines")
        if not re.search(rf"[?$]{param.variable}\b", pattern):
            raise QueryError(f"{source}: the '# when {name} is given' pattern does not use ?{param.variable}")
        seen.add(name)


def _parse_param(item: str, source: str) -> Param:
    match = _PARAM.match(item)
    if not match:
        raise QueryError(f"{source}: bad parameter declaration {item.strip()!r}; expected name:type=default")
    name, kind, family, default = match.groups()
    if kind not in PARAM_TYPES:
        raise QueryError(f"{source}: parameter {name!r} has unknown type {kind!r}; "
                         f"valid: {', '.join(PARAM_TYPES)}")
    if kind == "concept" and family not in FAMILY_ROOTS:
        raise QueryError(f"{source}: parameter {name!r}: unknown concept family {family!r}; "
                         f"valid: {', '.join(sorted(FAMILY_ROOTS))}")
    if kind == "policy" and family is not None and not re.fullmatch(r"[A-Za-z_]\w*", family):
        raise QueryError(f"{source}: parameter {name!r}: bad variable name {family!r} in policy(...)")
    default = None if default is None else default.strip()
    return Param(name, kind, family if kind == "concept" else None, default or None, required=default is None,
                 target=family if kind == "policy" else None)


@lru_cache(maxsize=1)
def _packaged() -> dict[str, QuerySpec]:
    specs = {}
    for entry in resources.files(__package__).iterdir():
        if entry.name.endswith(".rq"):
            spec = parse_spec(entry.read_text(encoding="utf-8"), entry.name, entry.name[:-3])
            specs[spec.name] = spec
    order = {name: i for i, name in enumerate(ORDER)}
    return dict(sorted(specs.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))


def catalogue() -> list[QuerySpec]:
    """The packaged queries, in catalogue order."""
    return list(_packaged().values())


def get_query(name: str) -> QuerySpec:
    """A catalogue query by name; unknown names fail listing the closest ones."""
    specs = _packaged()
    if name in specs:
        return specs[name]
    close = difflib.get_close_matches(name, list(specs), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise QueryError(f"unknown query {name!r}{hint} (valid: {', '.join(specs)})")


def load_query(query: str | Path | QuerySpec) -> QuerySpec:
    """A query from a catalogue name, a path to an ``.rq`` file, or SPARQL text."""
    if isinstance(query, QuerySpec):
        return query
    looks_like_path = isinstance(query, str) and "\n" not in query.strip() and \
        query.strip().lower().endswith((".rq", ".sparql"))
    if isinstance(query, Path) or looks_like_path:
        path = Path(query)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"cannot read query file {path}: {exc}") from None
        return parse_spec(text, str(path), path.stem)
    text = str(query)
    if re.fullmatch(r"[A-Za-z][\w-]*", text.strip()):
        return get_query(text.strip())
    return parse_spec(text, "<query>")


# --- binding ---

def resolve_value(param: Param, value: Any, store: Any = None) -> list[Node]:
    """The RDF terms a user value stands for (empty when the value is unset).

    A ``policy`` parameter is looked up on ``store``; a value matching no policy is an error (with the
    closest policy ids and company names), like an unknown concept.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return []
    if isinstance(value, (list, tuple, set, frozenset)):
        terms: list[Node] = []
        for item in value:
            terms.extend(resolve_value(param, item, store))
        return terms
    if param.type == "concept":
        assert param.family is not None
        return [get_lexicon().resolve(str(value), param.family)]
    if param.type == "policy":
        if store is None:
            raise QueryError(f"parameter {param.name!r} names a policy, which needs a store to look it up")
        return matching_policies(store, str(value), param.name)
    if param.type == "integer":
        try:
            return [Literal(int(str(value).strip()))]
        except ValueError:
            raise QueryError(f"parameter {param.name!r}: expected an integer, got {value!r}") from None
    return [Literal(str(value))]


def values_block(bindings: Mapping[str, Iterable[Node]]) -> str:
    """``VALUES ?var { term ... }`` lines from rdflib terms (never raw text)."""
    lines = []
    for variable, terms in bindings.items():
        if not re.fullmatch(r"[A-Za-z_]\w*", variable):
            raise QueryError(f"bad variable name {variable!r}")
        rendered = []
        for term in terms:
            if not isinstance(term, (URIRef, Literal)):
                raise QueryError(f"cannot bind {term!r}: only IRIs and literals can be parameter values")
            rendered.append(term.n3())
        lines.append(f"  VALUES ?{variable} {{ {' '.join(rendered)} }}")
    return "\n".join(lines)


#: a ``# when`` pattern that selects nodes by one property: ``?statement pg:recipientIn ?want_recipient .``
_SELECTING_PATTERN = re.compile(r"\?(\w+)\s+[\w:]+\s+\?want_\w+\s*\.?")

#: a question about at most this many policies reads only their graphs (see ``BoundQuery.graphs``)
MAX_SCOPED_POLICIES = 100


@dataclass(frozen=True)
class BoundQuery:
    """A query's text with its parameters bound, and the graphs it needs to read.

    ``graphs`` is empty when the query reads the whole store; when a ``policy`` parameter names a few policies
    (at most ``MAX_SCOPED_POLICIES``), it holds their graphs and the ontology graph, which the store makes the
    query's default graph (the SPARQL Protocol's ``default-graph-uri``). A question about one company then
    reads about a thousand triples, whatever the shape of the query and the size of the store."""

    text: str
    graphs: tuple[URIRef, ...] = ()


def bind_query(spec: QuerySpec, params: Mapping[str, Any] | None = None, store: Any = None) -> BoundQuery:
    """The query with its given parameters bound (``bind``) and the graphs it needs (``BoundQuery``)."""
    given: dict[str, Any] = {}
    for key, value in dict(params or {}).items():
        given[spec.param(key).name] = value
    patterns = dict(spec.narrowing)
    order = {name: rank for rank, (name, _) in enumerate(spec.narrowing)}
    resolved: list[tuple[Param, list[Node]]] = []
    policies: list[Node] = []
    every_policy_param_given = True
    for param in spec.params:
        terms = resolve_value(param, given.get(param.name, param.default), store)
        if not terms:
            if param.required:
                raise QueryError(f"query {spec.name!r} needs parameter {param.name!r} ({param})")
            every_policy_param_given &= param.type != "policy"
            continue
        if param.type == "policy":
            policies += terms
        resolved.append((param, terms))
    selecting = [param.name for param, _ in resolved if _SELECTING_PATTERN.fullmatch(patterns.get(param.name, ""))]
    lines: list[tuple[int, str]] = []
    for param, terms in resolved:
        block = values_block({param.variable: terms})
        pattern = patterns.get(param.name)
        if pattern and len(selecting) > 1 and param.name in selecting:
            subject = _SELECTING_PATTERN.fullmatch(pattern).group(1)
            block = f"  {{ SELECT ?{subject} WHERE {{\n  {block}\n    {pattern}\n  }} }}"
        elif pattern:
            block += "\n  " + pattern
        lines.append((order.get(param.name, -1), block))
    if not lines:
        return BoundQuery(spec.text)
    position = where_brace(spec.text)
    if position is None:
        raise QueryError(f"query {spec.name!r}: cannot bind parameters, no WHERE group found")
    inserted = "\n".join(block for _, block in sorted(lines, key=lambda item: item[0]))
    text = spec.text[:position + 1] + "\n" + inserted + spec.text[position + 1:]
    scoped = policies and every_policy_param_given and len(policies) <= MAX_SCOPED_POLICIES
    graphs = (*(policy_graph(policy) for policy in policies), ONTOLOGY_GRAPH) if scoped else ()
    return BoundQuery(text, tuple(dict.fromkeys(graphs)))


def bind(spec: QuerySpec, params: Mapping[str, Any] | None = None, store: Any = None) -> str:
    """The query text with its given parameters bound; checks names, required values and types.

    Each given parameter becomes a ``VALUES`` block at the start of the outermost ``WHERE`` group, policy
    parameters first (a company's few statements are the cheapest place to start), then each concept or value
    followed by its ``# when`` pattern, in the order of those lines (with two or more concepts, each in a
    sub-select: see the module's docstring). ``store`` resolves ``policy`` parameters to the policy nodes they
    match.
    """
    return bind_query(spec, params, store).text
