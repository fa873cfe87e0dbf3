"""Fixtures: the example policies extracted once per session, built into a memory and an embedded store."""

from __future__ import annotations

from pathlib import Path

import pytest

from policygraph.extract import Extractor, read_inputs
from policygraph.graph.build import build
from policygraph.graph.stores import open_store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "policies"
SEED_000 = "000_473cca7521ebc7d6"


@pytest.fixture(scope="session")
def example_extractions():
    documents = [d for d in read_inputs([EXAMPLES]) if hasattr(d, "text")]
    assert len(documents) == 5
    return list(Extractor().extract_many(documents))


def built_store(extractions, kind="memory", location=None):
    store = open_store(kind, None if location is None else str(location))
    summary = build(extractions, store)
    assert summary.failed == 0, summary.failures
    store.load_ontology()
    return store


@pytest.fixture(scope="module")
def memory_store(example_extractions):
    store = built_store(example_extractions)
    yield store
    store.close()


@pytest.fixture(scope="module")
def embedded_store(example_extractions, tmp_path_factory):
    store = built_store(example_extractions, "oxigraph", tmp_path_factory.mktemp("queries") / "store")
    yield store
    store.close()
