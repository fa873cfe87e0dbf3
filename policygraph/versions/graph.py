"""Versions in the graph: each version its own dated named graph, linked to its predecessor, and the latest one
as the policy's ordinary graph, so that every question about the current policies reads what it read before.

For a policy P (IRI ``<base>policy/P``) with versions dated d1 < d2 < ...:

- ``<P>/version/<d>/graph`` holds the policy graph of the version dated d, exactly as ``build`` writes a policy
  (same node IRIs, SHACL-validated), except that its text hash and extractor version sit on the version node,
  so the store's list of policies (``Store.policy_state``) still names only the current graph;
- ``<P>/versions`` holds the links: ``<P>/version/<d> dcterms:isVersionOf <P>``, ``prov:generatedAtTime`` d
  (the version is in force from then), ``prov:invalidatedAtTime`` the next version's date (until then; none for
  the current version), ``prov:wasRevisionOf`` the previous version, ``pg:sha256`` and ``pg:extractorVersion``;
- ``<P>/graph`` holds the current (latest) version, as ``build`` writes it.

Every one of these graphs names the policy node (``a pg:PrivacyPolicy``, its ``dcterms:identifier``), so that
``Store.remove_policy`` (``build --prune``) removes them all and ``export`` writes them all.

Consecutive versions with the same text are one version, dated by the first: a fetch of an unchanged text is
not a new version. A version graph already written from the same text by the same extractor is not written again.
A version whose graph cannot be made (it names a term the ontology lacks, or fails the SHACL shapes) is reported
and left out of the links; the others are written.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from rdflib import DCTERMS, PROV, RDF, XSD, Graph, Literal, URIRef

from policygraph.config import Settings
from policygraph.errors import InputError, OntologyError, ValidationError
from policygraph.graph.rdf import extraction_to_graph, policy_graph, policy_iri
from policygraph.graph.stores import Store
from policygraph.graph.validate import validate_policy_graph
from policygraph.ontology.namespace import PG
from policygraph.versions.cache import IndexedVersion, VersionCache
from policygraph.versions.dates import show

_STORED = """
PREFIX pg: <https://w3id.org/policygraph/ontology#>
SELECT ?v ?sha ?version WHERE { GRAPH %s { ?v pg:sha256 ?sha ; pg:extractorVersion ?version } }
"""


@dataclass
class GraphSummary:
    """How many version graphs were written, how many were there already, and which failed, with why."""

    written: int = 0
    unchanged: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)


def version_iri(policy: URIRef, version: IndexedVersion) -> URIRef:
    """The node of one version of ``policy``; its named graph is ``<node>/graph``."""
    return URIRef(f"{policy}/version/{show(version.date)}")


def versions_graph_iri(policy: URIRef) -> URIRef:
    """The named graph of a policy's version links."""
    return URIRef(f"{policy}/versions")


def distinct_versions(versions: list[IndexedVersion]) -> list[IndexedVersion]:
    """Versions in date order, each one whose text differs from the one before it."""
    return [v for i, v in enumerate(versions) if i == 0 or v.sha256 != versions[i - 1].sha256]


def write_versions(store: Store, cache: VersionCache, policy_ids: list[str], settings: Settings) -> GraphSummary:
    """Write the version graphs, links and current graph of each policy (see the module docstring)."""
    from policygraph.extract.pipeline import extractor_version

    store.load_ontology()
    summary = GraphSummary()
    graph_version = extractor_version(settings.min_confidence)
    for policy_id in policy_ids:
        policy = policy_iri(policy_id, settings.base_iri)
        versions = distinct_versions(cache.versions(policy_id))
        stored = {row["v"]: (str(row["sha"]), str(row["version"]))
                  for row in store.query(_STORED % versions_graph_iri(policy).n3())}
        graphs: dict[URIRef, Graph] = {}
        written: list[IndexedVersion] = []  # the versions whose graph is in the store
        for version in versions:
            node = version_iri(policy, version)
            if stored.get(node) == (version.sha256, graph_version):
                summary.unchanged += 1
                written.append(version)
                continue
            try:
                graphs[node] = version_graph(cache, version, settings)
            except (ValidationError, OntologyError, InputError) as exc:  # one bad version never stops the others
                summary.failures.append((f"{policy_id} at {show(version.date)}", str(exc)))
                continue
            store.put_graph(URIRef(f"{node}/graph"), _moved_to(graphs[node], policy, node))
            summary.written += 1
            written.append(version)
        if not written:
            continue
        latest = written[-1]
        if store.policy_state([policy_id]).get(policy_id) != (latest.sha256, graph_version):
            current = graphs.get(version_iri(policy, latest)) or version_graph(cache, latest, settings)
            store.replace_policy(policy_id, policy_graph(policy), current)
        links = Graph()
        for number, version in enumerate(written):
            _link(links, policy, version_iri(policy, version), version, graph_version, written, number)
        store.put_graph(versions_graph_iri(policy), links)
    return summary


def version_graph(cache: VersionCache, version: IndexedVersion, settings: Settings) -> Graph:
    """The policy graph of one version: its readings that reach the confidence threshold, as ``build`` writes
    them (the version's date as ``pg:retrievedAt``), SHACL-validated."""
    from policygraph.extract.pipeline import extractor_version

    extraction = cache.extraction(version)
    threshold = settings.min_confidence
    document = replace(extraction.document, metadata={**extraction.document.metadata,
                                                      "retrieved_at": show(version.date)})
    extraction = replace(
        extraction, document=document, extractor_version=extractor_version(threshold),
        statements=tuple(s for s in extraction.statements if s.evidence.confidence >= threshold),
        facts=replace(extraction.facts, facts=tuple(f for f in extraction.facts.facts
                                                    if f.evidence.confidence >= threshold)))
    graph = extraction_to_graph(extraction, settings.base_iri)
    validate_policy_graph(graph, version.policy_id)
    return graph


def _moved_to(graph: Graph, policy: URIRef, node: URIRef) -> Graph:
    """A copy of a version's policy graph whose text hash and extractor version sit on the version ``node``."""
    copy = Graph()
    for s, p, o in graph:
        copy.add((node if s == policy and p in (PG.sha256, PG.extractorVersion) else s, p, o))
    return copy


def _link(links: Graph, policy: URIRef, node: URIRef, version: IndexedVersion, graph_version: str,
          versions: list[IndexedVersion], number: int) -> None:
    links.add((policy, RDF.type, PG.PrivacyPolicy))  # so removing or exporting the policy takes its links too
    links.add((policy, DCTERMS.identifier, Literal(version.policy_id)))
    links.add((node, DCTERMS.isVersionOf, policy))
    links.add((node, PROV.generatedAtTime, Literal(version.date, datatype=XSD.dateTime)))
    links.add((node, PG.sha256, Literal(version.sha256)))
    links.add((node, PG.extractorVersion, Literal(graph_version)))
    links.add((node, DCTERMS.source, Literal(version.source)))
    if number > 0:
        links.add((node, PROV.wasRevisionOf, version_iri(policy, versions[number - 1])))
    if number + 1 < len(versions):
        links.add((node, PROV.invalidatedAtTime, Literal(versions[number + 1].date, datatype=XSD.dateTime)))
    else:
        links.add((policy, DCTERMS.hasVersion, node))
