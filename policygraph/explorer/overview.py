"""The corpus at a glance and the practice x company heatmap: for a page of policies, whether each states, denies
or does not mention collecting, sharing and selling each family of data, retention, rights and tracking."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from policygraph.explorer.company import PREFIXES
from policygraph.ontology.lexicon import get_lexicon
from policygraph.queries.format import plain
from policygraph.versions.scope import current_graphs

PAGE_SIZE = 50
ACTIONS = ("Collect", "Share", "Sell")
DATA = ("PersonalData", "ContactData", "LocationData", "FinancialData", "OnlineActivity", "TechnicalData",
        "HealthData", "BiometricData", "GovernmentIdentifier")
FACTS = (("RetentionPeriod", "retention stated"), ("UserRight", "rights offered"), ("TrackingTechnology", "tracking"))
#: sort keys a visitor may ask for, and the SPARQL ordering each stands for
SORTS = {"company": "LCASE(COALESCE(?company, ?policy_id)) ?policy_id", "id": "?policy_id",
         "statements": "DESC(?statements) ?policy_id", "updated": "DESC(COALESCE(?last_updated, ?effective_date)) "
         "?policy_id"}

# Each policy node has at most one of each property (the graph writer adds one), so the sums count each policy once.
_SUMMARY = PREFIXES + """SELECT (COUNT(?policy) AS ?policies) (COUNT(DISTINCT ?company) AS ?companies)
       (SUM(?statements) AS ?statement_total) (SUM(?facts) AS ?fact_total) (COUNT(?dated) AS ?dated_total)
WHERE {
  ?policy a pg:PrivacyPolicy .
  OPTIONAL { ?policy pg:company ?company }
  OPTIONAL { ?policy pg:statementCount ?statements }
  OPTIONAL { ?policy pg:factCount ?facts }
  OPTIONAL { SELECT ?policy (SAMPLE(?date) AS ?dated) WHERE { ?policy pg:lastUpdated|pg:effectiveDate ?date }
             GROUP BY ?policy }
}"""
_PAGE = PREFIXES + """SELECT ?policy ?policy_id ?company ?effective_date ?last_updated ?statements
WHERE {
  ?policy a pg:PrivacyPolicy ; dcterms:identifier ?policy_id .
  OPTIONAL { ?policy pg:company ?company }
  OPTIONAL { ?policy pg:effectiveDate ?effective_date }
  OPTIONAL { ?policy pg:lastUpdated ?last_updated }
  OPTIONAL { ?policy pg:statementCount ?statements }
%s}
ORDER BY %s
LIMIT %d OFFSET %d"""
#: sorting by a column: the policies that state it first (rank 0), then those that only deny it (1), then the rest;
#: the column's statements are read once, by their class (EXISTS for each policy took 10 s at 1,000 policies)
_BY_COLUMN = """  OPTIONAL { SELECT ?policy (MIN(IF(?negated, 1, 0)) AS ?rank)
             WHERE { ?item %s ; pg:negated ?negated ; pg:policy ?policy } GROUP BY ?policy }
"""
# The page's policies first, then each of their statements' classes kept by FILTER: with the classes in VALUES
# blocks, Oxigraph started from every statement of a class (25 s for 50 policies of a 1,000-policy store, against
# 0.2 s this way).
_CELLS = PREFIXES + """SELECT ?policy ?kind ?data ?negated
WHERE {
  VALUES ?policy { %s }
  ?item pg:policy ?policy ; pg:negated ?negated .
  {
    ?item pg:actionIn ?kind ; pg:dataCategoryIn ?data .
    FILTER (?kind IN (%s) && ?data IN (%s))
  } UNION {
    ?item pg:factValueIn ?kind .
    FILTER (?kind IN (%s))
  }
}
GROUP BY ?policy ?kind ?data ?negated"""


@dataclass(frozen=True)
class Column:
    """A heatmap column: an action on a data family, or a fact family (``data`` empty)."""

    kind: str
    data: str
    label: str
    group: str

    @property
    def key(self) -> str:
        """The column's name in a page's ``sort`` parameter."""
        return f"{self.kind}.{self.data}" if self.data else self.kind

    @property
    def pattern(self) -> str:
        """The properties of a statement or fact that this column counts."""
        if self.data:
            return f"pg:actionIn pg:{self.kind} ; pg:dataCategoryIn pg:{self.data}"
        return f"pg:factValueIn pg:{self.kind}"


@dataclass(frozen=True)
class Row:
    """A policy of the page and its cells' states ("stated", "denied", "both" or "none"), in column order."""

    policy_id: str
    company: str
    updated: str
    statements: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    """The corpus at a glance."""

    policies: int
    companies: int
    statements: int
    facts: int
    dated: int


