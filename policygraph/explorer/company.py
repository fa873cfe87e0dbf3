"""What one policy says, for the company page: its statements and facts with their sentences and places in the
text, grouped by family (collection, sharing, purposes, retention, rights, security, children, transfers,
tracking), and narrowed to a heatmap cell when one is asked for."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Literal

from policygraph.errors import QueryError
from policygraph.graph.rdf import policy_graph
from policygraph.ontology.lexicon import get_lexicon
from policygraph.queries.format import plain, readable
from policygraph.versions.scope import current_graphs

PREFIXES = """PREFIX pg: <https://w3id.org/policygraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
_POLICY = PREFIXES + """SELECT ?policy ?company ?legal_entity ?effective_date ?last_updated ?source ?sha256
       ?statements ?facts
WHERE {
  VALUES ?id { %s }
  ?policy dcterms:identifier ?id ; a pg:PrivacyPolicy .
  OPTIONAL { ?policy pg:company ?company }
  OPTIONAL { ?policy pg:legalEntity ?legal_entity }
  OPTIONAL { ?policy pg:effectiveDate ?effective_date }
  OPTIONAL { ?policy pg:lastUpdated ?last_updated }
  OPTIONAL { ?policy dcterms:source ?source }
  OPTIONAL { ?policy pg:sha256 ?sha256 }
  OPTIONAL { ?policy pg:statementCount ?statements }
  OPTIONAL { ?policy pg:factCount ?facts }
}"""
FACT_KINDS = ("UserChoice", "UserRight", "RetentionPeriod", "SecurityMeasure", "Audience", "TrackingTechnology",
              "DoNotTrackStance", "ChangeNotice", "DataLocation", "TransferSafeguard")
_ITEMS = PREFIXES + """SELECT ?item ?kind ?value ?data ?recipient ?purpose ?stated ?condition ?subject ?age ?negated
       ?detail ?evidence ?start ?end ?heading
WHERE {
  VALUES ?policy { %s }
  ?item pg:policy ?policy ; pg:evidenceText ?evidence ; pg:negated ?negated ; pg:startOffset ?start ;
        pg:endOffset ?end .
  {
    ?item pg:actionIn pg:DataPractice ; a ?kind .
    OPTIONAL { ?item pg:dataCategory ?data }
    OPTIONAL { ?item pg:recipient ?recipient }
    OPTIONAL { ?item pg:purpose ?purpose }
    OPTIONAL { ?item pg:statedPurpose ?stated }
    OPTIONAL { ?item pg:condition ?condition }
    OPTIONAL { ?item pg:dataSubject ?subject OPTIONAL { ?item pg:ageThreshold ?age } }
  } UNION {
    VALUES ?kind { %s }
    ?item pg:factValueIn ?kind ; pg:factValue ?value .
    OPTIONAL { ?item pg:detail ?detail }
  }
  OPTIONAL { ?item pg:segment/pg:headingPath ?heading }
}"""

#: the page's sections, in order: a title and the kinds (practices and fact families) it holds
SECTIONS = (
    ("Collection", ("Collect",)),
    ("Sharing and selling", ("Share", "Sell")),
    ("Purposes (use)", ("Use",)),
    ("Retention", ("Retain", "RetentionPeriod")),
    ("Rights and choices", ("UserRight", "UserChoice")),
    ("Security", ("SecurityMeasure",)),
    ("Children", ("Audience",)),
    ("Transfers", ("Transfer", "DataLocation", "TransferSafeguard")),
    ("Tracking", ("TrackingTechnology", "DoNotTrackStance")),
    ("Changes to the policy", ("ChangeNotice",)),
)
_SECTION_OF = {kind: title for title, kinds in SECTIONS for kind in kinds}


@dataclass
class Item:
    """A statement or fact of the policy, with the terms it names (by local name) and its sentence."""

    iri: str
    kind: str
    negated: bool
    evidence: str
    start: int
    end: int
    heading: str = ""
    detail: str = ""
    subject: str = ""
    age: str = ""
    #: the terms by family, and "stated": the purposes in the sentence's words that no term names
    values: dict[str, list[str]] = field(default_factory=lambda: {"value": [], "data": [], "recipient": [],
                                                                  "purpose": [], "stated": [], "condition": []})

    @property
    def section(self) -> str:
        return "Children" if self.subject else _SECTION_OF.get(self.kind, "Other")

    def labels(self, name: str) -> list[str]:
        lexicon = get_lexicon()
        return [lexicon.terms[v].label if v in lexicon.terms else v for v in self.values[name]]

    @property
    def kind_label(self) -> str:
        term = get_lexicon().terms.get(self.kind)
        return term.label if term else self.kind


@dataclass
class Policy:
    """One policy's description (its node's properties, as plain strings)."""

    policy_id: str
    node: object
    company: str = ""
    legal_entity: str = ""
    effective_date: str = ""
    last_updated: str = ""
    source: str = ""
    sha256: str = ""
    statements: str = ""
    facts: str = ""


def find_policy(store, policy_id: str, timeout: float) -> Policy:
    """The policy with this id (``QueryError`` when there is none)."""
    rows = store.query_bounded(_POLICY % Literal(policy_id).n3(), timeout, default_graphs=current_graphs(store) or None)
    if not rows:
        raise QueryError(f"no policy has the id {policy_id!r}")
    row = rows[0]
    return Policy(policy_id, row["policy"], **{k: plain(row[k]) or "" for k in row if k != "policy"})


def items(store, policy: Policy, timeout: float) -> list[Item]:
    """The policy's statements and facts in text order, read from its own graph only."""
    kinds = " ".join(f"pg:{kind}" for kind in FACT_KINDS)
    rows = store.query_bounded(_ITEMS % (policy.node.n3(), kinds), timeout,
                               default_graphs=[policy_graph(policy.node)])
    found: dict[str, Item] = {}
    for row in rows:
        key = str(row["item"])
        item = found.get(key)
        if item is None:
            item = found[key] = Item(key, plain(row["kind"]), row["negated"].toPython() is True,
                                     str(row["evidence"]), int(row["start"]), int(row["end"]),
                                     str(row["heading"] or ""), str(row["detail"] or ""),
                                     readable(row["subject"]) or "", plain(row["age"]) or "")
        for name in item.values:
            value = plain(row.get(name))
            if value and value not in item.values[name]:
                item.values[name].append(value)
    return sorted(found.values(), key=lambda i: (i.start, i.kind, i.iri))


def narrowed(found: Iterable[Item], action: str | None = None, data: str | None = None,
             fact: str | None = None) -> list[Item]:
    """The items behind a heatmap cell: of an action (or a narrower one) about a data category (or a narrower
    one), or of a fact family."""
    lexicon = get_lexicon()
    kept = []
    for item in found:
        if fact and item.kind != fact:
            continue
        if action and not lexicon.is_a(item.kind, action):
            continue
        if data and not any(lexicon.is_a(value, data) for value in item.values["data"]):
            continue
        kept.append(item)
    return kept


def sections(found: Iterable[Item]) -> list[tuple[str, list[Item]]]:
    """The items by section, in the page's order; empty sections left out."""
    grouped: dict[str, list[Item]] = {}
    for item in found:
        grouped.setdefault(item.section, []).append(item)
    order = [title for title, _ in SECTIONS] + ["Other"]
    return [(title, grouped[title]) for title in order if title in grouped]
