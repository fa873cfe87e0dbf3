"""The query catalogue: ``.rq`` files with a header, and safe parameter binding (running them: ``run``).

Each catalogue file starts with comment lines::

    # name: sharing
    # question: Which companies share [data] with [recipient] for [purpose]?
    # params: data:concept(data)=, recipient:concept(recipient)=, company:policy=

A parameter is ``name:type[=default]``; without ``=`` it is required, with an empty default it is optional and
an unset optional parameter does not constrain the query. Types are ``concept(FAMILY)`` (a lexicon family:
resolved from a label, altLabel, CURIE or IRI to an ontology IRI and its sub-classes), ``policy(VAR)`` (a
policy id or part of a company's brand or legal entity, resolved on the store to the policy nodes it matches and
bound to ``?VAR``, default ``?policy``), ``string`` and ``integer``. Other parameters ``x`` are bound to ``?want_x``.
Values are bound by a ``VALUES`` block built from rdflib terms (``.n3()``): user text never becomes query text.
The block goes at the start of the outermost ``WHERE`` group, or in place of each ``# @bind`` comment line when
the query has them (for parameters used inside a sub-select or a union branch); ``# @bind a b`` gets only the
values of parameters ``a`` and ``b``. ``# @if NAME`` / ``# @if !NAME`` ... ``# @end`` keep a block only when
the parameter is given / not given (``a|b``: any of them), ``# @subclasses ?v pg:Term`` becomes a ``VALUES``
table of the term's sub-classes and ``# @filter-subclasses ?v pg:Term`` a ``FILTER (?v IN (...))`` over them
(see ``select_blocks`` and ``_subclass_values``). ``# @match ?node a=pg:prop b=pg:prop`` finds ``?node`` by the
given ones of parameters ``a`` and ``b`` (``?node pg:prop ?want_a``), in the cheapest join order (``_match``);
lines between it and an optional ``# @match-end`` check the node found, as early as the join allows.
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
from policygraph.ontology.lexicon import FAMILY_ROOTS, get_lexicon
from policygraph.ontology.namespace import PG as PG_NAMESPACE
from policygraph.queries.lookup import matching_policies

#: the variable prefix a parameter binds: parameter ``data`` -> ``?want_data``
PARAM_PREFIX = "want_"
PARAM_TYPES = ("concept", "policy", "string", "integer")
#: catalogue order (questions users ask most come first); other packaged .rq files follow by name
ORDER = ("sharing", "collection", "purposes-for-data", "opt-out", "sells-data", "business-transfer",
         "law-enforcement", "children", "retention", "international-transfer", "tracking", "rights",
         "security", "profile", "compare", "contradictions", "policies")

UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_QUERY_KEYWORDS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
# Tokens that may contain braces or keywords without being syntax: comments, strings, IRIs.
_SKIP = re.compile(
    r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>')
_KEYWORD = re.compile(r"(?<![\w:?$])([A-Za-z]+)(?![\w:-])")
_BIND_MARKER = re.compile(r"(?m)^[ \t]*# @bind\b(.*)$")
_MATCH_LINE = re.compile(r"(?m)^[ \t]*# @match(?!-end\b)\b.*$")
_MATCH_END = re.compile(r"(?m)^[ \t]*# @match-end\b.*$")
_VARIABLE = re.compile(r"[?$]([A-Za-z_]\w*)")
_MATCH_MARKER = re.compile(r"([ \t]*)# @match[ \t]+\?([A-Za-z_]\w*)((?:[ \t]+[A-Za-z][\w-]*=pg:[A-Za-z]\w*)+)[ \t]*")
_SUBCLASSES = re.compile(r"^([ \t]*)# @(subclasses|filter-subclasses)(\+?)[ \t]+\?([A-Za-z_]\w*)"
                         r"((?:[ \t]+pg:[A-Za-z]\w*)+)(?:[ \t]+as[ \t]+\?([A-Za-z_]\w*))?[ \t]*$")
_BLOCK_DIRECTIVE = re.compile(r"^[ \t]*# @(?:if[ \t]+(!?)([A-Za-z][\w-]*(?:\|[A-Za-z][\w-]*)*)|end)\b")
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
    """One query: its name, the question it answers, its parameters and its SPARQL text."""

    name: str
    question: str
    params: tuple[Param, ...]
    text: str
    source: str = ""

    def param(self, name: str) -> Param:
        key = name.replace("_", "-")
        for param in self.params:
            if param.name.replace("_", "-") == key:
                return param
        valid = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {name!r}; its parameters: {valid}")


def parse_spec(text: str, source: str = "", default_name: str = "query") -> QuerySpec:
    """A ``QuerySpec`` from ``.rq`` text; the header is optional for files outside the catalogue."""
    header: dict[str, list[str]] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = re.match(r"#\s*(name|question|params)\s*:(.*)$", stripped)
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
    question = " ".join(header.get("question", []))
    return QuerySpec(name, question, tuple(params), text, source)


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
        return _with_subclasses(get_lexicon().resolve(str(value), param.family))
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


def _with_subclasses(concept: URIRef) -> list[Node]:
    """A concept and all its sub-classes, from the packaged ontology (the one every build loads).

    Hierarchy-aware matching is done here, once, rather than with ``rdfs:subClassOf*`` inside the query:
    a property path joined against millions of practice nodes is the slowest thing a query can do.
    """
    lexicon = get_lexicon()
    local = str(concept)[len(str(PG_NAMESPACE)):]
    return [lexicon.terms[name].iri for name in lexicon.descendants(local)] or [concept]


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


def bind(spec: QuerySpec, params: Mapping[str, Any] | None = None, store: Any = None) -> str:
    """The query text with its parameters bound by a VALUES block; checks names, required values and types.

    ``store`` resolves ``policy`` parameters to the policy nodes they match.
    """
    params = dict(params or {})
    given: dict[str, Any] = {}
    for key, value in params.items():
        given[spec.param(key).name] = value
    bindings: dict[str, list[Node]] = {}
    for param in spec.params:
        value = given.get(param.name, param.default)
        terms = resolve_value(param, value, store)
        if not terms:
            if param.required:
                raise QueryError(f"query {spec.name!r} needs parameter {param.name!r} ({param})")
            continue
        bindings[param.variable] = terms
    given_names = frozenset(p.name for p in spec.params if p.variable in bindings)
    text = select_blocks(spec, given_names)
    text, bindings = _match(spec, text, bindings, store)
    if not bindings:
        return text
    if _BIND_MARKER.search(text):
        # Each marker gets the VALUES block: a union branch or sub-select that starts from the parameter's
        # values is evaluated from them, instead of being evaluated whole and joined afterwards.
        # "# @bind a b" gets only the values of parameters a and b (a sub-select that projects none of the
        # others would otherwise repeat each of its rows once per value of theirs).
        by_param = {p.name: p.variable for p in spec.params}

        def block(marker: re.Match) -> str:
            names = marker.group(1).split()
            unknown = [name for name in names if name not in by_param]
            if unknown:
                raise QueryError(f"{spec.source or spec.name}: '# @bind' names no declared parameter "
                                 f"{', '.join(unknown)}")
            wanted = {by_param[name] for name in names} if names else set(bindings)
            return values_block({v: terms for v, terms in bindings.items() if v in wanted})

        return _BIND_MARKER.sub(block, text)
    position = _where_brace(text)
    if position is None:
        raise QueryError(f"query {spec.name!r}: cannot bind parameters, no WHERE group found")
    if store is not None and len(bindings) > 1:
        bindings = _rarest_first(bindings, store)
    return text[:position + 1] + "\n" + values_block(bindings) + text[position + 1:]


_COUNT_CAP = 1_000_000
#: two concepts' nodes are intersected by a hash join when the rarer is used at least this often ...
_HASH_JOIN_MIN_USES = 20_000
#: ... and the other at most this many times as often (a look-up costs about ten times a scanned row)
_HASH_JOIN_MAX_RATIO = 10


def _uses(terms: list[Node], store: Any, prop: str = "?p") -> int:
    """How many triples have one of ``terms`` as object (through ``prop``, any by default), counted up to
    ``_COUNT_CAP``.

    A scan of one index (by object, or by property and object): about 0.3-0.5 us per triple (16 ms for 35,000
    at 10,000 policies; 0.11 s for 357,935 affiliate recipients at 100,000), much cheaper than the look-ups a
    good join order saves; "personal data" with all its sub-classes is used 4.3 M times at 100,000 policies,
    and stopping at the cap keeps its count to about 0.5 s. A sharded store counts in each shard (up to the
    cap each) and gives one row per shard: their sum is the count."""
    result = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ SELECT ?s WHERE {{\n{values_block({'v': terms})}"
                         f"\n  ?s {prop} ?v }} LIMIT {_COUNT_CAP} }} }}")
    return sum(int(row["n"]) for row in result)


def _rarest_first(bindings: dict[str, list[Node]], store: Any) -> dict[str, list[Node]]:
    """The parameters' VALUES blocks ordered by how often their values occur in the store, rarest first.

    Oxigraph starts a join from the first VALUES block of the group, so the rarest concept should come first.
    Concepts used more than ``_COUNT_CAP`` times keep their written order. The order changes which rows are
    found first, never which rows match."""
    return dict(sorted(bindings.items(), key=lambda item: _uses(item[1], store)))


def _match(spec: QuerySpec, text: str, bindings: dict[str, list[Node]],
           store: Any) -> tuple[str, dict[str, list[Node]]]:
    """Expand ``# @match ?node a=pg:p b=pg:q``: the given ones of parameters ``a`` and ``b`` find ``?node``
    (``VALUES ?want_a {...} ?node pg:p ?want_a .``), rarest first. Returns the text and the bindings left to
    place (those of other parameters).

    Oxigraph joins a group's patterns as nested loops: each node the first concept finds is looked up for the
    second (7-14 us per look-up). That is right when the first concept is rare, and slow when both are
    common: "affiliates for marketing" at 100,000 policies looked up 171,000 marketing statements for an
    affiliate recipient (2.2 s). When the two rarest concepts are both used at least ``_HASH_JOIN_MIN_USES``
    times and within ``_HASH_JOIN_MAX_RATIO`` of each other (and no other parameter, such as a company,
    narrows the query), each becomes a sub-select, which Oxigraph joins by hashing: both are scanned once
    (about 0.5 us per row) and intersected (0.31 s for the same two). Any further concept is then looked up
    for the few nodes left.

    Lines between the ``# @match`` line and a ``# @match-end`` line check the node found (``?practice a
    ?action`` and a filter on the action, say). With nested loops they stay where they are written, after the
    concepts. After a hash join they go inside one sub-select with it, so that they run on the nodes both
    concepts found before anything else is read about them: written beside the join, they came after the
    policy, sentence and denial look-ups (sharing affiliates for marketing at 100,000 policies: 1.35 s ->
    1.0 s). See ``_checks`` for what they may contain."""
    if "# @match" not in text:  # a substring search spares the two scans below on most queries
        return text, bindings
    found = list(_MATCH_LINE.finditer(text))
    ends = list(_MATCH_END.finditer(text))
    source = spec.source or spec.name
    if len(ends) > 1 or (ends and (not found or ends[0].start() < found[0].end()
                                   or ends[0].group(0).strip() != "# @match-end")):
        raise QueryError(f"{source}: a '# @match-end' line closes the one '# @match' line above it")
    if not found:
        return text, bindings
    marker = _MATCH_MARKER.fullmatch(found[0].group(0))
    if marker is None or len(found) > 1:
        raise QueryError(f"{source}: {'malformed' if marker is None else 'more than one'} '# @match' line "
                         f"(expected one '# @match ?node name=pg:property ...')")
    if _BIND_MARKER.search(text):
        raise QueryError(f"{source}: a query uses '# @match' or '# @bind', not both")
    indent, node, pairs = marker.groups()
    variables = {p.name: p.variable for p in spec.params}
    properties: dict[str, str] = {}
    for pair in pairs.split():
        name, prop = pair.split("=", 1)
        if name not in variables:
            raise QueryError(f"{source}: '# @match' names no declared parameter {name!r}")
        properties[variables[name]] = prop
    matched = [variable for variable in properties if variable in bindings]
    rest = {variable: terms for variable, terms in bindings.items() if variable not in properties}
    # Counting is skipped when another parameter (a company) narrows the query: it starts from that instead.
    uses: dict[str, int] = {}
    if store is not None and len(matched) > 1 and not rest:
        uses = {variable: _uses(bindings[variable], store, f"<{PG_NAMESPACE}{properties[variable][3:]}>")
                for variable in matched}
        matched.sort(key=uses.__getitem__)
    hash_join = (bool(uses) and uses[matched[0]] >= _HASH_JOIN_MIN_USES
                 and uses[matched[1]] < _COUNT_CAP and uses[matched[1]] <= _HASH_JOIN_MAX_RATIO * uses[matched[0]])
    checks, after = _checks(text, found[0], ends[0] if ends else None, {node, *properties}, source)
    expanded = []
    for rank, variable in enumerate(matched):
        values = values_block({variable: bindings[variable]}).strip()
        pattern = f"?{node} {properties[variable]} ?{variable} ."
        if hash_join and rank < 2:
            expanded.append(f"{indent}{{ SELECT ?{node} ?{variable} WHERE {{ {values} {pattern} }} }}")
        else:
            expanded.append(f"{indent}{values}\n{indent}{pattern}")
    if hash_join and checks.strip():
        joined = "\n".join(expanded[:2])
        expanded[:2] = [f"{indent}{{ SELECT * WHERE {{\n{joined}{checks}{indent}}} }}"]
        checks = ""
    return text[:found[0].start()] + "\n".join(expanded) + checks + after, rest


def _checks(text: str, match_line: re.Match, end_line: re.Match | None, own: set[str],
            source: str) -> tuple[str, str]:
    """The lines between the ``# @match`` line and the ``# @match-end`` line (none without one), and the text
    after them.

    After a hash join the checks become a sub-select, which SPARQL evaluates on its own: a variable that the
    rest of the query binds would be unbound inside it, and a brace opened in the checks would close the
    sub-select. So the checks may use only the node, the concept variables (``own``) and variables of their
    own, and must close every brace they open; either mistake is an error whichever join is chosen, since the
    hash join only happens on large stores."""
    if end_line is None:
        return "", text[match_line.end():]
    checks, after = text[match_line.end():end_line.start()], text[end_line.end():]
    syntax = _syntax(checks)
    depth = 0
    for brace in re.findall(r"[{}]", syntax):
        depth += 1 if brace == "{" else -1
        if depth < 0:
            break
    if depth:
        raise QueryError(f"{source}: the lines between '# @match' and '# @match-end' must close every brace "
                         f"they open, and only those")
    outside = set(_VARIABLE.findall(_syntax(text[:match_line.start()] + after)))
    shared = sorted((set(_VARIABLE.findall(syntax)) - own) & outside)
    if shared:
        raise QueryError(f"{source}: the lines before '# @match-end' use ?{', ?'.join(shared)}, which the rest of "
                         f"the query uses too; they may use only the node, the concepts and variables of their own")
    return checks, after


def _subclass_values(match: re.Match, spec: QuerySpec, number: int) -> str:
    """``# @subclasses ?var pg:Term`` -> ``VALUES ?var { pg:Term and its sub-classes }`` (``@subclasses+``:
    the sub-classes only), taken from the packaged ontology. With several terms and ``as ?kind``, a
    ``VALUES (?var ?kind)`` table pairs each sub-class with the term it falls under.

    ``# @filter-subclasses ?var pg:Term`` -> ``FILTER (?var IN (...))`` over the same terms: for a variable
    that a pattern binds from an already-found node (``?practice a ?action`` once a concept has found the
    practices). A ``VALUES`` table there is cross-joined with the rows found so far, and each row then looks
    up every value: sharing affiliate + marketing at 100,000 policies took 16 s with ``VALUES ?action``, 5.5 s
    with the filter. Where nothing has bound the node yet, ``VALUES`` is the faster start (0.7 s vs 1.7 s)."""
    indent, directive, strict, variable, roots, kind = match.groups()
    lexicon = get_lexicon()
    pairs = []
    for local in (r.split(":", 1)[1] for r in roots.split()):
        if local not in lexicon.terms:
            raise QueryError(f"{spec.source or spec.name}:{number}: '@subclasses' names unknown term pg:{local}")
        root = lexicon.terms[local].iri.n3()
        pairs += [(lexicon.terms[name].iri.n3(), root) for name in lexicon.descendants(local, strict=bool(strict))]
    if directive == "filter-subclasses":
        return f"{indent}FILTER (?{variable} IN ({', '.join(value for value, _ in pairs)}))\n"
    if kind:
        rows = " ".join(f"({value} {root})" for value, root in pairs)
        return f"{indent}VALUES (?{variable} ?{kind}) {{ {rows} }}\n"
    return f"{indent}VALUES ?{variable} {{ {' '.join(value for value, _ in pairs)} }}\n"


@lru_cache(maxsize=256)
def select_blocks(spec: QuerySpec, given: frozenset[str]) -> str:
    """Keep the ``# @if NAME`` ... ``# @end`` blocks whose parameter is given, and the ``# @if !NAME`` blocks
    whose parameter is not (``# @if a|b``: any of them is given; ``# @if !a|b``: none is); drop the others;
    expand ``# @subclasses`` and ``# @filter-subclasses`` lines.

    This lets a query join a given parameter first (fast: the join starts from the concept and its
    sub-classes) and leave it out entirely when it is not given. Only whether a parameter is set chooses
    the text; its value still arrives through VALUES, so user input never changes the query's structure.
    The result depends only on the query and which parameters are set, so recent ones are remembered (0.5 ms
    of the profile query's 5 ms).
    """
    names = {p.name for p in spec.params}
    kept: list[str] = []
    keep_stack: list[bool] = []
    for number, line in enumerate(spec.text.splitlines(keepends=True), 1):
        directive = _BLOCK_DIRECTIVE.match(line)
        if directive is None:
            if all(keep_stack):
                subclasses = _SUBCLASSES.match(line)
                kept.append(_subclass_values(subclasses, spec, number) if subclasses else line)
            continue
        negate, alternatives = directive.group(1) == "!", directive.group(2)
        if alternatives is None:
            if not keep_stack:
                raise QueryError(f"{spec.source or spec.name}:{number}: '# @end' without '# @if'")
            keep_stack.pop()
            continue
        for name in alternatives.split("|"):
            if name not in names:
                raise QueryError(f"{spec.source or spec.name}:{number}: '# @if {alternatives}' names no declared "
                                 f"parameter {name!r}")
        keep_stack.append(any(name in given for name in alternatives.split("|")) != negate)
    if keep_stack:
        raise QueryError(f"{spec.source or spec.name}: '# @if' without '# @end'")
    return "".join(kept)


# Both are pure functions of the text, and one query's text is read several times per run (form, projection,
# ORDER BY, LIMIT): remembering the last few saves about 0.6 ms per run of an 8 KB query.
@lru_cache(maxsize=256)
def _syntax(text: str) -> str:
    """The query text with comments, strings and IRIs blanked out (same length, so positions still match)."""
    return _SKIP.sub(lambda m: " " * len(m.group(0)), text)


_TRAILING_VALUES = re.compile(r"(?is)\bVALUES\s+(?:[?$]\w+|\([^()]*\))\s*\{[^{}]*\}\s*$")


def solution_modifiers(text: str) -> tuple[int, int]:
    """Where the outermost query's solution modifiers (``ORDER BY``, ``LIMIT``, ``OFFSET`` ...) can be:
    after the query's last ``}`` that is not part of a trailing ``VALUES`` clause, up to that clause (or the
    end). Searching there spares a scan of the whole text (0.2 ms for a query with long VALUES tables)."""
    syntax = _syntax(text)
    values = _TRAILING_VALUES.search(syntax)  # "... ORDER BY ?a LIMIT 5 VALUES ?x { ... }"
    end = values.start() if values else len(text)
    return syntax.rfind("}", 0, end) + 1, end


@lru_cache(maxsize=256)
def strip_comments(text: str) -> str:
    """The query without its ``#`` comments (strings and IRIs containing ``#`` are kept)."""
    return _SKIP.sub(lambda m: "" if m.group(0).startswith("#") else m.group(0), text)


def _where_brace(text: str) -> int | None:
    """The position of the ``{`` opening the outermost WHERE group."""
    syntax = _syntax(text)
    match = re.search(r"(?i)\bWHERE\s*\{", syntax)
    if match:
        return match.end() - 1
    if query_form(text) in ("SELECT", "ASK"):
        index = syntax.find("{")
        return index if index >= 0 else None
    return None


def query_form(text: str) -> str | None:
    """The first query or update keyword (SELECT, ASK, ..., INSERT, DROP...), upper-cased; None if none."""
    for match in _KEYWORD.finditer(_syntax(text)):
        word = match.group(1).upper()
        if word in _QUERY_KEYWORDS or word in UPDATE_KEYWORDS:
            return word
    return None


def is_update(text: str) -> bool:
    return query_form(text) in UPDATE_KEYWORDS


def projection(text: str) -> tuple[str, ...]:
    """The variables a SELECT query projects, in order (empty for ``SELECT *`` or other forms)."""
    syntax = _syntax(text)
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
