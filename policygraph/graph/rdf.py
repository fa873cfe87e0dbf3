"""One ``Extraction`` -> the RDF of one policy: deterministic IRIs, no blank nodes, a named graph per policy.

IRIs under the configurable base: ``<base>policy/{percent-encoded id}`` for the policy, and below it
``/segment/{index}``, ``/practice/{hash}``, ``/fact/{hash}``; the policy's triples live in the named graph
``<policy IRI>/graph``. Practice and fact IRIs hash the record's content, so re-extracting an unchanged policy
gives the same triples.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from urllib.parse import quote

from rdflib import DCTERMS, PROV, RDF, XSD, Graph, Literal, URIRef

from policygraph.errors import InputError, UnknownConceptError
from policygraph.graph.denials import denied_by
from policygraph.ontology.lexicon import get_lexicon
from policygraph.ontology.namespace import PG
from policygraph.records import Evidence, Extraction, Fact, Segment, Statement

HASH_CHARS = 16


def policy_iri(policy_id: str, base_iri: str) -> URIRef:
    """The IRI of a policy; the id is percent-encoded (``/``, spaces, non-ASCII included)."""
    if not policy_id:
        raise InputError("empty policy_id: every policy needs an id")
    segment = quote(policy_id, safe="")
    if set(segment) == {"."}:  # "." and ".." would be removed by IRI normalisation
        segment = segment.replace(".", "%2E")
    base = base_iri if base_iri.endswith(("/", "#")) else base_iri + "/"
    return URIRef(f"{base}policy/{segment}")


def policy_graph_iri(policy_id: str, base_iri: str) -> URIRef:
    """The named graph that holds one policy's triples."""
    return policy_graph(policy_iri(policy_id, base_iri))


def policy_graph(policy: URIRef) -> URIRef:
    """The named graph of the policy node ``policy`` (``policy_graph_iri`` from its IRI)."""
    return URIRef(f"{policy}/graph")


def segment_iri(policy: URIRef, index: int) -> URIRef:
    return URIRef(f"{policy}/segment/{int(index)}")


def content_hash(record: Statement | Fact) -> str:
    """A short, stable hash of a record's content (its JSON with sorted keys)."""
    text = json.dumps(record.to_dict(), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_CHARS]


def extraction_to_graph(extraction: Extraction, base_iri: str) -> Graph:
    """The triples of one policy (to be stored in ``policy_graph_iri``).

    Raises ``UnknownConceptError`` when a record names a term the ontology does not have.
    """
    doc = extraction.document
    version = extraction.extractor_version
    policy = policy_iri(doc.policy_id, base_iri)
    graph = Graph()
    graph.bind("pg", str(PG._NS))
    graph.bind("prov", PROV)
    graph.bind("dcterms", DCTERMS)

    for segment in extraction.segments:
        _add_segment(graph, policy, segment)
    practices = set()
    for statement in extraction.statements:
        practices.add(_add_statement(graph, policy, statement, version))
    for statement, denial in denied_by(extraction.statements):
        graph.add((practice_iri(policy, statement), PG.deniedBy, practice_iri(policy, denial)))
    fact_nodes = {_add_fact(graph, policy, fact, version) for fact in extraction.facts.facts}

    facts = extraction.facts
    add = graph.add
    add((policy, RDF.type, PG.PrivacyPolicy))
    add((policy, DCTERMS.identifier, Literal(doc.policy_id)))
    add((policy, PG.sha256, Literal(doc.sha256)))
    add((policy, PG.extractorVersion, Literal(version)))
    add((policy, PG.statementCount, Literal(len(practices))))
    add((policy, PG.factCount, Literal(len(fact_nodes))))
    if doc.source:
        add((policy, DCTERMS.source, Literal(doc.source)))
    if doc.metadata.get("retrieved_at"):
        add((policy, PG.retrievedAt, Literal(str(doc.metadata["retrieved_at"]))))
    for prop, value in ((PG.company, facts.company), (PG.legalEntity, facts.legal_entity),
                        (PG.effectiveDate, facts.effective_date), (PG.lastUpdated, facts.last_updated)):
        if value:
            add((policy, prop, Literal(value)))
    for email in facts.contact_emails:
        add((policy, PG.contactEmail, Literal(email)))
    return graph


def _add_segment(graph: Graph, policy: URIRef, segment: Segment) -> None:
    node = segment_iri(policy, segment.index)
    graph.add((node, RDF.type, PG.Segment))
    graph.add((node, PG.policy, policy))
    graph.add((node, PG.segmentIndex, Literal(segment.index)))
    graph.add((node, PG.segmentKind, Literal(str(segment.kind))))
    graph.add((node, PG.startOffset, Literal(segment.start)))
    graph.add((node, PG.endOffset, Literal(segment.end)))
    if segment.heading_path:
        graph.add((node, PG.headingPath, Literal(" > ".join(segment.heading_path))))


