"""The catalogue's questions as forms: the fields of each parameter (concept fields with the ontology's labels and
hierarchy), running a question from a form's values, and its answer as a table, CSV or JSON."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from policygraph.errors import QueryError
from policygraph.ontology.lexicon import get_lexicon
from policygraph.queries import catalogue, format_rows, get_query, run_query
from policygraph.queries.catalogue import Param, QuerySpec
from policygraph.queries.format import per_statement, readable

#: rows shown on a page; downloads carry up to the server's result limit
PAGE_ROWS = 1_000
#: columns a table shows as links to a company page
POLICY_COLUMNS = ("policy_id", "a_policy_id", "b_policy_id")


@dataclass(frozen=True)
class Option:
    """A value a concept field completes to, and how the list shows it (its place in the hierarchy)."""

    value: str
    shown: str


@dataclass(frozen=True)
class ConceptNode:
    """A concept in the tree a concept field shows: its label, CURIE and narrower concepts."""

    label: str
    curie: str
    children: tuple[ConceptNode, ...]


@dataclass(frozen=True)
class Field:
    """One parameter of a question as a form field."""

    name: str
    kind: str  # concept, policy, string or integer
    family: str | None
    required: bool
    default: str | None


@dataclass
class Answer:
    """A question's answer as a page shows it: one row per statement, terms by their labels."""

    columns: list[str]
    rows: list[dict]
    total: int
    truncated: bool


def questions() -> list[QuerySpec]:
    """The catalogue in its order."""
    return catalogue()


def question(name: str) -> QuerySpec:
    """One question by name (``QueryError`` naming the valid ones)."""
    return get_query(name)


def fields(spec: QuerySpec) -> list[Field]:
    """The form fields of a question's parameters."""
    return [_field(param) for param in spec.params]


def _field(param: Param) -> Field:
    return Field(param.name, param.type, param.family, param.required, param.default)


@cache
def options(family: str) -> tuple[Option, ...]:
    """What a concept field of ``family`` completes to: every label, shown with the broader concepts above it and
    how many narrower ones it covers, then every altLabel, shown with the label it stands for."""
    lexicon = get_lexicon()
    terms = sorted(lexicon.family(family), key=lambda t: t.label.lower())
    found = []
    for term in terms:
        path = [lexicon.terms[name].label for name in reversed(lexicon.ancestors(term.local)[1:-1])]
        narrower = len(lexicon.descendants(term.local, strict=True))
        covers = f" (covers {narrower} narrower)" if narrower else ""
        found.append(Option(term.label, " › ".join([*path, term.label]) + covers))
    for term in terms:
        for alt in term.alt_labels:
            if alt.lower() != term.label.lower():
                found.append(Option(alt, f"= {term.label}"))
    return tuple(found)


@cache
def concept_tree(family: str) -> tuple[ConceptNode, ...]:
    """The concepts of a family as a tree, broader before narrower, by label."""
    terms = get_lexicon().family(family)
    children: dict[str | None, list] = {}
    for term in terms:
        children.setdefault(term.parent, []).append(term)
    names = {term.local for term in terms}

    def node(term) -> ConceptNode:
        below = sorted(children.get(term.local, []), key=lambda t: t.label.lower())
        return ConceptNode(term.label, f"pg:{term.local}", tuple(node(t) for t in below))

    return tuple(node(t) for t in sorted((t for t in terms if t.parent not in names), key=lambda t: t.label.lower()))


def given(spec: QuerySpec, values: Mapping[str, str]) -> dict[str, str]:
    """The question's parameters among ``values`` (a page's query string), blank ones left out."""
    names = {param.name for param in spec.params}
    return {key: value.strip() for key, value in values.items() if key in names and value.strip()}


def ask(store, spec: QuerySpec, params: Mapping[str, str], limit: int, timeout: float):
    """The rows of a question (``QueryError`` for a bad value or a timeout, ``StoreError`` for a store that does
    not answer)."""
    missing = [p.name for p in spec.params if p.required and p.name not in params]
    if missing:
        raise QueryError(f"{spec.name} needs {', '.join(missing)}")
    return run_query(store, spec, params, limit=limit, timeout=timeout)


def answer(rows) -> Answer:
    """Rows as a page shows them: one row per statement (the statement's IRI left out), terms by their labels."""
    merged, columns = per_statement(rows)
    columns = [c for c in columns if c != "statement"]
    shown = [{c: _label(row.get(c)) for c in columns} for row in merged[:PAGE_ROWS]]
    return Answer(columns, shown, len(merged), rows.truncated or len(merged) > PAGE_ROWS)


def _label(value) -> str:
    return value if isinstance(value, str) else (readable(value) or "")


def download(rows, fmt: str) -> str:
    """The answer as the CLI writes it: CSV one row per statement with labels, JSON one row per value with IRIs
    and labels beside them."""
    if fmt == "json":
        return format_rows(rows, "json")
    merged, columns = per_statement(rows)
    return format_rows(merged, "csv", columns)
