"""Writing extractions into a store: one validated named graph per policy, the same way every build writes.

``policy_nquads`` is the one conversion of an extraction into what a store holds (its graph, SHACL-validated, as
N-Quads in the policy's named graph, and the manifest entry that says which policy, text and extractor version
it is); ``scale.build_policies`` (the CLI, the Python API, the demo) runs it in its workers, and ``build``
runs it here for extractions already in hand (tests, notebooks, a caller with its own extractor). Both write
through ``Store.write_policies``.

``build`` is idempotent and streaming: a policy whose stored (sha256, extractor version) equals the input's is
skipped; a changed one is replaced in one transaction; a new one is added. An invalid graph is counted as
failed, with its reason, and nothing is written for it. Extractions are consumed in batches of
``settings.batch_size``, so the corpus is never held in memory (only the set of ids seen, for duplicates and
pruning).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from policygraph.config import Settings
from policygraph.errors import PolicyGraphError
from policygraph.graph.nquads import as_quads
from policygraph.graph.rdf import extraction_to_graph, policy_graph_iri
from policygraph.graph.stores import Store
from policygraph.graph.validate import validate_policy_graph
from policygraph.records import Extraction

OUTCOMES = ("added", "replaced", "skipped", "failed", "pruned")


@dataclass
class BuildSummary:
    """What a build did; ``failures`` holds ``(policy_id, reason)`` pairs."""

    added: int = 0
    replaced: int = 0
    skipped: int = 0
    failed: int = 0
    pruned: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def written(self) -> int:
        return self.added + self.replaced

    def __str__(self) -> str:
        return ", ".join(f"{getattr(self, name)} {name}" for name in OUTCOMES)


def policy_nquads(extraction: Extraction, base_iri: str) -> tuple[bytes, dict[str, Any]]:
    """An extraction as a store holds it: its graph, SHACL-validated, as N-Quads in the policy's named graph, and
    its manifest entry (``policy_id``, ``sha256``, ``extractor_version``, ``graph``, ``triples``). Raises
    ``ValidationError`` (or another ``PolicyGraphError``) for a graph that may not be written."""
    policy_id = extraction.document.policy_id
    graph = extraction_to_graph(extraction, base_iri)
    validate_policy_graph(graph, policy_id)
    graph_iri = str(policy_graph_iri(policy_id, base_iri))
    entry = {"policy_id": policy_id, "sha256": extraction.document.sha256,
             "extractor_version": extraction.extractor_version, "graph": graph_iri, "triples": len(graph)}
    return as_quads(graph.serialize(format="nt", encoding="utf-8"), graph_iri), entry


def build(extractions: Iterable[Extraction], store: Store, settings: Settings | None = None,
          prune: bool = False, progress: Callable[[str, str], None] | None = None) -> BuildSummary:
    """Write each extraction's policy graph into ``store``; see the module docstring.

    ``prune`` removes the graphs of stored policies that are not among the inputs. ``progress`` is called with
    ``(policy_id, outcome)`` after each policy (outcome in ``OUTCOMES``).
    """
    settings = settings or Settings()
    store.load_ontology()  # the packaged version, so hierarchy-aware queries match the extractor's terms
    summary = BuildSummary()
    seen: set[str] = set()
    report = progress or (lambda policy_id, outcome: None)
    iterator = iter(extractions)
    while batch := list(islice(iterator, max(1, settings.batch_size))):
        stored = store.policy_state(e.document.policy_id for e in batch)
        parts: list[bytes] = []
        entries: list[dict[str, Any]] = []
        outcomes: list[tuple[str, str]] = []
        for extraction in batch:
            policy_id = extraction.document.policy_id
            outcome = _convert(extraction, settings, stored, seen, summary, parts, entries)
            seen.add(policy_id)
            outcomes.append((policy_id, outcome))
        if entries:
            store.write_policies(b"".join(parts), entries, {e["policy_id"] for e in entries} & set(stored))
        for policy_id, outcome in outcomes:
            report(policy_id, outcome)
    if prune:
        for policy_id in sorted(set(store.policy_state()) - seen):
            store.remove_policy(policy_id)
            summary.pruned += 1
            report(policy_id, "pruned")
    return summary


def _convert(extraction: Extraction, settings: Settings, stored: dict[str, tuple[str, str]], seen: set[str],
             summary: BuildSummary, parts: list[bytes], entries: list[dict[str, Any]]) -> str:
    """One extraction's outcome; a policy to write has its N-Quads and entry appended to ``parts``/``entries``."""
    policy_id = extraction.document.policy_id
    if policy_id in seen:
        return _fail(summary, policy_id, "duplicate policy_id in the input; the first occurrence was kept")
    if stored.get(policy_id) == (extraction.document.sha256, extraction.extractor_version):
        summary.skipped += 1
        return "skipped"
    try:
        nquads, entry = policy_nquads(extraction, settings.base_iri)
    except PolicyGraphError as exc:  # as the parallel build's workers: the policy fails, the batch goes on
        return _fail(summary, policy_id, str(exc))
    parts.append(nquads)
    entries.append(entry)
    if policy_id in stored:
        summary.replaced += 1
        return "replaced"
    summary.added += 1
    return "added"


def _fail(summary: BuildSummary, policy_id: str, reason: str) -> str:
    summary.failed += 1
    summary.failures.append((policy_id, reason))
    return "failed"