def sentence_iri(policy: URIRef, start: int) -> URIRef:
    """The sentence of ``policy`` starting at character ``start``: shared by what was read from it."""
    return URIRef(f"{policy}/sentence/{int(start)}")


def practice_iri(policy: URIRef, statement: Statement) -> URIRef:
    return URIRef(f"{policy}/practice/{content_hash(statement)}")


#: for each property whose value is an ontology class, the property that also holds every broader class
BROADER = {RDF.type: PG.actionIn, PG.dataCategory: PG.dataCategoryIn, PG.recipient: PG.recipientIn,
           PG.purpose: PG.purposeIn, PG.condition: PG.conditionIn, PG.factValue: PG.factValueIn}


def with_broader(local: str) -> tuple[str, ...]:
    """A term and every broader term up to its family's root, from the packaged ontology.

    Written beside a stated value (``pg:dataCategory pg:EmailAddress`` also gives ``pg:dataCategoryIn`` for
    e-mail address, contact data, personal data and data category), so that a question about a class is one
    index look-up of one IRI on any SPARQL engine: no property path and no list of sub-classes, which an engine
    such as Oxigraph joins far more slowly (a union of three paths joined with the practices took over a minute
    at 10,000 policies against a second for the same IRIs)."""
    return get_lexicon().ancestors(local) or (local,)


def _add_value(graph: Graph, node: URIRef, prop: URIRef, local: str, kind: str) -> None:
    """``node prop value``, and ``node BROADER[prop] c`` for the value and each class above it."""
    graph.add((node, prop, _term(local, kind)))
    for name in with_broader(local):
        graph.add((node, BROADER[prop], _term(name, kind)))


def _add_statement(graph: Graph, policy: URIRef, statement: Statement, version: str) -> URIRef:
    node = practice_iri(policy, statement)
    _add_value(graph, node, RDF.type, str(statement.action), "action")
    graph.add((node, PG.actor, _term(statement.actor, "actor")))
    for prop, values, kind in ((PG.dataCategory, statement.data_categories, "data category"),
                               (PG.recipient, statement.recipients, "recipient"),
                               (PG.purpose, statement.purposes, "purpose"),
                               (PG.condition, statement.conditions, "condition")):
        for value in values:
            _add_value(graph, node, prop, value, kind)
    for words in statement.stated_purposes:
        graph.add((node, PG.statedPurpose, Literal(words)))
    graph.add((node, PG.negated, Literal(bool(statement.negated))))
    graph.add((node, PG.modality, Literal(statement.modality)))
    if statement.audience:
        graph.add((node, PG.dataSubject, _term(statement.audience, "audience")))
        if statement.age_threshold is not None:
            graph.add((node, PG.ageThreshold, Literal(int(statement.age_threshold))))
    _add_provenance(graph, policy, node, statement.evidence, version)
    return node


def _add_fact(graph: Graph, policy: URIRef, fact: Fact, version: str) -> URIRef:
    node = URIRef(f"{policy}/fact/{content_hash(fact)}")
    graph.add((node, RDF.type, PG.PolicyFact))
    _add_value(graph, node, PG.factValue, fact.value, fact.kind or "fact")
    graph.add((node, PG.negated, Literal(bool(fact.negated))))
    if fact.detail:
        graph.add((node, PG.detail, Literal(fact.detail)))
    _add_provenance(graph, policy, node, fact.evidence, version)
    return node


def _add_provenance(graph: Graph, policy: URIRef, node: URIRef, evidence: Evidence, version: str) -> None:
    segment = segment_iri(policy, evidence.segment)
    graph.add((node, PG.policy, policy))
    graph.add((node, PG.segment, segment))
    graph.add((node, PG.sentence, sentence_iri(policy, evidence.start)))
    graph.add((node, PROV.wasDerivedFrom, segment))
    graph.add((node, PG.startOffset, Literal(evidence.start)))
    graph.add((node, PG.endOffset, Literal(evidence.end)))
    graph.add((node, PG.evidenceText, Literal(evidence.text)))
    graph.add((node, PG.rule, Literal(evidence.rule)))
    graph.add((node, PG.confidence, _decimal(evidence.confidence)))
    graph.add((node, PG.extractorVersion, Literal(version)))


def _term(local: str, kind: str) -> URIRef:
    try:
        return PG[local]
    except (AttributeError, KeyError, TypeError):
        raise UnknownConceptError(str(local), kind, PG.__annotations__) from None


def _decimal(value: float) -> Literal:
    """An xsd:decimal in canonical form ("0.9", "1"), so every store returns the same lexical value."""
    number = Decimal(str(round(float(value), 6))).normalize()
    return Literal(format(number, "f"), datatype=XSD.decimal)