def columns() -> list[Column]:
    """The heatmap's columns: each action on each data family, then the fact families."""
    terms = get_lexicon().terms
    cols = [Column(action, data, terms[data].label if data != "PersonalData" else "any personal data",
                   terms[action].label) for action in ACTIONS for data in DATA]
    return cols + [Column(kind, "", label, "facts") for kind, label in FACTS]


def groups(cols: list[Column]) -> list[tuple[str, int]]:
    """The column groups in order, with how many columns each spans."""
    return [(name, len(list(members))) for name, members in itertools.groupby(cols, key=lambda c: c.group)]


def summary(store, timeout: float) -> Summary:
    """Counts and dates of the whole corpus (one query over the policy nodes)."""
    row = (store.query_bounded(_SUMMARY, timeout, default_graphs=current_graphs(store) or None) or [{}])[0]

    def number(name: str) -> int:
        value = row.get(name)
        return int(value.toPython()) if value is not None else 0

    return Summary(number("policies"), number("companies"), number("statement_total"), number("fact_total"),
                   number("dated_total"))


def is_sort(sort: str) -> bool:
    """Whether ``sort`` names a sort order: a key of ``SORTS`` or a column's ``key``."""
    return sort in SORTS or any(column.key == sort for column in columns())


def heatmap(store, timeout: float, sort: str = "company", page: int = 1) -> list[Row]:
    """One page of ``PAGE_SIZE`` policies in ``sort`` order (a key of ``SORTS``, or a column's ``key``: the
    policies stating it first, then those denying it), each with its cells."""
    cols = columns()
    column = next((c for c in cols if c.key == sort), None)
    binds, order = "", SORTS.get(sort, SORTS["company"])
    if column is not None:
        binds, order = _BY_COLUMN % column.pattern, "COALESCE(?rank, 2) " + SORTS["company"]
    scope = current_graphs(store) or None  # in a store of versions, the current ones
    policies = store.query_bounded(_PAGE % (binds, order, PAGE_SIZE, PAGE_SIZE * (max(1, page) - 1)), timeout,
                                   default_graphs=scope)
    if not policies:
        return []
    found: dict[tuple, set[bool]] = {}
    practice = [c for c in cols if c.data]
    query = _CELLS % (" ".join(p["policy"].n3() for p in policies),
                      ", ".join(f"pg:{k}" for k in dict.fromkeys(c.kind for c in practice)),
                      ", ".join(f"pg:{d}" for d in dict.fromkeys(c.data for c in practice)),
                      ", ".join(f"pg:{c.kind}" for c in cols if not c.data))
    for cell in store.query_bounded(query, timeout, default_graphs=scope):
        key = (cell["policy"], plain(cell["kind"]), plain(cell["data"]) or "")
        found.setdefault(key, set()).add(cell["negated"].toPython() is True)
    rows = []
    for policy in policies:
        cells = tuple(_state(found.get((policy["policy"], c.kind, c.data), set())) for c in cols)
        rows.append(Row(str(policy["policy_id"]), plain(policy["company"]) or "",
                        plain(policy["last_updated"] or policy["effective_date"]) or "",
                        plain(policy["statements"]) or "0", cells))
    return rows


def _state(negations: set[bool]) -> str:
    if negations == {False}:
        return "stated"
    if negations == {True}:
        return "denied"
    return "both" if negations else "none"
