"""Idempotent, streaming builds: extractions in, one validated named graph per policy out.

A policy whose stored (sha256, extractor version) equals the input's is skipped; a changed one is replaced
in one transaction; a new one is added. Each graph is SHACL-validated before it is written; an invalid one is
counted as failed, with its reason, and nothing is written for it. Extractions are consumed in batches of
``settings.batch_size``, so the corpus is never held in memory (only the set of ids seen, for duplicates and
pruning).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import islice

from policygraph.config import Settings
from policygraph.errors import InputError, OntologyError, ValidationError
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
        for extraction in batch:
            policy_id = extraction.document.policy_id
            outcome = _build_one(extraction, store, settings, stored, seen, summary)
            seen.add(policy_id)
            report(policy_id, outcome)
    if prune:
        for policy_id in sorted(set(store.policy_state()) - seen):
            store.remove_policy(policy_id)
            summary.pruned += 1
            report(policy_id, "pruned")
    return summary


def _build_one(extraction: Extraction, store: Store, settings: Settings, stored: dict[str, tuple[str, str]],
               seen: set[str], summary: BuildSummary) -> str:
    policy_id = extraction.document.policy_id
    if policy_id in seen:
        return _fail(summary, policy_id, "duplicate policy_id in the input; the first occurrence was kept")
    if stored.get(policy_id) == (extraction.document.sha256, extraction.extractor_version):
        summary.skipped += 1
        return "skipped"
    try:
        graph = extraction_to_graph(extraction, settings.base_iri)
        validate_policy_graph(graph, policy_id)
    except (ValidationError, OntologyError, InputError) as exc:
        return _fail(summary, policy_id, str(exc))
    store.replace_policy(policy_id, policy_graph_iri(policy_id, settings.base_iri), graph)
    if policy_id in stored:
        summary.replaced += 1
        return "replaced"
    summary.added += 1
    return "added"


def _fail(summary: BuildSummary, policy_id: str, reason: str) -> str:
    summary.failed += 1
    summary.failures.append((policy_id, reason))
    return "failed"
