"""Shared helpers for the query tests (a uniquely named module, so imports never hit another conftest)."""

from __future__ import annotations

from pathlib import Path

from policygraph.graph.build import build
from policygraph.graph.stores import open_store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "policies"
SEED_000 = "000_473cca7521ebc7d6"


def built_store(extractions, kind="memory", location=None):
    store = open_store(kind, None if location is None else str(location))
    summary = build(extractions, store)
    assert summary.failed == 0, summary.failures
    store.load_ontology()
    return store
